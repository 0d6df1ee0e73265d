"""Where each dashboard page spends its time: every read it makes, then the whole page run by AppTest.

usage: python benchmarks/dashboard_profile.py --db PATH [--repeat 3] [--pages overview,entities] [--json]

PATH is a database built by dashboard_bench.py (--db) or query_bench.py (--keep). For each page,
each db/ call the page makes (as dashboard/data.py makes it: a fresh connection per call) is timed,
then the page's script is run by Streamlit's AppTest with the cache cleared, which adds building
its elements and charts on the server (not the browser's drawing: dashboard_bench.py times that).
Prints the median seconds per call and per page run; a profile, not a target.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from db import disputes, reader, search  # noqa: E402
from db.reader import ContradictionFilter  # noqa: E402


def _calls(db: str) -> dict[str, list[tuple[str, Callable[[], Any]]]]:
    """The reads of each page, in the order the page makes them."""
    subjects = reader.claim_subjects(db).records()
    key = subjects[0]["subject_key"] if subjects else ""
    attributes = disputes.charted_attributes(db, key) if key else []
    series = disputes.disputed_series(db)
    first = series[0] if series else {"subject_key": "", "attribute": ""}
    open_ = ContradictionFilter(statuses=("open", "confirmed"))
    return {
        "overview": [
            ("overview_counts", lambda: disputes.overview_counts(db)),
            ("dispute_page(newest)", lambda: disputes.dispute_page(db, open_, 5, 0, "newest", 3)),
            ("newest_claims", lambda: disputes.newest_claims(db, 10)),
            ("recent_runs", lambda: reader.recent_runs(db, 10)),
            ("source_health", lambda: reader.source_health(db)),
            ("fetch_errors_by_reason", lambda: reader.fetch_errors_by_reason(db, 7)),
        ],
        "contradictions": [
            ("summary", lambda: disputes.summary(db)),
            ("disputed_series", lambda: disputes.disputed_series(db)),
            ("claim_series", lambda: disputes.claim_series(db, first["subject_key"], first["attribute"])),
            ("dispute_page(severity)", lambda: disputes.dispute_page(db, open_, 5, 0, "severity", 3)),
        ],
        "entities": [
            ("claim_subjects", lambda: reader.claim_subjects(db)),
            ("entity", lambda: disputes.entity(db, key)),
            ("subject_facts", lambda: reader.subject_facts(db, key, [], 200)),
            ("  consensus", lambda: reader.subject_consensus(db, key)),
            ("  updates", lambda: reader.subject_updates(db, key)),
            ("  promises", lambda: reader.subject_promises(db, key, 200)),
            ("charted_attributes", lambda: disputes.charted_attributes(db, key)),
            ("planned_figures", lambda: disputes.planned_figures(db, key)),
            ("attention", lambda: disputes.attention(db, key)),
            ("subject_series", lambda: disputes.subject_series(db, key, attributes)),
        ],
        "articles": [
            ("search_articles", lambda: reader.search_articles(db, "")),
            ("reference_records", lambda: reader.reference_records(db)),
        ],
        "search": [
            ("search(no words)", lambda: search.search(db, "", search.SearchFilter(), 20, 0)),
        ],
        "sources": [
            ("source_health", lambda: reader.source_health(db)),
            ("source_errors_by_reason", lambda: reader.source_errors_by_reason(db)),
            ("source_runs", lambda: reader.source_runs(db, 30)),
        ],
    }


PAGE_FILES = {"overview": "overview", "contradictions": "contradictions", "entities": "entities",
              "articles": "articles", "search": "search", "sources": "sources", "sql": "sql"}


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 3)


def _page_run(db: str, page: str, repeat: int) -> float:
    """Median seconds of AppTest running the page's script with an empty cache."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["INFRATRACK_DB"] = db
    times = []
    for _ in range(repeat):
        at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=300)
        # switch_page needs one run first (of the Overview, the default page): it resolves the file
        # against the pages st.navigation registered
        at.run()
        st.cache_data.clear()
        t0 = time.perf_counter()
        at.switch_page(f"views/{PAGE_FILES[page]}.py").run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            raise SystemExit(f"{page}: {at.exception[0].value}")
    return round(statistics.median(times), 3)


def main(argv: list[str]) -> int:
    """Time every read of every page, then every page's script; print the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", default=",".join(PAGE_FILES))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    chosen = args.pages.split(",")
    calls = _calls(args.db)
    out: dict[str, dict[str, float]] = {}
    for page in chosen:
        out[page] = {name: _median(fn, args.repeat) for name, fn in calls.get(page, [])}
        out[page]["page_run"] = _page_run(args.db, page, args.repeat)
        if not args.json:
            for name, s in out[page].items():
                print(f"{page:<15} {name:<26} {s:7.3f} s", flush=True)
    print(json.dumps({"load_average": os.getloadavg()[0], "s": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
