"""`infratrack run`: crawl, extract and check in one idempotent job for cron, recorded as one run."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from crawler import CrawlSummary, Source
from db import connection, writer
from infratrack.announce import Announced, announce
from infratrack.config import Config
from infratrack.interrupts import run_end
from infratrack.pipeline import ExtractSummary, run_crawl, run_extract


@dataclass
class RunOutcome:
    """What each stage of a run did."""

    run_id: str
    crawl: CrawlSummary
    extract: ExtractSummary
    announced: Announced

    @property
    def partial(self) -> bool:
        """True when something failed but the run went through."""
        return bool(self.crawl.failed or self.extract.failed or self.announced.error)

    def as_dict(self) -> dict:
        """Counters of every stage, for the runs table and the summary line."""
        return {"crawl": self.crawl.as_dict(), "extract": self.extract.as_dict(), **self.announced.as_dict()}


def run_job(cfg: Config, sources: list[Source], on_event: Callable[[dict], None]) -> RunOutcome:
    """Crawl SOURCES, extract what changed, announce new contradictions; the caller holds the run lock."""
    with connection(cfg.db_path) as con:
        run_id = writer.start_run(con, "run")
    on_event({"event": "run_started", "run_id": run_id, "db": str(cfg.db_path)})
    try:
        on_event({"event": "stage", "stage": "crawl"})
        crawled = run_crawl(cfg, sources, on_event)
        on_event({"event": "stage", "stage": "extract"})
        extracted = run_extract(cfg.db_path, False, on_event)
        on_event({"event": "stage", "stage": "check"})
        announced = announce(cfg, run_id, on_event)
    except BaseException as exc:
        try:
            with connection(cfg.db_path) as con:
                writer.end_stopped_run(con, run_id, *run_end(exc))
        except Exception:  # noqa: BLE001 - the stage's own error is the one the operator must see
            pass
        raise
    outcome = RunOutcome(run_id, crawled, extracted, announced)
    errors = [*extracted.errors[:3], *([announced.error] if announced.error else [])]
    with connection(cfg.db_path) as con:
        writer.finish_run(con, run_id, "partial" if outcome.partial else "ok", outcome.as_dict(),
                          "; ".join(errors) or None)
    return outcome
