"""The stored contradiction tables against the reference, on randomised histories of writes.

The reference is the rules' one definition (conflicts_of, db/views.sql) run over the base tables
(claim_facts_to_store) instead of the stored ones: contradictions (read from conflict_pairs) must
always hold exactly its pairs, for the settings' window and for others; stored_claim_facts exactly
the rows of its defining view; and updates, corroboration and promises exactly the rows their
macros give over the base tables. Each seed below plays a random history
of the writes infratrack makes (articles stored, replaced and emptied, pages marked as copies,
aliases and entities edited, settings changed through infratrack and behind its back, triage,
failed writes, batches in one transaction) and checks both after every step."""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone

import duckdb
import pytest

from db import connection, disputes, open_db, reader, transaction, writer
from db import views
from db.connection import migrations
from db.records import ArticleRecord, ClaimRecord, EntityRecord, PageRecord

# One seed in `make test`, all eight in `make test-all`: each history takes some 10-40 s of DuckDB work
SEEDS = [seed if seed == 0 else pytest.param(seed, marks=pytest.mark.slow) for seed in range(8)]
STEPS = 20
DAYS = 60  # dates spread over two months: most pairs fall within some window
START = date(2024, 9, 1)

ENTITIES = [
    EntityRecord("xai-colossus", "xAI Colossus", "cluster", aliases=("colossus memphis",)),
    EntityRecord("xai-colossus-phase-1", "xAI Colossus Phase 1", "phase", "xai-colossus"),
    EntityRecord("xai-colossus-phase-2", "xAI Colossus Phase 2", "phase", "xai-colossus"),
    EntityRecord("stargate-abilene", "Stargate Abilene", "site"),
]
# (subject as written, entity_id the extractor gave): known names, phases, aliases, unknown names
SUBJECTS = [("xAI Colossus", "xai-colossus"), ("Colossus Memphis", None), ("xAI Colossus Phase 1", "xai-colossus-phase-1"),
            ("xAI Colossus Phase 2", "xai-colossus-phase-2"), ("Stargate Abilene", "stargate-abilene"),
            ("Abilene campus", None), ("Memphis supercluster", None)]
PUBLISHERS = ["Data Center Dynamics", "Tom's Hardware", "The Information", "Le Monde Informatique"]
ARTICLES = 10
SETTINGS = {"window_days": [0, 7, 30, 30, 90, 90], "tolerance_count": [0.0, 0.05, 0.3],
            "tolerance_power": [0.0, 0.15, 0.5], "tolerance_default": [0.1, 0.4]}


def _url(n: int) -> str:
    return f"https://news{n}.example/story"


def _aid(n: int) -> str:
    """Article ids are page ids, so pages stored for them change their claims' copy links."""
    return writer.page_id(_url(n))


def _claim(rng: random.Random, n: int, k: int) -> ClaimRecord:
    # mostly one family and one attribute, so that pairs are frequent
    subject, entity = rng.choice(SUBJECTS[:4] * 3 + SUBJECTS)
    attribute = rng.choice(["gpu_count", "gpu_count", "gpu_count", "power", "cost"])
    value = rng.choice([100.0, 120.0, 150.0, 1000.0, 100000.0, 104000.0, 200000.0])
    low, high = rng.choice([(value, value), (value * 0.95, value * 1.05), (value, None), (None, value)])
    as_of = rng.choice([None, START + timedelta(days=rng.randrange(DAYS))])
    return ClaimRecord(subject, attribute, "count", rng.choice(["actual", "actual", "actual", "planned", "reported"]),
                       f"Claim {k} of article {n}: {value:g}.", k, k + 5, "v1", entity_id=entity,
                       hardware=rng.choice([None, "H100", "H100", "H100", "H200"]) if attribute == "gpu_count" else None,
                       value=value, low=low, high=high, as_of=as_of)


def _article(rng: random.Random, n: int) -> ArticleRecord:
    day = START + timedelta(days=rng.randrange(DAYS))
    return ArticleRecord(_aid(n), _url(n), "text", rng.choice(PUBLISHERS), f"h{n}-{rng.random()}", "v1",
                         published_at=datetime(day.year, day.month, day.day, tzinfo=timezone.utc), title=f"Story {n}")


def _save(con, rng: random.Random) -> str:
    n = rng.randrange(ARTICLES)
    found = [] if rng.random() < 0.8 else [EntityRecord(f"new-{rng.randrange(3)}", "Memphis supercluster",
                                                        rng.choice(["cluster", "phase"]), "xai-colossus", "discovered")]
    writer.save_extraction(con, _article(rng, n), [_claim(rng, n, k) for k in range(rng.randrange(1, 6))], entities=found)
    return f"save article {n}"


def _step(con, rng: random.Random, step: int) -> str:
    """One random write; returns what it did, for the failure message. The first steps store
    articles, so that later edits have claims and pairs to act on."""
    roll = rng.random() if step >= 5 else 0.0
    if roll < 0.4:
        return _save(con, rng)
    if roll < 0.47:
        n = rng.randrange(ARTICLES)
        writer.save_extraction(con, None, [], page_url_hash=_aid(n))
        return f"empty article {n}"
    if roll < 0.55:
        n, other = rng.randrange(ARTICLES), rng.randrange(ARTICLES)
        copies = rng.choice([(None, None), (_aid(other), None), (None, _aid(other))])
        writer.save_page(con, PageRecord(_url(n), f"<p>{rng.random()}</p>"), copies=copies)
        return f"page {n} copies {copies}"
    if roll < 0.62:
        alias, entity = rng.choice(SUBJECTS)[0], rng.choice(ENTITIES).entity_id
        writer.add_alias(con, alias, entity)
        return f"alias {alias!r} -> {entity}"
    if roll < 0.69:
        e = rng.choice(ENTITIES)
        kind, parent = rng.choice([("phase", "xai-colossus"), ("phase", "stargate-abilene"), ("cluster", None)])
        writer.upsert_entities(con, [EntityRecord(e.entity_id, e.name, kind, parent, "user")])
        return f"entity {e.entity_id} {kind} of {parent}"
    if roll < 0.77:
        key = rng.choice(list(SETTINGS))
        value = rng.choice(SETTINGS[key])
        if rng.random() < 0.5:
            writer.set_setting(con, key, value)
            return f"set {key} = {value}"
        con.execute("UPDATE settings SET value = ? WHERE key = ?", [value, key])
        return f"raw UPDATE {key} = {value}"
    if roll < 0.84:
        pairs = con.execute("SELECT claim_a, claim_b FROM contradictions").fetchall()
        if pairs:
            a, b = rng.choice(pairs)
            con.execute("INSERT OR REPLACE INTO triage VALUES (?, ?, ?, NULL, 'n', now())",
                        [a, b, rng.choice(["confirmed", "dismissed"])])
        return "triage"
    if roll < 0.92:
        with transaction(con):
            done = [_save(con, rng) for _ in range(rng.randrange(2, 5))]
        return "batch: " + "; ".join(done)
    n = rng.randrange(ARTICLES)
    bad = ClaimRecord("xAI Colossus", "not_an_attribute", "count", "actual", "q", 0, 1, "v1", value=1.0)
    with pytest.raises(duckdb.Error):
        writer.save_extraction(con, _article(rng, n), [_claim(rng, n, 0), bad])
    return f"failed write of article {n}"


def _rows(con, sql: str, params: list | None = None) -> list[tuple]:
    # repr sorts rows holding NULLs, dates and floats alike; equal rows give equal reprs
    return sorted(con.execute(sql, params or []).fetchall(), key=repr)


# the columns contradictions adds to a pair at read time
VERDICT_COLUMNS = "settled_by, status, correct_value, note"


def reference_pairs(con, window: str = "check_window_days()") -> list[tuple]:
    """The contradicting pairs under WINDOW, computed now from the base tables."""
    return _rows(con, f"SELECT * EXCLUDE (pair_group) FROM conflicts_of('claim_facts_to_store', {window}, NULL)")


def assert_tables_match_reference(con) -> None:
    """The stored tables and the views read from them equal what the base tables give now."""
    assert _rows(con, "SELECT * FROM stored_claim_facts") == _rows(con, "SELECT * FROM claim_facts_to_store")
    reference = reference_pairs(con)
    assert _rows(con, f"SELECT * EXCLUDE ({VERDICT_COLUMNS}) FROM contradictions") == reference
    if con.execute("SELECT conflict_pairs_current()").fetchone()[0]:
        assert _rows(con, "SELECT * EXCLUDE (pair_group) FROM conflict_pairs") == reference
        assert_dispute_tables_match_reference(con)
    # another window is paired from stored_claim_facts
    for window in (7, 90):
        assert _rows(con, f"SELECT * EXCLUDE ({VERDICT_COLUMNS}) FROM contradictions_within({window})") == \
            reference_pairs(con, str(window)), window


def assert_dispute_tables_match_reference(con) -> None:
    """claim_rivals, stored_disputes and dispute_series (migration 019) equal what the contradictions
    view gives, every pair counted and grouped as the Disputes page groups them with no filter."""
    assert _rows(con, "SELECT claim_id, rivals FROM claim_rivals") == _rows(con, """
        SELECT claim_id, count(*) FROM (SELECT claim_a AS claim_id FROM contradictions
                                        UNION ALL SELECT claim_b FROM contradictions) GROUP BY claim_id""")
    grouped = disputes._PAIRS.format(condition="TRUE", focal_rule=disputes._MORE_RIVALS)
    assert _rows(con, "SELECT focal, attribute, group_severity, pairs, newest FROM stored_disputes") == _rows(
        con, grouped + """, attributes AS (SELECT focal, any_value(attribute) AS attribute FROM assigned GROUP BY focal)
                          SELECT focal, attribute, group_severity, pairs, newest FROM groups JOIN attributes USING (focal)""")
    assert _rows(con, "SELECT subject_key, subject, attribute, sum(pairs) FROM dispute_series GROUP BY ALL") == _rows(
        con, "SELECT subject_key, subject, attribute, count(*) FROM contradictions GROUP BY ALL")
    # the groups are the unit a write refreshes: a claim's rows lie in its pair group
    assert con.execute("""SELECT count(*) FROM claim_rivals r JOIN stored_claim_facts f USING (claim_id)
                          WHERE r.pair_group <> f.pair_group""").fetchone()[0] == 0


def create_reference_views(con) -> None:
    """updates, corroboration and promises as db/views.sql defines them, computed from the base
    tables (claim_facts_to_store) instead of stored_claim_facts, as reference_*."""
    for name in ("updates", "corroboration", "promises"):
        body = re.search(rf"CREATE MACRO {name}_of\(only_subject\) AS TABLE\n(.*?);\n", views.SQL, re.S).group(1)
        body = body.replace("stored_claim_facts", "claim_facts_to_store").replace("only_subject", "CAST(NULL AS VARCHAR)")
        con.execute(f"CREATE OR REPLACE TEMP VIEW reference_{name} AS {body}")


def assert_views_match_reference(con) -> None:
    """The views read from stored_claim_facts, and each subject's macro, equal their definitions over the base tables."""
    create_reference_views(con)
    subjects = [r[0] for r in con.execute("SELECT DISTINCT subject_key FROM claim_facts").fetchall()]
    for name, key in (("updates", "subject_key"), ("corroboration", "claim_id"), ("promises", "subject_key")):
        reference = _rows(con, f"SELECT * FROM reference_{name}")
        assert _rows(con, f"SELECT * FROM {name}") == reference, name
        for subject in subjects:
            # corroboration has no subject_key column: its rows are found by their claims
            mine = _rows(con, f"SELECT * FROM {name}_of(?)", [subject])
            if key == "claim_id":
                ids = {r[0] for r in con.execute("SELECT claim_id FROM claim_facts WHERE subject_key = ?", [subject]).fetchall()}
                assert mine == [r for r in reference if r[0] in ids], (name, subject)
            else:
                assert mine == [r for r in reference if r[0] == subject], (name, subject)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_histories_keep_the_tables_equal_to_the_reference(db_path, seed):
    rng = random.Random(seed)
    pairs_seen = 0
    with connection(db_path) as con:
        writer.upsert_entities(con, ENTITIES)
        for step in range(STEPS):
            done = _step(con, rng, step)
            try:
                assert_tables_match_reference(con)
            except AssertionError as exc:
                raise AssertionError(f"seed {seed}, step {step} ({done}): {exc}") from None
            pairs_seen += con.execute("SELECT count(*) FROM contradictions").fetchone()[0]
        every = _rows(con, "SELECT * FROM contradictions")
        assert _rows(con, "SELECT * FROM open_contradictions") == [r for r in every if r[-3] in ("open", "confirmed")]
        assert_views_match_reference(con)
    assert pairs_seen > 0, "a history without any contradiction checks nothing"


def _store_two_figures(con, days: tuple[int, int] = (1, 2)) -> None:
    """100,000 and 200,000 GPUs in Colossus from two publishers, in September 2024 on DAYS."""
    for n, day in enumerate(days, 1):
        writer.save_extraction(con, ArticleRecord(f"a{n}", _url(n), "t", PUBLISHERS[n], "h", "v1",
                                                  published_at=datetime(2024, 9, day, tzinfo=timezone.utc)),
                               [ClaimRecord("xAI Colossus", "gpu_count", "count", "actual", "q", 0, 1, "v1",
                                            entity_id="xai-colossus", value=100000.0 * n)])


def test_the_tables_are_not_trivially_equal(db_path):
    """The check above can fail: a pair the writers did not store is seen."""
    with connection(db_path) as con:
        _store_two_figures(con)
        assert_tables_match_reference(con)
        con.execute("DELETE FROM conflict_pairs")  # what a writer forgetting to refresh would leave
        with pytest.raises(AssertionError):
            assert_tables_match_reference(con)


def test_the_dispute_tables_are_not_trivially_equal(db_path):
    """The dispute tables' check can fail: a dispute the writers did not store is seen."""
    with connection(db_path) as con:
        _store_two_figures(con)
        assert con.execute("SELECT count(*) FROM stored_disputes").fetchone()[0] == 1
        assert_dispute_tables_match_reference(con)
        con.execute("DELETE FROM stored_disputes")
        with pytest.raises(AssertionError):
            assert_dispute_tables_match_reference(con)


def test_settings_changed_behind_infratracks_back_are_read_live_then_stored(db_path):
    with connection(db_path) as con:
        _store_two_figures(con, days=(3, 28))
        con.execute("UPDATE settings SET value = 7 WHERE key = 'window_days'")
        assert not con.execute("SELECT conflict_pairs_current()").fetchone()[0]
        assert con.execute("SELECT count(*) FROM contradictions").fetchone()[0] == 0  # 25 days apart
        assert con.execute("SELECT count(*) FROM conflict_pairs").fetchone()[0] == 1  # stored under 30 days
        writer.set_setting(con, "window_days", 30)
        assert con.execute("SELECT conflict_pairs_current()").fetchone()[0]
        assert con.execute("SELECT count(*) FROM contradictions").fetchone()[0] == 1
        with pytest.raises(KeyError):
            writer.set_setting(con, "no_such_setting", 1)


def test_a_version_4_database_gets_its_tables_filled_by_the_migration(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
    for number, sql in migrations():
        if number <= 4:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [number])
    # rows written by infratrack 4, which knew nothing of the derived tables
    con.execute("INSERT INTO entities VALUES ('xai-colossus', 'xAI Colossus', 'cluster', NULL, 'registry')")
    con.execute("INSERT INTO aliases VALUES ('colossus memphis', 'xai-colossus')")
    for n, (publisher, subject, value) in enumerate([("Pub A", "xAI Colossus", 100000), ("Pub B", "Colossus Memphis", 200000),
                                                     ("Pub C", "xAI Colossus", 150000)]):
        con.execute("INSERT INTO articles VALUES (?, ?, NULL, NULL, ?, NULL, ?, 'en', 't', 'h', 'v4', now())",
                    [f"a{n}", _url(n), publisher, datetime(2024, 9, 3 + n, tzinfo=timezone.utc)])
        con.execute("INSERT INTO claims VALUES (?, ?, ?, ?, 'gpu_count', 'H100', ?, ?, ?, NULL, 'count', 'actual', NULL, "
                    "NULL, 'en', 'q', 0, 1, 'v4')",
                    [f"c{n}", f"a{n}", subject, "xai-colossus" if subject == "xAI Colossus" else None, value, value, value])
    con.execute("INSERT INTO triage VALUES ('c0', 'c1', 'dismissed', NULL, 'kept across the upgrade', now())")
    con.close()

    with connection(db_path) as con:
        assert con.execute("SELECT count(*) FROM conflict_pairs").fetchone()[0] == 3
        assert_tables_match_reference(con)
    # the verdict moved to the triage store with the upgrade, and every reader still sees it
    assert reader.query(db_path, "SELECT status FROM contradictions WHERE claim_a = 'c0' AND claim_b = 'c1'").rows == [
        ("dismissed",)]


def test_a_read_only_connection_reads_the_stored_pairs(db_path):
    with connection(db_path) as con:
        _store_two_figures(con)
        expected = reference_pairs(con)
    con = open_db(db_path, read_only=True)
    try:
        assert con.execute("SELECT conflict_pairs_current()").fetchone()[0]
        assert _rows(con, f"SELECT * EXCLUDE ({VERDICT_COLUMNS}) FROM contradictions") == expected and len(expected) == 1
    finally:
        con.close()
