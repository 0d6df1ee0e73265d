"""Our own archive in the format the field uses: each page response the crawler receives, as a
WARC/1.1 request and response pair, gzip per record, in files that rotate at a size limit.

A file is written under a ".open" name and renamed when it is complete, so a killed crawl leaves
no file that looks whole (`infratrack backfill` reads `*.warc.gz`).
"""
from __future__ import annotations

import io
import os
import threading
from datetime import datetime, timezone
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.fetch import Response

WARC_MAX_BYTES = 1_000_000_000  # rotate after about 1 GB, the size of a Common Crawl News file
OPEN_SUFFIX = ".open"
# httpx hands over the body decoded: the headers that described the wire form are kept under
# another name, as Common Crawl does, so a reader does not decode twice
_WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _software() -> str:
    try:
        return f"infratrack/{version('infratrack')}"
    except PackageNotFoundError:
        return "infratrack"


class WarcArchive:
    """Rotating WARC.gz files in one folder; record() may be called from any thread."""

    def __init__(self, folder: str | Path, user_agent: str, max_bytes: int = WARC_MAX_BYTES, prefix: str = "infratrack"):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.files: list[Path] = []  # completed files, in order
        self._lock = threading.Lock()
        self._serial = 0
        self._file = None
        self._path: Path | None = None
        self._writer: WARCWriter | None = None

    def __enter__(self) -> "WarcArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def record(self, resp: Response, when: datetime | None = None) -> None:
        """Append the request and response of one fetch (WHEN: the WARC-Date, default now)."""
        url = resp.final_url or resp.url
        date = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self._lock:
            writer = self._current()
            request = writer.create_warc_record(url, "request", http_headers=self._request_headers(url),
                                                warc_headers_dict={"WARC-Date": date})
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(resp.body),
                                                 http_headers=_response_headers(resp),
                                                 warc_headers_dict={"WARC-Date": date})
            writer.write_request_response_pair(request, response)
            if self._file.tell() >= self.max_bytes:
                self._finish()

    def close(self) -> None:
        """Complete the current file."""
        with self._lock:
            self._finish()

    def _current(self) -> WARCWriter:
        if self._writer is None:
            self._serial += 1
            stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
            self._path = self.folder / name
            self._file = open(self.folder / (name + OPEN_SUFFIX), "wb")
            self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
            self._writer.write_record(self._writer.create_warcinfo_record(name, {
                "software": _software(), "format": "WARC File Format 1.1", "robots": "obey",
                "http-header-user-agent": self.user_agent}))
        return self._writer

    def _finish(self) -> None:
        if self._writer is None:
            return
        self._file.close()
        os.replace(self.folder / (self._path.name + OPEN_SUFFIX), self._path)
        self.files.append(self._path)
        self._writer = self._file = self._path = None

    def _request_headers(self, url: str) -> StatusAndHeaders:
        # the crawler's fixed request headers; conditional-GET validators are not known here
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return StatusAndHeaders(f"GET {target} HTTP/1.1", [
            ("Host", parts.netloc), ("User-Agent", self.user_agent), ("Accept", _ACCEPT),
            ("Accept-Encoding", "gzip, deflate")], is_http_request=True)


def _response_headers(resp: Response) -> StatusAndHeaders:
    status = resp.status or 0
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    headers = [(("X-Crawler-" if k.lower() in _WIRE_HEADERS else "") + _title(k), v) for k, v in resp.headers.items()]
    headers.append(("Content-Length", str(len(resp.body))))
    return StatusAndHeaders(f"{status} {phrase}", headers, protocol="HTTP/1.1")


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))
