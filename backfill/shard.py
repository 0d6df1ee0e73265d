"""One WARC file in, one shard out: read, prefilter, the crawler's page analysis and the pipeline's
extract stage, and the resulting pages, articles and claims as Parquet tables.

process_file is the unit of work of both engines: a plain function of plain dataclasses, so a
local process pool and a Dask worker run it alike. It never touches the database.
"""
from __future__ import annotations

import io
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq

from backfill.prefilter import is_relevant
from backfill.warc_reader import WarcFileError, WarcReader, WarcResponse, file_checksum
from crawler.fetch import decode_body
from crawler.fingerprint import fingerprint
from crawler.page_kind import ARTICLE, declared_canonical, page_kind
from crawler.urls import canonical_url, declared_canonical_url
from db.keys import content_hash
from db.records import StoredPage
from db.writer import claim_id, compress_html, page_id
from extract import extractor_version
from extract.language import is_supported
from extract.page_rows import discovered_entities, extract_page

DONE, FAILED, SKIPPED, ALREADY_DONE = "done", "failed", "skipped", "already_done"

_TS = pa.timestamp("us", tz="UTC")
SCHEMAS = {
    "pages": pa.schema([
        ("url_hash", pa.string()), ("url", pa.string()), ("final_url", pa.string()), ("host", pa.string()),
        ("http_status", pa.int32()), ("content_type", pa.string()), ("content_hash", pa.string()),
        ("html_gz", pa.binary()), ("canonical_url", pa.string()), ("page_kind", pa.string()),
        ("text_hash", pa.string()), ("simhash", pa.int64()), ("warc_date", _TS), ("warc_file", pa.string()),
        ("extracted", pa.bool_()),
    ]),
    "articles": pa.schema([
        ("article_id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("title", pa.string()),
        ("publisher", pa.string()), ("author", pa.string()), ("published_at", _TS), ("lang", pa.string()),
        ("text", pa.string()), ("content_hash", pa.string()), ("extractor_version", pa.string()),
    ]),
    "claims": pa.schema([
        ("claim_id", pa.string()), ("article_id", pa.string()), ("subject", pa.string()), ("entity_id", pa.string()),
        ("attribute", pa.string()), ("hardware", pa.string()), ("value", pa.float64()), ("low", pa.float64()),
        ("high", pa.float64()), ("value_text", pa.string()), ("unit", pa.string()), ("modality", pa.string()),
        ("as_of", pa.date32()), ("speaker", pa.string()), ("lang", pa.string()), ("quote", pa.string()),
        ("start_offset", pa.int32()), ("end_offset", pa.int32()), ("extractor_version", pa.string()),
        ("date_low", pa.date32()), ("date_high", pa.date32()), ("entity_kind", pa.string()), ("entity_parent", pa.string()),
        ("lat", pa.float64()), ("lon", pa.float64()),
    ]),
    "entities": pa.schema([
        ("entity_id", pa.string()), ("name", pa.string()), ("kind", pa.string()), ("parent", pa.string()),
    ]),
}


@dataclass(frozen=True)
class FileTask:
    """One WARC file to process, and what the database already knows about it."""

    path: str
    size: int
    done_checksum: str | None = None  # a file of this name and size is already loaded: skip it if this matches
    since: datetime | None = None  # WARC-Date window, inclusive
    until: datetime | None = None  # exclusive

    @property
    def name(self) -> str:
        """The file name without its folder."""
        return Path(self.path).name


@dataclass
class FileResult:
    """What processing one file gave: its status and counters, and the shard's Parquet bytes per table."""

    path: str
    name: str
    size: int
    status: str  # done | failed | skipped | already_done
    checksum: str | None = None
    reason: str | None = None
    records: int = 0
    html: int = 0
    relevant: int = 0
    articles: int = 0
    claims: int = 0
    extract_failed: int = 0
    unsupported_language: int = 0  # articles stored but not read: no rules for their language
    other_records: int = 0  # records passed over: not HTTP responses (warcinfo, request, dns:, revisit...) or unreadable
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the worker on this file: the cost, whatever else the machine runs
    shard: dict[str, bytes] = field(default_factory=dict)


class _ShardBuilder:
    """The rows of one file's shard; a URL archived twice keeps its latest copy."""

    def __init__(self, warc_file: str, version: str):
        self.warc_file = warc_file
        self.version = version
        self.pages: dict[str, dict] = {}
        self.articles: dict[str, dict] = {}
        self.claims: dict[str, list[dict]] = {}
        self.entities: dict[str, dict] = {}
        self.extract_failed = 0
        self.unsupported_language = 0

    def add(self, resp: WarcResponse) -> None:
        """Analyse a relevant response as the crawler would, then extract it as the pipeline does."""
        html = decode_body(resp.body, resp.content_type)
        url = canonical_url(resp.url)
        pid = page_id(url)
        digest = content_hash(html)
        kept = self.pages.get(pid)
        if kept and (kept["warc_date"], kept["content_hash"]) >= (resp.warc_date, digest):
            return
        self.pages[pid] = page = self._page_row(resp, html, url, pid, digest)
        self.articles.pop(pid, None)
        self.claims.pop(pid, None)
        if page["page_kind"] == ARTICLE:
            self._extract(page, html)

    def _page_row(self, resp: WarcResponse, html: str, url: str, pid: str, digest: str) -> dict:
        fp = fingerprint(html)
        canonical = declared_canonical(html)
        return {"url_hash": pid, "url": url, "final_url": resp.url, "host": urlsplit(url).hostname or "",
                "http_status": resp.status, "content_type": resp.content_type.split(";")[0].strip().lower(),
                "content_hash": digest, "html_gz": compress_html(html),
                "canonical_url": declared_canonical_url(canonical),
                "page_kind": page_kind(html, fp.words), "text_hash": fp.text_hash, "simhash": fp.simhash,
                "warc_date": resp.warc_date, "warc_file": self.warc_file, "extracted": True}

    def _extract(self, page: dict, html: str) -> None:
        pid = page["url_hash"]
        try:
            article, claims = extract_page(StoredPage(pid, page["url"], page["final_url"], None, page["content_hash"],
                                                      html), self.version)
        except Exception:  # one bad page never fails the file; `infratrack extract` retries it later
            self.extract_failed += 1
            page["extracted"] = False
            return
        if article is None:
            return
        if not is_supported(article.lang):
            self.unsupported_language += 1
        self.articles[pid] = asdict(article)
        rows = {}
        for c in claims:
            cid = claim_id(pid, c)
            rows.setdefault(cid, {**asdict(c), "claim_id": cid, "article_id": pid, "start_offset": c.start,
                                  "end_offset": c.end})
        self.claims[pid] = list(rows.values())
        for e in discovered_entities(claims):
            self.entities.setdefault(e.entity_id, asdict(e))

    def tables(self) -> dict[str, bytes]:
        """Each table as Parquet bytes, rows in a fixed order so equal inputs give equal shards."""
        rows = {
            "pages": [self.pages[k] for k in sorted(self.pages)],
            "articles": [self.articles[k] for k in sorted(self.articles)],
            "claims": [c for k in sorted(self.claims) for c in self.claims[k]],
            "entities": [self.entities[k] for k in sorted(self.entities)],
        }
        return {name: _parquet(pa.Table.from_pylist(rows[name], schema=SCHEMAS[name])) for name in SCHEMAS}

    @property
    def claim_count(self) -> int:
        """Claims of the kept articles."""
        return sum(len(v) for v in self.claims.values())


def _parquet(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def process_file(task: FileTask) -> FileResult:
    """Read one WARC file and return its shard; a damaged file gives a failed result, never an exception."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = FileResult(task.path, task.name, task.size, FAILED)
    try:
        _process(task, result)
    except OSError as exc:
        result.status, result.reason, result.shard = FAILED, f"cannot read: {exc.strerror or exc}", {}
    result.seconds = round(time.perf_counter() - started, 3)
    result.cpu_seconds = round(time.process_time() - cpu_started, 3)
    return result


def _process(task: FileTask, result: FileResult) -> None:
    if task.done_checksum and file_checksum(task.path) == task.done_checksum:
        result.status, result.checksum = ALREADY_DONE, task.done_checksum
        return
    builder = _ShardBuilder(task.name, extractor_version())
    with WarcReader(task.path, task.since, task.until) as reader:
        try:
            for resp in reader.responses():
                if is_relevant(resp.body):
                    builder.add(resp)
        except WarcFileError as exc:
            result.reason = str(exc)
            if exc.truncated and builder.pages:
                # an interrupted download: what came before the cut was read whole and is kept; the file
                # stays failed, so the whole file is read again once it is there
                result.reason += f"; the {len(builder.pages)} relevant pages before the cut are loaded"
                result.shard = builder.tables()
        except (ValueError, UnicodeError) as exc:  # a header fastwarc accepts but cannot convert, e.g. a bad WARC-Date
            result.reason = f"corrupt: {type(exc).__name__}: {exc}"
        result.checksum = reader.checksum()
        result.records, result.html = reader.records, reader.html
        result.other_records = reader.skipped + reader.not_http + reader.bad_records
    if result.reason:
        if result.shard:
            result.relevant, result.articles, result.claims = len(builder.pages), len(builder.articles), builder.claim_count
        return  # a damaged file loads nothing more: a partial download must not pass for the whole file
    result.relevant, result.articles, result.claims = len(builder.pages), len(builder.articles), builder.claim_count
    result.extract_failed = builder.extract_failed
    result.unsupported_language = builder.unsupported_language
    if result.html == 0:
        window = " in the date window" if task.since or task.until else ""
        result.status, result.reason = SKIPPED, f"no HTML responses{window}"
        return
    result.status, result.shard = DONE, builder.tables()


_WARM_UP_PAGES = (
    ("en", "https://warm-up.invalid/en", "<html lang='en'><body><article><p>The cluster in Memphis runs 100,000 "
     "Nvidia H100 GPUs and draws 150 MW.</p></article></body></html>"),
    ("fr", "https://warm-up.invalid/fr", "<html lang='fr'><body><article><p>Le supercalculateur de Saclay comptera "
     "1 456 GPU H100 et consommera 2 mégawatts.</p></article></body></html>"),
)


def warm_up() -> None:
    """Load the extractor's lazy models (French morphology, sentencizers, gazetteer) in this process."""
    for lang, url, html in _WARM_UP_PAGES:
        extract_page(StoredPage(page_id(url), url, url, lang, content_hash(html), html), "warm-up")
