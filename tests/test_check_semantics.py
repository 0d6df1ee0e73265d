"""The contradiction check of schema 12 (issue 16): stated precision, dates, places, timeless
attributes, copies, unit slips, why columns, verdicts on claims, deterministic views."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from db import connection, reader, triage, writer
from db.records import ArticleRecord, ClaimRecord, EntityRecord, PageRecord
from extract.claims import Claim, Period
from infratrack.cli import main
from extract.page_rows import claim_record


def article(aid: str, publisher: str, day: date) -> ArticleRecord:
    return ArticleRecord(aid, f"http://{publisher.lower().replace(' ', '-')}.example/{aid}", "text", publisher,
                         "h-" + aid, "v1", published_at=datetime(day.year, day.month, day.day, tzinfo=timezone.utc))


def figure(value, *, attribute="gpu_count", subject="xAI Colossus", entity="xai-colossus", modality="actual",
           low=None, high=None, point=True, quote=None) -> ClaimRecord:
    low = value if point and low is None else low
    high = value if point and high is None else high
    return ClaimRecord(subject, attribute, "count", modality, quote or f"The site runs {value} of them.", 0, 10, "v1",
                       entity_id=entity, value=value, low=low, high=high)


def online(iso: str, low: date | None, high: date | None, *, modality="planned", subject="Stargate Abilene",
           entity="stargate-abilene") -> ClaimRecord:
    return ClaimRecord(subject, "online_date", "date", modality, f"It opens in {iso}.", 0, 10, "v1",
                       entity_id=entity, value_text=iso, date_low=low, date_high=high)


def place(text: str, *, subject="Stargate Abilene", entity="stargate-abilene") -> ClaimRecord:
    return ClaimRecord(subject, "location", "place", "actual", f"It stands in {text}.", 0, 10, "v1",
                       entity_id=entity, value_text=text)


def store(db_path, rows, entities=()):
    with connection(db_path) as con:
        writer.upsert_entities(con, list(entities))
        for art, claims in rows:
            writer.save_extraction(con, art, claims)


def conflicts(db_path):
    return reader.contradictions(db_path).records()


SITES = [EntityRecord("stargate-abilene", "Stargate Abilene", "site"),
         EntityRecord("stargate", "Stargate", "programme")]


# -- 1. tolerance from the stated precision ---------------------------------------------------

def test_two_exact_counts_two_percent_apart_conflict_and_say_why(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [figure(41208)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [figure(42016)])])
    [row] = conflicts(db_path)
    assert row["kind"] == "disagreement"
    assert row["gap_pct"] == pytest.approx(1.9, abs=0.05)
    assert row["tolerance_pct"] < 1
    assert "A exact, B exact" in row["why"] and row["days_apart"] == 1


def test_a_rounded_figure_and_a_bound_cover_what_they_state(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [figure(100000)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [figure(103500)]),
                    (article("c", "Pub C", date(2024, 9, 5)), [figure(550000, low=550000, high=None, point=False)]),
                    (article("d", "Pub D", date(2024, 9, 6)), [figure(600000)])])
    # 100,000 covers 95,000-105,000; "over 550,000" covers 600,000; the two groups disagree
    pairs = {frozenset((r["value_a"], r["value_b"])) for r in conflicts(db_path)}
    assert frozenset((100000, 103500)) not in pairs and frozenset((550000, 600000)) not in pairs
    assert frozenset((100000, 550000)) in pairs


def test_a_figure_a_thousand_times_another_is_labelled_a_unit_slip(db_path):
    cost = dict(attribute="cost")
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [figure(4.8e9, **cost)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [figure(4.8e12, **cost)]),
                    (article("c", "Pub C", date(2024, 9, 5)), [figure(2.0e9, **cost)])])
    kinds = {frozenset((r["value_a"], r["value_b"])): r["kind"] for r in conflicts(db_path)}
    assert kinds[frozenset((4.8e9, 4.8e12))] == "unit_slip"
    assert kinds[frozenset((4.8e9, 2.0e9))] == "disagreement"
    slip = next(r for r in conflicts(db_path) if r["kind"] == "unit_slip")
    assert "10^3" in slip["why"]


# -- 2. and 3. dates and places, compared whenever reported ------------------------------------

def test_online_dates_conflict_only_when_their_periods_cannot_overlap_whenever_reported(db_path):
    done = dict(modality="actual")
    store(db_path, [(article("a", "Pub A", date(2024, 3, 1)), [online("2026", date(2026, 1, 1), date(2026, 12, 31), **done)]),
                    (article("b", "Pub B", date(2024, 11, 20)), [online("2026-10", date(2026, 10, 1), date(2026, 10, 31), **done)]),
                    (article("c", "Pub C", date(2025, 6, 2)), [online("2027-06", date(2027, 6, 1), date(2027, 6, 30), **done)])],
          SITES)
    rows = conflicts(db_path)
    # months apart, outside the 30-day window: yet an opening happens once (done dates within a season
    # of each other are milestones: see test_check_scopes)
    assert sorted(sorted((r["text_a"], r["text_b"])) for r in rows) == [["2026", "2027-06"], ["2026-10", "2027-06"]]
    assert all("cannot overlap" in r["why"] for r in rows)


def test_two_plans_for_an_opening_months_apart_are_a_revised_schedule(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 3, 1)), [online("2025", date(2025, 1, 1), date(2025, 12, 31))]),
                    (article("b", "Pub B", date(2025, 6, 2)), [online("2027", date(2027, 1, 1), date(2027, 12, 31))])],
          SITES)
    assert conflicts(db_path) == []
    store(db_path, [(article("c", "Pub C", date(2025, 6, 5)), [online("2026", date(2026, 1, 1), date(2026, 12, 31))])])
    assert len(conflicts(db_path)) == 1, "two plans of the same weeks disagree"


def test_an_online_date_read_back_from_an_extracted_claim_keeps_its_period():
    c = Claim("Stargate Abilene", "stargate-abilene", "online_date", None, None, None, None, "date", "planned",
              Period.of_day(date(2025, 5, 1)), "en", "The campus opens late in 2026.", 0, 30,
              period=Period(date(2026, 9, 1), date(2026, 9, 1), date(2026, 12, 31)))
    rec = claim_record(c, "v1")
    assert (rec.date_low, rec.date_high, rec.value_text) == (date(2026, 9, 1), date(2026, 12, 31), "2026-09-01")


def test_a_plan_still_given_after_the_opening_conflicts_with_it_but_an_earlier_plan_does_not(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 1, 10)), [online("2024-06", date(2024, 6, 1), date(2024, 6, 30))]),
                    (article("b", "Pub B", date(2025, 2, 1)),
                     [online("2024-09", date(2024, 9, 1), date(2024, 9, 30), modality="actual")])], SITES)
    assert conflicts(db_path) == [], "a plan made before the opening was late, not contradicted"
    store(db_path, [(article("c", "Pub C", date(2025, 3, 1)), [online("2025-12", date(2025, 12, 1), date(2025, 12, 31))])])
    [row] = conflicts(db_path)
    assert row["modality"] == "actual/planned"


def test_places_conflict_when_neither_contains_the_other(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [place("Abilene, Texas, US")]),
                    (article("b", "Pub B", date(2025, 4, 4)), [place("Texas, US")])], SITES)
    assert conflicts(db_path) == [], "a city and its state agree"
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [place("Amarillo, Texas, US")])])
    rows = conflicts(db_path)
    assert len(rows) == 1 and {rows[0]["text_a"], rows[0]["text_b"]} == {"Abilene, Texas, US", "Amarillo, Texas, US"}
    assert "neither place contains the other" in rows[0]["why"]


def test_a_county_may_hold_a_town_of_its_state_but_two_counties_differ(db_path):
    # the gazetteer does not say which county a town lies in: a county and a town of one state are not
    # known to differ; a county and a town whose value names another county, or two counties, are
    store(db_path, [(article("a", "Pub A", date(2025, 9, 3)), [place("Doña Ana County, New Mexico, US")]),
                    (article("b", "Pub B", date(2025, 9, 4)), [place("Santa Teresa, New Mexico, US")])], SITES)
    assert conflicts(db_path) == []
    store(db_path, [(article("c", "Pub C", date(2025, 9, 5)), [place("Otero County, New Mexico, US")])])
    assert {frozenset((r["text_a"], r["text_b"])) for r in conflicts(db_path)} == {
        frozenset(("Doña Ana County, New Mexico, US", "Otero County, New Mexico, US"))}
    store(db_path, [(article("d", "Pub D", date(2025, 9, 6)), [place("Alamogordo, Otero County, New Mexico, US")])])
    assert frozenset(("Doña Ana County, New Mexico, US", "Alamogordo, Otero County, New Mexico, US")) in {
        frozenset((r["text_a"], r["text_b"])) for r in conflicts(db_path)}


def test_a_programme_stands_in_many_places(db_path):
    kw = dict(subject="Stargate", entity="stargate")
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [place("Abilene, Texas, US", **kw)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [place("Lordstown, Ohio, US", **kw)])], SITES)
    assert conflicts(db_path) == []


# -- 4. copies never multiply --------------------------------------------------------------

def test_the_same_article_stored_twice_under_two_urls_flags_nothing_new(db_path):
    html = "<p>The cluster runs 100,000 GPUs.</p>"
    with connection(db_path) as con:
        writer.save_page(con, PageRecord("http://wire.example/story", html, text_hash="t1"))
        writer.save_page(con, PageRecord("http://wire.example:8081/story", html, text_hash="t1"))
        first, second = writer.page_id("http://wire.example/story"), writer.page_id("http://wire.example:8081/story")
        assert con.execute("SELECT duplicate_of FROM pages WHERE url_hash = ?", [second]).fetchone()[0] == first
        writer.save_extraction(con, article("x", "Rival Daily", date(2024, 9, 1)), [figure(200000)])
        writer.save_extraction(con, article("y", "Rival Daily", date(2024, 8, 1)), [figure(150000)])
        writer.save_extraction(con, ArticleRecord(first, "http://wire.example/story", "t", "Wire", "h1", "v1",
                                                  published_at=datetime(2024, 9, 2, tzinfo=timezone.utc)), [figure(100000)])
        before = con.execute("SELECT count(*) FROM contradictions").fetchone()[0]
        updates_before = con.execute("SELECT count(*) FROM updates").fetchone()[0]
        writer.save_extraction(con, ArticleRecord(second, "http://wire.example:8081/story", "t", "wire.example:8081", "h1",
                                                  "v1", published_at=datetime(2024, 9, 2, tzinfo=timezone.utc)),
                               [figure(100000)])
        assert con.execute("SELECT count(*) FROM contradictions").fetchone()[0] == before == 1
        assert con.execute("SELECT count(*) FROM updates").fetchone()[0] == updates_before


# -- 6. verdicts on claims ------------------------------------------------------------------

def _three_sources(db_path):
    store(db_path, [(article("a", "Pub A", date(2024, 9, 3)), [figure(100000)]),
                    (article("b", "Pub B", date(2024, 9, 4)), [figure(100000)]),
                    (article("c", "Pub C", date(2024, 9, 5)), [figure(300000, quote="A typo says 300,000.")])])
    with connection(db_path) as con:
        return con.execute("SELECT claim_id FROM claims WHERE value = 300000").fetchone()[0]


def test_a_claim_judged_wrong_settles_every_pair_it_is_in_and_survives_re_extraction(db_path):
    wrong = _three_sources(db_path)
    assert [r["status"] for r in conflicts(db_path)] == ["open", "open"]
    triage.set_claim_verdict(db_path, wrong, "wrong", "misprint")
    rows = conflicts(db_path)
    assert [(r["status"], r["settled_by"]) for r in rows] == [("resolved", "claim")] * 2
    assert all("misprint" in r["note"] for r in rows)
    store(db_path, [(article("c", "Pub C", date(2024, 9, 5)), [figure(300000, quote="A typo says 300,000.")])])
    assert [r["status"] for r in conflicts(db_path)] == ["resolved", "resolved"]
    assert triage.clear_claim_verdict(db_path, wrong)
    assert [r["status"] for r in conflicts(db_path)] == ["open", "open"]
    with pytest.raises(triage.TriageError):
        triage.set_claim_verdict(db_path, "no-such-claim", "wrong")


def test_a_claim_judged_right_gives_the_correct_value(db_path):
    wrong = _three_sources(db_path)
    with connection(db_path) as con:
        right = con.execute("SELECT claim_id FROM claims WHERE value = 100000 LIMIT 1").fetchone()[0]
    triage.set_claim_verdict(db_path, right, "right")
    settled = [r for r in conflicts(db_path) if right in (r["claim_a"], r["claim_b"])]
    assert [(r["status"], r["correct_value"]) for r in settled] == [("resolved", 100000)]
    assert wrong


def test_check_and_status_leave_out_settled_contradictions_unless_asked(db_path):
    wrong = _three_sources(db_path)
    runner = CliRunner()
    out = runner.invoke(main, ["check", "--db", str(db_path)]).output
    assert "Contradictions: 2" in out and "why: gap" in out
    assert runner.invoke(main, ["verdict", wrong, "wrong", "--db", str(db_path)]).exit_code == 0
    out = runner.invoke(main, ["check", "--db", str(db_path)]).output
    assert "Contradictions: 0 (2 resolved or dismissed not shown" in out
    out = runner.invoke(main, ["check", "--all", "--db", str(db_path)]).output
    assert "Contradictions: 2" in out and "A judged wrong" in out
    status = runner.invoke(main, ["status", "--db", str(db_path)]).output
    assert "contradictions: 0" in status
    assert "resolved 2" in runner.invoke(main, ["status", "--all", "--db", str(db_path)]).output


# -- 7. deterministic views ------------------------------------------------------------------

@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)])
def test_updates_break_ties_between_same_day_claims_by_what_they_say(tmp_path, order):
    """Two runs store the same stories in another order and under other ids (another port in the
    URL): the updates view gives the same rows, apart from the claim ids."""
    results = []
    for n, sequence in enumerate((order, tuple(reversed(order)))):
        rows = [(article(f"a{n}", "Pub A", date(2024, 9, 3)), [figure(100000)]),
                (article(f"b{n}", "Pub B", date(2024, 9, 3)), [figure(120000)]),
                (article(f"c{n}", "Pub C", date(2025, 3, 1)), [figure(200000)])]
        path = tmp_path / f"run{n}.duckdb"
        store(path, [rows[k] for k in sequence])
        results.append(reader.query(path, "SELECT * EXCLUDE (earlier_claim, later_claim) FROM updates").rows)
    assert results[0] == results[1] and len(results[0]) == 1
