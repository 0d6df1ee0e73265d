"""Discovery: read every enabled source (feed, sitemap, a site's robots.txt sitemaps, seed) and put the
article URLs it lists in the frontier, with what each source answered, in one transaction.

Sources are fetched through the host queues as pages are (crawl.py's fetch_source): fetched ahead,
retried and redirected on the same path. What a source answered is stored with the URLs it listed:
a feed's new ETag committed before them would, after a crash in between, get a 304 next run and its
articles never be learnt of."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import duckdb

from crawler.feeds import Entry, FeedError, parse_feed
from crawler.fetch import Response
from crawler.jobs import Request
from crawler.outcomes import Outcomes
from crawler.robots import RobotsCache
from crawler.settings import CrawlSummary
from crawler.sitemaps import SitemapError, parse_sitemap
from crawler.sources import Source
from crawler.urls import canonical_url, host_of
from db import crawl_state, writer
from db.connection import transaction
from db.crawl_state import Discovered
from db.crawl_writer import CrawlWriter

MAX_SITEMAP_DEPTH = 3
MAX_SITEMAP_CHILDREN = 50

FetchSource = Callable[[str, str | None, str | None], Request]  # (url, etag, last_modified) -> its ended request


class Discovery:
    """One discovery pass over the sources of a crawl."""

    def __init__(self, store: CrawlWriter, robots: RobotsCache, outcomes: Outcomes, summary: CrawlSummary,
                 on_event: Callable[[dict], None], fetch_source: FetchSource, robots_of: Callable[[str], None]):
        self._store = store
        self._con: duckdb.DuckDBPyConnection = store.con  # reads on the crawl's thread: no batch is open yet
        self._robots = robots
        self._outcomes = outcomes
        self._summary = summary
        self._on_event = on_event
        self._fetch_source = fetch_source
        self._robots_of = robots_of  # waits until robots.txt of a URL's origin is known
        self._source_marks: list[tuple[str, str, str | None, str | None]] = []
        self._sitemap_marks: list[tuple[str, str | None, str | None]] = []  # the same for sitemaps an index lists

    def run(self, sources: list[Source]) -> None:
        """Read every enabled source and put the article URLs it lists in the frontier."""
        now = datetime.now(timezone.utc)
        seen: set[str] = set()
        discovered: list[Discovered] = []
        for source in sources:
            if not source.enabled:
                self._summary.counts["sources_disabled"] += 1
                continue
            self._on_event({"event": "source", "name": source.name, "url": source.url})
            self._summary.counts["sources"] += 1
            found = [d for d in self._admit(source, self._read(source), now) if d.url not in seen]
            seen.update(d.url for d in found)
            discovered += found
        marks, self._source_marks = self._source_marks, []
        sitemaps, self._sitemap_marks = self._sitemap_marks, []

        def enqueue(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
            # one transaction for every URL of every source (thousands of seeds cost one commit), with
            # the sources' new validators
            with transaction(con):
                counts = crawl_state.enqueue(con, discovered)
                for mark in marks:
                    writer.mark_source_fetched(con, *mark)
                writer.save_sitemap_validators(con, sitemaps)
            return counts

        counts = self._store.run(enqueue)
        self._summary.counts["discovered"] += counts["queued"] + counts["requeued"]
        self._summary.counts["known"] += counts["known"]

    def _read(self, source: Source) -> list[Entry]:
        """The entries a source lists."""
        if source.kind == "seed":
            return [Entry(source.url)]  # nothing was fetched: the page's own fetch is logged
        sid = writer.source_id(source.kind, source.url)
        etag, modified = writer.source_validators(self._con, sid)
        if source.kind == "feed":
            return self._read_feed(source, sid, etag, modified)
        if source.kind == "site":
            self._robots_of(source.url)
            entries: list[Entry] = []
            for sm in self._robots.sitemaps(source.url)[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(sm, sid, *writer.sitemap_validators(self._con, sm), depth=1)
            self._mark_source(sid, "ok" if entries else "no_sitemap")
            return entries
        return self._read_sitemap(source.url, sid, etag, modified, depth=0)

    def _get(self, url: str, kind: str, etag: str | None, last_modified: str | None) -> Response | None:
        """A feed's or sitemap's last response; None, logged, when robots.txt refuses its URL."""
        request = self._fetch_source(url, etag, last_modified)
        if request.answer is None:
            self._outcomes.skip_or_fail(url, kind, request.refusal)
        return request.answer

    def _mark_source(self, sid: str, status: str, etag: str | None = None, last_modified: str | None = None) -> None:
        self._source_marks.append((sid, status, etag, last_modified))

    def _source_response(self, url: str, kind: str, sid: str | None, resp: Response | None) -> bool:
        """Log a feed or sitemap response; True when it has a body to read."""
        if resp is None:
            if sid:
                self._mark_source(sid, self._robots.unreachable_reason(url) or "robots_disallowed")
            return False
        if resp.not_modified:
            self._outcomes.not_modified(url, kind, resp)
            if sid:
                self._mark_source(sid, "not_modified")
                self._summary.counts["sources_unchanged"] += 1
            return False
        if not resp.ok:
            reason = resp.error or f"http_{resp.status}"
            self._outcomes.skip_or_fail(url, kind, reason, resp)
            if sid:
                self._mark_source(sid, reason)
            return False
        self._outcomes.answered(url, kind, resp)
        etag, last_modified = resp.headers.get("etag"), resp.headers.get("last-modified")
        if sid:
            self._mark_source(sid, "ok", etag, last_modified)
        elif kind == "sitemap" and (etag or last_modified):
            self._sitemap_marks.append((url, etag, last_modified))
        return True

    def _read_feed(self, source: Source, sid: str, etag, modified) -> list[Entry]:
        resp = self._get(source.url, "feed", etag, modified)
        if not self._source_response(source.url, "feed", sid, resp):
            return []
        try:
            return parse_feed(resp.body, resp.final_url or source.url)
        except FeedError as exc:
            self._outcomes.skip_or_fail(source.url, "feed", f"bad_feed: {exc}", resp)
            self._mark_source(sid, "bad_feed")
            return []

    def _read_sitemap(self, url: str, sid: str, etag, modified, depth: int) -> list[Entry]:
        try:
            host_of(url)
        except ValueError as exc:  # an index or robots.txt listing a port out of range: skip that one
            self._outcomes.skip_or_fail(url, "sitemap", f"bad_url: {exc}")
            return []
        resp = self._get(url, "sitemap", etag, modified)
        if not self._source_response(url, "sitemap", sid if depth == 0 else None, resp):
            return []
        try:
            sm = parse_sitemap(resp.body, resp.final_url or url)
        except SitemapError as exc:
            self._outcomes.skip_or_fail(url, "sitemap", f"bad_sitemap: {exc}", resp)
            return []
        entries = list(sm.entries)
        if depth < MAX_SITEMAP_DEPTH:
            for child in sm.children[:MAX_SITEMAP_CHILDREN]:
                entries += self._read_sitemap(child, sid, *writer.sitemap_validators(self._con, child), depth + 1)
        return entries

    def _admit(self, source: Source, entries: list[Entry], now: datetime) -> list[Discovered]:
        """The entries the source's filters keep (keywords, entities, age), as frontier rows."""
        out = []
        sid = writer.source_id(source.kind, source.url)
        # the names the entity registry (and extraction since) knows them by, read once per source
        names = crawl_state.entity_names(self._con, source.entities) if source.entities else ()
        for entry in entries:
            try:
                url = canonical_url(entry.url)
                host = host_of(url)
            except ValueError as exc:  # a port out of range, a broken IPv6 literal: one bad link, not a bad run
                self._outcomes.skip_or_fail(entry.url, "page", f"bad_url: {exc}")
                continue
            if source.kind != "seed" and not source.relevant(entry.title, entry.summary, entry.url, entity_names=names):
                self._summary.counts["filtered_keywords"] += 1
                continue
            if (source.max_age_days is not None and entry.published is not None
                    and entry.published < now - timedelta(days=source.max_age_days)):
                self._summary.counts["filtered_age"] += 1
                continue
            # a sitemap's lastmod or a feed entry's updated: a stored copy older than it is fetched again
            lastmod = entry.published if source.kind in ("sitemap", "site") else entry.updated
            out.append(Discovered(url, host, sid, source.lang, lastmod))
        return out
