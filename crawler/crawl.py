"""The crawl: read sources, put article URLs in the frontier, fetch them politely and concurrently
across hosts, store them through db/.

`Crawler.run` reads top-down: prepare the hosts (robots.txt and sources fetched ahead), discover
(crawler/discovery.py), fetch the frontier's pages. Sources and pages take one path: a Request
(crawler/jobs.py) in its host's queue (crawler/hosts.py), fetched by a worker (crawler/worker.py),
its answer handled here, in `_on_answer`: one retry path, one redirect path, one end. What each end
becomes (rows, counts) is crawler/outcomes.py; the writes go through db/crawl_writer.py, which owns
the run's one connection and, while pages are fetched, the thread that writes them in batches.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import duckdb

from crawler.discovery import Discovery
from crawler.fetch import Fetcher, FetchSettings, Response
from crawler.hosts import Host, HostScheduler
from crawler.jobs import PAGE, ROBOTS, SOURCE, Answer, Job, Request, next_hop
from crawler.outcomes import Outcomes
from crawler.retry import backoff_s, is_transient, retry_after_s
from crawler.robots import RobotsCache
from crawler.settings import CrawlSettings, CrawlSummary
from crawler.sources import Source
from crawler.urls import host_of
from crawler.warc_writer import WarcArchive
from crawler.worker import Worker
from db import crawl_state, writer
from db.crawl_writer import BATCH_SECONDS, CrawlWriter

__all__ = ["CrawlSettings", "CrawlSummary", "Crawler", "FetchSettings"]

Event = Callable[[dict], None]


class Crawler:
    """One crawl over a set of sources; stores pages and logs every fetch."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: CrawlSettings, run_id: str | None = None,
                 on_event: Event | None = None, archive: WarcArchive | None = None):
        self.settings = settings
        self.run_id = run_id
        self.on_event = on_event or (lambda e: None)
        self.summary = CrawlSummary()
        self._fetcher = Fetcher(settings.fetch)
        self._robots = RobotsCache(settings.fetch.user_agent, settings.robots_ttl_s)
        for row in crawl_state.load_robots(con).values():
            self._robots.load(row)
        # the outcomes count what the writer stored; they write through it, so they are made after it
        self._store = CrawlWriter(con, settings.db_memory_mb, on_saved=lambda saved: self._outcomes.saved(saved))
        self._outcomes = Outcomes(self._store, self._robots, self.summary, settings.max_url_runs, run_id,
                                  self.on_event)
        worker = Worker(self._fetcher, self._robots, settings.concurrency, archive)
        self._hosts = HostScheduler(self._robots, settings.delay_s, settings.concurrency, worker.fetch,
                                    self._on_answer, self._on_refused)
        self._discovery = Discovery(self._store, self._robots, self._outcomes, self.summary, self.on_event,
                                    self._fetch_source, self._robots_of)
        # feeds and sitemaps queued as the crawl starts, keyed as discovery asks for them: (url, etag,
        # last_modified), the validators discovery will send, so that a 304 fetched ahead answers it
        self._ahead: dict[tuple[str, str | None, str | None], Request] = {}

    def run(self, sources: list[Source]) -> CrawlSummary:
        """Crawl the enabled sources and whatever a previous run left queued; never raises for a bad URL or server."""
        try:
            with self._hosts.running(), self._store.capped():
                self._prepare_hosts(sources)
                self._discovery.run(sources)
                self._drop_sources_left()
                self._fetch_pages()
        finally:
            self._fetcher.close()
        return self.summary

    # -- the phases, in order -------------------------------------------------------------------
    def _prepare_hosts(self, sources: list[Source]) -> None:
        """Take each source's delay for its host, and queue the robots.txt of every source's host now,
        and every feed and sitemap after it, so that discovery reads the sources of different hosts at
        once and the first pages do not wait for them one after the other."""
        first_of_host: set[str] = set()
        queued: set[str] = set()
        for source in sources:
            if not source.enabled:
                continue
            try:
                name = host_of(source.url)
            except ValueError:
                continue  # discovery logs it as a bad URL
            if source.delay is not None:
                self._hosts.host_delay[name] = source.delay
            if name not in first_of_host:
                first_of_host.add(name)
                if not self._robots.known(source.url):
                    self._hosts.hosts[name].robots_for = source.url
            if source.kind in ("feed", "sitemap") and source.url not in queued:
                queued.add(source.url)
                validators = writer.source_validators(self._store.con, writer.source_id(source.kind, source.url))
                request = Request(SOURCE, source.url, name, validators)
                self._ahead[(source.url, *validators)] = request
                self._hosts.put(request)
            self._hosts.schedule(name)
        self._hosts.dispatch()

    def _fetch_source(self, url: str, etag: str | None, last_modified: str | None) -> Request:
        """Discovery's fetch of a feed or sitemap: the request queued ahead, else one queued first on its
        host now; handled like every other answer meanwhile, until it has ended."""
        request = self._ahead.pop((url, etag, last_modified), None)
        if request is None:
            request = Request(SOURCE, url, host_of(url), (etag, last_modified))
            self._queue_source(request, first=True)
        while not request.done:
            self._step_for(request.url)
        return request

    def _robots_of(self, url: str) -> None:
        """Wait until robots.txt of URL's origin is known (a site source reads its Sitemap: lines)."""
        name = host_of(url)
        host = self._hosts.hosts[name]
        if not self._robots.known(url):
            host.robots_for = url
            self._hosts.schedule(name)
        while not self._robots.known(url) and not host.paused:
            self._step_for(url)

    def _step_for(self, url: str) -> None:
        if not self._hosts.busy:  # a request not in any queue would be waited for, for ever
            raise RuntimeError(f"nothing left to fetch while waiting for {url}")
        self._hosts.step()

    def _drop_sources_left(self) -> None:
        """Sources queued ahead that discovery did not ask for (a URL listed under two kinds) are not fetched."""
        self._ahead.clear()
        for host in self._hosts.hosts.values():
            for request in [r for r in host.queue if r.what == SOURCE]:
                host.queue.remove(request)

    def _fetch_pages(self) -> None:
        """Fetch what the frontier holds for this run, writing batches while requests are in flight."""
        self._load_frontier()
        with self._store.batches():
            while self._hosts.busy:
                # at most a batch's time, so that a batch is written on time even while requests are slow
                self._hosts.step(BATCH_SECONDS, idle=self._store.idle)
                self._store.flush()
        left = sum(host.pages_left() for host in self._hosts.hosts.values())
        if left:
            self.summary.counts["left_queued"] += left

    def _load_frontier(self) -> None:
        """Queue what the frontier holds for this run, per host."""
        # reads only, so run again with more memory when DuckDB needs it, as the writes are
        items = self._store.run(lambda con: crawl_state.queued(con, self.settings.max_pages))
        self.on_event({"event": "queued", "count": len(items)})
        validators = self._store.run(lambda con: {i.url: writer.page_validators(con, i.url) for i in items if i.refresh})
        for item in items:
            self._hosts.put(Request(PAGE, item.url, item.host, validators.get(item.url) or (None, None), item))

    # -- every answer, for robots.txt, sources and pages ----------------------------------------
    def _on_answer(self, job: Job, host: Host, answer: Answer) -> None:
        """Handle a worker's answer on the crawl's thread: robots.txt cached, a redirect followed, a
        transient failure retried, or the request ended; the host's next start counted from it."""
        resp = answer.resp
        if job.what == ROBOTS:
            self._outcomes.robots(job.url, resp)  # first: a Crawl-delay just learnt spaces the next request
        host.next_start = answer.sent + self._hosts.delay_for(job.url)
        request = job.request
        if request is None:
            return  # what waited for robots.txt is still first in the host's queue
        if resp.redirect_to is not None:
            host.failures = 0
            self._redirect(request, resp)
            return
        if _answered(resp):
            host.failures = 0  # the server answered: the page or source is bad, not the host
        else:
            host.failures += 1
        pause = None
        if is_transient(resp):
            request.attempts += 1
            wait_s = self._retry_wait(resp, request.attempts - 1)
            if (request.attempts <= self.settings.max_retries and wait_s is not None
                    and host.failures < self.settings.max_host_failures):
                self._retry(request, host, resp, wait_s)
                return
            if wait_s is None:
                # Retry-After beyond our patience: leave the URL for a later run and the host alone
                pause = f"retry_after {retry_after_s(resp):.0f}s"
        self._end(request, resp, answer.page)
        if pause is None and host.failures >= self.settings.max_host_failures:
            pause = f"{host.failures} consecutive failures"
        if pause is not None and not host.paused:
            self._pause(job.host, host, pause)

    def _redirect(self, request: Request, resp: Response) -> None:
        """Queue a redirect's target first on its host, as a request of its own would be: the host's
        robots.txt, delay and SSRF guard apply to it (following on the spot skipped them)."""
        target = resp.redirect_to
        if request.hops is None:
            request.hops = [request.origin]
        name, stop = next_hop(request.hops, target)
        if stop is not None:
            if request.what == SOURCE:
                request.end(Response(request.origin, target, resp.status, error=stop))
            else:
                self._outcomes.page_failed(request.item, stop, resp, transient=False)
            return
        request.hops.append(target)
        request.url, request.host, request.via_status = target, name, resp.status
        self._queue_source(request, first=True) if request.what == SOURCE else self._hosts.put(request, first=True)

    def _retry_wait(self, resp: Response, attempt: int) -> float | None:
        """Seconds to wait before asking again: Retry-After, else backoff; None when Retry-After is too long."""
        asked = retry_after_s(resp)
        if asked is not None:
            return None if asked > self.settings.max_retry_after_s else asked
        return backoff_s(attempt, self.settings.retry_base_s, self.settings.retry_cap_s)

    def _retry(self, request: Request, host: Host, resp: Response, wait_s: float) -> None:
        """Put a request that failed for now first in its host's queue again, WAIT_S from now at the earliest."""
        self.summary.counts["retries"] += 1
        if request.what == PAGE:
            self._outcomes.page_retrying(request.item, resp.error or f"http_{resp.status}", resp)
        host.next_start = max(host.next_start, time.monotonic() + wait_s)
        self._hosts.put(request, first=True)

    def _end(self, request: Request, resp: Response, page) -> None:
        """The last answer of a request: a source's goes to discovery, a page's is stored or logged."""
        if request.what == SOURCE:
            request.end(resp)
        elif resp.ok or resp.not_modified or (resp.error and resp.error.startswith("content_type")):
            # a page of another type was not read: skipped for its content type
            self._outcomes.page(request.item, resp, resp.error or page)
        else:
            self._outcomes.page_failed(request.item, resp.error or f"http_{resp.status}", resp, is_transient(resp))

    def _on_refused(self, request: Request, refusal: str) -> None:
        """robots.txt or the SSRF guard refuses a request's next URL."""
        if request.what == PAGE:
            self._outcomes.page_refused(request.item, refusal)
        elif request.url == request.origin:
            request.end(None, refusal)  # discovery logs it as the source's refusal
        else:
            request.end(Response(request.origin, request.url, request.via_status, error=refusal))

    def _queue_source(self, request: Request, first: bool) -> None:
        """Queue a source's request, or end it at once when its host is paused."""
        host = self._hosts.hosts[request.host]
        if host.paused:
            request.end(_paused(request, host.paused))
        else:
            self._hosts.put(request, first=first)

    def _pause(self, name: str, host: Host, reason: str) -> None:
        """Ask nothing more of a host in this run; its pages wait for the next, its sources end now."""
        host.paused = reason
        self.summary.counts["hosts_paused"] += 1
        self.on_event({"event": "host_paused", "host": name, "reason": reason, "left": host.pages_left()})
        for request in [r for r in host.queue if r.what == SOURCE]:
            host.queue.remove(request)
            request.end(_paused(request, reason))


def _answered(resp: Response) -> bool:
    """Whether the server answered (whatever it said of the page), as opposed to failing to."""
    if resp.ok or resp.not_modified or resp.error == "too_large":
        return True
    if resp.error and resp.error.startswith("content_type"):
        return True  # not HTML, and not read: a page to skip, not a failing host
    return resp.status is not None and 400 <= resp.status < 500 and not is_transient(resp)


def _paused(request: Request, reason: str) -> Response:
    """The answer of a source whose host (or whose redirect's host) is paused."""
    return Response(request.origin, None if request.url == request.origin else request.url, error=f"host_paused: {reason}")
