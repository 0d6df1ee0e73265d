"""`infratrack run`: crawl, extract and check in one idempotent job for cron, recorded as one run.

One write connection serves the whole run: its stages' rows point at the run's row, and readers get
one copy of the database when the run ends (and one every `snapshot_interval_s` of a long crawl)
instead of one per stage."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from crawler import CrawlSummary, Source
from db import connection, snapshot, writer
from infratrack.announce import Announced, announce
from infratrack.config import Config
from infratrack.interrupts import run_end
from infratrack.pipeline import ExtractSummary, crawl_stage, extract_stage


@dataclass
class RunOutcome:
    """What each stage of a run did."""

    run_id: str
    crawl: CrawlSummary
    extract: ExtractSummary
    announced: Announced
    snapshots: int = 0  # copies of the database published for readers, the one at the end included

    @property
    def partial(self) -> bool:
        """True when something failed but the run went through."""
        return bool(self.crawl.failed or self.extract.failed or self.announced.error)

    def as_dict(self) -> dict:
        """Counters of every stage, for the runs table and the summary line."""
        return {"crawl": self.crawl.as_dict(), "extract": self.extract.as_dict(), **self.announced.as_dict()}


def run_job(cfg: Config, sources: list[Source], on_event: Callable[[dict], None]) -> RunOutcome:
    """Crawl SOURCES, extract what changed, announce new contradictions; the caller holds the run lock."""
    with connection(cfg.db_path, publish_interval_s=cfg.snapshot_interval_s) as con:
        publisher = snapshot.publisher_of(con)
        outcome = _stages(con, cfg, sources, on_event)
    # closing the connection made the last copy
    outcome.snapshots = publisher.published if publisher else 0
    return outcome


def _stages(con, cfg: Config, sources: list[Source], on_event: Callable[[dict], None]) -> RunOutcome:
    run_id = writer.start_run(con, "run")
    on_event({"event": "run_started", "run_id": run_id, "db": str(cfg.db_path)})
    try:
        on_event({"event": "stage", "stage": "crawl"})
        crawled = crawl_stage(con, cfg, sources, on_event, parent_run_id=run_id)
        on_event({"event": "stage", "stage": "extract"})
        extracted = extract_stage(con, False, on_event, parent_run_id=run_id)
        on_event({"event": "stage", "stage": "check"})
        announced = announce(con, cfg, run_id, on_event)
    except BaseException as exc:
        try:
            writer.end_stopped_run(con, run_id, *run_end(exc))
        except Exception:  # noqa: BLE001 - the stage's own error is the one the operator must see
            pass
        raise
    outcome = RunOutcome(run_id, crawled, extracted, announced)
    errors = [*extracted.errors[:3], *([announced.error] if announced.error else [])]
    writer.finish_run(con, run_id, "partial" if outcome.partial else "ok", outcome.as_dict(),
                      "; ".join(errors) or None)
    return outcome
