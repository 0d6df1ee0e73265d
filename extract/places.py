"""Where a cluster is: "City, State" with a gazetteer of regions, in English and French."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract import gazetteer
from extract._fast_regex import dispatched, trie

# Regions that end a "City, Region" location, with their French spellings mapped to English.
_REGIONS = {
    "Alabama": "Alabama", "Arizona": "Arizona", "Arkansas": "Arkansas", "California": "California",
    "Californie": "California", "Colorado": "Colorado", "Georgia": "Georgia", "Géorgie": "Georgia",
    "Idaho": "Idaho", "Illinois": "Illinois", "Indiana": "Indiana", "Iowa": "Iowa", "Kansas": "Kansas",
    "Kentucky": "Kentucky", "Louisiana": "Louisiana", "Louisiane": "Louisiana", "Maryland": "Maryland",
    "Michigan": "Michigan", "Minnesota": "Minnesota", "Mississippi": "Mississippi", "Missouri": "Missouri",
    "Montana": "Montana", "Nebraska": "Nebraska", "Nevada": "Nevada", "New Mexico": "New Mexico",
    "Nouveau-Mexique": "New Mexico", "New York": "New York", "North Carolina": "North Carolina",
    "Caroline du Nord": "North Carolina", "North Dakota": "North Dakota", "Dakota du Nord": "North Dakota",
    "Ohio": "Ohio", "Oklahoma": "Oklahoma", "Oregon": "Oregon", "Pennsylvania": "Pennsylvania",
    "Pennsylvanie": "Pennsylvania", "South Carolina": "South Carolina", "Caroline du Sud": "South Carolina",
    "Tennessee": "Tennessee", "Texas": "Texas", "Utah": "Utah", "Virginia": "Virginia", "Virginie": "Virginia",
    "Washington": "Washington", "Wisconsin": "Wisconsin", "Wyoming": "Wyoming",
    "France": "France", "Germany": "Germany", "Allemagne": "Germany", "United Kingdom": "United Kingdom",
    "Royaume-Uni": "United Kingdom", "UK": "United Kingdom", "England": "England", "Angleterre": "England",
    "Scotland": "Scotland", "Écosse": "Scotland", "Norway": "Norway", "Norvège": "Norway", "Sweden": "Sweden",
    "Suède": "Sweden", "Finland": "Finland", "Finlande": "Finland", "Switzerland": "Switzerland",
    "Suisse": "Switzerland", "Italy": "Italy", "Italie": "Italy", "Spain": "Spain", "Espagne": "Spain",
    "Japan": "Japan", "Japon": "Japan", "India": "India", "Inde": "India", "UAE": "UAE",
    "United Arab Emirates": "United Arab Emirates", "Émirats arabes unis": "United Arab Emirates",
    "Saudi Arabia": "Saudi Arabia", "Arabie saoudite": "Saudi Arabia", "Canada": "Canada", "Quebec": "Quebec",
    "Québec": "Quebec", "Australia": "Australia", "Australie": "Australia", "Essonne": "Essonne",
    "Essex": "Essex", "Ticino": "Ticino", "Tessin": "Ticino", "Bavaria": "Bavaria", "Bavière": "Bavaria",
    "Netherlands": "Netherlands", "Pays-Bas": "Netherlands", "Denmark": "Denmark", "Danemark": "Denmark",
    "Iceland": "Iceland", "Islande": "Iceland", "Portugal": "Portugal", "Poland": "Poland", "Pologne": "Poland",
    "Ireland": "Ireland", "Irlande": "Ireland", "Belgium": "Belgium", "Belgique": "Belgium", "Austria": "Austria",
    "Autriche": "Austria", "Singapore": "Singapore", "Singapour": "Singapore", "Korea": "Korea", "Corée": "Korea",
    "South Korea": "South Korea", "Corée du Sud": "South Korea", "Taiwan": "Taiwan", "Malaysia": "Malaysia",
    "Malaisie": "Malaysia", "Indonesia": "Indonesia", "Indonésie": "Indonesia", "Brazil": "Brazil", "Brésil": "Brazil",
    "Mexico": "Mexico", "Mexique": "Mexico", "Chile": "Chile", "Chili": "Chile", "Qatar": "Qatar", "Israel": "Israel",
    "Israël": "Israel", "Wales": "Wales", "Pays de Galles": "Wales", "Massachusetts": "Massachusetts",
    "New Jersey": "New Jersey", "Florida": "Florida", "Floride": "Florida", "Alberta": "Alberta", "Ontario": "Ontario",
}
# French regions take an article that the English value drops
_REGION_ARTICLE = r"(?:au|en|aux|dans\s+l['’]État\s+du|dans\s+l['’]État\s+de|dans\s+le|dans\s+la|dans\s+les|dans\s+l['’]|in|in\s+the)"
REGIONS = frozenset(_REGIONS)
_REGION_ALT = trie(sorted(_REGIONS, key=len, reverse=True), space=" ", ignorecase=False)  # longest first
_CITY = r"[A-Z][\w'’.-]+(?:[ -](?:[A-Z][\w'’.-]+|du|de|la|sur))*"
_CITY_REGION = re.compile(
    rf"(?<![\w])(?P<city>{_CITY})(?:,\s+|\s+\(\s*|,\s+{_REGION_ARTICLE}\s*)(?P<region>{_REGION_ALT})(?![\w-])"
)
# "the Colossus cluster in south Memphis", "installé à Lugano", "construit à Bruyères-le-Châtel"
_SITE_WORDS = (r"(?:cluster|supercluster|supercomputer|system|machine|campus|site|facility|data\s?cent(?:er|re)s?|plant|"
               r"factory|building|supercalculateur|superordinateur|centre\s+de\s+données|campus|usine|centre|"
               r"located|based|installed|housed|hosted|built|sits|sited|situated|situé|située|installé|installée|"
               r"hébergé|hébergée|construit|construite|implanté|implantée|basé|basée)")
_AT_CITY = re.compile(
    rf"\b{_SITE_WORDS}\b[^.;:!?]{{0,80}}?(?:\b(?:in|at|near|outside|à|près\s+de|(?:south|north|east|west)\s+of)|"
    rf"\bau\s+(?:sud|nord|est|ouest)\s+de)\s+(?:(?:south|north|east|west|southern|northern|downtown|rural)\s+)?"
    rf"(?P<city>{_CITY})"
)
# "le campus d'Abilene", "son centre de Glomfjord", "the Memphis site"
_SITE_OF_CITY = re.compile(rf"\b(?:campus|site|centre|center|usine|plant|data\s?cent(?:er|re))\s+d(?:e\s+|['’]\s*)(?P<city>{_CITY})")
# a sentence that opens on the place: "In Loughton, Essex, ...", "À Kajaani, dans le centre ..."
_OPENING_WORDS = ("In", "At", "À", "A", "Near", "Près")
_OPENING_CITY = re.compile(rf"(?:^|(?<=[—–]\s))(?:In|At|À|A|Near|Près\s+de)\s+(?P<city>{_CITY})\s*,")
_MONTHS_DAYS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                "Q1", "Q2", "Q3", "Q4", "Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août"}
_CUE_WORDS = (r"located|based|sited|sits|situated|site|campus|facility|built|housed|home|plant|in|near|outside|at|"
              r"centre|center|situé|située|implanté|implantée|installé|installée|site|campus|à|au|aux|dans|près\s+de|basé|basée")
_CUE = re.compile(rf"\b(?:{dispatched(_CUE_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)  # dispatched on first letters
_NOT_CITIES = {"The", "This", "In", "On", "At", "Le", "La", "Les", "Un", "Une", "En", "Au", "Et", "And", "But", "Mais"}


@dataclass(frozen=True)
class PlaceMention:
    """A location written as "City, Region"."""

    start: int
    end: int
    value: str


def _city_value(city: str) -> str | None:
    """'Memphis' -> 'Memphis, Tennessee' from the gazetteer, trying the last words of a longer phrase."""
    words = city.split()
    for i in range(len(words)):
        name = " ".join(words[i:])
        if name in _REGIONS:
            return _REGIONS[name]
        hit = gazetteer.lookup(name)
        if hit:
            return f"{hit[0]}, {hit[1]}" if hit[1] else hit[0]
    return None


def find_places(sentence: str, start: int = 0) -> list[PlaceMention]:
    """'Memphis, Tennessee', 'Abilene (Texas)', 'installé à Lugano' in a sentence that speaks of a site.

    START skips an opening dateline, which places the reporter rather than the site."""
    out: list[PlaceMention] = []
    for m in _CITY_REGION.finditer(sentence, start):
        words = m.group("city").split()
        while words and words[0] in _NOT_CITIES:
            words = words[1:]
        if not words:
            continue
        city = " ".join(words)
        if not _CUE.search(sentence[: m.start("city")]) and m.start("city") > 0:
            continue
        region = _REGIONS[m.group("region")]
        value = region if city in _REGIONS else f"{city}, {region}"
        out.append(PlaceMention(m.start("city") + (len(m.group("city")) - len(city)), m.end(), value))
    # the looser patterns only keep places the gazetteer knows, so a company or a brand is not read as a town
    # an opening place is at the very start or after a dash: most sentences have neither
    opening = _OPENING_CITY if sentence.startswith(_OPENING_WORDS) or "—" in sentence or "–" in sentence else None
    for rx in (_AT_CITY, _SITE_OF_CITY, opening):
        for m in rx.finditer(sentence, start) if rx is not None else ():
            city = m.group("city").rstrip(".'’")  # "in Memphis." ends the sentence, not the name
            words = city.split()
            if words[0] in _NOT_CITIES or words[0] in _MONTHS_DAYS or any(p.start <= m.start("city") < p.end for p in out):
                continue
            value = _city_value(city)
            if value:
                out.append(PlaceMention(m.start("city"), m.start("city") + len(city), value))
    return out
