"""The fixed cost of `infratrack run`: a run that finds nothing new over query_bench's database of N claims.

usage: python benchmarks/run_bench.py [--claims 1000000] [--repeat 5] [--keep PATH] [--json]

Prints one JSON line: claims, db_mb, run_s (median wall time of run_job), copies_per_run (median number
of read snapshots published per run), snapshot_mb_per_run (copies x database size), runs_rows_per_run,
runs. Target (issue 19): run_s under 2 s at 1M claims, one copy per run.

The run crawls one feed on a loopback server that lists one story, fetched by a warm-up run: in the
measured runs nothing is fetched beyond the feed, nothing is extracted and no contradiction is new, so
every second they take is overhead. Copies are counted
by wrapping db.snapshot.publish (the one function every publish goes through), so the same script
measures any version of the code.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from query_bench import load  # noqa: E402

FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>quiet</title><link>http://127.0.0.1/</link>'
        "<description>one old story</description><item><title>Old news</title><link>/old.html</link>"
        "</item></channel></rss>").encode()
PAGE = (b"<html><head><title>Old news</title></head><body><article><h1>Old news</h1>"
        b"<p>Nothing in this story changes between runs.</p></article></body></html>")
ROUTES = {"/feed.xml": ("application/rss+xml", FEED), "/old.html": ("text/html; charset=utf-8", PAGE)}


class _Quiet(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's spelling
        content_type, body = ROUTES.get(self.path, ("text/plain", b"not here"))
        self.send_response(200 if self.path in ROUTES else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _count_publishes() -> list[int]:
    """Wrap db.snapshot.publish so every copy made lands in the returned list."""
    from db import snapshot

    calls: list[int] = []
    real = snapshot.publish

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    snapshot.publish = counted
    return calls


def measure(db_path: Path, repeat: int) -> dict:
    """Median seconds and snapshot copies of REPEAT quiet runs over DB_PATH (after one warm-up run)."""
    from crawler import Source
    from infratrack.config import Config
    from infratrack.runner import run_job

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        feed = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        cfg = Config(db_path=db_path, allow_private_hosts=True, delay_s=0.0,
                     feed_file=db_path.with_name("bench-contradictions.atom"))
        sources = [Source("quiet", "feed", feed)]
        calls = _count_publishes()
        run_job(cfg, sources, lambda e: None)  # warm-up: the extractor's models, the OS cache, any migration
        times, copies = [], []
        for _ in range(repeat):
            calls.clear()
            t0 = time.perf_counter()
            outcome = run_job(cfg, sources, lambda e: None)
            times.append(time.perf_counter() - t0)
            copies.append(len(calls))
            assert outcome.crawl.counts.get("new", 0) == 0 and outcome.extract.pages == 0, "the run found something"
    finally:
        server.shutdown()
        server.server_close()
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        (rows,), = con.execute("SELECT count(*) FROM runs WHERE command <> 'bench'").fetchall()
    return {"run_s": round(statistics.median(times), 3), "run_s_all": [round(t, 3) for t in times],
            "copies_per_run": statistics.median(copies), "runs_rows_per_run": round(rows / (repeat + 1), 2),
            "runs": repeat}


def main(argv: list[str]) -> int:
    """Build (or reuse) the database, time the quiet runs, print the JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5, help="measured runs; the median is reported")
    ap.add_argument("--keep", type=Path, default=None,
                    help="build the database here once and reuse it (runs are measured on a copy)")
    ap.add_argument("--json", action="store_true", help="print only the JSON line")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        built = args.keep or Path(tmp) / "built.duckdb"
        if not built.exists():
            load(built, args.claims)
        db_path = Path(tmp) / "run.duckdb"
        shutil.copyfile(built, db_path)  # the database only: each run starts without a snapshot of it
        db_mb = os.path.getsize(db_path) / 2**20
        result = {"claims": args.claims, "db_mb": round(db_mb, 1), **measure(db_path, args.repeat)}
        result["snapshot_mb_per_run"] = round(result["copies_per_run"] * db_mb, 1)
    if not args.json:
        copies = result["copies_per_run"]
        print(f"{args.claims:,} claims ({result['db_mb']:,} MB): a run that finds nothing takes {result['run_s']} s "
              f"and publishes {copies:g} snapshot {'copy' if copies == 1 else 'copies'} "
              f"({result['snapshot_mb_per_run']:,} MB)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
