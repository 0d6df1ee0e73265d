"""Schema, migrations, idempotent writes and the contradiction semantics, on real DuckDB files."""
from __future__ import annotations

from datetime import date, datetime, timezone

import duckdb
import pytest

from db import DatabaseError, SCHEMA_VERSION, connection, open_db, reader, writer
from db.connection import migrations
from db.records import ArticleRecord, ClaimRecord, PageRecord


def article(aid: str, publisher: str, day: date, text: str = "text") -> ArticleRecord:
    return ArticleRecord(aid, f"http://example.com/{aid}", text, publisher, "h-" + aid, "v1",
                         published_at=datetime(day.year, day.month, day.day, tzinfo=timezone.utc), lang="en")


_POINT = object()


def claim(value, *, attribute="gpu_count", subject="xAI Colossus", entity="xai-colossus", hardware="H100",
          modality="actual", low=_POINT, high=_POINT, as_of=None, quote=None) -> ClaimRecord:
    low = value if low is _POINT else low
    high = value if high is _POINT else high
    return ClaimRecord(subject, attribute, "count", modality, quote or f"It has {value}.", 0, 10, "v1",
                       entity_id=entity, hardware=hardware, value=value, low=low, high=high, as_of=as_of)


def store(db_path, rows):
    with connection(db_path) as con:
        for art, claims in rows:
            writer.save_extraction(con, art, claims)


def conflicts(db_path):
    return reader.contradictions(db_path).records()


@pytest.mark.fresh_schema
def test_migrations_create_schema_and_record_version(db_path):
    with connection(db_path) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    with connection(db_path) as con:  # reopening applies nothing twice (numbers may have gaps)
        assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(migrations())


@pytest.mark.fresh_schema
def test_every_table_and_column_has_a_comment(db_path):
    with connection(db_path) as con:
        missing_cols = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal "
            "AND table_name IN (SELECT table_name FROM duckdb_tables()) AND table_name <> 'schema_version' "
            "AND (comment IS NULL OR comment = '')").fetchall()
        missing_tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'schema_version' AND (comment IS NULL OR comment = '')"
        ).fetchall()
    assert missing_cols == []
    assert missing_tables == []


def test_newer_schema_is_refused_without_touching_the_file(db_path):
    open_db(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION + 1])
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="newer"):
        open_db(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_duckdb_gets_a_clear_error_and_is_left_alone(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(DatabaseError, match="notes.duckdb"):
        open_db(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_save_page_reports_new_unchanged_changed(db_path):
    with connection(db_path) as con:
        assert writer.save_page(con, PageRecord("http://x/a", "<p>1</p>")).status == "new"
        assert writer.save_page(con, PageRecord("http://x/a", "<p>1</p>")).status == "unchanged"
        assert writer.save_page(con, PageRecord("http://x/a", "<p>2</p>")).status == "changed"
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
        assert len(list(writer.pages_to_extract(con))) == 1


def test_re_extraction_replaces_claims_and_keeps_their_ids(db_path):
    a = article("a1", "Pub A", date(2024, 9, 3))
    store(db_path, [(a, [claim(100000)])])
    ids1 = reader.query(db_path, "SELECT claim_id FROM claims").rows
    store(db_path, [(a, [claim(100000)])])
    ids2 = reader.query(db_path, "SELECT claim_id FROM claims").rows
    assert ids1 == ids2 and len(ids1) == 1


def test_a_failed_extraction_write_leaves_the_previous_claims(db_path):
    a = article("a1", "Pub A", date(2024, 9, 3))
    store(db_path, [(a, [claim(100000)])])
    bad = ClaimRecord("xAI Colossus", "not_an_attribute", "count", "actual", "q", 0, 1, "v2", value=1.0)
    with connection(db_path) as con, pytest.raises(duckdb.Error):
        writer.save_extraction(con, a, [claim(5), bad])
    assert reader.query(db_path, "SELECT value FROM claims").rows == [(100000.0,)]


def test_disagreeing_publishers_at_the_same_time_conflict(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2024, 9, 10)), [claim(200000)])])
    rows = conflicts(db_path)
    assert len(rows) == 1
    assert {rows[0]["value_a"], rows[0]["value_b"]} == {100000, 200000}
    assert rows[0]["severity"] == 0.5


def test_a_later_update_outside_the_window_is_not_a_conflict(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2025, 2, 18)), [claim(200000)])])
    assert conflicts(db_path) == []


def test_the_window_is_a_setting(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2024, 11, 1)), [claim(200000)])])
    assert conflicts(db_path) == []
    with connection(db_path) as con:
        con.execute("UPDATE settings SET value = 90 WHERE key = 'window_days'")
    assert len(conflicts(db_path)) == 1


def test_plan_versus_actual_is_not_a_conflict(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(200000, modality="planned")])])
    assert conflicts(db_path) == []


def test_same_publisher_is_not_an_independent_source(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub A", date(2024, 9, 4)), [claim(200000)])])
    assert conflicts(db_path) == []


def test_part_and_whole_with_different_hardware_do_not_conflict(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(200000, hardware=None, modality="planned")]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(50000, hardware="H200", modality="planned")])])
    assert conflicts(db_path) == []


def test_a_rounded_figure_covers_what_it_rounds_and_exact_figures_do_not(db_path):
    # Until schema 12 one tolerance per attribute (5% for counts) held 98,000 and 102,000 together;
    # issue 16 showed that this hides real disagreements between figures stated to the thousand.
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000, low=95000, high=105000)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(98000)])])
    assert conflicts(db_path) == [], "about 100,000 covers 98,000"
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [claim(102000)])])
    rows = conflicts(db_path)
    assert [{r["value_a"], r["value_b"]} for r in rows] == [{98000, 102000}], "two figures to the thousand, 4% apart"
    store(db_path, [(article("d", "Pub D", date(2024, 9, 6)), [claim(120000)])])
    assert len(conflicts(db_path)) == 4, "120,000 is beyond about-100k, 98,000 and 102,000"


def test_open_bounds_only_constrain_one_side(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000, low=100000, high=None)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(200000)])])
    assert conflicts(db_path) == [], "'over 100,000' agrees with 200,000"
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [claim(50000)])])
    rows = conflicts(db_path)
    assert {(r["value_a"], r["value_b"]) for r in rows} <= {(100000, 50000), (50000, 100000), (200000, 50000), (50000, 200000)}
    assert any({r["value_a"], r["value_b"]} == {100000, 50000} for r in rows), "'over 100,000' contradicts 50,000"


def test_power_figures_are_compared_at_their_stated_precision(db_path):
    # 150 and 165 MW agreed under the old 15% power tolerance; two figures stated to the megawatt
    # 10% apart are a disagreement (issue 16), while 150 (to the ten) covers 155.
    p = dict(attribute="power", hardware=None)
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(150, **p)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(155, **p)])])
    assert conflicts(db_path) == []
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [claim(300, **p)])])
    assert len(conflicts(db_path)) == 2
    store(db_path, [(article("d", "Pub D", date(2024, 9, 6)), [claim(165, **p)])])
    assert len(conflicts(db_path)) == 5, "165 disagrees with 150, 155 and 300"


# -- timelines, agreement, plans, copies ------------------------------------------------------

def test_updates_view_lists_a_later_change_as_a_timeline(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000, hardware=None)]),
                    (article("b", "Pub B", date(2025, 2, 18)), [claim(200000, hardware=None)])])
    rows = reader.query(db_path, "SELECT earlier_value, later_value, change FROM updates").rows
    assert rows == [(100000.0, 200000.0, 1.0)]
    assert conflicts(db_path) == []


def test_corroboration_counts_independent_agreeing_publishers(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2024, 9, 5)), [claim(101000)]),
                    (article("c", "Pub C", date(2024, 9, 6)), [claim(100000)]),
                    (article("d", "Pub D", date(2024, 9, 7)), [claim(200000)])])
    rows = dict(reader.query(db_path, "SELECT value, max(corroborating_publishers) FROM corroboration GROUP BY value").rows)
    assert rows == {100000.0: 2, 101000.0: 2, 200000.0: 0}


def test_promises_pair_a_plan_with_the_later_fact(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(200000, hardware=None, modality="planned")]),
                    (article("b", "Pub B", date(2025, 2, 18)), [claim(200000, hardware=None)]),
                    (article("c", "Pub C", date(2025, 3, 1)), [claim(150000, hardware=None)])])
    rows = sorted(reader.query(db_path, "SELECT actual_value, kept FROM promises").rows)
    assert rows == [(150000.0, False), (200000.0, True)]


def test_a_syndicated_copy_is_not_an_independent_source(db_path):
    from db.records import PageRecord
    with connection(db_path) as con:
        writer.save_page(con, PageRecord("http://wire/a", "<p>original</p>"))
        writer.save_page(con, PageRecord("http://mirror/b", "<p>copy</p>"))
        original, copy = writer.page_id("http://wire/a"), writer.page_id("http://mirror/b")
        con.execute("UPDATE pages SET near_duplicate_of = ? WHERE url_hash = ?", [original, copy])
        writer.save_extraction(con, article(original, "Wire Service", date(2024, 9, 3)), [claim(100000)])
        writer.save_extraction(con, article(copy, "Mirror Daily", date(2024, 9, 3)), [claim(200000)])
    assert conflicts(db_path) == [], "a copy of the wire story cannot contradict it"
    rows = reader.query(db_path, "SELECT corroborating_publishers FROM corroboration").rows
    assert all(r[0] == 0 for r in rows)


def test_a_phase_is_checked_against_that_phase_only(db_path):
    # issue 16: the whole holds every phase, so "300,000" for the cluster does not contradict
    # "100,000" for its first phase; two reports of the same phase are rivals
    from db.records import EntityRecord
    with connection(db_path) as con:
        writer.upsert_entities(con, [EntityRecord("xai-colossus", "xAI Colossus", "cluster"),
                                     EntityRecord("xai-colossus-phase-1", "xAI Colossus Phase 1", "phase", "xai-colossus", "discovered"),
                                     EntityRecord("xai-colossus-phase-2", "xAI Colossus Phase 2", "phase", "xai-colossus", "discovered")])
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000, subject="xAI Colossus Phase 1", entity="xai-colossus-phase-1")]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(200000, subject="xAI Colossus Phase 2", entity="xai-colossus-phase-2")])])
    assert conflicts(db_path) == [], "two phases are two things"
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [claim(300000)])])
    assert conflicts(db_path) == [], "a figure about the whole is not a rival of a phase's"
    store(db_path, [(article("d", "Pub D", date(2024, 9, 6)), [claim(120000, subject="xAI Colossus Phase 1", entity="xai-colossus-phase-1")])])
    [row] = conflicts(db_path)
    assert {row["value_a"], row["value_b"]} == {100000.0, 120000.0}


def test_triage_status_shows_in_the_view_and_open_contradictions(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2024, 9, 10)), [claim(200000)])])
    [row] = conflicts(db_path)
    assert row["status"] == "open"
    with connection(db_path) as con:
        con.execute("INSERT INTO triage VALUES (?, ?, 'dismissed', NULL, 'same figure, misread', now())",
                    [row["claim_a"], row["claim_b"]])
    [row] = conflicts(db_path)
    assert (row["status"], row["note"]) == ("dismissed", "same figure, misread")
    assert reader.query(db_path, "SELECT count(*) FROM open_contradictions").rows == [(0,)]


def test_save_page_finds_copies_in_the_table(db_path):
    from crawler.fingerprint import fingerprint
    body = " ".join(f"Sentence {i} on the Colossus cluster and its Nvidia GPUs in Memphis." for i in range(40))
    original, near = f"<p>{body}</p>", "<p>" + body.replace("Sentence 3 ", "Phrase 3 ") + "</p>"
    fo, fn = fingerprint(original), fingerprint(near)
    with connection(db_path) as con:
        first = writer.save_page(con, PageRecord("http://a/1", original, text_hash=fo.text_hash, simhash=fo.simhash))
        same = writer.save_page(con, PageRecord("http://b/2", original, text_hash=fo.text_hash, simhash=fo.simhash))
        close = writer.save_page(con, PageRecord("http://c/3", near, text_hash=fn.text_hash, simhash=fn.simhash))
        canon = writer.save_page(con, PageRecord("http://d/4", "<p>x</p>", canonical_url="http://a/1"))
    pid = writer.page_id("http://a/1")
    assert (first.duplicate_of, first.near_duplicate_of) == (None, None)
    assert same.duplicate_of == pid
    assert (close.duplicate_of, close.near_duplicate_of) == (None, pid)
    assert canon.duplicate_of == pid


def test_save_pages_sorts_one_batch_into_new_changed_unchanged_and_copies(db_path):
    with connection(db_path) as con:
        writer.save_pages(con, [PageRecord("http://a/same", "<p>same</p>"), PageRecord("http://a/edited", "<p>v1</p>")])
        saved = writer.save_pages(con, [
            PageRecord("http://a/same", "<p>same</p>"),
            PageRecord("http://a/edited", "<p>v2</p>"),
            PageRecord("http://b/wire", "<p>wire story</p>", text_hash="t-wire"),
            PageRecord("http://c/reprint", "<p>wire story, reprinted</p>", text_hash="t-wire"),
        ])
        later = writer.save_page(con, PageRecord("http://d/another", "<p>wire story again</p>", text_hash="t-wire"))
        stored = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    wire = writer.page_id("http://b/wire")
    assert [s.status for s in saved] == ["unchanged", "changed", "new", "new"]
    assert saved[2].duplicate_of is None, "the first page of a text in a batch is the original"
    assert saved[3].duplicate_of == wire
    assert later.duplicate_of == wire, "the original is still the first page with that text"
    assert stored == 5


def test_enqueue_takes_more_urls_than_one_statement_holds(db_path):
    from db import crawl_state
    from db.bulk import CHUNK_ROWS
    from db.crawl_state import Discovered
    found = [Discovered(f"http://h{i % 7}/p/{i}.html", f"h{i % 7}", None, None, None) for i in range(CHUNK_ROWS * 2 + 3)]
    with connection(db_path) as con:
        first = crawl_state.enqueue(con, found)
        second = crawl_state.enqueue(con, found)
        queued = crawl_state.queued(con, len(found) + 10)
    assert first == {"queued": len(found), "known": 0, "requeued": 0}
    assert second == {"queued": 0, "known": len(found), "requeued": 0}
    assert [q.url for q in queued] == [d.url for d in found], "the listing order is the fetch order"


def test_enqueue_takes_a_url_listed_twice_once_as_first_listed(db_path):
    from db import crawl_state
    from db.crawl_state import Discovered
    found = [Discovered("http://h/a", "h", "feed-1", "en", None), Discovered("http://h/b", "h", None, None, None),
             Discovered("http://h/a", "h", "feed-2", "fr", None)]
    with connection(db_path) as con:
        counts = crawl_state.enqueue(con, found)
        rows = con.execute("SELECT url, source_id, lang_hint FROM frontier ORDER BY discovered_at").fetchall()
    assert counts == {"queued": 2, "known": 0, "requeued": 0}
    assert rows == [("http://h/a", "feed-1", "en"), ("http://h/b", None, None)]


def test_mark_many_keeps_the_last_state_of_a_url_and_counts_every_attempt(db_path):
    from db import crawl_state
    from db.crawl_state import Discovered
    with connection(db_path) as con:
        crawl_state.enqueue(con, [Discovered("http://h/a", "h", None, None, None), Discovered("http://h/b", "h", None, None, None)])
        crawl_state.mark_many(con, [("http://h/a", "queued", "timeout_read", True), ("http://h/b", "skipped", "robots_disallowed", False),
                                    ("http://h/a", "done", None, True)])
        rows = con.execute("SELECT url, state, last_reason, attempts FROM frontier ORDER BY url").fetchall()
    assert rows == [("http://h/a", "done", None, 2), ("http://h/b", "skipped", "robots_disallowed", 0)]


def test_a_source_listed_twice_ends_as_its_last_listing(db_path):
    from db.records import SourceRecord
    with connection(db_path) as con:
        ids = writer.upsert_sources(con, [SourceRecord("old name", "feed", "http://f/rss"), SourceRecord("seed", "seed", "http://s/1"),
                                          SourceRecord("new name", "feed", "http://f/rss", lang="fr")])
        rows = con.execute("SELECT name, lang FROM sources WHERE url = 'http://f/rss'").fetchall()
    assert ids[0] == ids[2] and len(set(ids)) == 2
    assert rows == [("new name", "fr")]


def test_a_run_stopped_while_a_transaction_was_left_open_is_still_marked(tmp_path):
    # Ctrl-C lands right after BEGIN, before the block that would roll it back is entered: the run's
    # closing row must not join the abandoned transaction and vanish with it
    db = tmp_path / "db.duckdb"
    with connection(db) as con:
        run_id = writer.start_run(con, "backfill")
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TABLE half_done (x INTEGER)")
        writer.end_stopped_run(con, run_id, "interrupted", "SIGINT (Ctrl-C)", {"files": {}})
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, error FROM runs").fetchall() == [("interrupted", "SIGINT (Ctrl-C)")]
        assert not con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'half_done'").fetchall()


def test_a_transaction_block_interrupted_just_after_begin_leaves_nothing_open(tmp_path):
    from db import transaction
    from db.connection import in_transaction

    with connection(tmp_path / "db.duckdb") as con:
        with pytest.raises(KeyboardInterrupt):
            with transaction(con):
                raise KeyboardInterrupt
        assert not in_transaction(con)
        con.execute("BEGIN TRANSACTION")  # would fail if the block had left its own open
        con.execute("ROLLBACK")


def test_loading_the_registry_again_writes_nothing_and_a_change_still_lands(db_path):
    # every run loads the registry (hundreds of entities, a statement per name): unchanged, it costs one read
    from db.records import EntityRecord
    from extract.page_rows import registry_entities

    registry = registry_entities()
    # two entries sharing a name: the later one keeps it, as a load entry by entry leaves it
    shared = [EntityRecord("one", "One", "cluster", aliases=("the shared name",)),
              EntityRecord("two", "Two", "cluster", aliases=("the shared name",))]
    everything = registry + shared

    def tables(con):
        return [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("entities", "aliases")]

    with connection(db_path) as con:
        assert writer.upsert_entities(con, everything) == len(everything)
        loaded = tables(con)
        assert ("the shared name", "two") in loaded[1]
        assert writer.upsert_entities(con, everything) == 0
        assert tables(con) == loaded
        con.execute("UPDATE aliases SET entity_id = 'one' WHERE alias = 'the shared name'")
        con.execute("UPDATE entities SET name = 'Renamed' WHERE entity_id = ?", [registry[0].entity_id])
        con.execute("DELETE FROM aliases WHERE alias = ?", [registry[1].name.lower()])
        assert writer.upsert_entities(con, everything) == len(everything)
        assert tables(con) == loaded


def test_announcing_reads_the_pairs_only_when_they_changed(db_path):
    # every run announces; at a million claims finding the new pairs among millions costs seconds,
    # and when the stored pairs were not refreshed since the last announcement none can be new
    from db import announcements

    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [claim(100000)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [claim(200000)])])
    with connection(db_path) as con:
        [first] = announcements.record_new(con, "run-1")
        assert announcements.record_new(con, "run-2") == []
        # a row lost behind infratrack's back shows the pairs were not read again ...
        con.execute("DELETE FROM announcements")
        assert announcements.record_new(con, "run-3") == []
        # ... until they are refreshed, or their settings changed outside infratrack (read whole then)
        con.execute("UPDATE stored_facts_state SET refreshed_at = refreshed_at + INTERVAL 1 SECOND")
        assert [r["conflict_id"] for r in announcements.record_new(con, "run-4")] == [first["conflict_id"]]
        con.execute("DELETE FROM announcements")
        con.execute("UPDATE settings SET value = value + 1 WHERE key = 'window_days'")
        assert len(announcements.record_new(con, "run-5")) == 1
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [claim(300000)])])
    with connection(db_path) as con:
        assert len(announcements.record_new(con, "run-6")) == 2  # c against a and against b
