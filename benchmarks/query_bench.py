"""Query speed at scale: a synthetic database of N claims, timed through the views researchers use.

usage: python benchmarks/query_bench.py [--claims 1000000] [--json] [--keep PATH] [--repeat 5]

Prints one JSON line: claims, load_s, derive_s, conflicts_view_s, conflicts_view_rows_s, conflicts,
open_conflicts_top200_s, entity_timeline_s, timeline_points, entity_timeline_view_s, entity_updates_s,
updates_view_s, write_article_s, write_batch_s, settings_change_s, db_mb. Targets (issue 5): conflicts view under 1 s and an entity timeline
under 100 ms at 1M claims. Every time is the median of --repeat runs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db import connection, open_db, reader, search, stored_facts, transaction, writer  # noqa: E402
from db.records import ArticleRecord, ClaimRecord  # noqa: E402

SUBJECTS = 500  # clusters, sites and companies tracked
PUBLISHERS = 200
CLAIMS_PER_ARTICLE = 5
DAYS = 3 * 365  # as_of dates spread over three years


def load(db_path: Path, n_claims: int) -> tuple[float, float]:
    """Create the schema and fill it with realistic synthetic rows in bulk; seconds taken to insert
    the rows and to derive the contradiction tables from them."""
    n_articles = max(1, n_claims // CLAIMS_PER_ARTICLE)
    t0 = time.perf_counter()
    with connection(db_path) as con:
        # generated in SQL, not Python: a million rows in a couple of seconds
        con.execute(f"""
            INSERT INTO entities
            SELECT 'cluster-' || i, 'Cluster ' || i, CASE WHEN i % 10 = 0 THEN 'company' ELSE 'cluster' END, NULL, 'registry'
            FROM range({SUBJECTS}) t(i)""")
        con.execute(f"""
            INSERT INTO articles
            SELECT 'a' || i, 'https://news' || (i % {PUBLISHERS}) || '.example/' || i, NULL, 'Article ' || i,
                   'Publisher ' || (i % {PUBLISHERS}), NULL,
                   TIMESTAMPTZ '2023-01-01 00:00:00+00' + to_days(CAST(hash(i) % {DAYS} AS INTEGER)),
                   CASE WHEN i % 3 = 0 THEN 'fr' ELSE 'en' END, 'text of article ' || i, 'h' || i, 'bench', now(), 'news'
            FROM range({n_articles}) t(i)""")
        con.execute(f"""
            INSERT INTO claims
            WITH c AS (
                SELECT i, i // {CLAIMS_PER_ARTICLE} AS art, CAST(hash(i * 7 + 1) % {SUBJECTS} AS BIGINT) AS subj,
                       ['gpu_count', 'gpu_count', 'power', 'power', 'compute', 'cost', 'build_time', 'water'][CAST(1 + hash(i) % 8 AS BIGINT)] AS attr,
                       CAST(hash(i * 13) % 100 AS BIGINT) AS r
                FROM range({n_claims}) t(i))
            SELECT 'c' || i, 'a' || art, 'Cluster ' || subj, 'cluster-' || subj, attr,
                   CASE WHEN attr = 'gpu_count' THEN ['H100', 'H200', 'GB200', NULL][CAST(1 + r % 4 AS BIGINT)] END,
                   base * (1 + (r % 11) / 100.0) AS v, base * (1 + (r % 11) / 100.0), base * (1 + (r % 11) / 100.0), NULL,
                   CASE attr WHEN 'gpu_count' THEN 'count' WHEN 'power' THEN 'MW' ELSE 'x' END,
                   ['actual', 'actual', 'actual', 'planned', 'reported'][CAST(1 + r % 5 AS BIGINT)],
                   NULL, NULL, 'en', 'quote ' || i, 0, 10, 'bench', NULL, NULL, 'cluster', NULL, NULL, NULL
            FROM (SELECT *, (1 + subj % 50) * CASE attr WHEN 'gpu_count' THEN 10000 WHEN 'power' THEN 20 ELSE 1000 END
                              * CASE WHEN r < 3 THEN 2 ELSE 1 END AS base FROM c)""")
        inserted = time.perf_counter()
        # rows inserted with SQL of our own bypass the writers: derive the tables as they would
        with transaction(con):
            stored_facts.rebuild(con)
            search.rebuild(con)
        con.execute("CHECKPOINT")
    return inserted - t0, time.perf_counter() - inserted


def timed(db_path: Path, sql: str, params: list | dict | None = None, repeat: int = 5,
          rows: bool = False) -> tuple[float, int]:
    """Median of REPEAT runs of a query on a fresh read-only connection each (as the dashboard does).

    The result is fetched as an Arrow table, the columnar form pandas, Polars and the Parquet
    export read; ROWS fetches Python tuples instead, which costs about a second per 300,000
    rows of twenty columns whatever the query."""
    times, n = [], 0
    for _ in range(repeat):
        con = open_db(db_path, read_only=True)
        t0 = time.perf_counter()
        n = (len(con.execute(sql, params or []).fetchall()) if rows
             else con.sql(sql, params=params or None).to_arrow_table().num_rows)
        times.append(time.perf_counter() - t0)
        con.close()
    return statistics.median(times), n


def _article(i: int) -> tuple[ArticleRecord, list[ClaimRecord]]:
    """A new article with five claims about five subjects, as the extract stage would store it."""
    published = datetime(2024, 6, 1 + i % 28, tzinfo=timezone.utc)
    art = ArticleRecord(f"bench-new-{i}", f"https://newcomer.example/{i}", "text", "Newcomer Weekly", f"hn{i}", "bench",
                        title=f"New article {i}", published_at=published, lang="en")
    subjects = [(i * 13 + k * 101) % SUBJECTS for k in range(5)]
    claims = [ClaimRecord(f"Cluster {s}", attr, "count", "actual", f"new quote {i} {s}", 0, 10, "bench",
                          entity_id=f"cluster-{s}", hardware=hw, value=v, low=v, high=v, as_of=published.date())
              for s, (attr, hw, v) in zip(subjects, (("gpu_count", "H100", 123456.0), ("power", None, 999.0),
                                                     ("gpu_count", None, 1000.0), ("cost", None, 5e9),
                                                     ("water", None, 1e6)))]
    return art, claims


def time_writes(db_path: Path, repeat: int) -> tuple[float, float, float]:
    """Median seconds, on a copy of the database, to store one new article of five claims in its
    own transaction, to store EXTRACT_BATCH_PAGES of them in one (as the extract stage does), and
    to change the window (a full refresh of the pairs)."""
    from infratrack.pipeline import EXTRACT_BATCH_PAGES

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "writes.duckdb"
        shutil.copyfile(db_path, copy)
        with connection(copy) as con:
            article_times, batch_times = [], []
            for i in range(repeat):
                art, claims = _article(i)
                t0 = time.perf_counter()
                writer.save_extraction(con, art, claims)
                article_times.append(time.perf_counter() - t0)
            for r in range(repeat):
                t0 = time.perf_counter()
                with transaction(con):
                    for i in range(EXTRACT_BATCH_PAGES):
                        writer.save_extraction(con, *_article(1000 * (r + 1) + i))
                batch_times.append(time.perf_counter() - t0)
            settings_times = []
            for days in (45, 30):  # there and back: the kept database stays as built
                t0 = time.perf_counter()
                writer.set_setting(con, "window_days", days)
                settings_times.append(time.perf_counter() - t0)
    return statistics.median(article_times), statistics.median(batch_times), statistics.median(settings_times)


def main(argv: list[str]) -> int:
    """Build the database, time the queries, print the JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--json", action="store_true", help="print only the JSON line")
    ap.add_argument("--keep", type=Path, default=None, help="write the database here and keep it")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is reported")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.keep or Path(tmp) / "bench.duckdb"
        if db_path.exists():
            db_path.unlink()
        load_s, derive_s = load(db_path, args.claims)
        db_mb = round(os.path.getsize(db_path) / 2**20, 1)
        conflicts_s, n_conflicts = timed(db_path, "SELECT * FROM contradictions", repeat=args.repeat)
        conflicts_rows_s, _ = timed(db_path, "SELECT * FROM contradictions", repeat=args.repeat, rows=True)
        open_s, _ = timed(db_path, "SELECT * FROM open_contradictions ORDER BY severity DESC LIMIT 200",
                          repeat=args.repeat)
        # an entity as the dashboard reads it (db.reader's own SQL: stored tables, one subject),
        # and through the views a researcher would query
        timeline_s, n_points = timed(db_path, reader._TIMELINE, {"subject": "cluster-42", "attributes": ["gpu_count", "power"]},
                                     repeat=args.repeat)
        timeline_view_s, _ = timed(db_path, "SELECT as_of_effective, value, publisher, modality FROM claim_facts "
                                            "WHERE subject_key = ? AND attribute IN ('gpu_count', 'power') ORDER BY 1",
                                   ["cluster-42"], repeat=args.repeat)
        updates_s, _ = timed(db_path, reader._UPDATES, {"subject": "cluster-42"}, repeat=args.repeat)
        updates_view_s, _ = timed(db_path, "SELECT * FROM updates WHERE subject_key = ?", ["cluster-42"],
                                  repeat=args.repeat)
        write_s, batch_s, settings_s = time_writes(db_path, args.repeat)
        result = {"claims": args.claims, "load_s": round(load_s, 2), "derive_s": round(derive_s, 2),
                  "conflicts_view_s": round(conflicts_s, 3), "conflicts_view_rows_s": round(conflicts_rows_s, 3),
                  "conflicts": n_conflicts, "open_conflicts_top200_s": round(open_s, 3),
                  "entity_timeline_s": round(timeline_s, 4), "timeline_points": n_points,
                  "entity_timeline_view_s": round(timeline_view_s, 4), "entity_updates_s": round(updates_s, 3),
                  "updates_view_s": round(updates_view_s, 3), "write_article_s": round(write_s, 3),
                  "write_batch_s": round(batch_s, 3),
                  "settings_change_s": round(settings_s, 2), "db_mb": db_mb}
    if not args.json:
        print(f"{args.claims:,} claims loaded in {result['load_s']} s (+{result['derive_s']} s derived tables); "
              f"contradictions view {result['conflicts_view_s']} s "
              f"({n_conflicts:,} rows); entity timeline {result['entity_timeline_s'] * 1000:.0f} ms")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
