"""The HTTP responses of an ARC file (the Internet Archive's format before WARC), read by warcio.

fastwarc reads WARC only; warcio turns each ARC record into the WARC record it stands for
(arc2warc), so an ARC file gives the same WarcResponse values as a WARC file would.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime, timezone

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed


def arc_responses(reader, stream) -> Iterator:
    """Successful HTML responses of the ARC file READER has open (via STREAM), counted on READER."""
    from backfill.warc_reader import WarcFileError

    n = 0
    try:
        for rec in ArchiveIterator(stream, arc2warc=True, ensure_http_headers=False):
            n += 1
            if rec.rec_type != "response":
                reader.skipped += 1
                continue
            try:
                when = _date(rec.rec_headers.get_header("WARC-Date"))
            except ValueError:
                reader.bad_records += 1
                continue
            if (reader.since and when < reader.since) or (reader.until and when >= reader.until):
                continue
            reader.records += 1
            if rec.http_headers is None or not rec.http_headers.protocol.upper().startswith("HTTP/"):
                reader.not_http += 1  # an ARC record of a dns: lookup or a file:// fetch
                continue
            body = rec.raw_stream.read()
            declared = rec.http_headers.get_header("Content-Length")
            if declared and declared.isdigit() and len(body) < int(declared):
                raise WarcFileError(f"truncated: record {n} ends {int(declared) - len(body)} bytes early")
            try:
                status = int(rec.http_headers.get_statuscode() or 0)
            except ValueError:
                reader.bad_records += 1
                continue
            url = (rec.rec_headers.get_header("WARC-Target-URI") or "").strip()
            response = reader.accept(url, when, status, rec.http_headers.get_header("Content-Type") or "", body,
                                     rec.http_headers.get_header("Content-Encoding"))
            if response is not None:
                yield response
    except (ArchiveLoadFailed, EOFError, zlib.error) as exc:
        if not _gzip_complete(reader.path):
            raise WarcFileError(f"truncated: the ARC file is cut after record {n}") from exc
        raise WarcFileError(f"corrupt: {exc} (ARC file, after record {n})") from exc
    if n == 0:
        raise WarcFileError("no ARC records: empty or not an ARC file")
    if not _gzip_complete(reader.path):
        raise WarcFileError(f"truncated: the ARC file is cut after record {n}")


def _date(value: str | None) -> datetime:
    when = datetime.fromisoformat((value or "").strip())
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def _gzip_complete(path) -> bool:
    """Whether a gzipped file ends at the end of a member (a plain file: True, its records are checked by length)."""
    from backfill.warc_reader import _gzip_members_complete

    with open(path, "rb") as f:
        head = f.read(1 << 20)
        if head[:2] != b"\x1f\x8b":
            return True
        return _gzip_members_complete(f, head)
