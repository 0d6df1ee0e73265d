"""Costs on sentences written by the team: ranges, the text's own dollar figure, currencies named once,
money that is not the cost of a site, and the modality of a cost, in English, French, German and Spanish."""
from __future__ import annotations

from datetime import date

import pytest

from extract import extract_claims


def costs(text: str, lang: str = "en"):
    return [c for c in extract_claims(text, lang, date(2025, 6, 1)) if c.attribute == "cost"]


@pytest.mark.parametrize("text, lang, low, high", [
    ("Analysts put the Memphis expansion at between $12 billion and $15 billion.", "en", 12e9, 15e9),
    ("The new Hillsboro campus should cost from $4 billion to $6 billion.", "en", 4e9, 6e9),
    ("Der Ausbau in Frankfurt kostet zwischen 2 Mrd. $ und 3 Mrd. $.", "de", 2e9, 3e9),
])
def test_a_range_with_its_currency_written_twice_is_one_cost(text, lang, low, high):
    got = costs(text, lang)
    assert len(got) == 1, got
    assert (got[0].low, got[0].high) == (low, high)


@pytest.mark.parametrize("text, low, high", [
    ("Analysts expect the Louisiana campus to cost tens of billions of dollars.", 1e10, 9.9e10),
    ("Building out all the sites could take hundreds of billions of dollars.", 1e11, 9.99e11),
])
def test_a_vague_amount_joined_to_its_currency_by_of(text, low, high):
    c, = costs(text)
    assert (c.low, c.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("text, lang, value", [
    # the dollar figure in brackets after the pound or rupee one
    ("The government will put £750 million (about $950 million) into the Edinburgh exascale machine.", "en", 950e6),
    ("India cleared ₹8,000 crore ($960 million) for subsidised GPU capacity.", "en", 960e6),
    # the dollar figure first, the local one in brackets
    ("Nebius pledged $1 billion (€925 million) for its Finnish campus.", "en", 1e9),
    ("Le gouvernement japonais a débloqué 150 milliards de yens (1 milliard de dollars) pour le centre.", "fr", 1e9),
])
def test_the_texts_own_dollar_figure_is_used(text, lang, value):
    got = costs(text, lang)
    assert [c.value for c in got] == [value], got


@pytest.mark.parametrize("text, lang, value", [
    # a figure, its scale word and its currency joined by hyphens into one adjective
    ("Amazon unveiled a $20-billion expansion of its Pennsylvania data centers.", "en", 20e9),
    ("Meta is building a 10-billion-dollar data center campus in Louisiana.", "en", 10e9),
    ("Schwarz Digits plant ein 11-Milliarden-Euro-Rechenzentrum in Lübbenau.", "de", 11e9 * 1.08),
])
def test_a_hyphenated_amount_is_one_figure(text, lang, value):
    got = costs(text, lang)
    assert [c.value for c in got] == [pytest.approx(value)], got


def test_a_converted_cost_is_widened_five_percent():
    c, = costs("Le groupe investira 500 millions d'euros dans son campus de Marseille.", "fr")
    assert c.value == pytest.approx(540e6)
    assert (c.low, c.high) == (pytest.approx(540e6 * 0.95), pytest.approx(540e6 * 1.05))


@pytest.mark.parametrize("text, lang, values", [
    ("Le fonds investira 30 milliards d'euros, dont 8 milliards pour la première tranche.", "fr", [32.4e9, 8.64e9]),
    ("Das Land stellt 5 Milliarden Euro bereit, davon 2 Milliarden für den ersten Bauabschnitt.", "de", [5.4e9, 2.16e9]),
    ("El grupo invertirá 9.000 millones de euros, de los cuales 3.000 millones irán a la primera fase.", "es",
     [9.72e9, 3.24e9]),
])
def test_a_currency_named_once_carries_to_the_part_after_it(text, lang, values):
    assert [c.value for c in costs(text, lang)] == [pytest.approx(v) for v in values]


@pytest.mark.parametrize("text, lang", [
    # annual spending is a budget line, not the cost of a facility
    ("Samsung intends to spend $5 billion annually on AI research and servers.", "en"),
    ("Le groupe consacrera 2 milliards d'euros par an à la recherche.", "fr"),
    ("Der Konzern will jährlich 3 Milliarden Euro in Forschung stecken.", "de"),
    ("La compañía destinará 1.000 millones de euros al año a investigación.", "es"),
    # equity and money put into a company, wherever the figure stands
    ("Apple's total investment in Anthropic came to about $4 billion.", "en"),
    # land bought for a site, and chip factories, are not the cost of a compute facility
    ("Google bought 300 acres of farmland for $40 million last spring.", "en"),
    ("TSMC is building a $65 billion semiconductor fab in Phoenix.", "en"),
    ("The county sold Amazon the land it purchased years ago for $12 million.", "en"),
    # what such a site costs in general, not what this one costs
    ("Analysts say a gigawatt of AI capacity can cost $40 billion.", "en"),
    ("Ein solches Rechenzentrum kann schnell 10 Milliarden Euro kosten.", "de"),
    ("Un centro así puede costar 5.000 millones de euros.", "es"),
    # prices per unit
    ("Data centres cost roughly $11 million per megawatt to build.", "en"),
    ("Each NVL72 rack sells for $3.5 million apiece.", "en"),
    ("Le mégawatt revient à 9 millions d'euros par MW installé.", "fr"),
    ("Ein Rack kostet rund 3 Millionen Euro pro Stück.", "de"),
    ("Cada rack cuesta 3 millones de dólares por unidad.", "es"),
    # money a company receives, and a funder's share of the cost
    ("Lambda announced a $480 million investment from a group of funds.", "en"),
])
def test_money_that_is_not_the_cost_of_a_site(text, lang):
    assert costs(text, lang) == []


@pytest.mark.parametrize("text, lang, value", [
    ("The first phase will cost $900 million, including $300 million in equity from the partners.", "en", 900e6),
    ("The machine cost $200 million in all, with $100 million contributed by the EuroHPC JU.", "en", 200e6),
    ("El sistema costará 150 millones de euros, y la Unión Europea aportará 75 millones de euros.", "es", 162e6),
])
def test_equity_or_a_funders_share_inside_a_cost_is_not_a_second_cost(text, lang, value):
    assert [c.value for c in costs(text, lang)] == [pytest.approx(value)]


@pytest.mark.parametrize("text, lang, expected", [
    # a cost with no tense of its own is what the project is to cost: a plan
    ("The Cheyenne campus carries a price tag of $1.2 billion.", "en", "planned"),
    ("Le budget du campus de Fouju atteint 10 milliards d'euros.", "fr", "planned"),
    ("Die Kosten für das Rechenzentrum in Hanau liegen bei 1 Milliarde Euro.", "de", "planned"),
    ("El presupuesto del centro de datos de Cáceres es de 600 millones de euros.", "es", "planned"),
    # money already spent is actual
    ("Building the Summit supercomputer cost $325 million.", "en", "actual"),
    ("Microsoft spent $13 billion on the Quincy campus.", "en", "actual"),
    ("Google invested $600 million in its Council Bluffs site in 2007.", "en", "actual"),
    ("Le chantier a coûté 200 millions d'euros.", "fr", "actual"),
    ("Der Bau des Rechners kostete 500 Millionen Euro.", "de", "actual"),
    ("La obra costó 300 millones de euros.", "es", "actual"),
    # money to be paid is a plan, whatever verb carries it
    ("Oracle will be paid $30 billion a decade from now under the Abilene lease.", "en", "planned"),
    ("The Abilene lease, worth $30 billion, is to be paid over fifteen years.", "en", "planned"),
    # a valuation or an estimate is reported
    ("La deuxième phase est évaluée à 300 millions d'euros.", "fr", "reported"),
    ("La primera etapa, estimada entre 2.000 y 3.000 millones de dólares, empezará en 2027.", "es", "reported"),
])
def test_modality_of_a_cost(text, lang, expected):
    got = costs(text, lang)
    assert len(got) == 1, got
    assert got[0].modality == expected


# Canadian and Australian papers write their own dollar as a bare "$" or "dollars"; the article's places say whose
@pytest.mark.parametrize("text, lang, value", [
    ("QScale bâtira un second campus à Lévis, près de Québec. Le chantier de la première phase est évalué à "
     "200 millions $. Le campus de Lévis aura une puissance de 90 MW.", "fr", 200e6 * 0.74),
    ("Le projet de Lévis, au Québec, est évalué à 600 millions de dollars. L'usine de Lévis ouvrira en 2027.",
     "fr", 600e6 * 0.74),
    ("The Toronto campus will cost $1.2 billion, the Ontario government said. Construction in Toronto, Canada's "
     "largest city, starts next year.", "en", 1.2e9 * 0.74),
])
def test_a_bare_dollar_in_a_canadian_story_is_a_canadian_dollar(text, lang, value):
    c, = costs(text, lang)
    assert c.value == pytest.approx(value)


@pytest.mark.parametrize("text, lang, value", [
    # US dollars named as such stay US dollars, wherever the story is
    ("The Toronto campus will cost US$1.2 billion. Construction in Toronto starts next year.", "en", 1.2e9),
    ("Le projet de Lévis est évalué à 600 millions de dollars américains. L'usine de Lévis ouvrira en 2027.", "fr",
     600e6),
    # a story placed in the United States keeps the bare dollar American
    ("The Abilene campus will cost $15 billion. Abilene, Texas, expects the first building next year.", "en", 15e9),
])
def test_a_dollar_named_as_american_or_in_an_american_story_stays_american(text, lang, value):
    c, = costs(text, lang)
    assert c.value == pytest.approx(value)
