"""What one crawl is told (politeness and limits) and what it reports (counts by outcome)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crawler.fetch import FetchSettings
from crawler.robots import ROBOTS_TTL_S


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
