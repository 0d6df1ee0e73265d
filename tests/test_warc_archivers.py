"""The backfill reader on files as Heritrix, wget and the older ARC format write them: records that are
not HTTP responses are counted and passed over, one odd record never fails a file, a cut file keeps
what came before the cut, and an ARC file is read."""
from __future__ import annotations

import pytest

from archiver_fixtures import PAGE_ONE, PAGE_TWO, arc_file, cut_inside_last_member, heritrix_warc, odd_records_warc, wget_warc
from backfill import BackfillSettings, run_backfill
from backfill.warc_reader import WarcFileError, WarcReader


def read(path):
    with WarcReader(path) as reader:
        return list(reader.responses()), reader


def test_a_heritrix_warc_with_dns_records_reads_its_pages(tmp_path):
    responses, reader = read(heritrix_warc(tmp_path / "heritrix.warc.gz"))
    assert [r.url for r in responses] == [PAGE_ONE[0], PAGE_TWO[0]]
    assert responses[0].body == PAGE_ONE[1]
    assert reader.html == 2
    assert reader.not_http == 1  # the dns: response
    assert reader.skipped >= 6  # warcinfo, requests, metadata, the revisit


def test_a_wget_warc_reads_its_pages(tmp_path):
    responses, reader = read(wget_warc(tmp_path / "wget.warc.gz"))
    assert [r.url for r in responses] == [PAGE_ONE[0], PAGE_TWO[0]]
    assert reader.skipped == 6  # warcinfo, two requests, the manifest, arguments and log


def test_one_odd_record_never_fails_the_file(tmp_path):
    responses, reader = read(odd_records_warc(tmp_path / "odd.warc.gz"))
    assert [r.url for r in responses] == [PAGE_ONE[0], PAGE_TWO[0]]
    assert reader.bad_records + reader.not_http == 1


def test_a_file_cut_inside_a_gzip_member_keeps_the_records_before_the_cut(tmp_path):
    whole = heritrix_warc(tmp_path / "heritrix.warc.gz")
    cut = cut_inside_last_member(whole, tmp_path / "cut.warc.gz")
    seen = []
    with WarcReader(cut) as reader:
        with pytest.raises(WarcFileError, match="truncated") as info:
            for r in reader.responses():
                seen.append(r.url)
    assert info.value.truncated
    assert seen == [PAGE_ONE[0], PAGE_TWO[0]]


def test_an_arc_file_is_read(tmp_path):
    responses, reader = read(arc_file(tmp_path / "old.arc.gz"))
    assert [r.url for r in responses] == [PAGE_ONE[0], PAGE_TWO[0]]
    assert responses[1].body == PAGE_TWO[1]
    assert responses[0].warc_date.year == 2024


def test_an_uncompressed_arc_file_is_read(tmp_path):
    import gzip

    gz = arc_file(tmp_path / "old.arc.gz")
    plain = tmp_path / "old.arc"
    plain.write_bytes(gzip.decompress(gz.read_bytes()))
    responses, _ = read(plain)
    assert [r.url for r in responses] == [PAGE_ONE[0], PAGE_TWO[0]]


def test_backfill_loads_heritrix_and_arc_files_and_keeps_what_precedes_a_cut(tmp_path):
    folder = tmp_path / "warc"
    folder.mkdir()
    heritrix = heritrix_warc(folder / "heritrix.warc.gz", "www.one.example")
    arc = arc_file(folder / "old.arc.gz", "www.two.example")
    cut = cut_inside_last_member(wget_warc(tmp_path / "wget.warc.gz", "www.three.example"), folder / "wget-cut.warc.gz")
    db = tmp_path / "db.duckdb"
    summary = run_backfill(db, [heritrix, arc, cut], BackfillSettings(workers=1))
    assert summary.files == {"done": 2, "failed": 1}
    [(name, reason)] = summary.failures
    assert name == "wget-cut.warc.gz" and reason.startswith("truncated")
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        files = dict(con.execute("SELECT name, status FROM warc_files").fetchall())
        pages = con.execute("SELECT warc_file, count(*) FROM pages GROUP BY ALL ORDER BY 1").fetchall()
    assert files == {"heritrix.warc.gz": "done", "old.arc.gz": "done", "wget-cut.warc.gz": "failed"}
    # the cut wget file's pages were whole before the cut: they are kept, the file stays failed and is read again
    assert pages == [("heritrix.warc.gz", 2), ("old.arc.gz", 2), ("wget-cut.warc.gz", 2)]
