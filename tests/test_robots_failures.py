"""A robots.txt that fails (5xx, 429, network error) refuses its host only briefly; a 4xx allows all
for the full TTL. Real loopback server, real DuckDB file."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from crawler import Crawler, CrawlSettings, FetchSettings, Source
from crawler.fetch import Response
from crawler.robots import UNREACHABLE_TTL_S, RobotsCache
from crawler.urls import canonical_url
from db import connection, writer
from httpserver import Route

UA = "infratrack-test/1 (+http://127.0.0.1/contact)"

ARTICLE = "<html lang='en'><head><title>t</title></head><body><article><p>Colossus runs 100,000 H100 GPUs.</p></article></body></html>"
ALLOW_ALL = "User-agent: *\nDisallow:\n"


def crawl(db_path, sources):
    with connection(db_path) as con:
        writer.upsert_sources(con, [s.record() for s in sources])
        settings = CrawlSettings(FetchSettings(UA, allow_private_hosts=True), delay_s=0.0, max_retries=0)
        summary = Crawler(con, settings).run(sources)
        pages = con.execute("SELECT url FROM pages ORDER BY url").fetchall()
        fetches = con.execute("SELECT kind, outcome, reason, url FROM fetches ORDER BY fetched_at").fetchall()
    return summary, [p[0] for p in pages], fetches


def age_robots(db_path, seconds: float) -> None:
    """Make the cached robots.txt rows look fetched SECONDS earlier, as a later run would find them."""
    with connection(db_path) as con:
        con.execute("UPDATE robots SET fetched_at = fetched_at - ?", [timedelta(seconds=seconds)])


def test_a_503_robots_txt_refuses_the_host_briefly_and_is_asked_again_in_a_later_run(route_server, db_path):
    robots = route_server.route("/robots.txt", Route("busy", status=503, content_type="text/plain"))
    page = route_server.route("/a.html", Route(ARTICLE))

    summary, pages, fetches = crawl(db_path, [Source(page, "seed", page)])
    assert pages == []
    assert ("robots", "error", "http_503", robots) in fetches
    assert ("page", "error", "robots_unreachable: http_503", page) in fetches
    assert summary.failures["robots_unreachable"] == 1

    # right away, the failure still stands: robots.txt is not asked again and the page is refused
    _, pages, _ = crawl(db_path, [Source(page, "seed", page)])
    assert pages == [] and len(route_server.hits_for("/robots.txt")) == 1

    # a little later (past the short TTL, far within the 24 h one) the site has recovered
    route_server.routes["/robots.txt"] = Route(ALLOW_ALL, content_type="text/plain")
    age_robots(db_path, UNREACHABLE_TTL_S + 1)
    summary, pages, fetches = crawl(db_path, [Source(page, "seed", page)])
    assert len(route_server.hits_for("/robots.txt")) == 2
    assert pages == [canonical_url(page)]
    assert ("robots", "ok", None, robots) in fetches
    assert summary.counts["new"] == 1


def test_a_404_robots_txt_allows_everything_and_is_kept_for_the_full_ttl(route_server, db_path):
    a = route_server.route("/a.html", Route(ARTICLE))
    b = route_server.route("/b.html", Route(ARTICLE.replace("100,000", "200,000")))

    _, pages, fetches = crawl(db_path, [Source(a, "seed", a)])
    assert pages == [canonical_url(a)]
    assert ("robots", "skipped", "http_404", route_server.base_url + "/robots.txt") in fetches

    # older than the short TTL of a failure, still within the normal one: not asked again
    age_robots(db_path, UNREACHABLE_TTL_S + 1)
    _, pages, _ = crawl(db_path, [Source(b, "seed", b)])
    assert pages == sorted([canonical_url(a), canonical_url(b)])
    assert len(route_server.hits_for("/robots.txt")) == 1


@pytest.mark.parametrize("resp", [Response("x", status=503), Response("x", status=429), Response("x", error="timeout")],
                         ids=["503", "429", "timeout"])
def test_a_failed_robots_txt_stays_refused_but_is_unknown_after_the_short_ttl_in_a_long_run(resp):
    url = "http://example.test/a.html"
    cache = RobotsCache(UA, ttl_s=3600.0, unreachable_ttl_s=0.2)
    cache.store(url, resp)
    assert cache.known(url) and not cache.allowed(url)
    time.sleep(0.3)
    # unknown, so the crawler asks robots.txt again; until it answers, the host stays refused
    assert not cache.known(url) and not cache.allowed(url)
    assert cache.unreachable_reason(url) == (resp.error or f"http_{resp.status}")


def test_a_404_robots_txt_is_not_cut_short_by_the_failure_ttl():
    url = "http://example.test/a.html"
    cache = RobotsCache(UA, ttl_s=3600.0, unreachable_ttl_s=0.2)
    cache.store(url, Response("x", status=404))
    time.sleep(0.3)
    assert cache.known(url) and cache.allowed(url)
