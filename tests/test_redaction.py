"""No secret in logs: credentials in source URLs, token parameters and webhook URLs are masked in
JSON log lines, on stderr and in the fetches table, while the crawl itself still uses them."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from crawler import Crawler, Source
from crawler.redact import redact_event, redact_text, redact_url
from db import connection, reader, writer
from httpserver import Route
from test_crawler import ARTICLE, settings

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Private wire</title>
<item><title>Colossus doubles</title><link>{base}/private/colossus.html</link></item></channel></rss>"""
PASSWORD = "hunter2-wire-password"
TOKEN = "tok_8f3a9c2e77d1"


@pytest.mark.parametrize("url, expected", [
    ("https://reader:s3cret@feeds.example.com/private.xml", "https://***@feeds.example.com/private.xml"),
    ("https://ghp_abcdef123456@git.example/feed.atom", "https://***@git.example/feed.atom"),
    ("https://api.example/v1/news?api_key=abc123&lang=fr&access_token=zz9",
     "https://api.example/v1/news?api_key=***&lang=fr&access_token=***"),
    ("https://cdn.example/f.xml?X-Amz-Signature=deadbeef&X-Amz-Date=20250101",
     "https://cdn.example/f.xml?X-Amz-Signature=***&X-Amz-Date=20250101"),
    ("https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopqrstuvwx", "https://hooks.slack.com/***"),
    ("https://discord.com/api/webhooks/1234567890/AbCdEf-GhIj", "https://discord.com/***"),
    ("https://chat.example/hooks/9f8e7d6c", "https://chat.example/***"),
    ("http://[::1]:8080/feed?token=abc", "http://[::1]:8080/feed?token=***"),
])
def test_secrets_are_masked(url, expected):
    assert redact_url(url) == expected


@pytest.mark.parametrize("url", [
    "https://www.datacenterdynamics.com/en/news/xai-colossus-webhooks-explained/?page=2",
    "https://news.example/a?keyword=GPU&monkey=1",
    "https://le-journal.example/2025/01/stargate.html#commentaires",
])
def test_ordinary_urls_are_kept_whole(url):
    assert redact_url(url) == url


def test_urls_inside_messages_and_events_are_masked():
    message = f"connect_error: cannot reach https://bot:{PASSWORD}@wire.example/feed?sig={TOKEN}: refused."
    assert redact_text(message) == "connect_error: cannot reach https://***@wire.example/feed?sig=***: refused."
    event = {"event": "webhook", "url": "https://hooks.example.net/T1/B2/secret", "status": 500,
             "nested": {"urls": [f"https://u:{PASSWORD}@h.example/x"]}}
    flat = json.dumps(redact_event(event))
    assert "secret" not in flat and PASSWORD not in flat
    assert '"status": 500' in flat


def _private_sources(base: str) -> list[Source]:
    # a feed behind basic auth and one behind a token parameter, as private wires are
    host = base.removeprefix("http://")
    return [Source("Wire", "feed", f"http://reader:{PASSWORD}@{host}/private/feed.xml"),
            Source("API", "seed", f"{base}/private/story.html?api_key={TOKEN}")]


def test_fetch_rows_and_sources_keep_no_secret_but_the_crawl_uses_them(route_server, db_path):
    route_server.route("/private/feed.xml", Route(FEED.format(base=route_server.base_url),
                                                  content_type="application/rss+xml"))
    route_server.route("/private/colossus.html", Route(ARTICLE))
    route_server.route("/private/story.html", Route(ARTICLE.replace("100,000", "150,000")))
    sources = _private_sources(route_server.base_url)
    with connection(db_path) as con:
        writer.upsert_sources(con, [s.record() for s in sources])
        Crawler(con, settings()).run(sources)
        stored = con.execute("SELECT * FROM fetches").fetchall() + con.execute("SELECT * FROM sources").fetchall()
        pages = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    assert pages == 2
    # the real credentials went over the wire
    assert route_server.hits_for("/private/feed.xml")[0].headers["authorization"].startswith("Basic ")
    assert TOKEN in route_server.hits_for("/private/story.html")[0].path
    dump = repr(stored)
    assert PASSWORD not in dump and TOKEN not in dump
    assert "***@127.0.0.1" in dump and "api_key=***" in dump
    # masked the same way in both tables, so each source still owns its fetches
    health = {r["name"]: r for r in reader.source_health(db_path).records()}
    assert health["Wire"]["ok"] >= 1 and health["API"]["ok"] >= 1


def test_json_log_lines_hold_no_secret(route_server, tmp_path):
    route_server.route("/private/feed.xml", Route("", status=500))  # a failure: its line quotes the URL
    route_server.route("/private/story.html", Route(ARTICLE))
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text("".join(f'[[source]]\nname = "{s.name}"\nkind = "{s.kind}"\nurl = "{s.url}"\n\n'
                                    for s in _private_sources(route_server.base_url)), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "infratrack", "crawl", "--sources", str(sources_file), "--db",
                        str(tmp_path / "c.duckdb"), "--allow-private-hosts", "--delay", "0", "--log-json"],
                       capture_output=True, text=True, timeout=180, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert r.returncode == 1, r.stderr  # the feed failed
    lines = [json.loads(line) for line in r.stderr.splitlines() if line.startswith("{")]
    assert any(e.get("event") == "fetch" and e.get("outcome") == "error" for e in lines)
    assert any(e.get("event") == "source" and "***@" in e["url"] for e in lines)
    assert PASSWORD not in r.stderr + r.stdout and TOKEN not in r.stderr + r.stdout


def test_sources_list_shows_the_last_fetch_of_a_private_feed_without_its_password(route_server, tmp_path):
    route_server.route("/private/feed.xml", Route(FEED.format(base=route_server.base_url),
                                                  content_type="application/rss+xml"))
    route_server.route("/private/colossus.html", Route(ARTICLE))
    [wire, _] = _private_sources(route_server.base_url)
    db = tmp_path / "s.duckdb"
    (tmp_path / "sources.toml").write_text(f'[[source]]\nname = "Wire"\nurl = "{wire.url}"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    crawled = subprocess.run([sys.executable, "-m", "infratrack", "crawl", "--db", str(db), "--allow-private-hosts",
                              "--delay", "0"], cwd=tmp_path, capture_output=True, text=True, timeout=180, env=env)
    assert crawled.returncode == 0, crawled.stderr
    listing = subprocess.run([sys.executable, "-m", "infratrack", "sources", "list", "--db", str(db)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=180, env=env)
    line = next(x for x in listing.stdout.splitlines() if x.startswith("Wire"))
    assert "| ok " in line and "***@127.0.0.1" in line
    assert PASSWORD not in listing.stdout + listing.stderr
