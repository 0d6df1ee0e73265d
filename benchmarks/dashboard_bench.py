"""Dashboard speed at scale: every page rendered in headless Chromium on query_bench's database.

usage: python benchmarks/dashboard_bench.py [--claims 1000000] [--db PATH] [--repeat 3] [--json] [--pages a,b] [--warm]
                                          [--search-articles 100000] [--search-db PATH]

Serves dashboard/app.py with `streamlit run` on 127.0.0.1 over a synthetic database of N claims
(query_bench.py builds it; --db keeps it at PATH and reuses it on the next run), opens each page in
Debian's chromium through Playwright and times navigation start to the page's last element,
as tests/test_dashboard_browser.py does. A first round warms the browser's cache of Streamlit's
scripts and is not counted; every measured visit waits out the dashboard's query cache first, so
each page runs its queries. Prints one JSON line: claims, repeat, the median seconds per page, and
the slowest median. Target (issue 5): every page under 2 s at 1M claims.

The dashboard also caches its heavier reads per data version (dashboard/data.py, db/data_version.py):
between rounds the script gives the database a new version (it touches the read snapshot, as a
crawl's publish replaces it), so the timed visits are cold. --warm adds as many rounds without a new
version, timed as page_warm_s: what a visitor sees while nothing was written.

The search (issue 18) is timed on a second database of --search-articles articles of about 3 KB
of text each (words drawn from a 20,000-word vocabulary with a skewed frequency, like prose) and
five claims each, indexed as the writers index them: db.search.search() on a fresh connection
per call for a rare word, a common word, two words, a prefix, the empty query (facets over every
article) and a word with two facets chosen, then the Search page in Chromium. Target: under 1 s
at 100,000 articles. --search-articles 0 skips it.
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
from db.companions import snapshot_path  # noqa: E402

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
    "search": ("search", None),
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


VOCABULARY = 20_000
WORDS_PER_ARTICLE = 450  # about 3 KB of text
SEARCH_OWNERS = 50
SEARCH_SUBJECTS = 500


def _search_database(path: Path | None, n_articles: int, tmp: Path) -> Path:
    """PATH if it already holds N_ARTICLES articles, else a new search database there (or in TMP)."""
    from db import connection, search, transaction

    db = path or tmp / "search-bench.duckdb"
    if db.exists():
        try:
            if reader.query(db, "SELECT count(*) FROM articles").rows[0][0] == n_articles:
                return db
        except Exception:  # an old schema or a foreign file: rebuilt below
            pass
        db.unlink()
    print(f"building a search database of {n_articles:,} articles in {db} ...", file=sys.stderr)
    t0 = time.perf_counter()
    with connection(db) as con:
        # syllables make 20,000 distinct words; pow(u, 2.5) makes a few of them frequent, most rare
        con.execute(f"""CREATE TEMP TABLE vocab AS
            SELECT i, ['ka','lo','mi','nu','pe','ra','si','to','va','ze','bri','dan','gor','hul','jen','mor','tas',
                       'vel','wyn','xer'][1 + i % 20]
                      || ['an','el','in','or','us','ax','em','ip','ol','ut'][1 + (i // 20) % 10]
                      || CASE WHEN i >= 200 THEN ['d','n','s','t','r','m','l','k','x','z','th','st','ng','ck','rd',
                                                  'll','sh','nt','mp','gh'][1 + (i // 200) % 20]
                                                 || CASE WHEN i >= 4000 THEN ['a','e','i','o','u'][1 + (i // 4000) % 5]
                                                         ELSE '' END
                              ELSE '' END AS w
            FROM range({VOCABULARY}) t(i)""")
        con.execute(f"""INSERT INTO entities
            SELECT 'owner-' || i, 'Owner ' || i, 'company', NULL, 'registry' FROM range({SEARCH_OWNERS}) t(i)
            UNION ALL
            SELECT 'cluster-' || i, 'Cluster ' || i, 'cluster', 'owner-' || (i % {SEARCH_OWNERS}), 'registry'
            FROM range({SEARCH_SUBJECTS}) t(i)""")
        con.execute(f"""INSERT INTO articles
            WITH w AS (SELECT i // {WORDS_PER_ARTICLE} AS a, i,
                              CAST(floor({VOCABULARY} * pow((hash(i) % 1000003) / 1000003.0, 2.5)) AS INTEGER) AS vi
                       FROM range({n_articles} * {WORDS_PER_ARTICLE}) t(i)),
                 texts AS (SELECT a, string_agg(v.w, ' ' ORDER BY w.i) AS text FROM w JOIN vocab v ON v.i = w.vi
                           GROUP BY a)
            SELECT 'a' || a, 'https://news' || (a % 200) || '.example/' || a, NULL, 'Article ' || a,
                   'Publisher ' || (a % 200), NULL,
                   TIMESTAMPTZ '2023-01-01 00:00:00+00' + to_days(CAST(hash(a) % 1095 AS INTEGER)),
                   ['en', 'en', 'fr', 'de', 'es'][CAST(1 + a % 5 AS BIGINT)], text, 'h' || a, 'bench', now(), 'news'
            FROM texts""")
        con.execute(f"""INSERT INTO claims
            WITH c AS (SELECT i, i // 5 AS art, CAST(hash(i * 7 + 1) % {SEARCH_SUBJECTS} AS BIGINT) AS subj,
                              ['gpu_count', 'power', 'compute', 'cost', 'location'][CAST(1 + i % 5 AS BIGINT)] AS attr
                       FROM range({n_articles} * 5) t(i))
            SELECT 'c' || i, 'a' || art, 'Cluster ' || subj, 'cluster-' || subj, attr, NULL,
                   CASE WHEN attr <> 'location' THEN 1000 + subj END, NULL, NULL,
                   CASE WHEN attr = 'location' THEN 'Town ' || subj || ', Country ' || (subj % 30) END,
                   CASE attr WHEN 'gpu_count' THEN 'count' WHEN 'power' THEN 'MW' WHEN 'location' THEN 'place' ELSE 'x' END,
                   ['actual', 'actual', 'planned', 'reported'][CAST(1 + hash(i) % 4 AS BIGINT)], NULL, NULL, 'en',
                   'quote ' || i, 0, 10, 'bench', NULL, NULL, 'cluster', NULL, NULL, NULL
            FROM c""")
        # rows written with SQL of our own bypass the writers: index them as the writers would
        with transaction(con):
            search.rebuild(con)
        con.execute("CHECKPOINT")
    print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return db


def search_queries(db: Path) -> dict[str, tuple[str, dict]]:
    """Named searches over the search database: (query, facet choices)."""
    vocabulary = reader.query(db, "SELECT text FROM articles WHERE article_id = 'a0'").rows[0][0].split()
    rare = min(vocabulary, key=lambda w: (-len(w), w))  # long words are the rare ones
    common = min(vocabulary, key=len)
    return {
        "rare_word": (rare, {}),
        "common_word": (common, {}),
        "two_words": (f"{common} {rare}", {}),
        "prefix": (rare[:4] + "*", {}),
        "everything": ("", {}),
        "word_and_facets": (common, {"lang": ("fr",), "modality": ("planned",)}),
    }


def time_search(db: Path, repeat: int) -> dict[str, dict]:
    """Median seconds of db.search.search() per named query, and the articles it matched."""
    from db import search

    out = {}
    for name, (query, choice) in search_queries(db).items():
        times, total = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            total = search.search(db, query, search.SearchFilter(**choice)).total
            times.append(time.perf_counter() - t0)
        out[name] = {"query": query, "s": round(statistics.median(times), 3), "articles": total}
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, log: Path, repo: Path = REPO) -> tuple[subprocess.Popen, str]:
    """`streamlit run` of REPO's dashboard over DB on a free port: the process and its base URL."""
    port = _free_port()
    # REPO first: another checkout's dashboard must import its own modules, not this tree's
    env = {**os.environ, "INFRATRACK_DB": str(db), "PYTHONPATH": str(repo)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(repo / "dashboard" / "app.py"), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        cwd=repo, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
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


def _new_version(db: Path) -> None:
    """Give the database a new data version, as a crawl's publish does: every cached read is stale."""
    snap = snapshot_path(db)
    if snap.exists():
        stat = snap.stat()
        os.utime(snap, ns=(stat.st_atime_ns, time.time_ns()))


def measure(base: str, repeat: int, pages: dict[str, tuple[str, str | None]] = PAGES,
            db: Path | None = None, warm: bool = False) -> dict[str, list[float]]:
    """Seconds per page over REPEAT rounds, after one warm-up round. Each round comes after the 10 s
    cache expired and, given DB, after the data version changed (cold: every query runs); with WARM,
    REPEAT more rounds follow in which only the 10 s cache expired (timed as NAME_warm)."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in pages}
    if warm:
        times.update({f"{name}_warm": [] for name in pages})
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        for round_ in range(1 + repeat + (repeat if warm else 0)):
            cold = round_ <= repeat
            for name, (path, ready) in pages.items():
                seconds = _visit(page, base, path, ready)
                if round_:
                    times[name if cold else f"{name}_warm"].append(seconds)
            time.sleep(CACHE_TTL_S + 1)  # the next visit of each page runs its queries again ...
            if db is not None and round_ < repeat:
                _new_version(db)  # ... and finds no read cached for this version either
        browser.close()
    return times


def main(argv: list[str]) -> int:
    """Build or reuse the database, serve the dashboard, time every page, print the JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None, help="keep the database here and reuse it when it has N claims")
    ap.add_argument("--repeat", type=int, default=3, help="measured rounds; the median is reported")
    ap.add_argument("--json", action="store_true", help="print only the JSON line")
    ap.add_argument("--pages", default=",".join(PAGES), help="the pages to time, comma-separated (default: all)")
    ap.add_argument("--warm", action="store_true",
                    help="also time REPEAT rounds with the data version unchanged (reads cached per version)")
    ap.add_argument("--search-articles", type=int, default=100_000, help="articles of the search database; 0 skips it")
    ap.add_argument("--search-db", type=Path, default=None, help="keep the search database here and reuse it")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[str, list[float]] = {}
        if args.claims:
            db = _database(args.db, args.claims, Path(tmp))
            proc, base = _serve(db, Path(tmp) / "streamlit.log")
            try:
                times = measure(base, args.repeat, {name: PAGES[name] for name in args.pages.split(",")}, db, args.warm)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            medians = {name: round(statistics.median(values), 2) for name, values in times.items()
                       if not name.endswith("_warm")}
            result.update({"claims": args.claims, "repeat": args.repeat, "page_s": medians,
                           "slowest_page_s": max(medians.values()), "load_average": round(os.getloadavg()[0], 1)})
            if args.warm:
                result["page_warm_s"] = {name[:-len("_warm")]: round(statistics.median(values), 2)
                                         for name, values in times.items() if name.endswith("_warm")}
        if args.search_articles:
            sdb = _search_database(args.search_db, args.search_articles, Path(tmp))
            searches = time_search(sdb, max(args.repeat, 5))
            rare = searches["rare_word"]["query"]
            proc, base = _serve(sdb, Path(tmp) / "streamlit-search.log")
            try:
                page_times = measure(base, args.repeat, {
                    "search_word": (f"search?q={rare}", "mark"),
                    "search_everything": ("search", None),
                }, sdb)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            times.update(page_times)
            result.update({"search_articles": args.search_articles, "search_s": searches,
                           "slowest_search_s": max(v["s"] for v in searches.values()),
                           "search_page_s": {n: round(statistics.median(v), 2) for n, v in page_times.items()}})
    if not args.json:
        for name, values in times.items():
            print(f"{name:<18} median {statistics.median(values):.2f} s  ({', '.join(f'{v:.2f}' for v in values)})")
        for name, v in result.get("search_s", {}).items():
            print(f"search {name:<16} median {v['s']:.3f} s  ({v['articles']:,} articles; query {v['query']!r})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
