"""Peak memory of a crawl's database writes as pages grow, within one run and across runs; one JSON line.

Usage: python benchmarks/crawl_memory_bench.py [--run-pages 2000,10000] [--stored 0,20000,60000]
           [--cron-pages 2000] [--json]

Replays what the crawler writes for each page, without HTTP: the frontier rows of the run's URLs
(one enqueue), then 50 pages a transaction as the fetch phase does (page rows with duplicate
look-ups and bodies in the bodies folder, the crawl log, the frontier states), through the same db/
functions and under the crawl's DuckDB memory cap, with a checkpoint and snapshot after every batch. Pages are crawl_bench.py's generated news pages,
fingerprinted and gzipped as the crawler does. Each measured run is a fresh subprocess, so its peak
RSS is its own; filling a database to a given size happens in another subprocess first.

- within_run: one run of each --run-pages size into an empty database (crawl_bench.py's question
  without the network);
- across_runs: one run of --cron-pages into a database already holding each --stored number of
  pages: what an hourly cron crawl costs as the database fills up over the months.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BATCH_PAGES = 50
HOSTS = 20


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def write_pages(db: Path, start: int, pages: int) -> dict:
    """Child mode: write pages START..START+PAGES-1 as a crawl run would; RSS before the first page and at the peak."""
    sys.path[:0] = [str(ROOT), str(HERE)]
    from crawl_bench import page_html
    from crawler import CrawlSettings, FetchSettings
    from crawler.fingerprint import fingerprint
    from db import connection, crawl_state, writer
    from db.connection import Batch, MemoryCap
    from db.crawl_state import Discovered
    from db.keys import content_hash
    from db.records import FetchRecord, PageRecord

    from db import snapshot

    # a checkpoint and read snapshot after every batch, as a crawl slower than 50 pages/s has (the
    # publisher's once-a-second limit would otherwise skip most of them at this replay's speed)
    snapshot.MIN_INTERVAL_S = 0.0
    memory_mb = CrawlSettings(FetchSettings("bench")).db_memory_mb
    hosts = [f"127.0.0.{2 + h}:8000" for h in range(HOSTS)]
    urls = [f"http://{hosts[i % HOSTS]}/p/{i // HOSTS}.html" for i in range(start, start + pages)]
    started = time.perf_counter()
    with connection(db) as con, MemoryCap(con, memory_mb) as memory:
        memory.run(lambda: crawl_state.enqueue(con, [Discovered(u, u.split("/")[2], None, None, None) for u in urls]))
        before = _rss_mb()
        batch = Batch(con)
        batch.begin()
        for k in range(0, pages, BATCH_PAGES):
            records, logs, marks = [], [], []
            for i, url in enumerate(urls[k:k + BATCH_PAGES], start + k):
                html = page_html(hosts[i % HOSTS], i // HOSTS)
                fp = fingerprint(html)
                records.append(PageRecord(url, html, http_status=200, content_type="text/html", text_hash=fp.text_hash,
                                          simhash=fp.simhash, html_gz=writer.compress_html(html),
                                          content_hash=content_hash(html)))
                logs.append(FetchRecord(url, "page", "ok", url, 200, None, "text/html", len(html), 50.0))
                marks.append((url, "done", None, True))

            def write() -> None:
                try:
                    writer.save_pages(con, records)
                    writer.record_fetches(con, logs)
                    crawl_state.mark_many(con, marks)
                except BaseException:
                    batch.rollback()
                    batch.begin()
                    raise
                batch.commit()
                batch.begin()
            memory.run(write)
        batch.commit()
        stored = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    return {"stored_after": stored, "rss_before_mb": round(before, 1), "seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def child(db: Path, start: int, pages: int) -> dict:
    """Run write_pages in a fresh Python; its JSON result."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(db), "--start", str(start),
                           "--pages", str(pages)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"writing {pages} pages into {db} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sizes(text: str) -> list[int]:
    """A comma-separated list of non-negative page counts."""
    try:
        out = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not out or min(out) < 0:
        raise argparse.ArgumentTypeError(f"need one or more counts, none negative: {text!r}")
    return out


def main(argv: list[str]) -> int:
    """Measure, print the JSON line (after a short summary unless --json)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run-pages", type=sizes, default=[2000, 10000], help="run sizes into an empty database")
    p.add_argument("--stored", type=sizes, default=[0, 20000, 60000], help="database sizes before a cron-sized run")
    p.add_argument("--cron-pages", type=int, default=2000, help="pages of the run measured at each --stored size")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--pages", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(write_pages(args.child, args.start, args.pages)))
        return 0
    if args.cron_pages < 1:
        p.error("--cron-pages must be positive")
    line: dict = {"batch_pages": BATCH_PAGES, "within_run": [], "across_runs": []}
    with tempfile.TemporaryDirectory(prefix="crawl-memory-") as tmp:
        for n in args.run_pages:
            r = child(Path(tmp) / f"run-{n}.duckdb", 0, n)
            line["within_run"].append({"pages": n, "peak_rss_mb": r["peak_rss_mb"], "rss_before_mb": r["rss_before_mb"]})
        for stored in sorted(args.stored):
            db = Path(tmp) / f"stored-{stored}.duckdb"
            if stored:
                child(db, 0, stored)  # filling is not measured
            r = child(db, stored, args.cron_pages)
            line["across_runs"].append({"stored": stored, "run_pages": args.cron_pages, "peak_rss_mb": r["peak_rss_mb"],
                                        "rss_before_mb": r["rss_before_mb"], "seconds": r["seconds"]})
    if not args.json:
        for r in line["within_run"]:
            print(f"one run of {r['pages']:>6} pages into an empty database: peak RSS {r['peak_rss_mb']} MB "
                  f"({r['rss_before_mb']} MB before the first page)")
        for r in line["across_runs"]:
            print(f"a run of {r['run_pages']} pages into a database of {r['stored']:>6} pages: peak RSS "
                  f"{r['peak_rss_mb']} MB ({r['seconds']} s)")
    print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
