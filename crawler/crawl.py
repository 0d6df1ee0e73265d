"""The crawl: read sources, put article URLs in the frontier, fetch them politely and concurrently
across hosts, store them through db/.

Worker threads fetch; the calling thread discovers, schedules and decides; one DuckDB
connection serves the whole crawl, used by the calling thread during discovery and by a single
writing thread, batch after batch, while pages are fetched. A host's next request is handed to
a worker as soon as the previous one is answered, and the worker waits for its start time
itself, so neither a busy calling thread nor a slow write delays a request.
"""
from __future__ import annotations

import heapq
import threading
import time
from collections import Counter, defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Callable

import duckdb

from crawler.feeds import Entry, FeedError, parse_feed
from crawler.fetch import MAX_REDIRECTS, Fetcher, FetchSettings, Response, looks_binary, sleep_until
from crawler.fingerprint import Fingerprint, fingerprint
from crawler.page_kind import ARTICLE, declared_canonical, page_kind
from crawler.redact import redact_text, redact_url
from crawler.retry import backoff_s, is_transient, retry_after_s
from crawler.robots import ROBOTS_TTL_S, RobotsCache
from crawler.sitemaps import SitemapError, parse_sitemap
from crawler.sources import Source
from crawler.urls import canonical_url, declared_canonical_url, host_of
from crawler.warc_writer import WarcArchive
from db import crawl_state, writer
from db.connection import Batch, MemoryCap, transaction
from db.keys import content_hash
from db.crawl_state import Discovered, FrontierItem, RobotsRow
from db.records import FetchRecord, PageRecord, SavedPage

MAX_SITEMAP_DEPTH = 3
BATCH_PAGES = 50  # pages stored per transaction during the fetch phase
BATCH_SECONDS = 1.0  # and at least this often, so a killed crawl loses little
MAX_PENDING_PAGES = 4 * BATCH_PAGES  # pages buffered while a batch is written, beyond which the crawl waits
MAX_SITEMAP_CHILDREN = 50
SCHEDULE_AHEAD_S = 0.5  # a host's next request goes to a worker this long before it is due at most
WORKERS_PER_REQUEST = 4  # worker threads per request allowed in flight: the others wait for their time or analyse
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_ROBOTS_ACCEPT = "text/plain,*/*;q=0.5"
_READY_AHEAD_S = 0.005  # a worker takes its request slot this early, to connect and build the request in time
_SKIP_REASONS = ("robots_disallowed", "content_type", "binary_body", "consent_wall", "paywall",
                 "host_paused")  # not failures

Event = Callable[[dict], None]


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and limits of one crawl."""

    fetch: FetchSettings
    delay_s: float = 1.0  # minimum seconds between the starts of two requests to one host
    max_pages: int = 2000
    robots_ttl_s: float = ROBOTS_TTL_S
    concurrency: int = 8  # requests in flight over all hosts; one per host at most
    max_retries: int = 2  # further attempts after a transient failure, within one run
    retry_base_s: float = 1.0
    retry_cap_s: float = 60.0
    max_retry_after_s: float = 300.0  # a longer Retry-After leaves the URL for a later run
    max_host_failures: int = 5  # consecutive failures that pause a host for the rest of the run
    max_url_runs: int = 5  # runs in which a URL may fail transiently before it is given up
    db_memory_mb: int = 256  # DuckDB memory while crawling; raised when a statement needs more (MemoryCap)


@dataclass
class CrawlSummary:
    """What a crawl did, by outcome."""

    counts: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        """Number of URLs given up on for a failure."""
        return sum(self.failures.values())

    def as_dict(self) -> dict:
        """Flat counters for the runs table and the JSON log."""
        return {**self.counts, "failed": self.failed, "failures": dict(self.failures)}


@dataclass
class _Host:
    queue: deque = field(default_factory=deque)
    next_start: float = 0.0  # monotonic time before which no request to the host may start
    failures: int = 0
    paused: str | None = None
    scheduled: bool = False  # in the ready heap or with a job in flight: never both, never twice
    robots_for: str | None = None  # a source URL of the host whose robots.txt is fetched ahead, as the crawl starts
    sources: deque = field(default_factory=deque)  # feed and sitemap URLs fetched ahead, for discovery to read


@dataclass
class _Pending:
    """Rows buffered during the fetch phase, written and committed together."""

    pages: list[PageRecord] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)  # URLs answered 304: the stored page is current
    logs: list[FetchRecord] = field(default_factory=list)
    marks: list[tuple[str, str, str | None, bool]] = field(default_factory=list)
    robots: list[RobotsRow] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.pages) + len(self.touched) + len(self.logs) + len(self.marks) + len(self.robots)


@dataclass(frozen=True)
class _Hop:
    """A redirect target waiting in its host's queue, fetched for the frontier item that led there."""

    url: str
    host: str
    origin: FrontierItem


@dataclass(frozen=True)
class _Job:
    host: str
    what: str  # robots | source | page
    url: str
    item: FrontierItem | None = None  # for a page: the frontier item it is fetched for (URL may be a redirect's)


@dataclass(frozen=True)
class _Analysed:
    html: str
    fingerprint: Fingerprint
    kind: str
    canonical: str | None
    html_gz: bytes
    content_hash: str


def _next_hop(hops: list[str], target: str) -> tuple[str | None, str | None]:
    """(TARGET's host, None) when a redirect chain that went through HOPS may go on to TARGET, else (None, why not)."""
    if target in hops:
        return None, "redirect_loop"
    if len(hops) > MAX_REDIRECTS:
        return None, "too_many_redirects"
    try:
        return host_of(target), None
    except ValueError as exc:
        return None, f"bad_url: {exc}"


def _analyse(resp: Response) -> _Analysed | str:
    """Decode and fingerprint an HTML response; for anything else, the reason it is skipped."""
    if resp.content_type not in _HTML_TYPES:
        return f"content_type: {resp.content_type}"
    if looks_binary(resp.body):
        return f"binary_body: binary content served as {resp.content_type or 'no content type'}"
    html = resp.text()
    fp = fingerprint(html)
    canonical = declared_canonical(html)
    return _Analysed(html, fp, page_kind(html, fp.words), declared_canonical_url(canonical),
                     writer.compress_html(html), content_hash(html))


class Crawler:
    """One crawl over a set of sources; stores pages and logs every fetch."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: CrawlSettings, run_id: str | None = None,
                 on_event: Event | None = None, archive: WarcArchive | None = None):
        self.con = con
        self.archive = archive  # --warc-dir: every page response is also written there
        self.settings = settings
        self.run_id = run_id
        self.on_event = on_event or (lambda e: None)
        self.summary = CrawlSummary()
        self._fetcher = Fetcher(settings.fetch)
        self._robots = RobotsCache(settings.fetch.user_agent, settings.robots_ttl_s)
        self._hosts: dict[str, _Host] = defaultdict(_Host)
        self._host_delay: dict[str, float] = {}
        self._validators: dict[str, tuple[str | None, str | None] | None] = {}
        # discovery: feeds and sitemaps fetched ahead by the workers, as pages are, so that the sources
        # of different hosts are read at once, with the validators discovery will send; the responses
        # are keyed on (url, etag, last_modified), which discovery asks for
        self._source_validators: dict[str, tuple[str | None, str | None]] = {}
        self._fetched_ahead: dict[tuple[str, str | None, str | None], Response] = {}
        # what each source answered, stored with the URLs it listed: a feed's new ETag committed before
        # them would, after a crash in between, get a 304 next run and its articles never be learnt of
        self._source_marks: list[tuple[str, str, str | None, str | None]] = []
        self._sitemap_marks: list[tuple[str, str | None, str | None]] = []  # the same for sitemaps an index lists
        # fetch phase: rows wait in _pending until the writing thread stores them as one batch
        self._batch: Batch | None = None
        self._pending = _Pending()
        self._batch_started = 0.0
        self._writes: ThreadPoolExecutor | None = None
        self._writing: Future | None = None  # the batch being written
        self._memory: MemoryCap | None = None  # during run()
        # scheduling: hosts ordered by the time of their next request, jobs handed to the pool
        self._ready: list[tuple[float, str]] = []
        self._in_flight: dict[Future, _Job] = {}
        self._pool: ThreadPoolExecutor | None = None  # open during run()
        self._workers = max(1, settings.concurrency) * WORKERS_PER_REQUEST
        self._request_slots = threading.BoundedSemaphore(max(1, settings.concurrency))
        self._attempts: Counter = Counter()  # failed attempts per URL in this run
        self._redirects: dict[str, list[str]] = {}  # per frontier URL, the URLs its redirect chain went through
        for row in crawl_state.load_robots(con).values():
            self._robots.load(row)

    # -- politeness -------------------------------------------------------------------------
    def _delay_for(self, url: str) -> float:
        host = host_of(url)
        robots = self._robots.crawl_delay(url)
        return max(self._host_delay.get(host, self.settings.delay_s), robots or 0.0)

    def _ensure_robots(self, url: str) -> None:
        """Have robots.txt for URL's origin (discovery phase): the answer to a fetch started ahead,
        else fetched now, on this thread. Either way the host has no request in flight after it."""
        name = host_of(url)
        self._settle(name)
        if self._robots.known(url):
            return
        host = self._hosts[name]
        started = time.monotonic()
        resp = self._direct_get(self._robots.robots_url(url), accept=_ROBOTS_ACCEPT, not_before=host.next_start)
        self._store_robots(url, resp)
        host.next_start = (resp.sent_at or started) + self._delay_for(url)

    def _direct_get(self, url: str, *args, not_before: float, **kwargs) -> Response:
        """A request from discovery's own thread, within the global limit on requests in flight as the
        workers' are (it may run while they fetch other hosts' sources ahead)."""
        sleep_until(not_before - _READY_AHEAD_S)
        with self._request_slots:
            return self._fetcher.get(url, *args, not_before=not_before, **kwargs)

    def _store_robots(self, url: str, resp: Response) -> None:
        row = self._robots.store(url, resp)
        if self._batch is not None:
            self._pending.robots.append(row)
        else:
            crawl_state.save_robots(self.con, [row])
        outcome = "ok" if resp.ok else ("skipped" if resp.status and resp.status < 500 else "error")
        self._log(FetchRecord(self._robots.robots_url(url), "robots", outcome, resp.final_url, resp.status,
                              resp.error, resp.content_type, len(resp.body), resp.elapsed_ms))

    def _refusal(self, url: str) -> str | None:
        """Why robots.txt keeps us from URL, or None when we may fetch it."""
        if self._robots.allowed(url):
            return None
        unreachable = self._robots.unreachable_reason(url)
        if unreachable and unreachable.startswith("unsafe_url"):
            return unreachable  # the SSRF guard refuses the host itself (a redirect led there): no robots.txt will help
        # RFC 9309: a robots.txt that cannot be fetched means complete disallow; say why
        return f"robots_unreachable: {unreachable}" if unreachable else "robots_disallowed"

    def _polite_get(self, url: str, kind: str, etag: str | None = None, last_modified: str | None = None) -> Response | None:
        """Polite GET for feeds and sitemaps, with retries for transient failures; the first attempt is
        the response fetched ahead when there is one. None when robots.txt refuses URL."""
        name = host_of(url)
        host = self._hosts[name]
        if host.paused:
            # its sources failed again and again: the rest wait for the next run, as its pages do
            return Response(url, error=f"host_paused: {host.paused}")
        self._await_ahead(url)
        self._ensure_robots(url)
        refusal = self._refusal(url)
        if refusal:
            self._skip_or_fail(url, kind, refusal)
            return None
        resp = self._with_retries(url, host, etag, last_modified)
        if resp.redirect_to is not None:
            resp = self._source_redirects(url, resp)
        if resp.ok or resp.not_modified or (resp.status is not None and 400 <= resp.status < 500
                                            and not is_transient(resp)):
            host.failures = 0  # the server answered: a bad source, not a bad host
        else:
            host.failures += 1
            if host.failures >= self.settings.max_host_failures and not host.paused:
                self._pause(name, host, f"{host.failures} consecutive failures")
        return resp

    def _pause(self, name: str, host: _Host, reason: str) -> None:
        """Ask nothing more of a host in this run; what it still had to give waits for the next."""
        host.paused = reason
        self.summary.counts["hosts_paused"] += 1
        self.on_event({"event": "host_paused", "host": name, "reason": reason, "left": len(host.queue)})

    def _source_redirects(self, url: str, resp: Response) -> Response:
        """Follow a feed's or sitemap's redirects one hop at a time, each after its host's robots.txt and
        delay (following them on the spot skipped both); the last answer, or why there is none."""
        hops = [url]
        while resp.redirect_to is not None:
            target = resp.redirect_to
            name, stop = _next_hop(hops, target)
            if stop:
                return Response(url, target, resp.status, error=stop)
            hops.append(target)
            host = self._hosts[name]
            if host.paused:
                return Response(url, target, error=f"host_paused: {host.paused}")
            self._ensure_robots(target)
            refusal = self._refusal(target)
            if refusal:
                return Response(url, target, resp.status, error=refusal)
            resp = self._with_retries(target, host, None, None)
        resp.url = url
        return resp

    def _with_retries(self, url: str, host: _Host, etag: str | None, last_modified: str | None) -> Response:
        """A source's response after the retries it is worth."""
        ahead = self._fetched_ahead.pop((url, etag, last_modified), None)
        for attempt in range(self.settings.max_retries + 1):
            if attempt == 0 and ahead is not None:
                resp = ahead  # the host's next start was counted from it when it came
            else:
                started = time.monotonic()
                resp = self._direct_get(url, etag, last_modified, not_before=host.next_start, follow_redirects=False)
                host.next_start = (resp.sent_at or started) + self._delay_for(url)
            if not is_transient(resp) or attempt == self.settings.max_retries:
                return resp
            wait_s = self._retry_wait(resp, attempt)
            if wait_s is None:
                return resp
            self.summary.counts["retries"] += 1
            host.next_start = max(host.next_start, time.monotonic() + wait_s)
        return resp

    def _retry_wait(self, resp: Response, attempt: int) -> float | None:
        asked = retry_after_s(resp)
        if asked is not None:
            return None if asked > self.settings.max_retry_after_s else asked
        return backoff_s(attempt, self.settings.retry_base_s, self.settings.retry_cap_s)

    # -- logging ----------------------------------------------------------------------------
    def _log(self, record: FetchRecord) -> None:
        # the crawl log says where we went and why it failed, never the credentials in a URL
        record = replace(record, url=redact_url(record.url), run_id=self.run_id,
                         final_url=redact_url(record.final_url) if record.final_url else None,
                         reason=redact_text(record.reason) if record.reason else None)
        if self._batch is not None:
            self._pending.logs.append(record)
        else:
            writer.record_fetch(self.con, record)
        self.on_event({"event": "fetch", "kind": record.kind, "url": record.url, "outcome": record.outcome,
                       "status": record.http_status, "reason": record.reason})

    def _skip_or_fail(self, url: str, kind: str, reason: str, resp: Response | None = None) -> None:
        key = reason.split(":")[0]
        outcome = "skipped" if key in _SKIP_REASONS else "error"
        if outcome == "error":
            self.summary.failures[key] += 1
        else:
            self.summary.counts[key] += 1
        self._log(FetchRecord(url, kind, outcome, resp.final_url if resp else None, resp.status if resp else None,
                              reason, resp.content_type if resp else None, len(resp.body) if resp else None,
                              resp.elapsed_ms if resp else None))

    # -- discovery --------------------------------------------------------------------------
    def _discover(self, source: Source) -> list[Entry]:
        if source.kind == "seed":
            return [Entry(source.url)]  # nothing was fetched: the page's own fetch is logged
        sid = writer.source_id(source.kind, source.url)
        etag, modified = writer.source_validators(self.con, sid)
        if source.kind == "feed":
            return self._read_feed(source, sid, etag, modified)
        if source.kind == "site":
            self._ensure_robots(source.url)
            entries: list[Entry] = []
            for sm in self._robots.sitemaps(source.url)[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(sm, sid, *writer.sitemap_validators(self.con, sm), depth=1)
            self._mark_source(sid, "ok" if entries else "no_sitemap")
            return entries
        return self._read_sitemap(source.url, sid, etag, modified, depth=0)

    def _mark_source(self, sid: str, status: str, etag: str | None = None, last_modified: str | None = None) -> None:
        self._source_marks.append((sid, status, etag, last_modified))

    def _source_response(self, url: str, kind: str, sid: str | None, resp: Response | None) -> bool:
        """Log a feed or sitemap response; True when it has a body to read."""
        if resp is None:
            if sid:
                self._mark_source(sid, self._robots.unreachable_reason(url) or "robots_disallowed")
            return False
        if resp.not_modified:
            self._log(FetchRecord(url, kind, "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))
            if sid:
                self._mark_source(sid, "not_modified")
                self.summary.counts["sources_unchanged"] += 1
            return False
        if not resp.ok:
            reason = resp.error or f"http_{resp.status}"
            self._skip_or_fail(url, kind, reason, resp)
            if sid:
                self._mark_source(sid, reason)
            return False
        self._log(FetchRecord(url, kind, "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))
        etag, last_modified = resp.headers.get("etag"), resp.headers.get("last-modified")
        if sid:
            self._mark_source(sid, "ok", etag, last_modified)
        elif kind == "sitemap" and (etag or last_modified):
            self._sitemap_marks.append((url, etag, last_modified))
        return True

    def _read_feed(self, source: Source, sid: str, etag, modified) -> list[Entry]:
        resp = self._polite_get(source.url, "feed", etag, modified)
        if not self._source_response(source.url, "feed", sid, resp):
            return []
        try:
            return parse_feed(resp.body, resp.final_url or source.url)
        except FeedError as exc:
            self._skip_or_fail(source.url, "feed", f"bad_feed: {exc}", resp)
            self._mark_source(sid, "bad_feed")
            return []

    def _read_sitemap(self, url: str, sid: str, etag, modified, depth: int) -> list[Entry]:
        try:
            host_of(url)
        except ValueError as exc:  # an index or robots.txt listing a port out of range: skip that one
            self._skip_or_fail(url, "sitemap", f"bad_url: {exc}")
            return []
        resp = self._polite_get(url, "sitemap", etag, modified)
        if not self._source_response(url, "sitemap", sid if depth == 0 else None, resp):
            return []
        try:
            sm = parse_sitemap(resp.body, resp.final_url or url)
        except SitemapError as exc:
            self._skip_or_fail(url, "sitemap", f"bad_sitemap: {exc}", resp)
            return []
        entries = list(sm.entries)
        if depth < MAX_SITEMAP_DEPTH:
            for child in sm.children[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(child, sid, *writer.sitemap_validators(self.con, child), depth + 1)
        return entries

    def _admit(self, source: Source, entries: list[Entry], now: datetime) -> list[Discovered]:
        out = []
        sid = writer.source_id(source.kind, source.url)
        # the names the entity registry (and extraction since) knows them by, read once per source
        names = crawl_state.entity_names(self.con, source.entities) if source.entities else ()
        for entry in entries:
            try:
                url = canonical_url(entry.url)
                host = host_of(url)
            except ValueError as exc:  # a port out of range, a broken IPv6 literal: one bad link, not a bad run
                self._skip_or_fail(entry.url, "page", f"bad_url: {exc}")
                continue
            if source.kind != "seed" and not source.relevant(entry.title, entry.summary, entry.url, entity_names=names):
                self.summary.counts["filtered_keywords"] += 1
                continue
            if (source.max_age_days is not None and entry.published is not None
                    and entry.published < now - timedelta(days=source.max_age_days)):
                self.summary.counts["filtered_age"] += 1
                continue
            # a sitemap's lastmod or a feed entry's updated: a stored copy older than it is fetched again
            lastmod = entry.published if source.kind in ("sitemap", "site") else entry.updated
            out.append(Discovered(url, host, sid, source.lang, lastmod))
        return out

    # -- batched writes -----------------------------------------------------------------------
    def _mark(self, url: str, state: str, reason: str | None = None, attempted: bool = True) -> None:
        if self._batch is not None:
            self._pending.marks.append((url, state, reason, attempted))
        else:
            crawl_state.mark(self.con, url, state, reason, attempted)

    def _flush(self, force: bool = False) -> None:
        """Hand the buffered rows to the writing thread when a batch is due; with FORCE, write them
        all and wait. The fetch loop goes on meanwhile, so slow writes never delay a request."""
        if self._batch is None:
            return
        if self._writing is not None:
            if not (force or self._writing.done() or len(self._pending.pages) >= MAX_PENDING_PAGES):
                return
            self._finish_write()
        due = (force or len(self._pending.pages) >= BATCH_PAGES
               or time.monotonic() - self._batch_started >= BATCH_SECONDS)
        if not due:
            return
        work, self._pending = self._pending, _Pending()
        self._batch_started = time.monotonic()
        self._writing = self._writes.submit(self._write, work)
        if force:
            self._finish_write()

    def _finish_write(self) -> None:
        """Wait for the batch being written; its errors are raised here, on the crawl's thread."""
        writing, self._writing = self._writing, None
        for saved in writing.result():
            self._count_saved(saved)

    def _write(self, work: _Pending) -> list[SavedPage]:
        """Runs on the writing thread, the only one using the connection while pages are fetched."""
        return self._memory.run(lambda: self._write_batch(work))

    def _write_batch(self, work: _Pending) -> list[SavedPage]:
        """One batch in the open transaction, committed; rolled back whole if a statement fails."""
        try:
            saved = writer.save_pages(self.con, work.pages)
            writer.touch_pages(self.con, work.touched)
            writer.record_fetches(self.con, work.logs)
            crawl_state.mark_many(self.con, work.marks)
            crawl_state.save_robots(self.con, work.robots)
        except BaseException:
            self._batch.rollback()
            self._batch.begin()
            raise
        self._batch.commit()
        self._batch.begin()
        return saved

    def _count_saved(self, saved: SavedPage) -> None:
        self.summary.counts[saved.status] += 1
        if saved.duplicate_of:
            self.summary.counts["duplicate"] += 1
        if saved.near_duplicate_of:
            self.summary.counts["near_duplicate"] += 1

    # -- pages ------------------------------------------------------------------------------
    def _store_page(self, item: FrontierItem, resp: Response, page: _Analysed | str | None) -> None:
        if resp.not_modified:
            self._pending.touched.append(item.url)
            self._mark(item.url, "done", "not_modified")
            self.summary.counts["unchanged"] += 1
            self._log(FetchRecord(item.url, "page", "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))
            return
        if isinstance(page, str):
            key = page.split(":")[0]
            self._mark(item.url, "skipped" if key in _SKIP_REASONS else "failed", key)
            self._skip_or_fail(item.url, "page", page, resp)
            return
        # stored with the batch, which finds new, changed or unchanged and the copies in a few statements
        self._pending.pages.append(PageRecord(
            url=item.url, html=page.html, final_url=resp.final_url, source_id=item.source_id, lang_hint=item.lang_hint,
            http_status=resp.status, etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            content_type=resp.content_type, canonical_url=page.canonical, page_kind=page.kind,
            text_hash=page.fingerprint.text_hash, simhash=page.fingerprint.simhash, html_gz=page.html_gz,
            content_hash=page.content_hash,
        ))
        self.summary.counts["fetched"] += 1
        if page.kind != ARTICLE:
            self._mark(item.url, "skipped", page.kind)
            self._skip_or_fail(item.url, "page", page.kind, resp)
            return
        self._mark(item.url, "done")
        self._log(FetchRecord(item.url, "page", "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))

    # -- scheduling -------------------------------------------------------------------------
    def _fetch_job(self, job: _Job, not_before: float) -> tuple[Response, float, _Analysed | str | None]:
        """Runs on a worker thread: waits for the host's start time and a request slot, fetches, then
        decodes and fingerprints a page here (slot released) so the writing thread only writes.
        Returns when the request went out, from which the host's next start is counted."""
        sleep_until(not_before - _READY_AHEAD_S)
        with self._request_slots:
            started = time.monotonic()
            if job.what == "robots":
                resp = self._fetcher.get(self._robots.robots_url(job.url), accept=_ROBOTS_ACCEPT, not_before=not_before)
            elif job.what == "source":
                resp = self._fetcher.get(job.url, *self._source_validators.get(job.url, (None, None)),
                                         not_before=not_before, follow_redirects=False)
            else:
                etag, last_modified = self._validators.get(job.url) or (None, None)
                # a page's redirects go back through the scheduler, which asks robots.txt and spaces hops
                resp = self._fetcher.get(job.url, etag, last_modified, not_before=not_before, follow_redirects=False,
                                         content_types=_HTML_TYPES)
        sent = resp.sent_at or started
        if job.what != "page" or not resp.ok:
            return resp, sent, None
        if self.archive is not None:
            self.archive.record(resp)
        try:
            page = _analyse(resp)
        except Exception as exc:  # noqa: BLE001 - a hostile page costs one failure row, never the crawl
            page = f"unreadable_page: {type(exc).__name__}"
        return resp, sent, page

    def _schedule(self, name: str) -> None:
        """Put a host in the ready heap if it has something to fetch and nothing pending."""
        host = self._hosts[name]
        wants_robots = host.robots_for is not None and not self._robots.known(host.robots_for)
        if not host.scheduled and not host.paused and (host.queue or host.sources or wants_robots):
            host.scheduled = True
            heapq.heappush(self._ready, (host.next_start, name))

    def _next_job(self, name: str, host: _Host) -> _Job | None:
        """What to ask a host next: robots.txt while its origin's is unknown, else its next feed or sitemap
        to fetch ahead, else its next allowed page."""
        while host.sources and not host.paused:
            url = host.sources[0]
            if not self._robots.known(url):
                return _Job(name, "robots", url)
            host.sources.popleft()
            if self._robots.allowed(url):
                return _Job(name, "source", url)
            # refused: discovery logs the refusal when it reads the source
        while host.queue and not host.paused:
            entry = host.queue[0]
            if not self._robots.known(entry.url):
                return _Job(name, "robots", entry.url)  # the page stays first in the queue
            host.queue.popleft()
            item = entry.origin if isinstance(entry, _Hop) else entry
            refusal = self._refusal(entry.url)
            if refusal is None:
                return _Job(name, "page", entry.url, item)
            self._redirects.pop(item.url, None)
            state = "skipped" if "disallowed" in refusal else "failed" if refusal.startswith("unsafe_url") else "queued"
            self._mark(item.url, state, refusal, attempted=False)
            self._skip_or_fail(item.url, "page", refusal)
        if host.robots_for and not host.paused and not self._robots.known(host.robots_for):
            return _Job(name, "robots", host.robots_for)
        return None

    def _dispatch(self) -> None:
        """Hand each host due within SCHEDULE_AHEAD_S its next job, while a worker is free for it."""
        horizon = time.monotonic() + SCHEDULE_AHEAD_S
        while self._ready and self._ready[0][0] <= horizon and len(self._in_flight) < self._workers:
            _, name = heapq.heappop(self._ready)
            host = self._hosts[name]
            host.scheduled = False
            job = self._next_job(name, host)
            if job is not None:
                host.scheduled = True
                # the host's start time as it is now: a retry or Crawl-delay may have moved it since
                self._in_flight[self._pool.submit(self._fetch_job, job, host.next_start)] = job

    def _complete(self, fut: Future) -> None:
        job = self._in_flight.pop(fut)
        host = self._hosts[job.host]
        host.scheduled = False
        resp, started, page = fut.result()
        self._after_fetch(job, host, resp, started, page)
        self._schedule(job.host)

    def _step(self) -> None:
        """Discovery's turn of the scheduler: hand out the jobs due, then handle the next answer, or
        sleep until the next host is due when nothing is in flight."""
        self._dispatch()
        if self._in_flight:
            timeout = None  # until an answer comes, or the next host is due and a worker is free for it
            if self._ready and len(self._in_flight) < self._workers:
                timeout = max(0.0, self._ready[0][0] - SCHEDULE_AHEAD_S - time.monotonic())
            done, _ = wait(self._in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            for fut in done:
                self._complete(fut)
        elif self._ready:
            sleep_until(self._ready[0][0] - SCHEDULE_AHEAD_S)

    def _settle(self, name: str) -> None:
        """Wait until host NAME has no request in flight, handling whatever else completes meanwhile."""
        while any(job.host == name for job in self._in_flight.values()):
            self._step()

    def _prepare_hosts(self, sources: list[Source]) -> None:
        """Take each source's delay for its host, and start fetching the robots.txt of every source's
        host now, and every feed and sitemap after it, so that discovery reads the sources of different
        hosts at once and the first pages do not wait for them one after the other."""
        first_of_host: set[str] = set()
        for source in sources:
            if not source.enabled:
                continue
            try:
                name = host_of(source.url)
            except ValueError:
                continue  # discovery logs it as a bad URL
            if source.delay is not None:
                self._host_delay[name] = source.delay
            if name not in first_of_host:
                first_of_host.add(name)
                if not self._robots.known(source.url):
                    self._hosts[name].robots_for = source.url
            if source.kind in ("feed", "sitemap") and source.url not in self._source_validators:
                # the validators discovery will send: a 304 fetched ahead answers the same question
                self._source_validators[source.url] = writer.source_validators(
                    self.con, writer.source_id(source.kind, source.url))
                self._hosts[name].sources.append(source.url)
            self._schedule(name)
        self._dispatch()

    def _await_ahead(self, url: str) -> None:
        """Wait until URL, if it is to be fetched ahead, has been, handling whatever else completes meanwhile.
        Discovery fetches it itself when it was not (robots.txt refused it, its host was paused)."""
        name = host_of(url)
        host = self._hosts[name]
        while not host.paused and (url in host.sources or any(
                job.what == "source" and job.url == url for job in self._in_flight.values())):
            self._schedule(name)
            self._step()

    def _load_frontier(self) -> None:
        """Queue what the frontier holds for this run, per host."""
        # reads only, so run again with more memory when DuckDB needs it, as the writes are
        items = self._memory.run(lambda: crawl_state.queued(self.con, self.settings.max_pages))
        self.on_event({"event": "queued", "count": len(items)})
        self._validators = self._memory.run(
            lambda: {i.url: writer.page_validators(self.con, i.url) for i in items if i.refresh})
        for item in items:
            self._hosts[item.host].queue.append(item)
        for name in list(self._hosts):
            self._schedule(name)

    def _fetch_pages(self) -> None:
        self._load_frontier()
        self._batch = Batch(self.con)
        self._batch.begin()
        self._batch_started = time.monotonic()
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="write")
        try:
            self._fetch_loop()
            self._flush(force=True)
        except BaseException:
            self._writes.shutdown(wait=True)  # the connection is ours again once the writing thread is done
            self._writing = None
            self._batch.rollback()
            raise
        finally:
            self._writes.shutdown(wait=True)
            self._batch.commit()
            self._batch = None
        left = sum(len(h.queue) for h in self._hosts.values())
        if left:
            self.summary.counts["left_queued"] += left

    def _fetch_loop(self) -> None:
        while self._ready or self._in_flight:
            self._dispatch()
            if not self._in_flight:
                if self._pending:
                    self._flush(force=True)  # nothing to do until a host's time comes (a Retry-After): write now
                if self._ready:
                    sleep_until(self._ready[0][0] - SCHEDULE_AHEAD_S)
                continue
            timeout = BATCH_SECONDS  # so that a batch is written on time even while requests are slow
            if self._ready and len(self._in_flight) < self._workers:
                timeout = min(timeout, max(0.0, self._ready[0][0] - SCHEDULE_AHEAD_S - time.monotonic()))
            done, _ = wait(self._in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            for fut in done:
                self._complete(fut)
            self._dispatch()  # the hosts just answered get their next job before anything else
            self._flush()

    def _after_fetch(self, job: _Job, host: _Host, resp: Response, started: float, page: _Analysed | str | None) -> None:
        if job.what == "robots":
            self._store_robots(job.url, resp)
            # start-to-start spacing, with the Crawl-delay just learnt
            host.next_start = started + self._delay_for(job.url)
            return  # a page waiting for it is still first in the host's queue
        if job.what == "source":
            host.next_start = started + self._delay_for(job.url)
            self._fetched_ahead[(job.url, *self._source_validators.get(job.url, (None, None)))] = resp
            return
        item = job.item
        host.next_start = started + self._delay_for(job.url)
        if resp.redirect_to is not None:
            host.failures = 0
            self._follow(item, resp)
            return
        self._redirects.pop(item.url, None)
        if resp.error and resp.error.startswith("content_type"):
            host.failures = 0  # not HTML, and not read: a page to skip, not a failing host
            self._store_page(item, resp, resp.error)
            return
        if resp.ok or resp.not_modified:
            host.failures = 0
            self._store_page(item, resp, page)
            return
        if resp.error == "too_large" or (resp.status is not None and 400 <= resp.status < 500 and not is_transient(resp)):
            host.failures = 0  # the server answered: the page is bad, not the host
        else:
            host.failures += 1
        reason = resp.error or f"http_{resp.status}"
        pause = None
        if is_transient(resp):
            self._attempts[item.url] += 1
            tries = self._attempts[item.url]
            wait_s = self._retry_wait(resp, tries - 1)
            if tries <= self.settings.max_retries and wait_s is not None and host.failures < self.settings.max_host_failures:
                self.summary.counts["retries"] += 1
                self._log(FetchRecord(item.url, "page", "error", resp.final_url, resp.status, f"{reason} (will retry)",
                                      resp.content_type, len(resp.body), resp.elapsed_ms))
                host.queue.appendleft(item if job.url == item.url else _Hop(job.url, job.host, item))
                host.next_start = max(host.next_start, time.monotonic() + wait_s)
                return
            if wait_s is None:
                # Retry-After beyond our patience: leave the URL for a later run and the host alone
                pause = f"retry_after {retry_after_s(resp):.0f}s"
        if not is_transient(resp):
            self._mark(item.url, "failed", reason)
        elif item.attempts + 1 >= self.settings.max_url_runs:
            # a page down for days would otherwise be asked for in every run, for ever
            self._mark(item.url, "failed", f"{reason} (gave up after {item.attempts + 1} runs)")
        else:
            self._mark(item.url, "queued", reason)
        self._skip_or_fail(item.url, "page", reason, resp)
        if pause is None and host.failures >= self.settings.max_host_failures:
            pause = f"{host.failures} consecutive failures"
        if pause is not None and not host.paused:
            self._pause(job.host, host, pause)

    def _follow(self, item: FrontierItem, resp: Response) -> None:
        """Queue a page's redirect target first on its host, as a page of its own would be: the host's
        robots.txt and delay apply to it (following on the spot skipped both)."""
        target = resp.redirect_to
        hops = self._redirects.setdefault(item.url, [item.url])
        name, reason = _next_hop(hops, target)
        if reason is not None:
            self._redirects.pop(item.url, None)
            self._mark(item.url, "failed", reason)
            self._skip_or_fail(item.url, "page", reason, resp)
            return
        hops.append(target)
        self._hosts[name].queue.appendleft(_Hop(target, name, item))
        self._schedule(name)

    def _discover_all(self, sources: list[Source]) -> None:
        """Read every enabled source and put the article URLs it lists in the frontier."""
        now = datetime.now(timezone.utc)
        seen: set[str] = set()
        discovered: list[Discovered] = []
        for source in sources:
            if not source.enabled:
                self.summary.counts["sources_disabled"] += 1
                continue
            self.on_event({"event": "source", "name": source.name, "url": source.url})
            self.summary.counts["sources"] += 1
            found = [d for d in self._admit(source, self._discover(source), now) if d.url not in seen]
            seen.update(d.url for d in found)
            discovered += found
        self._fetched_ahead.clear()  # whatever was fetched ahead and not read (a source listed twice) is dropped
        marks, self._source_marks = self._source_marks, []
        sitemaps, self._sitemap_marks = self._sitemap_marks, []

        def enqueue() -> dict[str, int]:
            # one transaction for every URL of every source (thousands of seeds cost one commit), with
            # the sources' new validators
            with transaction(self.con):
                counts = crawl_state.enqueue(self.con, discovered)
                for mark in marks:
                    writer.mark_source_fetched(self.con, *mark)
                writer.save_sitemap_validators(self.con, sitemaps)
            return counts

        counts = self._memory.run(enqueue)
        self.summary.counts["discovered"] += counts["queued"] + counts["requeued"]
        self.summary.counts["known"] += counts["known"]

    def run(self, sources: list[Source]) -> CrawlSummary:
        """Crawl the enabled sources and whatever a previous run left queued; never raises for a bad URL or server."""
        self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="fetch")
        try:
            with MemoryCap(self.con, self.settings.db_memory_mb) as self._memory:
                self._prepare_hosts(sources)
                self._discover_all(sources)
                self._fetch_pages()
        finally:
            # requests not started yet are dropped; their URLs are still queued in the frontier
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._fetcher.close()
        return self.summary


