"""A researcher's verdicts on contradictions (a pair) and on single claims (this figure is wrong,
or right: it settles every pair the claim is in), kept in a small store beside the database.

Verdicts are written from the dashboard while a cron run may hold the database for minutes, and
DuckDB lets one process write a file at a time. So verdicts live in their own DuckDB file (the
triage store, infratrack.duckdb.triage): a click opens it for a few milliseconds, never waits
for a crawl, and readers copy its rows into a temporary `triage` table of their connection that
the contradiction views join (a temporary table shadows the empty `main.triage` of the schema).
"""
from __future__ import annotations

import math
import numbers
import os
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, TypeVar

import duckdb

from db import duck
from db.companions import triage_path
from db.errors import DatabaseError

VERDICTS = ("confirmed", "resolved", "dismissed")
COLUMNS = ("claim_a", "claim_b", "status", "correct_value", "note", "decided_at")

# Another verdict being written, or a reader copying the verdicts, holds the store for a few
# milliseconds; waiting a little lets both succeed instead of failing at once.
LOCK_TIMEOUT_S = 5.0
LOCK_RETRY_S = 0.02

_TABLE_SQL = """CREATE TABLE IF NOT EXISTS triage (
    claim_a       VARCHAR NOT NULL,
    claim_b       VARCHAR NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('confirmed', 'resolved', 'dismissed')),
    correct_value DOUBLE,
    note          VARCHAR,
    decided_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (claim_a, claim_b)
)"""

_UPSERT_SQL = f"""INSERT INTO triage ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (claim_a, claim_b) DO UPDATE SET
      status = excluded.status, correct_value = excluded.correct_value,
      note = excluded.note, decided_at = excluded.decided_at"""

_CLAIM_TABLE_SQL = """CREATE TABLE IF NOT EXISTS claim_verdicts (
    claim_id   VARCHAR PRIMARY KEY,
    verdict    VARCHAR NOT NULL CHECK (verdict IN ('wrong', 'right')),
    note       VARCHAR,
    decided_at TIMESTAMPTZ NOT NULL
)"""
CLAIM_VERDICTS = ("wrong", "right")
CLAIM_COLUMNS = ("claim_id", "verdict", "note", "decided_at")

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
    message = str(exc).lower()
    # Another process holds DuckDB's file lock ...
    if isinstance(exc, duckdb.IOException) and "lock" in message:
        return True
    # ... or, inside this process (the dashboard serves every session from one process), a
    # connection with another mode is open right now and DuckDB refuses a second configuration.
    return isinstance(exc, duckdb.ConnectionException) and "different configuration" in message


def _with_store(db_path: str | Path, read_only: bool, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run WORK on a fresh connection to the triage store, closed at once; retry while it is busy."""
    store = triage_path(db_path)
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        try:
            con = duck.connect(str(store), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_busy(exc):
                raise DatabaseError(f"{store}: cannot open the triage store: {str(exc).splitlines()[0]}") from exc
            if time.monotonic() >= deadline:
                raise DatabaseError(f"{store}: the triage store stayed busy for {LOCK_TIMEOUT_S:g} s; try again") from exc
            time.sleep(LOCK_RETRY_S)
            continue
        try:
            return work(con)
        finally:
            con.close()


def _check_claims_exist(db_path: str | Path, claim_ids: tuple[str, str]) -> None:
    from db.connection import open_for_reading  # db.connection imports this module to adopt old verdicts

    con = open_for_reading(db_path)
    try:
        found = {r[0] for r in con.execute("SELECT claim_id FROM claims WHERE claim_id IN (?, ?)", list(claim_ids)).fetchall()}
    finally:
        con.close()
    missing = [c for c in claim_ids if c not in found]
    if missing:
        raise TriageError(f"no claim with id {', '.join(missing)}")


def _write(db_path: str | Path, rows: list[tuple]) -> None:
    def upsert(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_TABLE_SQL)
            con.executemany(_UPSERT_SQL, rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    _with_store(db_path, False, upsert)


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
    if not Path(db_path).exists():
        # a verdict never belongs beside a database that is not there
        raise DatabaseError(f"{db_path}: no such database")
    key = pair_key(claim_a, claim_b)
    note = note.strip() or None if note else None
    _check_claims_exist(db_path, key)
    _write(db_path, [(*key, status, correct_value, note, datetime.now(timezone.utc))])


def clear_verdict(db_path: str | Path, claim_a: str, claim_b: str) -> bool:
    """Remove the verdict on a pair, reopening it; True if there was one."""
    key = pair_key(claim_a, claim_b)
    if not triage_path(db_path).exists():
        return False

    def delete(con: duckdb.DuckDBPyConnection) -> bool:
        con.execute(_TABLE_SQL)
        found = con.execute("SELECT count(*) FROM triage WHERE claim_a = ? AND claim_b = ?", list(key)).fetchone()[0]
        con.execute("DELETE FROM triage WHERE claim_a = ? AND claim_b = ?", list(key))
        return bool(found)

    return _with_store(db_path, False, delete)


def _check_claim_exists(db_path: str | Path, claim_id: str) -> None:
    from db.connection import open_for_reading

    con = open_for_reading(db_path)
    try:
        found = con.execute("SELECT count(*) FROM claims WHERE claim_id = ?", [claim_id]).fetchone()[0]
    finally:
        con.close()
    if not found:
        raise TriageError(f"no claim with id {claim_id}")


def set_claim_verdict(db_path: str | Path, claim_id: str, verdict: str, note: str | None = None) -> None:
    """Record (or replace) a verdict on one claim: it settles every contradiction the claim is in."""
    if verdict not in CLAIM_VERDICTS:
        raise TriageError(f"unknown claim verdict {verdict!r}: use one of {', '.join(CLAIM_VERDICTS)}")
    if not claim_id:
        raise TriageError("a claim id is required")
    if not Path(db_path).exists():
        raise DatabaseError(f"{db_path}: no such database")
    note = note.strip() or None if note else None
    _check_claim_exists(db_path, claim_id)
    row = (claim_id, verdict, note, datetime.now(timezone.utc))

    def upsert(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(_CLAIM_TABLE_SQL)
        con.execute("INSERT OR REPLACE INTO claim_verdicts VALUES (?, ?, ?, ?)", list(row))

    _with_store(db_path, False, upsert)


def clear_claim_verdict(db_path: str | Path, claim_id: str) -> bool:
    """Remove the verdict on one claim, reopening its pairs; True if there was one."""
    if not triage_path(db_path).exists():
        return False

    def delete(con: duckdb.DuckDBPyConnection) -> bool:
        con.execute(_CLAIM_TABLE_SQL)
        found = con.execute("SELECT count(*) FROM claim_verdicts WHERE claim_id = ?", [claim_id]).fetchone()[0]
        con.execute("DELETE FROM claim_verdicts WHERE claim_id = ?", [claim_id])
        return bool(found)

    return _with_store(db_path, False, delete)


_CACHE: dict[str, tuple[tuple, list[tuple]]] = {}
_CACHE_LOCK = threading.Lock()


def _stamp(store: Path) -> tuple:
    out = []
    for f in (store, store.with_name(store.name + ".wal")):
        try:
            st = f.stat()
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def _read_store(db_path: str | Path) -> tuple[list[tuple], list[tuple]]:
    """(pair verdicts, claim verdicts) of the store, read again only when its files changed."""
    store = triage_path(db_path)
    stamp = _stamp(store)
    if stamp[0] is None:
        return [], []
    key = os.path.abspath(store)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit and hit[0] == stamp:
        return hit[1]

    def read(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple]]:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        pairs = con.execute(f"SELECT {', '.join(COLUMNS)} FROM triage").fetchall() if "triage" in tables else []
        claims = (con.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claim_verdicts").fetchall()
                  if "claim_verdicts" in tables else [])
        return pairs, claims

    rows = _with_store(db_path, True, read)
    with _CACHE_LOCK:
        _CACHE[key] = (stamp, rows)
    return rows


def verdicts(db_path: str | Path) -> list[tuple]:
    """Every stored verdict as (claim_a, claim_b, status, correct_value, note, decided_at)."""
    return _read_store(db_path)[0]


def claim_verdicts(db_path: str | Path) -> list[tuple]:
    """Every stored verdict on a claim as (claim_id, verdict, note, decided_at)."""
    return _read_store(db_path)[1]


def _main_triage(con: duckdb.DuckDBPyConnection) -> str:
    # "main.triage" would name the temporary table once it exists: the temp catalog has a main schema too
    name = con.execute("SELECT current_database()").fetchone()[0]
    return '"' + name.replace('"', '""') + '".main.triage'


def install(con: duckdb.DuckDBPyConnection, db_path: str | Path) -> None:
    """Give CON a temporary `triage` table holding the store's verdicts, which the views join."""
    con.execute(_TABLE_SQL.replace("CREATE TABLE IF NOT EXISTS triage", "CREATE OR REPLACE TEMP TABLE triage"))
    # verdicts an older version kept in the database itself, unless the store has newer ones
    con.execute(f"INSERT INTO temp.triage SELECT * FROM {_main_triage(con)}")
    rows = verdicts(db_path)
    if rows:
        con.executemany(
            "INSERT OR REPLACE INTO temp.triage (" + ", ".join(COLUMNS) + ") VALUES (?, ?, ?, ?, ?, ?)", rows
        )
    # a database of an older schema has no main.claim_verdicts for the views to read
    con.execute(_CLAIM_TABLE_SQL.replace("CREATE TABLE IF NOT EXISTS claim_verdicts",
                                         "CREATE OR REPLACE TEMP TABLE claim_verdicts"))
    claims = claim_verdicts(db_path)
    if claims:
        con.executemany("INSERT INTO temp.claim_verdicts VALUES (?, ?, ?, ?)", claims)


def adopt_legacy(con: duckdb.DuckDBPyConnection, db_path: str | Path) -> int:
    """Move verdicts that older versions kept inside the database into the store; returns how many."""
    rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM {_main_triage(con)}").fetchall()
    if not rows:
        return 0
    stored = {(r[0], r[1]) for r in verdicts(db_path)}
    # a verdict given since, in the store, is newer than the one left in the database
    _write(db_path, [r for r in rows if (r[0], r[1]) not in stored])
    con.execute(f"DELETE FROM {_main_triage(con)}")
    return len(rows)
