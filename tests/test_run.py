"""`infratrack run` as cron calls it, on the demo site: the run lock, the feed and the webhook. The first
test's first run and the lock holders are real processes; the other runs go through the same click command in
this process (tests/cli_inprocess.py), which spares the interpreter's and spaCy's start-up on each."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import feedparser
import pytest

from cli_inprocess import invoke
from webhook_receiver import WebhookReceiver

LOCKED = 5


def sources_file(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f"""
[[source]]
url = "{base}/techwire/feed.xml"
kind = "feed"
lang = "en"

[[source]]
url = "{base}/dcledger/atom.xml"
kind = "feed"

[[source]]
url = "{base}/sitemap.xml"
kind = "sitemap"
""", encoding="utf-8")
    return path


def run(*args: str, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "infratrack", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def job_args(db: Path, sources: Path, *extra: str) -> list[str]:
    return ["run", "--db", str(db), "--sources", str(sources), "--allow-private-hosts", "--delay", "0.01", *extra]


def run_job(db: Path, sources: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """A cron run in a real process."""
    return run(*job_args(db, sources, *extra), env=env)


def run_job_here(db: Path, sources: Path, *extra: str, env: dict | None = None):
    """A cron run through the same command in this process."""
    return invoke(*job_args(db, sources, *extra), env=env)


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_run_crawls_extracts_announces_and_a_second_run_adds_nothing(demo_site, tmp_path):
    db = tmp_path / "cron.duckdb"
    src = sources_file(tmp_path, demo_site.base_url)
    with WebhookReceiver() as hook:
        first = run_job(db, src, env={"INFRATRACK_WEBHOOK_URL": hook.url})
        assert first.returncode == 0, first.stderr
        conflicts = rows(db, "SELECT conflict_id FROM contradictions")
        assert len(conflicts) >= 3  # the demo site plants GPU-count, power and plan contradictions
        assert f"new contradictions {len(conflicts)}" in first.stdout

        # one webhook POST carrying each contradiction once, with both quotes
        [posted] = hook.posts
        assert posted["count"] == len(conflicts)
        assert {c["conflict_id"] for c in posted["contradictions"]} == {c for (c,) in conflicts}
        assert all(c["quote_a"] and c["quote_b"] for c in posted["contradictions"])

        feed = feedparser.parse((tmp_path / "cron-contradictions.atom").read_bytes())
        assert not feed.bozo
        assert len(feed.entries) == len(conflicts)
        assert all(" vs " in e.title for e in feed.entries)

        claims_before = rows(db, "SELECT count(*), count(DISTINCT claim_id) FROM claims")
        second = run_job_here(db, src, env={"INFRATRACK_WEBHOOK_URL": hook.url})
        assert second.returncode == 0, second.stderr
        assert "new contradictions 0" in second.stdout
        assert len(hook.posts) == 1  # nothing new, nothing posted
        assert rows(db, "SELECT count(*), count(DISTINCT claim_id) FROM claims") == claims_before

    runs = rows(db, "SELECT status, counts FROM runs WHERE command = 'run' ORDER BY started_at")
    assert [r[0] for r in runs] == ["ok", "ok"]
    assert json.loads(runs[0][1])["new_contradictions"] == len(conflicts)
    assert json.loads(runs[1][1])["crawl"].get("new", 0) == 0
    status = invoke("status", "--db", str(db))
    assert status.returncode == 0, status.stderr
    assert len(re.findall(r"\|\s*run\s*\|\s*\S+ \S+\s*\|\s*\S+ \S+\s*\|\s*ok\s*\|", status.stdout)) == 2


def test_a_second_run_while_one_holds_the_lock_exits_at_once(demo_site, tmp_path):
    db = tmp_path / "cron.duckdb"
    src = sources_file(tmp_path, demo_site.base_url)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom infratrack.run_lock import RunLock\n"
         "with RunLock(sys.argv[1], 'run'):\n    print('held', flush=True)\n    time.sleep(60)\n", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = run_job_here(db, src)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert second.returncode == LOCKED
    assert f"pid {holder.pid}" in second.stderr and "Traceback" not in second.stderr
    assert not db.exists()  # it touched nothing
    # the kernel dropped the lock with the killed holder: no stale lock file blocks the next run
    assert run_job_here(db, src).returncode == 0


def test_a_failing_webhook_makes_the_run_partial_and_the_next_run_delivers(demo_site, tmp_path):
    db = tmp_path / "cron.duckdb"
    src = sources_file(tmp_path, demo_site.base_url)
    with WebhookReceiver(fail_first=100) as down:
        first = run_job_here(db, src, "--log-json", env={"INFRATRACK_WEBHOOK_URL": down.url})
    assert first.returncode == 1, first.stderr
    assert "secret-token-123" not in first.stderr + first.stdout  # the token never reaches a log
    undelivered = rows(db, "SELECT count(*) FROM announcements WHERE delivered_at IS NULL AND delivery_error LIKE '%HTTP 500%'")
    assert undelivered[0][0] >= 3
    with WebhookReceiver() as up:
        second = run_job_here(db, src, env={"INFRATRACK_WEBHOOK_URL": up.url})
        assert second.returncode == 0, second.stderr
        [posted] = up.posts
    assert posted["count"] == undelivered[0][0]
    assert rows(db, "SELECT count(*) FROM announcements WHERE delivered_at IS NULL") == [(0,)]


def test_log_lines_go_to_a_rotating_file_as_json(demo_site, tmp_path):
    db = tmp_path / "cron.duckdb"
    log = tmp_path / "logs" / "run.log"
    log.parent.mkdir()
    r = run_job_here(db, sources_file(tmp_path, demo_site.base_url), "--log-file", str(log))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    assert {"stage", "fetch", "extracted", "new_contradiction"} <= set(kinds)
    assert all("ts" in e for e in events)
    assert events[-1]["status"] == "ok" and events[-1]["new_contradictions"] >= 3


@pytest.mark.parametrize("command", [["crawl"], ["extract"]])
def test_crawl_and_extract_take_the_same_lock(tmp_path, command):
    db = tmp_path / "cron.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom infratrack.run_lock import RunLock\n"
         "with RunLock(sys.argv[1], 'run'):\n    print('held', flush=True)\n    time.sleep(60)\n", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        r = run(*command, "--db", str(db), timeout=60)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert r.returncode == LOCKED, r.stderr
    assert "another infratrack run" in r.stderr
