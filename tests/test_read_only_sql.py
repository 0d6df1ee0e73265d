"""Researchers' SQL (`infratrack sql`, the dashboard console) reads the database and nothing else:
every way to write, attach, copy out, load code, change settings or read another file is refused
with a message, on a real DuckDB file, and the file is left byte for byte as it was."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views import sql as sql_page
from db import connection, reader
from db.errors import QueryRefused, QueryTimedOut
from db.read_only_sql import CONNECTION_CONFIG
from db.records import ArticleRecord, ClaimRecord
from db.writer import save_extraction

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
QUOTE = "Jupiter, Europe's first exascale system, runs about 24,000 GH200 superchips at Jülich."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one article and its claim, and a private file beside it that no query may read."""
    path = tmp_path / "news.duckdb"
    text = f"Opening. {QUOTE} Closing."
    article = ArticleRecord("jupiter-1", "https://hpc.example/jupiter", text, "HPC Wire Test", "h1", "test",
                            title="Jupiter opens", published_at=datetime(2025, 9, 5, tzinfo=timezone.utc), lang="en")
    claim = ClaimRecord("Jupiter", "gpu_count", "count", "actual", QUOTE, text.index(QUOTE),
                        text.index(QUOTE) + len(QUOTE), "test", entity_id="jupiter", hardware="GH200", value=24_000,
                        low=22_800, high=25_200, as_of=date(2025, 9, 5), lang="en")
    with connection(path) as con:
        save_extraction(con, article, [claim])
    (tmp_path / "infratrack.toml").write_text('[infratrack]\ncontact_url = "https://lab.example/private-token-42"\n')
    return path


def _digest(path: Path) -> str:
    # the database and the read snapshot the queries actually open
    snapshot = path.with_name(path.name + ".snapshot")
    return hashlib.sha256(path.read_bytes() + snapshot.read_bytes()).hexdigest()


def _refused_statements(folder: Path) -> list[tuple[str, str]]:
    """(statement, the words its refusal must carry) for every kind of escape we know of."""
    out = folder / "out"
    return [
        ("INSERT INTO settings VALUES ('window_days', '1', 'x')", "INSERT is not allowed"),
        ("UPDATE settings SET value = '1' WHERE key = 'window_days'", "UPDATE is not allowed"),
        ("DELETE FROM claims", "DELETE is not allowed"),
        ("CREATE TABLE notes (a INT)", "CREATE is not allowed"),
        ("CREATE TEMP TABLE scratch AS SELECT * FROM claims", "CREATE is not allowed"),
        ("DROP TABLE claims", "DROP is not allowed"),
        ("ALTER TABLE claims ADD COLUMN z INT", "ALTER is not allowed"),
        (f"ATTACH '{folder / 'other.duckdb'}' AS other", "ATTACH is not allowed"),
        ("DETACH news", "DETACH is not allowed"),
        (f"COPY claims TO '{out}.csv'", "COPY is not allowed"),
        (f"COPY (SELECT quote FROM claims) TO '{out}.parquet' (FORMAT parquet)", "COPY is not allowed"),
        (f"EXPORT DATABASE '{out}'", "EXPORT is not allowed"),
        ("INSTALL httpfs", "INSTALL is not allowed"),
        ("LOAD httpfs", "LOAD is not allowed"),
        ("SET enable_external_access = true", "SET is not allowed"),
        ("SET memory_limit = '64GB'", "SET is not allowed"),
        ("RESET lock_configuration", "RESET is not allowed"),
        ("PRAGMA enable_profiling", "settings cannot be changed"),
        ("PRAGMA threads = 64", "is not allowed"),
        ("CHECKPOINT", "CHECKPOINT is not allowed"),
        ("FORCE CHECKPOINT", "FORCE is not allowed"),
        ("VACUUM", "VACUUM is not allowed"),
        ("BEGIN TRANSACTION", "BEGIN is not allowed"),
        ("SELECT 1; DELETE FROM claims", "DELETE is not allowed"),
        ("SELECT * FROM read_csv('/etc/passwd')", "outside the database"),
        ("SELECT * FROM read_csv_auto('/etc/passwd')", "outside the database"),
        ("SELECT * FROM read_parquet('/etc/passwd')", "outside the database"),
        ("SELECT * FROM read_json('/etc/passwd')", "outside the database"),
        ("SELECT * FROM read_text('/etc/passwd')", "outside the database"),
        ("SELECT * FROM read_blob('/etc/passwd')", "outside the database"),
        (f"SELECT * FROM read_text('{folder / 'infratrack.toml'}')", "outside the database"),
        ("SELECT * FROM glob('/etc/*')", "outside the database"),
        (f"SELECT * FROM glob('{folder}/*')", "outside the database"),
        ("SELECT * FROM '/etc/passwd.csv'", "outside the database"),
        ("FROM '/etc/hostname.parquet'", "outside the database"),
        ("SELECT * FROM read_csv('https://example.com/x.csv')", "outside the database"),
    ]


def test_every_escape_is_refused_with_a_message_and_the_file_is_untouched(db, tmp_path):
    before = _digest(db)
    for statement, words in _refused_statements(tmp_path):
        with pytest.raises(QueryRefused) as refused:
            reader.user_query(db, statement)
        message = str(refused.value)
        assert message.startswith("refused: ") and words in message, (statement, message)
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infratrack.toml", "news.duckdb", "news.duckdb.snapshot"], "nothing written beside it"


def test_queries_still_run(db):
    assert reader.user_query(db, "SELECT value, hardware FROM claims").rows == [(24_000, "GH200")]
    assert reader.user_query(db, "WITH c AS (FROM claims) SELECT count(*) FROM c").rows == [(1,)]
    assert reader.user_query(db, "SUMMARIZE claims").rows
    assert ("claims",) in reader.user_query(db, "SHOW TABLES").rows
    assert reader.user_query(db, "PRAGMA table_info('claims')").rows[0][1] == "claim_id"
    assert reader.user_query(db, "EXPLAIN SELECT * FROM claims").rows
    assert reader.user_query(db, "PIVOT (SELECT attribute FROM claims) ON attribute USING count(*)").rows == [(1,)]


def test_duckdb_settings_alone_hold_without_the_statement_check(db, tmp_path):
    # The statement check gives the clear message; the guarantee is the connection's own settings.
    # Every statement here reaches DuckDB directly, as if the check had a hole.
    before = _digest(db)
    effects = []
    for statement, _ in _refused_statements(tmp_path):
        # one connection each, as user_query opens them: a failed statement cannot mask the next
        con = duckdb.connect(str(db), read_only=True, config=CONNECTION_CONFIG)
        try:
            con.execute(statement)
            effects.append(statement)
        except duckdb.Error:
            pass
        finally:
            con.close()
    # the only statements DuckDB accepts change nothing on disk: no-ops on a read-only file, or
    # objects in the connection's own memory that vanish with it
    assert set(effects) <= {"CHECKPOINT", "FORCE CHECKPOINT", "VACUUM", "BEGIN TRANSACTION",
                            "CREATE TEMP TABLE scratch AS SELECT * FROM claims"}, effects
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infratrack.toml", "news.duckdb", "news.duckdb.snapshot"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "infratrack", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=120)


@pytest.mark.parametrize("statement, words", [
    ("UPDATE claims SET value = 1", "UPDATE is not allowed"),
    ("ATTACH '/tmp/infratrack-other.duckdb' AS o", "ATTACH is not allowed"),
    ("COPY claims TO '{folder}/leak.csv'", "COPY is not allowed"),
    ("INSTALL httpfs", "INSTALL is not allowed"),
    ("SELECT * FROM read_text('/etc/passwd')", "outside the database"),
    ("SELECT * FROM '/etc/passwd.csv'", "outside the database"),
])
def test_infratrack_sql_refuses_with_exit_2(db, tmp_path, statement, words):
    before = _digest(db)
    r = _cli("sql", statement.format(folder=tmp_path), "--db", str(db))
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: refused: ") and words in r.stderr
    assert "Traceback" not in r.stderr and "root:" not in r.stdout + r.stderr
    assert _digest(db) == before and not (tmp_path / "leak.csv").exists()


def test_dashboard_console_refuses_with_a_message(monkeypatch, db):
    before = _digest(db)
    monkeypatch.setenv("INFRATRACK_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/sql.py").run()
    for statement, words in (("SELECT * FROM read_text('/etc/passwd')", "outside the database"),
                             ("DELETE FROM claims", "DELETE is not allowed"),
                             ("ATTACH '/tmp/x.duckdb' AS x", "ATTACH is not allowed")):
        at.text_area(key=sql_page.QUERY_KEY).input(statement)
        at.button(key=sql_page.RUN_KEY).click().run()
        assert not at.exception
        assert len(at.error) == 1 and "refused" in at.error[0].value and words in at.error[0].value
        assert not at.dataframe, "no result table for a refused query"
    assert _digest(db) == before


# Summing hashes cannot be folded away by the optimiser: on two cores this runs for minutes.
ENDLESS = "SELECT sum(hash(i)) FROM range(100000000000) t(i)"


def test_a_query_over_its_time_limit_is_stopped_with_a_message(db):
    with pytest.raises(QueryTimedOut) as stopped:
        reader.user_query(db, ENDLESS, timeout_s=0.5)
    assert "0.5 s" in str(stopped.value)
    # the connection was interrupted, not left running: the next query answers
    assert reader.user_query(db, "SELECT count(*) FROM claims", timeout_s=0.5).rows == [(1,)]


def test_the_console_reports_a_stopped_query_as_an_error(db, monkeypatch):
    monkeypatch.setattr(sql_page, "CONSOLE_TIMEOUT_S", 0.5)
    result = sql_page._run(str(db), ENDLESS)
    assert "error" in result and "stopped after 0.5 s" in result["error"]


def test_sql_command_takes_a_time_limit(db):
    out = _cli("sql", ENDLESS, "--db", str(db), "--timeout", "0.5")
    assert out.returncode != 0
    assert "stopped after 0.5 s" in out.stderr and "Traceback" not in out.stderr
