"""Page bodies kept in append-only files beside the database (db/page_bodies.py), on real files."""
from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from crawler import Source
from db import connection, writer
from db.companions import bodies_path
from db.connection import migrate, migrations, transaction
from db.page_bodies import BodyMissing, BodyRef, BodyStore
from db.records import PageRecord
from httpserver import Route
from cli_inprocess import invoke
from test_bad_input import assert_clean_failure
from test_crawler import ARTICLE, crawl


def _html(i: int) -> str:
    return ARTICLE.replace("100,000", f"{i + 1}0,000").replace("<title>t</title>", f"<title>Page {i}</title>")


def _bodies(db_path: Path) -> list[tuple]:
    with connection(db_path) as con:
        return con.execute("SELECT url, html_gz, body_file, body_offset, body_length FROM pages ORDER BY url").fetchall()


def test_a_crawl_writes_bodies_beside_the_database_and_extraction_reads_them_back(route_server, db_path):
    urls = [route_server.route(f"/b{i}.html", Route(_html(i))) for i in range(3)]
    crawl(db_path, [Source(u, "seed", u) for u in urls])

    rows = _bodies(db_path)
    assert len(rows) == 3
    assert all(html_gz is None and file == "pages-000001.gz" and length > 0 for _, html_gz, file, _, length in rows)
    folder = bodies_path(db_path)
    # one gzip member per body: the whole file reads with any gzip tool, each range on its own
    whole = gzip.decompress((folder / "pages-000001.gz").read_bytes()).decode()
    assert all(_html(i) in whole for i in range(3))
    raw = (folder / "pages-000001.gz").read_bytes()
    by_url = {url: gzip.decompress(raw[offset:offset + length]).decode() for url, _, _, offset, length in rows}
    assert by_url == {u: _html(i) for i, u in enumerate(urls)}

    with connection(db_path) as con:
        extracted = {p.url: p.html for p in writer.pages_to_extract(con)}
    assert extracted == by_url


def test_an_unchanged_page_writes_no_body_and_a_changed_one_points_at_its_new_body(db_path):
    folder = bodies_path(db_path)
    with connection(db_path) as con:
        writer.save_page(con, PageRecord("http://x/a", "<p>first</p>"))
        size = (folder / "pages-000001.gz").stat().st_size
        assert writer.save_page(con, PageRecord("http://x/a", "<p>first</p>")).status == "unchanged"
        assert (folder / "pages-000001.gz").stat().st_size == size, "nothing written for an unchanged page"
        assert writer.save_page(con, PageRecord("http://x/a", "<p>second</p>")).status == "changed"
        assert [p.html for p in writer.pages_to_extract(con)] == ["<p>second</p>"]
        (offset,), = con.execute("SELECT body_offset FROM pages").fetchall()
    assert offset == size, "the new body is appended, the old bytes untouched"


def test_bodies_of_a_transaction_that_failed_are_never_pointed_at_and_later_bodies_go_after_them(db_path):
    with connection(db_path) as con:
        with pytest.raises(RuntimeError):
            with transaction(con):
                writer.save_pages(con, [PageRecord("http://x/lost", "<p>lost</p>")])
                raise RuntimeError("the batch failed after its bodies were written")
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 0
        orphan = (bodies_path(db_path) / "pages-000001.gz").stat().st_size
        assert orphan > 0
        writer.save_page(con, PageRecord("http://x/kept", "<p>kept</p>"))
        assert con.execute("SELECT body_offset FROM pages").fetchone()[0] == orphan
        assert [p.html for p in writer.pages_to_extract(con)] == ["<p>kept</p>"]


def test_a_torn_write_at_the_end_of_a_file_does_not_hurt_the_bodies_around_it(tmp_path):
    store = BodyStore(tmp_path / "x.duckdb.bodies")
    first = store.append([gzip.compress(b"<p>one</p>")])
    with open(store.folder / first[0].file, "ab") as f:
        f.write(gzip.compress(b"<p>torn</p>")[:9])  # a crash in the middle of a write
    second = store.append([gzip.compress(b"<p>two</p>")])
    assert [store.read(r) for r in first + second] == ["<p>one</p>", "<p>two</p>"]


def test_a_new_file_starts_once_the_last_passes_its_size(tmp_path):
    store = BodyStore(tmp_path / "x.duckdb.bodies", segment_bytes=32)
    refs = [r for i in range(4) for r in store.append([gzip.compress(f"<p>{i}</p>".encode()) * 2])]
    assert [r.file for r in refs] == ["pages-000001.gz", "pages-000002.gz", "pages-000003.gz", "pages-000004.gz"]
    assert [store.read(BodyRef(r.file, r.offset, r.length // 2)) for r in refs] == [f"<p>{i}</p>" for i in range(4)]


def test_a_missing_short_or_damaged_body_is_a_clear_error(db_path):
    with connection(db_path) as con:
        writer.save_page(con, PageRecord("http://x/a", "<p>" + "body " * 200 + "</p>"))
    file = bodies_path(db_path) / "pages-000001.gz"
    good = file.read_bytes()

    file.write_bytes(good[:-10])
    with connection(db_path) as con, pytest.raises(BodyMissing, match="shorter than the database says"):
        list(writer.pages_to_extract(con))
    file.write_bytes(good[:20] + bytes(len(good) - 20))
    with connection(db_path) as con, pytest.raises(BodyMissing, match="damaged"):
        list(writer.pages_to_extract(con))
    file.unlink()
    with connection(db_path) as con, pytest.raises(BodyMissing, match=r"test\.duckdb\.bodies belongs with the database"):
        list(writer.pages_to_extract(con))


def test_extract_with_the_bodies_folder_missing_exits_with_a_message(route_server, tmp_path):
    db = tmp_path / "moved.duckdb"
    url = route_server.route("/m.html", Route(_html(0)))
    crawl(db, [Source(url, "seed", url)])
    for f in bodies_path(db).iterdir():
        f.unlink()
    bodies_path(db).rmdir()  # the database file was copied without its folder
    r = invoke("extract", "--db", str(db))
    assert_clean_failure(r, 3, "moved.duckdb.bodies", "copy or restore it beside the database")


def test_pages_stored_inline_before_schema_9_are_still_read(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
    for number, sql in migrations():
        if number < 9:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [number])
    con.execute("""INSERT INTO pages (url_hash, url, host, content_hash, html_gz, first_seen_at, fetched_at)
                   VALUES (?, 'http://x/old', 'x', 'h', ?, now(), now())""",
                [writer.page_id("http://x/old"), writer.compress_html("<p>stored inline</p>")])
    con.close()
    with connection(db_path) as con:  # brings the schema to 9
        assert [p.html for p in writer.pages_to_extract(con)] == ["<p>stored inline</p>"]
        writer.save_page(con, PageRecord("http://x/old", "<p>fetched again</p>"))
        row = con.execute("SELECT html_gz, body_file FROM pages").fetchone()
        assert row[0] is None and row[1] == "pages-000001.gz", "a changed page moves to the bodies folder"
        assert [p.html for p in writer.pages_to_extract(con)] == ["<p>fetched again</p>"]


def test_a_database_without_a_file_keeps_bodies_inline():
    con = duckdb.connect(":memory:")
    migrate(con, Path(":memory:"))
    writer.save_page(con, PageRecord("http://x/a", "<p>in memory</p>"))
    html_gz, body_file = con.execute("SELECT html_gz, body_file FROM pages").fetchone()
    assert body_file is None and gzip.decompress(html_gz) == b"<p>in memory</p>"
    assert [p.html for p in writer.pages_to_extract(con)] == ["<p>in memory</p>"]
