"""`infratrack run` as one run (infratrack/runner.py): one row for the run and one per stage pointing at
it, one write connection, and the read snapshot copied when the run ends rather than after each stage."""
from __future__ import annotations

import duckdb
import pytest

from crawler import Source
from db.companions import snapshot_path
from httpserver import Route
from infratrack.config import Config, ConfigError, load_config
from infratrack.runner import run_job

FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>quiet</title><link>{base}/</link>'
        "<description>one old story</description><item><title>Old news</title><link>{base}/old.html</link>"
        "</item></channel></rss>")
PAGE = ("<html><head><title>Old news</title></head><body><article><h1>Old news</h1>"
        "<p>Nothing in this story changes between runs.</p></article></body></html>")


def quiet(route_server) -> list[Source]:
    """A feed of one story: the first run fetches it, every later run finds nothing new."""
    route_server.route("/old.html", Route(PAGE))
    return [Source("quiet", "feed", route_server.route(
        "/feed.xml", Route(FEED.format(base=route_server.base_url), content_type="application/rss+xml")))]


def config(tmp_path, **settings) -> Config:
    return Config(db_path=tmp_path / "run.duckdb", allow_private_hosts=True, delay_s=0.0,
                  feed_file=tmp_path / "run.atom", **settings)


def rows(path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_run_writes_one_row_and_its_stages_point_at_it(route_server, tmp_path):
    cfg = config(tmp_path)
    outcome = run_job(cfg, quiet(route_server), lambda e: None)
    runs = rows(cfg.db_path, "SELECT run_id, command, parent_run_id, status FROM runs ORDER BY started_at")
    assert [r for r in runs if r[2] is None] == [(outcome.run_id, "run", None, "ok")]
    assert sorted((c, p, s) for _, c, p, s in runs if p) == [("crawl", outcome.run_id, "ok"),
                                                               ("extract", outcome.run_id, "ok")]
    # a fetch in the crawl log leads to the run that made it through its stage's row
    assert rows(cfg.db_path, "SELECT DISTINCT r.parent_run_id FROM fetches f JOIN runs r USING (run_id)") == [
        (outcome.run_id,)]


def test_a_stopped_run_closes_its_row_and_keeps_the_stages_it_finished(route_server, tmp_path):
    cfg = config(tmp_path)

    def stop_before_extracting(event: dict) -> None:
        if event == {"event": "stage", "stage": "extract"}:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(cfg, quiet(route_server), stop_before_extracting)
    [(run_id, status, error)] = rows(cfg.db_path, "SELECT run_id, status, error FROM runs WHERE parent_run_id IS NULL")
    assert (status, error) == ("interrupted", "SIGINT (Ctrl-C)")
    assert rows(cfg.db_path, "SELECT command, parent_run_id, status FROM runs WHERE parent_run_id IS NOT NULL") == [
        ("crawl", run_id, "ok")]
    # the run's one connection is closed: the next run opens the database and completes
    assert not run_job(cfg, quiet(route_server), lambda e: None).partial


def test_a_run_that_finds_nothing_copies_the_database_once(route_server, tmp_path):
    cfg = config(tmp_path)
    first = run_job(cfg, quiet(route_server), lambda e: None)
    assert first.snapshots == 2  # a new database has no snapshot to read while the run holds it: one at the start
    second = run_job(cfg, quiet(route_server), lambda e: None)
    assert second.snapshots == 1  # the snapshot was current: only the end of the run publishes
    # and that copy holds the run's closing row
    assert rows(snapshot_path(cfg.db_path), "SELECT run_id, status FROM runs WHERE command = 'run' ORDER BY started_at") == [
        (first.run_id, "ok"), (second.run_id, "ok")]


def test_the_snapshot_interval_bounds_the_copies_during_a_run(route_server, tmp_path):
    run_job(config(tmp_path), quiet(route_server), lambda e: None)
    # with no interval every commit of every stage publishes; the default leaves only the end of the run
    eager = run_job(config(tmp_path, snapshot_interval_s=0.0), quiet(route_server), lambda e: None)
    assert eager.snapshots > 3
    assert run_job(config(tmp_path), quiet(route_server), lambda e: None).snapshots == 1


def test_the_snapshot_interval_is_a_setting(tmp_path):
    file = tmp_path / "infratrack.toml"
    file.write_text("[infratrack]\nsnapshot_interval_s = 60\n")
    assert load_config(file, env={}).snapshot_interval_s == 60.0
    assert load_config(None, env={"INFRATRACK_SNAPSHOT_INTERVAL_S": "0"}).snapshot_interval_s == 0.0
    assert Config().snapshot_interval_s == 300.0
    with pytest.raises(ConfigError, match="snapshot_interval_s.*at least 0"):
        load_config(None, env={"INFRATRACK_SNAPSHOT_INTERVAL_S": "-1"})


def test_a_run_that_announces_nothing_rewrites_the_feed_only_when_it_is_behind(route_server, tmp_path):
    # the feed is the latest 200 announcements: with millions of them, sorting for it costs seconds
    cfg = config(tmp_path)
    run_job(cfg, quiet(route_server), lambda e: None)
    written = cfg.feed_path().stat().st_ino  # each write replaces the file: a new inode
    run_job(cfg, quiet(route_server), lambda e: None)
    assert cfg.feed_path().stat().st_ino == written
    # an announcement the feed lacks (a run that could not write it): the next run writes it
    with duckdb.connect(str(cfg.db_path)) as con:
        con.execute("INSERT INTO announcements (conflict_id, run_id, announced_at, subject, attribute, modality, "
                    "claim_a, claim_b) VALUES ('c1', 'r', now(), 'xAI Colossus', 'gpu_count', 'actual', 'a', 'b')")
    run_job(cfg, quiet(route_server), lambda e: None)
    assert "urn:infratrack:contradiction:c1" in cfg.feed_path().read_text(encoding="utf-8")
    cfg.feed_path().unlink()
    run_job(cfg, quiet(route_server), lambda e: None)
    assert "urn:infratrack:contradiction:c1" in cfg.feed_path().read_text(encoding="utf-8")
