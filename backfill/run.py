"""A backfill run: files to tasks, tasks to an engine, each finished file's shard to Parquet and into
the database, one transaction per shard, as results arrive."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from backfill.engines import DaskEngine, LocalEngine
from backfill.shard import ALREADY_DONE, DONE, FAILED, SKIPPED, FileResult, FileTask, process_file
from db import connection, warc_files, writer
from db.connection import limit_memory
from db.records import WarcFileRecord
from db.shard_loader import TABLES, ShardLoader
from infratrack.interrupts import run_end
from extract.page_rows import registry_entities

Event = Callable[[dict], None]
_COUNTERS = ("records", "html", "relevant", "articles", "claims", "extract_failed", "unsupported_language",
             "other_records")
_EVENT_FIELDS = ("name", "status", "reason", *_COUNTERS, "seconds", "cpu_seconds")


@dataclass(frozen=True)
class BackfillSettings:
    """How a backfill runs."""

    since: datetime | None = None  # WARC-Date window, inclusive
    until: datetime | None = None  # exclusive
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address; None starts a local cluster
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    shard_dir: Path | None = None  # default: <database>.shards beside the database
    db_memory_mb: int = 256  # DuckDB buffer cap while loading


@dataclass
class BackfillSummary:
    """What a backfill did: files by outcome and the sums of their counters."""

    files: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Files that failed (corrupt, truncated, unreadable, or their worker died); a truncated one keeps what preceded the cut."""
        return self.files[FAILED]

    def add(self, result: FileResult, loaded: dict) -> None:
        """Count one file's outcome."""
        self.files[result.status] += 1
        if result.status == FAILED:
            self.failures.append((result.name, result.reason or ""))
        if result.status in (DONE, SKIPPED) or loaded:  # a failed file adds only what it loaded before a cut
            self.counts.update({k: getattr(result, k) for k in _COUNTERS})
            self.counts.update(loaded)

    def as_dict(self) -> dict:
        """Flat counters for the runs table."""
        return {"files": dict(self.files), **self.counts}


def _engine(settings: BackfillSettings):
    if settings.engine == "dask" or settings.scheduler:
        return DaskEngine(settings.scheduler, settings.workers)
    return LocalEngine(settings.workers)


def run_backfill(db_path: Path, files: list[Path], settings: BackfillSettings,
                 on_event: Event | None = None) -> BackfillSummary:
    """Read FILES into the database at DB_PATH; files already loaded are skipped, damaged ones recorded as failed."""
    on_event = on_event or (lambda e: None)
    summary = BackfillSummary()
    shard_root = Path(settings.shard_dir or f"{db_path}.shards")
    with connection(db_path) as con:
        limit_memory(con, settings.db_memory_mb)
        writer.upsert_entities(con, registry_entities())
        run_id = writer.start_run(con, "backfill")
        try:
            tasks = [_task(con, p, settings) for p in files]
            loader = ShardLoader(con)
            with _engine(settings) as engine:
                on_event({"event": "start", "files": len(tasks), "engine": engine.name, "workers": engine.workers})
                for task, outcome in engine.run(process_file, tasks):
                    result = outcome if isinstance(outcome, FileResult) else _worker_failure(task, outcome)
                    loaded = _finish_file(con, loader, result, settings, shard_root, run_id)
                    summary.add(result, loaded)
                    on_event({"event": "file", **{k: getattr(result, k) for k in _EVENT_FIELDS}, **loaded})
        except BaseException as exc:
            writer.end_stopped_run(con, run_id, *run_end(exc), summary.as_dict())
            raise
        writer.finish_run(con, run_id, "partial" if summary.failed else "ok", summary.as_dict(),
                          "; ".join(f"{n}: {r}" for n, r in summary.failures[:5]) or None)
    return summary


def _task(con, path: Path, settings: BackfillSettings) -> FileTask:
    size = path.stat().st_size if path.exists() else 0  # a file gone by now fails in its worker, with the reason
    done = warc_files.done_checksum(con, path.name, size, settings.since, settings.until)
    return FileTask(str(path), size, done, settings.since, settings.until)


def _worker_failure(task: FileTask, exc: BaseException) -> FileResult:
    return FileResult(task.path, task.name, task.size, FAILED, reason=f"worker failed: {type(exc).__name__}: {exc}")


def _finish_file(con, loader: ShardLoader, result: FileResult, settings: BackfillSettings, shard_root: Path,
                 run_id: str) -> dict:
    """Record the file's outcome; a done file's shard is written as Parquet and loaded."""
    if result.status == ALREADY_DONE:
        return {}
    if result.checksum is None:
        return {}  # unreadable or lost with its worker: nothing to key a row on; the next run tries again
    if result.status == DONE and warc_files.is_done(con, result.checksum, settings.since, settings.until):
        result.status = ALREADY_DONE  # the same content under another name or path
        return {}
    row = WarcFileRecord(result.checksum, result.name, result.path, result.size, result.status, result.reason,
                         settings.since, settings.until, result.records, result.html, result.relevant,
                         result.articles, result.claims, result.seconds, run_id)
    if result.status != DONE and not result.shard:
        warc_files.record_file(con, row)
        return {}
    shard = write_shard(shard_root / f"{result.name}.{result.checksum[:12]}", result.shard)
    result.shard = {}
    return loader.load(shard, row)


def write_shard(folder: Path, tables: dict[str, bytes]) -> dict[str, Path]:
    """Write a shard's Parquet files into FOLDER, whole or not at all; returns the file of each table."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    for name in TABLES:
        (staging / f"{name}.parquet").write_bytes(tables[name])
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(staging, folder)
    return {name: folder / f"{name}.parquet" for name in TABLES}
