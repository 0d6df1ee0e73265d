"""kill -9 a cron run and an `extract --all` at a few moments: the database opens, no article is half
written, and the next run completes the work with nothing lost and nothing twice (issue #6)."""
from __future__ import annotations

import pytest

from crash import run_trials

pytestmark = pytest.mark.slow  # drills: real runs killed with SIGKILL, then run again


def test_killed_runs_leave_a_database_the_next_run_completes(demo_site, tmp_path):
    report = run_trials(tmp_path, demo_site.base_url, count=4, seed=7, max_kill_s=6.0)
    assert report.trials == 4
    assert report.killed >= 2, "the kills must land while the run works, or the test proves nothing"
    assert report.db_open_failures == 0, report.messages
    assert report.half_written == 0, report.messages
    assert report.failed_reruns == 0, report.messages
    assert report.rows_lost == 0, report.messages
    assert report.duplicate_claims == 0


def test_a_crawl_killed_after_reading_a_feed_leaves_its_articles_for_the_next_run(route_server, tmp_path):
    # The feed's ETag must not be stored before the URLs it listed are: a run killed in between
    # would send it next time, get a 304 and never learn of the article.
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from crawler import Source
    from crawler.urls import canonical_url
    from httpserver import Route
    from test_crawler import ARTICLE, crawl

    def feed(path: str, links: list[str], **kw) -> str:
        items = "".join(f"<item><title>Colossus</title><link>{u}</link></item>" for u in links)
        return route_server.route(path, Route(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{path}'
                                              f"</title>{items}</channel></rss>", content_type="application/rss+xml",
                                              **kw))

    story = route_server.route("/story.html", Route(ARTICLE))
    listed = feed("/listed.xml", [story], etag='"v1"')
    stuck = feed("/stuck.xml", [], delay_s=60)
    db = tmp_path / "killed.duckdb"
    root = Path(__file__).resolve().parent.parent
    run = subprocess.Popen([sys.executable, "-m", "infratrack", "crawl", "--db", str(db), "--feed", listed,
                            "--feed", stuck, "--allow-private-hosts", "--delay", "0", "--log-json"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env={**os.environ, "PYTHONPATH": str(root)})
    try:
        deadline = time.monotonic() + 60
        while not route_server.hits_for("/stuck.xml") and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
        assert route_server.hits_for("/stuck.xml"), "the crawl never asked for the second feed"
        time.sleep(1.0)  # the first feed's answer has long been read
    finally:
        run.kill()
        run.wait()
    summary, pages, _ = crawl(db, [Source(listed, "feed", listed)])
    assert canonical_url(story) in pages
    assert summary.counts["new"] == 1
