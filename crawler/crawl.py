"""The crawl: read sources, put article URLs in the frontier, fetch them politely and concurrently
across hosts, store them through db/.

Threads only fetch; every database write happens on the calling thread, so one DuckDB
connection serves the whole crawl.
"""
from __future__ import annotations

import heapq
import time
from collections import Counter, defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Callable

import duckdb

from crawler.feeds import Entry, FeedError, parse_feed
from crawler.fetch import Fetcher, FetchSettings, Response, looks_binary
from crawler.fingerprint import Fingerprint, fingerprint
from crawler.page_kind import ARTICLE, declared_canonical, page_kind
from crawler.redact import redact_text, redact_url
from crawler.retry import backoff_s, is_transient, retry_after_s
from crawler.robots import RobotsCache
from crawler.sitemaps import SitemapError, parse_sitemap
from crawler.sources import Source
from crawler.urls import canonical_url, host_of
from crawler.warc_writer import WarcArchive
from db import crawl_state, writer
from db.connection import Batch, limit_memory
from db.copies import CopyIndex
from db.keys import content_hash
from db.crawl_state import Discovered, FrontierItem
from db.records import FetchRecord, PageRecord, SavedPage

MAX_SITEMAP_DEPTH = 3
BATCH_PAGES = 50  # pages stored per transaction during the fetch phase
BATCH_SECONDS = 1.0  # and at least this often, so a killed crawl loses little
MAX_SITEMAP_CHILDREN = 50
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_SKIP_REASONS = ("robots_disallowed", "content_type", "binary_body", "consent_wall", "paywall")  # not failures

Event = Callable[[dict], None]


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and limits of one crawl."""

    fetch: FetchSettings
    delay_s: float = 1.0  # minimum seconds between the starts of two requests to one host
    max_pages: int = 2000
    robots_ttl_s: float = 86400.0
    concurrency: int = 8  # requests in flight over all hosts; one per host at most
    max_retries: int = 2  # further attempts after a transient failure, within one run
    retry_base_s: float = 1.0
    retry_cap_s: float = 60.0
    max_retry_after_s: float = 300.0  # a longer Retry-After leaves the URL for a later run
    max_host_failures: int = 5  # consecutive failures that pause a host for the rest of the run
    db_memory_mb: int = 256  # DuckDB buffer cap while crawling


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
    next_start: float = 0.0
    failures: int = 0
    paused: str | None = None


@dataclass(frozen=True)
class _Analysed:
    html: str
    fingerprint: Fingerprint
    kind: str
    canonical: str | None
    html_gz: bytes
    content_hash: str


def _analyse(resp: Response) -> _Analysed | str:
    """Decode and fingerprint an HTML response; for anything else, the reason it is skipped."""
    if resp.content_type not in _HTML_TYPES:
        return f"content_type: {resp.content_type}"
    if looks_binary(resp.body):
        return f"binary_body: binary content served as {resp.content_type or 'no content type'}"
    html = resp.text()
    fp = fingerprint(html)
    canonical = declared_canonical(html)
    return _Analysed(html, fp, page_kind(html, fp.words), canonical_url(canonical) if canonical else None,
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
        # DuckDB would otherwise keep every page it wrote cached, and a crawl's memory would grow with it
        limit_memory(con, settings.db_memory_mb)
        self._fetcher = Fetcher(settings.fetch)
        self._robots = RobotsCache(settings.fetch.user_agent, settings.robots_ttl_s)
        self._hosts: dict[str, _Host] = defaultdict(_Host)
        self._host_delay: dict[str, float] = {}
        self._validators: dict[str, tuple[str | None, str | None] | None] = {}
        self._batch: Batch | None = None  # open during the fetch phase
        self._pending_logs: list[FetchRecord] = []
        self._pending_pages: list[tuple[PageRecord, tuple[str | None, str | None]]] = []
        self._pending_marks: list[tuple[str, str, str | None, bool]] = []
        self._batch_pages = 0
        self._batch_started = 0.0
        for row in crawl_state.load_robots(con).values():
            self._robots.load(row)

    # -- politeness -------------------------------------------------------------------------
    def _delay_for(self, url: str) -> float:
        host = host_of(url)
        robots = self._robots.crawl_delay(url)
        return max(self._host_delay.get(host, self.settings.delay_s), robots or 0.0)

    def _ensure_robots(self, url: str) -> None:
        """Fetch robots.txt for URL's origin now, on this thread (discovery phase)."""
        if self._robots.known(url):
            return
        host = self._hosts[host_of(url)]
        _sleep_until(host.next_start)
        started = time.monotonic()
        resp = self._fetcher.get(self._robots.robots_url(url), accept="text/plain,*/*;q=0.5")
        host.next_start = started + self.settings.delay_s
        self._store_robots(url, resp)

    def _store_robots(self, url: str, resp: Response) -> None:
        row = self._robots.store(url, resp)
        crawl_state.save_robots(self.con, row)
        outcome = "ok" if resp.ok else ("skipped" if resp.status and resp.status < 500 else "error")
        self._log(FetchRecord(self._robots.robots_url(url), "robots", outcome, resp.final_url, resp.status,
                              resp.error, resp.content_type, len(resp.body), resp.elapsed_ms))

    def _refusal(self, url: str) -> str | None:
        """Why robots.txt keeps us from URL, or None when we may fetch it."""
        if self._robots.allowed(url):
            return None
        unreachable = self._robots.unreachable_reason(url)
        # RFC 9309: a robots.txt that cannot be fetched means complete disallow; say why
        return f"robots_unreachable: {unreachable}" if unreachable else "robots_disallowed"

    def _polite_get(self, url: str, kind: str, etag: str | None = None, last_modified: str | None = None) -> Response | None:
        """Synchronous polite GET for feeds and sitemaps, with retries for transient failures."""
        self._ensure_robots(url)
        refusal = self._refusal(url)
        if refusal:
            self._skip_or_fail(url, kind, refusal)
            return None
        host = self._hosts[host_of(url)]
        for attempt in range(self.settings.max_retries + 1):
            _sleep_until(host.next_start)
            started = time.monotonic()
            resp = self._fetcher.get(url, etag, last_modified)
            host.next_start = started + self._delay_for(url)
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
            self._pending_logs.append(record)
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
        sid = writer.source_id(source.kind, source.url)
        if source.delay is not None:
            self._host_delay[host_of(source.url)] = source.delay
        if source.kind == "seed":
            return [Entry(source.url)]  # nothing was fetched: the page's own fetch is logged
        etag, modified = writer.source_validators(self.con, sid)
        if source.kind == "feed":
            return self._read_feed(source, sid, etag, modified)
        if source.kind == "site":
            self._ensure_robots(source.url)
            entries: list[Entry] = []
            for sm in self._robots.sitemaps(source.url)[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(sm, sid, None, None, depth=1)
            writer.mark_source_fetched(self.con, sid, "ok" if entries else "no_sitemap")
            return entries
        return self._read_sitemap(source.url, sid, etag, modified, depth=0)

    def _source_response(self, url: str, kind: str, sid: str | None, resp: Response | None) -> bool:
        """Log a feed or sitemap response; True when it has a body to read."""
        if resp is None:
            if sid:
                writer.mark_source_fetched(self.con, sid, self._robots.unreachable_reason(url) or "robots_disallowed")
            return False
        if resp.not_modified:
            self._log(FetchRecord(url, kind, "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))
            if sid:
                writer.mark_source_fetched(self.con, sid, "not_modified")
                self.summary.counts["sources_unchanged"] += 1
            return False
        if not resp.ok:
            reason = resp.error or f"http_{resp.status}"
            self._skip_or_fail(url, kind, reason, resp)
            if sid:
                writer.mark_source_fetched(self.con, sid, reason)
            return False
        self._log(FetchRecord(url, kind, "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))
        if sid:
            writer.mark_source_fetched(self.con, sid, "ok", resp.headers.get("etag"), resp.headers.get("last-modified"))
        return True

    def _read_feed(self, source: Source, sid: str, etag, modified) -> list[Entry]:
        resp = self._polite_get(source.url, "feed", etag, modified)
        if not self._source_response(source.url, "feed", sid, resp):
            return []
        try:
            return parse_feed(resp.body, resp.final_url or source.url)
        except FeedError as exc:
            self._skip_or_fail(source.url, "feed", f"bad_feed: {exc}", resp)
            writer.mark_source_fetched(self.con, sid, "bad_feed")
            return []

    def _read_sitemap(self, url: str, sid: str, etag, modified, depth: int) -> list[Entry]:
        resp = self._polite_get(url, "sitemap", etag if depth == 0 else None, modified if depth == 0 else None)
        if not self._source_response(url, "sitemap", sid if depth == 0 else None, resp):
            return []
        try:
            sm = parse_sitemap(resp.body)
        except SitemapError as exc:
            self._skip_or_fail(url, "sitemap", f"bad_sitemap: {exc}", resp)
            return []
        entries = list(sm.entries)
        if depth < MAX_SITEMAP_DEPTH:
            for child in sm.children[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(child, sid, None, None, depth + 1)
        return entries

    def _admit(self, source: Source, entries: list[Entry], now: datetime) -> list[Discovered]:
        out = []
        for entry in entries:
            url = canonical_url(entry.url)
            if source.kind != "seed" and not source.relevant(entry.title, entry.summary, entry.url):
                self.summary.counts["filtered_keywords"] += 1
                continue
            if (source.max_age_days is not None and entry.published is not None
                    and entry.published < now - timedelta(days=source.max_age_days)):
                self.summary.counts["filtered_age"] += 1
                continue
            lastmod = entry.published if source.kind in ("sitemap", "site") else None
            out.append(Discovered(url, host_of(url), writer.source_id(source.kind, source.url), source.lang, lastmod))
        return out

    # -- batched writes -----------------------------------------------------------------------
    def _mark(self, url: str, state: str, reason: str | None = None, attempted: bool = True) -> None:
        if self._batch is not None:
            self._pending_marks.append((url, state, reason, attempted))
        else:
            crawl_state.mark(self.con, url, state, reason, attempted)

    def _flush(self, force: bool = False) -> None:
        """Write the buffered log rows and frontier states, and commit the batch when it is due."""
        if self._batch is None:
            return
        due = force or self._batch_pages >= BATCH_PAGES or time.monotonic() - self._batch_started >= BATCH_SECONDS
        if not due:
            return
        writer.insert_new_pages(self.con, self._pending_pages)
        writer.record_fetches(self.con, self._pending_logs)
        crawl_state.mark_many(self.con, self._pending_marks)
        self._pending_pages, self._pending_logs, self._pending_marks = [], [], []
        self._batch.commit()
        self._batch.begin()
        self._batch_pages, self._batch_started = 0, time.monotonic()

    # -- pages ------------------------------------------------------------------------------
    def _store_page(self, item: FrontierItem, resp: Response, page: _Analysed | str | None) -> None:
        if resp.not_modified:
            writer.touch_page(self.con, item.url)
            self._mark(item.url, "done", "not_modified")
            self.summary.counts["unchanged"] += 1
            self._log(FetchRecord(item.url, "page", "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))
            return
        if isinstance(page, str):
            key = page.split(":")[0]
            self._mark(item.url, "skipped" if key in _SKIP_REASONS else "failed", key)
            self._skip_or_fail(item.url, "page", page, resp)
            return
        pid = writer.page_id(item.url)
        copies = self._copies.find(pid, item.url, page.canonical, page.fingerprint.text_hash, page.fingerprint.simhash)
        record = PageRecord(
            url=item.url, html=page.html, final_url=resp.final_url, source_id=item.source_id, lang_hint=item.lang_hint,
            http_status=resp.status, etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            content_type=resp.content_type, canonical_url=page.canonical, page_kind=page.kind,
            text_hash=page.fingerprint.text_hash, simhash=page.fingerprint.simhash, html_gz=page.html_gz,
            content_hash=page.content_hash,
        )
        if item.refresh or self._batch is None:
            saved = writer.save_page(self.con, record, copies)
        else:
            # a page never stored is new: it waits for the batch's single insert
            self._pending_pages.append((record, copies))
            saved = SavedPage("new", *copies)
        if saved.status != "unchanged":
            self._copies.add(pid, item.url, page.canonical, page.fingerprint.text_hash, page.fingerprint.simhash)
        self.summary.counts["fetched"] += 1
        self.summary.counts[saved.status] += 1
        if saved.duplicate_of:
            self.summary.counts["duplicate"] += 1
        if saved.near_duplicate_of:
            self.summary.counts["near_duplicate"] += 1
        if page.kind != ARTICLE:
            self._mark(item.url, "skipped", page.kind)
            self._skip_or_fail(item.url, "page", page.kind, resp)
            return
        self._mark(item.url, "done")
        self._batch_pages += 1
        self._log(FetchRecord(item.url, "page", "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))

    def _fetch_job(self, item: FrontierItem) -> tuple[str, Response, float, _Analysed | str | None]:
        """Runs on a worker thread: robots.txt first if the origin is unknown, else the page,
        decoded and fingerprinted here so the writing thread only writes."""
        started = time.monotonic()
        if not self._robots.known(item.url):
            resp = self._fetcher.get(self._robots.robots_url(item.url), accept="text/plain,*/*;q=0.5")
            return "robots", resp, started, None
        etag, last_modified = self._validators.get(item.url) or (None, None)
        resp = self._fetcher.get(item.url, etag, last_modified)
        if self.archive is not None and resp.ok:
            self.archive.record(resp)
        try:
            page = _analyse(resp) if resp.ok else None
        except Exception as exc:  # noqa: BLE001 - a hostile page costs one failure row, never the crawl
            page = f"unreadable_page: {type(exc).__name__}"
        return "page", resp, started, page

    def _fetch_pages(self) -> None:
        items = crawl_state.queued(self.con, self.settings.max_pages)
        self.on_event({"event": "queued", "count": len(items)})
        self._validators = {i.url: writer.page_validators(self.con, i.url) for i in items if i.refresh}
        self._copies = CopyIndex(writer.page_fingerprints(self.con))
        for item in items:
            self._hosts[item.host].queue.append(item)
        ready = [(h.next_start, name) for name, h in self._hosts.items() if h.queue]
        heapq.heapify(ready)
        in_flight: dict[Future, tuple[str, FrontierItem]] = {}
        attempts: Counter = Counter()
        self._batch = Batch(self.con)
        self._batch.begin()
        self._batch_started = time.monotonic()
        try:
            self._fetch_loop(ready, in_flight, attempts)
            self._flush(force=True)
        except BaseException:
            self._batch.rollback()
            raise
        finally:
            self._batch.commit()
            self._batch = None
        left = sum(len(h.queue) for h in self._hosts.values())
        if left:
            self.summary.counts["left_queued"] += left

    def _fetch_loop(self, ready: list, in_flight: dict, attempts: Counter) -> None:
        with ThreadPoolExecutor(max_workers=max(1, self.settings.concurrency), thread_name_prefix="fetch") as pool:
            while ready or in_flight:
                now = time.monotonic()
                while ready and ready[0][0] <= now and len(in_flight) < self.settings.concurrency:
                    _, name = heapq.heappop(ready)
                    host = self._hosts[name]
                    if host.paused or not host.queue:
                        continue
                    item = host.queue[0]
                    if self._robots.known(item.url):
                        refusal = self._refusal(item.url)
                        if refusal:
                            host.queue.popleft()
                            self._mark(item.url, "skipped" if "disallowed" in refusal else "queued", refusal,
                                       attempted=False)
                            self._skip_or_fail(item.url, "page", refusal)
                            if host.queue:
                                heapq.heappush(ready, (host.next_start, name))
                            continue
                        host.queue.popleft()
                    in_flight[pool.submit(self._fetch_job, item)] = (name, item)
                timeout = max(0.0, ready[0][0] - time.monotonic()) if ready else None
                if not in_flight:
                    if timeout:
                        time.sleep(timeout)
                    continue
                if len(in_flight) >= self.settings.concurrency:
                    timeout = None
                done, _ = wait(list(in_flight), timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    name, item = in_flight.pop(fut)
                    host = self._hosts[name]
                    what, resp, started, page = fut.result()
                    self._after_fetch(name, host, item, what, resp, started, page, attempts)
                    if host.queue and not host.paused:
                        heapq.heappush(ready, (host.next_start, name))
                self._flush()

    def _after_fetch(self, name: str, host: _Host, item: FrontierItem, what: str, resp: Response, started: float,
                     page: _Analysed | str | None, attempts: Counter) -> None:
        # start-to-start spacing; a host is never asked twice at once, so this also follows the last answer
        if what == "robots":
            self._store_robots(item.url, resp)
            host.next_start = started + self._delay_for(item.url)
            return  # the item is still at the head of the host's queue
        host.next_start = started + self._delay_for(item.url)
        if resp.ok or resp.not_modified:
            host.failures = 0
            self._store_page(item, resp, page)
            return
        if resp.error == "too_large" or (resp.status is not None and 400 <= resp.status < 500 and not is_transient(resp)):
            host.failures = 0  # the server answered: the page is bad, not the host
        else:
            host.failures += 1
        reason = resp.error or f"http_{resp.status}"
        if is_transient(resp):
            attempts[item.url] += 1
            wait_s = self._retry_wait(resp, attempts[item.url] - 1)
            if attempts[item.url] <= self.settings.max_retries and wait_s is not None and host.failures < self.settings.max_host_failures:
                self.summary.counts["retries"] += 1
                self._log(FetchRecord(item.url, "page", "error", resp.final_url, resp.status, f"{reason} (will retry)",
                                      resp.content_type, len(resp.body), resp.elapsed_ms))
                host.queue.appendleft(item)
                host.next_start = max(host.next_start, time.monotonic() + wait_s)
                return
            if wait_s is None:
                # Retry-After beyond our patience: leave the URL for a later run and the host alone
                host.paused = f"retry_after {retry_after_s(resp):.0f}s"
        self._mark(item.url, "queued" if is_transient(resp) else "failed", reason)
        self._skip_or_fail(item.url, "page", reason, resp)
        if host.failures >= self.settings.max_host_failures and not host.paused:
            host.paused = f"{host.failures} consecutive failures"
        if host.paused:
            self.summary.counts["hosts_paused"] += 1
            self.on_event({"event": "host_paused", "host": name, "reason": host.paused, "left": len(host.queue)})

    def run(self, sources: list[Source]) -> CrawlSummary:
        """Crawl the enabled sources and whatever a previous run left queued; never raises for a bad URL or server."""
        try:
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
            # one transaction for every URL of every source: thousands of seeds cost one commit
            counts = crawl_state.enqueue(self.con, discovered)
            self.summary.counts["discovered"] += counts["queued"] + counts["requeued"]
            self.summary.counts["known"] += counts["known"]
            self._fetch_pages()
        finally:
            self._fetcher.close()
        return self.summary


def _sleep_until(t: float) -> None:
    delay = t - time.monotonic()
    if delay > 0:
        time.sleep(delay)
