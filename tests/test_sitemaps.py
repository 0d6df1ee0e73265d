"""Sitemaps in the other shapes sites publish: plain text (one URL per line, sitemaps.org) and an
RSS or Atom feed listed as a sitemap (robots.txt `Sitemap:` lines often name the feed)."""
from __future__ import annotations

import gzip

import pytest

from crawler import Source
from crawler.sitemaps import SitemapError, parse_sitemap
from crawler.urls import canonical_url
from httpserver import Route
from test_crawler import ARTICLE, crawl


def _articles(server, n: int) -> list[str]:
    return [server.route(f"/story-{i}.html", Route(ARTICLE.replace("100,000", f"{i + 1}0,000"))) for i in range(n)]


def test_a_plain_text_sitemap_is_crawled(route_server, db_path):
    urls = _articles(route_server, 3)
    text = "\ufeff" + urls[0] + "\r\n\n  " + urls[1] + "  \n# not a URL\n" + urls[2]
    sitemap = route_server.route("/sitemap.txt", Route(text.encode("utf-8"), content_type="text/plain; charset=utf-8"))
    summary, pages, _ = crawl(db_path, [Source("s", "sitemap", sitemap)])
    assert pages == sorted(canonical_url(u) for u in urls) and summary.failed == 0


def test_a_gzipped_text_sitemap_listed_in_an_index_is_crawled(route_server, db_path):
    urls = _articles(route_server, 2)
    child = route_server.route("/sitemap-2.txt.gz", Route(gzip.compress("\n".join(urls).encode()),
                                                          content_type="application/gzip"))
    index = route_server.route("/sitemap.xml", Route(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{child}</loc></sitemap></sitemapindex>", content_type="application/xml"))
    _, pages, _ = crawl(db_path, [Source("s", "sitemap", index)])
    assert pages == sorted(canonical_url(u) for u in urls)


@pytest.mark.parametrize("shape", ["rss", "atom"])
def test_a_feed_listed_as_a_sitemap_is_read_as_a_feed(route_server, db_path, shape):
    urls = _articles(route_server, 2)
    if shape == "rss":
        body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
                + "".join(f"<item><title>GPU story {i}</title><link>{u}</link>"
                          f"<pubDate>Tue, 03 Sep 2024 09:00:00 GMT</pubDate></item>" for i, u in enumerate(urls))
                + "</channel></rss>")
    else:
        body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
                "<id>urn:x</id><updated>2024-09-03T09:00:00Z</updated>"
                + "".join(f'<entry><title>GPU story {i}</title><link href="{u}"/><id>urn:{i}</id>'
                          "<updated>2024-09-03T09:00:00Z</updated></entry>" for i, u in enumerate(urls))
                + "</feed>")
    sitemap = route_server.route("/sitemap.xml", Route(body, content_type="application/xml"))
    summary, pages, _ = crawl(db_path, [Source("s", "sitemap", sitemap)])
    assert pages == sorted(canonical_url(u) for u in urls) and summary.failed == 0


@pytest.mark.parametrize("body", [b"", b"   \n", b"just some words\nand more", b"<html><body>Not found</body></html>",
                                  b"%PDF-1.7 binary"])
def test_what_is_neither_a_sitemap_nor_a_feed_is_refused(body):
    with pytest.raises(SitemapError):
        parse_sitemap(body)
