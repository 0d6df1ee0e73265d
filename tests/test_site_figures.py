"""Site figures, things that are not accelerator counts, and money that is not a cost, in English,
French, German and Spanish. Every sentence here is our own."""
from __future__ import annotations

from datetime import date

import pytest

from extract import claims as claims_mod
from extract import site_figures
from extract.claims import extract_claims


def _got(text: str, lang: str = "en") -> set[tuple[str, float]]:
    return {(c.attribute, round(c.value, 3) if isinstance(c.value, float) else c.value)
            for c in extract_claims(text, lang)}


def _attr(text: str, attribute: str, lang: str = "en") -> list:
    return [c for c in extract_claims(text, lang) if c.attribute == attribute]


# ---------------------------------------------------------------- areas

@pytest.mark.parametrize("text,lang,attribute,value", [
    ("Microsoft's Fairwater site in Mount Pleasant sits on a 315-acre parcel.", "en", "site_area", 315 * 4046.86),
    ("Fermi America's Amarillo campus covers about 5,800 acres of land.", "en", "site_area", 5800 * 4046.86),
    ("Its three buildings will hold 1.2 million square feet of data halls.", "en", "floor_area", 1.2e6 * 0.0929),
    ("The Lancaster facility will offer 3.1M sq ft.", "en", "floor_area", 3.1e6 * 0.0929),
    ("The Texas project is planned to cover 8 square miles.", "en", "site_area", 8 * 2589988.0),
    ("Le campus de Data4 à Nozay s'étend sur 110 hectares.", "fr", "site_area", 1.1e6),
    ("La salle informatique de Marseille occupera 7 400 m².", "fr", "floor_area", 7400.0),
    ("Le bâtiment offrira plus de 3 millions de pieds carrés de surface.", "fr", "floor_area", 3e6 * 0.0929),
    ("Das Rechenzentrum in Hanau entsteht auf 21 Hektar.", "de", "site_area", 2.1e5),
    ("Die Halle bietet 5300 Quadratmeter Fläche für Server.", "de", "floor_area", 5300.0),
    ("El campus de Microsoft en Aragón ocupará 163 hectáreas.", "es", "site_area", 1.63e6),
    ("La nave principal tendrá 4700 metros cuadrados.", "es", "floor_area", 4700.0),
    # the figure, its scale word and the unit joined into one adjective
    ("Vantage will build a 1.4-million-square-foot campus near Port Washington.", "en", "floor_area", 1.4e6 * 0.0929),
])
def test_areas_in_square_metres(text, lang, attribute, value):
    got = _attr(text, attribute, lang)
    assert got and got[0].value == pytest.approx(value, rel=1e-6), extract_claims(text, lang)
    assert got[0].unit == "m2"


def test_a_floor_unit_next_to_land_is_a_site_area():
    got = _attr("The developer bought a plot of 480,000 square metres of land near the river.", "site_area")
    assert got and got[0].value == pytest.approx(4.8e5)


def test_a_vague_area_on_a_site_keeps_its_interval():
    got = _attr("Le groupe a acquis un terrain de plusieurs dizaines de milliers de m² à Lyon.", "site_area", "fr")
    assert got and (got[0].low, got[0].high) == (1e4, 99_999)


def test_spanish_ha_as_a_verb_is_no_area():
    assert not _attr("La fase 2 ha comenzado en Cuenca.", "site_area", "es")
    assert _attr("Meta compró 17 ha de terreno en Toledo.", "site_area", "es")


def test_an_area_per_building_is_not_the_site():
    text = "Five halls stand on the site, each around 170,000 square feet."
    assert not _attr(text, "floor_area")


# ---------------------------------------------------------------- counts

@pytest.mark.parametrize("text,lang,attribute,value", [
    ("QTS plans 14 single-story data centers at its new campus in Georgia.", "en", "buildings", 14),
    ("The Iowa campus will hold five data center buildings.", "en", "buildings", 5),
    ("AWS will add 17 new data center buildings in Virginia.", "en", "buildings_added", 17),
    ("The campus ran 26 gas turbines on site last winter.", "en", "generation_units", 26),
    ("The plant next door operates nine turbines.", "en", "generation_units", 9),
    ("Frontier at Oak Ridge has 9,408 compute nodes.", "en", "nodes", 9408),
    ("Perlmutter's GPU partition adds 1792 computing nodes.", "en", "nodes", 1792),
    ("Aurora's blades sit in 166 racks at Argonne.", "en", "racks", 166),
    ("Microsoft has deployed 48 GB300 NVL72 racks in its Atlanta site.", "en", "systems", 48),
    ("Le projet de Cambrai comptera 7 bâtiments.", "fr", "buildings", 7),
    ("Le supercalculateur Jean Zay compte 364 nœuds H100.", "fr", "nodes", 364),
    ("Das Testmodul hat einen Schrank mit 28 Rechenknoten.", "de", "nodes", 28),
    ("In Garching kommen 44 HPE Cray EX2500-Knoten dazu.", "de", "nodes", 44),
    ("Die neue Partition belegt 78 Serverracks.", "de", "racks", 78),
    ("Der Campus in Frankfurt umfasst sieben Gebäude.", "de", "buildings", 7),
    ("El campus de Monterrey tendrá cinco edificios.", "es", "buildings", 5),
    ("El proyecto de Madrid suma 14 centros de datos.", "es", "buildings", 14),
    ("El superordenador reúne 412 nodos con GPU.", "es", "nodes", 412),
])
def test_site_counts(text, lang, attribute, value):
    got = _attr(text, attribute, lang)
    assert got and got[0].value == value, extract_claims(text, lang)
    assert not _attr(text, "gpu_count", lang)


def test_a_rack_scale_system_is_not_an_accelerator_count():
    assert ("gpu_count", 48) not in _got("Microsoft has deployed 48 GB300 NVL72 racks in Atlanta.")


def test_a_german_compound_of_servers_is_nodes():
    got = _attr("Geplant sind 720 Nvidia-HGX-B200-Systeme in Leipzig.", "nodes", "de")
    assert got and got[0].value == 720 and got[0].hardware == "B200"
    assert not _attr("Geplant sind 720 Nvidia-HGX-B200-Systeme in Leipzig.", "gpu_count", "de")


def test_dgx_systems_are_nodes_with_their_model():
    got = _attr("The lab installs 640 DGX B300 systems in Berlin.", "nodes")
    assert got and got[0].value == 640 and got[0].hardware == "B300"


@pytest.mark.parametrize("text,lang", [
    ("OpenAI and Oracle announced four new data centers for Stargate.", "en"),
    ("OpenAI prévoit quatre nouveaux centres de données au Texas.", "fr"),
    ("Stargate plant drei weitere Rechenzentren in Ohio.", "de"),
    ("The machine is one of seven Cray systems on the list.", "en"),
    ("The farm near Lubbock has 55 wind turbines.", "en"),
    ("Each rack holds 64 GPUs and 32 Grace CPUs.", "en"),
    ("Jeder Container fasst höchstens 14 Racks.", "de"),
    ("All four halls are meant for inference.", "en"),
    ("The utility added 12 new gas turbines at the plant.", "en"),
    ("The deal went to 40 Vantage Data Centers clients.", "en"),
])
def test_not_site_counts(text, lang):
    got = {c.attribute for c in extract_claims(text, lang)}
    assert not got & {"buildings", "buildings_added", "generation_units", "nodes", "racks", "systems"}, got


# ---------------------------------------------------------------- per-unit power and compute

def test_generator_units_and_their_power():
    got = _got("The site runs 12 turbines of 3.4 MW each.")
    assert ("generation_units", 12) in got and ("generation_unit_power", 3.4) in got
    assert not any(a == "power" for a, _ in got)


@pytest.mark.parametrize("text,lang", [
    ("The operator added 230 MW of Tesla Megapack battery storage.", "en"),
    ("Le site dispose de 230 MW de batteries.", "fr"),
    ("Am Standort stehen Batteriespeicher mit 230 MW.", "de"),
    ("El centro contará con 230 MW en baterías.", "es"),
])
def test_battery_power(text, lang):
    got = _attr(text, "battery_power", lang)
    assert got and got[0].value == 230, extract_claims(text, lang)
    assert not _attr(text, "power", lang)


@pytest.mark.parametrize("text,lang,value,hw", [
    ("Nvidia says each B300 GPU delivers 15 petaflops of FP4 compute.", "en", 1.5e16, "B300"),
    ("The cluster averages about 9 petaflops per GPU.", "en", 9e15, None),
    ("Chaque puce MI300X atteint 163,4 téraflops en FP32.", "fr", 1.634e14, "MI300X"),
    ("Jede H200 liefert 989 Teraflops.", "de", 9.89e14, "H200"),
])
def test_compute_per_accelerator(text, lang, value, hw):
    got = _attr(text, "accelerator_compute", lang)
    assert got and got[0].value == pytest.approx(value) and got[0].hardware == hw, extract_claims(text, lang)
    assert not _attr(text, "compute", lang)


@pytest.mark.parametrize("text,value", [
    ("Under load, one GB300 Blackwell package pulls roughly 1,400 W per GPU.", 1400.0),
    ("An H200 has a TDP of 700 W.", 700.0),
    ("Each accelerator pulls 1.1 kW under load.", 1100.0),
])
def test_watts_per_accelerator(text, value):
    got = _attr(text, "accelerator_power")
    assert got and got[0].value == pytest.approx(value), extract_claims(text)
    assert not _attr(text, "power")


def test_the_model_beats_its_family():
    got = _attr("Under load, one GB300 Blackwell package pulls roughly 1,400 W per GPU.", "accelerator_power")
    assert got[0].hardware == "GB300"


def test_megawatts_each_next_to_chips_are_site_power():
    text = "The two halls will draw 40 and 85 megawatts each, roughly 60,000 B200 chips in all."
    assert ("power", 85.0) in _got(text) and not _attr(text, "accelerator_power")


def test_rack_density_is_not_site_power():
    assert not _attr("The halls support up to 140 kW per rack.", "power")


# ---------------------------------------------------------------- not accelerator counts

@pytest.mark.parametrize("text,lang,bad", [
    ("TSMC makes these 2nm chips in Taiwan.", "en", 2),
    ("The 8U chassis holds eight GPUs.", "en", 8),
    ("Tenstorrent sells Wormhole 300 accelerators to labs.", "en", 300),
    ("Each MI300X GPU has 304 compute units.", "en", 304),
    ("The plant could power 420,000 homes or 15,000 GPUs.", "en", 420000),
    ("Since 4 October Nvidia GPUs have been shipping to the site.", "en", 4),
    ("In 2023 Nvidia GPUs were scarce.", "en", 2023),
    ("Each node has eight H100 SXM5 80GB GPUs.", "en", 80),
    ("The nodes use 141 GB H200 GPUs.", "en", 141),
    ("Seit 7. März laufen Nvidia-GPUs im Rechenzentrum.", "de", 7),
    ("El sistema usa 3000 procesadores y 700 GPU.", "es", 3000),
    ("Das System nutzt 3000 Prozessoren für die Simulation.", "de", 3000),
])
def test_not_accelerator_counts(text, lang, bad):
    assert ("gpu_count", bad) not in _got(text, lang), extract_claims(text, lang)


@pytest.mark.parametrize("text,lang,value", [
    ("Der Booster von Alps nutzt 10752 Grafikprozessoren.", "de", 10752),
    ("Der Cluster umfasst 3072 KI-Chips von Nvidia.", "de", 3072),
    ("Geplant sind bis zu 16384 spezialisierte Prozessoren.", "de", 16384),
    ("Im Rechenzentrum stehen 1792 Beschleuniger.", "de", 1792),
    ("Der Campus soll einmal 65000 KI-Spezialchips aufnehmen.", "de", 65000),
    ("Jülich betreibt 3600 Nvidia-Beschleuniger.", "de", 3600),
    ("El superordenador tendrá 5120 procesadores gráficos.", "es", 5120),
    ("La planta albergará 2600 tarjetas gráficas de Nvidia.", "es", 2600),
    ("El centro tendrá 768 aceleradores.", "es", 768),
    ("xAI instalará 7500 unidades de la GPU H200.", "es", 7500),
    ("Le site accueillera 1250 processeurs d'IA.", "fr", 1250),
    ("AWS rented out 2,400 Inferentia 2 chips and 1,600 Trainium 1 chips to the lab.", "en", 2400),
])
def test_accelerator_nouns_in_four_languages(text, lang, value):
    assert ("gpu_count", value) in _got(text, lang), extract_claims(text, lang)


def test_blackwell_names_the_family():
    got = _attr("CoreWeave will deploy 36,000 Blackwell GPUs in Texas.", "gpu_count")
    assert got and got[0].hardware == "Blackwell"


# ---------------------------------------------------------------- money that is not a cost

def test_a_valuation_in_its_own_clause_leaves_the_deal():
    got = _got("Anthropic, valued at $183 billion, signed a $30 billion compute deal with Microsoft.")
    assert ("cost", 30e9) in got and ("cost", 183e9) not in got


@pytest.mark.parametrize("text,lang", [
    ("xAI raised $6 billion in a Series C round.", "en"),
    ("Nvidia reported revenue of $46.7 billion for the quarter.", "en"),
    ("The AI chip market is expected to reach $311 billion by 2029.", "en"),
    ("Mistral AI a levé 600 millions d'euros en juin.", "fr"),
    ("Le chiffre d'affaires d'OVHcloud atteint 1 milliard d'euros.", "fr"),
    ("Microsoft made a $10 billion investment in OpenAI in 2023.", "en"),
    ("The state granted Lambda a loan of $45 million.", "en"),
    ("La région accorde un prêt de 35 millions d'euros à Sesterce.", "fr"),
])
def test_not_costs(text, lang):
    assert not _attr(text, "cost", lang), extract_claims(text, lang)


@pytest.mark.parametrize("sent,figure,expected", [
    ("Die Bewertung von Aleph Alpha lag bei 480 Millionen Euro.", "480", True),
    ("Der Umsatz stieg auf 4 Milliarden Euro.", "4", True),
    ("Die Finanzierungsrunde brachte 470 Millionen Euro.", "470", True),
    ("Der Bau des Rechenzentrums kostet 8 Milliarden Euro.", "8", False),
    ("La valoración de la empresa alcanza 5400 millones de euros.", "5400", True),
    ("Sus ingresos llegaron a 870 millones de euros.", "870", True),
    ("Cerró una ronda de financiación de 310 millones de euros.", "310", True),
    ("El campus costará 640 millones de euros.", "640", False),
    ("The county approved $92 billion of industrial revenue bonds for the campus.", "92", False),
])
def test_not_cost_words_in_german_and_spanish(sent, figure, expected):
    start = sent.index(figure)
    assert claims_mod._not_cost(sent, start, start + len(figure) + 20) is expected


def test_a_site_investment_is_a_cost_but_not_an_accelerator_per_rack():
    assert ("cost", 9e9) in _got("Google is investing $9 billion in its Oklahoma data center sites.")
    assert ("gpu_count", 576) not in _got("The Kyber design packs 576 GPUs per rack.")


def test_a_plain_investment_still_counts():
    assert ("cost", 2.16e9) in _got("Le campus de Data4 à Nozay coûtera 2 milliards d'euros.", "fr")


# ---------------------------------------------------------------- the data

def test_every_area_unit_compiles_and_reads_a_figure():
    for unit in ("acres", "ha", "km²", "sq ft", "m²", "Hektar", "hectáreas", "pieds carrés", "Quadratmeter"):
        assert site_figures.area_after(f"12 {unit}", 0, 2) is not None, unit


def test_a_power_figure_of_named_chips_carries_their_model():
    text = "Oracle will bring online 800 MW of AMD Instinct MI450 accelerators from the third quarter of 2026."
    (c,) = [c for c in extract_claims(text, "en", date(2025, 10, 1)) if c.attribute == "power"]
    assert c.hardware == "MI450"


def test_a_chip_in_the_next_clause_is_not_the_power_figures():
    text = "The Ohio campus will draw 900 MW, and Nvidia GB300 racks will fill its first hall."
    (c,) = [c for c in extract_claims(text, "en", date(2025, 10, 1)) if c.attribute == "power"]
    assert c.hardware is None


@pytest.mark.parametrize("text,lang", [
    ("The halls are designed for racks drawing up to 130 kilowatts each, and the campus for 1.2 GW.", "en"),
    ("Les baies de calcul monteront à 120 kW, contre 10 kW aujourd'hui.", "fr"),
    # kilowatts said of no site are a density: of a rack or a server, whatever word the sentence uses
    ("Avec l'IA, la densité grimpe à 140 kW, voire 200 kW avec les prochaines puces de Nvidia.", "fr"),
    ("With AI the need climbs to 120 kW, and more with the newest Nvidia systems.", "en"),
])
def test_kilowatts_of_a_rack_are_no_site_power(text, lang):
    assert [c.value for c in extract_claims(text, lang, date(2025, 10, 1)) if c.attribute == "power"] in ([], [1200.0])


def test_kilowatts_said_of_a_site_stay_its_power():
    text = "The edge site in Tromsø draws 800 kW from the local grid."
    assert [c.value for c in extract_claims(text, "en", date(2025, 10, 1)) if c.attribute == "power"] == [0.8]


@pytest.mark.parametrize("text,lang,expected", [
    ("The campus will draw up to 600 MW, fed by a new 1.5 GW substation.", "en", [600.0]),
    ("El campus tendrá una carga de hasta 300 MW, respaldada por una subestación de 1 GW.", "es", [300.0]),
    ("Le site consommera 250 MW grâce à un poste électrique de 400 MW construit par RTE.", "fr", [250.0]),
    ("Das Rechenzentrum braucht 180 Megawatt; das neue Umspannwerk ist für 500 Megawatt ausgelegt.", "de", [180.0]),
])
def test_a_substations_rating_is_no_site_power(text, lang, expected):
    assert [c.value for c in extract_claims(text, lang, date(2025, 10, 1)) if c.attribute == "power"] == expected


@pytest.mark.parametrize("text,lang", [
    ("A gigawatt of computing, enough to power roughly 800,000 homes, now costs about $50 billion to build.", "en"),
    ("Un gigawatt peut alimenter environ 900 000 foyers, rappelle l'opérateur.", "fr"),
    ("Ein Gigawatt reicht rechnerisch für rund zwei Millionen Haushalte.", "de"),
])
def test_a_power_measured_in_homes_is_no_site_power(text, lang):
    assert [c for c in extract_claims(text, lang, date(2025, 10, 1)) if c.attribute == "power"] == []


def test_a_site_power_beside_a_homes_comparison_later_in_the_sentence_stays():
    text = "The Ohio campus will draw 900 MW once complete; the state's grid serves five million homes."
    assert [c.value for c in extract_claims(text, "en", date(2025, 10, 1)) if c.attribute == "power"] == [900.0]


@pytest.mark.parametrize("text, lang", [
    ("Meta will build 1.5 GW of solar and storage capacity for its Louisiana campus.", "en"),
    ("Meta construira 1,5 GW d'énergie solaire pour son campus de Louisiane.", "fr"),
    ("Für den Campus entstehen 1,5 GW Solarleistung.", "de"),
    ("Meta construirá 1,5 GW de energía eólica para su campus.", "es"),
])
def test_a_plant_built_to_feed_the_site_is_not_its_power(text, lang):
    assert _attr(text, "power", lang) == []
