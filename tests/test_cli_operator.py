"""The CLI as an operator and a script meet it: a mistake is one line and exit 2, configuration is
checked and settable from the environment, group options reach their subcommands, `--format json`
is one document, numbers read as numbers. In process (tests/cli_inprocess.py) except where noted."""
from __future__ import annotations

import json
import math

import pytest

from cli_inprocess import invoke


@pytest.fixture
def db(tmp_path):
    """A migrated, empty database file."""
    from db import open_db

    path = tmp_path / "op.duckdb"
    open_db(path).close()
    return path


def one_line_exit_2(r) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("query", ["", ";", "-- comment", "   \n  ", "/* nothing */ ;"])
def test_a_query_with_no_statement_is_a_mistake(db, query):
    line = one_line_exit_2(invoke("sql", "--db", str(db), "--", query))
    assert "no SQL statement" in line


def test_a_negative_status_limit_is_a_mistake(db):
    assert "--limit" in one_line_exit_2(invoke("status", "--db", str(db), "--limit", "-1"))


@pytest.mark.parametrize("command", ["crawl", "run"])
@pytest.mark.parametrize("option, value", [("--delay", "-1"), ("--max-pages", "-5")])
def test_negative_delay_and_page_limits_are_refused(db, tmp_path, command, option, value):
    line = one_line_exit_2(invoke(command, "--db", str(db), "--seed", "http://127.0.0.1:9/x", option, value)
                           if command == "crawl" else invoke(command, "--db", str(db), option, value))
    assert option in line


# -- configuration ------------------------------------------------------------------------------

@pytest.mark.parametrize("line, key", [
    ("delay_s = -1.0", "delay_s"), ("delay_s = nan", "delay_s"), ("delay_s = inf", "delay_s"),
    ("concurrency = 2.9", "concurrency"), ("concurrency = 0", "concurrency"),
    ('allow_private_hosts = "no"', "allow_private_hosts"), ("max_pages = -3", "max_pages"),
    ("timeout_s = 0", "timeout_s"), ('max_body_bytes = "lots"', "max_body_bytes"), ("user_agent = 7", "user_agent"),
])
def test_a_bad_value_in_the_config_file_names_key_and_file(db, tmp_path, line, key):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(f"[infratrack]\n{line}\n")
    msg = one_line_exit_2(invoke("status", "--db", str(db), "--config", str(cfg)))
    assert str(cfg) in msg and key in msg


def test_config_values_load_with_their_types(tmp_path):
    from infratrack.config import load_config

    cfg = tmp_path / "ok.toml"
    cfg.write_text("[infratrack]\ndelay_s = 2\nconcurrency = 4\nallow_private_hosts = true\n")
    c = load_config(cfg, env={})
    assert (c.delay_s, c.concurrency, c.allow_private_hosts) == (2.0, 4, True)
    assert isinstance(c.delay_s, float) and isinstance(c.concurrency, int)


def test_every_setting_has_its_documented_environment_variable(tmp_path):
    from dataclasses import fields
    from pathlib import Path

    from infratrack.config import FILE_ONLY, Config, env_name, load_config

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for f in fields(Config):
        if f.name in FILE_ONLY:
            assert f"`{FILE_ONLY[f.name]}`" in readme, f"{FILE_ONLY[f.name]} is not documented"
            continue
        assert f"`{env_name(f.name)}`" in readme, f"{env_name(f.name)} is not documented"
    env = {"INFRATRACK_DELAY_S": "0.5", "INFRATRACK_CONCURRENCY": "3", "INFRATRACK_ALLOW_PRIVATE_HOSTS": "yes",
           "INFRATRACK_MAX_PAGES": "12", "INFRATRACK_USER_AGENT": "probe/1.0", "INFRATRACK_DB": str(tmp_path / "e.duckdb"),
           "INFRATRACK_SOURCES_FILE": str(tmp_path / "s.toml"), "INFRATRACK_TIMEOUT_S": "4"}
    c = load_config(None, env=env)
    assert (c.delay_s, c.concurrency, c.allow_private_hosts, c.max_pages, c.user_agent, c.timeout_s) == (
        0.5, 3, True, 12, "probe/1.0", 4.0)
    assert c.db_path == tmp_path / "e.duckdb" and c.sources_file == tmp_path / "s.toml"
    # the environment beats the file, flags beat both
    cfg = tmp_path / "c.toml"
    cfg.write_text("[infratrack]\ndelay_s = 9.0\n")
    assert load_config(cfg, env=env).delay_s == 0.5
    assert load_config(cfg, env=env, delay_s=0.0).delay_s == 0.0


@pytest.mark.parametrize("name, value", [("INFRATRACK_CONCURRENCY", "2.9"), ("INFRATRACK_DELAY_S", "nan"),
                                         ("INFRATRACK_ALLOW_PRIVATE_HOSTS", "perhaps"), ("INFRATRACK_MAX_PAGES", "-1")])
def test_a_bad_environment_value_names_the_variable(db, name, value):
    msg = one_line_exit_2(invoke("status", "--db", str(db), env={name: value}))
    assert name in msg


def test_settings_group_options_reach_set_and_list(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke("settings", "--db", str(db), "set", "window_days", "7")
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "infratrack.duckdb").exists()
    listing = invoke("settings", "--db", str(db), "--format", "json")
    assert json.loads(listing.stdout)["window_days"]["value"] == 7


@pytest.mark.parametrize("key, value", [("window_days", "nan"), ("window_days", "-3"), ("window_days", "2.5"),
                                        ("tolerance_power", "1.5"), ("tolerance_count", "-0.1"),
                                        ("tolerance_count", "inf")])
def test_settings_set_validates_its_value(db, key, value):
    msg = one_line_exit_2(invoke("settings", "set", "--db", str(db), "--", key, value))
    assert key in msg


def test_a_negative_setting_is_refused_for_its_value_not_read_as_an_option(db):
    msg = one_line_exit_2(invoke("settings", "set", "--db", str(db), "window_days", "-3"))
    assert "window_days" in msg and "option" not in msg


def test_settings_set_on_a_missing_database_creates_none(tmp_path):
    missing = tmp_path / "typo.duckdb"
    r = invoke("settings", "--db", str(missing), "set", "window_days", "30")
    assert r.returncode == 3 and "no such database" in r.stderr, r.stderr
    assert not missing.exists()


def test_settings_set_takes_the_run_lock(db):
    from infratrack.run_lock import RunLock

    with RunLock(db, "run"):
        r = invoke("settings", "set", "window_days", "7", "--db", str(db))
    assert r.returncode == 5, r.stderr


# -- output for scripts and people ------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database (crawled and extracted once per session): contradictions, runs, entities, sources."""
    from test_dashboard import build_demo_database

    return build_demo_database(tmp_path_factory)


def test_status_check_entities_sources_and_settings_print_one_json_document(demo, tmp_path):
    status = json.loads(invoke("status", "--db", str(demo), "--format", "json").stdout)
    assert status["counts"]["claims"] > 0 and status["contradictions"]["open"] >= 1
    assert status["runs"] and {"command", "status", "started_at"} <= set(status["runs"][0])
    check = json.loads(invoke("check", "--db", str(demo), "--format", "json").stdout)
    assert check and {"subject", "attribute", "value_a", "value_b", "quote_a", "why"} <= set(check[0])
    entities = json.loads(invoke("entities", "list", "--db", str(demo), "--format", "json").stdout)
    assert any(e["origin"] == "registry" for e in entities)
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text('[[source]]\nname = "Grid"\nkind = "feed"\nurl = "https://grid.example/feed.xml"\n')
    sources = json.loads(invoke("sources", "list", "--sources", str(sources_file), "--format", "json").stdout)
    assert sources == [{"name": "Grid", "kind": "feed", "lang": None, "enabled": True, "keywords": [],
                        "last_fetch": None, "last_status": None, "url": "https://grid.example/feed.xml"}]
    settings = json.loads(invoke("settings", "--db", str(demo), "--format", "json").stdout)
    assert settings["window_days"]["value"] == 30


def test_sql_parquet_keeps_duckdb_types_even_when_empty(db, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    query = ("SELECT 7::INTEGER AS i, 1742000000000000000::BIGINT AS b, 1.5::DOUBLE AS f, 'x' AS s, "
             "DATE '2024-09-03' AS d, NULL::VARCHAR AS empty_text, TIMESTAMPTZ '2024-09-03 12:00:00+00' AS t")
    want = {"i": pa.int32(), "b": pa.int64(), "f": pa.float64(), "s": pa.string(), "d": pa.date32(),
            "empty_text": pa.string()}
    for where in ("", " WHERE false"):
        out = tmp_path / f"q{len(where)}.parquet"
        r = invoke("sql", "--db", str(db), "--format", "parquet", "-o", str(out), query + where)
        assert r.returncode == 0, r.stderr
        schema = pq.read_schema(out)
        assert {n: schema.field(n).type for n in want} == want
        assert pa.types.is_timestamp(schema.field("t").type)
    assert "1 row written" in r.stderr or "0 rows written" in r.stderr


def test_an_arrow_result_is_read_without_a_warning_on_stderr(db):
    import warnings

    from db import reader

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = reader.user_query(db, "SELECT 1 AS a", timeout_s=60, arrow=True)
    assert res.arrow.num_rows == 1 and [str(w.message) for w in caught] == []


def test_tables_show_numbers_for_people(db):
    r = invoke("sql", "--db", str(db), "SELECT 1.742e18::DOUBLE AS flops, 2024 AS year, 0.05::DOUBLE AS share, "
                                       "123456 AS n, 2.5::DOUBLE AS x")
    assert r.returncode == 0, r.stderr
    row = r.stdout.splitlines()[2]
    assert "e+" not in r.stdout
    assert [c.strip() for c in row.split("|")] == ["1,742,000,000,000,000,000", "2024", "0.05", "123,456", "2.5"]
    assert r.stdout.rstrip().endswith("(1 row)")
