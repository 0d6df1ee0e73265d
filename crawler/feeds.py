"""RSS and Atom feeds to article links (feedparser)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone

import feedparser


@dataclass(frozen=True)
class Entry:
    """An article link found in a feed or sitemap."""

    url: str
    title: str | None = None
    summary: str | None = None
    published: datetime | None = None
    updated: datetime | None = None  # a feed entry's own last change (Atom <updated>): a stored copy older than it is fetched again


class FeedError(Exception):
    """The document is not a readable feed."""


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS/Atom document."""
    # a file object, never the bytes themselves: feedparser opens bytes that name a file as that file
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise FeedError(f"not a feed: {type(parsed.bozo_exception).__name__}")
    out = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            continue
        when = e.get("published_parsed") or e.get("updated_parsed")
        changed = e.get("updated_parsed")
        out.append(Entry(link, e.get("title"), e.get("summary"), _utc(when), _utc(changed)))
    return out


def _utc(when) -> datetime | None:
    return datetime(*when[:6], tzinfo=timezone.utc) if when else None
