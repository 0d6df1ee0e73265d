"""Telling people about new contradictions without the dashboard: the Atom feed file and the webhook."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from db import announcements, connection
from infratrack import webhook
from infratrack.atom_feed import write_feed
from infratrack.config import Config

FEED_ENTRIES = 200  # the feed carries the latest ones; the table keeps them all


@dataclass
class Announced:
    """What announcing did: new contradictions, webhook deliveries, and any failure."""

    new: int = 0
    delivered: int = 0
    feed: Path | None = None
    error: str | None = None

    def as_dict(self) -> dict:
        """Counters for the runs table."""
        return {"new_contradictions": self.new, "webhook_delivered": self.delivered,
                "feed": str(self.feed) if self.feed else None, "announce_error": self.error}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()
            if k not in ("delivered_at", "delivery_error")}


def payload(db_path: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook's JSON body for ROWS (announcements)."""
    return {"event": "new_contradictions", "database": str(db_path), "count": len(rows),
            "contradictions": [_plain(r) for r in rows]}


def announce(cfg: Config, run_id: str, on_event: Callable[[dict], None]) -> Announced:
    """Record the contradictions RUN_ID found first, rewrite the feed, and post undelivered ones to the webhook."""
    out = Announced()
    db_path = Path(cfg.db_path)
    with connection(db_path) as con:
        new = announcements.record_new(con, run_id)
        out.new = len(new)
        for row in new:
            on_event({"event": "new_contradiction", "conflict_id": row["conflict_id"], "subject": row["subject"],
                      "attribute": row["attribute"], "value_a": row["value_a"], "value_b": row["value_b"],
                      "publisher_a": row["publisher_a"], "publisher_b": row["publisher_b"]})
        feed_id = "urn:infratrack:feed:" + hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:16]
        try:
            out.feed = write_feed(cfg.feed_path(), announcements.latest(con, FEED_ENTRIES),
                                  f"infratrack: new contradictions in {db_path.name}", feed_id)
        except OSError as exc:
            out.error = f"cannot write the feed {cfg.feed_path()}: {exc.strerror or exc}"
            on_event({"event": "announce_error", "error": out.error})
        if cfg.webhook_url:
            pending = announcements.undelivered(con)
            if pending:
                ids = [r["conflict_id"] for r in pending]
                try:
                    webhook.post(cfg.webhook_url, payload(db_path, pending))
                except webhook.WebhookError as exc:
                    # kept undelivered: the next run posts them again
                    announcements.mark_failed(con, ids, str(exc))
                    out.error = str(exc)
                    on_event({"event": "announce_error", "error": out.error})
                else:
                    announcements.mark_delivered(con, ids)
                    out.delivered = len(ids)
                    on_event({"event": "webhook_delivered", "count": len(ids)})
    return out
