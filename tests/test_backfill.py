"""Backfill on the local engine: WARC files into a real DuckDB file through real worker processes;
what is loaded, what is recorded, and that re-runs, re-loads and resumed runs change nothing."""
from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import duckdb
import pytest

from backfill import BackfillSettings, run_backfill
from backfill.engines import LocalEngine
from db import connection, writer
from db.keys import content_hash
from db.records import PageRecord, WarcFileRecord
from db.shard_loader import TABLES, ShardLoader
from db.warc_files import is_done
from warc_fixtures import (BAKERY, COLOSSUS, COLOSSUS_COPY, EL_CAPITAN, JEAN_ZAY, JUPITER, Story, VELO, day,
                           db_snapshot, html_response, standard_files, write_warc)

ONE_WORKER = BackfillSettings(workers=1)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The standard files backfilled once with two local workers: (files, database, summary)."""
    root = tmp_path_factory.mktemp("backfill")
    files = standard_files(root / "warc")
    db_path = root / "db.duckdb"
    events = []
    summary = run_backfill(db_path, sorted(files.values()), BackfillSettings(workers=2), events.append)
    return files, db_path, summary, events


@pytest.fixture
def db_copy(loaded, tmp_path):
    """A private copy of the loaded database."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(loaded[1], path)
    return path


def rows(db_path, sql):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def page_id_of(story: Story) -> str:
    return writer.page_id(html_response(story).url)


def test_relevant_pages_are_loaded_with_their_archive_url_and_date(loaded):
    files, db_path, summary, _ = loaded
    pages = {r[0]: r[1:] for r in rows(db_path, "SELECT url_hash, final_url, warc_date, warc_file, fetched_at FROM pages")}
    assert set(pages) == {page_id_of(s) for s in (COLOSSUS, COLOSSUS_COPY, JEAN_ZAY, EL_CAPITAN, JUPITER)}
    assert pages[page_id_of(JEAN_ZAY)] == (html_response(JEAN_ZAY).url, day("2024-06-20"), "news-b.warc.gz",
                                            day("2024-06-20"))
    langs = dict(rows(db_path, "SELECT article_id, lang FROM articles"))
    assert langs[page_id_of(JEAN_ZAY)] == "fr" and langs[page_id_of(EL_CAPITAN)] == "en"
    claims = rows(db_path, "SELECT entity_id, attribute, hardware, value FROM claims")
    assert ("xai-colossus", "gpu_count", "H100", 100000.0) in claims
    assert ("jean-zay", "gpu_count", "H100", 1456.0) in claims
    assert summary.files == {"done": 3, "failed": 2}


def test_everyday_news_and_non_html_are_not_stored(loaded):
    urls = {r[0] for r in rows(loaded[1], "SELECT url FROM pages")}
    assert not any(k in u for u in urls for k in (BAKERY.key, VELO.key, ".pdf", "/v1/", "missing"))


def test_every_file_is_recorded_with_status_counts_and_reason(loaded):
    files, db_path, _, _ = loaded
    got = {r[0]: r[1:] for r in rows(db_path, "SELECT name, status, records, html, relevant, articles, claims, reason, "
                                              "checksum FROM warc_files")}
    assert got["news-a.warc.gz"][:5] == ("done", 4, 2, 1, 1)
    assert got["news-b.warc.gz"][:5] == ("done", 4, 3, 2, 2)
    assert got["news-c.warc.gz"][:5] == ("done", 2, 2, 2, 2)
    # each page is in one file only here (the cut file is a part of news-c), so the files' claims are the table's
    assert sum(v[5] for k, v in got.items() if k != "news-truncated.warc.gz") == rows(
        db_path, "SELECT count(*) FROM claims")[0][0] > 0
    # a cut download keeps the record it holds whole, and stays failed so that the whole file is read again
    assert got["news-truncated.warc.gz"][0] == "failed" and got["news-truncated.warc.gz"][6].startswith("truncated")
    assert got["news-truncated.warc.gz"][3] == 1 and "before the cut are loaded" in got["news-truncated.warc.gz"][6]
    assert got["news-corrupt.warc.gz"][0] == "failed" and got["news-corrupt.warc.gz"][6].startswith("corrupt")
    assert got["news-a.warc.gz"][7] == hashlib.sha256(files["a"].read_bytes()).hexdigest()


def test_a_syndicated_copy_is_linked_to_its_original(loaded):
    dup = dict(rows(loaded[1], "SELECT url_hash, duplicate_of FROM pages"))
    pair = {page_id_of(COLOSSUS), page_id_of(COLOSSUS_COPY)}
    assert {dup[p] for p in pair} - {None} <= pair and sum(dup[p] is not None for p in pair) == 1


def test_per_file_events_and_a_run_row(loaded):
    _, db_path, _, events = loaded
    assert events[0]["event"] == "start" and events[0]["files"] == 5
    assert sorted(e["name"] for e in events[1:]) == sorted(["news-a.warc.gz", "news-b.warc.gz", "news-c.warc.gz",
                                                             "news-truncated.warc.gz", "news-corrupt.warc.gz"])
    assert rows(db_path, "SELECT command, status FROM runs") == [("backfill", "partial")]


def test_rerun_skips_loaded_files_by_checksum_and_changes_nothing(loaded, db_copy):
    files = loaded[0]
    before = db_snapshot(db_copy)
    events = []
    summary = run_backfill(db_copy, sorted(files.values()), ONE_WORKER, events.append)
    assert summary.files == {"already_done": 3, "failed": 2}
    assert db_snapshot(db_copy) == before


def test_the_same_content_under_another_name_is_skipped(loaded, db_copy, tmp_path):
    renamed = tmp_path / "CC-NEWS-renamed.warc.gz"
    shutil.copy(loaded[0]["a"], renamed)
    before = db_snapshot(db_copy)
    summary = run_backfill(db_copy, [renamed], ONE_WORKER)
    assert summary.files == {"already_done": 1}
    assert db_snapshot(db_copy) == before


def test_loading_a_shard_again_changes_nothing(loaded, db_copy):
    shard_dir = next(p for p in Path(f"{loaded[1]}.shards").iterdir() if p.name.startswith("news-b"))
    shard = {t: shard_dir / f"{t}.parquet" for t in TABLES}
    before = db_snapshot(db_copy)
    with connection(db_copy) as con:
        [row] = con.execute("SELECT checksum, name, path, size FROM warc_files WHERE name = 'news-b.warc.gz'").fetchall()
        counts = ShardLoader(con).load(shard, WarcFileRecord(*row, status="done"))
    assert counts == {"pages_new": 0, "pages_changed": 0}
    after = db_snapshot(db_copy)
    assert after["pages"] == before["pages"] and after["articles"] == before["articles"]
    assert after["claims"] == before["claims"]


def test_a_later_archive_copy_replaces_the_page_and_its_claims(loaded, db_copy, tmp_path):
    revised = Story(COLOSSUS.key, "en", COLOSSUS.publisher, COLOSSUS.published, COLOSSUS.title,
                    ("xAI said on Monday that its Colossus cluster in Memphis now runs 200,000 Nvidia GPUs.",
                     "The company gave no date for the next phase of the build."))
    later = write_warc(tmp_path, "news-later.warc.gz", [(html_response(revised), day("2024-12-01"))])
    older = write_warc(tmp_path, "news-older.warc.gz", [(html_response(revised), day("2024-01-01"))])
    summary = run_backfill(db_copy, [later, older], ONE_WORKER)
    assert summary.files == {"done": 2}
    pid = page_id_of(COLOSSUS)
    assert rows(db_copy, f"SELECT warc_file, warc_date FROM pages WHERE url_hash = '{pid}'") == [
        ("news-later.warc.gz", day("2024-12-01"))]
    claims = rows(db_copy, f"SELECT attribute, value FROM claims WHERE article_id = '{pid}'")
    assert ("gpu_count", 200000.0) in claims and ("gpu_count", 100000.0) not in claims


def test_a_page_crawled_live_is_never_replaced_by_an_archive_copy(tmp_path):
    files = standard_files(tmp_path / "warc")
    db_path = tmp_path / "db.duckdb"
    live_html = "<html><body><article><p>Live copy of the Jean Zay story.</p></article></body></html>"
    with connection(db_path) as con:
        writer.save_page(con, PageRecord(html_response(JEAN_ZAY).url, live_html))
    run_backfill(db_path, [files["b"]], ONE_WORKER)
    assert rows(db_path, f"SELECT content_hash, warc_date FROM pages WHERE url_hash = '{page_id_of(JEAN_ZAY)}'") == [
        (content_hash(live_html), None)]
    assert rows(db_path, f"SELECT count(*) FROM pages WHERE url_hash = '{page_id_of(VELO)}'") == [(0,)]


def test_a_date_window_loads_only_its_records_and_a_wider_one_reads_the_file_again(tmp_path):
    files = standard_files(tmp_path / "warc")
    db_path = tmp_path / "db.duckdb"
    narrow = BackfillSettings(workers=1, since=day("2024-09-01"), until=day("2024-10-01"))
    run_backfill(db_path, [files["b"]], narrow)
    assert {r[0] for r in rows(db_path, "SELECT url_hash FROM pages")} == {page_id_of(COLOSSUS_COPY)}
    again = run_backfill(db_path, [files["b"]], narrow)
    assert again.files == {"already_done": 1}
    wider = run_backfill(db_path, [files["b"]], ONE_WORKER)
    assert wider.files == {"done": 1}
    assert {r[0] for r in rows(db_path, "SELECT url_hash FROM pages")} == {page_id_of(COLOSSUS_COPY), page_id_of(JEAN_ZAY)}
    with connection(db_path) as con:
        checksum = con.execute("SELECT checksum FROM warc_files").fetchone()[0]
        assert is_done(con, checksum, narrow.since, narrow.until) and is_done(con, checksum)


def test_a_failed_file_is_read_again_once_it_is_whole(tmp_path):
    files = standard_files(tmp_path / "warc")
    db_path = tmp_path / "db.duckdb"
    partial = files["truncated"]  # a download of news-c cut short
    assert run_backfill(db_path, [partial], ONE_WORKER).files == {"failed": 1}
    # the record before the cut is whole and kept; the file is not done
    assert {r[0] for r in rows(db_path, "SELECT url_hash FROM pages")} == {page_id_of(EL_CAPITAN)}
    shutil.copy(files["c"], partial)  # downloaded again, whole
    assert run_backfill(db_path, [partial], ONE_WORKER).files == {"done": 1}
    assert {r[0] for r in rows(db_path, "SELECT url_hash FROM pages")} == {page_id_of(EL_CAPITAN), page_id_of(JUPITER)}
    assert rows(db_path, "SELECT status FROM warc_files ORDER BY processed_at") == [("failed",), ("done",)]


def _exit_on_three(n: int) -> int:
    if n == 3:
        os._exit(1)  # a worker killed mid-file, as by the OOM killer
    return n * 10


def test_a_dead_worker_fails_its_files_and_the_run_goes_on():
    with LocalEngine(1) as engine:
        outcomes = dict(engine.run(_exit_on_three, [1, 2, 3, 4, 5, 6]))
    assert sorted(outcomes) == [1, 2, 3, 4, 5, 6]
    assert isinstance(outcomes[3], BrokenProcessPool)
    assert outcomes[1] == 10 and outcomes[6] == 60  # before the death, and after the pool was replaced
