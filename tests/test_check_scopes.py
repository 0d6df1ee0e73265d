"""The check of schema 16 (issue 16): an owner's or a programme's figures are rivals only as slips,
slips are compared whatever their dates, parts that add up are not rivals of their sum, the floor
is the least tolerance, and lists of places or figures in one sentence say nothing about one site."""
from __future__ import annotations

import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

from db import connection, reader, writer
from db.records import ArticleRecord, ClaimRecord, EntityRecord

ENTITIES = [EntityRecord("openai", "OpenAI", "company"),
            EntityRecord("crusoe-cheyenne", "Crusoe Cheyenne", "site", "crusoe"),
            EntityRecord("perlmutter", "Perlmutter", "system", "nersc")]
CURRENCIES = Path(__file__).parent.parent / "extract" / "data" / "currencies.toml"


def article(aid: str, publisher: str, day: date) -> ArticleRecord:
    return ArticleRecord(aid, f"http://{publisher.lower().replace(' ', '-')}.example/{aid}", "text", publisher,
                         "h-" + aid, "v1", published_at=datetime(day.year, day.month, day.day, tzinfo=timezone.utc))


def figure(value, *, attribute="power", unit="MW", entity="crusoe-cheyenne", subject="Crusoe Cheyenne",
           quote=None, low=None, high=None) -> ClaimRecord:
    return ClaimRecord(subject, attribute, unit, "planned", quote or f"The figure given is {value}.", 0, 10, "v1",
                       entity_id=entity, value=value, low=value if low is None else low,
                       high=value if high is None else high)


def place(text: str, *, quote=None, entity="crusoe-cheyenne", subject="Crusoe Cheyenne") -> ClaimRecord:
    return ClaimRecord(subject, "location", "place", "actual", quote or f"The campus stands in {text}.", 0, 10, "v1",
                       entity_id=entity, value_text=text)


def store(db_path, rows):
    with connection(db_path) as con:
        writer.upsert_entities(con, ENTITIES)
        for art, claims in rows:
            writer.save_extraction(con, art, claims)


def pairs(db_path):
    return {frozenset((r["value_a"] if r["value_a"] is not None else r["text_a"],
                       r["value_b"] if r["value_b"] is not None else r["text_b"])): r
            for r in reader.contradictions(db_path).records()}


# -- scopes of an owner's figures -----------------------------------------------------------------

def test_an_owners_figures_of_the_same_week_are_not_rivals(db_path):
    # a chip deal of 6 GW and another of at least 10 GW are two deals of one company, not two counts
    company = dict(entity="openai", subject="OpenAI")
    store(db_path, [(article("a", "Pub A", date(2025, 10, 6)), [figure(6000, **company)]),
                    (article("b", "Pub B", date(2025, 10, 8)), [figure(10000, **company)])])
    assert pairs(db_path) == {}


def test_an_owners_figure_read_in_the_wrong_currency_is_a_slip_whatever_the_dates(db_path):
    # "2.5 billion euros" stored at 1.08, and the same pledge written "2.5 billion dollars" two years on
    company = dict(attribute="cost", unit="USD", entity="openai", subject="OpenAI")
    store(db_path, [(article("a", "Pub A", date(2023, 4, 2)), [figure(2.5e9 * 1.08, **company)]),
                    (article("b", "Pub B", date(2025, 4, 2)), [figure(2.5e9, **company)]),
                    (article("c", "Pub C", date(2025, 4, 3)), [figure(2.6e9, **company)])])
    found = pairs(db_path)
    assert set(found) == {frozenset((2.5e9 * 1.08, 2.5e9))}, "2.6 bn is another figure of another scope"
    [row] = found.values()
    assert row["kind"] == "unit_slip" and "euros and dollars" in row["why"] and row["days_apart"] == 731


def test_a_thousandfold_slip_is_flagged_years_apart(db_path):
    # "4.2 billones" read literally against 4,200 millones, with dates far outside the window
    cost = dict(attribute="cost", unit="USD")
    store(db_path, [(article("a", "Pub A", date(2022, 3, 1)), [figure(4.2e12, **cost)]),
                    (article("b", "Pub B", date(2025, 3, 1)), [figure(4.2e9, **cost)])])
    [row] = pairs(db_path).values()
    assert row["kind"] == "unit_slip" and "10^3" in row["why"]


def test_square_feet_read_as_square_metres_is_a_slip(db_path):
    area = dict(attribute="floor_area", unit="m2")
    store(db_path, [(article("a", "Pub A", date(2025, 3, 1)), [figure(2e6 * 0.0929, **area)]),
                    (article("b", "Pub B", date(2025, 3, 2)), [figure(2e6, **area)])])
    [row] = pairs(db_path).values()
    assert row["kind"] == "unit_slip" and "square feet and square metres" in row["why"]


def test_slip_rates_are_the_extractors_currency_rates(db_path):
    rates = {code: v["usd"] for code, v in tomllib.loads(CURRENCIES.read_text(encoding="utf-8")).items()
             if "usd" in v and v["usd"] != 1.0}
    with connection(db_path) as con:
        factors = sorted(f for (f,) in con.execute("SELECT factor FROM slip_factors WHERE attribute = 'cost'").fetchall())
    assert factors == sorted(max(r, 1 / r) for r in rates.values())


# -- parts and wholes -----------------------------------------------------------------------------

def test_a_first_phase_and_its_extension_are_not_rivals_of_their_sum(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)),
                     [figure(200, quote="A first 200 MW opens next year, with 250 MW more to follow."),
                      figure(250, quote="A first 200 MW opens next year, with 250 MW more to follow.")]),
                    (article("b", "Pub B", date(2025, 7, 2)), [figure(450)])])
    assert pairs(db_path) == {}
    store(db_path, [(article("c", "Pub C", date(2025, 7, 3)), [figure(600)])])
    assert frozenset((450.0, 600.0)) in pairs(db_path), "a sum another source does not give is still a rival"


# -- tolerance ------------------------------------------------------------------------------------

def test_the_floor_is_the_least_tolerance_not_added_to_rounding(db_path):
    # "130 petaflops" covers 125 to 135; 124.5 is outside it, and the 1% floor adds nothing
    compute = dict(attribute="compute", unit="FLOP/s", entity="perlmutter", subject="Perlmutter")
    store(db_path, [(article("a", "Pub A", date(2025, 5, 1)), [figure(130e15, **compute)]),
                    (article("b", "Pub B", date(2025, 5, 2)), [figure(124.5e15, **compute)]),
                    (article("c", "Pub C", date(2025, 5, 3)), [figure(125.5e15, **compute)])])
    assert set(pairs(db_path)) == {frozenset((130e15, 124.5e15))}, "125.5 is what 130 may round"


# -- lists ----------------------------------------------------------------------------------------

def test_places_listed_in_one_sentence_are_not_compared(db_path):
    listing = "New campuses will rise in Cheyenne, Wyoming and in Amarillo, Texas."
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)),
                     [place("Cheyenne, Wyoming, US", quote=listing), place("Amarillo, Texas, US", quote=listing)]),
                    (article("b", "Pub B", date(2025, 7, 2)), [place("Laramie, Wyoming, US")])])
    assert pairs(db_path) == {}
    store(db_path, [(article("c", "Pub C", date(2025, 7, 3)), [place("Cheyenne, Wyoming, US")])])
    assert set(pairs(db_path)) == {frozenset(("Laramie, Wyoming, US", "Cheyenne, Wyoming, US"))}


def test_a_source_that_names_both_places_agrees_with_either(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)),
                     [place("Cheyenne, Wyoming, US"),
                      place("Laramie, Wyoming, US", quote="Its gas plant sits near Laramie.")]),
                    (article("b", "Pub B", date(2025, 7, 2)), [place("Cheyenne, Wyoming, US")])])
    assert pairs(db_path) == {}


def test_three_figures_for_one_subject_in_one_sentence_are_a_list(db_path):
    listing = "The three machines post 2.1, 1.7 and 1.4 exaflops."
    compute = dict(attribute="compute", unit="FLOP/s", entity="perlmutter", subject="Perlmutter")
    store(db_path, [(article("a", "Pub A", date(2025, 5, 1)),
                     [figure(v * 1e18, quote=listing, **compute) for v in (2.1, 1.7, 1.4)]),
                    (article("b", "Pub B", date(2025, 5, 2)), [figure(0.8e18, **compute)])])
    assert pairs(db_path) == {}


def test_a_claim_whose_subject_is_unknown_is_compared_with_nothing(db_path):
    unknown = dict(entity=None, subject="unknown")
    store(db_path, [(article("a", "Pub A", date(2025, 5, 1)), [figure(500, **unknown)]),
                    (article("b", "Pub B", date(2025, 5, 2)), [figure(1000, **unknown)])])
    assert pairs(db_path) == {}


# -- milestones of one machine ------------------------------------------------------------------------

def went_online(low: date, high: date, modality: str = "actual") -> ClaimRecord:
    return ClaimRecord("Perlmutter", "online_date", "date", modality, f"It went online between {low} and {high}.",
                       0, 10, "v1", entity_id="perlmutter", value_text=low.isoformat(), date_low=low, date_high=high)


def test_installation_and_inauguration_a_season_apart_are_milestones_not_rivals(db_path):
    store(db_path, [(article("a", "Pub A", date(2021, 9, 1)), [went_online(date(2021, 1, 1), date(2021, 3, 31))]),
                    (article("b", "Pub B", date(2021, 9, 2)), [went_online(date(2021, 5, 27), date(2021, 5, 27))])])
    assert pairs(db_path) == {}


def test_done_dates_years_apart_are_rivals(db_path):
    store(db_path, [(article("a", "Pub A", date(2023, 9, 1)), [went_online(date(2021, 1, 1), date(2021, 12, 31))]),
                    (article("b", "Pub B", date(2023, 9, 2)), [went_online(date(2023, 1, 1), date(2023, 12, 31))])])
    assert len(pairs(db_path)) == 1


# -- places measured apart --------------------------------------------------------------------------

def located(text: str, lat: float, lon: float) -> ClaimRecord:
    return ClaimRecord("Crusoe Cheyenne", "location", "place", "actual", f"The campus stands in {text}.", 0, 10, "v1",
                       entity_id="crusoe-cheyenne", value_text=text, lat=lat, lon=lon)


def test_a_town_and_the_big_city_next_to_it_in_one_state_are_not_rivals(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)), [located("Atlanta, Georgia, US", 33.749, -84.388)]),
                    (article("b", "Pub B", date(2025, 7, 2)), [located("Fayetteville, Georgia, US", 33.4487, -84.4549)])])
    assert pairs(db_path) == {}


def test_neighbouring_towns_across_a_state_line_are_still_rivals(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)), [located("Memphis, Tennessee, US", 35.1495, -90.049)]),
                    (article("b", "Pub B", date(2025, 7, 2)), [located("Southaven, Mississippi, US", 34.989, -90.0126)])])
    assert set(pairs(db_path)) == {frozenset(("Memphis, Tennessee, US", "Southaven, Mississippi, US"))}


def test_towns_of_one_state_beyond_a_metropolitan_area_are_rivals(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)), [located("Cheyenne, Wyoming, US", 41.14, -104.8202)]),
                    (article("b", "Pub B", date(2025, 7, 2)), [located("Casper, Wyoming, US", 42.8666, -106.3131)])])
    assert set(pairs(db_path)) == {frozenset(("Cheyenne, Wyoming, US", "Casper, Wyoming, US"))}


def test_where_a_stated_place_lies_is_kept_once(db_path):
    store(db_path, [(article("a", "Pub A", date(2025, 7, 1)), [located("Atlanta, Georgia, US", 33.749, -84.388)]),
                    (article("b", "Pub B", date(2025, 7, 2)), [located("Atlanta, Georgia, US", 33.75, -84.39)])])
    with connection(db_path) as con:
        assert con.execute("SELECT place, lat, lon FROM place_points").fetchall() == [("Atlanta, Georgia, US", 33.749, -84.388)]
