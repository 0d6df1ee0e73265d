"""robots.txt per origin (protego), cached for a TTL in memory and in the database, with
Crawl-delay and Sitemap lines. Fetching is the crawler's job; this class only remembers.

A robots.txt that could not be read (5xx, 429, network error) refuses its host, but only for
UNREACHABLE_TTL_S: then it counts as unknown and the crawler asks again (RFC 9309 section 2.3.1.4)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from protego import Protego

from crawler.fetch import Response
from db.crawl_state import RobotsRow


ROBOTS_TTL_S = 24 * 3600.0  # a robots.txt that was read (or is missing: 4xx) is trusted this long
UNREACHABLE_TTL_S = 5 * 60.0  # a robots.txt that could not be read: the host is refused, then asked again


@dataclass
class _Entry:
    rules: Protego | None  # None = no robots.txt: everything allowed
    fetched_at: datetime
    unreachable: str | None = None  # why robots.txt could not be read


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}".lower()


class RobotsCache:
    """Answers "may we fetch this URL, and how slowly?" for every origin we meet."""

    def __init__(self, user_agent: str, ttl_s: float = ROBOTS_TTL_S, unreachable_ttl_s: float = UNREACHABLE_TTL_S):
        self._ua = user_agent
        self._ttl = ttl_s
        # short, so a server that was briefly down or overloaded is not refused for a whole day; the
        # entry's age is counted from fetched_at, so a row persisted by an earlier run expires as well
        self._unreachable_ttl = unreachable_ttl_s
        self._entries: dict[str, _Entry] = {}

    @staticmethod
    def robots_url(url: str) -> str:
        """The robots.txt URL of URL's origin."""
        return origin(url) + "/robots.txt"

    def known(self, url: str) -> bool:
        """Whether a fresh robots.txt answer is cached for URL's origin (a failure is fresh only briefly)."""
        e = self._entries.get(origin(url))
        if e is None:
            return False
        ttl = self._unreachable_ttl if e.unreachable else self._ttl
        return (datetime.now(timezone.utc) - e.fetched_at).total_seconds() <= ttl

    def load(self, row: RobotsRow) -> None:
        """Take a cached row from the database."""
        fetched = row.fetched_at if row.fetched_at.tzinfo else row.fetched_at.replace(tzinfo=timezone.utc)
        self._entries[row.origin] = self._entry(row.status, row.body, row.error, fetched)

    def store(self, url: str, resp: Response) -> RobotsRow:
        """Remember the answer to a robots.txt fetch; returns the row to persist."""
        now = datetime.now(timezone.utc)
        body = resp.text() if resp.ok else None
        row = RobotsRow(origin(url), resp.status, body, resp.error, now)
        self._entries[row.origin] = self._entry(row.status, body, resp.error, now)
        return row

    @staticmethod
    def _entry(status: int | None, body: str | None, error: str | None, fetched_at: datetime) -> _Entry:
        if status is not None and 200 <= status < 300 and body is not None:
            return _Entry(Protego.parse(body), fetched_at)
        if status is not None and 400 <= status < 500 and status != 429:
            # 4xx: the site has no robots.txt, so nothing is disallowed (RFC 9309)
            return _Entry(None, fetched_at)
        # 5xx, 429 or unreachable: assume complete disallow (RFC 9309) until it is asked again, once
        # the entry is older than the unreachable TTL (see known)
        return _Entry(None, fetched_at, unreachable=error or f"http_{status}")

    def allowed(self, url: str) -> bool:
        """Whether our user agent may fetch URL (False while robots.txt is unknown or unreachable)."""
        e = self._entries.get(origin(url))
        if e is None or e.unreachable:
            return False
        return True if e.rules is None else e.rules.can_fetch(url, self._ua)

    def unreachable_reason(self, url: str) -> str | None:
        """Why the origin's robots.txt could not be read, if it could not."""
        e = self._entries.get(origin(url))
        return e.unreachable if e else None

    def crawl_delay(self, url: str) -> float | None:
        """Crawl-delay for our user agent on URL's origin, if the site sets one."""
        e = self._entries.get(origin(url))
        if e is None or e.rules is None:
            return None
        d = e.rules.crawl_delay(self._ua)
        return float(d) if d is not None else None

    def sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs listed in the origin's robots.txt."""
        e = self._entries.get(origin(url))
        return list(e.rules.sitemaps) if e is not None and e.rules is not None else []
