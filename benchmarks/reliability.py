"""Reliability report of issue #6: fault, crash and concurrency drills, one JSON line.

    .venv/bin/python benchmarks/reliability.py [--kill-trials 20] [--drill-seconds 30] [--fault-runs 3] [--json]

- Faults: cron runs (`infratrack run`) against a loopback site where most URLs misbehave (5xx, 429 with
  Retry-After, connection resets, slow answers past the timeout, endless and oversize bodies, redirect
  loops, binary served as HTML, 50 MB of markup, 20,000 nested elements, invalid UTF-8, a wrong charset)
  beside a few good articles. A run survives when it exits 0 or 1 with no traceback and every good
  article's claims are stored.
- Crash: kill -9 of `infratrack run` and `infratrack extract --all` at random moments (tests/crash.py).
- Concurrency: the 30 s drill of tests/drills.py (writer every 100 ms, reader every 50 ms, verdicts).
Targets: every loss, failure and error figure is 0.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from crash import run_trials  # noqa: E402
from db import duck  # noqa: E402
from httpserver import Route, RouteServer  # noqa: E402
from infratrack.demo_server import DemoServer  # noqa: E402

GOOD = {
    "/news/colossus.html": ("xAI's Colossus cluster in Memphis now runs 200,000 Nvidia H100 and H200 GPUs, "
                            "the company said on Monday.", "gpu_count"),
    "/news/abilene.html": ("The Stargate campus in Abilene, Texas, is planned to draw 1.2 gigawatts once its "
                           "last building opens.", "power"),
}


def _page(title: str, body: str) -> str:
    return (f"<html lang='en'><head><title>{title}</title>"
            "<meta property='article:published_time' content='2025-03-10T09:00:00Z'></head>"
            f"<body><article><h1>{title}</h1><p>{body}</p><p>Analysts expect more sites of this size within "
            "two years, as operators race to secure power and chips for training runs.</p></article></body></html>")


def _faults() -> dict[str, Route]:
    return {
        "/f/500.html": Route(status=500, body="oops"),
        "/f/503.html": Route(fail_first=99, fail_status=503, fail_headers={"Retry-After": "1"}),
        "/f/429.html": Route(fail_first=99, fail_status=429, fail_headers={"Retry-After": "1"}),
        "/f/reset.html": Route(reset=True),
        "/f/slow.html": Route(delay_s=4.0, body=_page("Slow", "Too late.")),
        "/f/endless.html": Route(endless=True),
        "/f/oversize.html": Route(body="<p>" + "x" * (6 * 1024 * 1024) + "</p>"),
        "/f/loop-a.html": Route(status=302, headers={"Location": "/f/loop-b.html"}),
        "/f/loop-b.html": Route(status=302, headers={"Location": "/f/loop-a.html"}),
        "/f/binary.html": Route(body=bytes(range(256)) * 4096),
        "/f/huge-markup.html": Route(body="<html><body>" + "<p>filler text about nothing</p>" * 1_700_000 + "</body></html>"),
        "/f/nested.html": Route(body="<html><body>" + "<div>" * 20_000 + "deep" + "</div>" * 20_000 + "</body></html>"),
        "/f/bad-utf8.html": Route(body=_page("Bad bytes", "Colossus runs 100,000 GPUs.").encode() + b"\xff\xfe\xc3\x28 broken"),
        "/f/wrong-charset.html": Route(body=_page("Charset", "Le supercalculateur consomme 150 mégawatts.").encode("latin-1"),
                                       content_type="text/html; charset=utf-8"),
    }


# Faults are spread over several hosts, two each: a host failing five times in a row (retries count) is
# paused for the run (politeness), which would hide the later faults instead of surviving them.
HOSTS = 7


def fault_site(servers: list[RouteServer]) -> tuple[int, list[str]]:
    """Serve the faulty and the good URLs over SERVERS and a feed listing them all on the first.

    Returns how many faults there are and the URLs of the good articles."""
    urls, good = [], []
    faults = list(_faults().items())
    for i, (path, route) in enumerate(faults):
        server = servers[0 if path.startswith("/f/loop-") else i % len(servers)]
        server.route(path, route)
        if path != "/f/loop-b.html":
            urls.append(server.base_url + path)
    for server in servers:
        server.route("/robots.txt", Route(body="User-agent: *\nAllow: /\n", content_type="text/plain"))
        for path, (body, _) in GOOD.items():
            server.route(path, Route(body=_page(path.rsplit("/", 1)[-1], body)))
            good.append(server.base_url + path)
    items = "".join(f"<item><title>{u}</title><link>{u}</link><pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate></item>"
                    for u in [*urls, *good])
    servers[0].route("/feed.xml", Route(body=f"<?xml version='1.0'?><rss version='2.0'><channel><title>Faults</title>"
                                             f"{items}</channel></rss>", content_type="application/rss+xml"))
    return len(urls), good


def fault_drill(folder: Path, runs: int) -> dict:
    """RUNS cron runs against the faulty site, each on a fresh database."""
    survived = injected = 0
    messages = []
    config = folder / "infratrack.toml"
    config.write_text("timeout_s = 2.0\ntotal_timeout_s = 3.0\nmax_retries = 1\n", encoding="utf-8")
    with ExitStack() as stack:
        servers = [stack.enter_context(RouteServer()) for _ in range(HOSTS)]
        per_run, good = fault_site(servers)
        sources = folder / "faults.toml"
        sources.write_text(f'[[source]]\nurl = "{servers[0].base_url}/feed.xml"\nkind = "feed"\n', encoding="utf-8")
        for i in range(runs):
            db = folder / f"faults-{i}.duckdb"
            injected += per_run
            r = subprocess.run([sys.executable, "-m", "infratrack", "run", "--db", str(db), "--config", str(config),
                                "--sources", str(sources), "--allow-private-hosts", "--delay", "0.01", "--log-json"],
                               capture_output=True, text=True, timeout=900)
            ok = r.returncode in (0, 1) and "Traceback" not in r.stderr
            if ok:
                with duck.connect(str(db), read_only=True) as con:
                    stored = {row[0] for row in con.execute(
                        "SELECT DISTINCT a.url FROM claims c JOIN articles a USING (article_id)").fetchall()}
                missing = [u for u in good if u not in stored]
                ok = not missing
                if missing:
                    messages.append(f"run {i}: good articles without claims: {missing}")
            else:
                messages.append(f"run {i}: exit {r.returncode}: {r.stderr[-400:]}")
            survived += ok
    return {"faults_injected": injected, "fault_runs": runs, "runs_survived": survived, "messages": messages}


def concurrency_drill(folder: Path, seconds: float) -> dict:
    """The writer/reader/verdict drill; returns reader errors and rows lost."""
    drills = ROOT / "tests" / "drills.py"
    db = folder / "drill.duckdb"

    def start(role: str, *args: float) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(drills), role, str(db), *map(str, args)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def result(proc: subprocess.Popen) -> dict:
        out, err = proc.communicate(timeout=seconds + 300)
        if proc.returncode != 0:
            raise RuntimeError(err[-1000:])
        return json.loads(out.strip().splitlines()[-1])

    result(start("seed"))
    procs = {"writer": start("writer", seconds, 0.1), "reader": start("reader", seconds, 0.05),
             "triager": start("triager", seconds, 0.2)}
    out = {role: result(p) for role, p in procs.items()}
    final = result(start("final"))
    lost_rows = out["writer"]["written"] - final["drill_articles"]
    lost_verdicts = len([v for v in out["triager"]["expected"] if v not in final["verdicts"]])
    return {"reader_errors": out["reader"]["errors"] + out["reader"]["regressions"], "reads": out["reader"]["reads"],
            "verdict_errors": out["triager"]["errors"], "rows_lost": lost_rows + lost_verdicts,
            "written": out["writer"]["written"], "verdicts": out["triager"]["verdicts"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kill-trials", type=int, default=20)
    parser.add_argument("--drill-seconds", type=float, default=30.0)
    parser.add_argument("--fault-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="infratrack-reliability-") as tmp:
        folder = Path(tmp)
        faults = fault_drill(folder / "faults", args.fault_runs) if (folder / "faults").mkdir() is None else {}
        (folder / "crash").mkdir()
        with DemoServer() as site:
            crash = run_trials(folder / "crash", site.base_url, args.kill_trials, seed=args.seed)
        (folder / "drill").mkdir()
        drill = concurrency_drill(folder / "drill", args.drill_seconds)
    line = {
        "faults_injected": faults["faults_injected"],
        "runs_survived": faults["runs_survived"],
        "fault_runs": faults["fault_runs"],
        "kill_trials": crash.trials,
        "kills_landed": crash.killed,
        "db_open_failures": crash.db_open_failures,
        "half_written_articles": crash.half_written,
        "failed_reruns": crash.failed_reruns,
        "rows_lost": crash.rows_lost + drill["rows_lost"],
        "duplicate_claims": crash.duplicate_claims,
        "reader_errors": drill["reader_errors"],
        "verdict_errors": drill["verdict_errors"],
        "drill_reads": drill["reads"],
    }
    if not args.json:
        for msg in faults["messages"] + crash.messages:
            print(msg, file=sys.stderr)
        print(f"faults: {line['runs_survived']}/{line['fault_runs']} runs survived {line['faults_injected']} faults; "
              f"crash: {crash.killed}/{crash.trials} kills landed; drill: {drill['reads']} reads, "
              f"{drill['written']} rows written, {drill['verdicts']} verdicts")
    print(json.dumps(line))
    bad = (line["runs_survived"] < line["fault_runs"] or any(line[k] for k in (
        "db_open_failures", "half_written_articles", "failed_reruns", "rows_lost", "duplicate_claims",
        "reader_errors", "verdict_errors")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
