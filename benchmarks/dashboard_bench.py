"""Dashboard speed at scale: every page rendered in headless Chromium on query_bench's database.

usage: python benchmarks/dashboard_bench.py [--claims 1000000] [--db PATH] [--repeat 3] [--json]

Serves dashboard/app.py with `streamlit run` on 127.0.0.1 over a synthetic database of N claims
(query_bench.py builds it; --db keeps it at PATH and reuses it on the next run), opens each page in
Debian's chromium through Playwright and times navigation start to the page's last element,
as tests/test_dashboard_browser.py does. A first round warms the browser's cache of Streamlit's
scripts and is not counted; every measured visit waits out the dashboard's query cache first, so
each page runs its queries. Prints one JSON line: claims, repeat, the median seconds per page, and
the slowest median. Target (issue 5): every page under 2 s at 1M claims.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import query_bench  # noqa: E402
from dashboard.data import CACHE_TTL_S, FOOTER_PREFIX  # noqa: E402
from db import reader  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STARTUP_TIMEOUT_S = 120
PAGE_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1400, "height": 1000}

# Each page's URL path and the element it draws last besides the footer (None: the footer alone).
PAGES = {
    "overview": ("", '[data-testid="stMetric"]'),
    "contradictions": ("contradictions", '[data-testid="stText"]'),
    "entities": ("entities", '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'),
    "articles": ("articles", "mark"),
    "sql": ("sql", "textarea"),
    "sources": ("sources", None),
}


def _database(path: Path | None, claims: int, tmp: Path) -> Path:
    """PATH if it already holds CLAIMS claims, else a database built by query_bench there (or in TMP)."""
    db = path or tmp / "dashboard-bench.duckdb"
    if db.exists():
        try:
            if reader.query(db, "SELECT count(*) FROM claims").rows[0][0] == claims:
                return db
        except Exception:  # an old schema or a foreign file: rebuilt below
            pass
        db.unlink()
    print(f"building a database of {claims:,} claims in {db} ...", file=sys.stderr)
    query_bench.load(db, claims)
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "INFRATRACK_DB": str(db), "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        cwd=REPO, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"streamlit did not start: {log.read_text()[-2000:]}")
        time.sleep(0.2)


def _visit(page, base: str, path: str, ready: str | None) -> float:
    """Seconds from navigation start to the footer (and READY) being visible."""
    page.goto(f"{base}/{path}", wait_until="domcontentloaded")
    page.get_by_text(FOOTER_PREFIX).last.wait_for(state="visible")
    if ready:
        page.locator(ready).last.wait_for(state="visible")
    if page.locator('[data-testid="stException"]').count():
        raise SystemExit(f"{path or 'overview'}: the page shows an exception")
    return page.evaluate("performance.now()") / 1000


def measure(base: str, repeat: int) -> dict[str, list[float]]:
    """Seconds per page over REPEAT rounds, after one warm-up round."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in PAGES}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        for round_ in range(repeat + 1):
            for name, (path, ready) in PAGES.items():
                seconds = _visit(page, base, path, ready)
                if round_:
                    times[name].append(seconds)
            time.sleep(CACHE_TTL_S + 1)  # the next visit of each page runs its queries again
        browser.close()
    return times


def main(argv: list[str]) -> int:
    """Build or reuse the database, serve the dashboard, time every page, print the JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None, help="keep the database here and reuse it when it has N claims")
    ap.add_argument("--repeat", type=int, default=3, help="measured rounds; the median is reported")
    ap.add_argument("--json", action="store_true", help="print only the JSON line")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        db = _database(args.db, args.claims, Path(tmp))
        proc, base = _serve(db, Path(tmp) / "streamlit.log")
        try:
            times = measure(base, args.repeat)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    medians = {name: round(statistics.median(values), 2) for name, values in times.items()}
    result = {"claims": args.claims, "repeat": args.repeat, "page_s": medians, "slowest_page_s": max(medians.values())}
    if not args.json:
        for name, values in times.items():
            print(f"{name:<15} median {medians[name]:.2f} s  ({', '.join(f'{v:.2f}' for v in values)})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
