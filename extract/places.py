"""Where a site stands: places named after a locative word ("in Abilene, Texas", "dans l'Essonne",
"im bayerischen Garching", "en la provincia de Huesca"), in lists, before a site noun ("the Memphis
site"), and research campuses that stand for their town, in English, French, German and Spanish.

Values are English, most specific part first: "Abilene, Texas, US". Regions, countries, their
foreign names and the research centres are data (data/places.toml); towns come from GeoNames."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract import gazetteer
from extract._fast_regex import trie

_DATA = tomllib.loads(resources.files("extract.data").joinpath("places.toml").read_text("utf-8"))


@dataclass(frozen=True)
class _Area:
    """A country or a region, with its broader parts."""

    name: str  # English display name
    country: str  # ISO code
    parents: tuple[str, ...]  # broader regions, narrowest first
    is_country: bool
    qualified: bool  # read as this area only after "City," or "state of"


_COUNTRIES = _DATA["countries"]


def _display(name: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", name)  # "Nord (department)" is written "Nord"


def _areas() -> dict[str, _Area]:
    out: dict[str, _Area] = {}
    for code, c in _COUNTRIES.items():
        # "the States": read as the country, but not among REGIONS, which proper_nouns strips from names
        for n in (*c["names"], *c.get("after_article", ())):
            out[gazetteer.key(n)] = _Area(c["name"], code, (), True, False)
    regions = _DATA["regions"]
    for name, r in regions.items():
        parents, p = [], r.get("parent")
        while p:
            parents.append(_display(p))
            p = regions[p].get("parent")
        area = _Area(_display(name), r["country"], tuple(parents), False, bool(r.get("qualified")))
        for n in r["names"]:
            out.setdefault(gazetteer.key(n), area)
    return out


_AREA = _areas()
# names that end or qualify a place; also read by proper_nouns, which must not take them for entities
REGIONS = frozenset(n for c in _COUNTRIES.values() for n in c["names"]) | frozenset(
    n for r in _DATA["regions"].values() for n in r["names"])
# countries whose nationwide figures are a company's whole (see places.toml)
# every way a country is written, for readers that look for countries acting rather than places
COUNTRY_NAMES = frozenset(n for c in _COUNTRIES.values() for n in c["names"])
# every way a country or a region is written, by the name a place's value gives it ("Germany": "Deutschland", ...)
_WRITTEN_AS = {**{_display(name): tuple(r["names"]) for name, r in _DATA["regions"].items()},
               **{c["name"]: tuple(c["names"]) for c in _COUNTRIES.values()}}


def written_as(name: str) -> tuple[str, ...]:
    """Every way the country or region NAME (as place values write it) is written in our four languages."""
    return _WRITTEN_AS.get(name, (name,))


WHOLE_MARKETS = frozenset(c["name"] for c in _COUNTRIES.values() if c.get("whole_market"))
_COUNTRY_KEYS = frozenset(gazetteer.key(n) for c in _COUNTRIES.values() for n in (c["name"], c.get("short", "")) if n)
# regions made of states ("Midwest"), by the states they hold
_STATES_OF = {_display(name): set(r["states"]) for name, r in _DATA["regions"].items() if r.get("states")}
_STATES = US_STATES = frozenset(a.name for a in _AREA.values() if a.country == "US" and not a.is_country)
_LABS = {n: lab["town"] for lab in _DATA["labs"].values() for n in lab["names"]}
_LAB_KEYS = {gazetteer.key(n): n for n in _LABS}
# "Abilene, TX", "Memphis, Tenn.": read only right after a town and a comma, as "IN" or "LA" are words too
_ABBR = {a: _AREA[gazetteer.key(state)] for state, abbrs in _DATA["state_abbreviations"].items() for a in abbrs}
# any name of a centre -> its first name, any name of a country -> its code: one key per place
_SAME_PLACE = {gazetteer.key(n): gazetteer.key(lab["names"][0]) for lab in _DATA["labs"].values()
               for n in lab["names"]} | {gazetteer.key(n): code for code, c in _COUNTRIES.items()
                                          for n in (c["name"], c.get("short", ""), *c["names"]) if n}
_DE_ADJ = {stem: _AREA[gazetteer.key(r["names"][0])] for r in _DATA["regions"].values() for stem in r.get("adj_de", ())}

_W = _DATA["words"]
# word lists become tries: re tries a handful of first letters instead of every word at every position
_LOCATIVE = trie(sorted({w.lower() for w in _W["locative"]}, key=len, reverse=True))
_SITE_NOUN = trie(sorted({w.lower() for w in _W["site_nouns"]}, key=len, reverse=True))
# the gap is lower case ("en El Burgo de Ebro" keeps its article), but German capitalises its nouns
_GAP_ALT = "|".join(re.escape(w) for w in sorted({v for w in _W["gap"] for v in (
    (w, w.capitalize()) if w in _W["gap_nouns_de"] else (w,))}, key=len, reverse=True))
_SITE_VERB = "|".join(re.escape(w) + r"\w*" for w in sorted(_W["site_verbs"], key=len, reverse=True))
_NOT_SITE_ALT = "|".join(re.escape(w) for w in sorted(_W["not_site"], key=len, reverse=True))
_DE_ADJ_ALT = "|".join(re.escape(s) for s in sorted(_DE_ADJ, key=len, reverse=True))
_UP = "A-ZÀ-ÖØ-Þ"
# a capitalised word; inner dots keep "U.S." and "EE.UU." whole
_WORD = rf"[{_UP}](?:[\w'’-]*\w)?(?:\.(?:[{_UP}]+\.)*)?"
# what may join the words of one name: a space, or a particle ("Talavera de la Reina", "Ribera d'Ebre")
_PARTICLES = r"de|del|de\s+la|de\s+las|de\s+los|la|las|los|el|le|les|du|des|sur|am|an\s+der|bei|y|upon"
_JOIN = rf"(?:\s+(?:{_PARTICLES})\s+|\s*[dD]['’]\s*|[ \t]+)"
_RUN = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_TOKEN = re.compile(_WORD)
_COMMA_CAP = re.compile(rf"(?:,|\s\()\s*(?=[{_UP}])")
_RUN_TAIL = re.compile(rf"(?<![\w'’-]){_RUN.pattern}$")
_CHOICE = trie(sorted(_W["choice"], key=len, reverse=True))
# "la localidad toledana de", "la commune nordiste de": a settlement noun may take a regional adjective
_SETTLEMENT_ADJ = (rf"(?:{'|'.join(re.escape(w) for w in _W['settlement_adj_nouns'])})"
                   rf"\s+[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*\s+(?=de\s|d['’])")
_GAP = rf"(?:(?:{_GAP_ALT})\s+|[lLdD]['’]\s*|{_SETTLEMENT_ADJ})"
_DE_ADJ_RX = rf"(?:{_DE_ADJ_ALT})(?:e|en|er|es|em)\b\s+"
# "in the state of Texas", "dans l'Essonne", "im brandenburgischen Lübbenau", "a campus in Milam County";
# the preposition and its gap ignore case, the name must be capitalised
_LOCATIVE_RX = re.compile(
    rf"(?<![\w'’-])(?i:(?P<prep>{_LOCATIVE}|{_CHOICE}))\s+"
    rf"(?P<gap>{_GAP}{{0,4}})(?P<adj>{_DE_ADJ_RX})?(?=[{_UP}])"
)
# "Virginia's Loudoun County": a place owned by the region before it
_OWNER = re.compile(rf"({_WORD}(?:{_JOIN}{_WORD})*?)['’]s\s+(?=[{_UP}])")
_NAME_AT = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_COUNTY_GAP = re.compile(r"\b(?:county|comté|condado|parish|paroisse)\b", re.IGNORECASE)
_TOWN_GAP = re.compile(r"\b(?:town|village|city|commune|ville|village|localidad|municipio|pueblo|stadt|gemeinde|"
                       r"landkreis|kreis|comarca|término\s+municipal)"
                       r"(?:\s+[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*(?=\s+(?:de|d['’])))?\s+(?:of|de|d['’]|von)?\s*$",
                       re.IGNORECASE)
_STREET = re.compile(r"\s+(?:avenues?|streets?|roads?|boulevards?|drives?|lanes?|highway|parkway|river|lake|"
                     r"Avenues?|Streets?|Roads?|Boulevard|Drive|Lane|Highway|Parkway|River|Lake)\b")
_DE_ARTICLE_END = re.compile(r"\b(?:der|die|das|den|dem|des|ein|eine|einen|einem)\s+$", re.IGNORECASE)
_TOWN_WORDING = re.compile(r"(?:isch|sch)(?:e|en|er|es|em)\s+[A-ZÀ-Þ]|\b(?:town|village|city|commune|ville|localidad|"
                           r"municipio|pueblo|Stadt|Gemeinde)\s+(?:of|de|d['’]|von)?\s*[A-ZÀ-Þ]")
# industrial estates and business parks, named after their kind (es, fr, de) or ending on it (en)
_ESTATE_WORDS = _W["estates"]
_ESTATE_CUE = re.compile(trie(sorted({w.lower() for w in _ESTATE_WORDS["cue"]}, key=len, reverse=True)),
                         re.IGNORECASE)
_ESTATE_RX = re.compile(
    rf"(?i:\b(?P<estate>{trie(sorted({w.lower() for w in _ESTATE_WORDS['before']}, key=len, reverse=True))}))"
    rf"\s+(?P<of>(?:de|del|du|d['’]|von)\s*)?(?P<name>{_WORD}(?:\s+{_WORD})*)"
    rf"|(?<![\w'’-])(?P<en>(?:{_WORD}\s+){{1,3}}(?:{'|'.join(_ESTATE_WORDS['after'])}))\b"
)
_ESTATE_NEXT = re.compile(rf"\s*(?:,\s*|\s+(?:de|del|du|d['’]|in|en|à|im|bei)\s*)(?:the\s+)?(?=[{_UP}])")
_LOWER_AREAS = [n for r in _DATA["regions"].values() for n in r["names"] if n[:1].islower()]
_LOWER_AREA_HEADS = tuple({n.split()[0] for n in _LOWER_AREAS})
_LOWER_AREA_RX = re.compile(rf"(?<![\w'’-])(?i:en|dans\s+la|dans\s+le|in|im|en\s+la|en\s+el)\s+"
                            rf"(?P<area>{trie(_LOWER_AREAS, ignorecase=False)})\b")
_STATE_GAP = re.compile(r"\b(?:state|état|estado|bundesstaat|us-bundesstaat|provin\w*|región|région|region|"
                        r"département|bundesland|comunidad)\b", re.IGNORECASE)
# a list of places goes on: ", Texas and Ohio", "et en Pologne", "sowie Anlagen in New Mexico", " y en La Sotonera"
_LIST_NEXT = re.compile(
    rf"(?:\s*\([^()]{{0,40}}\))?\s*(?:[,;]\s*(?:(?:and|et|und|y|e|or|ou|oder|o)\s+)?|\s+(?:and|et|und|y|e|or|ou|oder|o|sowie|as\s+well\s+as|"
    rf"ainsi\s+qu['’]|plus)\s+)(?:(?i:{_LOCATIVE})\s+)?"
    rf"(?:\w+\s+(?i:in|en|à|im|au|dans)\s+)?{_GAP}{{0,3}}(?=[{_UP}])"
)
# what qualifies a place: "Abilene, Texas", "Mougins (Alpes-Maritimes)", "Cambrai (dans le Nord"
_QUALIFIER = re.compile(rf"(?:(?:,\s*|\s*\(\s*)(?i:(?:dans|en|in|au|im)\s+"
                        rf"(?:l['’]\s*|le\s+|la\s+|les\s+|the\s+|el\s+)?"
                        rf"(?:(?:[a-zà-ÿ-]+\s+){{0,2}}?(?:state|province|region|county|parish|département|région|"
                        rf"provincia|estado|región|Bundesland|Bundesstaat)\s+(?:of|de|du|d['’]|del)\s*)?)?|"
                        rf"\s+(?i:en|in|im|dans\s+l['’]\s*|dans\s+le|au)\s+)(?=[{_UP}])")
# "Calatorao, en Zaragoza": in Spanish, a province named after its capital
_PROVINCE_EN = re.compile(r",\s*en\s+$")
# a bulleted line or a "locations:" list opens on a place
_BULLET = re.compile(rf"(?:[•·▪●◦]\s*|(?:^|\n)\s*[*–-]\s+)(?=[{_UP}])")
_LIST_OPEN = re.compile(
    rf"(?:\b(?i:locations?|sites?|ubicaciones|emplazamientos|localidades|emplacements|"
    rf"Standorte[n]?)(?:\s+[\w-]+){{0,2}}\s*:\s*)(?=[{_UP}])"
)
# "the Memphis site", "its Abilene campus": a place name used as an adjective of a site noun
# an article opens a noun phrase: "en Madrid un centro de datos" puts no town before the site noun
_ARTICLE_WORDS = r"(?:a|an|un|una|une|ein|eine|einen|el|la|le|les|los|las|der|die|das)"
_BEFORE_SITE = re.compile(
    rf"(?<![\w'’-])(?:[a-z][\w-]*|The|Its|Their|[\w-]+['’]s)\s+(?P<run>{_RUN.pattern})\s+"
    rf"(?:(?!{_ARTICLE_WORDS}\s)[\w-]+\s+)?(?:{_SITE_NOUN})s?\b"
)
_SETTLEMENT_WORDS = tuple({w.lower() for w in _W["settlement_nouns"]})
# "Marnay, un petit village de 500 habitants": a name in apposition to a settlement noun is a town
_APPOSITION = re.compile(
    rf"(?<![\w'’-])(?P<run>{_RUN.pattern}),\s+(?i:a|an|one|un|une|ein|eine|una|el|la|le)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{'|'.join(re.escape(w) for w in _W['settlement_nouns'])})"
    rf"(?:\s+(?:of|in|near|de|du|des|d['’]|en|à|au|dans|près|im|bei|nahe|del|cerca|con|with|mit|von)\b"
    rf"|\s*[,.;(])")
# "le campus d'Abilene", "el centro de datos de Talavera", "the data center of Lübbenau"
_SITE_OF = re.compile(
    rf"\b(?:{_SITE_NOUN})s?\s*(?:\s(?:de|d['’]|of|von|du|del)\s*|\(\s*)"
    rf"(?=[{_UP}])"
)
_SITE_NOUN_WORDS = tuple(sorted({w.lower() for w in _W["site_nouns"]}))
# "au salon VivaTech, à Paris": a name of the event, then a comma, still places the event
_NOT_SITE = re.compile(rf"\b(?:{_NOT_SITE_ALT})\b(?P<tail>[^,.;:]{{0,60}}(?:,\s*)?)$", re.IGNORECASE)
# "one of the largest campuses in the US", "a wave of projects across Ohio": a country or state that frames
# a comparison or a spread places no site; a bare one needs a site word or verb right before it
# within one clause: a dot between digits is a thousands mark ("15.700 millones"), not a full stop
_IN_CLAUSE = r"(?:[^.;:]|(?<=\d)\.(?=\d))"
_FRAMING = re.compile(r"\b(?:largest|biggest|most\s+\w+|fastest|plus\s+grande?s?|plus\s+puissante?s?|größte\w*|"
                      r"leistungsstärkste\w*|mayor(?:es)?|más\s+grandes?|más\s+potentes?|across|throughout|partout|"
                      rf"quer\s+durch)\b{_IN_CLAUSE}{{0,40}}$", re.IGNORECASE)
# "alongside systems in Italy", "neben ähnlichen Anlagen in Polen": other sites set beside the sentence's
# own; "like LUMI in Finland" names the machine whose place follows, so a name right after the word keeps it
_COMPARISON_ALT = trie(sorted({w.lower() for w in _W["comparison"]}, key=len, reverse=True))
_COMPARISON = re.compile(rf"(?<![\w'’-])(?i:{_COMPARISON_ALT})\s+(?![{_UP}\d])[^.;:,]{{0,40}}$")
_SITE_NEAR = re.compile(rf"(?:{_SITE_NOUN}|{_SITE_VERB}){_IN_CLAUSE}{{0,70}}$", re.IGNORECASE)
_SITE_WORD = re.compile(rf"(?<![\w-])(?:{_SITE_NOUN}|{_SITE_VERB})", re.IGNORECASE)
# German puts the verb, and often the site noun, after the place: "in Deutschland ein Rechenzentrum bauen"
_SITE_AFTER_DE = re.compile(rf"[^.;:,]{{0,60}}?\b(?:{_SITE_NOUN}|{_SITE_VERB})", re.IGNORECASE)
# a place followed by a second one "near" or "outside": the second is a landmark, not the site
_LANDMARK_PREP = re.compile(r"(?i:near|outside|close\s+to|près\s+de|non\s+loin\s+de|proche\s+de|cerca\s+de|"
                            r"junto\s+a|nahe|bei|unweit\s+von|a\s+las\s+afueras\s+de|en\s+las\s+afueras\s+de)$")
# "90 miles north of Denver and near Fort Collins": towns a site is measured from are landmarks
_DISTANCE = re.compile(
    rf"\d[\d.,]*\s*(?:{'|'.join(re.escape(w) for w in sorted(_W['distance_units'], key=len, reverse=True))})\b\.?\s+"
    rf"(?:(?:{'|'.join(re.escape(w) for w in sorted(_W['distance_from'], key=len, reverse=True))})\s*)+",
    re.IGNORECASE)
# between a place and a landmark after it: ", près de", " (with ties to", " — outside"
_LANDMARK_AFTER = re.compile(r"^\s*(?:[,(–—-]\s*)?(?:[a-zà-ÿ]+\s+){0,4}?(?:" +
                             _LANDMARK_PREP.pattern.removesuffix("$") + r"|ties\s+to|linked\s+to)\s+"
                             r"(?:(?:the|le|la|l['’]|d['’]|de|der|dem|el)\s*)?$")
# "sur le sol français", "on Japanese soil", "auf deutschem Boden", "en territorio francés": a country named
# by its adjective
_COUNTRY_ADJ = {gazetteer.key(a): code for code, adjs in _DATA["country_adjectives"].items() if code != "soil_nouns"
                for a in adjs}
_ADJ_ALT = "|".join(re.escape(a) for a in sorted({a for code, adjs in _DATA["country_adjectives"].items()
                                                   if code != "soil_nouns" for a in adjs}, key=len, reverse=True))
_SOIL_ALT = "|".join(re.escape(n) for n in _DATA["country_adjectives"]["soil_nouns"])
_SOIL_WORDS = tuple({n.lower() for n in _DATA["country_adjectives"]["soil_nouns"]})  # a cheap test first
_SOIL = re.compile(rf"(?<![\w'’-])(?:(?i:{_SOIL_ALT})\s+(?P<after>{_ADJ_ALT})(?:e|s|es)?|"
                   rf"(?P<before>{_ADJ_ALT})(?:e|em|en|er|es)?\s+(?i:{_SOIL_ALT}))(?![\w'’-])", re.IGNORECASE)
# "Navarra albergará un centro de datos", "Cheyenne, Wyoming, will host the campus": the place hosts the site
# ("the US is home to many of the largest data centres" speaks of a country's sites in general)
_HOST_AFTER = re.compile(rf",?\s+(?i:{trie(sorted({w.lower() for w in _W['host_after']}, key=len, reverse=True))})"
                         rf"(?![\w'’-])(?!\s+(?i:{'|'.join(re.escape(w) for w in _W['host_generic'])})\b)")
# each phrase's longest word, the last of equals ("host" of "will host"): substring tests before any regex
_HOST_STEMS = tuple({max(reversed(w.lower().split()), key=len)[:5] for w in _W["host_after"]})
_ASIDE = re.compile(r"^\s*\(\s*(?:[a-zà-ÿ]+\s+){1,4}$")  # "(with ties to Memphis)": a remark on the place before
_LANDMARK_IN = re.compile(r"\b(?:" + _LANDMARK_PREP.pattern.removesuffix("$") + r")\b")
# "the Texas–New Mexico border": a border between places is none of them
_POSSESSIVE = re.compile(r"['’]s?\s")
_AFTER_NAME = re.compile(rf"[{_UP}][\w'’-]*,?\s*$")
_NOT_AFTER = re.compile(r"[–-][A-ZÀ-Þ]|\s+(?:border|line|frontière|frontera|Grenze)\b")
_HQ_ADJ = re.compile(r"^-(?:based|basierte\w*|ansässige\w*)", re.IGNORECASE)  # "Seattle-based": an office
_LAB_RX = re.compile(rf"(?<![\w-])(?:{trie(sorted(_LABS, key=len, reverse=True), space=' ', ignorecase=False)})"
                     rf"(?![\w-])")
_LAB_BEFORE = re.compile(r"(?i:\b(?:at|in|au|à|am|im|beim|en|el|del|de\s+la|des|du|of\s+the|from|within|dans)"
                         r"\s+(?:the\s+|l['’]\s*|le\s+|la\s+)?(?:[\w-]+['’]s\s+)?(?:[a-zà-ÿ]+\s+)?)$")
_LAB_AFTER = re.compile(r"^(?:['’]s\b|\s+(?:campus|site|lab|laboratory|facility))")
_HOST_VERB = re.compile(r"\b(?:hosted|housed|installed|located|sited|deployed|built|hébergé\w*|installé\w*|situé\w*|"
                        r"implanté\w*|beheimatet|aufgebaut|installiert|betrieben|steht|albergad\w*|instalad\w*|"
                        r"ubicad\w*|alojad\w*)\b", re.IGNORECASE)
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
               "northwest", "southeast", "southwest", "upstate", "downstate"}
_DESCRIPTORS = {"région", "region", "región", "provincia", "province", "département", "departamento", "comunidad",
                "estado", "state", "bundesland", "land", "regione", "canton", "kanton"}
_ARTICLES = {"the", "la", "le", "les", "el", "los", "las", "l", "l'", "l’"}
_NOT_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
              "Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août", "Septembre", "Octobre",
              "Novembre", "Décembre", "Januar", "Februar", "März", "Juni", "Juli", "Oktober", "Dezember", "Enero",
              "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre",
              "Diciembre", "Asia", "Asie", "Asien", "Europe", "Europa", "Africa", "Afrique", "Afrika", "América", "America",
              "Amérique", "Amerika", "Oceania", "Océanie", "Ozeanien", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "AI", "IA", "KI", "GPU", "GPUs"}
WORLD_CITY = 1_000_000  # a city the world knows by its bare name, wherever the text is from
US_TOWN_NAMED = 2_500  # a US town this big is read when an English text names the United States
SMALL_TOWN = 15_000  # towns below this need their state or country named, so a company is not read as a town
COMPOUND_TOWN = 3_000  # ...except a home-country town of a compound name of its own ("Bruyères-le-Châtel")
_HOME = {"fr": {"FR", "BE", "CH", "CA", "LU"}, "de": {"DE", "AT", "CH"},
         "es": {"ES", "MX", "AR", "CL", "CO", "PE"}, "en": {"US", "GB", "IE", "CA", "AU"}}


@dataclass(frozen=True)
class PlaceMention:
    """A place stated in a sentence, as a value with its most specific part first."""

    start: int
    end: int
    value: str
    point: tuple[float, float] | None = None  # (latitude, longitude) of a town the gazetteer knows


@dataclass(frozen=True)
class _Found:
    parts: tuple[str, ...]  # most specific first, without the country
    country: str  # ISO code, or "" when unknown
    state: str  # US state, or ""
    kind: str  # "area", "country", "city", "lab"
    point: tuple[float, float] | None = None  # the most specific part's, when the gazetteer gave it


def _country_part(code: str, alone: bool) -> str:
    c = _COUNTRIES.get(code)
    if c is None:
        return code
    return c["name"] if alone else c.get("short", c["name"])


def _value(f: _Found) -> str:
    if f.kind == "country":
        return _country_part(f.country, True)
    parts = list(dict.fromkeys(f.parts))
    if f.country:
        parts.append(_country_part(f.country, False))
    return ", ".join(parts)


def _mention(start: int, end: int, found: _Found) -> PlaceMention:
    return PlaceMention(start, end, _value(found), found.point)


def _area_found(a: _Area) -> _Found:
    if a.is_country:
        return _Found((), a.country, "", "country")
    return _Found((a.name, *a.parents), a.country, a.name if a.country == "US" else "", "area")


class _LazyHints:
    """A text's hints, read only if a town has to be chosen: most sentences name none."""

    __slots__ = ("_text", "_set")

    def __init__(self, text: str) -> None:
        self._text, self._set = text, None

    def _get(self) -> frozenset[str]:
        if self._set is None:
            self._set = document_hints(self._text)
        return self._set

    def __contains__(self, item: str) -> bool:
        return item in self._get()

    def __and__(self, other):
        return self._get() & other

    def longer(self, name: str) -> str | None:
        """The full name a text gives a town it then shortens ("Talavera de la Reina", then "Talavera")."""
        return _longer_name(self._text, name)

    def town(self, name: str) -> _Found | None:
        """A town the text has already placed by its wording ("im brandenburgischen Lübbenau")."""
        return document_towns(self._text).get(gazetteer.key(name))


LONGER_NAME_CHARS = 50_000


@lru_cache(maxsize=4096)
def _longer_name(text: str, name: str) -> str | None:
    # Read once per text and name: every sentence of a long text asks again (a str keeps its hash, so
    # the key costs nothing after the first look-up); only the article's first LONGER_NAME_CHARS are
    # searched, where a full name comes before it is shortened, so a huge page costs no more than that.
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?=\s+(?:{_PARTICLES})\s+[{_UP}]|-[{_UP}a-z])",
                         text[:LONGER_NAME_CHARS]):
        run = _RUN.match(text, m.start())
        full = re.split(r"\.\s", run.group())[0].rstrip(".") if run else ""  # a run may cross a full stop
        if len(full) > len(name) and gazetteer.candidates(full):
            return full
    return None


@lru_cache(maxsize=8)
def document_towns(text: str) -> dict[str, _Found]:
    """Towns a text places by its wording, though the gazetteer lacks them: named again later alone,
    they are still places."""
    towns: dict[str, _Found] = {}
    if not _TOWN_WORDING.search(text):
        return towns
    for m in _LOCATIVE_RX.finditer(text):
        adj, gap = m.group("adj"), m.group("gap") or ""
        if not (adj or _TOWN_GAP.search(gap)):
            continue
        run = _RUN.match(text, m.end())
        if run is None or _resolve(run.group(), frozenset(), None) is not None:
            continue
        region = _DE_ADJ.get(re.sub(r"(?:e|en|er|es|em)\s+$", "", adj).lower()) if adj else None
        found = _Found((run.group(),), "", "", "city")
        towns[gazetteer.key(run.group())] = _qualify(found, _area_found(region)) if region else found
    return towns


@lru_cache(maxsize=8)
def document_hints(text: str) -> frozenset[str]:
    """US states and country codes named anywhere in a text: they choose among towns of one name."""
    hints: set[str] = set()
    for m in _RUN.finditer(text):
        toks = [t.group() for t in _TOKEN.finditer(m.group())]
        # the longest names first, and a word of a name read is no name of its own: "New Mexico" names
        # no Mexico, "Western Australia" no Australia
        grams = [(0, len(toks))] + [(i, i + 2) for i in range(len(toks) - 1)] + [(i, i + 1) for i in range(len(toks))]
        used: set[int] = set()
        for i, j in grams:
            if used & set(range(i, j)):
                continue
            name = " ".join(toks[i:j]) if j - i < len(toks) else m.group()
            a = _AREA.get(gazetteer.key(name.rstrip(".")))
            if a is not None and not a.qualified:
                used |= set(range(i, j))
                hints.add(a.country)
                if a.country == "US" and not a.is_country:
                    hints.add(a.name)
        if _US_ADMIN_UNIT.search(m.group()):
            # "Dona Ana County": a county of one state names that state
            states = {p.state for p in gazetteer.candidates(m.group()) if p.country == "US"}
            if len(states) == 1:
                hints |= {"US", *states}
    # a dateline's or an address's state abbreviation after a town ("LAS CRUCES, NM", "Abilene, Texas")
    for m in _TOWN_COMMA_ABBR.finditer(text):
        area = _ABBR.get(m.group("abbr"))
        if area is not None:
            hints |= {"US", area.name}
    return frozenset(hints)


_TOWN_COMMA_ABBR = re.compile(r"[A-Za-z]{2},\s+(?P<abbr>[A-Z][A-Za-z]{0,3}\.?)(?![\w.])")


def _pick(cands, hints: frozenset[str], lang: str | None, qualifier: _Found | None) -> gazetteer.Place | None:
    """The town a name stands for: the one in the named state or country, else in the text's language's
    countries, else the most populous own name; a small town only when its state or country is named."""
    if qualifier is not None:
        named = [p for p in cands if p.country == qualifier.country and (
            not qualifier.state or p.state == qualifier.state)]
        return max(named, key=lambda p: (p.primary, p.population)) if named else None
    hinted = [p for p in cands if (p.state in hints if p.country == "US" else p.country in hints)]
    if hinted:
        return max(hinted, key=lambda p: (p.primary, p.population))
    home = _HOME.get(lang or "", set())
    # an English text that names the United States but none of its states still names the country of its
    # small towns ("a campus in Santa Teresa … a first for the United States"); a hamlet named
    # like a common word ("Energy, Illinois") stays out, and in other languages "Estados Unidos" is where
    # money comes from more often than where a town is
    us_named = [p for p in cands if p.country == "US" and "US" in hints and lang == "en" and p.population >= US_TOWN_NAMED]
    # a small town of the language's countries whose name is made of several words and no other town
    # bears ("Bruyères-le-Châtel", "Villanueva de Gállego"): company names rarely look like that
    compound = [p for p in cands if p.country in home and p.primary and p.population >= COMPOUND_TOWN
                and re.search(r"[\s-]", p.name) and sum(c.primary for c in cands) == 1]
    pool = [p for p in cands if p.country in home and p.primary and p.population >= SMALL_TOWN] + us_named + compound or \
        [p for p in cands if p.population >= SMALL_TOWN]
    world = max((p for p in cands if p.primary), key=lambda p: p.population, default=None)
    if world is not None and world.population >= WORLD_CITY and pool and \
            world.population > 20 * max(p.population for p in pool):
        return world  # "Paris" in English copy is the capital, not the Texan town of that name
    if not pool:
        return None
    primary = [p for p in pool if p.primary]
    best_alias = max((p for p in pool if not p.primary), key=lambda p: p.population, default=None)
    best = max(primary, key=lambda p: p.population) if primary else best_alias
    if best_alias is not None and primary and best_alias.population > 20 * best.population:
        best = best_alias  # "Londres" is London, not a village of that name
    return best


def _strip_possessive(s: str) -> str:
    return re.sub(r"['’]s?$", "", s)


def _spans(run: str, lang: str | None) -> list[str]:
    """The names a capitalised run may be, longest first: the whole run, then the parts before a
    particle ("Zaragoza y Huesca"); German capitalises nouns, so there a name may end at any word."""
    toks = list(_TOKEN.finditer(run))
    out = [run]
    for i in range(len(toks) - 1, 0, -1):
        gap = run[toks[i - 1].end():toks[i].start()]
        if gap.strip() == "y" or lang == "de":
            out.append(run[:toks[i - 1].end()])
    return out


def _resolve(name: str, hints: frozenset[str], lang: str | None, county: bool = False, state_gap: bool = False,
             qualifier: _Found | None = None) -> _Found | None:
    """What a capitalised name stands for, or None when it is no place we know."""
    name = name.removesuffix("-area")  # "the Phoenix-area campus"
    name = _strip_possessive(name.rstrip(".")) if not name.endswith(".") or gazetteer.key(name) not in _AREA \
        else name
    words = name.split()
    if not words or words[0] in _NOT_NAMES:
        return None
    k = gazetteer.key(name)
    if k in _LAB_KEYS:
        town = _LABS[_LAB_KEYS[k]]
        first = town.split(",")[0]
        parts = tuple(p.strip() for p in town.split(","))
        parts = parts if gazetteer.key(first) == k else (name, *parts)
        return _Found(parts, "", "", "lab")  # the town's value already ends on its country
    area = _AREA.get(k)
    if area is not None and (not area.qualified or state_gap or qualifier is not None):
        return _area_found(area)
    low = words[0].lower()
    if len(words) > 1 and low in _DESCRIPTORS:  # "la Région Grand Est", "the State of Texas"
        return _resolve(re.sub(r"^\S+\s+(?:(?:of|de|del|du|d['’])\s*)?", "", name), hints, lang, county, True, qualifier)
    if len(words) > 1 and (low in _DIRECTIONS or low in _ARTICLES):  # "North Texas", "La Patagonia"
        inner = _resolve(" ".join(words[1:]), hints, lang, county, state_gap, qualifier)
        if inner is not None and inner.kind in ("area", "country") and low in _DIRECTIONS:
            return _Found((name, *inner.parts), inner.country, inner.state, "area")
        if inner is not None and low in _ARTICLES:
            return inner
    if re.match(r"(?i)(?:comté|condado)\s+(?:de\s+|d['’])", name):  # "Comté de Shackelford"
        return _resolve(re.sub(r"(?i)^(?:comté|condado)\s+(?:de\s+|d['’])", "", name), hints, lang, True)
    if county and not re.search(r"\b(?:County|Parish)$", name):
        found = _resolve(f"{name} County", hints, lang, False, False, qualifier)
        if found is not None:
            return found
    if _US_ADMIN_UNIT.search(name):
        cands = [p for p in gazetteer.candidates(name) if p.country == "US"]
        states = {p.state for p in cands}
        state = (qualifier.state if qualifier is not None and qualifier.country == "US" else "") or (
            next(iter(states)) if len(states) == 1 else next((s for s in states if s in hints), ""))
        if not state and len(hints & _STATES) == 1 and not states:
            state = next(iter(hints & _STATES))
        return _Found((name, state) if state else (name,), "US", state, "city")
    longer = hints.longer(name) if isinstance(hints, _LazyHints) and qualifier is None else None
    if longer is not None:
        found = _resolve(longer, hints, lang, county, state_gap, qualifier)
        if found is not None:
            return found
    cands = gazetteer.candidates(name)
    if not cands:
        return hints.town(name) if isinstance(hints, _LazyHints) else None
    place = _pick(cands, hints, lang, qualifier)
    if place is None:
        return None
    if place.country == "US":
        return _Found((place.name, place.state), "US", place.state, "city", place.point)
    return _Found((place.name,), place.country, "", "city", place.point)


def _is_county(f: _Found) -> bool:
    return f.kind == "city" and f.country == "US" and bool(re.search(r"\s(?:County|Parish)$", f.parts[0]))


def _qualify(f: _Found, q: _Found) -> _Found | None:
    """'Abilene' qualified by 'Texas', 'Essonne' by 'France', 'Salem Township' by 'Luzerne County': the
    broader part joins the value."""
    if _is_county(q):
        if f.kind != "city" or f.country not in ("US", "") or _is_county(f) or (f.state and f.state != q.state):
            return None
        return _Found((*(p for p in f.parts if p != f.state), *q.parts), "US", q.state, "city", f.point)
    if q.kind == "city":  # a province named after its capital
        if f.kind != "city" or (f.country and f.country != q.country) or f.parts[0] == q.parts[0]:
            return None
        return _Found((f.parts[0], q.parts[0]), q.country, q.state, "city", f.point)
    if f.kind not in ("city", "area") or q.kind not in ("area", "country"):
        return None
    if f.country and q.country != f.country:
        return None
    if q.kind == "country":
        return _Found(f.parts, q.country, f.state, f.kind, f.point)
    if f.kind == "area" and q.parts[0] in f.parts:
        return f
    if f.state and q.state and f.state != q.state:
        return None
    head = tuple(p for p in f.parts if p != f.state)
    return _Found((*head, *q.parts), q.country, q.state or f.state, f.kind, f.point)


def _read_place(sentence: str, pos: int, hints: frozenset[str], lang: str | None, county: bool = False,
                state_gap: bool = False, settlement: bool = False) -> tuple[_Found, int, int] | None:
    """The place whose name starts at POS, with what qualifies it, as (found, start, end)."""
    m = _RUN.match(sentence, pos)
    if m is None:
        return None
    owner = _OWNER.match(m.group())
    if owner is not None:  # "Northern Virginia's Loudoun County", "Bucks County's Fairless Hills"
        area = _resolve(owner.group(1), hints, lang, state_gap=True)
        inner = _read_place(sentence, pos + owner.end(), hints, lang, county, state_gap, settlement) if area else None
        if inner is not None and (area.kind in ("area", "country") or _is_county(area)):
            found = (_resolve(_NAME_AT.match(sentence, inner[1]).group(), hints, lang, county, state_gap, area)
                     if inner[0].kind == "city" else None)
            q = _qualify(found or inner[0], area)
            return (q or inner[0]), pos, inner[2]
    for name in _spans(m.group(), lang):
        end = pos + len(name)
        if _HQ_ADJ.match(sentence, end):
            return None
        # a qualifier right after ("Abilene, Texas") both chooses the town and joins the value
        q = _QUALIFIER.match(sentence, end)
        qual = qend = None
        if q is not None:
            qm = _RUN.match(sentence, q.end())
            if qm is not None:
                comma = q.group().lstrip().startswith(",")
                for qname in _spans(qm.group(), lang):
                    qf = _area_found(_ABBR[qname]) if comma and qname in _ABBR else _resolve(
                        qname, hints, lang, state_gap=True)
                    # "Illescas (Toledo)", "Calatorao, en Zaragoza": a province named after its capital
                    capital = qf is not None and qf.kind == "city" and not _is_county(qf) and (
                        q.group().lstrip().startswith("(") or (lang == "es" and _PROVINCE_EN.match(q.group())))
                    if qf is not None and (qf.kind in ("area", "country") or _is_county(qf) or capital):
                        qual, qend = qf, q.end() + len(qname)
                        break
        found = None
        if qual is not None:
            base = _resolve(name, hints, lang, county, state_gap, qualifier=qual)
            found = _qualify(base, qual) if base is not None else None
            if found is not None:
                end = qend
                if sentence.startswith(")", end) or sentence[end:end + 2].strip() == ")":
                    end = sentence.index(")", end) + 1
                # "Abilene, Texas, USA": a country after the region
                q2 = re.match(r",\s*", sentence[end:])
                if q2 and found.kind != "country":
                    qm2 = _RUN.match(sentence, end + q2.end())
                    qf2 = _resolve(qm2.group(), hints, lang, state_gap=True) if qm2 else None
                    if qf2 is not None and qf2.kind == "country" and qf2.country == found.country:
                        end += q2.end() + len(qm2.group())
        if found is None:
            found = _resolve(name, hints, lang, county, state_gap)
        if found is None and settlement:
            found = _settlement(name, lang)
        if found is None and (settlement or (_bracketed_region(sentence, q, qual, qend) and lang != "de" and not any(
                gazetteer.key(t.group()) in _AREA for t in _TOKEN.finditer(name)))):
            # "the town of X", "im bayerischen X", "X (Seine-et-Marne)": a place by its wording; German
            # capitalises every noun, and a name with a region in it is restated by the bracket
            found = _Found((_strip_possessive(name.rstrip(".")),), "", "", "city")
            if qual is not None and not settlement:
                found, end = _qualify(found, qual) or found, qend
                if sentence.startswith(")", end) or sentence[end:end + 2].strip() == ")":
                    end = sentence.index(")", end) + 1
        if found is None:
            continue
        if _STREET.match(sentence, end) or _NOT_AFTER.match(sentence, end):  # "Sheridan Avenue", a border
            return None
        return found, pos, end
    return None


def _settlement(name: str, lang: str | None) -> _Found | None:
    """A town the wording names ("el término municipal de Alfajarín"): the gazetteer's of that name in the
    language's countries, though small."""
    home = _HOME.get(lang or "", set())
    cands = [p for p in gazetteer.candidates(name.rstrip(".")) if p.country in home and p.primary]
    if not cands:
        return None
    p = max(cands, key=lambda p: p.population)
    if p.country == "US":
        return _Found((p.name, p.state), "US", p.state, "city", p.point)
    return _Found((p.name,), p.country, "", "city", p.point)


def _bracketed_region(sentence: str, q, qual: _Found | None, qend: int | None) -> bool:
    """'Fouju (Seine-et-Marne)': a region written out in brackets after a name, as French papers place a
    village; an acronym in brackets ('(NRW)', '(CT)') restates a name instead."""
    return (qual is not None and qual.kind == "area" and q is not None and q.group().lstrip().startswith("(")
            and not sentence[q.end():qend].isupper())


def _chain(sentence: str, first: tuple[_Found, int, int], hints, lang, out: list[PlaceMention]) -> None:
    """The place read and the places listed after it: 'in Texas, New Mexico and Ohio'."""
    found, s, e = first
    out.append(_mention(s, e, found))
    while True:
        n = _LIST_NEXT.match(sentence, e)
        if n is None or _LANDMARK_IN.search(n.group()):
            return  # ", near Ann Arbor" goes on to a landmark, not to another site
        nxt = _read_place(sentence, n.end(), hints, lang, county=bool(_COUNTY_GAP.search(n.group())),
                          state_gap=bool(_STATE_GAP.search(n.group())))
        if nxt is None:
            return
        found, s, e = nxt
        out.append(_mention(s, e, found))


def _us_admin_unit_placed(f: _Found) -> bool:
    """A county, parish, township or borough put in its state (by the text or the gazetteer)."""
    return f.country == "US" and bool(f.state) and bool(_US_ADMIN_UNIT.search(f.parts[0]))


_US_ADMIN_UNIT = re.compile(r"\s(?:County|Parish|Township|Borough)$")


def _known_town(name: str, hints: frozenset[str]) -> bool:
    return any(p.population >= 100_000 or (p.state in hints if p.country == "US" else p.country in hints)
               for p in gazetteer.candidates(_strip_possessive(name).removesuffix("-area")))


def _bare_area_ok(sentence: str, prep: int, prep_end: int, lang: str | None = None) -> bool:
    """Does a country or region stated alone place a site ('a data centre in Norway'), rather than frame
    a comparison or a spread ('the largest campus in the US', 'projects across Ohio')?"""
    window = sentence[max(0, prep - 90):prep_end]
    if _FRAMING.search(window) or _COMPARISON.search(sentence, max(0, prep - 60), prep):
        return False
    return bool(_SITE_NEAR.search(sentence[max(0, prep - 90):prep]) or
                (lang == "de" and _SITE_AFTER_DE.match(sentence, prep_end)))


def _labs(sentence: str, start: int, out: list[PlaceMention]) -> None:
    for m in _LAB_RX.finditer(sentence, start):
        if any(p.start <= m.start() < p.end for p in out):
            continue
        before, after = sentence[max(0, m.start() - 40):m.start()], sentence[m.end():m.end() + 12]
        if not (_LAB_BEFORE.search(before) or _LAB_AFTER.match(after) or _HOST_VERB.search(before)):
            continue
        found = _resolve(m.group(), frozenset(), None)
        # "the Barcelona Supercomputing Center (BSC)": a centre and its acronym are one place
        if found is not None and not any(p.value.endswith(_LABS[m.group()]) for p in out):
            out.append(_mention(m.start(), m.end(), found))


def find_places(sentence: str, start: int = 0, lang: str | None = None, context: str | None = None
                ) -> list[PlaceMention]:
    """Places a sentence states for a site: 'in Abilene, Texas', 'en Île-de-France', 'the Memphis site'.

    START skips an opening dateline, which places the reporter rather than the site; CONTEXT is the
    whole text, whose named states and countries choose among towns of one name."""
    out: list[PlaceMention] = []
    hints = _LazyHints(context or sentence)

    def taken(i: int) -> bool:
        return any(p.start <= i < p.end for p in out)

    low = sentence.lower()
    _labs(sentence, start, out)
    if _ESTATE_CUE.search(sentence, start):
        _estates(sentence, start, hints, lang, out)
    if any(w in sentence for w in _LOWER_AREA_HEADS):
        _lower_areas(sentence, start, out)
    # "Vineland, New Jersey" anywhere: a town the gazetteer places in the region written after it
    for q in _COMMA_CAP.finditer(sentence, start):
        after = _RUN.match(sentence, q.end())
        if after is None or not any(gazetteer.key(n) in _AREA or n in _ABBR for n in _spans(after.group(), lang)):
            continue
        m = _RUN_TAIL.search(sentence[max(start, q.start() - 60):q.start()])
        if m is None:
            continue
        at = max(start, q.start() - 60) + m.start()
        if taken(at) or m.group().isupper():
            continue  # "LONDON, UK, Sept. 17 (WIRE) --": a town in capitals is a dateline's, which places the reporter
        first = _read_place(sentence, at, hints, lang)
        if first is not None and first[0].kind == "city" and first[2] > at + len(m.group()) and not _HQ_ADJ.match(
                sentence, first[2]):
            _chain(sentence, first, hints, lang, out)
    for m in _LOCATIVE_RX.finditer(sentence, start):
        if taken(m.end()) or _not_site(sentence, m.start()):
            continue
        gap, adj = m.group("gap") or "", m.group("adj")
        if _LANDMARK_PREP.search(m.group("prep")) and (
                (out and m.start() - out[-1].end < 25) or _after_name(sentence, m.start(), hints, lang)
                or _DISTANCE.search(sentence, max(0, m.start() - 70), m.start())):
            # "Saline Township near Ann Arbor", "in Fairless Hills, outside Philadelphia", "90 miles ... and near"
            continue
        first = _read_place(sentence, m.end(), hints, lang, county=bool(_COUNTY_GAP.search(gap)),
                            state_gap=bool(_STATE_GAP.search(gap)), settlement=bool(adj or _TOWN_GAP.search(gap)))
        if first is None:
            continue
        if first[0].kind in ("country", "area") and (not _bare_area_ok(sentence, m.start(), m.end("prep"), lang) or
                                                     _owns(sentence, first[1], first[2])):
            continue  # "in the UK's AI revolution": the country owns something, it places nothing
        if m.group("prep").lower() == "am" and not gap and first[0].kind == "city":
            continue  # German writes "in" before a town: "am Ende", "am Rande" are nouns, though towns share them
        if lang == "de" and _DE_ARTICLE_END.search(gap) and first[0].kind not in ("country", "area"):
            continue  # "in den Neubau": after an article German writes a noun, not a town
        if adj:  # "im brandenburgischen Lübbenau": the adjective names the region
            region = _DE_ADJ.get(re.sub(r"(?:e|en|er|es|em)\s+$", "", adj).lower())
            if region is not None:
                f, s, e = first
                q = _qualify(f, _area_found(region))
                first = (q or f, s, e)
        _chain(sentence, first, hints, lang, out)
    if ", " in sentence and any(w in low for w in _SETTLEMENT_WORDS) and _SITE_WORD.search(sentence):
        for m in _APPOSITION.finditer(sentence, start):
            if not taken(m.start()):
                found = _read_place(sentence, m.start(), hints, lang, settlement=True)
                if found is not None:
                    out.append(_mention(found[1], found[2], found[0]))
    soil = any(n in low for n in _SOIL_WORDS) and _SITE_WORD.search(sentence)
    for m in _SOIL.finditer(sentence, start) if soil else ():
        code = _COUNTRY_ADJ.get(gazetteer.key(m.group("after") or m.group("before")))
        if code is not None and not taken(m.start()):
            out.append(PlaceMention(m.start(), m.end(), _country_part(code, True)))
    if any(w in low for w in _HOST_STEMS):
        _hosts(sentence, start, hints, lang, taken, out)
    has_site_noun = any(w in low for w in _SITE_NOUN_WORDS)  # substring tests in C: far cheaper than a scan
    bullets = any(c in sentence for c in "•·▪●◦") or "\n" in sentence or sentence.lstrip()[:1] in ("*", "-", "–")
    for rx in (_BULLET if bullets else None, _LIST_OPEN if ":" in sentence else None,
               _SITE_OF if has_site_noun else None):
        for m in rx.finditer(sentence, start) if rx is not None else ():
            if taken(m.end()):
                continue
            first = _read_place(sentence, m.end(), hints, lang)
            # a bulleted line is a place only when it reads like one: "Milam County, Texas", a state
            if first is not None and (rx is not _BULLET or first[0].kind != "city" or first[2] > first[1] + len(
                    _RUN.match(sentence, m.end()).group())):
                _chain(sentence, first, hints, lang, out)
    for m in _BEFORE_SITE.finditer(sentence, start) if has_site_noun else ():
        if taken(m.start("run")):
            continue
        # "Google's Pryor data center", "the Google Pryor data center": the town is the run's last words
        run, at = m.group("run"), m.start("run")
        toks = list(_TOKEN.finditer(run))
        for t in toks:
            name = run[t.start():]
            found = _resolve(name, hints, lang)
            # "IBM's Summit supercomputer": a machine may be named like a small town; a town stands before
            # a site noun only when it is big or its state or country is named in the text
            # "new U.S. data center sites": a country, or a state before a plural, used as an adjective
            # names a programme's scope, not where a site stands
            # while "the Oregon data center" is one site in that state
            plural = m.group().endswith("s") and not m.group().endswith("campus")
            # "the Salem Township campus": a township or county of a state the text names is a place
            if found is not None and (found.kind == "area" and not plural or (
                    found.kind == "city" and (_known_town(name, hints) or _us_admin_unit_placed(found)))):
                out.append(_mention(at + t.start(), m.end("run"), found))
                break
    out.sort(key=lambda p: p.start)
    return _without_restated(sentence, _without_landmarks(sentence, out))


def is_place_name(name: str) -> bool:
    """Is NAME, as a whole, the name of a town, county, region or country ("Villanueva de Gállego")?"""
    k = gazetteer.key(name)
    return k in _AREA or k in _LAB_KEYS or bool(gazetteer.candidates(name))


def value_parts(value: str) -> tuple[str, ...]:
    """A place value's parts as keys, a centre's or a country's names made one ("BSC" and "Barcelona
    Supercomputing Center", "US" and "United States"), to tell a place restated from a new one."""
    keys = (gazetteer.key(p) for p in value.split(","))
    return tuple(_SAME_PLACE.get(k, k) for k in keys if k)


def _hosts(sentence: str, start: int, hints, lang, taken, out: list[PlaceMention]) -> None:
    """'Navarra albergará un centro de datos': a place named right before a verb of hosting."""
    for m in _RUN.finditer(sentence, start):
        if taken(m.start()):
            continue
        found = _read_place(sentence, m.start(), hints, lang)  # "La Patagonia": _resolve drops the article
        if found is not None and _HOST_AFTER.match(sentence, found[2]):
            out.append(_mention(found[1], found[2], found[0]))


def _not_site(sentence: str, at: int) -> bool:
    """Is the place at AT an office's, an event's or a speaker's ('based in Houston', 'at a summit in
    Davos')? Not when a site is named between ('said the data center in Amarillo')."""
    m = _NOT_SITE.search(sentence, max(0, at - 70), at)
    return m is not None and not _SITE_WORD.search(m.group("tail"))


def _after_name(sentence: str, at: int, hints, lang: str | None) -> bool:
    """Does a name stand right before AT ('Saline Township near Ann Arbor')? German capitalises every noun
    ('ein Rechenzentrum bei Magdeburg'), so there the word must be a place."""
    m = _AFTER_NAME.search(sentence, max(0, at - 40), at)
    if m is None or lang != "de":
        return m is not None
    run = _RUN_TAIL.search(sentence[max(0, at - 40):m.end()].rstrip(" ,"))
    return run is not None and _resolve(run.group(), hints, lang) is not None


def _owns(sentence: str, start: int, end: int) -> bool:
    """'the UK's largest campus', 'the UK’s AI revolution': a place in the possessive owns what follows."""
    return bool(re.search(r"['’]s?$", sentence[start:end]) or _POSSESSIVE.match(sentence, end))


def _without_landmarks(sentence: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """'à Mougins, près de Cannes', 'in Southaven (with ties to Memphis)': a place set after another by
    'near' or in an aside locates the first one, whichever rule read it."""
    out: list[PlaceMention] = []
    for p in places:
        prev = out[-1] if out else None
        if prev is not None and 0 <= p.start - prev.end < 40:
            between = sentence[prev.end:p.start]
            if _LANDMARK_AFTER.match(between) or _ASIDE.match(between):
                continue
        out.append(p)
    return out


def _estates(sentence: str, start: int, hints, lang, out: list[PlaceMention]) -> None:
    """'el polígono industrial Torrehierro de Talavera', 'the Keystone Trade Center': an estate is the most
    specific part of a site's place; the town written after it joins the value."""
    for m in _ESTATE_RX.finditer(sentence, start):
        head = m.group("estate") or ""
        name = (m.group("name") or m.group("en")).rstrip(".")
        if head and m.group("of"):  # "la zone industrielle de Fos-sur-Mer": an estate named after its town
            town = _read_place(sentence, m.start("name"), hints, lang, settlement=True)
            if town is not None and town[0].kind == "city" and town[0].country and \
                    town[2] >= m.start("name") + len(name):
                out.append(_mention(m.start(), town[2], town[0]))
                continue
        text = f"{head[:1].upper()}{head[1:]} {name}" if head else name
        value, end, point = text, m.end(), None
        nxt = _ESTATE_NEXT.match(sentence, end)
        if nxt is not None:
            place = _read_place(sentence, nxt.end(), hints, lang)
            if place is not None:  # an estate stands in its town
                value, end, point = f"{text}, {_value(place[0])}", place[2], place[0].point
        out.append(PlaceMention(m.start("en") if not head else m.start(), end, value, point))


def _lower_areas(sentence: str, start: int, out: list[PlaceMention]) -> None:
    """'en région parisienne', 'en la provincia de Huesca': regions whose name is not capitalised."""
    for m in _LOWER_AREA_RX.finditer(sentence, start):
        area = _AREA.get(gazetteer.key(m.group("area")))
        if area is not None and _bare_area_ok(sentence, m.start(), m.start("area")):
            out.append(PlaceMention(m.start("area"), m.end("area"), _value(_area_found(area))))


def _without_restated(sentence: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """'Argonne National Laboratory in Illinois', 'Jülich en Allemagne': a broader place right after a
    narrower one restates a part of it and is no place of its own."""
    out: list[PlaceMention] = []
    for p in places:
        prev = out[-1] if out else None
        if prev is not None and p.start - prev.end < 16 and not re.search(r"[,;]|\b(?:and|et|und|y|sowie)\b",
                                                                           sentence[prev.end:p.start]):
            head = {gazetteer.key(x.strip()) for x in prev.value.split(",")}
            if all(gazetteer.key(x.strip()) in head or gazetteer.key(x.strip()) in _COUNTRY_KEYS
                   for x in p.value.split(",")) and gazetteer.key(p.value.split(",")[-1].strip()) in _COUNTRY_KEYS | head:
                continue
        out.append(p)
    return out


def region_apart(a: str, b: str) -> bool:
    """Do two place values lie in different countries, or in different US states?"""
    pa, pb = [x.strip() for x in a.split(",")], [x.strip() for x in b.split(",")]
    if gazetteer.key(pa[-1]) not in _COUNTRY_KEYS or gazetteer.key(pb[-1]) not in _COUNTRY_KEYS:
        return False  # a place whose country is not known ("Polígono Walqa") is not known to lie apart
    if pa[-1] != pb[-1]:
        return False if len(pa) == 1 and pa[0] in pb or len(pb) == 1 and pb[0] in pa else True
    if pa[-1] != "US":
        return False
    state_a = next((x for x in pa if x in US_STATES), None)
    state_b = next((x for x in pb if x in US_STATES), None)
    if state_a is None or state_b is None:
        return False
    if state_a in _STATES_OF or state_b in _STATES_OF:  # "Midwest" holds Wisconsin
        return not ({state_a} | _STATES_OF.get(state_a, set())) & ({state_b} | _STATES_OF.get(state_b, set()))
    return state_a != state_b
