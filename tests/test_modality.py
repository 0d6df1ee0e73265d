"""Modality of a figure in English, French, German and Spanish, on sentences written by the team."""
from __future__ import annotations

import pytest

from extract import nlp
from extract.modality import modality


def mode(sentence: str, figure: str, lang: str) -> str:
    i = sentence.index(figure)
    return modality(sentence, i, i + len(figure), lang, lambda: nlp.morphology(sentence, lang))


@pytest.mark.parametrize("sentence, figure, lang, expected", [
    # English: plans written as plans
    ("Meta will bring 1 GW of capacity to its Ohio campus.", "1 GW", "en", "planned"),
    ("The Louisiana site is set to draw 2 GW from three gas plants.", "2 GW", "en", "planned"),
    ("The campus, slated for Texas, is sized at 1.2 GW.", "1.2 GW", "en", "planned"),
    ("A 300 MW building is to be built next to the substation.", "300 MW", "en", "planned"),
    ("The partners said they would build a 1 GW campus in Michigan.", "1 GW", "en", "planned"),
    ("Oracle has committed $40 billion to buy Nvidia chips for the site.", "$40 billion", "en", "planned"),
    ("The cluster reportedly holds 200,000 GPUs.", "200,000", "en", "reported"),
    ("In theory the machine could reach 2 exaflops.", "2 exaflops", "en", "hypothetical"),
    ("Frontier has 37,888 AMD MI250X GPUs.", "37,888", "en", "actual"),
    # French: future and conditional
    ("Le supercalculateur comptera 50 000 GPU d'ici 2028.", "50 000", "fr", "planned"),
    ("Le campus atteindra une puissance de 1,4 GW.", "1,4 GW", "fr", "planned"),
    ("Selon la presse, le projet coûterait 10 milliards d'euros.", "10 milliards", "fr", "reported"),
    ("Le site pourrait accueillir 100 000 puces.", "100 000", "fr", "hypothetical"),
    ("Jean Zay dispose de 1 456 GPU H100.", "1 456", "fr", "actual"),
    # German: "soll", "wird" + infinitive, cue words; "soll ... gekostet haben" reports
    ("Der Rechner soll eine Leistung von 1 Exaflops erreichen.", "1 Exaflops", "de", "planned"),
    ("Die beiden Module sollen zusammen 200 MW verbrauchen.", "200 MW", "de", "planned"),
    ("Das Rechenzentrum wird rund 900 Megawatt benötigen.", "900 Megawatt", "de", "planned"),
    ("Geplant sind zunächst 100.000 GPUs.", "100.000", "de", "planned"),
    ("In Lübbenau plant Schwarz Digits bis zu 100.000 GPUs.", "100.000", "de", "planned"),
    ("Bis 2027 entstehen dort 200 MW Anschlussleistung.", "200 MW", "de", "planned"),
    ("Künftig stehen dort 50.000 Beschleuniger.", "50.000", "de", "planned"),
    ("Der Campus wird voraussichtlich 1 GW erreichen.", "1 GW", "de", "planned"),
    ("Der Bau soll rund 500 Millionen Euro gekostet haben.", "500 Millionen", "de", "reported"),
    ("Laut einem Bericht verfügt der Cluster über 200.000 GPUs.", "200.000", "de", "reported"),
    ("Mit weiteren Modulen könnte die Anlage 2 GW erreichen.", "2 GW", "de", "hypothetical"),
    ("JUPITER hat rund 24.000 GH200-Superchips.", "24.000", "de", "actual"),
    # Spanish: future and conditional endings, cue words
    ("El campus contará con 900 MW de carga crítica.", "900 MW", "es", "planned"),
    ("La instalación tendrá una potencia de 1,2 gigavatios.", "1,2 gigavatios", "es", "planned"),
    ("Se espera que el centro alcance 500 MW.", "500 MW", "es", "planned"),
    ("La empresa prevé desplegar 20.000 GPU.", "20.000", "es", "planned"),
    ("Amazon planea invertir 15.700 millones de euros en Aragón.", "15.700 millones", "es", "planned"),
    ("A partir de 2027 el centro sumará 300 MW.", "300 MW", "es", "planned"),
    ("Está previsto que la primera fase tenga 200 MW.", "200 MW", "es", "planned"),
    ("Según la prensa, el proyecto costaría 3.000 millones de dólares.", "3.000 millones", "es", "reported"),
    ("El sistema podría alcanzar 1 GW.", "1 GW", "es", "hypothetical"),
    ("La batería del campus tiene 100 MW.", "100 MW", "es", "actual"),
    ("MareNostrum 5 tiene una potencia pico de 314 petaflops.", "314 petaflops", "es", "actual"),
])
def test_modality(sentence, figure, lang, expected):
    assert mode(sentence, figure, lang) == expected


def test_a_plan_in_another_clause_does_not_colour_the_figure():
    s = "The system has run since 2018 and will be replaced by a 40 MW successor, while the current one uses 2 MW."
    assert mode(s, "2 MW", "en") == "actual"


@pytest.mark.parametrize("sentence, figure, lang", [
    ("The facility holds 150,000 GPUs, where the company intends to train its models.", "150,000", "en"),
    ("How Dawn will compare with LUMI, which delivers 380 petaflops, is not yet known.", "380 petaflops", "en"),
    ("Hunter wird Hawk ersetzen, der bis zu 26 Petaflops liefert.", "26 Petaflops", "de"),
])
def test_a_relative_clause_has_its_own_modality(sentence, figure, lang):
    assert mode(sentence, figure, lang) == "actual"


@pytest.mark.parametrize("sentence, figure, lang, expected", [
    ("OpenAI a déclaré mardi qu'il ouvrirait un site de 1 GW au Texas.", "1 GW", "fr", "planned"),
    ("Le projet a coûté 3 milliards de dollars et doublera de taille l'an prochain.", "3 milliards", "fr", "actual"),
    ("Le supercalculateur, pour un coût total estimé à 500 millions d'euros, sera livré en 2026.", "500 millions", "fr",
     "reported"),
    ("The campus will draw an estimated 300 MW.", "300 MW", "en", "reported"),
    ("Amazon dijo que invertiría 15.700 millones de euros en Aragón.", "15.700 millones", "es", "planned"),
])
def test_speech_estimates_and_a_second_verb(sentence, figure, lang, expected):
    assert mode(sentence, figure, lang) == expected


@pytest.mark.parametrize("sentence, figure, lang", [
    ("The lab has 2,000 GPUs, on which researchers will train climate models.", "2,000", "en"),
    ("Le centre compte 1 500 GPU, avec lesquels les chercheurs entraîneront des modèles.", "1 500", "fr"),
    ("Das Zentrum in Garching hat 6.000 GPUs, mit denen Forscher künftig Modelle trainieren werden.", "6.000", "de"),
    ("El centro tiene 4.000 GPU, con las que los investigadores entrenarán modelos.", "4.000", "es"),
    # a conditional after "and" belongs to its own verb
    ("Le campus comprend 4 bâtiments et pourrait accueillir davantage de serveurs.", "4 bâtiments", "fr"),
    ("El campus tiene 3 edificios y podría sumar otros más adelante.", "3 edificios", "es"),
])
def test_a_relative_clause_with_a_preposition_or_a_second_verb_has_its_own_modality(sentence, figure, lang):
    assert mode(sentence, figure, lang) == "actual"


@pytest.mark.parametrize("sentence, figure, lang, expected", [
    # headlines: an infinitive announces, a label before a colon says what follows
    ("Oracle to deploy 50,000 AMD GPUs in its cloud", "50,000", "en", "planned"),
    ("The goal: 5 GW across three campuses by the end of the decade.", "5 GW", "en", "planned"),
    ("Das Ziel: 100.000 GPUs in Brandenburg.", "100.000", "de", "planned"),
    # approvals, budgets and compound investment nouns come before the building
    ("The county approved a 1.2 GW campus near Amarillo.", "1.2 GW", "en", "planned"),
    ("Das Investitionsvolumen liegt bei 2 Milliarden Euro.", "2 Milliarden", "de", "planned"),
    ("El programa, dotado con 500 millones de euros, financia la nueva máquina.", "500 millones", "es", "planned"),
    # a third party's allegation or an outlet's report
    ("Environmental groups alleged that the site ran 20 gas turbines.", "20", "en", "reported"),
    ("Bloomberg reports the Abu Dhabi campus will draw 1 GW.", "1 GW", "en", "reported"),
    ("The campus will span 3 million square feet, according to a county planning document.", "3 million", "en", "reported"),
    ("Le chantier est évalué à 80 millions d'euros.", "80 millions", "fr", "reported"),
    ("About 250 MW in service since March (SemiAnalysis report)", "250 MW", "en", "reported"),
    ("Rund 40 MW sollen bald in Betrieb gehen (laut Bericht).", "40 MW", "de", "reported"),
    ("Unos 60 MW entrarán en servicio en mayo (según informe del regulador).", "60 MW", "es", "reported"),
    ("Environ 30 MW fonctionnent déjà (rapport de la CRE).", "30 MW", "fr", "reported"),
    # the writer's own arithmetic
    ("That implies roughly 20,000 GPUs per building.", "20,000", "en", "hypothetical"),
    ("Le site consommera 100 MW, ce qui représente environ 5 000 GPU par bâtiment.", "5 000", "fr", "hypothetical"),
    ("Bei dieser Leistung erscheinen rund 300 Beschleuniger realistisch.", "300", "de", "hypothetical"),
    ("El centro gasta 50 MW, lo que equivale a unos 30.000 hogares.", "30.000", "es", "hypothetical"),
])
def test_headlines_budgets_allegations_and_arithmetic(sentence, figure, lang, expected):
    assert mode(sentence, figure, lang) == expected


def _claim(subject, attribute, modality, quote, lang="en"):
    from extract.claims import Claim
    return Claim(subject=subject, entity_id=None, attribute=attribute, hardware=None, value=1.0, low=1.0, high=1.0,
                 unit="MW", modality=modality, as_of=None, lang=lang, quote=quote, start=0, end=len(quote))


def test_an_uncued_figure_of_a_planned_site_is_planned():
    from extract.modality import settle
    got = settle([
        _claim("Crusoe Cheyenne", "power", "planned", "The Cheyenne campus will draw 1.8 GW."),
        _claim("Crusoe Cheyenne", "online_date", "planned", "It is due to open in 2027."),
        _claim("Crusoe Cheyenne", "power", "actual", "Its first building has a capacity of 200 MW."),
        _claim("Crusoe Cheyenne", "power", "actual", "A 100 MW substation is already operational on the site."),
        _claim("Frontier", "power", "actual", "Frontier draws 21 MW."),
    ])
    assert [c.modality for c in got] == ["planned", "planned", "planned", "actual", "actual"]


def test_figures_of_a_built_site_stay_actual():
    from extract.modality import settle
    cs = [_claim("JUPITER", "power", "actual", "JUPITER draws about 11 MW.", "en"),
          _claim("JUPITER", "power", "planned", "An upgrade will add 5 MW.", "en"),
          _claim("JUPITER", "online_date", "actual", "JUPITER was inaugurated in September.", "en")]
    assert [c.modality for c in settle(cs)] == ["actual", "planned", "actual"]


def test_a_machine_that_runs_stays_actual_in_an_article_about_its_plans():
    from extract.claims import extract_claims
    from datetime import date
    text = ("Colossus will double to 200,000 GPUs next year. It will add 150 MW of power. "
            "Colossus runs 100,000 Nvidia H100 GPUs.")
    got = {(c.value, c.modality) for c in extract_claims(text, "en", date(2024, 9, 3)) if c.attribute == "gpu_count"}
    assert (100000, "actual") in got


@pytest.mark.parametrize("text, lang, count", [
    ("La ampliación añadirá 1.000 GPU. El sistema estará equipado con 2.000 chips Blackwell. "
     "El MareNostrum 5 cuenta con 4.480 GPU H100.", "es", 4480),
    ("Jean Zay recevra 1 000 GPU de plus. Il accueillera aussi 2 000 puces Blackwell. "
     "Jean Zay dispose de 1 456 GPU H100.", "fr", 1456),
    ("JUPITER wird um 1.000 GPUs erweitert werden. Es soll weitere 2.000 Chips erhalten. "
     "JUPITER verfügt über 24.000 GH200-Superchips.", "de", 24000),
])
def test_a_machine_that_has_its_chips_stays_actual_in_an_article_about_its_plans(text, lang, count):
    from extract.claims import extract_claims
    from datetime import date
    got = {(c.value, c.modality) for c in extract_claims(text, lang, date(2025, 3, 1)) if c.attribute == "gpu_count"}
    assert (count, "actual") in got, got
