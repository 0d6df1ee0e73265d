"""Writes and reads of the crawler's own state: the frontier and the robots.txt cache."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import duckdb

from db.bulk import execute_rows
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
    # a URL listed twice counts once, as first listed: the rows then need no ON CONFLICT, whose
    # per-row conflict handling held twice the memory of the plain insert (10,000 URLs: +11 MB)
    first: dict[str, Discovered] = {}
    for d in found:
        first.setdefault(d.url, d)
    found = list(first.values())
    counts = {"queued": 0, "known": 0, "requeued": 0}
    if not found:
        return counts
    now = _now()
    listed = [(d.url, page_id(d.url)) for d in found]
    with transaction(con):
        states = dict(execute_rows(con, "SELECT f.url, f.state FROM frontier f JOIN {rows} l(url, url_hash) USING (url)",
                                   listed))
        stored = dict(execute_rows(con, "SELECT l.url, p.fetched_at FROM pages p JOIN {rows} l(url, url_hash) "
                                        "USING (url_hash)", listed))
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
                requeue.append((d.url, d.lastmod, now))
                counts["requeued"] += 1
            else:
                counts["known"] += 1
        execute_rows(con, "INSERT INTO frontier (url, host, source_id, lang_hint, lastmod, discovered_at, state, updated_at) "
                          "SELECT * FROM {rows}", new_rows)
        execute_rows(con, "UPDATE frontier SET state = 'queued', lastmod = r.lastmod, updated_at = r.updated_at "
                          "FROM {rows} r(url, lastmod, updated_at) WHERE frontier.url = r.url", requeue)
    return counts


def entity_names(con: duckdb.DuckDBPyConnection, entities: Sequence[str]) -> tuple[str, ...]:
    """Every name (canonical and aliases) of the entities named by ENTITIES (their ids, names or aliases)."""
    wanted = [e.strip().lower() for e in entities if e.strip()]
    rows = con.execute(
        """WITH ids AS (SELECT entity_id FROM entities WHERE lower(name) IN (SELECT unnest($1)) OR entity_id IN (SELECT unnest($1))
                        UNION SELECT entity_id FROM aliases WHERE alias IN (SELECT unnest($1)))
           SELECT name FROM entities WHERE entity_id IN (SELECT entity_id FROM ids)
           UNION SELECT alias FROM aliases WHERE entity_id IN (SELECT entity_id FROM ids)
           ORDER BY 1""", [wanted]).fetchall()
    return tuple(r[0] for r in rows)


def queued(con: duckdb.DuckDBPyConnection, limit: int) -> list[FrontierItem]:
    """Queued URLs, those never tried first, then oldest first, including those a killed run left behind."""
    # a URL that failed in earlier runs goes behind the new ones: with a page limit per run, a few
    # dead URLs would otherwise take every run's first places
    rows = con.execute(
        """SELECT f.url, f.host, f.source_id, f.lang_hint, f.attempts, p.url_hash IS NOT NULL
           FROM frontier f LEFT JOIN pages p ON p.url = f.url
           WHERE f.state = 'queued' ORDER BY f.attempts, f.discovered_at, f.url LIMIT ?""",
        [limit],
    ).fetchall()
    return [FrontierItem(*r) for r in rows]


def mark(con: duckdb.DuckDBPyConnection, url: str, state: str, reason: str | None = None, attempted: bool = True) -> None:
    """Record the outcome of a fetch of a frontier URL."""
    mark_many(con, [(url, state, reason, attempted)])


def mark_many(con: duckdb.DuckDBPyConnection, marks: Sequence[tuple[str, str, str | None, bool]]) -> None:
    """Record many outcomes in one statement: (url, state, reason, attempted); a URL listed twice
    ends in its last state with both attempts counted."""
    now = _now()
    final: dict[str, tuple] = {}
    for url, state, reason, attempted in marks:
        before = final.get(url)
        final[url] = (url, state, reason, (before[3] if before else 0) + (1 if attempted else 0), now)
    execute_rows(con, "UPDATE frontier SET state = m.state, last_reason = m.reason, attempts = frontier.attempts + m.tries, "
                      "updated_at = m.updated_at FROM {rows} m(url, state, reason, tries, updated_at) "
                      "WHERE frontier.url = m.url", list(final.values()))


def load_robots(con: duckdb.DuckDBPyConnection) -> dict[str, RobotsRow]:
    """Every cached robots.txt by origin."""
    return {r[0]: RobotsRow(*r) for r in con.execute("SELECT origin, status, body, error, fetched_at FROM robots").fetchall()}


def save_robots(con: duckdb.DuckDBPyConnection, rows: Sequence[RobotsRow]) -> None:
    """Cache robots.txt fetches (the last row of an origin wins)."""
    latest = {r.origin: (r.origin, r.status, r.body, r.error, r.fetched_at) for r in rows}
    execute_rows(con, """INSERT INTO robots (origin, status, body, error, fetched_at) SELECT * FROM {rows}
                         ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body,
                           error = excluded.error, fetched_at = excluded.fetched_at""", list(latest.values()))
