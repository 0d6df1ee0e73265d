"""A worker's part of a job: wait for the host's start time and a request slot, fetch, then read a page."""
from __future__ import annotations

import threading
import time

from crawler.analysis import HTML_TYPES, analyse_safely
from crawler.fetch import Fetcher, sleep_until
from crawler.jobs import PAGE, ROBOTS, Answer, Job
from crawler.robots import RobotsCache
from crawler.warc_writer import WarcArchive

ROBOTS_ACCEPT = "text/plain,*/*;q=0.5"
READY_AHEAD_S = 0.005  # a worker takes its request slot this early, to connect and build the request in time


class Worker:
    """The fetch a worker thread runs for a job, within the crawl's limit on requests in flight."""

    def __init__(self, fetcher: Fetcher, robots: RobotsCache, concurrency: int, archive: WarcArchive | None):
        self._fetcher = fetcher
        self._robots = robots
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._archive = archive  # --warc-dir: every page response is also written there

    def fetch(self, job: Job, not_before: float) -> Answer:
        """Runs on a worker thread: waits for the host's start time and a request slot, fetches, then
        decodes and fingerprints a page here (slot released) so the writing thread only writes."""
        sleep_until(not_before - READY_AHEAD_S)
        with self._slots:
            started = time.monotonic()
            if job.what == ROBOTS:
                resp = self._fetcher.get(self._robots.robots_url(job.url), accept=ROBOTS_ACCEPT, not_before=not_before)
            else:
                # redirects go back through the scheduler, which asks robots.txt and spaces the hops
                resp = self._fetcher.get(job.url, *job.request.conditional(), not_before=not_before,
                                         follow_redirects=False, content_types=HTML_TYPES if job.what == PAGE else None)
        sent = resp.sent_at or started
        if job.what != PAGE or not resp.ok:
            return Answer(resp, sent, None)
        if self._archive is not None:
            self._archive.record(resp)
        return Answer(resp, sent, analyse_safely(resp))
