"""The crawler against real HTTP servers on 127.0.0.1 and a real DuckDB file."""
from __future__ import annotations

import time

from crawler import Crawler, CrawlSettings, FetchSettings, Source
from crawler.urls import canonical_url, host_of
from db import connection, writer
from httpserver import Route

UA = "infratrack-test/1 (+http://127.0.0.1/contact)"

ARTICLE = "<html lang='en'><head><title>t</title></head><body><article><p>Colossus runs 100,000 H100 GPUs.</p></article></body></html>"


def settings(delay: float = 0.0, allow_private: bool = True, retries: int = 0, retry_base: float = 0.2,
             max_pages: int = CrawlSettings.max_pages, max_url_runs: int = CrawlSettings.max_url_runs,
             concurrency: int = CrawlSettings.concurrency, **fetch) -> CrawlSettings:
    return CrawlSettings(FetchSettings(UA, allow_private_hosts=allow_private, **fetch), delay_s=delay,
                         max_retries=retries, retry_base_s=retry_base, retry_cap_s=1.0, max_pages=max_pages,
                         max_url_runs=max_url_runs, concurrency=concurrency)


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


def test_a_page_of_another_content_type_is_skipped_without_reading_its_body(route_server, db_path):
    blob = route_server.route("/dataset.zip", Route(endless=True, drip_s=0.05, content_type="application/zip"))
    summary, pages, fetches = crawl(db_path, [Source(blob, "seed", blob)], total_timeout_s=20)
    assert pages == [] and summary.failed == 0 and summary.counts["content_type"] == 1
    assert [(o, r) for k, o, r, u in fetches if u == blob] == [("skipped", "content_type: application/zip")]
    with connection(db_path) as con:
        assert con.execute("SELECT state FROM frontier").fetchall() == [("skipped",)]


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


def test_a_feed_entry_with_an_impossible_url_is_logged_and_the_rest_is_crawled(route_server, db_path):
    art = route_server.route("/fine.html", Route(ARTICLE))
    broken = "http://127.0.0.1:99999/colossus.html"
    feed = _feed(route_server, "/mixed.xml", [broken, art])
    summary, pages, fetches = crawl(db_path, [Source("f", "feed", feed)])
    assert pages == [canonical_url(art)]
    assert summary.failures["bad_url"] == 1
    assert [(k, o) for k, o, r, u in fetches if u == broken and r.startswith("bad_url")] == [("page", "error")]


def test_a_seed_with_an_impossible_url_is_logged_and_the_other_seeds_are_crawled(route_server, db_path):
    art = route_server.route("/fine.html", Route(ARTICLE))
    broken = "http://127.0.0.1:99999/colossus.html"
    summary, pages, fetches = crawl(db_path, [Source("bad", "seed", broken), Source("good", "seed", art)])
    assert pages == [canonical_url(art)]
    assert summary.failures["bad_url"] == 1


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


def test_entity_filter_keeps_entries_naming_the_entity_under_any_of_its_names(route_server, db_path):
    with connection(db_path) as con:
        con.execute("INSERT INTO entities VALUES ('xai-colossus', 'xAI Colossus', 'cluster', NULL, 'registry')")
        con.execute("INSERT INTO aliases VALUES ('colosse', 'xai-colossus'), ('colossus 2', 'xai-colossus')")
    named = [route_server.route(f"/c{i}.html", Route(ARTICLE.replace("100,000", f"{i + 1}00,000"))) for i in range(3)]
    other = route_server.route("/stargate.html", Route(ARTICLE))
    titles = ["Colossus 2 gets its first racks", "Le Colosse de Memphis double", "xAI Colossus: the numbers"]
    items = "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in zip(titles, named))
    items += f"<item><title>Stargate site in Abilene</title><link>{other}</link></item>"
    feed = route_server.route("/feed.xml", Route(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                                 f"{items}</channel></rss>", content_type="application/rss+xml"))
    summary, pages, _ = crawl(db_path, [Source("f", "feed", feed, entities=("xAI Colossus",))])
    assert pages == sorted(canonical_url(u) for u in named)
    assert summary.counts["filtered_keywords"] == 1


def test_entity_filter_on_an_empty_registry_matches_the_names_given(route_server, db_path):
    a = route_server.route("/a.html", Route(ARTICLE))
    b = route_server.route("/b.html", Route(ARTICLE.replace("100,000", "200,000")))
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Stargate grows</title>'
           f'<link>{a}</link></item><item><title>Other news</title><link>{b}</link></item></channel></rss>')
    feed = route_server.route("/feed.xml", Route(rss, content_type="application/rss+xml"))
    summary, pages, _ = crawl(db_path, [Source("f", "feed", feed, keywords=("H100",), entities=("Stargate",))])
    assert pages == [canonical_url(a)], "a keyword or an entity: either keeps the entry"


def test_a_crawl_with_an_entity_filter_knows_the_registry_s_names_from_the_first_run(route_server, db_path):
    from infratrack.config import Config
    from infratrack.pipeline import run_crawl
    a = route_server.route("/a.html", Route(ARTICLE))
    b = route_server.route("/b.html", Route(ARTICLE.replace("100,000", "200,000")))
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Le supercalculateur '
           f'Colossus double</title><link>{a}</link></item><item><title>Stargate grows</title><link>{b}</link></item>'
           f'</channel></rss>')
    feed = route_server.route("/feed.xml", Route(rss, content_type="application/rss+xml"))
    summary = run_crawl(Config(db_path=db_path, allow_private_hosts=True, delay_s=0.0),
                        [Source("f", "feed", feed, entities=("xAI Colossus",))])
    assert summary.counts["fetched"] == 1 and route_server.hits_for("/a.html") and not route_server.hits_for("/b.html")


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


def test_a_redirect_into_a_path_robots_txt_disallows_is_not_followed(route_server, db_path):
    route_server.route("/robots.txt", Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    route_server.route("/private/story.html", Route(ARTICLE))
    moved = route_server.route("/moved.html", Route("", status=302, headers={"Location": "/private/story.html"}))
    summary, pages, fetches = crawl(db_path, [Source(moved, "seed", moved)])
    assert route_server.hits_for("/private/story.html") == []
    assert pages == []
    assert summary.counts["robots_disallowed"] == 1
    assert ("page", "skipped", "robots_disallowed", canonical_url(moved)) in fetches
    with connection(db_path) as con:
        assert con.execute("SELECT state FROM frontier").fetchall() == [("skipped",)]


def test_a_redirect_to_another_host_asks_that_host_s_robots_txt_first(route_server, other_server, db_path):
    other_server.route("/robots.txt", Route("User-agent: *\nDisallow: /members/\n", content_type="text/plain"))
    other_server.route("/members/story.html", Route(ARTICLE))
    allowed = other_server.route("/news/story.html", Route(ARTICLE.replace("100,000", "300,000")))
    hop = route_server.route("/go", Route("", status=301, headers={"Location": other_server.base_url + "/members/story.html"}))
    hop2 = route_server.route("/go2", Route("", status=301, headers={"Location": allowed}))
    summary, pages, _ = crawl(db_path, [Source(hop, "seed", hop), Source(hop2, "seed", hop2)])
    assert other_server.hits_for("/members/story.html") == []
    assert other_server.hits_for("/robots.txt")[0].at < other_server.hits_for("/news/story.html")[0].at
    assert pages == [canonical_url(hop2)], "a page is stored under the URL that was queued"
    with connection(db_path) as con:
        assert con.execute("SELECT final_url FROM pages").fetchone()[0] == allowed


def test_a_redirect_on_one_host_waits_the_host_s_delay(route_server, db_path):
    final = route_server.route("/new.html", Route(ARTICLE))
    old = route_server.route("/old.html", Route("", status=301, headers={"Location": final}))
    summary, pages, _ = crawl(db_path, [Source(old, "seed", old)], delay=0.4)
    assert pages == [canonical_url(old)]
    gap = route_server.hits_for("/new.html")[0].at - route_server.hits_for("/old.html")[0].at
    assert gap >= 0.35, gap


def test_a_redirect_chain_longer_than_the_limit_is_a_failure(route_server, db_path):
    for i in range(8):
        route_server.route(f"/r{i}", Route("", status=302, headers={"Location": f"/r{i + 1}"}))
    first = route_server.base_url + "/r0"
    summary, pages, _ = crawl(db_path, [Source(first, "seed", first)])
    assert summary.failures["too_many_redirects"] == 1
    assert route_server.hits_for("/r7") == []


def test_a_feed_that_moved_is_read_where_it_went_after_that_host_s_robots_txt(route_server, other_server, db_path):
    art = route_server.route("/story.html", Route(ARTICLE))
    other_server.route("/robots.txt", Route("User-agent: *\nDisallow: /closed/\n", content_type="text/plain"))
    moved = _feed(other_server, "/feeds/ai.xml", [art])
    route_server.route("/closed-feed.xml", Route("", status=301, headers={"Location": other_server.base_url + "/closed/ai.xml"}))
    old = route_server.route("/old-feed.xml", Route("", status=301, headers={"Location": moved}))
    closed = route_server.base_url + "/closed-feed.xml"
    summary, pages, fetches = crawl(db_path, [Source("old", "feed", old), Source("closed", "feed", closed)])
    assert pages == [canonical_url(art)]
    assert other_server.hits_for("/robots.txt")[0].at < other_server.hits_for("/feeds/ai.xml")[0].at
    assert other_server.hits_for("/closed/ai.xml") == []
    assert ("feed", "skipped", "robots_disallowed", closed) in fetches
    with connection(db_path) as con:
        statuses = dict(con.execute("SELECT name, last_status FROM sources").fetchall())
    assert statuses == {"old": "ok", "closed": "robots_disallowed"}


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


# -- politeness under faults ---------------------------------------------------------------

def test_a_url_that_fails_in_every_run_is_given_up_after_a_few_runs(route_server, db_path):
    down = route_server.route("/down.html", Route(ARTICLE, fail_first=1000, fail_status=503))
    fine = route_server.route("/fine.html", Route(ARTICLE.replace("100,000", "200,000")))
    for run in range(3):
        summary, _, _ = crawl(db_path, [Source("d", "seed", down)], max_url_runs=3)
    with connection(db_path) as con:
        state, reason, attempts = con.execute("SELECT state, last_reason, attempts FROM frontier").fetchone()
    assert (state, attempts) == ("failed", 3) and "gave up after 3 runs" in reason
    hits = len(route_server.hits_for("/down.html"))
    crawl(db_path, [Source("f", "seed", fine)], max_url_runs=3)
    assert len(route_server.hits_for("/down.html")) == hits, "not asked again"


def test_urls_that_failed_before_wait_behind_new_ones(route_server, db_path):
    down = route_server.route("/down.html", Route(ARTICLE, fail_first=1000, fail_status=503))
    crawl(db_path, [Source("d", "seed", down)])
    fresh = route_server.route("/fresh.html", Route(ARTICLE))
    with connection(db_path) as con:
        writer.upsert_sources(con, [Source("f", "seed", fresh).record()])
        summary = Crawler(con, settings(max_pages=1)).run([Source("f", "seed", fresh)])
    assert summary.counts["fetched"] == 1 and route_server.hits_for("/fresh.html")


def test_503_is_retried_after_backoff_and_then_stored(route_server, db_path):
    url = route_server.route("/flaky.html", Route(ARTICLE, fail_first=2, fail_status=503))
    summary, pages, fetches = crawl(db_path, [Source(url, "seed", url)], retries=2)
    assert pages == [canonical_url(url)]
    assert summary.counts["retries"] == 2
    hits = [h.at for h in route_server.hits_for("/flaky.html")]
    assert len(hits) == 3 and hits[1] - hits[0] >= 0.1


def test_429_retry_after_is_honoured(route_server, db_path):
    url = route_server.route("/busy.html", Route(ARTICLE, fail_first=1, fail_status=429,
                                                 fail_headers={"Retry-After": "1"}))
    summary, pages, _ = crawl(db_path, [Source(url, "seed", url)], retries=1, retry_base=0.05)
    hits = [h.at for h in route_server.hits_for("/busy.html")]
    assert len(hits) == 2
    assert hits[1] - hits[0] >= 0.95, "waited as long as Retry-After said, not the 0.05 s backoff"
    assert pages == [canonical_url(url)]


def test_a_long_retry_after_leaves_the_url_queued_for_the_next_run(route_server, db_path):
    url = route_server.route("/later.html", Route(ARTICLE, fail_first=1, fail_status=503,
                                                  fail_headers={"Retry-After": "3600"}))
    summary, pages, _ = crawl(db_path, [Source(url, "seed", url)], retries=2)
    assert pages == [] and len(route_server.hits_for("/later.html")) == 1
    with connection(db_path) as con:
        assert con.execute("SELECT state FROM frontier").fetchall() == [("queued",)]
    summary, pages, _ = crawl(db_path, [])  # the next run picks it up with no source at all
    assert pages == [canonical_url(url)]


def test_a_host_that_keeps_failing_is_paused_for_the_run(route_server, db_path):
    urls = [route_server.route(f"/down{i}.html", Route("x", status=500)) for i in range(8)]
    with connection(db_path) as con:
        s = CrawlSettings(FetchSettings(UA, allow_private_hosts=True), delay_s=0.0, max_retries=0, max_host_failures=3)
        sources = [Source(u, "seed", u) for u in urls]
        writer.upsert_sources(con, [x.record() for x in sources])
        summary = Crawler(con, s).run(sources)
    assert len([h for h in route_server.hits if h.path.startswith("/down")]) == 3
    assert summary.counts["hosts_paused"] == 1
    assert summary.counts["left_queued"] == 5


def test_a_host_whose_feeds_keep_failing_is_paused_before_its_other_feeds(route_server, db_path):
    feeds = [route_server.route(f"/feed{i}.xml", Route("down", status=500)) for i in range(4)]
    with connection(db_path) as con:
        s = CrawlSettings(FetchSettings(UA, allow_private_hosts=True), delay_s=0.5, max_retries=0, max_host_failures=2)
        sources = [Source(f"f{i}", "feed", u) for i, u in enumerate(feeds)]
        writer.upsert_sources(con, [x.record() for x in sources])
        summary = Crawler(con, s).run(sources)
        statuses = dict(con.execute("SELECT name, last_status FROM sources").fetchall())
    assert [len(route_server.hits_for(f"/feed{i}.xml")) for i in range(4)] == [1, 1, 0, 0]
    assert summary.counts["hosts_paused"] == 1
    assert statuses["f3"].startswith("host_paused")


def test_connection_reset_is_a_failure_row_not_a_crash(route_server, db_path):
    bad = route_server.route("/reset.html", Route(ARTICLE, reset=True))
    good = route_server.route("/good.html", Route(ARTICLE))
    summary, pages, fetches = crawl(db_path, [Source(bad, "seed", bad), Source(good, "seed", good)])
    assert pages == [canonical_url(good)]
    reasons = [r for k, _, r, u in fetches if u == bad]
    assert reasons and reasons[0].startswith(("protocol_error", "connect_error", "read_error", "http_error"))


def test_an_endless_body_is_cut_at_the_cap(route_server, db_path):
    url = route_server.route("/endless.html", Route(endless=True))
    started = time.monotonic()
    summary, pages, _ = crawl(db_path, [Source(url, "seed", url)], max_body_bytes=200_000)
    assert pages == [] and summary.failures["too_large"] == 1
    assert time.monotonic() - started < 10


def test_gzip_bodies_are_decoded(route_server, db_path):
    url = route_server.route("/gz.html", Route(ARTICLE, gzip=True))
    crawl(db_path, [Source(url, "seed", url)])
    with connection(db_path) as con:
        page = next(writer.pages_to_extract(con))
    assert "100,000 H100" in page.html


def test_wrong_declared_charset_falls_back_to_detection(route_server, db_path):
    text = "<html><body><p>Le supercalculateur français consomme 150 mégawatts à Orsay.</p></body></html>"
    url = route_server.route("/wrong.html", Route(text.encode("utf-8"), content_type="text/html; charset=x-unknown-9"))
    crawl(db_path, [Source(url, "seed", url)])
    with connection(db_path) as con:
        page = next(writer.pages_to_extract(con))
    assert "français" in page.html and "mégawatts" in page.html


def test_redirect_to_a_private_address_is_refused(route_server, other_server):
    # the start host is allow-listed (as an intranet feed would be); the redirect target is not
    target = other_server.route("/inside.html", Route(ARTICLE))
    url = route_server.route("/hop", Route("", status=302, headers={"Location": target}))
    from crawler.fetch import Fetcher
    from crawler.urls import host_of
    with Fetcher(FetchSettings(UA, private_allowlist=frozenset({host_of(url)}))) as f:
        resp = f.get(url)
    assert len(route_server.hits_for("/hop")) == 1, "the first hop was fetched"
    assert resp.error and resp.error.startswith("unsafe_url")
    assert other_server.hits_for("/inside.html") == []



def test_a_fetch_says_when_its_last_request_went_out(route_server):
    # politeness counts from the moment a request leaves, after connecting and after every redirect hop
    final = route_server.route("/moved.html", Route(ARTICLE))
    url = route_server.route("/old.html", Route("", status=301, headers={"Location": final}))
    from crawler.fetch import Fetcher
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as f:
        resp = f.get(url)
        refused = f.get("file:///etc/passwd")
    assert resp.ok and resp.sent_at is not None
    assert resp.sent_at > route_server.hits_for("/old.html")[0].at, "the time is the last hop's, not the first's"
    assert refused.sent_at is None, "nothing went out"


def test_a_request_given_a_start_time_leaves_no_earlier(route_server):
    url = route_server.route("/timed.html", Route(ARTICLE))
    from crawler.fetch import Fetcher
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as f:
        at = time.monotonic() + 0.3
        resp = f.get(url, not_before=at)
    assert resp.ok and resp.sent_at >= at
    assert route_server.hits_for("/timed.html")[0].at >= at

# -- incremental -----------------------------------------------------------------------------

def test_robots_txt_is_cached_across_runs(route_server, db_path):
    route_server.route("/robots.txt", Route("User-agent: *\nDisallow:\n", content_type="text/plain"))
    a = route_server.route("/r1.html", Route(ARTICLE))
    b = route_server.route("/r2.html", Route(ARTICLE.replace("100,000", "200,000")))
    crawl(db_path, [Source(a, "seed", a)])
    crawl(db_path, [Source(b, "seed", b)])
    assert len(route_server.hits_for("/robots.txt")) == 1


def test_sitemap_lastmod_newer_than_the_stored_copy_triggers_a_conditional_get(route_server, db_path):
    page = route_server.route("/story.html", Route(ARTICLE, etag='"s1"'))
    def sitemap(lastmod):
        return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f'<url><loc>{page}</loc><lastmod>{lastmod}</lastmod></url></urlset>')
    sm = route_server.route("/sitemap.xml", Route(sitemap("2020-01-01"), content_type="application/xml"))
    crawl(db_path, [Source("sm", "sitemap", sm)])
    route_server.routes["/sitemap.xml"] = __import__("httpserver").Route(sitemap("2999-01-01T00:00:00Z"),
                                                                          content_type="application/xml")
    summary, _, fetches = crawl(db_path, [Source("sm", "sitemap", sm)])
    last = route_server.hits_for("/story.html")[-1]
    assert last.headers.get("if-none-match") == '"s1"'
    assert summary.counts["unchanged"] == 1
    assert ("page", "not_modified", None, page) in fetches


def test_a_feed_entry_updated_after_the_stored_copy_triggers_a_conditional_get(route_server, db_path):
    page = route_server.route("/story.html", Route(ARTICLE, etag='"s1"'))

    def atom(updated):
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
                f'<id>urn:t</id><updated>{updated}</updated><entry><title>Colossus</title><id>urn:e</id>'
                f'<link href="{page}"/><published>2020-01-01T00:00:00Z</published><updated>{updated}</updated>'
                f'</entry></feed>')
    feed = route_server.route("/atom.xml", Route(atom("2020-01-01T00:00:00Z"), content_type="application/atom+xml"))
    crawl(db_path, [Source("f", "feed", feed)])
    again, _, _ = crawl(db_path, [Source("f", "feed", feed)])
    assert len(route_server.hits_for("/story.html")) == 1 and again.counts["known"] == 1, "not updated: not asked"
    route_server.routes["/atom.xml"] = Route(atom("2999-01-01T00:00:00Z"), content_type="application/atom+xml")
    summary, _, _ = crawl(db_path, [Source("f", "feed", feed)])
    assert route_server.hits_for("/story.html")[-1].headers.get("if-none-match") == '"s1"'
    assert summary.counts["unchanged"] == 1


def test_the_sitemaps_of_a_sitemap_index_are_fetched_conditionally(route_server, db_path):
    page = route_server.route("/story.html", Route(ARTICLE))
    child = route_server.route("/sitemap-2024.xml", Route(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{page}</loc>'
        f'</url></urlset>', content_type="application/xml", etag='"c1"'))
    # the index itself has no validators and is read in full every run; the sitemap it lists has
    index = route_server.route("/sitemap_index.xml", Route(
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
        f'<loc>{child}</loc></sitemap></sitemapindex>', content_type="application/xml"))
    crawl(db_path, [Source("i", "sitemap", index)])
    summary, pages, fetches = crawl(db_path, [Source("i", "sitemap", index)])
    assert route_server.hits_for("/sitemap-2024.xml")[-1].headers.get("if-none-match") == '"c1"'
    assert ("sitemap", "not_modified", None, child) in fetches
    assert pages == [canonical_url(page)] and len(route_server.hits_for("/story.html")) == 1


def test_a_sitemap_index_listing_an_impossible_url_reads_its_other_sitemaps(route_server, db_path):
    page = route_server.route("/story.html", Route(ARTICLE))
    child = route_server.route("/sitemap-ok.xml", Route(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{page}</loc>'
        f'</url></urlset>', content_type="application/xml"))
    broken = "http://127.0.0.1:99999/sitemap-broken.xml"
    index = route_server.route("/sitemap_index.xml", Route(
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<sitemap><loc>{broken}</loc></sitemap><sitemap><loc>{child}</loc></sitemap></sitemapindex>',
        content_type="application/xml"))
    summary, pages, fetches = crawl(db_path, [Source("i", "sitemap", index)])
    assert pages == [canonical_url(page)]
    assert [(k, o) for k, o, r, u in fetches if u == broken and r.startswith("bad_url")] == [("sitemap", "error")]


def test_a_killed_crawl_resumes_from_the_frontier(route_server, db_path):
    urls = [route_server.route(f"/k{i}.html", Route(ARTICLE.replace("100,000", f"{i}00,000"))) for i in range(6)]
    with connection(db_path) as con:
        s = CrawlSettings(FetchSettings(UA, allow_private_hosts=True), delay_s=0.0, max_pages=2)
        sources = [Source(u, "seed", u) for u in urls]
        writer.upsert_sources(con, [x.record() for x in sources])
        Crawler(con, s).run(sources)  # stops after 2 pages, as a killed crawl would
        assert con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0] == 4
    summary, pages, _ = crawl(db_path, [])
    assert summary.counts["fetched"] == 4 and len(pages) == 6
    assert all(len(route_server.hits_for(f"/k{i}.html")) == 1 for i in range(6))


def test_sitemaps_listed_in_robots_txt_are_read_for_a_site_source(route_server, db_path):
    art = route_server.route("/from-robots.html", Route(ARTICLE))
    sm = route_server.route("/news-sitemap.xml", Route(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{art}</loc>'
        f'<news:news><news:publication_date>2025-01-02T10:00:00Z</news:publication_date></news:news></url></urlset>',
        content_type="application/xml"))
    route_server.route("/robots.txt", Route(f"User-agent: *\nAllow: /\nSitemap: {sm}\n", content_type="text/plain"))
    summary, pages, _ = crawl(db_path, [Source("site", "site", route_server.base_url + "/")])
    assert pages == [canonical_url(art)]


# -- duplicates and walls --------------------------------------------------------------------

STORY = " ".join(f"Sentence {i} about the Colossus cluster in Memphis and its many Nvidia GPUs and power needs."
                 for i in range(40))


def page_html(body: str, extra_head: str = "") -> str:
    return f"<html><head>{extra_head}</head><body><article><p>{body}</p></article></body></html>"


def test_syndicated_copy_is_recorded_as_near_duplicate(route_server, db_path):
    a = route_server.route("/wire.html", Route(page_html(STORY)))
    b = route_server.route("/copy.html", Route(page_html(STORY.replace("Sentence 3 ", "Phrase 3 "))))
    summary, pages, _ = crawl(db_path, [Source(a, "seed", a), Source(b, "seed", b)])
    assert len(pages) == 2
    with connection(db_path) as con:
        rows = dict(con.execute("SELECT url, near_duplicate_of IS NOT NULL FROM pages").fetchall())
    assert rows == {canonical_url(a): False, canonical_url(b): True}
    assert summary.counts["near_duplicate"] == 1


def test_exact_copy_under_another_url_is_a_duplicate(route_server, db_path):
    a = route_server.route("/one.html", Route(page_html(STORY)))
    b = route_server.route("/two.html", Route(page_html(STORY, "<title>Mirror</title>")))
    summary, _, _ = crawl(db_path, [Source(a, "seed", a), Source(b, "seed", b)])
    assert summary.counts["duplicate"] == 1


def test_consent_wall_and_paywall_are_marked_not_extracted(route_server, db_path):
    wall = route_server.route("/wall.html", Route(
        '<html><body><div id="didomi-host"><p>We and our partners use cookies. Accept all cookies or manage '
        'your consent choices. Privacy and cookies policy.</p><button>Accept all</button></div></body></html>'))
    pay = route_server.route("/pay.html", Route(
        '<html><head><script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False"}'
        '</script></head><body><article><p>Colossus doubles in size. The first lines of the story.</p>'
        '<div class="paywall">Subscribe to continue reading</div></article></body></html>'))
    summary, pages, fetches = crawl(db_path, [Source(wall, "seed", wall), Source(pay, "seed", pay)])
    assert summary.counts["consent_wall"] == 1 and summary.counts["paywall"] == 1
    with connection(db_path) as con:
        kinds = dict(con.execute("SELECT url, page_kind FROM pages").fetchall())
        assert list(writer.pages_to_extract(con)) == []
    assert kinds == {canonical_url(wall): "consent_wall", canonical_url(pay): "paywall"}


def test_hosts_are_crawled_concurrently_each_at_its_own_pace(route_server, other_server, db_path):
    urls = [srv.route(f"/c{i}.html", Route(ARTICLE, delay_s=0.05)) for srv in (route_server, other_server)
            for i in range(3)]
    summary, pages, _ = crawl(db_path, [Source(u, "seed", u) for u in urls], delay=0.5)
    assert len(pages) == 6
    # each host needs robots.txt and 3 pages, 0.5 s apart: ~1.6 s in parallel, ~3.2 s one host after
    # the other; measured from the first request so the crawler's start-up does not count
    hits = [h.at for srv in (route_server, other_server) for h in srv.hits]
    elapsed = max(hits) - min(hits)
    assert elapsed < 1.9, elapsed
    for srv in (route_server, other_server):
        t = [h.at for h in srv.hits if h.path.startswith("/c")]
        assert min(b - a for a, b in zip(t, t[1:])) >= 0.48


def test_robots_txt_is_fetched_ahead_while_discovery_runs_and_every_host_keeps_its_spacing(route_server, other_server,
                                                                                           db_path):
    # host A: a slow feed listing two of its pages; host B: two seed pages. B's robots.txt is asked for
    # while A's feed is still being read, yet on each host robots.txt comes first, once, and every
    # request (robots, feed, pages) starts at least the delay after the previous one.
    pages_a = [route_server.route(f"/a{i}.html", Route(ARTICLE.replace("100,000", f"{i}0,000"))) for i in range(2)]
    items = "".join(f"<item><title>Colossus {i}</title><link>{u}</link></item>" for i, u in enumerate(pages_a))
    feed = route_server.route("/feed.xml", Route(f'<?xml version="1.0"?><rss version="2.0"><channel><title>A</title>'
                                                 f"{items}</channel></rss>", content_type="application/rss+xml",
                                                 delay_s=0.4))
    pages_b = [other_server.route(f"/b{i}.html", Route(ARTICLE.replace("100,000", f"{i}5,000"))) for i in range(2)]
    summary, pages, _ = crawl(db_path, [Source("A", "feed", feed)] + [Source(u, "seed", u) for u in pages_b], delay=0.3)
    assert sorted(pages) == sorted(canonical_url(u) for u in pages_a + pages_b)
    for srv in (route_server, other_server):
        paths = [h.path for h in srv.hits]
        assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1, paths
        starts = [h.at for h in srv.hits]
        # 0.3 s apart as the crawler sends them; the server's own thread may note one a little late
        assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.25, paths
    assert other_server.hits_for("/robots.txt")[0].at < route_server.hits_for("/feed.xml")[0].at


def _feed(srv, path: str, pages: list[str], delay_s: float = 0.0) -> str:
    items = "".join(f"<item><title>Colossus {i}</title><link>{u}</link></item>" for i, u in enumerate(pages))
    return srv.route(path, Route(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{path}</title>{items}'
                                 f"</channel></rss>", content_type="application/rss+xml", delay_s=delay_s))


def test_a_feed_retried_during_discovery_keeps_to_the_global_concurrency(route_server, other_server, db_path):
    # one request in flight overall: A's feed asks to be retried in 2 s, and discovery retries
    # it itself while B's slow feed, fetched ahead, is still being answered: the retry waits for it
    flaky = route_server.route("/flaky.xml", Route('<?xml version="1.0"?><rss version="2.0"><channel><title>A'
                                                   '</title></channel></rss>', content_type="application/rss+xml",
                                                   fail_first=1, fail_status=503, fail_headers={"Retry-After": "2"}))
    slow = _feed(other_server, "/slow.xml", [], delay_s=3.0)
    # B's Crawl-delay holds its feed back until A's first attempt is answered
    other_server.route("/robots.txt", Route("User-agent: *\nCrawl-delay: 0.5\n", content_type="text/plain"))
    crawl(db_path, [Source("a", "feed", flaky), Source("b", "feed", slow)], concurrency=1, retries=1)
    [first, retry] = route_server.hits_for("/flaky.xml")
    [b] = other_server.hits_for("/slow.xml")
    assert first.at < b.at < first.at + 2.0, "B's feed went out while A waited to retry"
    assert retry.at >= b.at + 2.9, f"A's retry went out {retry.at - b.at:.2f} s after B's request, before its answer"


def test_feeds_of_different_hosts_are_read_at_once_and_one_host_s_feeds_one_after_the_other(route_server, other_server,
                                                                                           db_path):
    # host A: two feeds, the first slow; host B: one slow feed. Discovery reads them like pages: B's
    # feed is asked for while A's first is still being served, but A's second only once A's first
    # was answered (one request at a time per host; the delay counts from start to start).
    page = lambda srv, name, n: srv.route(f"/{name}.html", Route(ARTICLE.replace("100,000", f"{n},000")))
    a1 = _feed(route_server, "/feed1.xml", [page(route_server, "a1", 11)], delay_s=0.6)
    a2 = _feed(route_server, "/feed2.xml", [page(route_server, "a2", 12)])
    b1 = _feed(other_server, "/feed.xml", [page(other_server, "b1", 13)], delay_s=0.6)
    summary, pages, _ = crawl(db_path, [Source("A1", "feed", a1), Source("A2", "feed", a2), Source("B", "feed", b1)],
                              delay=0.3)
    assert len(pages) == 3 and summary.failed == 0
    a1_at = route_server.hits_for("/feed1.xml")[0].at
    assert other_server.hits_for("/feed.xml")[0].at < a1_at + 0.6, "B's feed waited for A's"
    assert route_server.hits_for("/feed2.xml")[0].at >= a1_at + 0.55, "A's feeds overlapped"
    for srv in (route_server, other_server):
        paths = [h.path for h in srv.hits]
        assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1, paths
        assert all(paths.count(p) == 1 for p in paths), paths


def test_a_memory_limit_too_small_for_the_crawl_is_raised_and_given_back(route_server, db_path):
    body = "".join(f"<p>Paragraph {i} on the Colossus cluster, its GPUs and the power it draws in Memphis.</p>"
                   for i in range(300))
    urls = [route_server.route(f"/m{i}.html", Route(f"<html><body><article><h1>Story {i}</h1>{body}</article></body></html>"))
            for i in range(60)]
    sources = [Source(u, "seed", u) for u in urls]
    with connection(db_path) as con:
        before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        writer.upsert_sources(con, [s.record() for s in sources])
        crawler = Crawler(con, CrawlSettings(FetchSettings(UA, allow_private_hosts=True), delay_s=0.0, db_memory_mb=2))
        summary = crawler.run(sources)
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 60
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == before
    assert summary.counts["new"] == 60 and summary.failed == 0


def test_declared_canonical_reads_either_attribute_order():
    from crawler.page_kind import declared_canonical
    assert declared_canonical('<head><link href="https://a.example/x" rel="canonical"></head>') == "https://a.example/x"
    assert declared_canonical("<head><LINK rel=canonical href='https://a.example/y'></head>") == "https://a.example/y"
    assert declared_canonical('<head><meta content="https://a.example/z" property="og:url"></head>') == "https://a.example/z"
    assert declared_canonical('<head><link rel="canonical" href="/relative"></head>') is None


def test_copy_index_matches_the_database_rules():
    from db.copies import CopyIndex
    from crawler.fingerprint import simhash
    words = STORY.lower().split()
    h1, h2 = simhash(words), simhash([w if i != 5 else "phrase" for i, w in enumerate(words)])
    idx = CopyIndex([("p1", "http://a/1", None, "t1", h1)])
    assert idx.find("p2", "http://b/2", "http://a/1", None, None) == ("p1", None)
    assert idx.find("p2", "http://b/2", None, "t1", None) == ("p1", None)
    assert idx.find("p2", "http://b/2", None, "t2", h2) == (None, "p1")
    assert idx.find("p1", "http://a/1", None, "t1", h1) == (None, None), "a page is not a copy of itself"


# -- politeness settings as a crawl meets them ------------------------------------------------

def test_retry_after_given_as_an_http_date_is_waited_for(route_server, db_path):
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime
    # whole seconds, and counted from now, before the crawl has even started: well ahead, then
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=4), usegmt=True)
    url = route_server.route("/dated.html", Route(ARTICLE, fail_first=1, fail_status=503,
                                                  fail_headers={"Retry-After": when}))
    summary, pages, _ = crawl(db_path, [Source(url, "seed", url)], retries=1)
    first, second = route_server.hits_for("/dated.html")
    assert pages == [canonical_url(url)]
    assert second.at - first.at >= 1.0, "an HTTP date some seconds ahead"


def test_backoff_grows_with_the_attempt_within_its_cap_and_is_jittered():
    import random

    from crawler.retry import backoff_s
    rng = random.Random(3)
    for attempt, ceiling in [(0, 1.0), (1, 2.0), (3, 8.0), (10, 60.0)]:
        waits = [backoff_s(attempt, 1.0, 60.0, rng) for _ in range(300)]
        assert 0.5 <= min(waits) and max(waits) <= ceiling
        assert max(waits) > 0.8 * ceiling and len({round(w, 3) for w in waits}) > 100, "full jitter over the range"


def test_a_disabled_source_is_not_read(route_server, db_path):
    art = route_server.route("/a.html", Route(ARTICLE))
    feed = _feed(route_server, "/off.xml", [art])
    summary, pages, _ = crawl(db_path, [Source("off", "feed", feed, enabled=False)])
    assert route_server.hits_for("/off.xml") == [] and pages == []
    assert summary.counts["sources_disabled"] == 1


def test_entries_older_than_max_age_days_are_not_queued(route_server, db_path):
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime
    fresh = route_server.route("/fresh.html", Route(ARTICLE))
    stale = route_server.route("/stale.html", Route(ARTICLE.replace("100,000", "200,000")))
    day = timedelta(days=1)
    items = "".join(f"<item><title>Colossus</title><link>{u}</link><pubDate>{format_datetime(datetime.now(timezone.utc) - age)}"
                    f"</pubDate></item>" for u, age in ((fresh, day), (stale, 40 * day)))
    feed = route_server.route("/aged.xml", Route(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                                 f"{items}</channel></rss>", content_type="application/rss+xml"))
    summary, pages, _ = crawl(db_path, [Source("f", "feed", feed, max_age_days=30)])
    assert pages == [canonical_url(fresh)] and summary.counts["filtered_age"] == 1
    assert route_server.hits_for("/stale.html") == []


def test_a_source_s_delay_spaces_its_host_s_requests(route_server, db_path):
    pages = [route_server.route(f"/s{i}.html", Route(ARTICLE.replace("100,000", f"{i + 1}00,000"))) for i in range(3)]
    feed = _feed(route_server, "/slow-host.xml", pages)
    crawl(db_path, [Source("f", "feed", feed, delay=0.4)], delay=0.0)
    starts = [h.at for h in route_server.hits if h.path.startswith(("/s", "/slow-host"))]
    assert len(starts) == 4 and min(b - a for a, b in zip(starts, starts[1:])) >= 0.35


def test_the_user_agent_names_infratrack_and_the_operator_s_contact(route_server, db_path):
    from infratrack.config import Config
    from infratrack.pipeline import run_crawl
    url = route_server.route("/ua.html", Route(ARTICLE))
    run_crawl(Config(db_path=db_path, allow_private_hosts=True, delay_s=0.0, contact_url="https://lab.example/crawler"),
              [Source(url, "seed", url)])
    agents = {h.headers.get("user-agent") for h in route_server.hits}
    assert agents == {"infratrack/0.1 (+https://lab.example/crawler; AI-infrastructure news research)"}


def test_ipv6_literal_links_in_a_feed_and_a_sitemap_do_not_stop_the_crawl(route_server, db_path):
    # [::ffff:127.0.0.1] is an IPv6 literal that still reaches the loopback server; [fd00::1] (private) is
    # refused by the SSRF guard before any request, so nothing leaves the machine
    port = route_server.base_url.rsplit(":", 1)[1]
    fine = route_server.route("/fine.html", Route(ARTICLE))
    route_server.route("/v6.html", Route(ARTICLE.replace("100,000", "300,000")))
    route_server.route("/v6b.html", Route(ARTICLE.replace("100,000", "400,000")))
    v6 = f"http://[::ffff:127.0.0.1]:{port}/v6.html"
    private = "https://[fd00::1]/x"
    feed = _feed(route_server, "/v6.xml", [private, v6, fine])
    sitemap = route_server.route("/sitemap.xml", Route(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>http://[::ffff:127.0.0.1]:{port}/v6b.html</loc></url><url><loc>{private}</loc></url></urlset>",
        content_type="application/xml"))
    sources = [Source("f", "feed", feed), Source("s", "sitemap", sitemap)]
    with connection(db_path) as con:
        writer.upsert_sources(con, [s.record() for s in sources])
        fetch = FetchSettings(UA, allow_private_hosts=False, private_allowlist=frozenset(
            {f"127.0.0.1:{port}", host_of(canonical_url(v6))}))
        summary = Crawler(con, CrawlSettings(fetch, delay_s=0.0, max_retries=0)).run(sources)
        pages = [r[0] for r in con.execute("SELECT url FROM pages ORDER BY url").fetchall()]
        fetches = con.execute("SELECT outcome, reason, url FROM fetches").fetchall()
    assert pages == sorted(canonical_url(u) for u in (fine, v6, f"http://[::ffff:127.0.0.1]:{port}/v6b.html"))
    assert summary.failed == 1  # the private link, once though two sources list it
    assert [r for _, r, u in fetches if u == private][0].startswith("unsafe_url")


def test_a_page_declaring_a_broken_canonical_url_is_stored_without_it(route_server, db_path):
    ipv6 = route_server.route("/v6.html", Route(ARTICLE.replace("<title>t</title>",
                                                                '<title>t</title><link rel="canonical" href="https://[2606:4700::1111]/x">')))
    broken = route_server.route("/broken.html", Route(ARTICLE.replace("100,000", "200,000").replace(
        "<title>t</title>", '<title>t</title><link rel="canonical" href="https://[2606:4700::1111/x">')))
    summary, pages, _ = crawl(db_path, [Source("a", "seed", ipv6), Source("b", "seed", broken)])
    assert summary.failed == 0 and len(pages) == 2
    with connection(db_path) as con:
        assert con.execute("SELECT canonical_url FROM pages ORDER BY url").fetchall() == [(None,), ("https://[2606:4700::1111]/x",)]
