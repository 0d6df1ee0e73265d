"""Host scheduling: a queue and a start time per host, and the jobs handed to the workers when they are due.

Hosts wait in a heap ordered by the time their next request may start. A host's next job goes to a
worker as soon as its previous one is answered (up to SCHEDULE_AHEAD_S before it is due), and the
worker waits for the start time itself, so neither a busy crawl thread nor a slow write delays a
request. A host is in the heap or has a job in flight, never both, never twice: one request per host
at a time, and robots.txt before anything else of its origin."""
from __future__ import annotations

import heapq
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field

from crawler.fetch import sleep_until
from crawler.jobs import PAGE, ROBOTS, Answer, Job, Request
from crawler.robots import RobotsCache
from crawler.urls import host_of

SCHEDULE_AHEAD_S = 0.5  # a host's next request goes to a worker this long before it is due at most
WORKERS_PER_REQUEST = 4  # worker threads per request allowed in flight: the others wait for their time or analyse


@dataclass
class Host:
    """One host's queue and politeness state."""

    queue: deque[Request] = field(default_factory=deque)  # retries and redirect hops go first
    next_start: float = 0.0  # monotonic time before which no request to the host may start
    failures: int = 0
    paused: str | None = None
    scheduled: bool = False  # in the ready heap or with a job in flight
    robots_for: str | None = None  # a URL of the host whose robots.txt is fetched ahead, as the crawl starts

    def pages_left(self) -> int:
        """Pages still waiting in the queue."""
        return sum(1 for r in self.queue if r.what == PAGE)


def refusal(robots: RobotsCache, url: str) -> str | None:
    """Why robots.txt keeps us from URL, or None when we may fetch it."""
    if robots.allowed(url):
        return None
    unreachable = robots.unreachable_reason(url)
    if unreachable and unreachable.startswith("unsafe_url"):
        return unreachable  # the SSRF guard refuses the host itself (a redirect led there): no robots.txt will help
    # RFC 9309: a robots.txt that cannot be fetched means complete disallow; say why
    return f"robots_unreachable: {unreachable}" if unreachable else "robots_disallowed"


class HostScheduler:
    """The host queues, the heap of hosts by start time, and the jobs in flight on the worker pool."""

    def __init__(self, robots: RobotsCache, delay_s: float, concurrency: int,
                 fetch: Callable[[Job, float], Answer], on_answer: Callable[[Job, Host, Answer], None],
                 on_refused: Callable[[Request, str], None]):
        self.hosts: dict[str, Host] = defaultdict(Host)
        self.host_delay: dict[str, float] = {}  # a source's own delay for its host
        self.workers = max(1, concurrency) * WORKERS_PER_REQUEST
        self._robots = robots
        self._delay_s = delay_s
        self._fetch = fetch  # runs on a worker thread
        self._on_answer = on_answer  # both run on the crawl's thread
        self._on_refused = on_refused
        self._ready: list[tuple[float, str]] = []
        self._in_flight: dict[Future, Job] = {}
        self._pool: ThreadPoolExecutor | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        """The worker pool, open for the crawl; requests not started when it ends are dropped."""
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="fetch")
        try:
            yield
        finally:
            # requests not started yet are dropped; their URLs are still queued in the frontier
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def busy(self) -> bool:
        """Whether a host has something to fetch or a job in flight."""
        return bool(self._ready or self._in_flight)

    def delay_for(self, url: str) -> float:
        """Seconds between two request starts on URL's host: its source's delay or ours, or a longer Crawl-delay."""
        robots = self._robots.crawl_delay(url)
        return max(self.host_delay.get(host_of(url), self._delay_s), robots or 0.0)

    def put(self, request: Request, first: bool = False) -> None:
        """Queue REQUEST on its host, FIRST (a retry, a redirect, a source discovery waits for) or last."""
        host = self.hosts[request.host]
        host.queue.appendleft(request) if first else host.queue.append(request)
        self.schedule(request.host)

    def schedule(self, name: str) -> None:
        """Put a host in the ready heap if it has something to fetch and nothing pending."""
        host = self.hosts[name]
        wants_robots = host.robots_for is not None and not self._robots.known(host.robots_for)
        if not host.scheduled and not host.paused and (host.queue or wants_robots):
            host.scheduled = True
            heapq.heappush(self._ready, (host.next_start, name))

    def step(self, max_wait: float | None = None, idle: Callable[[], None] = lambda: None) -> None:
        """Hand out the jobs due, then handle the answers that come within MAX_WAIT (None: until one
        comes or the next host is due); with nothing in flight, call IDLE and sleep until a host is due."""
        self.dispatch()
        if not self._in_flight:
            idle()
            if self._ready:
                sleep_until(self._ready[0][0] - SCHEDULE_AHEAD_S)
            return
        timeout = max_wait
        if self._ready and len(self._in_flight) < self.workers:
            due = max(0.0, self._ready[0][0] - SCHEDULE_AHEAD_S - time.monotonic())
            timeout = due if timeout is None else min(timeout, due)
        done, _ = wait(self._in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
        for fut in done:
            self._complete(fut)
        self.dispatch()  # the hosts just answered get their next job before anything else

    def dispatch(self) -> None:
        """Hand each host due within SCHEDULE_AHEAD_S its next job, while a worker is free for it."""
        horizon = time.monotonic() + SCHEDULE_AHEAD_S
        while self._ready and self._ready[0][0] <= horizon and len(self._in_flight) < self.workers:
            _, name = heapq.heappop(self._ready)
            host = self.hosts[name]
            host.scheduled = False
            job = self._next_job(name, host)
            if job is not None:
                host.scheduled = True
                # the host's start time as it is now: a retry or Crawl-delay may have moved it since
                self._in_flight[self._pool.submit(self._fetch, job, host.next_start)] = job

    def _next_job(self, name: str, host: Host) -> Job | None:
        """What to ask a host next: robots.txt while the origin of its next request is unknown, else that
        request if robots.txt allows it, else robots.txt fetched ahead for a source of the host."""
        while host.queue and not host.paused:
            request = host.queue[0]
            if not self._robots.known(request.url):
                return Job(name, ROBOTS, request.url, None)  # the request stays first in the queue
            host.queue.popleft()
            refused = refusal(self._robots, request.url)
            if refused is None:
                return Job(name, request.what, request.url, request)
            self._on_refused(request, refused)
        if host.robots_for and not host.paused and not self._robots.known(host.robots_for):
            return Job(name, ROBOTS, host.robots_for, None)
        return None

    def _complete(self, fut: Future) -> None:
        job = self._in_flight.pop(fut)
        host = self.hosts[job.host]
        host.scheduled = False
        self._on_answer(job, host, fut.result())
        self.schedule(job.host)
