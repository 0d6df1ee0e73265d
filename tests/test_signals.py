"""Ctrl-C and SIGTERM during a crawl, a run and a backfill, and an unexpected error: the exit code an
operator's scripts and systemd read, one line on stderr, and the run's row marked for what it was.
Real processes and signals against a slow loopback server."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from httpserver import Route

ROOT = Path(__file__).resolve().parent.parent
INTERRUPTED = "interrupted; run it again to resume"


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "infratrack", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def wait_for(predicate, proc: subprocess.Popen, what: str, limit_s: float = 90) -> None:
    deadline = time.monotonic() + limit_s
    while not predicate():
        assert proc.poll() is None, f"the command ended before {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.05)


def runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT command, status, error FROM runs ORDER BY started_at").fetchall()


def slow_feed(route_server) -> str:
    return route_server.route("/slow.xml", Route('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                                                 "</channel></rss>", content_type="application/rss+xml", delay_s=60))


@pytest.mark.slow
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_crawl_stopped_by_a_signal_exits_with_its_code_and_marks_the_run(route_server, tmp_path, sig, code):
    feed = slow_feed(route_server)
    db = tmp_path / "db.duckdb"
    proc = start("crawl", "--db", str(db), "--feed", feed, "--allow-private-hosts", "--delay", "0", "--log-json")
    wait_for(lambda: route_server.hits_for("/slow.xml"), proc, "the feed request")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.strip().splitlines()[-1] == f"error: {INTERRUPTED}"
    assert "Traceback" not in err
    assert [(c, s) for c, s, _ in runs(db)] == [("crawl", "interrupted")]


@pytest.mark.slow
def test_a_cron_run_stopped_by_sigterm_marks_both_its_rows(route_server, tmp_path):
    feed = slow_feed(route_server)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "slow"\nkind = "feed"\nurl = "{feed}"\n')
    db = tmp_path / "db.duckdb"
    proc = start("run", "--db", str(db), "--sources", str(sources), "--allow-private-hosts", "--delay", "0",
                 "--log-json")
    wait_for(lambda: route_server.hits_for("/slow.xml"), proc, "the feed request")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == f"error: {INTERRUPTED}"
    assert {(c, s) for c, s, _ in runs(db)} == {("run", "interrupted"), ("crawl", "interrupted")}
    assert '"event": "run_interrupted", "signal": "SIGTERM"' in err
    assert not (tmp_path / "db.duckdb.lock").exists()


@pytest.mark.slow
def test_a_backfill_stopped_by_sigint_marks_its_run(tmp_path):
    from warc_fixtures import standard_files

    files = standard_files(tmp_path / "warc")
    for i in range(6):  # enough work that the signal lands while it is going on
        (tmp_path / "warc" / f"copy-{i}.warc.gz").write_bytes(files["a"].read_bytes()[:-1] + bytes([i]))
    db = tmp_path / "db.duckdb"
    proc = start("backfill", str(tmp_path / "warc"), "--db", str(db), "--workers", "1")
    shards = Path(f"{db}.shards")
    wait_for(lambda: shards.exists() and any(shards.iterdir()), proc, "the first shard")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == f"error: {INTERRUPTED}"
    assert [(c, s) for c, s, _ in runs(db)] == [("backfill", "interrupted")]


def test_an_unexpected_error_exits_70_with_one_line_and_the_log(tmp_path):
    # a command that fails in a way no handler foresees, added to the real CLI in a real process
    script = ("import sys, click\nfrom infratrack.cli import main\n"
              "@main.command('explode')\ndef explode():\n    raise RuntimeError('the frobnicator broke')\n"
              "sys.argv = ['infratrack', 'explode']\nmain()\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}, timeout=120)
    assert r.returncode == 70, r.stderr
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("error: unexpected RuntimeError: the frobnicator broke")
    log = Path(line.split("details in ")[1].split(")")[0])
    assert log.exists() and "Traceback" in log.read_text() and "frobnicator" in log.read_text()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@pytest.mark.slow
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_query_stopped_by_a_signal_exits_with_its_code(tmp_path, sig, code):
    # DuckDB turns a signal that lands inside a statement into its own "Query interrupted" error
    from db import open_db

    db = tmp_path / "db.duckdb"
    open_db(db).close()
    proc = start("sql", "--db", str(db), "--timeout", "600",
                 "SELECT count(*) FROM range(1000000000000) t(x) WHERE x % 7 = 3")
    # starting Python and opening the database take well under a second of CPU; the query's threads, more
    wait_for(lambda: _cpu_seconds(proc.pid) > 3, proc, "the query running")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.strip().splitlines() == [f"error: {INTERRUPTED}"]
