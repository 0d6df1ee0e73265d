"""Date expressions in English, French, German and Spanish, as intervals."""
from __future__ import annotations

from datetime import date

import pytest

from extract.dates import find_dates

REF = date(2025, 7, 15)


def span(text: str, lang: str) -> list[tuple[str, str, str]]:
    return [(text[d.start:d.end], d.low.isoformat(), d.high.isoformat()) for d in find_dates(text, REF, lang)]


@pytest.mark.parametrize("text, lang, expected", [
    # the dev README's time words: early Jan-Apr, mid May-Aug, late Sep-Dec, end Nov-Dec
    ("online in early 2026", "en", ("early 2026", "2026-01-01", "2026-04-30")),
    ("online by mid-2026", "en", ("mid-2026", "2026-05-01", "2026-08-31")),
    ("online in late 2026", "en", ("late 2026", "2026-09-01", "2026-12-31")),
    ("online by the end of 2026", "en", ("the end of 2026", "2026-11-01", "2026-12-31")),
    ("Anfang 2026 in Betrieb", "de", ("Anfang 2026", "2026-01-01", "2026-04-30")),
    ("Mitte 2026 in Betrieb", "de", ("Mitte 2026", "2026-05-01", "2026-08-31")),
    ("bis Ende 2027 fertig", "de", ("bis Ende 2027", "2027-11-01", "2027-12-31")),
    ("a principios de 2026", "es", ("a principios de 2026", "2026-01-01", "2026-04-30")),
    ("a mediados de 2026", "es", ("a mediados de 2026", "2026-05-01", "2026-08-31")),
    ("a finales de 2026", "es", ("a finales de 2026", "2026-11-01", "2026-12-31")),
    ("fin 2026", "fr", ("fin 2026", "2026-11-01", "2026-12-31")),
    ("début 2027", "fr", ("début 2027", "2027-01-01", "2027-04-30")),
    # half-years: six months, not four and not a year
    ("in the first half of 2026", "en", ("the first half of 2026", "2026-01-01", "2026-06-30")),
    ("live in H2 2026", "en", ("H2 2026", "2026-07-01", "2026-12-31")),
    ("au premier semestre 2026", "fr", ("premier semestre 2026", "2026-01-01", "2026-06-30")),
    ("im zweiten Halbjahr 2026", "de", ("zweiten Halbjahr 2026", "2026-07-01", "2026-12-31")),
    ("in der ersten Jahreshälfte 2027", "de", ("ersten Jahreshälfte 2027", "2027-01-01", "2027-06-30")),
    ("en el segundo semestre de 2026", "es", ("segundo semestre de 2026", "2026-07-01", "2026-12-31")),
    # quarters
    ("in Q3 2026", "en", ("Q3 2026", "2026-07-01", "2026-09-30")),
    ("in the fourth quarter of 2025", "en", ("fourth quarter of 2025", "2025-10-01", "2025-12-31")),
    ("im dritten Quartal 2026", "de", ("dritten Quartal 2026", "2026-07-01", "2026-09-30")),
    ("en el tercer trimestre de 2026", "es", ("tercer trimestre de 2026", "2026-07-01", "2026-09-30")),
    ("au troisième trimestre 2026", "fr", ("troisième trimestre 2026", "2026-07-01", "2026-09-30")),
    # month names and full dates
    ("am 5. September 2025 eingeweiht", "de", ("5. September 2025", "2025-09-05", "2025-09-05")),
    ("im März 2026", "de", ("März 2026", "2026-03-01", "2026-03-31")),
    ("im Dezember 2024", "de", ("Dezember 2024", "2024-12-01", "2024-12-31")),
    ("el 21 de diciembre de 2023", "es", ("21 de diciembre de 2023", "2023-12-21", "2023-12-21")),
    ("en enero de 2025", "es", ("enero de 2025", "2025-01-01", "2025-01-31")),
    ("desde marzo de 2024", "es", ("marzo de 2024", "2024-03-01", "2024-03-31")),
    # relative to the article's date (15 July 2025)
    ("online next year", "en", ("next year", "2026-01-01", "2026-12-31")),
    ("by the end of the year", "en", ("the end of the year", "2025-11-01", "2025-12-31")),
    ("nächstes Jahr", "de", ("nächstes Jahr", "2026-01-01", "2026-12-31")),
    ("Anfang nächsten Jahres", "de", ("Anfang nächsten Jahres", "2026-01-01", "2026-04-30")),
    ("el próximo año", "es", ("el próximo año", "2026-01-01", "2026-12-31")),
    ("l’an prochain", "fr", ("l’an prochain", "2026-01-01", "2026-12-31")),
])
def test_one_date(text, lang, expected):
    assert span(text, lang) == [expected]


def test_a_half_year_without_a_year_is_the_articles():
    (d,) = find_dates("im zweiten Halbjahr", REF, "de")
    assert (d.low, d.high, d.year_implied) == (date(2025, 7, 1), date(2025, 12, 31), True)


def test_codes_need_a_year():
    assert find_dates("the H1 visa and Q3 results", REF, "en") == []


def test_spanish_words_are_not_read_in_english():
    # "ago" is August in Spanish, a plain word in English
    assert find_dates("two years ago 2019 was", REF, "en")[0].low == date(2019, 1, 1)
    assert [d.low for d in find_dates("ago 2019", REF, "es")] == [date(2019, 8, 1)]


def test_a_month_alone_is_the_latest_past_one():
    (d,) = find_dates("in September", REF, "en")
    assert (d.low, d.year_implied) == (date(2024, 9, 1), True)


@pytest.mark.parametrize("text, lang, expected", [
    ("D’ici la fin de l’année 2026", "fr", ("D’ici la fin de l’année 2026", "2026-11-01", "2026-12-31")),
    ("Ende des Jahres 2026", "de", ("Ende des Jahres 2026", "2026-11-01", "2026-12-31")),
    ("a finales del año 2026", "es", ("a finales del año 2026", "2026-11-01", "2026-12-31")),
])
def test_a_year_may_be_introduced_by_the_word_year(text, lang, expected):
    assert span(text, lang) == [expected]


@pytest.mark.parametrize("text, lang, expected", [
    ("ready in spring 2024", "en", ("spring 2024", "2024-03-01", "2024-05-31")),
    ("en otoño de 2023", "es", ("otoño de 2023", "2023-09-01", "2023-11-30")),
    ("im Herbst 2026", "de", ("Herbst 2026", "2026-09-01", "2026-11-30")),
    ("à l'été 2025", "fr", ("été 2025", "2025-06-01", "2025-08-31")),
])
def test_seasons_with_their_year(text, lang, expected):
    assert span(text, lang) == [expected]


def test_a_season_word_without_a_year_is_no_date():
    assert find_dates("prices may fall as the system has been", REF, "en") == []


H1_2026, H2_2025 = ("2026-01-01", "2026-06-30"), ("2025-07-01", "2025-12-31")


@pytest.mark.parametrize("text, lang, phrase, interval", [
    # the other ways news copy writes a half-year: each is six months, never a whole year
    ("deliveries ramp in the first-half of 2026", "en", "the first-half of 2026", H1_2026),
    ("first-half 2026 deliveries", "en", "first-half 2026", H1_2026),
    ("the hall opens in H1 of 2026", "en", "H1 of 2026", H1_2026),
    ("the hall opens in H1'26", "en", "H1'26", H1_2026),
    ("guidance for 1H26 stands", "en", "1H26", H1_2026),
    ("in 2026's first half", "en", "2026's first half", H1_2026),
    ("in the first half-year of 2026", "en", "first half-year of 2026", H1_2026),
    ("shipments in the back half of 2025", "en", "back half of 2025", H2_2025),
    ("au 1er semestre 2026", "fr", "1er semestre 2026", H1_2026),
    ("au premier semestre de l'année 2026", "fr", "premier semestre de l'année 2026", H1_2026),
    ("au 2e semestre 2025", "fr", "2e semestre 2025", H2_2025),
    ("au 2nd semestre 2025", "fr", "2nd semestre 2025", H2_2025),
    ("dans la première moitié de 2026", "fr", "première moitié de 2026", H1_2026),
    ("Ende des ersten Halbjahres 2026", "de", "ersten Halbjahres 2026", H1_2026),
    ("im Laufe des zweiten Halbjahrs 2025", "de", "zweiten Halbjahrs 2025", H2_2025),
    ("in der zweiten Hälfte des Jahres 2025", "de", "zweiten Hälfte des Jahres 2025", H2_2025),
    ("in der ersten Hälfte 2026", "de", "ersten Hälfte 2026", H1_2026),
    ("en el primer semestre del año 2026", "es", "primer semestre del año 2026", H1_2026),
    ("en el 1S 2026", "es", "1S 2026", H1_2026),
    ("en el S2 de 2025", "es", "S2 de 2025", H2_2025),
    ("Das erste Halbjahr 2026 bringt den Start.", "de", "erste Halbjahr 2026", H1_2026),
    ("Die zweite Jahreshälfte 2025 bringt den Start.", "de", "zweite Jahreshälfte 2025", H2_2025),
    ("durante la segunda mitad de 2025", "es", "segunda mitad de 2025", H2_2025),
])
def test_half_years_in_their_other_spellings(text, lang, phrase, interval):
    assert span(text, lang) == [(phrase, *interval)]


def test_a_half_year_of_a_relative_year_after_a_genitive():
    assert span("im zweiten Halbjahr des kommenden Jahres", "de") == [
        ("zweiten Halbjahr des kommenden Jahres", "2026-07-01", "2026-12-31")]


@pytest.mark.parametrize("text, lang", [
    ("the H100 and H200 GPUs", "en"), ("la première moitié des serveurs", "fr"),
    ("die erste Hälfte der Halle", "de"), ("the back half of the hall", "en"),
])
def test_look_alikes_are_no_half_year(text, lang):
    assert span(text, lang) == []
