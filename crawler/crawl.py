"""The crawl: read sources, discover article URLs, fetch new ones politely, store them through db/."""
from __future__ import annotations

import gzip
import heapq
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

import duckdb

from crawler.feeds import Entry, FeedError, parse_feed
from crawler.fetch import Fetcher, FetchSettings, Response
from crawler.robots import RobotsCache
from crawler.sitemaps import SitemapError, parse_sitemap
from crawler.sources import Source
from crawler.urls import canonical_url, host_of
from db import writer
from db.records import FetchRecord, PageRecord

MAX_SITEMAP_DEPTH = 3
MAX_SITEMAP_CHILDREN = 50
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")

Event = Callable[[dict], None]


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and limits of one crawl."""

    fetch: FetchSettings
    delay_s: float = 1.0
    max_pages: int = 2000
    robots_ttl_s: float = 86400.0


@dataclass
class CrawlSummary:
    """What a crawl did, by outcome."""

    counts: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        """Number of failed fetches."""
        return sum(self.failures.values())

    def as_dict(self) -> dict:
        """Flat counters for the runs table and the JSON log."""
        return {**self.counts, "failed": self.failed, "failures": dict(self.failures)}


class _HostClock:
    """Per-host politeness: the earliest moment each host may be asked again."""

    def __init__(self) -> None:
        self._next: dict[str, float] = defaultdict(float)

    def wait(self, host: str) -> None:
        delay = self._next[host] - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def done(self, host: str, delay_s: float) -> None:
        self._next[host] = time.monotonic() + delay_s

    def ready_at(self, host: str) -> float:
        return self._next[host]


class Crawler:
    """One crawl over a set of sources; stores pages and logs every fetch."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: CrawlSettings, run_id: str | None = None,
                 on_event: Event | None = None):
        self.con = con
        self.settings = settings
        self.run_id = run_id
        self.on_event = on_event or (lambda e: None)
        self.summary = CrawlSummary()
        self._clock = _HostClock()
        self._fetcher = Fetcher(settings.fetch)
        self._robots = RobotsCache(self._fetch_robots, settings.fetch.user_agent, settings.robots_ttl_s)
        self._host_delay: dict[str, float] = {}

    # -- politeness -------------------------------------------------------------------------
    def _delay_for(self, url: str) -> float:
        host = host_of(url)
        base = self._host_delay.get(host, self.settings.delay_s)
        robots = self._robots.crawl_delay(url)
        return max(base, robots or 0.0)

    def _fetch_robots(self, url: str) -> Response:
        host = host_of(url)
        self._clock.wait(host)
        resp = self._fetcher.get(url, accept="text/plain,*/*;q=0.5")
        self._clock.done(host, self._host_delay.get(host, self.settings.delay_s))
        self._log(FetchRecord(url, "robots", "ok" if resp.ok else ("skipped" if resp.status and resp.status < 500 else "error"),
                              resp.final_url, resp.status, resp.error, resp.content_type, len(resp.body), resp.elapsed_ms))
        return resp

    def _polite_get(self, url: str, kind: str, etag: str | None = None, last_modified: str | None = None) -> Response | None:
        if not self._robots.allowed(url):
            unreachable = self._robots.unreachable_reason(url)
            if unreachable:
                # RFC 9309: an unreachable robots.txt means complete disallow; say why
                self._fail(url, kind, f"robots_unreachable: {unreachable}")
            else:
                self._fail(url, kind, "robots_disallowed", outcome="skipped")
            return None
        host = host_of(url)
        delay = self._delay_for(url)
        self._clock.wait(host)
        resp = self._fetcher.get(url, etag, last_modified)
        self._clock.done(host, delay)
        return resp

    # -- logging ----------------------------------------------------------------------------
    def _log(self, record: FetchRecord) -> None:
        writer.record_fetch(self.con, FetchRecord(**{**record.__dict__, "run_id": self.run_id}))
        self.on_event({"event": "fetch", "kind": record.kind, "url": record.url, "outcome": record.outcome,
                       "status": record.http_status, "reason": record.reason})

    def _fail(self, url: str, kind: str, reason: str, resp: Response | None = None, outcome: str = "error") -> None:
        key = reason.split(":")[0]
        if outcome == "error":
            self.summary.failures[key] += 1
        else:
            self.summary.counts[key] += 1
        self._log(FetchRecord(url, kind, outcome, resp.final_url if resp else None, resp.status if resp else None,
                              reason, resp.content_type if resp else None, len(resp.body) if resp else None,
                              resp.elapsed_ms if resp else None))

    # -- sources ----------------------------------------------------------------------------
    def _discover(self, source: Source) -> list[Entry]:
        sid = writer.source_id(source.kind, source.url)
        if source.delay is not None:
            self._host_delay[host_of(source.url)] = source.delay
        if source.kind == "seed":
            writer.mark_source_fetched(self.con, sid, "ok")
            return [Entry(source.url)]
        etag, modified = writer.source_validators(self.con, sid)
        if source.kind == "feed":
            entries = self._read_feed(source, sid, etag, modified)
        else:
            entries = self._read_sitemap(source.url, source, sid, etag, modified, depth=0)
        return entries

    def _read_feed(self, source: Source, sid: str, etag, modified) -> list[Entry]:
        resp = self._polite_get(source.url, "feed", etag, modified)
        if resp is None:
            writer.mark_source_fetched(self.con, sid, self._robots.unreachable_reason(source.url) or "robots_disallowed")
            return []
        if resp.not_modified:
            self._log(FetchRecord(source.url, "feed", "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))
            writer.mark_source_fetched(self.con, sid, "not_modified")
            self.summary.counts["sources_unchanged"] += 1
            return []
        if not resp.ok:
            self._fail(source.url, "feed", resp.error or f"http_{resp.status}", resp)
            writer.mark_source_fetched(self.con, sid, resp.error or f"http_{resp.status}")
            return []
        try:
            entries = parse_feed(resp.body, resp.final_url or source.url)
        except FeedError as exc:
            self._fail(source.url, "feed", f"bad_feed: {exc}", resp)
            writer.mark_source_fetched(self.con, sid, "bad_feed")
            return []
        self._log(FetchRecord(source.url, "feed", "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))
        writer.mark_source_fetched(self.con, sid, "ok", resp.headers.get("etag"), resp.headers.get("last-modified"))
        return entries

    def _read_sitemap(self, url: str, source: Source, sid: str, etag, modified, depth: int) -> list[Entry]:
        resp = self._polite_get(url, "sitemap", etag if depth == 0 else None, modified if depth == 0 else None)
        if resp is None:
            return []
        if resp.not_modified:
            self._log(FetchRecord(url, "sitemap", "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))
            if depth == 0:
                writer.mark_source_fetched(self.con, sid, "not_modified")
                self.summary.counts["sources_unchanged"] += 1
            return []
        if not resp.ok:
            self._fail(url, "sitemap", resp.error or f"http_{resp.status}", resp)
            if depth == 0:
                writer.mark_source_fetched(self.con, sid, resp.error or f"http_{resp.status}")
            return []
        try:
            sm = parse_sitemap(_gunzip_if_needed(resp.body))
        except SitemapError as exc:
            self._fail(url, "sitemap", f"bad_sitemap: {exc}", resp)
            return []
        self._log(FetchRecord(url, "sitemap", "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))
        if depth == 0:
            writer.mark_source_fetched(self.con, sid, "ok", resp.headers.get("etag"), resp.headers.get("last-modified"))
        entries = list(sm.entries)
        if depth < MAX_SITEMAP_DEPTH:
            for child in sm.children[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(child, source, sid, None, None, depth + 1)
        return entries

    # -- pages ------------------------------------------------------------------------------
    def _fetch_page(self, url: str, source: Source) -> None:
        resp = self._polite_get(url, "page")
        if resp is None:
            return
        if not resp.ok:
            self._fail(url, "page", resp.error or f"http_{resp.status}", resp)
            return
        if resp.content_type not in _HTML_TYPES:
            self._fail(url, "page", f"content_type: {resp.content_type}", resp, outcome="skipped")
            return
        html = resp.text()
        status = writer.save_page(self.con, PageRecord(
            url=url, html=html, final_url=resp.final_url, source_id=writer.source_id(source.kind, source.url),
            lang_hint=source.lang, http_status=resp.status, etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"), content_type=resp.content_type,
        ))
        self.summary.counts["fetched"] += 1
        self.summary.counts[status] += 1
        self._log(FetchRecord(url, "page", "ok", resp.final_url, resp.status, None, resp.content_type,
                              len(resp.body), resp.elapsed_ms))

    def run(self, sources: list[Source]) -> CrawlSummary:
        """Crawl the enabled sources; never raises for a bad URL or server."""
        try:
            known = writer.known_page_urls(self.con)
            queues: dict[str, deque[tuple[str, Source]]] = defaultdict(deque)
            seen: set[str] = set()
            now = datetime.now(timezone.utc)
            for source in sources:
                if not source.enabled:
                    self.summary.counts["sources_disabled"] += 1
                    continue
                self.on_event({"event": "source", "name": source.name, "url": source.url})
                self.summary.counts["sources"] += 1
                for entry in self._discover(source):
                    url = canonical_url(entry.url)
                    if url in seen:
                        continue
                    seen.add(url)
                    if not source.relevant(entry.title, entry.summary, entry.url) and source.kind != "seed":
                        self.summary.counts["filtered_keywords"] += 1
                        continue
                    if (source.max_age_days is not None and entry.published is not None
                            and entry.published < now - timedelta(days=source.max_age_days)):
                        self.summary.counts["filtered_age"] += 1
                        continue
                    if url in known:
                        self.summary.counts["known"] += 1
                        continue
                    queues[host_of(url)].append((url, source))
            self._drain(queues)
        finally:
            self._fetcher.close()
        return self.summary

    def _drain(self, queues: dict[str, deque]) -> None:
        # Round-robin over hosts by the moment each may be asked again, so one slow or
        # delayed host never holds up the others.
        heap = [(self._clock.ready_at(h), h) for h in queues]
        heapq.heapify(heap)
        fetched = 0
        while heap and fetched < self.settings.max_pages:
            _, host = heapq.heappop(heap)
            url, source = queues[host].popleft()
            self._fetch_page(url, source)
            fetched += 1
            if queues[host]:
                heapq.heappush(heap, (self._clock.ready_at(host), host))
        left = sum(len(q) for q in queues.values())
        if left:
            self.summary.counts["deferred_max_pages"] += left


def _gunzip_if_needed(body: bytes) -> bytes:
    if body[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(body)
        except OSError:
            return body
    return body
