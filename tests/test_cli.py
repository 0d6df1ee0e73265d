"""The command line as users call it: real files, real exit codes. Each command runs at least once as a
real subprocess (`python -m infratrack`); further calls of a test go through the same click command in
this process (tests/cli_inprocess.py), which spares seconds of start-up per call."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_inprocess import invoke
from infratrack.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_KEYS = {"file", "subject", "attribute", "hardware", "value", "low", "high", "unit", "modality", "as_of",
                 "lang", "quote", "start", "end"}


def run(*args: str, stdin: str | None = None, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "infratrack", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=240)


def test_every_command_has_help_and_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        assert cmd.help, f"{name} has no help text"
        assert f"infratrack {name}" in readme, f"README does not document `infratrack {name}`"
    r = run("--help")
    assert r.returncode == 0
    for name in ("crawl", "extract", "check", "claims", "sql", "dashboard", "demo", "status"):
        assert name in r.stdout
        assert invoke(name, "--help").returncode == 0


def test_claims_contract_on_text_and_stdin(tmp_path):
    doc = tmp_path / "note.txt"
    text = "Colossus runs 100,000 Nvidia H100 GPUs.\nIt was built in 122 days.\n"
    doc.write_text(text, encoding="utf-8")
    # in process: the claims command's real subprocess (spaCy's import and all) is in test_language.py
    r = invoke("claims", str(doc))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {(x["attribute"], x["value"]) for x in rows} == {("gpu_count", 100000), ("build_time", 122.0)}
    for x in rows:
        assert set(x) >= CONTRACT_KEYS
        assert text[x["start"]:x["end"]] == x["quote"]
        assert x["file"] == str(doc)
    r2 = invoke("claims", "-", "--lang", "fr", stdin="Le site Colossus consomme 150 mégawatts.")
    [row] = [json.loads(line) for line in r2.stdout.splitlines()]
    assert (row["file"], row["attribute"], row["value"], row["lang"]) == ("-", "power", 150.0, "fr")


def test_claims_on_an_html_page_uses_the_main_text_only(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("""<html lang="en"><head><title>Colossus grows</title>
      <meta property="article:published_time" content="2024-09-03T10:00:00Z"></head><body>
      <nav>Home | Data centers</nav><article><h1>Colossus grows</h1>
      <p>xAI says its Colossus cluster in Memphis runs 100,000 Nvidia H100 GPUs after a record build.</p>
      <p>The company did not give a date for the next expansion but said it would be soon.</p></article>
      <section class="comments"><p>Reader: I heard they have 500,000 GPUs!</p></section></body></html>""",
                    encoding="utf-8")
    r = invoke("claims", str(page))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert sorted((x["attribute"], x["value"], x["as_of"]) for x in rows) == [
        ("gpu_count", 100000, "2024-09-03"), ("location", "Memphis, Tennessee, US", "2024-09-03")]


def test_missing_file_is_a_clear_error_not_a_traceback(tmp_path):
    r = invoke("claims", str(tmp_path / "nope.txt"))
    assert r.returncode == 2
    assert "nope.txt: no such file" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_option_exits_2():
    r = invoke("crawl", "--no-such-option")
    assert r.returncode == 2
    assert "No such option" in r.stderr


def test_malformed_sources_file_names_file_and_line(tmp_path, db_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nurl = "https://a.example/f"\nkind = "telegram"\n', encoding="utf-8")
    r = invoke("crawl", "--sources", str(bad), "--db", str(db_path))
    assert r.returncode == 2
    assert f"{bad}, line 1" in r.stderr and "'kind' must be one of" in r.stderr
    assert "Traceback" not in r.stderr


def test_non_duckdb_database_is_refused_and_left_intact(tmp_path):
    bogus = tmp_path / "x.duckdb"
    bogus.write_bytes(b"not a database at all" * 50)
    r = invoke("status", "--db", str(bogus))
    assert r.returncode == 3
    assert "x.duckdb" in r.stderr and "Traceback" not in r.stderr
    assert bogus.read_bytes() == b"not a database at all" * 50


def test_sql_refuses_writes_with_a_message(db_path):
    assert invoke("status", "--db", str(db_path)).returncode == 3, "status on a missing database is an error"
    from db import open_db
    open_db(db_path).close()
    r = invoke("sql", "DROP TABLE claims", "--db", str(db_path))
    assert r.returncode == 2
    assert "refused: DROP is not allowed" in r.stderr
    ok = run("sql", "SELECT count(*) AS n FROM claims", "--db", str(db_path), "--format", "json")
    assert json.loads(ok.stdout) == {"n": 0}


def test_db_path_comes_from_the_environment(tmp_path):
    target = tmp_path / "env.duckdb"
    from db import open_db
    open_db(target).close()
    r = run("status", env={"INFRATRACK_DB": str(target)})
    assert r.returncode == 0, r.stderr
    assert str(target) in r.stdout


def test_crawl_offline_style_failures_are_per_source_not_a_traceback(db_path, tmp_path):
    sources = tmp_path / "s.toml"
    sources.write_text('[[source]]\nname = "Nowhere"\nurl = "https://nonexistent.invalid/feed"\n', encoding="utf-8")
    r = run("crawl", "--sources", str(sources), "--db", str(db_path))
    assert r.returncode == 1
    assert "nonexistent.invalid" in r.stderr and "dns_error" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow  # two whole demo runs in real processes; make test builds the demo in process (test_dashboard.py)
@pytest.mark.timeout(300)
def test_demo_end_to_end_shows_the_planted_contradictions(tmp_path, free_port):
    db = tmp_path / "demo.duckdb"
    r = run("demo", "--db", str(db), "--port", str(free_port))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "14 pages fetched" in out
    assert "refused by robots.txt" in out
    conflicts = [line for line in out.splitlines() if line.strip().startswith("[")]
    topics = {(c.split("·")[0].split("]")[1].strip(), c.split("·")[1].strip()) for c in conflicts}
    assert topics == {("xAI Colossus", "gpu_count (H100)"), ("xAI Colossus", "power"), ("Meta Hyperion", "power")}
    assert "“Colossus runs 100,000 Nvidia H100 GPUs.”" in out
    # the 2025 update to 200,000 GPUs is a timeline, not a contradiction
    assert "grok-3" not in out
    assert "infratrack dashboard" in out
    again = run("demo", "--db", str(db), "--port", str(free_port))
    assert "0 pages fetched, 14 already known" in again.stdout
    n = invoke("sql", "SELECT count(*) AS n FROM claims", "--db", str(db), "--format", "json")
    assert json.loads(n.stdout)["n"] == int(out.split("Claims: ")[1].split()[0])


def test_sources_commands_edit_the_local_file(tmp_path, monkeypatch):
    r = run("sources", "add", "https://feeds.example/ai.xml", "--lang", "fr", "--keyword", "GPU", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "sources.toml").exists()
    monkeypatch.chdir(tmp_path)
    assert invoke("sources", "disable", "https://feeds.example/ai.xml").returncode == 0
    listing = invoke("sources", "list")
    line = next(x for x in listing.stdout.splitlines() if "feeds.example" in x)
    assert "| no " in line and "| fr " in line
    bad = invoke("sources", "disable", "https://unknown.example/")
    assert bad.returncode == 2 and "no source with url" in bad.stderr


def test_entities_commands_add_alias_and_group_claims(tmp_path):
    db = tmp_path / "e.duckdb"
    from datetime import datetime, timezone
    from db import connection, writer
    from db.records import ArticleRecord, ClaimRecord
    with connection(db) as con:
        writer.upsert_entities(con, [])
        for aid, pub, subject, value in (("a", "Pub A", "Colossus Memphis", 100000.0), ("b", "Pub B", "xAI Colossus", 200000.0)):
            art = ArticleRecord(aid, f"http://x/{aid}", "t", pub, "h", "v", published_at=datetime(2024, 9, 3, tzinfo=timezone.utc))
            writer.save_extraction(con, art, [ClaimRecord(subject, "gpu_count", "count", "actual", "q", 0, 1, "v",
                                                           value=value, low=value, high=value)])
    assert run("entities", "add", "xAI Colossus", "--id", "xai-colossus", "--db", str(db)).returncode == 0
    before = invoke("sql", "SELECT count(*) AS n FROM contradictions", "--db", str(db), "--format", "json")
    assert json.loads(before.stdout)["n"] == 0, "different names, not yet known to be the same cluster"
    r = invoke("entities", "alias", "Colossus Memphis", "xai-colossus", "--db", str(db))
    assert r.returncode == 0, r.stderr
    after = invoke("sql", "SELECT count(*) AS n FROM contradictions", "--db", str(db), "--format", "json")
    assert json.loads(after.stdout)["n"] == 1
    listing = invoke("entities", "list", "--origin", "user", "--db", str(db))
    assert "xai-colossus" in listing.stdout and "colossus memphis" in listing.stdout
    bad = invoke("entities", "alias", "X", "no-such-id", "--db", str(db))
    assert bad.returncode == 2 and "no entity with id no-such-id" in bad.stderr


def test_settings_command_lists_and_changes_the_window(tmp_path):
    db = tmp_path / "s.duckdb"
    from datetime import datetime, timezone
    from db import connection, writer
    from db.records import ArticleRecord, ClaimRecord
    with connection(db) as con:
        for aid, pub, day, value in (("a", "Pub A", 3, 100000.0), ("b", "Pub B", 28, 200000.0)):
            art = ArticleRecord(aid, f"http://x/{aid}", "t", pub, "h", "v", published_at=datetime(2024, 9, day, tzinfo=timezone.utc))
            writer.save_extraction(con, art, [ClaimRecord("xAI Colossus", "gpu_count", "count", "actual", "q", 0, 1, "v",
                                                           entity_id="xai-colossus", value=value)])
    listing = run("settings", "--db", str(db))
    assert listing.returncode == 0, listing.stderr
    assert "window_days" in listing.stdout and "tolerance_power" in listing.stdout
    count = lambda: json.loads(invoke("sql", "SELECT count(*) AS n FROM contradictions", "--db", str(db),
                                   "--format", "json").stdout)["n"]
    assert count() == 1, "25 days apart, within the default 30-day window"
    r = invoke("settings", "set", "window_days", "7", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert count() == 0
    bad = invoke("settings", "set", "window", "7", "--db", str(db))
    assert bad.returncode == 2 and "no setting 'window'" in bad.stderr
    assert invoke("settings", "set", "window_days", "soon", "--db", str(db)).returncode == 2
