"""The HTML responses of one WARC (or ARC) file, with their URL and WARC date, and the file's checksum.

fastwarc parses; it is lenient and ends quietly on a cut-off file, so every record's length is
checked here and a short one reported as truncation: a partial download is never mistaken for a
complete file. Archivers write more than HTTP responses (Heritrix: warcinfo, request, metadata,
revisit, and `response` records of `dns:` lookups with no HTTP part), so a record that is not an
HTTP response is counted and passed over, never a reason to fail the file. ARC files, which
fastwarc does not read, go through warcio (backfill/arc_reader.py).
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from backfill.inflate import inflate

HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # as the crawler: no Content-Type is tried as HTML
_CHUNK = 1 << 20


class WarcFileError(Exception):
    """The file is corrupt, truncated or not a WARC file; the message says which and where."""

    def __init__(self, message: str, truncated: bool | None = None):
        super().__init__(message)
        # a cut file's records before the cut were read whole and may be kept
        self.truncated = message.startswith("truncated") if truncated is None else truncated


@dataclass(frozen=True)
class WarcResponse:
    """One successful HTML response as archived."""

    url: str  # WARC-Target-URI, as recorded
    warc_date: datetime  # WARC-Date: when the archive fetched it (UTC)
    status: int
    content_type: str  # the Content-Type header, with its charset if any
    body: bytes  # the payload, content encoding removed


class _HashingStream:
    """A file read once, front to back, hashing what passes through (fastwarc reads from it)."""

    def __init__(self, f):
        self._f = f
        self._sha = hashlib.sha256()
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self._f.read(size)
        self._sha.update(data)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        raise OSError("sequential stream")  # a seek would skip bytes the checksum needs

    def close(self) -> None:
        pass

    def finish(self) -> str:
        """Hash the rest of the file and return the hex SHA-256 of all of it."""
        while self.read(_CHUNK):
            pass
        return self._sha.hexdigest()


def file_checksum(path: str | Path) -> str:
    """SHA-256 of a file, hex."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class WarcReader:
    """Reads one WARC or WARC.gz file once: its HTML responses within [since, until), then its checksum."""

    def __init__(self, path: str | Path, since: datetime | None = None, until: datetime | None = None):
        self.path = Path(path)
        self.since, self.until = since, until
        self.records = 0  # response records within the window
        self.html = 0  # of those, 2xx HTML responses
        self.bad_records = 0  # responses whose HTTP part could not be read or decoded (skipped)
        self.not_http = 0  # response records without an HTTP message, e.g. Heritrix's dns: lookups (skipped)
        self.skipped = 0  # records of other types: warcinfo, request, metadata, revisit, resource... (skipped)
        self._stream: _HashingStream | None = None
        self._file = None

    def __enter__(self) -> "WarcReader":
        self._file = open(self.path, "rb")
        self._stream = _HashingStream(self._file)
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def checksum(self) -> str:
        """SHA-256 of the whole file (reads whatever the parser left)."""
        return self._stream.finish()

    def responses(self) -> Iterator[WarcResponse]:
        """Successful HTML responses in file order; WarcFileError when the file is damaged."""
        if is_arc(self.path):
            from backfill.arc_reader import arc_responses

            yield from arc_responses(self, self._stream)
            return
        n, last_start = 0, 0
        try:
            for rec in ArchiveIterator(self._stream, parse_http=False, auto_decode="none", fsspec_args=False):
                n += 1
                last_start = rec.stream_pos
                response = self._response(rec, n)
                if response is not None:
                    yield response
        except OSError as exc:
            raise WarcFileError(f"corrupt: {exc} (after record {n})") from exc
        if n == 0:
            raise WarcFileError("no WARC records: empty or not a WARC file")
        if not _ends_after(self.path, last_start):
            raise WarcFileError(f"truncated: the file is cut after record {n}")

    def _response(self, rec, n: int) -> WarcResponse | None:
        if "Content-Length" not in rec.headers:
            raise WarcFileError(f"truncated: record {n} has an incomplete header")
        if rec.record_type != WarcRecordType.response:
            self.skipped += 1
            _consume_all(rec, n)
            return None
        try:
            in_window = self._in_window(rec)
        except (ValueError, UnicodeError):  # a WARC-Date fastwarc cannot read: this record only is lost
            self.bad_records += 1
            _consume_all(rec, n)
            return None
        if not in_window:
            _consume_all(rec, n)
            return None
        self.records += 1
        if not _is_http(rec):
            self.not_http += 1
            _consume_all(rec, n)
            return None
        try:
            rec.parse_http()
        except OSError:
            self.bad_records += 1
            _consume_all(rec, n)
            return None
        if rec.http_headers is None or not rec.http_headers.status_code:  # no HTTP status line in the block
            self.bad_records += 1
            _consume_all(rec, n)
            return None
        status = rec.http_headers.status_code
        ctype = rec.http_headers.get("Content-Type") or ""
        if not (200 <= status < 300) or ctype.split(";")[0].strip().lower() not in HTML_TYPES:
            _consume_all(rec, n)
            return None
        expected = rec.content_length
        body = rec.reader.read()
        if len(body) < expected:
            raise WarcFileError(f"truncated: record {n} ends {expected - len(body)} bytes early")
        body = _decode(body, rec.http_headers.get("Content-Encoding"))
        if body is None:
            self.bad_records += 1
            return None
        self.html += 1
        url = (rec.headers.get("WARC-Target-URI") or "").strip().strip("<>")
        return WarcResponse(url, rec.record_date, status, ctype, body)

    def accept(self, url: str, when: datetime, status: int, ctype: str, body: bytes,
               encoding: str | None) -> WarcResponse | None:
        """The response of an HTTP record another parser read (ARC), counted as this reader counts; None if passed over."""
        if not (200 <= status < 300) or ctype.split(";")[0].strip().lower() not in HTML_TYPES:
            return None
        body = _decode(body, encoding)
        if body is None:
            self.bad_records += 1
            return None
        self.html += 1
        return WarcResponse(url, when, status, ctype, body)

    def _in_window(self, rec) -> bool:
        if self.since is None and self.until is None:
            return True
        when = rec.record_date
        return (self.since is None or when >= self.since) and (self.until is None or when < self.until)


def _is_http(rec) -> bool:
    """Whether a response record holds an HTTP message: its Content-Type says so, or says nothing and the
    block starts like one (Heritrix's dns: responses are text/dns; some writers leave the type out)."""
    ctype = (rec.headers.get("Content-Type") or "").lower()
    if ctype:
        return ctype.startswith("application/http")
    return not (rec.headers.get("WARC-Target-URI") or "").strip("<> ").lower().startswith("dns:")


def is_arc(path: Path) -> bool:
    """Whether PATH is an ARC file (plain or gzip per record): it opens with a filedesc:// version block."""
    with open(path, "rb") as f:
        head = f.read(512)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"filedesc://")


def _ends_after(path: Path, start: int) -> bool:
    """Whether the file ends right after the record at START: neither cut inside it nor followed by a
    partial record.

    fastwarc stops without a word at a record it cannot read whole, so a file cut inside its
    last record's gzip trailer, or inside the next record, looks complete to it."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        if start >= size:
            start = 0  # one gzip stream for the whole file: records have no offsets of their own
        f.seek(start)
        head = f.read(_CHUNK)
        if head[:2] != b"\x1f\x8b":
            # an uncompressed record: header block, blank line, Content-Length bytes, CRLF CRLF
            blank = head.find(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head[:blank])
            return blank >= 0 and length is not None and start + blank + 4 + int(length.group(1)) + 4 >= size
        return _gzip_members_complete(f, head)


def _gzip_members_complete(f, data: bytes) -> bool:
    """Whether DATA and the rest of F are whole gzip members, each up to its end marker."""
    inflater, in_member = zlib.decompressobj(31), False
    while True:
        if not data:
            data = f.read(_CHUNK)
            if not data:
                return not in_member  # the file may end between members, never inside one
        in_member = True
        try:
            inflater.decompress(data)
        except zlib.error:
            return False
        data = b""
        if inflater.eof:
            data, inflater, in_member = inflater.unused_data, zlib.decompressobj(31), False


def _consume_all(rec, n: int) -> None:
    expected = rec.content_length
    if rec.consume() < expected:
        raise WarcFileError(f"truncated: record {n} ends early")


def _decode(body: bytes, encoding: str | None) -> bytes | None:
    """The payload without its Content-Encoding; None when it cannot be decoded or inflates past the bound.

    Common Crawl stores payloads already decoded (and renames the header), but other archives,
    such as wget's, keep them compressed."""
    return inflate(body, encoding)
