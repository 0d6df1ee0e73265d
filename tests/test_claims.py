"""Claim extraction on sentences written by the team, in English and French."""
from __future__ import annotations

from datetime import date

import pytest

from extract import extract_claims, nlp, preload


def claims(text: str, lang: str = "en", published: date | None = date(2025, 3, 1), title: str | None = None):
    return extract_claims(text, lang, published, title)


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
    assert (c.subject, c.value) == ("Microsoft Fairwater", "Mount Pleasant, Wisconsin")


def test_online_date_relative_weekend():
    cs = claims("Over the weekend, the team brought Colossus online.", published=date(2024, 9, 2))
    c = only(cs, "online_date")
    assert (c.value, c.low, c.high) == ("2024-09-01", "2024-08-31", "2024-09-02")


def test_online_date_future_is_planned():
    c = only(claims("Prometheus will come online in 2026.", published=date(2025, 7, 15)), "online_date")
    assert (c.subject, c.value, c.high, c.modality) == ("Meta Prometheus", "2026-01-01", "2026-12-31", "planned")


def test_as_of_comes_from_an_explicit_date_in_the_sentence():
    c = only(claims("In April 2023 xAI bought tens of thousands of GPUs.", published=date(2024, 9, 2)), "gpu_count")
    assert (c.low, c.high, c.as_of) == (10_000, 99_999, "2023-04")


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
    c = only(claims("ABCI 3.0 consists of servers with 6,128 Nvidia H200 GPUs.", published=None), "gpu_count")
    assert (c.subject, c.entity_id, c.value, c.hardware) == ("ABCI 3.0", "discovered-abci-3-0", 6128, "H200")


def test_partners_are_not_the_subject():
    c = only(claims("Along with its partners CoreWeave and Nvidia, Inflection AI is building a cluster of 22,000 H100 GPUs.",
                    published=None), "gpu_count")
    assert c.subject.startswith("Inflection")


def test_a_list_of_figures_shares_the_last_unit():
    cs = claims("The three Microsoft data centers will draw 30, 30 and 100 megawatts.")
    assert sorted({c.value for c in cs if c.attribute == "power"}) == [30, 100]  # equal figures of one sentence are one claim


def test_city_alone_is_resolved_with_the_gazetteer():
    c = only(claims("xAI's Colossus cluster in Memphis runs 100,000 GPUs."), "location")
    assert c.value == "Memphis, Tennessee"


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
