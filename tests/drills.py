"""Concurrency drills: a writer committing batches, readers querying, researchers giving verdicts,
each in its own process as in production (cron run, dashboard, `infratrack sql`).

Run a role: python tests/drills.py seed|writer|reader|triager DB [seconds] [interval]; each prints one JSON
line of what it did. Used by tests/test_concurrency.py and benchmarks/reliability.py.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from db import connection, reader, triage
from db.connection import Batch
from db.records import ArticleRecord, ClaimRecord
from db.writer import save_extraction

SEED_PAIRS = 20


def _article(n: int, publisher: str, subject: str, value: float, day: int) -> tuple[ArticleRecord, ClaimRecord]:
    quote = f"{subject} now runs {value:,.0f} Nvidia H100 GPUs, the operator said."
    text = f"Story {n}. {quote} More context follows."
    start = text.index(quote)
    article = ArticleRecord(article_id=f"drill-{n}", url=f"https://news{n % 7}.example/{n}", text=text,
                            publisher=publisher, content_hash=f"h{n}", extractor_version="drill",
                            title=f"Drill story {n}", published_at=datetime(2025, 3, day, tzinfo=timezone.utc), lang="en")
    claim = ClaimRecord(subject=subject, attribute="gpu_count", unit="count", modality="actual", quote=quote,
                        start=start, end=start + len(quote), extractor_version="drill", hardware="H100",
                        value=value, as_of=date(2025, 3, day), lang="en")
    return article, claim


def seed(db: Path) -> dict:
    """A database with SEED_PAIRS contradictions (100,000 vs 200,000 GPUs from two publishers)."""
    with connection(db) as con:
        for i in range(SEED_PAIRS):
            for j, (pub, value) in enumerate((("Pub A", 100_000), ("Pub B", 200_000))):
                article, claim = _article(1_000_000 + 2 * i + j, pub, f"Seed cluster {i}", value, 1 + j)
                save_extraction(con, article, [claim])
    return {"pairs": SEED_PAIRS}


def writer(db: Path, seconds: float, interval: float, per_batch: int = 5) -> dict:
    """Commit a batch of PER_BATCH articles every INTERVAL for SECONDS; returns how many were written."""
    written = batches = 0
    deadline = time.monotonic() + seconds
    # a snapshot a second at most, not the default few minutes: the reader must see the writes arrive within the drill
    with connection(db, publish_interval_s=1.0) as con:
        batch = Batch(con)
        while time.monotonic() < deadline:
            batch.begin()
            for _ in range(per_batch):
                # each article its own subject and day: no new contradictions, a steady stream of rows
                article, claim = _article(written, f"Wire {written % 3}", f"Drill site {written}", 1000 + written,
                                          1 + written % 28)
                save_extraction(con, article, [claim])
                written += 1
            batch.commit()
            batches += 1
            time.sleep(interval)
    return {"written": written, "batches": batches}


def reader_loop(db: Path, seconds: float, interval: float) -> dict:
    """Query the database the way the dashboard does every INTERVAL for SECONDS; count errors."""
    reads = errors = regressions = 0
    last = -1
    seen: set[int] = set()
    messages: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            counts = reader.overview_counts(db)
            reader.contradictions(db)
            reads += 1
            if counts["articles"] < last:
                regressions += 1  # a reader must never see the database go back in time
            last = counts["articles"]
            seen.add(last)
        except Exception as exc:  # noqa: BLE001 - every error a user would see is what the drill counts
            errors += 1
            messages.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        time.sleep(interval)
    return {"reads": reads, "errors": errors, "regressions": regressions, "distinct_counts": len(seen),
            "messages": messages[:5]}


def triager(db: Path, seconds: float, interval: float) -> dict:
    """Give a verdict on a seeded contradiction every INTERVAL for SECONDS, as researchers in the dashboard do."""
    pairs = [(r[0], r[1]) for r in reader.query(db, "SELECT claim_a, claim_b FROM contradictions ORDER BY 1").rows]
    given: dict[tuple[str, str], str] = {}
    errors = 0
    messages: list[str] = []
    statuses = ("confirmed", "dismissed")
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        pair = pairs[n % len(pairs)]
        status = statuses[(n // len(pairs)) % 2]
        try:
            triage.set_verdict(db, *pair, status, note=f"drill verdict {n}")
            given[pair] = status
        except Exception as exc:  # noqa: BLE001
            errors += 1
            messages.append(f"{type(exc).__name__}: {exc}")
        n += 1
        time.sleep(interval)
    return {"verdicts": n, "errors": errors, "messages": messages[:5],
            "expected": sorted([a, b, s] for (a, b), s in given.items())}


def final_state(db: Path) -> dict:
    """What a reader sees once every writer has finished."""
    articles = reader.query(db, "SELECT count(*) FROM articles WHERE article_id LIKE 'drill-%' AND extractor_version = 'drill'"
                            " AND article_id NOT LIKE 'drill-1______'").rows[0][0]
    verdicts = sorted(list(r) for r in reader.query(db, "SELECT claim_a, claim_b, status FROM triage").rows)
    return {"drill_articles": articles, "verdicts": verdicts}


if __name__ == "__main__":
    role, path = sys.argv[1], Path(sys.argv[2])
    args = [float(a) for a in sys.argv[3:]]
    result = {"seed": lambda: seed(path), "writer": lambda: writer(path, *args), "reader": lambda: reader_loop(path, *args),
              "triager": lambda: triager(path, *args), "final": lambda: final_state(path)}[role]()
    print(json.dumps(result), flush=True)
