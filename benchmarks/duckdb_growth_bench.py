"""Peak memory of plain DuckDB under a crawl's write pattern, without infratrack; one JSON line.

Usage: python benchmarks/duckdb_growth_bench.py [--rows 2000,10000,30000] [--json]

Does DuckDB itself keep a process's memory flat while a table grows 50 rows a transaction, with a
checkpoint after each (as a crawl writes and publishes its snapshot)? Each variant and size runs in
a fresh subprocess, so each peak RSS is that run's own:

- append: inserts only, no index, nothing read back;
- append_reopen: the same, the database closed and opened again every 250 rows;
- append_no_checkpoint: inserts only, one checkpoint at the end (WAL replay aside, DuckDB's
  automatic checkpoint at 16 MB of WAL is the only other);
- primary_key: inserts into a table whose key is a PRIMARY KEY (an ART index);
- lookup_scan: inserts plus, before each, a join of the batch's keys against the table (how the
  crawler asks which pages it already has);
- point_lookups: inserts into the keyed table plus one `WHERE key = ?` per row, which DuckDB
  answers from the ART index instead of a scan.

The rows look like the crawl's page rows: random 32-hex keys, URLs, hashes, a 64-bit SimHash.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

BATCH_ROWS = 50
REOPEN_ROWS = 250
MEMORY_LIMIT = "256MB"  # the crawl's DuckDB memory cap (CrawlSettings.db_memory_mb)
VARIANTS = ("append", "append_reopen", "append_no_checkpoint", "primary_key", "lookup_scan", "point_lookups")


def _rows(start: int, count: int, rng: random.Random) -> list[list]:
    """COUNT page-like rows, one list per column (how db.bulk passes rows to DuckDB)."""
    rows = [(f"{rng.getrandbits(128):032x}", f"http://127.0.0.{i % 20 + 2}:8000/p/{i}.html", f"127.0.0.{i % 20 + 2}",
             200, "text/html", f"{rng.getrandbits(256):064x}", rng.getrandbits(63)) for i in range(start, start + count)]
    return [list(col) for col in zip(*rows)]


def run_variant(variant: str, rows: int, path: Path) -> float:
    """Child mode: write ROWS rows the VARIANT's way into a new database at PATH; peak RSS in MB."""
    import duckdb

    def open_db() -> duckdb.DuckDBPyConnection:
        # as db/duck.py opens every project connection: no extension fetched or loaded behind our back
        con = duckdb.connect(str(path), config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        return con

    keyed = variant in ("primary_key", "point_lookups")
    con = open_db()
    con.execute(f"CREATE TABLE pages (url_hash VARCHAR {'PRIMARY KEY' if keyed else ''}, url VARCHAR, host VARCHAR, "
                "http_status INTEGER, content_type VARCHAR, text_hash VARCHAR, simhash BIGINT)")
    insert = ("INSERT INTO pages SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5), unnest($6), "
              "unnest($7)")
    rng = random.Random(7)
    for start in range(0, rows, BATCH_ROWS):
        if variant == "append_reopen" and start and start % REOPEN_ROWS == 0:
            con.close()
            con = open_db()
        batch = _rows(start, BATCH_ROWS, rng)
        con.execute("BEGIN TRANSACTION")
        if variant == "lookup_scan":
            con.execute("SELECT p.url_hash, p.text_hash FROM pages p JOIN (SELECT unnest($1) AS url_hash) b "
                        "USING (url_hash)", [batch[0]]).fetchall()
        elif variant == "point_lookups":
            for key in batch[0]:
                con.execute("SELECT text_hash FROM pages WHERE url_hash = $1", [key]).fetchall()
        con.execute(insert, batch)
        con.execute("COMMIT")
        if variant != "append_no_checkpoint":
            con.execute("CHECKPOINT")
    con.close()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(variant: str, rows: int) -> float:
    """Run one variant and size in a fresh Python; its peak RSS."""
    with tempfile.TemporaryDirectory(prefix="duckdb-growth-") as tmp:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", variant, "--child-rows",
                               str(rows), "--child-db", str(Path(tmp) / "bench.duckdb")], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} at {rows} rows failed: {done.stderr.strip()[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def sizes(text: str) -> list[int]:
    """A comma-separated list of positive row counts."""
    try:
        out = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not out or min(out) <= 0:
        raise argparse.ArgumentTypeError(f"need one or more positive counts: {text!r}")
    return out


def main(argv: list[str]) -> int:
    """Measure every variant at every size; print the JSON line (after a table unless --json)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=sizes, default=[2000, 10000, 30000], help="table sizes to grow to")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    p.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    p.add_argument("--child-rows", type=int, help=argparse.SUPPRESS)
    p.add_argument("--child-db", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(round(run_variant(args.child, args.child_rows, args.child_db), 1))
        return 0
    import duckdb

    peaks = {v: [round(child(v, n), 1) for n in args.rows] for v in VARIANTS}
    result = {"duckdb": duckdb.__version__, "batch_rows": BATCH_ROWS, "rows": args.rows, "peak_rss_mb": peaks,
              "growth_mb": {v: round(ps[-1] - ps[0], 1) for v, ps in peaks.items()}}
    if not args.json:
        print(f"{'variant':<22}" + "".join(f"{n:>10,}" for n in args.rows) + "    growth (MB)")
        for v, ps in peaks.items():
            print(f"{v:<22}" + "".join(f"{x:>10.1f}" for x in ps) + f"{result['growth_mb'][v]:>+12.1f}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
