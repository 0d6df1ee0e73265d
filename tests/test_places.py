"""Places stated for a site, in English, French, German and Spanish (sentences written for these tests)."""
import pytest

from extract import places


def values(sentence, lang=None, context=None):
    return [p.value for p in places.find_places(sentence, 0, lang, context)]


# --- values: most specific part first, English names, the country at the end ----------------------

def test_town_and_state_from_the_text_and_the_gazetteer():
    assert values("Google runs a large data center in The Dalles, Oregon.") == ["The Dalles, Oregon, US"]
    assert values("The supercomputer is installed in Lugano.") == ["Lugano, Switzerland"]


@pytest.mark.parametrize("context, sentence, expected", [
    ("Amazon is building two data center campuses in Pennsylvania.",
     "The Falls Township campus is expected to draw up to 960 megawatts once complete.",
     "Falls Township, Pennsylvania, US"),
    ("Oracle and OpenAI chose New Mexico for their next campus.",
     "Its Doña Ana County site will cost $165 billion.", "Doña Ana County, New Mexico, US"),
])
def test_a_county_or_township_of_the_state_the_text_names_stands_before_a_site_noun(context, sentence, expected):
    assert values(sentence, "en", context + " " + sentence) == [expected]


def test_county_township_and_parish_are_places():
    assert values("The 1 GW campus will rise in Milam County.") == ["Milam County, Texas, US"]
    assert values("A hyperscale campus is planned in Saline Township, Michigan.") == \
        ["Saline Township, Michigan, US"]
    assert values("Meta is building its largest data center in Richland Parish.") == \
        ["Richland Parish, Louisiana, US"]


def test_a_list_of_states_gives_one_place_each():
    assert values("The company has announced data center sites in Texas, Ohio and New Mexico.") == \
        ["Texas, US", "Ohio, US", "New Mexico, US"]
    assert values("Campuses will be built in Lordstown, Ohio; Milam County, Texas; and in Wisconsin.") == \
        ["Lordstown, Ohio, US", "Milam County, Texas, US", "Wisconsin, US"]


def test_bulleted_sites():
    assert values("The new sites: • Shackelford County, Texas • Lordstown, Ohio") == \
        ["Shackelford County, Texas, US", "Lordstown, Ohio, US"]


def test_a_country_named_alone_places_a_site():
    assert values("The firm will build a data centre in Norway.") == ["Norway"]
    assert values("Two more supercomputers will be deployed in the United States next year.") == ["United States"]


def test_the_state_named_in_the_text_chooses_among_towns_of_one_name():
    text = "The Wisconsin project was approved. The campus in Port Washington will draw 1 GW."
    assert values("The campus in Port Washington will draw 1 GW.", "en", text) == ["Port Washington, Wisconsin, US"]


def test_a_small_town_needs_its_state_or_country_named():
    assert values("The data center campus will be built in Lordstown.") == []
    assert values("The data center campus will be built in Lordstown.", "en", "An Ohio project.") == \
        ["Lordstown, Ohio, US"]


def test_a_town_shortened_after_its_full_name_keeps_it():
    text = "Meta invertirá en Talavera de la Reina. El centro de datos se construirá en Talavera, junto al río."
    assert values("El centro de datos se construirá en Talavera, junto al río.", "es", text) == \
        ["Talavera de la Reina, Spain"]


def test_town_named_before_a_site_noun():
    assert values("xAI's Memphis site now runs 200,000 GPUs.") == ["Memphis, Tennessee, US"]


# --- French, German, Spanish ------------------------------------------------------------------

def test_french_department_and_town():
    assert values("Le supercalculateur sera installé à Bruyères-le-Châtel, dans l'Essonne.", "fr") == \
        ["Bruyères-le-Châtel, Essonne, Île-de-France, France"]
    assert values("Le groupe construit un centre de données dans l'Essonne.", "fr") == \
        ["Essonne, Île-de-France, France"]
    assert values("Le futur campus sera implanté en Norvège.", "fr") == ["Norway"]


def test_french_town_is_the_french_one():
    assert values("La société va ouvrir un datacenter à Valence (Drôme).", "fr") == \
        ["Valence, Drôme, Auvergne-Rhône-Alpes, France"]


def test_french_county_wording():
    assert values("Oracle ouvrira un site dans le comté de Milam, au Texas.", "fr") == ["Milam County, Texas, US"]


def test_german_region_adjective_and_near():
    assert values("Der Konzern baut im bayerischen Garching ein neues Rechenzentrum.", "de") == \
        ["Garching, Bavaria, Germany"]
    assert values("Das Rechenzentrum entsteht in der Nähe von Leipzig.", "de") == ["Leipzig, Germany"]
    assert values("Microsoft investiert in Rechenzentren in Nordrhein-Westfalen und Bayern.", "de") == \
        ["North Rhine-Westphalia, Germany", "Bavaria, Germany"]


def test_german_noun_after_an_article_is_no_town():
    assert values("Der Konzern will in den Neubau von Rechenzentren investieren.", "de") == []


def test_spanish_town_province_and_exonyms():
    assert values("Meta construirá un centro de datos en Talavera de la Reina.", "es") == \
        ["Talavera de la Reina, Spain"]
    assert values("El campus de datos se levantará en la provincia de Huesca.", "es") == ["Huesca, Aragon, Spain"]
    assert values("La empresa invertirá en un centro de datos en Baviera.", "es") == ["Bavaria, Germany"]


def test_spanish_list_of_towns():
    assert values("Amazon opera centros de datos en Villanueva de Gállego, Huesca y El Burgo de Ebro, en Aragón.",
                  "es") == ["Villanueva de Gállego, Spain", "Huesca, Spain", "El Burgo de Ebro, Aragon, Spain"]


def test_industrial_estates_are_the_most_specific_part():
    assert values("La nave se levantará en el polígono industrial Las Arenas de Toledo, junto al río.", "es") == \
        ["Polígono industrial Las Arenas, Toledo, Spain"]
    assert values("The company will build two data centers at the Riverside Business Park in Salem, Oregon.") == \
        ["Riverside Business Park, Salem, Oregon, US"]


def test_a_region_written_in_lower_case():
    assert values("Un datacenter de 80 MW sera implanté en région parisienne.", "fr") == \
        ["Paris region, Île-de-France, France"]


# --- research centres ---------------------------------------------------------------------------

def test_national_laboratories_stand_for_their_town():
    assert values("Aurora is housed at Argonne National Laboratory.") == \
        ["Argonne National Laboratory, Lemont, Illinois, US"]
    assert values("El Capitan at Lawrence Livermore and Frontier at Oak Ridge lead the list.") == \
        ["Lawrence Livermore, Livermore, California, US", "Oak Ridge, Tennessee, US"]
    assert values("In Spain, MareNostrum 5 sits at the Barcelona Supercomputing Center (BSC), Barcelona.") == \
        ["Barcelona Supercomputing Center, Barcelona, Catalonia, Spain"]


def test_french_and_german_research_centres():
    assert values("La machine sera hébergée au TGCC du CEA.", "fr") == ["TGCC, Bruyères-le-Châtel, Essonne, France"]
    assert values("Das System wird am Leibniz-Rechenzentrum aufgebaut.", "de") == \
        ["Leibniz-Rechenzentrum, Garching, Bavaria, Germany"]


# --- false places ---------------------------------------------------------------------------------

def test_a_place_inside_another_name_is_none():
    assert values("Texas Instruments opened a new plant last year.") == []
    assert values("The site near Lake Michigan Drive will use lake water.") == []
    assert values("The facility near Sheridan Avenue is being expanded.") == []
    assert values("The campus will cover 1,000 acres near the Texas–New Mexico border.") == []


def test_an_unknown_capitalised_name_is_no_place():
    assert values("The cluster at Gigawatt Ventures runs 100,000 GPUs.") == []
    assert values("A campus near South Lincoln is being built.") == []


def test_events_offices_and_datelines_place_no_site():
    assert values("At a summit on artificial intelligence in Paris, the UAE said it would build a data centre.") == []
    assert values("The Seattle-based company will build a campus.") == []
    assert values("LONDON, UK, March 3 (WIRE) -- The company will build a data centre.") == []


def test_a_country_that_frames_a_comparison_places_nothing():
    assert values("It is one of the largest data center campuses in the United States.") == []
    assert values("The plan adds to a wave of data center projects across Ohio.") == []
    assert values("The new campus is central to the UK's plans for AI.") == []


def test_a_landmark_after_near_is_not_the_site():
    assert values("The campus will rise in Saline Township, Michigan, near Ann Arbor.") == \
        ["Saline Township, Michigan, US"]


# --- what decides whether a place is the site's --------------------------------------------------

def test_a_town_given_by_its_distance_from_another_is_a_landmark():
    # "N miles west of X and near Y" measures from towns; they place no site
    assert values("The campus sits in Laramie County, about 100 miles north of Denver and near Fort Collins.",
                  "en") == ["Laramie County, Wyoming, US"]
    assert values("Das Rechenzentrum in Freilassing liegt 30 Kilometer westlich von Salzburg und nahe Traunstein.",
                  "de") == ["Freilassing, Germany"]


def test_a_town_near_a_stated_one_is_a_landmark_whatever_the_order_of_the_rules():
    assert values("Le centre de données sera construit à Massy, près d'Orsay (Essonne).", "fr") == \
        ["Massy, France"]
    assert values("The campus in Prineville, Oregon (with ties to Portland, Oregon) draws 300 MW.", "en") == \
        ["Prineville, Oregon, US"]


def test_a_country_that_owns_something_places_nothing():
    assert values("The plan puts Wales at the heart of the UK’s data centre boom.", "en") == []
    assert values("Germany’s largest AI data centre will open in 2026.", "en") == []


def test_an_all_capitals_town_before_a_comma_is_a_dateline():
    assert values(" posted 2025-03-04 DUBLIN, Ireland, March 4, 2025 (BUSINESS WIRE) --", "en") == []


def test_german_am_before_a_capitalised_noun_is_no_town():
    # German writes "in" before a town; "am Ende", "am Rande" are nouns that may also be foreign towns
    assert values("In den Hallen sollen am Ende Tausende Chips installiert sein.", "de") == []


def test_other_sites_named_for_comparison_are_not_the_sites_place():
    assert values("The system was deployed alongside machines in Poland, Czechia and Greece.", "en") == []
    assert values("Das Rechenzentrum wurde neben ähnlichen Anlagen in Polen und Italien gebaut.", "de") == []


def test_sites_coming_to_a_state():
    assert values("New data centers coming to Georgia and Arizona will be run by the firm.", "en") == \
        ["Georgia, US", "Arizona, US"]


def test_the_states_is_the_united_states():
    assert values("Two more clusters will be deployed in the States next year.", "en") == ["United States"]


def test_a_region_right_after_a_town_qualifies_it():
    assert values("Le site, situé à Saclay en Essonne, ouvrira en 2026.", "fr") == \
        ["Saclay, Essonne, Île-de-France, France"]


def test_a_machine_named_in_a_comparison_keeps_its_own_place():
    assert values("Europe already hosts machines such as MareNostrum in Spain.", "en") == ["Spain"]


def test_where_a_company_is_based_is_no_site():
    assert values("The developer, based in Houston, will build a 300 MW campus in Amarillo, Texas.", "en") == \
        ["Amarillo, Texas, US"]
    assert values("L'opérateur, basé à Lille, construira un centre de données à Strasbourg.", "fr") == \
        ["Strasbourg, France"]
    assert values("La empresa, con sede en Bilbao, construirá un centro de datos en Sevilla.", "es") == \
        ["Sevilla, Spain"]


def test_a_site_named_after_an_office_or_an_event_in_the_same_sentence_keeps_its_place():
    assert values("Der Konzern mit Sitz in Stuttgart baut ein Rechenzentrum in Leipzig.", "de") == ["Leipzig, Germany"]
    assert values("Speaking at a summit in Davos, the chief executive said the data center in Amarillo, Texas "
                  "would open next year.", "en") == ["Amarillo, Texas, US"]


def test_us_state_abbreviations_after_a_town():
    assert values("The campus at 500 Commerce Drive, Port Washington, WI 53074 opens in 2027.", "en") == \
        ["Port Washington, Wisconsin, US"]
    assert values("The new data center in Cheyenne, Wyo., draws 100 MW.", "en") == ["Cheyenne, Wyoming, US"]


def test_a_settlement_noun_with_a_regional_adjective():
    assert values("El centro de datos estará en la localidad madrileña de Alcobendas.", "es") == \
        ["Alcobendas, Spain"]
    assert values("Le site sera construit dans la commune nordiste de Lens.", "fr") == ["Lens, France"]


def test_a_french_department_after_dans_les_qualifies_the_town():
    assert values("Le site sera construit à Poissy, dans les Yvelines.", "fr") == \
        ["Poissy, Yvelines, Île-de-France, France"]


def test_a_place_that_hosts_the_site():
    assert values("Navarra albergará un centro de datos de 300 MW.", "es") == ["Navarre, Spain"]
    assert values("Cheyenne, Wyoming, will host the new 1.8 GW campus.", "en") == ["Cheyenne, Wyoming, US"]
    assert values("Le Grand Est accueillera deux nouveaux centres de données.", "fr") == ["Grand Est, France"]


def test_an_announcement_venue_or_households_place_no_site():
    assert values("The company announced in Riyadh on Tuesday that it will build a campus in Texas.", "en") == \
        ["Texas, US"]
    assert values("La compañía anunció en Madrid un centro de datos en Toledo.", "es") == ["Toledo, Spain"]
    assert values("The 1 GW campus will use as much power as 750,000 homes in Georgia.", "en") == []
    assert values("Der Bedarf entspricht dem von 200.000 Haushalten in Sachsen.", "de") == []


def test_an_event_named_before_a_comma_still_places_the_event():
    assert values("Au salon VivaTech, à Paris, le groupe a présenté son projet.", "fr") == []


def test_an_unknown_settlement_at_the_end_of_a_sentence_has_no_full_stop():
    assert values("El campus se ubicará en el municipio turolense de Alcañiz Viejo.", "es") == ["Alcañiz Viejo"]


def test_a_name_set_in_apposition_to_a_settlement_noun_is_a_town():
    assert values("Marnay, un petit village de 500 habitants, va accueillir un centre de données.", "fr") == \
        ["Marnay, France"]


def test_an_unknown_town_qualified_by_its_department_in_brackets():
    assert values("Le campus sera construit à Montereau-sur-le-Jard (Seine-et-Marne).", "fr") == \
        ["Montereau-sur-le-Jard, Seine-et-Marne, Île-de-France, France"]


def test_a_country_given_by_its_adjective_after_soil_or_territory():
    assert values("Le groupe veut bâtir un centre de données sur le sol italien.", "fr") == ["Italy"]
    assert values("The chips will be installed in a data center on Japanese soil.", "en") == ["Japan"]
    assert values("Das Rechenzentrum soll auf spanischem Boden entstehen.", "de") == ["Spain"]
    assert values("El centro de datos se construirá en territorio francés.", "es") == ["France"]
    assert values("The French startup raised money for its models.", "en") == []


def test_a_word_inside_a_state_name_is_no_hint_of_its_own():
    # "New Mexico" names no Mexico, "Western Australia" no Australia: else a town of one name is taken abroad
    assert places.document_hints("The New Mexico county board approved the plan.") == {"US", "New Mexico"}
    assert "US" in places.document_hints("Campuses rise in New Mexico and in Mexico.") and \
        "MX" in places.document_hints("Campuses rise in New Mexico and in Mexico.")


def test_a_region_in_the_possessive_qualifies_the_place_after_it():
    assert values("The data center will rise in Northern Virginia's Loudoun County.", "en") == \
        ["Loudoun County, Northern Virginia, Virginia, US"]
    assert values("The campus is planned in Georgia's Douglas County.", "en") == ["Douglas County, Georgia, US"]


def test_a_state_after_in_the_state_of_qualifies_the_town():
    assert values("The 300 MW campus in Hyderabad, in the southern state of Telangana, opens next year.", "en") == \
        ["Hyderabad, Telangana, India"]


def test_a_county_after_a_township_qualifies_it():
    assert values("The campus will be located in Hanover Township in Lehigh County.", "en") == \
        ["Hanover Township, Lehigh County, Pennsylvania, US"]


def test_an_estate_named_after_its_town_gives_the_town():
    assert values("Le centre de données sera construit dans la zone industrielle de Fos-sur-Mer.", "fr") == \
        ["Fos-sur-Mer, France"]
    assert values("Das Rechenzentrum entsteht im Gewerbegebiet von Dietzenbach.", "de") == ["Dietzenbach, Germany"]


def test_a_district_or_municipal_area_names_a_place():
    assert values("Der Campus wird im Landkreis Oberhavel gebaut.", "de") == ["Oberhavel"]
    assert values("El campus estará en el término municipal de Alfajarín.", "es") == ["Alfajarín, Spain"]


def test_a_town_named_with_area():
    assert values("The Phoenix-area campus will draw 500 MW.", "en") == ["Phoenix, Arizona, US"]


def test_a_province_named_after_its_capital_qualifies_a_town():
    assert values("El centro de datos estará en Illescas (Toledo).", "es") == ["Illescas, Toledo, Spain"]
    assert values("El campus estará en el término municipal de Alfajarín, en Zaragoza.", "es") == \
        ["Alfajarín, Zaragoza, Spain"]
    # a list of towns is no town and its province
    assert values("Los centros de datos estarán en Illescas, Toledo y Segovia.", "es") == \
        ["Illescas, Spain", "Toledo, Spain", "Segovia, Spain"]


def test_a_german_noun_before_bei_is_no_town_the_landmark_would_follow():
    assert values("Der Konzern plant ein Rechenzentrum bei Magdeburg.", "de") == ["Magdeburg, Germany"]
    assert values("Die Anlage steht in Garching bei München.", "de") == ["Garching, Germany"]


def test_an_estate_named_after_a_small_town_of_several_words():
    assert values("El proyecto se ubicará en el polígono industrial de Cabanillas del Campo.", "es") == \
        ["Cabanillas del Campo, Spain"]


def test_french_plural_site_nouns_before_de():
    assert values("Le groupe agrandit ses centres de données d'Île-de-France.", "fr") == ["Île-de-France, France"]


def test_would_like_and_how_are_no_comparisons():
    assert values("The company would like to build data centers in Ohio.", "en") == ["Ohio, US"]
    assert values("Wie könnten wir nicht in Polen ein Rechenzentrum bauen?", "de") == ["Poland"]


def test_a_country_home_to_many_sites_places_none():
    assert values("Ireland is home to many of Europe's largest data centres.", "en") == []


def test_a_world_city_named_alone_in_english_is_the_city_not_a_home_namesake():
    from extract.places import find_places
    assert [p.value for p in find_places("The company runs data centres in Paris and Lyon.", 0, "en")] == [
        "Paris, France", "Lyon, France"]


@pytest.mark.parametrize("text,lang", [
    ("The Ohio hub is the second of the family, following a similar facility in Wisconsin.", "en"),
    ("Le campus de Lyon sera semblable à celui construit au Texas.", "fr"),
])
def test_a_facility_the_site_follows_or_resembles_is_placed_apart(text, lang):
    from extract.places import find_places
    assert not any(v in p.value for p in places.find_places(text, 0, lang) for v in ("Wisconsin", "Texas"))


def test_a_small_us_town_is_american_when_the_text_names_the_united_states():
    text = ("County officials approved the project last week. The campus to be built in Santa Teresa would rank among "
            "the biggest AI sites anywhere in the United States.")
    assert [p.value for p in places.find_places(text, 0, "en", text)] == ["Santa Teresa, New Mexico, US"]


def test_naming_the_united_states_does_not_move_a_world_city_or_a_home_town():
    text = "The United States leads the race, but Mistral will build its campus near Paris."
    assert [p.value for p in places.find_places(text, 0, "en", text)] == ["Paris, France"]
    text = "La Comunitat ha atraído inversiones de Estados Unidos para un centro de datos en Valencia."
    assert [p.value for p in places.find_places(text, 0, "es", text)] == ["Valencia, Spain"]


def test_a_place_in_another_state_is_not_the_location_of_a_site_the_sentence_does_not_name():
    from datetime import date
    from extract import extract_claims
    text = ("Project Jupiter, a campus in Santa Teresa, New Mexico, won county approval. The campus in Santa Teresa "
            "will draw 1 GW. The Oregon data center takes up 4.6 million square feet.")
    locs = [c.place for c in extract_claims(text, "en", date(2025, 10, 1), title="Project Jupiter")
            if c.attribute == "location"]
    assert "Oregon, US" not in locs and any(v.startswith("Santa Teresa") for v in locs), locs


@pytest.mark.parametrize("a, b, apart", [
    ("Port Washington, Wisconsin, US", "Midwest, US", False),  # the Midwest holds Wisconsin
    ("Doña Ana County, New Mexico, US", "Midwest, US", True),
    ("Aragon, Spain", "Polígono Walqa", False),  # a place with no known country is not known to lie apart
    ("Texas, US", "Oregon, US", True),
    ("Madrid, Spain", "Lyon, France", True),
])
def test_regions_apart(a, b, apart):
    assert places.region_apart(a, b) is apart and places.region_apart(b, a) is apart


def test_a_town_filed_under_its_minority_name_is_found_by_its_official_one():
    # GeoNames files Lübbenau under its Sorbian name; the official double name gives the German one
    text = "Spatenstich in Lübbenau: der Konzern baut dort ein Rechenzentrum."
    assert [p.value for p in places.find_places(text, 0, "de", text)] == ["Lübbenau, Germany"]
