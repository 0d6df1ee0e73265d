"""The crawl's DuckDB memory cap is a setting (`db_memory_mb`): read from the file and the environment,
checked, and the cap DuckDB works under while the crawl runs."""
from __future__ import annotations

import duckdb
import pytest

from cli_inprocess import invoke


def _limit_shown_for(megabytes: int) -> str:
    """memory_limit as DuckDB shows it once set to MEGABYTES."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{megabytes}MB'")
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_the_default_cap_is_the_crawler_s_own():
    from crawler import CrawlSettings, FetchSettings
    from infratrack.config import Config
    from infratrack.pipeline import crawl_settings

    assert Config().db_memory_mb == CrawlSettings(FetchSettings("probe")).db_memory_mb == 256
    assert crawl_settings(Config()).db_memory_mb == 256


def test_the_cap_comes_from_the_file_and_the_environment(tmp_path):
    from infratrack.config import load_config

    cfg = tmp_path / "c.toml"
    cfg.write_text("[infratrack]\ndb_memory_mb = 128\n")
    assert load_config(cfg, env={}).db_memory_mb == 128
    assert load_config(cfg, env={"INFRATRACK_DB_MEMORY_MB": "96"}).db_memory_mb == 96


@pytest.mark.parametrize("value", ["0", "2.5", "-64", "lots"])
def test_a_cap_that_is_no_whole_number_of_megabytes_is_refused(tmp_path, value):
    from db import open_db

    db = tmp_path / "op.duckdb"
    open_db(db).close()
    r = invoke("status", "--db", str(db), env={"INFRATRACK_DB_MEMORY_MB": value})
    assert r.returncode == 2 and "INFRATRACK_DB_MEMORY_MB" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("megabytes", [64, 192])
def test_the_crawl_runs_under_the_configured_cap_and_gives_it_back(tmp_path, megabytes):
    from db import connection
    from infratrack.config import Config
    from infratrack.pipeline import crawl_stage

    seen = []
    with connection(tmp_path / "m.duckdb") as con:
        before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

        def on_event(event: dict) -> None:
            if event["event"] == "queued":  # the crawl's own thread, between discovery and the fetch phase
                seen.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])

        crawl_stage(con, Config(db_path=tmp_path / "m.duckdb", db_memory_mb=megabytes), [], on_event)
        after = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert seen == [_limit_shown_for(megabytes)]
    assert after == before
