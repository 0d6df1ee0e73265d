"""Where a cluster is: "City, State" with a gazetteer of regions, in English and French."""
from __future__ import annotations

import re
from dataclasses import dataclass

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
}
REGIONS = frozenset(_REGIONS)
_REGION_ALT = "|".join(sorted(map(re.escape, _REGIONS), key=len, reverse=True))
_CITY = r"[A-Z][\w'’.-]+(?:[ -](?:[A-Z][\w'’.-]+|du|de|la|sur))*"
_CITY_REGION = re.compile(
    rf"(?<![\w])(?P<city>{_CITY}),\s+(?:(?:au|en|dans\s+l['’]État\s+du|dans\s+le|in)\s+)?(?P<region>{_REGION_ALT})(?![\w-])"
)
_CUE = re.compile(
    r"\b(?:located|based|sited|sits|situated|site|campus|facility|built|housed|home|plant|in|near|outside|"
    r"situé|située|implanté|implantée|installé|installée|site|campus|à|près\s+de|basé|basée)\b",
    re.IGNORECASE,
)
_NOT_CITIES = {"The", "This", "In", "On", "At", "Le", "La", "Les", "Un", "Une", "En", "Au", "Et", "And", "But", "Mais"}


@dataclass(frozen=True)
class PlaceMention:
    """A location written as "City, Region"."""

    start: int
    end: int
    value: str


def find_places(sentence: str) -> list[PlaceMention]:
    """'Memphis, Tennessee' and 'Abilene, au Texas' in a sentence that speaks of a site."""
    out = []
    for m in _CITY_REGION.finditer(sentence):
        city = m.group("city")
        words = city.split()
        while words and words[0] in _NOT_CITIES:
            words = words[1:]
        if not words:
            continue
        city = " ".join(words)
        if not _CUE.search(sentence[: m.start("city")]):
            continue
        out.append(PlaceMention(m.start("city") + (len(m.group("city")) - len(city)), m.end(),
                                f"{city}, {_REGIONS[m.group('region')]}"))
    return out
