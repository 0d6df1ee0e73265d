"""Contradictions announced by runs: recorded once each, delivered to the webhook until it accepts them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import duckdb

from db.connection import transaction

FIELDS = ("conflict_id", "run_id", "announced_at", "subject", "attribute", "hardware", "modality", "severity",
          "claim_a", "claim_b", "value_a", "value_b", "publisher_a", "publisher_b", "url_a", "url_b",
          "quote_a", "quote_b", "delivered_at", "delivery_error")


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def record_new(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """Record every contradiction not announced before; returns the new ones, most severe first."""
    with transaction(con):
        # the stamp of the stored pairs, when they are current (else the view computes them now)
        stamp = con.execute("SELECT refreshed_at FROM stored_facts_state WHERE conflict_pairs_current()").fetchall()
        if stamp and con.execute("SELECT count(*) FROM announced_pairs_state WHERE pairs_refreshed_at = ?",
                                 stamp[0]).fetchone()[0]:
            return []  # the pairs are those the last announcement read: nothing can be new
        con.execute(
            """INSERT INTO announcements (conflict_id, run_id, announced_at, subject, attribute, hardware, modality,
                   severity, claim_a, claim_b, value_a, value_b, publisher_a, publisher_b, url_a, url_b, quote_a, quote_b)
               SELECT c.conflict_id, ?, ?, c.subject, c.attribute, c.hardware, c.modality, c.severity, c.claim_a,
                      c.claim_b, c.value_a, c.value_b, c.publisher_a, c.publisher_b, c.url_a, c.url_b, c.quote_a, c.quote_b
               FROM contradictions c
               WHERE c.conflict_id NOT IN (SELECT conflict_id FROM announcements)""",
            [run_id, datetime.now(timezone.utc)],
        )
        con.execute("DELETE FROM announced_pairs_state")
        if stamp:
            con.execute("INSERT INTO announced_pairs_state VALUES (?)", stamp[0])
        return _rows(con.execute(
            f"SELECT {', '.join(FIELDS)} FROM announcements WHERE run_id = ? ORDER BY severity DESC, conflict_id",
            [run_id],
        ))


def undelivered(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Announcements the webhook has not accepted yet, oldest first."""
    return _rows(con.execute(
        f"SELECT {', '.join(FIELDS)} FROM announcements WHERE delivered_at IS NULL ORDER BY announced_at, conflict_id"
    ))


def newest_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the latest announcement was recorded (None when there is none)."""
    return con.execute("SELECT max(announced_at) FROM announcements").fetchone()[0]


def latest(con: duckdb.DuckDBPyConnection, limit: int) -> list[dict[str, Any]]:
    """The LIMIT most recent announcements, newest first (the feed's entries)."""
    return _rows(con.execute(
        f"SELECT {', '.join(FIELDS)} FROM announcements ORDER BY announced_at DESC, severity DESC, conflict_id LIMIT ?",
        [limit],
    ))


def mark_delivered(con: duckdb.DuckDBPyConnection, conflict_ids: list[str]) -> None:
    """Record that the webhook accepted these announcements."""
    with transaction(con):
        con.executemany(
            "UPDATE announcements SET delivered_at = ?, delivery_error = NULL WHERE conflict_id = ?",
            [[datetime.now(timezone.utc), cid] for cid in conflict_ids],
        )


def mark_failed(con: duckdb.DuckDBPyConnection, conflict_ids: list[str], error: str) -> None:
    """Record why the webhook refused these announcements (the next run tries again)."""
    with transaction(con):
        con.executemany("UPDATE announcements SET delivery_error = ? WHERE conflict_id = ?",
                        [[error, cid] for cid in conflict_ids])
