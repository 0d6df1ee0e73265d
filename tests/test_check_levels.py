"""The check of schema 14 (issue 16): claims are compared level by level and unit by unit, a
context-dependent alias resolves nothing on its own, consensus marks contested values, updates
are changes of one subject over time, and reference rows are checked but never shown as articles."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from db import connection, reader, writer
from db.records import ArticleRecord, ClaimRecord, EntityRecord
from infratrack.pipeline import import_epoch
from infratrack.report import summary_lines

SAMPLE = Path(__file__).parent / "fixtures" / "epoch_sample.csv"

ENTITIES = [EntityRecord("stargate", "Stargate", "programme", "openai"),
            EntityRecord("stargate-abilene", "Stargate Abilene", "site", "stargate"),
            EntityRecord("stargate-korea", "Stargate Korea", "site", "stargate", context_aliases=("Stargate",)),
            EntityRecord("xai-colossus", "xAI Colossus", "cluster", "xai"),
            EntityRecord("xai-colossus-phase-1", "xAI Colossus Phase 1", "phase", "xai-colossus", "discovered"),
            EntityRecord("openai", "OpenAI", "company")]


def article(aid: str, publisher: str, day: date) -> ArticleRecord:
    return ArticleRecord(aid, f"http://{publisher.lower().replace(' ', '-')}.example/{aid}", "text", publisher,
                         "h-" + aid, "v1", published_at=datetime(day.year, day.month, day.day, tzinfo=timezone.utc))


def figure(value, *, attribute="gpu_count", unit="count", subject="Stargate", entity="stargate", kind=None,
           modality="actual") -> ClaimRecord:
    return ClaimRecord(subject, attribute, unit, modality, f"It counts {value}.", 0, 10, "v1", entity_id=entity,
                       value=value, low=value, high=value, entity_kind=kind)


def text_claim(attribute: str, text: str, *, subject="Stargate", entity="stargate", kind=None) -> ClaimRecord:
    return ClaimRecord(subject, attribute, "place" if attribute == "location" else "date", "actual",
                       f"It is {text}.", 0, 10, "v1", entity_id=entity, value_text=text, entity_kind=kind)


def store(db_path, rows):
    with connection(db_path) as con:
        writer.upsert_entities(con, ENTITIES)
        for art, claims in rows:
            writer.save_extraction(con, art, claims)


def conflicts(db_path):
    return reader.contradictions(db_path).records()


# -- levels ---------------------------------------------------------------------------------------

def test_a_programme_total_is_never_compared_with_one_sites_figure(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 1, 22)), [figure(10000, attribute="power", unit="MW")]),
                    (article("b", "Pub B", date(2025, 1, 23)),
                     [figure(1200, attribute="power", unit="MW", subject="Stargate Abilene", entity="stargate-abilene")])])
    assert conflicts(db_path) == []
    # two programme figures may be of different scopes (the target, what is planned so far): only
    # a slip makes them rivals (schema 16)
    store(db_path, [(article("c", "Pub C", date(2025, 1, 24)), [figure(7000, attribute="power", unit="MW")])])
    assert conflicts(db_path) == []
    store(db_path, [(article("d", "Pub D", date(2025, 1, 25)), [figure(7e6, attribute="power", unit="MW")])])
    rows = conflicts(db_path)
    assert {frozenset((r["value_a"], r["value_b"])) for r in rows} == {frozenset((7000.0, 7e6))}
    [row] = rows
    assert row["kind"] == "unit_slip"
    assert (row["level_a"], row["level_b"]) == ("programme", "programme") and "level programme" in row["why"]


def test_a_bare_name_shared_by_a_sites_context_alias_stays_the_programme(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 1, 22)), [text_claim("location", "Abilene, Texas, US")]),
                    (article("b", "Pub B", date(2025, 1, 23)), [text_claim("location", "Lordstown, Ohio, US")])])
    key = reader.query(db_path, "SELECT DISTINCT subject_key FROM stored_claim_facts").rows
    assert key == [("stargate",)], "the programme's name is not the Korean site's"
    assert reader.query(db_path, "SELECT entity_id FROM aliases WHERE alias = 'stargate'").rows == [("stargate",)]
    assert conflicts(db_path) == [], "a programme stands in many places"


def test_an_alias_stored_by_an_older_registry_is_taken_back(db_path):
    with connection(db_path) as con:
        writer.upsert_entities(con, [EntityRecord("stargate-korea", "Stargate Korea", "site", "stargate",
                                                  aliases=("Stargate",))])
        assert con.execute("SELECT entity_id FROM aliases WHERE alias = 'stargate'").fetchall() == [("stargate-korea",)]
    store(db_path, [(article("a", "Pub A", date(2025, 1, 22)), [figure(10000, attribute="power", unit="MW")])])
    assert reader.query(db_path, "SELECT subject_key FROM stored_claim_facts").rows == [("stargate",)]


def test_the_same_unresolved_name_read_at_two_levels_is_not_compared_where_figures_add_up(db_path):
    kw = dict(subject="Nimbus", entity=None)
    store(db_path, [(article("a", "Pub A", date(2025, 3, 1)), [figure(400000, kind="programme", **kw)]),
                    (article("b", "Pub B", date(2025, 3, 2)), [figure(50000, kind="site", **kw)])])
    assert conflicts(db_path) == []


def test_a_phase_and_its_whole_share_a_place_but_not_their_counts(db_path):
    phase = dict(subject="xAI Colossus Phase 1", entity="xai-colossus-phase-1")
    whole = dict(subject="xAI Colossus", entity="xai-colossus")
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [figure(100000, **phase), text_claim("location", "Memphis, Tennessee, US", **phase)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [figure(200000, **whole), text_claim("location", "Atlanta, Georgia, US", **whole)])])
    [row] = conflicts(db_path)
    assert row["attribute"] == "location" and {row["level_a"], row["level_b"]} == {"phase", "cluster"}


def test_a_company_has_no_one_opening_date(db_path):
    kw = dict(subject="OpenAI", entity="openai")
    store(db_path, [(article("a", "Pub A", date(2025, 1, 22)), [text_claim("online_date", "2025", **kw)]),
                    (article("b", "Pub B", date(2025, 1, 23)), [text_claim("online_date", "2027", **kw)])])
    assert conflicts(db_path) == []


def test_a_source_that_also_states_the_others_figure_speaks_of_several_things(db_path):
    kw = dict(attribute="power", unit="MW", subject="Stargate Abilene", entity="stargate-abilene")
    # one report gives a first building's 200 MW and the campus's 1.2 GW, another only the campus
    store(db_path, [(article("a", "Pub A", date(2025, 5, 1)), [figure(200, **kw), figure(1200, **kw)]),
                    (article("b", "Pub B", date(2025, 5, 2)), [figure(1200, **kw)])])
    assert conflicts(db_path) == []
    store(db_path, [(article("c", "Pub C", date(2025, 5, 3)), [figure(900, **kw)])])
    pairs = {frozenset((r["value_a"], r["value_b"])) for r in conflicts(db_path)}
    assert pairs == {frozenset((200.0, 900.0)), frozenset((1200.0, 900.0))}


def test_two_names_for_a_spot_inside_one_town_are_one_place(db_path):
    kw = dict(subject="Stargate Abilene", entity="stargate-abilene")
    store(db_path, [(article("a", "Pub A", date(2025, 5, 1)), [text_claim("location", "Crusoe campus, Abilene, Texas, US", **kw)]),
                    (article("b", "Pub B", date(2025, 5, 2)), [text_claim("location", "Lancium Clean Campus, Abilene, Texas, US", **kw)])])
    assert conflicts(db_path) == []
    store(db_path, [(article("c", "Pub C", date(2025, 5, 3)), [text_claim("location", "Amarillo, Texas, US", **kw)])])
    assert len(conflicts(db_path)) == 2, "another town is another place"


# -- units ----------------------------------------------------------------------------------------

def test_costs_in_two_currencies_are_never_compared(db_path):
    kw = dict(attribute="cost", subject="Stargate Abilene", entity="stargate-abilene")
    store(db_path, [(article("a", "Pub A", date(2025, 6, 1)), [figure(3e12, unit="JPY", **kw)]),
                    (article("b", "Pub B", date(2025, 6, 2)), [figure(2e10, unit="USD", **kw)])])
    assert conflicts(db_path) == []
    store(db_path, [(article("c", "Pub C", date(2025, 6, 3)), [figure(1.5e10, unit="USD", **kw)])])
    [row] = conflicts(db_path)
    assert row["unit"] == "USD" and {row["value_a"], row["value_b"]} == {2e10, 1.5e10}


# -- consensus and updates ------------------------------------------------------------------------

def test_consensus_marks_a_contested_value_and_its_range(db_path):
    kw = dict(subject="Stargate Abilene", entity="stargate-abilene")
    store(db_path, [(article("a", "Pub A", date(2025, 5, 1)), [figure(1200, attribute="power", unit="MW", **kw)]),
                    (article("b", "Pub B", date(2025, 5, 2)), [figure(1200, attribute="power", unit="MW", **kw)]),
                    (article("c", "Pub C", date(2025, 5, 3)), [figure(400000, **kw)])])
    rows = {r["attribute"]: r for r in reader.subject_consensus(db_path, "stargate-abilene").records()}
    assert not rows["power"]["contested"] and not rows["gpu_count"]["contested"]
    store(db_path, [(article("d", "Pub D", date(2025, 5, 4)), [figure(900, attribute="power", unit="MW", **kw)])])
    power = {r["attribute"]: r for r in reader.subject_consensus(db_path, "stargate-abilene").records()}["power"]
    assert power["contested"] and (power["low_value"], power["high_value"]) == (900.0, 1200.0)
    assert power["contested_claims"] == 3


def test_updates_hold_changes_of_one_subject_not_of_its_parts(db_path):
    phase = dict(subject="xAI Colossus Phase 1", entity="xai-colossus-phase-1")
    whole = dict(subject="xAI Colossus", entity="xai-colossus")
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [figure(100000, **phase)]),
                    (article("b", "Pub B", date(2025, 2, 18)), [figure(200000, **whole)])])
    assert reader.query(db_path, "SELECT * FROM updates").rows == [], "a whole is not a later state of its phase"
    store(db_path, [(article("c", "Pub C", date(2025, 6, 1)), [figure(230000, **whole)])])
    rows = reader.query(db_path, "SELECT subject_key, earlier_value, later_value FROM updates").rows
    assert rows == [("xai-colossus", 200000.0, 230000.0)]


# -- the reference import -------------------------------------------------------------------------

def test_reference_rows_are_checked_but_never_counted_or_listed_as_articles(db_path):
    import_epoch(db_path, SAMPLE.read_text(encoding="utf-8"), "sample.csv")
    store(db_path, [(article("n1", "Grid Weekly", date(2024, 9, 10)), [figure(300, attribute="power", unit="MW", subject="xAI Colossus Phase 1", entity="xai-colossus-phase-1")])])
    counts = reader.counts(db_path)
    assert counts["articles"] == 1 and counts["publishers"] == 1 and counts["reference_records"] == 4
    assert [r["article_id"] for r in reader.search_articles(db_path).records()] == ["n1"]
    assert reader.search_articles(db_path, "Colossus").records() == []
    assert reader.overview_counts(db_path)["articles"] == 1
    assert summary_lines(db_path)[0].startswith("Articles: 1 from 1 publishers") and "4 reference records" in summary_lines(db_path)[0]
    [row] = conflicts(db_path)
    assert {row["value_a"], row["value_b"]} == {150.0, 300.0}


def test_a_planned_reference_row_is_a_plan_of_today(db_path):
    import_epoch(db_path, SAMPLE.read_text(encoding="utf-8"), "sample.csv")
    today = datetime.now(timezone.utc).date()
    rows = reader.query(db_path, "SELECT DISTINCT modality, as_of_effective FROM stored_claim_facts "
                                 "WHERE subject_key = 'meta-hyperion'").rows
    assert rows == [("planned", today)]
    with connection(db_path) as con:
        writer.save_extraction(con, article("n1", "Grid Weekly", today),
                               [figure(2000, attribute="power", unit="MW", subject="Meta Hyperion", entity="meta-hyperion",
                                       modality="planned")])
    [row] = conflicts(db_path)
    assert {row["value_a"], row["value_b"]} == {5000.0, 2000.0} and row["modality"] == "planned"


def _undated(aid: str, publisher: str) -> ArticleRecord:
    return ArticleRecord(aid, f"http://{publisher.lower().replace(' ', '-')}.example/{aid}", "text", publisher,
                         "h-" + aid, "v1", published_at=None)


def test_an_undated_figure_about_a_machine_is_compared(db_path):
    kw = dict(subject="Leonardo", entity="leonardo", kind="system")
    store(db_path, [(_undated("a", "Pub A"), [figure(13824, **kw)]),
                    (article("b", "Pub B", date(2023, 6, 1)), [figure(14336, **kw)])])
    rows = conflicts(db_path)
    assert len(rows) == 1 and rows[0]["days_apart"] is None


def test_an_undated_figure_about_an_owner_is_compared_with_nothing(db_path):
    kw = dict(subject="OpenAI", entity="openai", kind="company", attribute="power", unit="MW")
    store(db_path, [(_undated("a", "Pub A"), [figure(10000, **kw)]),
                    (article("b", "Pub B", date(2025, 10, 6)), [figure(6000, **kw)])])
    assert conflicts(db_path) == []


def test_an_undated_owners_figure_a_thousand_times_another_is_a_unit_slip(db_path):
    kw = dict(subject="CloudHQ", entity="cloudhq", kind="company", attribute="cost", unit="USD", modality="planned")
    store(db_path, [(_undated("a", "Pub A"), [figure(4.8e12, **kw)]),
                    (article("b", "Pub B", date(2025, 9, 25)), [figure(4.8e9, **kw)])])
    rows = conflicts(db_path)
    assert [r["kind"] for r in rows] == ["unit_slip"]
