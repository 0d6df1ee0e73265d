"""Watches: `infratrack watch add/list/remove` and the configuration's [[watch]] tables, each with its
own Atom feed and webhook posts, run in process against the demo site and a loopback receiver."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import feedparser
import pytest

from cli_inprocess import invoke
from webhook_receiver import WebhookReceiver

USAGE = 2


def _sources(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text("".join(f'[[source]]\nurl = "{base}{p}"\nkind = "{k}"\n\n' for p, k in (
        ("/techwire/feed.xml", "feed"), ("/dcledger/atom.xml", "feed"), ("/journal-ia/rss.xml", "feed"),
        ("/echo-calcul/feed.xml", "feed"))), encoding="utf-8")
    return path


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _run(db: Path, src: Path, config: Path, hook_url: str):
    return invoke("run", "--db", str(db), "--sources", str(src), "--config", str(config), "--allow-private-hosts",
                  "--delay", "0.01", env={"INFRATRACK_WEBHOOK_URL": hook_url})


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "infratrack.toml"
    path.write_text('[[watch]]\nentity = "xAI Colossus"\nattribute = "gpu_count"\n', encoding="utf-8")
    return path


def test_a_watch_gets_its_own_feed_and_webhook_posts(demo_site, tmp_path, config):
    db = tmp_path / "watch.duckdb"
    src = _sources(tmp_path, demo_site.base_url)

    with WebhookReceiver() as hook:
        first = _run(db, src, config, hook.url)
        assert first.returncode == 0, first.stderr
        everything = [p for p in hook.posts if p["event"] == "new_contradictions"]
        watched = [p for p in hook.posts if p["event"] == "watch_contradictions"]
        assert len(everything) == 1 and len(watched) == 1
        expected = {c for (c,) in _rows(db, """SELECT conflict_id FROM announcements
                                               WHERE subject = 'xAI Colossus' AND attribute = 'gpu_count'""")}
        assert expected, "the demo site plants GPU-count contradictions about Colossus"
        [post] = watched
        assert post["watch"] == {"id": "xai-colossus.gpu_count", "entity": "xai-colossus", "attribute": "gpu_count"}
        assert {c["conflict_id"] for c in post["contradictions"]} == expected
        assert len(everything[0]["contradictions"]) > len(expected)  # the global post carries every one

        feed = feedparser.parse((tmp_path / "watch-contradictions-xai-colossus.gpu_count.atom").read_bytes())
        assert not feed.bozo
        assert len(feed.entries) == len(expected)
        assert all(e.title.startswith("xAI Colossus: gpu_count") for e in feed.entries)
        assert "xAI Colossus, gpu_count" in feed.feed.title

        second = _run(db, src, config, hook.url)
        assert second.returncode == 0, second.stderr
        assert len(hook.posts) == 2  # nothing new: no post, for the watch either


def test_watch_commands_add_list_and_remove(demo_site, tmp_path, config):
    db = tmp_path / "cli.duckdb"
    src = _sources(tmp_path, demo_site.base_url)

    unknown = invoke("watch", "add", "Nowhere Cluster", "--db", str(db))
    assert unknown.returncode != 0  # no database, no entities yet

    with WebhookReceiver() as hook:
        assert _run(db, src, config, hook.url).returncode == 0

    unknown = invoke("watch", "add", "Nowhere Cluster", "--db", str(db))
    assert unknown.returncode == USAGE and "no entity is called 'Nowhere Cluster'" in unknown.stderr

    added = invoke("watch", "add", "xai colossus", "--db", str(db))  # a name, in any case
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("watch xai-colossus: xAI Colossus (xai-colossus)")
    feed_path = tmp_path / "cli-contradictions-xai-colossus.atom"
    assert f"feed: {feed_path}" in added.stdout
    # every contradiction about Colossus, whatever the attribute, in its feed at once
    about = _rows(db, "SELECT count(*) FROM announcements WHERE subject = 'xAI Colossus'")[0][0]
    assert about > len(_rows(db, "SELECT 1 FROM announcements WHERE subject = 'xAI Colossus' "
                                 "AND attribute = 'gpu_count'"))
    assert len(feedparser.parse(feed_path.read_bytes()).entries) == about

    bad = invoke("watch", "add", "xai-colossus", "--attribute", "height", "--db", str(db))
    assert bad.returncode == USAGE

    listed = invoke("watch", "list", "--db", str(db), "--config", str(config), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["watch"]: r for r in json.loads(listed.stdout)}
    assert set(rows) == {"xai-colossus", "xai-colossus.gpu_count"}
    assert rows["xai-colossus"]["origin"] == "cli" and rows["xai-colossus"]["contradictions"] == about
    assert rows["xai-colossus.gpu_count"]["origin"] == "config"

    refused = invoke("watch", "remove", "xai-colossus.gpu_count", "--db", str(db))
    assert refused.returncode == USAGE and "configuration file" in refused.stderr

    removed = invoke("watch", "remove", "xai-colossus", "--db", str(db))
    assert removed.returncode == 0 and removed.stdout.strip() == "watch xai-colossus removed"
    assert invoke("watch", "remove", "xai-colossus", "--db", str(db)).returncode == USAGE
    listed = invoke("watch", "list", "--db", str(db), "--format", "json")
    assert [r["watch"] for r in json.loads(listed.stdout)] == ["xai-colossus.gpu_count"]


def test_a_bad_watch_table_in_the_configuration_is_a_usage_error(tmp_path):
    config = tmp_path / "infratrack.toml"
    config.write_text('[[watch]]\nattribute = "power"\n', encoding="utf-8")
    result = invoke("watch", "list", "--db", str(tmp_path / "x.duckdb"), "--config", str(config))
    assert result.returncode == USAGE and "watch 1: expected entity" in result.stderr
