"""A sources file that lists no source is a mistake to report, not a crawl that silently fetches nothing."""
from __future__ import annotations

import pytest

from cli_inprocess import invoke
from crawler.sources_file import add_source
from crawler import Source
from test_bad_input import assert_clean_failure

EMPTY = {
    "empty": "",
    "blank lines and comments": "\n# feeds go here\n\n",
    "defaults only": "[defaults]\nmax_age_days = 30\n",
    "empty source array": "source = []\n",
}


@pytest.mark.parametrize("command", ["crawl", "run"])
@pytest.mark.parametrize("body", EMPTY.values(), ids=EMPTY.keys())
def test_a_source_less_file_is_an_error_and_no_database_is_made(tmp_path, command, body):
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    db = tmp_path / "new.duckdb"
    r = invoke(command, "--sources", str(path), "--db", str(db))
    assert_clean_failure(r, 2, f"no sources in {path}")
    assert not db.exists()


def test_the_configured_or_local_file_is_checked_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources.toml").write_text("# nothing yet\n", encoding="utf-8")
    r = invoke("crawl", "--db", str(tmp_path / "new.duckdb"))
    assert_clean_failure(r, 2, "no sources in sources.toml")


def test_an_empty_file_can_still_be_filled(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text("", encoding="utf-8")
    add_source(path, Source("Feed", "feed", "https://feeds.example/ai.xml"))
    assert "https://feeds.example/ai.xml" in path.read_text(encoding="utf-8")
    r = invoke("sources", "list", "--sources", str(path))
    assert r.returncode == 0, r.stderr
