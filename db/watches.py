"""Watches: one subject (optionally one attribute) a reader follows, and the announced contradictions
that concern it. A watch on an entity also covers the entities below it (a programme's sites, a
cluster's phases), found through entities.parent."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import duckdb

from db.announcements import FIELDS
from db.connection import transaction

ATTRIBUTES = ("gpu_count", "power", "compute", "build_time", "online_date", "cost", "water", "location")


class UnknownEntity(LookupError):
    """The name given for a watch is no entity's id, name or alias."""


@dataclass(frozen=True)
class Watch:
    """An entity followed, and the attribute when only one is."""

    entity_id: str
    attribute: str | None = None
    origin: str = "cli"
    created_at: datetime | None = None

    @property
    def watch_id(self) -> str:
        """entity_id, or entity_id.attribute."""
        return f"{self.entity_id}.{self.attribute}" if self.attribute else self.entity_id

    @property
    def slug(self) -> str:
        """The id as a file-name part: letters, digits, dots, underscores and dashes only."""
        return re.sub(r"[^A-Za-z0-9._-]+", "-", self.watch_id).strip("-") or "watch"


def resolve_entity(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, str]:
    """The (entity_id, name) that NAME designates: an id, a name or an alias, case-insensitively."""
    rows = con.execute(
        """SELECT e.entity_id, e.name, 0 AS rank FROM entities e WHERE e.entity_id = ?
           UNION ALL SELECT e.entity_id, e.name, 1 FROM entities e WHERE lower(e.name) = lower(?)
           UNION ALL SELECT e.entity_id, e.name, 2 FROM aliases a JOIN entities e USING (entity_id) WHERE a.alias = lower(?)
           ORDER BY rank, entity_id LIMIT 1""", [name, name, name]).fetchall()
    if not rows:
        raise UnknownEntity(f"no entity is called {name!r}; see `infratrack entities list`")
    return rows[0][0], rows[0][1]


def add(con: duckdb.DuckDBPyConnection, watch: Watch) -> Watch:
    """Store WATCH (its entity must exist); an existing watch of the same id is kept as it was."""
    if watch.attribute is not None and watch.attribute not in ATTRIBUTES:
        raise ValueError(f"unknown attribute {watch.attribute!r}: one of {', '.join(ATTRIBUTES)}")
    now = datetime.now(timezone.utc)
    with transaction(con):
        con.execute("INSERT INTO watches VALUES (?, ?, ?, ?, ?) ON CONFLICT (watch_id) DO NOTHING",
                    [watch.watch_id, watch.entity_id, watch.attribute, watch.origin, now])
    return next(w for w in all_watches(con) if w.watch_id == watch.watch_id)


def remove(con: duckdb.DuckDBPyConnection, watch_id: str) -> bool:
    """Remove the watch WATCH_ID and its delivery records; False when there was none."""
    with transaction(con):
        gone = con.execute("DELETE FROM watches WHERE watch_id = ? RETURNING watch_id", [watch_id]).fetchall()
        con.execute("DELETE FROM watch_deliveries WHERE watch_id = ?", [watch_id])
    return bool(gone)


def all_watches(con: duckdb.DuckDBPyConnection) -> list[Watch]:
    """Every watch, by id."""
    rows = con.execute("SELECT entity_id, attribute, origin, created_at FROM watches ORDER BY watch_id").fetchall()
    return [Watch(*r) for r in rows]


def sync_config(con: duckdb.DuckDBPyConnection, wanted: list[Watch]) -> None:
    """Make the watches of origin 'config' those of the configuration file: new ones added, dropped ones removed."""
    keep = {w.watch_id for w in wanted}
    for w in all_watches(con):
        if w.origin == "config" and w.watch_id not in keep:
            remove(con, w.watch_id)
    for w in wanted:
        add(con, Watch(w.entity_id, w.attribute, "config"))


# The announcements about a watch's entity or any entity below it: through the claims' resolved
# subjects, or through the subject name the announcement recorded (its claims may since have
# been re-extracted under new ids).
_MATCHING = f"""
    WITH RECURSIVE family(entity_id) AS (
        SELECT CAST($entity AS VARCHAR)
        UNION
        SELECT e.entity_id FROM entities e JOIN family f ON e.parent = f.entity_id
    ),
    claims_of AS (SELECT claim_id FROM stored_claim_facts WHERE subject_key IN (SELECT entity_id FROM family)),
    names AS (SELECT lower(name) AS name FROM entities WHERE entity_id IN (SELECT entity_id FROM family))
    SELECT {', '.join('a.' + f for f in FIELDS)}
    FROM announcements a
    WHERE ($attribute IS NULL OR a.attribute = $attribute)
      AND (a.claim_a IN (SELECT claim_id FROM claims_of) OR a.claim_b IN (SELECT claim_id FROM claims_of)
           OR lower(a.subject) IN (SELECT name FROM names))"""


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def latest(con: duckdb.DuckDBPyConnection, watch: Watch, limit: int) -> list[dict[str, Any]]:
    """The LIMIT most recent announcements matching WATCH, newest first (its feed's entries)."""
    return _rows(con.execute(
        f"{_MATCHING} ORDER BY a.announced_at DESC, a.severity DESC, a.conflict_id LIMIT $limit",
        {"entity": watch.entity_id, "attribute": watch.attribute, "limit": limit}))


def undelivered(con: duckdb.DuckDBPyConnection, watch: Watch, run_id: str | None = None) -> list[dict[str, Any]]:
    """Announcements matching WATCH that its webhook posts have not carried yet, oldest first: those
    of RUN_ID and any announced since the watch was added (a watch of the configuration file is
    added by the run that first reads it, after that run's announcements)."""
    return _rows(con.execute(
        f"""{_MATCHING}
            AND (a.announced_at >= (SELECT created_at FROM watches WHERE watch_id = $watch) OR a.run_id = $run)
            AND a.conflict_id NOT IN (SELECT conflict_id FROM watch_deliveries WHERE watch_id = $watch)
            ORDER BY a.announced_at, a.conflict_id""",
        {"entity": watch.entity_id, "attribute": watch.attribute, "watch": watch.watch_id, "run": run_id}))


def mark_delivered(con: duckdb.DuckDBPyConnection, watch: Watch, conflict_ids: list[str]) -> None:
    """Record that the webhook accepted these announcements for WATCH."""
    now = datetime.now(timezone.utc)
    with transaction(con):
        con.executemany("INSERT INTO watch_deliveries VALUES (?, ?, ?)", [[watch.watch_id, c, now] for c in conflict_ids])
