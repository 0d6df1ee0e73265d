"""Crash trials: kill -9 a cron run at a random moment, then check the database and let the next run finish.

A trial passes when the killed database opens, every article in it has exactly the claims a clean
run gives that article (no half-written extraction), and after one more run the database holds
exactly the clean run's claims: nothing lost, nothing twice. Used by tests/test_crash_safety.py and
benchmarks/reliability.py.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from db import connection


def sources_file(folder: Path, base: str) -> Path:
    """A sources.toml listing the demo site's feeds and sitemap index."""
    path = folder / "sources.toml"
    path.write_text(f'[[source]]\nurl = "{base}/techwire/feed.xml"\nkind = "feed"\n\n'
                    f'[[source]]\nurl = "{base}/dcledger/atom.xml"\nkind = "feed"\n\n'
                    f'[[source]]\nurl = "{base}/sitemap.xml"\nkind = "sitemap"\n', encoding="utf-8")
    return path


def run_command(db: Path, sources: Path, *extra: str) -> list[str]:
    """The argv of a cron run on DB."""
    return [sys.executable, "-m", "infratrack", "run", "--db", str(db), "--sources", str(sources),
            "--allow-private-hosts", "--delay", "0.01", "--log-file", str(db.with_suffix(".log")), *extra]


def claims_by_article(db: Path) -> dict[str, set[tuple]]:
    """Each article URL with the set of its claims (attribute, value, quote, start)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT a.url, c.attribute, c.value, c.quote, c.start_offset
                              FROM articles a LEFT JOIN claims c USING (article_id)""").fetchall()
    out: dict[str, set[tuple]] = {}
    for url, *claim in rows:
        out.setdefault(url, set())
        if claim[0] is not None:
            out[url].add(tuple(claim))
    return out


def duplicate_claims(db: Path) -> int:
    """Claims stored more than once (same article, subject, attribute, value, quote and offset); two
    places one sentence states are two claims, so the place (value_text) is part of what is compared."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("""SELECT count(*) - count(DISTINCT (article_id, subject, attribute, value, value_text, quote,
                                                            start_offset))
                              FROM claims""").fetchone()[0]


@dataclass
class TrialReport:
    """What the kill trials found; every figure but trials and killed should be 0."""

    trials: int = 0
    killed: int = 0  # trials where the kill landed before the run finished
    db_open_failures: int = 0
    half_written: int = 0  # articles whose claims differ from a clean run's right after the kill
    rows_lost: int = 0  # clean-run claims missing after the next run
    duplicate_claims: int = 0
    failed_reruns: int = 0
    messages: list[str] = field(default_factory=list)


def reference(folder: Path, sources: Path) -> dict[str, set[tuple]]:
    """The claims of a clean, uninterrupted run."""
    db = folder / "reference.duckdb"
    subprocess.run(run_command(db, sources), check=True, capture_output=True, timeout=600)
    return claims_by_article(db)


def trial(folder: Path, sources: Path, clean: dict[str, set[tuple]], kill_after_s: float, report: TrialReport,
          extract_all_db: Path | None = None) -> None:
    """One trial: start a run (or `extract --all` on a copy of EXTRACT_ALL_DB), kill -9 it after KILL_AFTER_S."""
    report.trials += 1
    db = folder / f"trial-{report.trials}.duckdb"
    if extract_all_db is not None:
        db.write_bytes(extract_all_db.read_bytes())
        argv = [sys.executable, "-m", "infratrack", "extract", "--all", "--db", str(db)]
    else:
        argv = run_command(db, sources)
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(kill_after_s)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        report.killed += 1
    proc.wait()
    if db.exists():
        try:
            with connection(db):
                pass  # opening for writing replays the log and applies migrations
        except Exception as exc:  # noqa: BLE001 - a database that does not open is what the trial counts
            report.db_open_failures += 1
            report.messages.append(f"trial {report.trials}: {type(exc).__name__}: {exc}")
            return
        for url, claims in claims_by_article(db).items():
            if url in clean and claims != clean[url]:
                report.half_written += 1
                report.messages.append(f"trial {report.trials}: {url} has {len(claims)} claims, clean run {len(clean[url])}")
    rerun = subprocess.run(run_command(db, sources), capture_output=True, text=True, timeout=600)
    if rerun.returncode != 0:
        report.failed_reruns += 1
        report.messages.append(f"trial {report.trials}: rerun exit {rerun.returncode}: {rerun.stderr[-300:]}")
        return
    after = claims_by_article(db)
    report.rows_lost += sum(len(claims - after.get(url, set())) for url, claims in clean.items())
    report.duplicate_claims += duplicate_claims(db)


def run_trials(folder: Path, base_url: str, count: int, seed: int = 0, max_kill_s: float = 8.0) -> TrialReport:
    """COUNT kill trials against the demo site at BASE_URL: most kill a run, every fourth an `extract --all`."""
    rng = random.Random(seed)
    sources = sources_file(folder, base_url)
    clean = reference(folder, sources)
    report = TrialReport()
    for i in range(count):
        if i % 4 == 3:
            trial(folder, sources, clean, rng.uniform(0.3, 4.0), report, extract_all_db=folder / "reference.duckdb")
        else:
            trial(folder, sources, clean, rng.uniform(0.2, max_kill_s), report)
    return report
