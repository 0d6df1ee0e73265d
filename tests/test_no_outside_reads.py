"""No library the crawler calls may fetch a URL or read a local file because a page or feed says so,
and no DuckDB connection the project opens may download or load an extension by itself."""
from __future__ import annotations

import pytest

from crawler.feeds import FeedError, parse_feed
from db import connection as connection_ctx
from db import reader, triage
from db.connection import open_db, open_for_reading
from extract import article_from_html
from extract.metadata import extract_metadata
from httpserver import Route

DATED = ("<html><head><meta property='article:published_time' content='2020-01-02T00:00:00Z'>"
         "<title>Another page</title></head><body><p>Elsewhere.</p></body></html>")
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        "<item><title>Read from elsewhere</title><link>https://example.org/elsewhere</link></item>"
        "</channel></rss>")


def test_a_page_whose_body_is_a_url_is_not_downloaded_by_the_date_step(route_server):
    target = route_server.route("/dated.html", Route(DATED))
    meta = extract_metadata(target, "https://news.example/a")
    article_from_html(target, "https://news.example/a")
    article_from_html(target + "\n", "https://news.example/b")
    assert route_server.hits_for("/dated.html") == []
    assert meta.published_at is None


def test_a_feed_whose_body_is_a_path_is_not_read_from_disk(tmp_path):
    local = tmp_path / "feed.xml"
    local.write_text(FEED, encoding="utf-8")
    with pytest.raises(FeedError):
        parse_feed(str(local).encode(), "https://news.example/feed.xml")


def test_a_feed_whose_body_is_a_url_is_not_downloaded(route_server):
    target = route_server.route("/feed.xml", Route(FEED, content_type="application/rss+xml"))
    for body in (target.encode(), b"feed:" + target.encode(), b"file:///etc/hostname"):
        with pytest.raises(FeedError):
            parse_feed(body, "https://news.example/feed.xml")
    assert route_server.hits_for("/feed.xml") == []


def test_a_real_feed_still_parses():
    entries = parse_feed(FEED.encode(), "https://news.example/feed.xml")
    assert [e.url for e in entries] == ["https://example.org/elsewhere"]


EXTENSION_SETTINGS = "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"


def _settings(con) -> tuple:
    return tuple(con.execute(EXTENSION_SETTINGS).fetchone())


def test_every_connection_the_project_opens_neither_installs_nor_loads_extensions(db_path):
    con = open_db(db_path)
    assert _settings(con) == (False, False)
    con.close()
    with connection_ctx(db_path) as con:
        assert _settings(con) == (False, False)
    con = open_db(db_path, read_only=True)
    assert _settings(con) == (False, False)
    con.close()
    con = open_for_reading(db_path)
    assert _settings(con) == (False, False)
    con.close()
    with reader.read_connection(db_path) as con:
        assert _settings(con) == (False, False)
    assert tuple(reader.user_query(db_path, EXTENSION_SETTINGS).rows[0]) == (False, False)
    for read_only in (False, True):
        assert triage._with_store(db_path, read_only, _settings) == (False, False)
