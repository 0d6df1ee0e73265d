"""Writes and reads of the crawler's own state: the frontier and the robots.txt cache."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import duckdb

from db.connection import transaction
from db.writer import page_id


@dataclass(frozen=True)
class FrontierItem:
    """A URL waiting to be fetched."""

    url: str
    host: str
    source_id: str | None
    lang_hint: str | None
    attempts: int
    refresh: bool  # already stored: fetch conditionally


@dataclass(frozen=True)
class Discovered:
    """A URL listed by a feed, sitemap or seed."""

    url: str
    host: str
    source_id: str | None
    lang_hint: str | None
    lastmod: datetime | None


@dataclass(frozen=True)
class RobotsRow:
    """A cached robots.txt."""

    origin: str
    status: int | None
    body: str | None
    error: str | None
    fetched_at: datetime


def _now() -> datetime:
    return datetime.now(timezone.utc)


def enqueue(con: duckdb.DuckDBPyConnection, found: Iterable[Discovered]) -> dict[str, int]:
    """Add discovered URLs to the frontier; stored pages announced as modified are re-queued.

    Set-based: the states of all listed URLs are read in two queries and the new ones inserted in
    one, since a sitemap or a seed list can name thousands of URLs."""
    import pyarrow as pa

    found = list(found)
    counts = {"queued": 0, "known": 0, "requeued": 0}
    if not found:
        return counts
    now = _now()
    urls = [d.url for d in found]
    with transaction(con):
        con.register("_listed", pa.table({"url": urls, "url_hash": [page_id(u) for u in urls]}))
        try:
            states = dict(con.execute("SELECT f.url, f.state FROM frontier f JOIN _listed l USING (url)").fetchall())
            stored = dict(con.execute("SELECT l.url, p.fetched_at FROM pages p JOIN _listed l USING (url_hash)").fetchall())
        finally:
            con.unregister("_listed")
        new_rows, requeue = [], []
        for i, d in enumerate(found):
            fetched = stored.get(d.url)
            newer = fetched is not None and d.lastmod is not None and d.lastmod > fetched
            state = states.get(d.url)
            if state is None:
                state = "queued" if fetched is None or newer else "done"
                # microsecond steps keep the listing order, which the fetch order follows
                new_rows.append((d.url, d.host, d.source_id, d.lang_hint, d.lastmod, now + timedelta(microseconds=i),
                                 state, now))
                counts["queued" if state == "queued" else "known"] += 1
            elif state == "done" and newer:
                requeue.append([d.lastmod, now, d.url])
                counts["requeued"] += 1
            else:
                counts["known"] += 1
        if new_rows:
            cols = ("url", "host", "source_id", "lang_hint", "lastmod", "discovered_at", "state", "updated_at")
            con.register("_new_urls", pa.table({c: [r[i] for r in new_rows] for i, c in enumerate(cols)}))
            try:
                con.execute(f"INSERT INTO frontier ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _new_urls "
                            "ON CONFLICT (url) DO NOTHING")
            finally:
                con.unregister("_new_urls")
        if requeue:
            con.executemany("UPDATE frontier SET state = 'queued', lastmod = ?, updated_at = ? WHERE url = ?", requeue)
    return counts


def queued(con: duckdb.DuckDBPyConnection, limit: int) -> list[FrontierItem]:
    """Queued URLs, oldest first, including those a killed run left behind."""
    rows = con.execute(
        """SELECT f.url, f.host, f.source_id, f.lang_hint, f.attempts, p.url_hash IS NOT NULL
           FROM frontier f LEFT JOIN pages p ON p.url = f.url
           WHERE f.state = 'queued' ORDER BY f.discovered_at, f.url LIMIT ?""",
        [limit],
    ).fetchall()
    return [FrontierItem(*r) for r in rows]


def mark(con: duckdb.DuckDBPyConnection, url: str, state: str, reason: str | None = None, attempted: bool = True) -> None:
    """Record the outcome of a fetch of a frontier URL."""
    con.execute(
        "UPDATE frontier SET state = ?, last_reason = ?, attempts = attempts + ?, updated_at = ? WHERE url = ?",
        [state, reason, 1 if attempted else 0, _now(), url],
    )


def mark_many(con: duckdb.DuckDBPyConnection, marks: Sequence[tuple[str, str, str | None, bool]]) -> None:
    """Record many outcomes at once: (url, state, reason, attempted)."""
    if not marks:
        return
    now = _now()
    con.executemany("UPDATE frontier SET state = ?, last_reason = ?, attempts = attempts + ?, updated_at = ? WHERE url = ?",
                    [[state, reason, 1 if attempted else 0, now, url] for url, state, reason, attempted in marks])


def load_robots(con: duckdb.DuckDBPyConnection) -> dict[str, RobotsRow]:
    """Every cached robots.txt by origin."""
    return {r[0]: RobotsRow(*r) for r in con.execute("SELECT origin, status, body, error, fetched_at FROM robots").fetchall()}


def save_robots(con: duckdb.DuckDBPyConnection, row: RobotsRow) -> None:
    """Cache a robots.txt fetch."""
    con.execute(
        """INSERT INTO robots (origin, status, body, error, fetched_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body,
             error = excluded.error, fetched_at = excluded.fetched_at""",
        [row.origin, row.status, row.body, row.error, row.fetched_at],
    )
