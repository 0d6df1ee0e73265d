"""Two versions of the dashboard timed side by side, page by page, so both see the same load.

usage: python benchmarks/dashboard_ab.py --before DIR --before-db PATH --after-db PATH [--repeat 5] [--json]

DIR is a checkout of the other version (`git archive main | tar -x -C DIR`), served on its own
database (each version's schema: a database migrated by one is not read by the other). This tree
serves AFTER-DB. Each round visits every page on one server, then on the other, as
dashboard_bench.py visits them (navigation start to the page's last element in Chromium), after
the 10 s cache expired and both databases were given a new data version, so every visit is cold.
On a machine shared with other jobs the load moves from minute to minute: timing the two versions
in alternation, rather than one run after the other, compares them under the same load.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard_bench as bench  # noqa: E402


def main(argv: list[str]) -> int:
    """Serve both versions, time every page of each in alternation, print the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout of the version to compare with")
    ap.add_argument("--before-db", type=Path, required=True)
    ap.add_argument("--after-db", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    loads = [os.getloadavg()[0]]
    times: dict[str, dict[str, list[float]]] = {"before": {p: [] for p in bench.PAGES},
                                                "after": {p: [] for p in bench.PAGES}}
    with tempfile.TemporaryDirectory() as tmp:
        servers = {}
        try:
            servers["before"] = bench._serve(args.before_db, Path(tmp) / "before.log", repo=args.before.resolve())
            servers["after"] = bench._serve(args.after_db, Path(tmp) / "after.log")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(bench.CHROMIUM), args=bench.CHROMIUM_ARGS)
                page = browser.new_context(viewport=bench.VIEWPORT).new_page()
                page.set_default_timeout(bench.PAGE_TIMEOUT_MS)
                for round_ in range(args.repeat + 1):
                    for name, (path, ready) in bench.PAGES.items():
                        # which version goes first alternates, so neither always follows the other
                        order = ("before", "after") if (round_ + len(name)) % 2 else ("after", "before")
                        for version in order:
                            seconds = bench._visit(page, servers[version][1], path, ready)
                            if round_:
                                times[version][name].append(seconds)
                    loads.append(os.getloadavg()[0])
                    time.sleep(bench.CACHE_TTL_S + 1)
                    bench._new_version(args.before_db)
                    bench._new_version(args.after_db)
                browser.close()
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.wait(timeout=30)
    result = {version: {name: round(statistics.median(v), 2) for name, v in pages.items()}
              for version, pages in times.items()}
    result.update({"repeat": args.repeat, "load_average": [round(min(loads), 1), round(max(loads), 1)]})
    if not args.json:
        for name in bench.PAGES:
            print(f"{name:<15} before {result['before'][name]:5.2f} s ({', '.join(f'{v:.2f}' for v in times['before'][name])})"
                  f"   after {result['after'][name]:5.2f} s ({', '.join(f'{v:.2f}' for v in times['after'][name])})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
