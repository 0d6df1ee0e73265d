"""A researcher's verdicts on contradictions: short write transactions keyed on the two claim ids."""
from __future__ import annotations

import math
import numbers
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, TypeVar

import duckdb

from db.connection import connection, transaction
from db.errors import DatabaseError

VERDICTS = ("confirmed", "resolved", "dismissed")

# A crawl or an extraction holds the file lock for seconds at most per batch; waiting a little
# lets a click in the dashboard land between two batches instead of failing at once.
LOCK_TIMEOUT_S = 5.0
LOCK_RETRY_S = 0.1

T = TypeVar("T")


class TriageError(ValueError):
    """A verdict that cannot be recorded: unknown status or claim, or a missing correct value."""


def pair_key(claim_a: str, claim_b: str) -> tuple[str, str]:
    """The pair in the order the contradictions view uses: the smaller claim id first."""
    if not claim_a or not claim_b:
        raise TriageError("both claim ids are required")
    if claim_a == claim_b:
        raise TriageError("a claim cannot contradict itself: give two different claim ids")
    return (claim_a, claim_b) if claim_a < claim_b else (claim_b, claim_a)


def _is_busy(exc: BaseException) -> bool:
    """True when EXC says another connection holds the file, which may end soon."""
    for err in (exc, exc.__cause__):
        if err is None:
            continue
        message = str(err).lower()
        # Another process holds DuckDB's file lock ...
        if isinstance(err, duckdb.IOException) and "lock" in message:
            return True
        # ... or, inside this process (the dashboard serves every session from one process),
        # a read-only reader is open right now and DuckDB refuses a second configuration.
        if isinstance(err, duckdb.ConnectionException) and "different configuration" in message:
            return True
    return False


def _with_write_connection(db_path: str | Path, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run WORK on a fresh write connection, closed at once; retry while the file is locked."""
    if not Path(db_path).exists():
        # open_db would create an empty database: a verdict never belongs in a new file
        raise DatabaseError(f"{db_path}: no such database")
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        try:
            with connection(db_path) as con:
                return work(con)
        except (DatabaseError, duckdb.Error) as exc:
            if not _is_busy(exc):
                if isinstance(exc, DatabaseError):
                    raise
                raise DatabaseError(f"{db_path}: cannot record the verdict: {str(exc).splitlines()[0]}") from exc
            if time.monotonic() >= deadline:
                raise DatabaseError(
                    f"{db_path}: the database is locked by another process (a crawl or an extraction is "
                    f"writing); the verdict was not saved after waiting {LOCK_TIMEOUT_S:g} s, try again when it ends"
                ) from exc
            time.sleep(LOCK_RETRY_S)


def _check_claims_exist(con: duckdb.DuckDBPyConnection, claim_ids: tuple[str, str]) -> None:
    found = {r[0] for r in con.execute("SELECT claim_id FROM claims WHERE claim_id IN (?, ?)", list(claim_ids)).fetchall()}
    missing = [c for c in claim_ids if c not in found]
    if missing:
        raise TriageError(f"no claim with id {', '.join(missing)}")


def set_verdict(
    db_path: str | Path,
    claim_a: str,
    claim_b: str,
    status: str,
    correct_value: float | None = None,
    note: str | None = None,
) -> None:
    """Record (or replace) the verdict on the contradiction between two claims."""
    if status not in VERDICTS:
        raise TriageError(f"unknown verdict {status!r}: use one of {', '.join(VERDICTS)}")
    if status == "resolved":
        if not isinstance(correct_value, numbers.Real) or isinstance(correct_value, bool) or not math.isfinite(correct_value):
            raise TriageError("a resolved contradiction needs the correct value (a finite number)")
        correct_value = float(correct_value)
    elif correct_value is not None:
        # Refused rather than dropped: a value given with another verdict is probably a mistake.
        raise TriageError(f"a correct value only goes with the verdict 'resolved', not {status!r}")
    key = pair_key(claim_a, claim_b)
    note = note.strip() or None if note else None

    def write(con: duckdb.DuckDBPyConnection) -> None:
        with transaction(con):
            _check_claims_exist(con, key)
            con.execute(
                """INSERT INTO triage (claim_a, claim_b, status, correct_value, note, decided_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (claim_a, claim_b) DO UPDATE SET
                     status = excluded.status, correct_value = excluded.correct_value,
                     note = excluded.note, decided_at = excluded.decided_at""",
                [*key, status, correct_value, note, datetime.now(timezone.utc)],
            )

    _with_write_connection(db_path, write)


def clear_verdict(db_path: str | Path, claim_a: str, claim_b: str) -> bool:
    """Remove the verdict on a pair, reopening it; True if there was one."""
    key = pair_key(claim_a, claim_b)

    def delete(con: duckdb.DuckDBPyConnection) -> bool:
        with transaction(con):
            found = con.execute("SELECT count(*) FROM triage WHERE claim_a = ? AND claim_b = ?", list(key)).fetchone()[0]
            con.execute("DELETE FROM triage WHERE claim_a = ? AND claim_b = ?", list(key))
        return bool(found)

    return _with_write_connection(db_path, delete)
