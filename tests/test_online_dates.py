"""Online dates in the wordings the press uses besides "comes online": opening, delivery, hosting a
machine, a span of years; sentences written by the team."""
from __future__ import annotations

from datetime import date

import pytest

from extract import extract_claims

PUBLISHED = date(2025, 3, 1)


def online(text: str, lang: str = "en") -> list[tuple[str | None, str | None]]:
    return [tuple(d.isoformat() if d else None for d in (c.period.first, c.period.last))
            for c in extract_claims(text, lang, PUBLISHED) if c.attribute == "online_date"]


@pytest.mark.parametrize("text, lang, expected", [
    ("The Jülich data centre will open by 2027, the operator said.", "en", (None, "2027-12-31")),
    ("Meta's Richland Parish campus is set to open in 2028.", "en", ("2028-01-01", "2028-12-31")),
    # a delivery of the machine's chips or of its capacity is when it comes online
    ("The first 20,000 GB300 GPUs for the Stargate site will be delivered in Q1 of 2027.", "en",
     ("2027-01-01", "2027-03-31")),
    ("The 250 MW campus will be delivered in phases beginning later in 2026.", "en", ("2026-09-01", None)),
    # a site that will host a machine by a date has it online by then
    ("D'ici 2027, le campus de Grenoble accueillera un supercalculateur de 60 000 GPU.", "fr", (None, "2027-12-31")),
    ("Le site de Saclay abritera début 2026 un nouveau supercalculateur.", "fr", ("2026-01-01", "2026-04-30")),
    ("Bis 2028 soll der Standort Garching einen neuen Supercomputer beherbergen.", "de", (None, "2028-12-31")),
    ("El centro de Barcelona albergará en 2026 un nuevo superordenador.", "es", ("2026-01-01", "2026-12-31")),
    # the first buildings or halls of a campus delivered, handed over or finished by a date
    ("Data4 à Cambrai : les premiers bâtiments devraient être livrés en 2027.", "fr", ("2027-01-01", "2027-12-31")),
    ("In Cambrai, Data4 says the first buildings will be delivered in 2027.", "en", ("2027-01-01", "2027-12-31")),
    ("Die ersten Gebäude des Campus in Hanau sollen 2027 übergeben werden.", "de", ("2027-01-01", "2027-12-31")),
    ("Los primeros edificios del campus de Calatorao se entregarán en 2027.", "es", ("2027-01-01", "2027-12-31")),
    # a site that will host machines (plural), and a date framing the site's full build-out
    ("L'entrepôt de QScale à Lévis abritera début 2027 des superordinateurs.", "fr", ("2027-01-01", "2027-04-30")),
    ("La nave de Calatorao albergará en 2027 varios superordenadores.", "es", ("2027-01-01", "2027-12-31")),
    ("Starting in 2029, the Cheyenne campus is meant to run at 1.8 gigawatts once fully constructed.", "en",
     ("2029-01-01", None)),
    # operations beginning, said with the noun first
    ("At the Cheyenne campus, operations began in the fall of 2024.", "en", ("2024-09-01", "2024-11-30")),
    ("Am Standort Hanau startete der Betrieb im Herbst 2024.", "de", ("2024-09-01", "2024-11-30")),
    ("Sur le campus de Cambrai, l'exploitation a débuté à l'automne 2024.", "fr", ("2024-09-01", "2024-11-30")),
])
def test_opening_delivery_and_hosting_are_online_dates(text, lang, expected):
    assert online(text, lang) == [expected]


@pytest.mark.parametrize("text, lang", [
    ("The new campus in Ohio is expected to begin operations between 2027 and 2028.", "en"),
    ("Se prevé que el centro de datos de Aragón empiece a operar entre 2027 y 2028.", "es"),
    ("Das Rechenzentrum in Hanau soll zwischen 2027 und 2028 in Betrieb gehen.", "de"),
    ("Le centre de données de Lyon sera mis en service entre 2027 et 2028.", "fr"),
])
def test_a_span_of_years_is_one_interval(text, lang):
    assert online(text, lang) == [("2027-01-01", "2028-12-31")]


def test_a_hosting_verb_without_a_machine_is_no_online_date():
    assert online("The city will host the industry's largest trade fair in 2026.") == []


def test_chips_made_available_speak_of_the_machine():
    assert online("Orders are open and the GPUs will be available in the second half of 2026.") == [
        ("2026-07-01", "2026-12-31")]


@pytest.mark.parametrize("text, lang, subject, low", [
    # a machine that replaces another comes online when it takes over; the one replaced is no subject
    ("Hunter will replace the ageing Hawk system in 2025.", "en", "Hunter", "2025-01-01"),
    ("Le nouveau supercalculateur Jean Zay remplacera son prédécesseur en 2026.", "fr", "Jean Zay", "2026-01-01"),
    ("Hunter soll 2025 den bisherigen Rechner Hawk ersetzen.", "de", "Hunter", "2025-01-01"),
    ("MareNostrum 5 sustituirá a MareNostrum 4 en 2023.", "es", "MareNostrum 5", "2023-01-01"),
    # a year in which the gigafactories start working, subjunctive and all
    ("Se espera que las gigafactorías empiecen a funcionar entre 2027 y 2028.", "es", None, "2027-01-01"),
])
def test_a_machine_replacing_another_or_starting_to_work_gives_an_online_date(text, lang, subject, low):
    got = [(c.subject, c.period.first.isoformat()) for c in extract_claims(text, lang, PUBLISHED) if c.attribute == "online_date"]
    assert len(got) == 1, got
    if subject:
        assert got[0][0].endswith(subject)
    assert got[0][1] == low


@pytest.mark.parametrize("text, lang", [
    ("Since late summer 2024 the Jülich container hall has been nearing completion.", "en"),
    ("Seit Spätsommer 2024 wuchs in Jülich das Container-Rechenzentrum seiner Fertigstellung entgegen.", "de"),
    ("Depuis l'automne 2024, le chantier de Jülich approche de son achèvement.", "fr"),
    ("Desde el otoño de 2024 la obra de Jülich se acerca a su finalización.", "es"),
])
def test_a_site_nearing_completion_has_no_online_date(text, lang):
    assert online(text, lang) == []


def test_a_site_near_a_town_still_comes_online():
    assert online("The data centre near Abilene came online in 2024.") == [("2024-01-01", "2024-12-31")]


@pytest.mark.parametrize("text, lang, low", [
    ("Starting in 2029, the Abilene campus is meant to run at a 2-gigawatt capacity once fully built.", "en", "2029-01-01"),
    ("D'ici fin 2028, selon le maire et les services de la préfecture, le campus de Fouju sera pleinement opérationnel.",
     "fr", "2028-11-01"),
])
def test_a_date_that_opens_the_sentence_frames_its_online_cue(text, lang, low):
    got = online(text, lang)
    assert len(got) == 1 and (got[0][0] == low or got[0][1] is not None), got
