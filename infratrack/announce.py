"""Telling people about new contradictions without the dashboard: the Atom feed file and the webhook."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import duckdb

from db import announcements, watches
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
    watch_feeds: int = 0
    watch_delivered: int = 0

    def as_dict(self) -> dict:
        """Counters for the runs table."""
        return {"new_contradictions": self.new, "webhook_delivered": self.delivered,
                "feed": str(self.feed) if self.feed else None, "announce_error": self.error,
                "watch_feeds": self.watch_feeds, "watch_webhook_delivered": self.watch_delivered}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()
            if k not in ("delivered_at", "delivery_error")}


def payload(db_path: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook's JSON body for ROWS (announcements)."""
    return {"event": "new_contradictions", "database": str(db_path), "count": len(rows),
            "contradictions": [_plain(r) for r in rows]}


def watch_payload(db_path: Path, watch: watches.Watch, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook's JSON body for ROWS announced about one watch's subject."""
    return {"event": "watch_contradictions", "database": str(db_path),
            "watch": {"id": watch.watch_id, "entity": watch.entity_id, "attribute": watch.attribute},
            "count": len(rows), "contradictions": [_plain(r) for r in rows]}


def write_watch_feed(con: duckdb.DuckDBPyConnection, cfg: Config, watch: watches.Watch) -> Path:
    """Rewrite the Atom feed of WATCH with its latest announcements."""
    db_path = Path(cfg.db_path)
    name = (con.execute("SELECT name FROM entities WHERE entity_id = ?", [watch.entity_id]).fetchone()
            or (watch.entity_id,))[0]
    about = f"{name}, {watch.attribute}" if watch.attribute else name
    feed_id = ("urn:infratrack:feed:" + hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:16]
               + f":watch:{watch.watch_id}")
    return write_feed(cfg.watch_feed_path(watch.slug), watches.latest(con, watch, FEED_ENTRIES),
                      f"infratrack: contradictions about {about} in {db_path.name}", feed_id)


def _config_watches(con: duckdb.DuckDBPyConnection, cfg: Config, on_event: Callable[[dict], None]) -> None:
    """Bring the watches of the configuration file into the database; a name no entity has is reported."""
    wanted = []
    for name, attribute in cfg.watches:
        try:
            entity_id, _ = watches.resolve_entity(con, name)
        except watches.UnknownEntity as exc:
            on_event({"event": "announce_error", "error": f"watch in the configuration: {exc}"})
            continue
        if attribute is not None and attribute not in watches.ATTRIBUTES:
            on_event({"event": "announce_error",
                      "error": f"watch {name!r} in the configuration: unknown attribute {attribute!r}"})
            continue
        wanted.append(watches.Watch(entity_id, attribute, "config"))
    watches.sync_config(con, wanted)


def _announce_watches(con: duckdb.DuckDBPyConnection, cfg: Config, run_id: str, out: Announced,
                      on_event: Callable[[dict], None]) -> None:
    """Each watch's feed, and its undelivered contradictions posted to the webhook."""
    _config_watches(con, cfg, on_event)
    for watch in watches.all_watches(con):
        try:
            write_watch_feed(con, cfg, watch)
            out.watch_feeds += 1
        except OSError as exc:
            out.error = f"cannot write the feed of watch {watch.watch_id}: {exc.strerror or exc}"
            on_event({"event": "announce_error", "error": out.error})
        if not cfg.webhook_url:
            continue
        pending = watches.undelivered(con, watch, run_id)
        if not pending:
            continue
        try:
            webhook.post(cfg.webhook_url, watch_payload(Path(cfg.db_path), watch, pending))
        except webhook.WebhookError as exc:
            # kept undelivered for this watch: the next run posts them again
            out.error = f"watch {watch.watch_id}: {exc}"
            on_event({"event": "announce_error", "error": out.error})
        else:
            watches.mark_delivered(con, watch, [r["conflict_id"] for r in pending])
            out.watch_delivered += len(pending)
            on_event({"event": "webhook_delivered", "count": len(pending), "watch": watch.watch_id})


def _feed_holds_all(path: Path, newest: datetime | None) -> bool:
    """Whether the feed at PATH was written after the newest announcement, so would be written the same."""
    # the feed is a function of the announcements alone; sorting millions of them for it costs seconds
    try:
        written = path.stat().st_mtime
    except OSError:
        return False
    return newest is None or written >= newest.timestamp()


def announce(con: duckdb.DuckDBPyConnection, cfg: Config, run_id: str, on_event: Callable[[dict], None]) -> Announced:
    """Record the contradictions RUN_ID found first, rewrite the feed, and post undelivered ones to the webhook."""
    out = Announced()
    db_path = Path(cfg.db_path)
    new = announcements.record_new(con, run_id)
    out.new = len(new)
    for row in new:
        on_event({"event": "new_contradiction", "conflict_id": row["conflict_id"], "subject": row["subject"],
                  "attribute": row["attribute"], "value_a": row["value_a"], "value_b": row["value_b"],
                  "publisher_a": row["publisher_a"], "publisher_b": row["publisher_b"]})
    feed_id = "urn:infratrack:feed:" + hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:16]
    try:
        if out.new or not _feed_holds_all(cfg.feed_path(), announcements.newest_at(con)):
            write_feed(cfg.feed_path(), announcements.latest(con, FEED_ENTRIES),
                       f"infratrack: new contradictions in {db_path.name}", feed_id)
        out.feed = cfg.feed_path()
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
    _announce_watches(con, cfg, run_id, out, on_event)
    return out
