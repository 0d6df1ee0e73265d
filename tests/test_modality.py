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
