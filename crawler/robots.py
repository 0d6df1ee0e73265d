"""robots.txt per host (protego), cached for a TTL, with Crawl-delay and Sitemap lines."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

from crawler.fetch import Response


@dataclass
class _Entry:
    rules: Protego | None  # None = no robots.txt: everything allowed
    fetched_at: float
    unreachable: str | None = None  # why robots.txt could not be read


class RobotsCache:
    """Answers "may we fetch this URL, and how slowly?" for every host we meet."""

    def __init__(self, fetch: Callable[[str], Response], user_agent: str, ttl_s: float = 86400.0):
        self._fetch = fetch
        self._ua = user_agent
        self._ttl = ttl_s
        self._entries: dict[str, _Entry] = {}

    def _root(self, url: str) -> str:
        p = urlsplit(url)
        return f"{p.scheme}://{p.netloc}"

    def _entry(self, url: str) -> _Entry:
        root = self._root(url)
        e = self._entries.get(root)
        if e is None or time.monotonic() - e.fetched_at > self._ttl:
            resp = self._fetch(root + "/robots.txt")
            if resp.ok:
                e = _Entry(Protego.parse(resp.text()), time.monotonic())
            elif resp.status is not None and 400 <= resp.status < 500:
                # 4xx: the site has no robots.txt, so nothing is disallowed (RFC 9309)
                e = _Entry(None, time.monotonic())
            else:
                # 5xx or unreachable: assume complete disallow until it answers (RFC 9309)
                e = _Entry(None, time.monotonic(), unreachable=resp.error or f"http_{resp.status}")
            self._entries[root] = e
        return e

    def allowed(self, url: str) -> bool:
        """Whether our user agent may fetch URL."""
        e = self._entry(url)
        if e.unreachable:
            return False
        return True if e.rules is None else e.rules.can_fetch(url, self._ua)

    def unreachable_reason(self, url: str) -> str | None:
        """Why the host's robots.txt could not be read, if it could not."""
        return self._entry(url).unreachable

    def crawl_delay(self, url: str) -> float | None:
        """Crawl-delay for our user agent on URL's host, if the site sets one."""
        e = self._entry(url)
        if e.rules is None:
            return None
        d = e.rules.crawl_delay(self._ua)
        return float(d) if d is not None else None

    def sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs listed in the host's robots.txt."""
        e = self._entry(url)
        return list(e.rules.sitemaps) if e.rules is not None else []
