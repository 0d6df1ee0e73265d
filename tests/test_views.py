"""Views and macros are defined once, in db/views.sql, and every database ends up with exactly those:
a new one, one upgraded from any older schema, and one whose views.sql changed since it was opened."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import duckdb
import pytest

from db import DatabaseError, connection, open_db, search, views, writer
from db.connection import migrations
from db.records import ArticleRecord, ClaimRecord

CREATED = re.compile(r"^CREATE (VIEW|MACRO) (\w+)\(?.*?( AS TABLE)?$", re.M)


def defined_in_views_sql() -> list[str]:
    """The names of views.sql's objects, as views.definitions() keys them, in the file's order."""
    return [{"VIEW": "view", "MACRO": "table_macro" if table else "macro"}[kind] + " " + name
            for kind, name, table in CREATED.findall(views.SQL)]


def comments(con) -> dict[str, str | None]:
    """The comment on every view and macro, keyed like views.definitions()."""
    rows = con.execute("SELECT 'view ' || view_name, comment FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
                       " UNION ALL SELECT DISTINCT function_type || ' ' || function_name, comment FROM duckdb_functions()"
                       " WHERE NOT internal AND schema_name = 'main' AND function_type IN ('macro', 'table_macro')").fetchall()
    return dict(rows)


def migrate_up_to(path, last: int) -> None:
    """A database as infratrack knew it at schema LAST: the migrations up to it and nothing else."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
    for number, sql in migrations():
        if number <= last:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [number])
    con.close()


def test_every_object_is_created_once_in_views_sql():
    names = defined_in_views_sql()
    assert len(names) > 30
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    # the file creates; replacing would hide a second definition
    assert not re.search(r"^CREATE OR REPLACE", views.SQL, re.M)


def test_no_migration_after_views_sql_defines_a_view_or_macro():
    later = [number for number, sql in migrations() if number >= 20 and CREATED.search(sql)]
    assert later == [], "define views and macros in db/views.sql, not in a migration"


def test_the_window_is_read_one_way():
    assert views.SQL.count("'window_days'") == 1
    assert "check_window_days()" in views.SQL


@pytest.mark.fresh_schema
def test_a_new_database_holds_exactly_the_objects_of_views_sql_with_comments(db_path):
    with connection(db_path) as con:
        held = views.definitions(con)
        described = comments(con)
    assert sorted(held) == sorted(defined_in_views_sql())
    assert [name for name, comment in described.items() if not comment] == []


@pytest.mark.fresh_schema
@pytest.mark.parametrize("old", [3, 4, 11, 16, 18])
def test_a_database_upgraded_from_an_old_schema_gets_the_same_definitions(tmp_path, old):
    fresh, upgraded = tmp_path / "fresh.duckdb", tmp_path / "upgraded.duckdb"
    with connection(fresh) as con:
        expected = views.definitions(con), comments(con)
    migrate_up_to(upgraded, old)
    with duckdb.connect(str(upgraded)) as con:
        assert views.definitions(con) != expected[0]  # the old schema had other definitions
    with connection(upgraded) as con:
        assert (views.definitions(con), comments(con)) == expected


def _two_rival_figures(con) -> None:
    for n, value in ((1, 100000.0), (2, 200000.0)):
        url = f"https://news{n}.example/colossus"
        writer.save_extraction(con, ArticleRecord(writer.page_id(url), url, "t", f"Publisher {n}", "h", "v1",
                                                  published_at=datetime(2024, 9, n, tzinfo=timezone.utc)),
                               [ClaimRecord("xAI Colossus", "gpu_count", "count", "actual", "q", 0, 1, "v1",
                                            entity_id="xai-colossus", value=value)])


def _take_stale_views(path) -> None:
    """What a database opened by an older infratrack holds: another views.sql, another tolerance
    rule, and pairs stored under it."""
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_views SET sha256 = 'an older views.sql'")
    con.execute("DROP MACRO tolerance_of")
    con.execute("CREATE MACRO tolerance_of(attr) AS 10.0")
    con.execute("CREATE VIEW left_behind AS SELECT 1 AS x")
    con.execute("DELETE FROM conflict_pairs")
    con.close()


def test_a_database_with_other_views_gets_these_and_its_stored_pairs_rebuilt(db_path):
    with connection(db_path) as con:
        _two_rival_figures(con)
        expected = views.definitions(con)
        assert con.execute("SELECT count(*) FROM conflict_pairs").fetchone()[0] == 1
    _take_stale_views(db_path)
    with connection(db_path) as con:
        assert views.definitions(con) == expected  # left_behind dropped, tolerance_of as views.sql says
        assert con.execute("SELECT sha256 FROM schema_views").fetchall() == [(views.DIGEST,)]
        assert con.execute("SELECT count(*) FROM conflict_pairs").fetchone()[0] == 1


def test_a_reader_refuses_a_database_with_other_views_until_it_is_opened_for_writing(db_path):
    open_db(db_path).close()
    _take_stale_views(db_path)
    with pytest.raises(DatabaseError, match="views differ"):
        open_db(db_path, read_only=True)
    open_db(db_path).close()
    open_db(db_path, read_only=True).close()


def test_an_unchanged_views_sql_is_not_applied_again(db_path):
    with connection(db_path) as con:
        applied_at = con.execute("SELECT applied_at FROM schema_views").fetchall()
        assert not views.apply(con)
        assert con.execute("SELECT applied_at FROM schema_views").fetchall() == applied_at


CHECK_READS = ["contradictions", "open_contradictions", "updates", "corroboration", "promises",
               "contradictions_within(7)", "contradictions_within(90)", "claim_facts", "entity_owners", "subject_countries"]


def check_results(con) -> dict[str, list[str]]:
    """Every row the check's views and each subject's macros give, comparable across definitions."""
    out = {name: sorted(map(repr, con.execute(f"SELECT * FROM {name}").fetchall())) for name in CHECK_READS}
    for subject, in con.execute("SELECT DISTINCT subject_key FROM claim_facts").fetchall():
        for macro in ("updates_of", "corroboration_of", "promises_of", "consensus_of"):
            out[f"{macro}({subject})"] = sorted(map(repr, con.execute(f"SELECT * FROM {macro}(?)", [subject]).fetchall()))
    return out


@pytest.mark.fresh_schema
# one history in `make test`, three in `make test-all`: each is 20 random steps of writes, 10-15 s
@pytest.mark.parametrize("seed", [0, *(pytest.param(seed, marks=pytest.mark.slow) for seed in (1, 2))])
def test_upgrading_from_schema_18_changes_no_result_of_the_check(db_path, seed):
    import random

    from test_stored_facts import ENTITIES, STEPS, _step

    migrate_up_to(db_path, 18)
    con = duckdb.connect(str(db_path))
    writer.upsert_entities(con, ENTITIES)
    rng = random.Random(seed)
    for step in range(STEPS):
        _step(con, rng, step)
    con.execute("DELETE FROM triage")  # verdicts move to the triage store on upgrade; kept apart here
    before = check_results(con)
    con.close()
    assert sum(len(before[name]) for name in ("contradictions", "corroboration")) > 0
    with connection(db_path) as con:
        assert check_results(con) == before


def test_a_changed_words_rule_rebuilds_the_search_index(db_path):
    with connection(db_path) as con:
        _two_rival_figures(con)
        con.execute("UPDATE articles SET text = 'Colossus runs GPUs'")
        con.execute("UPDATE articles SET title = 'Memphis'")
        search.rebuild(con)
        expected = sorted(con.execute("SELECT term, doc FROM search_terms").fetchall())
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE schema_views SET sha256 = 'an older views.sql'")
    con.execute("DROP MACRO search_words")
    con.execute("CREATE MACRO search_words(s) AS ['stale']")
    con.execute("DELETE FROM search_terms")
    con.execute("INSERT INTO search_terms VALUES ('stale', 1)")
    con.close()
    with connection(db_path) as con:
        assert sorted(con.execute("SELECT term, doc FROM search_terms").fetchall()) == expected
    assert any(term == "colossus" for term, _ in expected)
