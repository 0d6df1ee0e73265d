"""Compressed payloads in WARC records, as wget keeps them (the wire bytes with their Content-Encoding):
gzip, deflate and brotli are inflated, and a record that inflates past the bound is a failed record,
not an exhausted machine."""
from __future__ import annotations

import gzip
import io
import zlib
from datetime import datetime, timezone

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from backfill.inflate import MAX_INFLATED_BYTES, inflate
from backfill.warc_reader import WarcReader

PAGE = b"<html><head><title>Hall two</title></head><body><p>The second hall runs 8,000 GPUs.</p></body></html>"
BOMB_SIZE = 10 * MAX_INFLATED_BYTES  # what a few hundred kilobytes of gzip can expand to


def _bomb_plain() -> bytes:
    return b"<html><body>" + b" " * BOMB_SIZE


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


def _deflate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _br(data: bytes) -> bytes:
    return brotli.compress(data, quality=5)


def write_wget_warc(path, records: list[tuple[str, str | None, bytes]]) -> None:
    """A WARC as wget writes it: a warcinfo record, then request and response pairs whose
    payloads are the bytes on the wire, Content-Encoding and all."""
    when = datetime(2025, 3, 4, 10, 0, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Wget/1.21.4", "format": "WARC File Format 1.0"}))
        for url, encoding, payload in records:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example"), ("Accept-Encoding", "gzip, br")],
                                   is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req,
                                                          warc_headers_dict={"WARC-Date": when}))
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))]
            if encoding:
                headers.append(("Content-Encoding", encoding))
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": when}))


def read(path):
    with WarcReader(path) as reader:
        got = list(reader.responses())
        return got, reader


@pytest.mark.parametrize("encoding,compress", [("gzip", _gzip), ("x-gzip", _gzip), ("deflate", _deflate),
                                               ("deflate", _raw_deflate), ("br", _br)])
def test_a_compression_bomb_is_a_failed_record_and_the_next_record_is_read(tmp_path, encoding, compress):
    path = tmp_path / "wget.warc.gz"
    bomb = compress(_bomb_plain())
    assert len(bomb) < MAX_INFLATED_BYTES // 10
    write_wget_warc(path, [("https://news.example/bomb", encoding, bomb),
                           ("https://news.example/hall-two", encoding, compress(PAGE))])
    got, reader = read(path)
    assert [(r.url, r.body) for r in got] == [("https://news.example/hall-two", PAGE)]
    assert reader.bad_records == 1


def test_a_brotli_page_is_inflated(tmp_path):
    path = tmp_path / "br.warc.gz"
    write_wget_warc(path, [("https://news.example/hall-two", "br", _br(PAGE))])
    got, reader = read(path)
    assert [r.body for r in got] == [PAGE] and reader.bad_records == 0


def test_encodings_applied_in_turn_are_removed_in_turn(tmp_path):
    path = tmp_path / "two.warc.gz"
    write_wget_warc(path, [("https://news.example/hall-two", "gzip, br", _br(_gzip(PAGE)))])
    got, _ = read(path)
    assert [r.body for r in got] == [PAGE]


def test_inflate_refuses_what_it_cannot_read():
    assert inflate(_gzip(PAGE)[:-12], "gzip") is None  # cut short
    assert inflate(b"\x00garbage", "br") is None
    assert inflate(PAGE, "zstd") is None  # an encoding it does not know
    assert inflate(PAGE, "gzip") == PAGE  # servers that declare gzip and send plain HTML exist
    assert inflate(PAGE, None) == PAGE and inflate(PAGE, "identity") == PAGE
    assert inflate(_gzip(b"x" * MAX_INFLATED_BYTES), "gzip") == b"x" * MAX_INFLATED_BYTES  # the bound itself is fine
