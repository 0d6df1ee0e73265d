"""db.triage on real DuckDB files: verdicts, their validation, and waiting out another process's lock."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from db import connection, reader, triage
from db.companions import triage_path
from db.errors import DatabaseError
from test_dashboard import QUOTE_HIGH, QUOTE_LOW, _article, _build


@pytest.fixture
def pair_db(tmp_path: Path) -> tuple[Path, str, str]:
    """A database with one contradiction (100,000 vs 200,000 H100), and its two claim ids."""
    path = _build(tmp_path / "pair.duckdb", [_article(1, "Data Center Dynamics", QUOTE_LOW, 100_000),
                                             _article(2, "Tom's Hardware", QUOTE_HIGH, 200_000)])
    (claim_a, claim_b), = reader.query(path, "SELECT claim_a, claim_b FROM contradictions").rows
    return path, claim_a, claim_b


def _verdicts(path: Path) -> list[tuple]:
    return reader.query(path, "SELECT claim_a, claim_b, status, correct_value, note FROM triage").rows


def _status(path: Path) -> str:
    return reader.query(path, "SELECT status FROM contradictions").rows[0][0]


def test_a_verdict_is_stored_and_replaced(pair_db):
    path, a, b = pair_db
    triage.set_verdict(path, a, b, "confirmed", note="  two real figures  ")
    assert _verdicts(path) == [(a, b, "confirmed", None, "two real figures")]
    assert _status(path) == "confirmed"

    # the pair may be given in either order: it is stored as the view keys it
    triage.set_verdict(path, b, a, "resolved", correct_value=200_000)
    assert _verdicts(path) == [(a, b, "resolved", 200_000.0, None)]
    assert reader.query(path, "SELECT count(*) FROM open_contradictions").rows == [(0,)]


def test_resolved_without_a_value_is_refused(pair_db):
    path, a, b = pair_db
    for value in (None, float("nan"), float("inf"), True):
        with pytest.raises(triage.TriageError, match="correct value"):
            triage.set_verdict(path, a, b, "resolved", correct_value=value)
    assert _verdicts(path) == []


def test_unknown_claim_ids_are_refused(pair_db):
    path, a, _ = pair_db
    with pytest.raises(triage.TriageError, match="no claim with id nope"):
        triage.set_verdict(path, a, "nope", "dismissed")
    assert _verdicts(path) == []


@pytest.mark.parametrize(
    ("status", "value", "message"),
    [("wrong", None, "unknown verdict"), ("open", None, "unknown verdict"), ("dismissed", 5.0, "only goes with")],
)
def test_other_bad_verdicts_are_refused(pair_db, status, value, message):
    path, a, b = pair_db
    with pytest.raises(triage.TriageError, match=message):
        triage.set_verdict(path, a, b, status, correct_value=value)
    with pytest.raises(triage.TriageError, match="itself"):
        triage.set_verdict(path, a, a, "dismissed")
    assert _verdicts(path) == []


def test_clear_verdict_reopens_the_pair(pair_db):
    path, a, b = pair_db
    triage.set_verdict(path, a, b, "dismissed")
    assert triage.clear_verdict(path, b, a) is True
    assert _status(path) == "open"
    assert triage.clear_verdict(path, a, b) is False


def test_a_missing_database_is_not_created(tmp_path):
    path = tmp_path / "absent.duckdb"
    with pytest.raises(DatabaseError, match="no such database"):
        triage.set_verdict(path, "a", "b", "dismissed")
    assert not path.exists()


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process with a write connection on PATH for SECONDS; returns once it holds the lock."""
    code = ("import duckdb, sys, time\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "print('locked', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n"
            "con.close()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_verdict_lands_while_a_crawl_holds_the_database(pair_db):
    # the crawl writes the database for minutes: a verdict goes to the triage store, not there
    path, a, b = pair_db
    holder = _hold_lock(path, 30)
    try:
        triage.set_verdict(path, a, b, "dismissed", note="one figure is a plan")
        assert _status(path) == "dismissed"
        assert holder.poll() is None  # the writer still held the database all along
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert _verdicts(path) == [(a, b, "dismissed", None, "one figure is a plan")]


def test_a_short_lock_on_the_store_is_waited_out(pair_db):
    path, a, b = pair_db
    triage.set_verdict(path, a, b, "confirmed")  # creates the store
    holder = _hold_lock(triage_path(path), 0.8)
    try:
        started = time.monotonic()
        triage.set_verdict(path, a, b, "dismissed")
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert waited >= 0.3  # it did wait for the other process
    assert _status(path) == "dismissed"


def test_a_reader_of_the_store_in_this_process_is_waited_out(pair_db):
    # The dashboard serves every session from one process: a read-only connection open in
    # another session's thread makes DuckDB refuse a write connection until it closes.
    path, a, b = pair_db
    triage.set_verdict(path, a, b, "dismissed")
    con = duckdb.connect(str(triage_path(path)), read_only=True)
    closer = threading.Timer(0.5, con.close)
    closer.start()
    try:
        triage.set_verdict(path, a, b, "confirmed")
    finally:
        closer.join()
    assert _status(path) == "confirmed"


def test_a_long_lock_on_the_store_ends_in_a_clear_error(pair_db, monkeypatch):
    path, a, b = pair_db
    triage.set_verdict(path, a, b, "confirmed")
    monkeypatch.setattr(triage, "LOCK_TIMEOUT_S", 0.5)  # the real 5 s would only slow the test down
    holder = _hold_lock(triage_path(path), 30)
    try:
        with pytest.raises(DatabaseError, match="triage store stayed busy"):
            triage.set_verdict(path, a, b, "dismissed")
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert _verdicts(path) == [(a, b, "confirmed", None, None)]


def test_verdicts_kept_inside_an_old_database_move_to_the_store(pair_db):
    path, a, b = pair_db
    with duckdb.connect(str(path)) as con:  # what an older infratrack left behind
        con.execute("INSERT INTO triage VALUES (?, ?, 'dismissed', NULL, 'old', now())", [a, b])
    with connection(path):
        pass
    assert duckdb.connect(str(path)).execute("SELECT count(*) FROM triage").fetchone()[0] == 0
    assert [r[:5] for r in triage.verdicts(path)] == [(a, b, "dismissed", None, "old")]
    assert _status(path) == "dismissed"
