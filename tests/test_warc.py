"""WARC files both ways: the crawler's writer (rotation, request/response pairs, headers) and the
backfill's reader (HTML responses only, dates, checksums, truncated and corrupt files)."""
from __future__ import annotations

import gzip
import hashlib

import pytest
from fastwarc.warc import ArchiveIterator, WarcRecordType

from backfill.warc_reader import WarcFileError, WarcReader
from crawler.fetch import Response
from crawler.warc_writer import OPEN_SUFFIX, WarcArchive
from warc_fixtures import BAKERY, COLOSSUS, COLOSSUS_COPY, JEAN_ZAY, day, html_response, other_responses, standard_files, write_warc


def read_all(path, since=None, until=None):
    with WarcReader(path, since, until) as reader:
        responses = list(reader.responses())
        return responses, reader, reader.checksum()


def test_writer_rotates_and_pairs_requests_with_responses(tmp_path):
    with WarcArchive(tmp_path, "infratrack-tests/1.0", max_bytes=1500) as archive:
        for story in (COLOSSUS, JEAN_ZAY, BAKERY):
            archive.record(html_response(story), day("2024-09-03"))
    assert len(archive.files) == 3  # each pair is over 1,500 bytes: one file each
    records = [r for f in archive.files for r in ArchiveIterator(str(f))]
    kinds = [str(r.record_type) for r in records]
    assert kinds.count("warcinfo") == 3 and kinds.count("response") == 3 and kinds.count("request") == 3
    responses = {r.record_id: r for r in records if r.record_type == WarcRecordType.response}
    for req in (r for r in records if r.record_type == WarcRecordType.request):
        assert req.headers.get("WARC-Concurrent-To") in responses
        assert req.http_headers.get("User-Agent") == "infratrack-tests/1.0"
    with gzip.open(archive.files[0]) as f:  # gzip per record: the file is valid gzip, record by record
        assert f.read().startswith(b"WARC/1.1\r\n")


def test_a_file_is_open_until_complete(tmp_path):
    archive = WarcArchive(tmp_path, "infratrack-tests/1.0")
    archive.record(html_response(COLOSSUS))
    assert [p.name.endswith(OPEN_SUFFIX) for p in tmp_path.iterdir()] == [True]
    archive.close()
    assert [p.name for p in tmp_path.iterdir()] == [archive.files[0].name]
    assert archive.files[0].name.endswith(".warc.gz")


def test_writer_keeps_wire_headers_under_another_name(tmp_path):
    body = b"<html><body><p>decoded by httpx</p></body></html>"
    resp = Response("https://example.com/x", None, 200, {"content-type": "text/html", "content-encoding": "gzip",
                                                         "content-length": "31"}, body)
    path = write_warc(tmp_path, "x.warc.gz", [(resp, day("2024-01-02"))])
    [rec] = [r for r in ArchiveIterator(str(path)) if r.record_type == WarcRecordType.response]
    assert rec.http_headers.get("X-Crawler-Content-Encoding") == "gzip"
    assert rec.http_headers.get("Content-Encoding") is None
    assert rec.http_headers.get("Content-Length") == str(len(body))
    [got], _, _ = read_all(path)
    assert got.body == body


def test_reader_keeps_html_responses_with_url_date_and_checksum(tmp_path):
    files = standard_files(tmp_path)
    responses, reader, checksum = read_all(files["a"])
    assert [r.url for r in responses] == [html_response(COLOSSUS).url, html_response(BAKERY).url]
    assert responses[0].warc_date == day("2024-09-03")
    assert (reader.records, reader.html) == (4, 2)  # the PDF and the 404 are read past
    assert checksum == hashlib.sha256(files["a"].read_bytes()).hexdigest()


def test_date_window_is_on_the_warc_date(tmp_path):
    files = standard_files(tmp_path)
    responses, reader, _ = read_all(files["b"], since=day("2024-06-21"))
    assert [r.url for r in responses] == [html_response(COLOSSUS_COPY).url]
    assert reader.records == 2  # the JSON response and the copy; the two pages of 2024-06-20 are outside


def test_content_encoding_is_removed(tmp_path):
    html = b"<html><body><p>The data center runs 5,000 GPUs.</p></body></html>"
    resp = Response("https://example.com/gz", None, 200, {"content-type": "text/html"}, gzip.compress(html))
    path = write_warc(tmp_path, "gz.warc.gz", [(resp, day("2024-01-02"))])
    [got], _, _ = read_all(_declare_gzip(path, tmp_path))
    assert got.body == html


def _declare_gzip(path, tmp_path):
    """A copy of PATH whose response says Content-Encoding: gzip, as an archive of raw wire bytes would."""
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    from warcio.warcwriter import WARCWriter

    out = tmp_path / "declared.warc.gz"
    with open(path, "rb") as src, open(out, "wb") as dst:
        writer = WARCWriter(dst, gzip=True)
        for rec in WarcioIterator(src):
            if rec.rec_type == "response":
                rec.http_headers.add_header("Content-Encoding", "gzip")
                rec.http_headers.remove_header("Content-Length")
            writer.write_record(rec)
    return out


@pytest.mark.parametrize("fraction", [0.15, 0.4, 0.6, 0.85, 0.995])
def test_a_cut_file_is_reported_as_truncated(tmp_path, fraction):
    files = standard_files(tmp_path)
    data = files["b"].read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(WarcFileError, match="truncated|corrupt"):
        read_all(cut)


def test_corrupt_empty_and_foreign_files_are_errors(tmp_path):
    files = standard_files(tmp_path)
    with pytest.raises(WarcFileError, match="corrupt"):
        read_all(files["corrupt"])
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    with pytest.raises(WarcFileError, match="no WARC records"):
        read_all(empty)
    text = tmp_path / "notes.warc"
    text.write_text("these are notes, not an archive\n" * 20)
    with pytest.raises(WarcFileError):
        read_all(text)


def test_a_file_gzipped_whole_reads_and_its_cut_is_found(tmp_path):
    files = standard_files(tmp_path)
    plain = gzip.decompress(files["a"].read_bytes())  # every member, concatenated
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain))
    responses, _, _ = read_all(whole)
    assert len(responses) == 2
    whole.write_bytes(whole.read_bytes()[:-6])  # only the gzip trailer is missing
    with pytest.raises(WarcFileError, match="truncated"):
        read_all(whole)


def test_non_html_responses_are_not_returned(tmp_path):
    path = write_warc(tmp_path, "other.warc.gz", [(r, day("2024-03-01")) for r in other_responses()])
    responses, reader, _ = read_all(path)
    assert responses == []
    assert (reader.records, reader.html) == (3, 0)
