"""Files kept beside a database file: its read snapshot, its triage store, its run lock and its page bodies."""
from __future__ import annotations

from pathlib import Path


def _beside(db_path: str | Path, suffix: str) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + suffix)


def snapshot_path(db_path: str | Path) -> Path:
    """The read-only copy readers open while a writer holds the database (infratrack.duckdb.snapshot)."""
    return _beside(db_path, ".snapshot")


def triage_path(db_path: str | Path) -> Path:
    """The small store of researchers' verdicts (infratrack.duckdb.triage)."""
    return _beside(db_path, ".triage")


def lock_path(db_path: str | Path) -> Path:
    """The single-instance lock of runs that write the database (infratrack.duckdb.lock)."""
    return _beside(db_path, ".lock")


def bodies_path(db_path: str | Path) -> Path:
    """The folder of stored page bodies (infratrack.duckdb.bodies), which belongs with the database file."""
    return _beside(db_path, ".bodies")
