"""The crawler against real HTTP servers on 127.0.0.1 and a real DuckDB file."""
from __future__ import annotations

import time

from crawler import Crawler, CrawlSettings, FetchSettings, Source
from crawler.urls import canonical_url
from db import connection, writer
from httpserver import Route

UA = "infratrack-test/1 (+http://127.0.0.1/contact)"

ARTICLE = "<html lang='en'><head><title>t</title></head><body><article><p>Colossus runs 100,000 H100 GPUs.</p></article></body></html>"


def settings(delay: float = 0.0, allow_private: bool = True, **fetch) -> CrawlSettings:
    return CrawlSettings(FetchSettings(UA, allow_private_hosts=allow_private, **fetch), delay_s=delay)


def crawl(db_path, sources, **kw):
    with connection(db_path) as con:
        writer.upsert_sources(con, [s.record() for s in sources])
        summary = Crawler(con, settings(**kw)).run(sources)
        pages = con.execute("SELECT url FROM pages ORDER BY url").fetchall()
        fetches = con.execute("SELECT kind, outcome, reason, url FROM fetches ORDER BY fetched_at").fetchall()
    return summary, [p[0] for p in pages], fetches


def demo_sources(base):
    return [Source("tw", "feed", f"{base}/techwire/feed.xml", "en"),
            Source("dl", "feed", f"{base}/dcledger/atom.xml", "en"),
            Source("sm", "sitemap", f"{base}/sitemap.xml")]


def test_crawls_feeds_and_sitemap_index_of_the_demo_site(demo_site, db_path):
    summary, pages, _ = crawl(db_path, demo_sources(demo_site.base_url))
    assert summary.counts["new"] == 14
    assert len(pages) == 14
    assert any("/journal-ia/" in p for p in pages), "French articles come from the nested sitemap"
    assert summary.failed == 0


def test_second_crawl_fetches_nothing_new(demo_site, db_path):
    crawl(db_path, demo_sources(demo_site.base_url))
    summary, pages, _ = crawl(db_path, demo_sources(demo_site.base_url))
    assert summary.counts["fetched"] == 0
    assert summary.counts["known"] == 14
    assert len(pages) == 14


def test_robots_disallow_is_honoured(demo_site, db_path):
    private = f"{demo_site.base_url}/private/secret-draft.html"
    summary, pages, fetches = crawl(db_path, [Source("seed", "seed", private)])
    assert pages == []
    assert summary.counts["robots_disallowed"] == 1
    assert ("page", "skipped", "robots_disallowed", private) in fetches


def test_private_hosts_are_refused_unless_allowed(demo_site, db_path):
    url = f"{demo_site.base_url}/techwire/2024/09/xai-colossus-online.html"
    summary, pages, fetches = crawl(db_path, [Source("seed", "seed", url)], allow_private=False)
    assert pages == []
    assert summary.failed >= 1
    assert any(reason and reason.startswith("unsafe_url") for _, _, reason, _ in fetches)


def test_failures_are_rows_with_reasons_and_do_not_stop_the_run(route_server, db_path):
    ok = route_server.route("/ok.html", Route(ARTICLE))
    broken = route_server.route("/broken.html", Route("oops", status=500))
    pdf = route_server.route("/doc.pdf", Route(b"%PDF-1.4", content_type="application/pdf"))
    missing = route_server.base_url + "/missing.html"
    sources = [Source(u, "seed", u) for u in (broken, missing, pdf, ok)]
    summary, pages, fetches = crawl(db_path, sources)
    assert pages == [canonical_url(ok)]
    reasons = {url: reason for kind, _, reason, url in fetches if kind == "page"}
    assert reasons[broken] == "http_500"
    assert reasons[missing] == "http_404"
    assert reasons[pdf].startswith("content_type")
    assert summary.failures["http_500"] == 1 and summary.failures["http_404"] == 1


def test_feed_conditional_get_sends_validators_and_handles_304(route_server, db_path):
    art = route_server.route("/a.html", Route(ARTICLE))
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>Colossus</title><link>{art}</link></item></channel></rss>"""
    feed = route_server.route("/feed.xml", Route(rss, content_type="application/rss+xml", etag='"v1"'))
    s1, pages, _ = crawl(db_path, [Source("f", "feed", feed)])
    s2, _, fetches = crawl(db_path, [Source("f", "feed", feed)])
    assert s1.counts["new"] == 1
    second = route_server.hits_for("/feed.xml")[-1]
    assert second.headers.get("if-none-match") == '"v1"'
    assert s2.counts["sources_unchanged"] == 1
    assert ("feed", "not_modified", None, feed) in fetches


def test_keyword_filter_drops_irrelevant_entries(route_server, db_path):
    a = route_server.route("/gpu.html", Route(ARTICLE))
    b = route_server.route("/recipes.html", Route(ARTICLE))
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>New GPU cluster</title><link>{a}</link></item>
      <item><title>Ten soup recipes</title><link>{b}</link></item></channel></rss>"""
    feed = route_server.route("/feed.xml", Route(rss, content_type="application/rss+xml"))
    summary, pages, _ = crawl(db_path, [Source("f", "feed", feed, keywords=("GPU",))])
    assert pages == [canonical_url(a)]
    assert summary.counts["filtered_keywords"] == 1


def test_per_host_delay_spaces_requests(route_server, db_path):
    urls = [route_server.route(f"/p{i}.html", Route(ARTICLE)) for i in range(3)]
    crawl(db_path, [Source(u, "seed", u) for u in urls], delay=0.3)
    times = [h.at for h in route_server.hits if h.path.startswith("/p")]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.28, gaps


def test_crawl_delay_from_robots_txt_wins_over_a_shorter_default(route_server, db_path):
    route_server.route("/robots.txt", Route("User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain"))
    urls = [route_server.route(f"/q{i}.html", Route(ARTICLE)) for i in range(2)]
    crawl(db_path, [Source(u, "seed", u) for u in urls], delay=0.0)
    times = [h.at for h in route_server.hits if h.path.startswith("/q")]
    assert times[1] - times[0] >= 0.38


def test_body_size_cap_is_enforced(route_server, db_path):
    big = route_server.route("/big.html", Route("<html>" + "x" * 50_000 + "</html>"))
    summary, pages, fetches = crawl(db_path, [Source(big, "seed", big)], max_body_bytes=10_000)
    assert pages == []
    assert summary.failures["too_large"] == 1


def test_redirect_loop_is_detected(route_server, db_path):
    a = route_server.route("/a", Route("", status=302, headers={"Location": "/b"}))
    route_server.route("/b", Route("", status=302, headers={"Location": "/a"}))
    summary, pages, _ = crawl(db_path, [Source(a, "seed", a)])
    assert summary.failures["redirect_loop"] == 1


def test_slow_server_times_out(route_server, db_path):
    slow = route_server.route("/slow.html", Route(ARTICLE, delay_s=1.5))
    started = time.monotonic()
    summary, pages, _ = crawl(db_path, [Source(slow, "seed", slow)], timeout_s=0.3)
    assert pages == []
    assert any(k.startswith("timeout") for k in summary.failures)
    assert time.monotonic() - started < 1.4


def test_charset_from_header_is_used(route_server, db_path):
    latin = "<html><body><p>Le supercalculateur consomme 150 mégawatts.</p></body></html>".encode("latin-1")
    url = route_server.route("/latin.html", Route(latin, content_type="text/html; charset=iso-8859-1"))
    crawl(db_path, [Source(url, "seed", url)])
    with connection(db_path) as con:
        page = next(writer.pages_to_extract(con))
    assert "mégawatts" in page.html


def test_canonical_url_drops_tracking_and_default_port():
    assert canonical_url("HTTPS://Example.COM:443/a?utm_source=x&id=3&fbclid=y#frag") == "https://example.com/a?id=3"
