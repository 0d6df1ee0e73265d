"""`infratrack export`: every table a researcher needs, and nothing created when the database cannot be opened."""
from __future__ import annotations

import duckdb
import pytest

from cli_inprocess import invoke


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from test_dashboard import build_demo_database

    return build_demo_database(tmp_path_factory)


def test_export_writes_every_table_a_researcher_needs(demo, tmp_path):
    out = tmp_path / "export"
    r = invoke("export", str(out), "--db", str(demo))
    assert r.returncode == 0, r.stderr
    names = {p.stem for p in out.iterdir()}
    assert {"pages", "fetches", "runs", "announcements", "warc_files", "robots", "sources", "frontier", "articles",
            "claims", "entities", "aliases", "claim_verdicts", "triage", "settings", "contradictions"} <= names
    with duckdb.connect() as con:
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{out / 'pages.parquet'}'").fetchall()]
        assert {"url", "canonical_url", "fetched_at", "content_hash", "page_kind", "warc_date"} <= set(columns)
        assert "html_gz" not in columns  # the raw HTML stays in the database and its bodies folder
        n_pages = con.execute(f"SELECT count(*) FROM '{out / 'pages.parquet'}'").fetchone()[0]
    with duckdb.connect(str(demo), read_only=True) as con:
        assert n_pages == con.execute("SELECT count(*) FROM pages").fetchone()[0] > 0


@pytest.mark.parametrize("kind", ["missing", "not_duckdb"])
def test_export_creates_nothing_when_the_database_cannot_be_opened(tmp_path, kind):
    db = tmp_path / "db.duckdb"
    if kind == "not_duckdb":
        db.write_text("not a database\n" * 100)
    out = tmp_path / "export" / "nested"
    r = invoke("export", str(out), "--db", str(db))
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "export").exists()
