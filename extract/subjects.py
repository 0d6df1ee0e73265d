"""Which entity a figure is about: the named system, the site (an owner or programme and a place),
the programme or the organisation, in English, French, German and Spanish.

The model, in order:
1. a name attached to the figure ("10 exaflops of Aurora", "448 of Longhorn's GPUs", "la puissance de X");
2. a named system or cluster of the figure's sentence, nearest first, before its owner;
3. an owner or programme whose sentence speaks of one site (a data centre, a campus, a Standort, un
   centro de datos) with a place: the site, named "<owner> <place>" as the press names it ("Meta's
   El Paso data center" is Meta El Paso); a figure about the whole fleet or programme keeps the owner;
4. a name the registry does not know that looks like a facility, system or programme's name;
5. the article's topic.
A discovered name must look like a name: never a number, a year, a month, a unit, a chip or a word of
the language's dictionary ("Das Ziel", "Rund 10.000", "D'ici 2028" are not subjects).

Written by hand because no parser here gives English, German and Spanish dependencies (only French has a
statistical model), and the cues that tie a figure to a site in news copy are few and regular.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from extract import dates, entities, gazetteer, hardware, modality, places, proper_nouns
from wordfreq import zipf_frequency

from extract._fast_regex import Prefiltered
from extract.entities import Entity, EntityMention

# ---------------------------------------------------------------- what names look like

_STOP_FIRST = set("""
The A An This That These Those It Its Our Their His Her In On At By For With From As And But Or Also Over Under About
Around Nearly Almost Up Some Each Every All Both Such Other Another New Next Last First Second Third If Then Now Here
There When While After Before Since Until Today Yesterday Tomorrow Phase Stage Step Part One Two Three Four Five Six
Le La Les L Un Une Des Du De D Ce Cet Cette Ces Son Sa Ses Leur Leurs Notre Nos Selon Avec Dans Pour Sur Par En Au Aux Et
Mais Ou Près Plus Moins Environ Jusqu Depuis Dès Ici Déjà Fin Début Mi
Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Im Am Zum Zur Vom Beim Mit Nach Bei Von Für Auf Aus Über Unter
Rund Etwa Mehr Bis Seit Ab Laut Nach Noch Auch Dabei Damit Doch Ende Anfang Mitte Insgesamt Zudem
El Los Las Lo Unos Unas Del Al Con Sin Según Para Por Sobre Entre Hasta Desde Más Menos Casi Cerca Alrededor Unos Este
Esta Estos Estas Ese Esa Su Sus Finales Principios Mediados AI IA KI GPU GPUs
What Which Who Why How Where To Of So We You Quoi Qui Pourquoi Comment Was Wer Warum Wie Wo Qué Quién Cómo Dónde Por
Alongside Beside Besides Including Like Unlike Despite Through Across Via Amid Among Against Into Onto Within Without
S Qu Lorsqu Puisqu Jusqu N C J Quand Si Lorsque Puisque Comme Alors Ainsi Pourtant Cependant
""".split())
_UNIT_OR_TIME = re.compile(
    r"(?i)^(?:\d[\d.,]*|(?:19|20)\d\d|[kmgt]w|[kmgt]wh|mégawatts?|megawatts?|gigawatts?|megavatios?|gigavatios?|"
    # units and ratios of the trade ("a 220 kV substation", "a PUE of 1.1", "80 GB of memory")
    r"[km]va?|[kmg]?hz|[kmgtpe]b|[ptez]?flops|[tpez]flop/s|(?:tera|zetta|giga)flops?|km2?|m2|nm|pue|wue|"
    r"exaflops?|petaflops?|gpus?|tpus?|cpus?|chips?|q[1-4]|h[12]|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre)$")
_EVENT_OR_CONTINENT = re.compile(
    r"\b(?:Congress|Summit|Conference|Forum|Expo|Week|Fair|Congreso|Cumbre|Feria|Foro|Kongress|Gipfel|Messe|Konferenz|"
    r"Sommet|Conférence|Salon|Europe|Europa|Asia|Asie|Asien|Africa|Afrique|Afrika|África|America|Amérique|Amerika|"
    r"América|Oceania|Océanie|Ozeanien)\b")
_VERSION = re.compile(r"^(?:\d{1,2}(?:\.\d)?|[IVX]{1,4}|Next|NEXT|Plus|\+)$")  # "3.0", "2", "II", "Next"
_TOKEN = re.compile(r"[^\s]+")


# Zipf frequency (log10 of uses per billion words) from which a word is common in the language: "Ziel"
# 5.2, "Construction" 5.0, "Summit" 4.3 are words; "Colossus" 3.1, "Inflection" 2.9, "Kestrel" 2.5
# are rare enough to be the names they are capitalised as.
COMMON_ZIPF = 4.0
GERMAN_NOUN_ZIPF = 3.0
SENTENCE_START_ZIPF = 3.5


def _is_common_word(word: str, lang: str, threshold: float = COMMON_ZIPF) -> bool:
    """A common word of the language ("Ziel", "Rund", "Construction"), not a proper name.

    wordfreq ships word frequencies for English, French, German and Spanish inside the package; a
    frequency rather than a dictionary, since names like "Inflection" are in dictionaries too."""
    if not word.isalpha() or word.isupper():
        return False
    zipf = max(zipf_frequency(word, lang), zipf_frequency(word.lower(), lang))
    if zipf >= threshold:
        return True
    if lang != "de":
        return False
    # German nouns are capitalised and compounded: a long word seen in German text at all, or one
    # ending in a common noun ("Rechen-leistung", "Strom-erzeugung"), is a noun, not a name
    if len(word) >= 6 and zipf >= GERMAN_NOUN_ZIPF:
        return True
    return len(word) >= 8 and any(zipf_frequency(word[i:].capitalize(), "de") >= COMMON_ZIPF
                                  for i in range(3, len(word) - 3))


def looks_like_name(name: str, lang: str, sentence_initial: bool = False) -> bool:
    """Could NAME name a facility, a system, a programme or an organisation?

    German capitalises every noun, and any language its first word: there a phrase of dictionary words
    is a common phrase ("Das Ziel", "Stromerzeugung"); elsewhere a capital mid-sentence marks a name
    even when it is also a word ("Inflection AI", "Crusoe")."""
    if re.search(r"\w['’]s\s", name):
        return False  # "Nscale's Loughton": an owner's possessive and what it owns, not one name
    if _EVENT_OR_CONTINENT.search(name):
        return False  # "Mobile World Congress", "AI Action Summit", "Europa": where things are said, not subjects
    words = [w.strip("«»“”\"'’.,:;()") for w in _TOKEN.findall(name)]
    words = [w for w in words if w]
    if not words or len(name) > 60 or sum(c.isalpha() for c in name) < 2:
        return False
    first = words[0]
    if any(w.lower().endswith(("-based", "-backed", "-owned", "-led", "-born", "-class", "-scale", "-style", "-type",
                               "-grade", "-sized", "-level", "-ready", "-optimized", "-optimised")) for w in words):
        return False  # "The Seattle-based giant": an adjective of place or owner, not a name
    if not (first[0].isupper() or (first[0].islower() and any(c.isupper() for c in first[1:]))):
        return False  # "xAI"-like camel case is a name; a lower-case word is not
    if first in _STOP_FIRST or first.split("'")[0].split("’")[0] in _STOP_FIRST:
        return False
    for k, w in enumerate(words):
        if w[0].isdigit():
            # a version follows a name ("ABCI 3.0", "Condor Galaxy 3"); "Rmax de 175", "S&P 500" are figures
            if k == 0 or words[k - 1].lower() in ("de", "of", "del", "von", "du") or \
                    (not _VERSION.match(w)) or (w.isdigit() and int(w) > 99):
                return False
        elif _UNIT_OR_TIME.match(w):
            return False
    if _UNIT_OR_TIME.match(first):
        return False
    chips = hardware.find_hardware(name)
    if chips and len(chips[0].name) >= len(name) - 2:
        return False  # a chip, not a machine
    for w in words:
        tail = w.rsplit("-", 1)[-1]
        if tail != w and tail[:1].isupper() and not tail.isupper() and _is_common_word(tail, lang):
            return False  # a compound of a common noun ("FP64-Rechenleistung", "Zen-2-Kernen"), not a name
    letters = [w for w in words if not _VERSION.match(w)]
    if not letters:
        return False
    # a capital opening a sentence says nothing, so there even a fairly common word is no name
    threshold = SENTENCE_START_ZIPF if sentence_initial else COMMON_ZIPF
    if (lang == "de" or sentence_initial or len(letters) > 1) and all(_is_common_word(w, lang, threshold) for w in letters):
        return False  # a common phrase capitalised as a title ("Inteligencia Artificial") is no name either
    return True


# ---------------------------------------------------------------- discovering names

_NAMING_WORDS = (r"called|named|dubbed|known\s+as|baptisé(?:e)?|nommé(?:e)?|appelé(?:e)?|dénommé(?:e)?|surnommé(?:e)?|"
                 r"namens|genannt|getauft|mit\s+dem\s+Namen|denominad[oa]|llamad[oa]|bautizad[oa]|conocid[oa]\s+como")
_FACILITY = (r"cluster|supercluster|supercomputer|AI\s+supercomputer|system|campus|data\s?cent(?:er|re)|facility|"
             r"project|programme|program|AI\s+factory|gigafactory|"
             r"supercalculateur|superordinateur|centre\s+de\s+données|projet|programme|usine|"
             r"Supercomputer|Superrechner|Hochleistungsrechner|Rechenzentrum|Projekt|KI-Fabrik|KI-Gigafabrik|"
             r"superordenador|supercomputador(?:a)?|centro\s+de\s+datos|proyecto|programa|gigafactoría|fábrica\s+de\s+IA")
_NAME = r"[«\"“„']?\s*(?P<name>(?:[A-Z]|[a-z]+[A-Z])[\w.+-]*(?:\s+(?:[A-Z0-9][\w.+-]*|de|del|of))*)"
_DISCOVERY = [
    # "a cluster called X", "un supercalculateur baptisé X", "ein Rechenzentrum namens X", "el centro denominado X"
    Prefiltered(rf"(?i:\b(?:{_FACILITY}))(?:,)?\s+(?i:{_NAMING_WORDS})\s+{_NAME}"),
    # "the X supercomputer", "the X AI cluster"
    Prefiltered(r"\b[Tt]he\s+(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*)?)\s+(?:supercomputer|AI\s+supercomputer|AI\s+cluster|"
                r"cluster|supercluster|system)\b"),
    # "le supercalculateur X", "der Supercomputer X", "el superordenador X"
    Prefiltered(r"\b(?:[Ll]e\s+|[Dd]u\s+|[Dd]er\s+|[Dd]en\s+|[Dd]es\s+|[Ee]l\s+|[Ll]a\s+|[Dd]el\s+)"
                r"(?:supercalculateur|superordinateur|Supercomputer|Superrechner|Hochleistungsrechner|superordenador|"
                r"supercomputador(?:a)?)\s+[«\"“„]?\s*(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*)?)"),
]
_LONG_NUMBER = re.compile(r"\d{3,}(?!\.\d)")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A stable id fragment for a name."""
    return _NON_SLUG.sub("-", name.lower()).strip("-")


def discovered_entity(name: str, kind: str = "cluster", parent: str | None = None) -> Entity:
    """The entity for a name the registry does not know."""
    return Entity(f"discovered-{slug(name)}", name, kind, parent, (name,), origin="discovered")


def _successor_name(text: str, m: EntityMention) -> tuple[str, int] | None:
    """A registry name followed by a version ("ABCI 3.0", "Fugaku Next", "Colossus 3"): another system."""
    after = re.match(r"(?:[ -]?)(?P<v>\d+(?:\.\d+)?|[IVX]{1,4}|Next|NEXT|Plus)(?![\w.-]|\.\d)", text[m.end:m.end + 8])
    if not after:
        return None
    v = after.group("v")
    if v.isdigit() and (len(v) > 2 or text[m.end + after.end():m.end + after.end() + 3].lstrip().startswith(("%",))):
        return None  # "Colossus 2024", "Colossus 100,000 GPUs" are a year and a figure, not a version
    return text[m.start:m.end + after.end()], m.end + after.end()


_AFTER_OWNER = re.compile(r"(?:[ -]|\s+(?:in|en|à|au)\s+)(?P<p>[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|de|del|la))*)")


def _is_place(name: str, min_population: int = 0) -> bool:
    """A region, a country or a town of the gazetteer (at least MIN_POPULATION people)."""
    if name in places.REGIONS:
        return True
    if len(name) <= 3:
        return False
    return any(p.primary and p.population >= min_population for p in gazetteer.candidates(name))


# Towns this big are rarely also a company's name; smaller ones often are ("Brookfield", "Vantage")
NAME_OR_TOWN_POPULATION = 50_000
# Cities this big, named in a sentence, are the place, even where the word lists count them as words
BIG_CITY_POPULATION = 500_000


def _site_by_place(text: str, m: EntityMention) -> tuple[str, str, int] | None:
    """A programme or owner named with a place, as the press names sites ("Stargate Norway",
    "Meta El Paso"): (site name, place, end)."""
    after = _AFTER_OWNER.match(text, m.end, m.end + 40)
    if not after:
        return None
    words = after.group("p").split()
    for k in range(len(words), 0, -1):
        place = " ".join(words[:k])
        if place[-1].isalpha() and _is_place(place) and place not in _STOP_FIRST and \
                (k > 1 or place in places.REGIONS or not _is_common_word(place, "en")):  # "Fairwater Goes Live"
            end = after.start("p") + len(place)
            return f"{text[m.start:m.end]} {place}", place, end
    return None


def discover_entities(text: str, lang: str = "en") -> list[EntityMention]:
    """Named clusters, sites and successors the registry does not know yet."""
    _, surface = entities._matcher()
    out: list[EntityMention] = []
    seen: set[str] = set()
    for rx in _DISCOVERY:
        for m in rx.finditer(text):
            name = m.group("name").strip().rstrip(".,;:»”\"'")
            words = name.split()
            while words and words[-1] in ("de", "del", "of"):
                words.pop()
            name = " ".join(words)
            if not name or name in surface or name in seen or _LONG_NUMBER.search(name) or not looks_like_name(name, lang) \
                    or _is_place(name, NAME_OR_TOWN_POPULATION):
                continue
            known = entities.find_entities(name)
            if known and known[0].end - known[0].start == len(name):
                continue
            seen.add(name)
            out.append(EntityMention(discovered_entity(name), m.start("name"), m.start("name") + len(name)))
    for mention in entities.find_entities(text):
        if mention.entity.kind in ("programme",):
            site = _site_by_place(text, mention)
            if site and site[0] not in surface:
                name, place, end = site
                if name not in seen:
                    seen.add(name)
                    out.append(EntityMention(Entity(f"{mention.entity.id}@{slug(place)}", name, "site", mention.entity.id,
                                                    (name,), origin="discovered"), mention.start, end))
                continue
        if mention.entity.kind in _ORG_KINDS:
            continue
        succ = _successor_name(text, mention)
        if succ and succ[0] not in surface and succ[0] not in seen:
            name = succ[0]
            seen.add(name)
            ent = Entity(f"{mention.entity.id}-{slug(name[mention.end - mention.start:])}", name, mention.entity.kind,
                         mention.entity.parent, (name,), origin="discovered")
            out.append(EntityMention(ent, mention.start, succ[1]))
    return out


# ---------------------------------------------------------------- sites named by owner and place

_SITE_NOUN = Prefiltered(
    r"(?i:\b(?:data[\s-]?cent(?:er|re)|datacent(?:er|re)|campus|site|facility|complex|AI\s+factory|gigafactory|"
    r"centre\s+de\s+données|centre\s+de\s+calcul|usine|installation|"
    r"rechenzentrum|standort|ki-fabrik|gigafabrik|komplex|anlage|areal|"
    r"centro\s+de\s+datos|centro\s+de\s+procesamiento\s+de\s+datos|instalaci[oó]n|complejo|planta|gigafactor[ií]a)\b)")
_ANAPHOR = Prefiltered(
    r"(?i:\b(?:it|its|the\s+(?:company|firm|project|facility|group)|il|elle|son|sa|ses|le\s+projet|l['’](?:entreprise|usine|"
    r"installation)|le\s+groupe|er|sie|es|sein\w*|ihr\w*|das\s+(?:Projekt|Unternehmen)|der\s+Konzern|su|sus|el\s+proyecto|"
    r"la\s+(?:empresa|compañía|instalación))\b)")
# a sentence that opens on a pronoun for a thing, or (Spanish) on a verb in the future or conditional with its
# subject left out: it goes on about what the sentence before spoke of
_OPENING_PRONOUN = re.compile(r"(?:It|Its|Il|Elle|Sa|Son|Ses|Es|Er|Sie|Sein|Seine|Ihre?|Su|Sus|"
                              r"[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:rá|rán|ría|rían))\b")
# facilities of one owner spoken of together, each with the same figure
_TOGETHER = Prefiltered(
    r"(?i:\b(?:each|both|chacun(?:e)?|tous\s+(?:les\s+)?deux|toutes\s+(?:les\s+)?deux|jeweils|beide[n]?|cada\s+uno|"
    r"cada\s+una|ambos|ambas)\b)")
# a programme's whole: its totals, targets and commitments
_PROGRAMME_TOTAL = Prefiltered(
    r"(?i:\b(?:commitments?|target|totals?|totalling|totaling|build-?out|pledged?|altogether|objectif|engagements?|"
    r"au\s+total|Gesamtvolumen|Gesamtinvestition\w*|Ziel|objetivo|compromiso|en\s+total)\b)")
# a company's project in a town is a site there; a programme's "project" is the programme itself
_PROJECT = Prefiltered(r"(?i:\b(?:project|projet|projekt|proyecto)\b)")
# plural or collective: a figure about many sites is the programme's or the owner's
_MANY_SITES = Prefiltered(
    r"(?i:\b(?:data[\s-]?cent(?:er|re)s|datacent(?:er|re)s|campuses|sites|facilities|across|in\s+total|overall|"
    r"program(?:me)?|initiative|centres\s+de\s+données|sites|au\s+total|programme|rechenzentren|standorte|insgesamt|"
    r"programm|centros\s+de\s+datos|en\s+total|programa|iniciativa|worldwide|globally|nationwide|fleet)\b)")
# the whole company, wherever it is: never one region's programme
_COMPANY_WIDE = Prefiltered(
    r"(?i:\b(?:worldwide|globally|global|around\s+the\s+world|company-wide|fleet|combined|pipeline|portfolio|"
    r"footprint|dans\s+le\s+monde|mondial\w*|cumulé\w*|weltweit\w*|konzernweit|en\s+todo\s+el\s+mundo|"
    r"mundial\w*|a\s+nivel\s+global|combinad\w*)\b)")
_SITE_ATTRIBUTES = {"power", "location", "site_area", "floor_area", "buildings", "buildings_added", "generation_units",
                    "generation_unit_power", "battery_power", "water", "online_date", "build_time"}
_ORG_KINDS = entities.OWNER_KINDS | {"programme"}
# what an owner's figure in a single-site story speaks of, when its sentence places nothing
_LEAD_SITE_ATTRIBUTES = _SITE_ATTRIBUTES | {"cost", "gpu_count", "compute"}
# "a campus of data centres", "un campus de centres de données": one site made of several buildings
_CAMPUS_OF = re.compile(r"(?i:\bcampus\s+(?:of|de|d['’]|mit|aus)\s+(?:\w+\s+)?$)")


def _many_sites(clause: str) -> bool:
    """Does CLAUSE speak of many sites or of a whole (a programme, a fleet), not of one campus of them?"""
    return any(not _CAMPUS_OF.search(clause, 0, m.start()) for m in _MANY_SITES.finditer(clause))


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    """Characters between two spans; 0 when they overlap (a place is nearest to itself)."""
    return 0 if a0 < b1 and b0 < a1 else min(abs(a0 - b1), abs(b0 - a1))


@dataclass(frozen=True)
class SitePlace:
    """A place where an article puts a site."""

    head: str  # the most specific part: "El Paso", "Saline Township", "Norway"
    value: str


def place_head(value: str) -> str:
    """'Abilene, Texas, US' -> 'Abilene'."""
    return value.split(",")[0].split("(")[0].strip()


def _site_place(sent: str, p: places.PlaceMention) -> SitePlace:
    """The place a site is named by: the text's spelling ("Valence", not the gazetteer's namesake
    "Valencia"), unless the value restates the same name ("Comté de Doña Ana" is Doña Ana County)."""
    surface = place_head(sent[p.start:p.end]).rstrip(".;:!?’'\"»”)")
    head = place_head(p.value)
    if not surface or not surface[0].isupper() or set(surface.split()) & set(head.split()):
        return SitePlace(head, p.value)
    return SitePlace(surface, p.value)


def _is_region(value: str) -> bool:
    """A state, a region or a country: a programme or a company stands there, not one site."""
    return place_head(value) in places.REGIONS or "," not in value


def site_entity(owner: Entity, place: SitePlace, owner_as_written: str | None = None) -> Entity:
    """The site an owner or programme has at a place, named as the press does: with the owner's
    name as the article writes it ("AWS Aragón", "Schwarz Digits Lübbenau")."""
    name = f"{owner_as_written or owner.name} {place.head}"
    return Entity(f"{owner.id}@{slug(place.head)}", name, "site", owner.id, (name,), origin="discovered")


# ---------------------------------------------------------------- per-figure resolution

_PARTNERS = re.compile(r"(?:\b(?:along\s+with|together\s+with|alongside|partners?|partenaires?|aux\s+côtés\s+de|avec\s+l['’]aide\s+de|"
                       r"zusammen\s+mit|gemeinsam\s+mit|Partner|junto\s+(?:a|con)|socios?)"
                       r"(?:\s+(?:its|their|his|her|ses|leurs?|the|les?|seinen|ihren|sus?))?\s+)$", re.IGNORECASE)
_AND_BEFORE = re.compile(r"\b(?:and|und|y|et)\s+$")
_COMPANY_NOUN_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:company|firm|group|giant|startup|start-up|operator|government|"
                                 r"société|entreprise|groupe|géant|Konzern|Unternehmen|Gruppe|Regierung|empresa|compañía|grupo|"
                                 r"gigante|gobierno)\b", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"\s*,\s*(?:which|who|that|der|die|das|welche[rs]?|qui|que|dont|lequel|laquelle|el\s+cual|"
                             r"la\s+cual|quien|que)\b", re.IGNORECASE)
_AGENT_BEFORE = re.compile(r"\b(?:by|for|par|pour|von|für|por|para)\s+(?:the\s+|le\s+|la\s+|l['’]|dem\s+|der\s+|el\s+|la\s+)?$",
                           re.IGNORECASE)
_COMPARED = re.compile(
    r"(?:\b(?:than|over\s+(?:the\s+)?(?:current|existing|previous)|compared\s+(?:with|to)|versus|vs\.?|as\s+(?:many|much)\s+"
    r"(?:\w+\s+){0,2}as|gegenüber|im\s+Vergleich\s+zu|verglichen\s+mit|par\s+rapport\s+(?:à|au)|comparée?s?\s+(?:à|au)|"
    r"frente\s+(?:a|al)|comparad[oa]s?\s+con|respecto\s+(?:a|al)|"
    # "Hunter will replace Hawk", "remplacera Jean Zay", "sustituirá a MareNostrum 4": the machine replaced
    r"replac(?:e|es|ed|ing)|succeed(?:s|ed|ing)?|remplac\w*|succéd\w*|ersetz\w*|ablös\w*|(?:sustitu|reemplaz)\w*(?:\s+al?)?)"
    # "que" and "als" are comparisons only after a comparative ("plus puissant que", "schneller als")
    r"|\b(?:plus|moins|autant|mieux|fois|más|menos|mayor|menor|mehr|weniger|\w{3,}er|\w{3,}ere[nr]?)\b[^.;]{0,40}?"
    r"\b(?:que|qu['’]|als)"
    # "the second exascale machine in Europe, after Jupiter": a rank counted after the yardstick
    r"|\b(?:second|third|deuxième|second(?:e)?|troisième|zweite[nrs]?|dritte[nrs]?|segund[oa]|tercer[oa])\b[^.;]{0,60}?"
    r"\b(?:after|après|nach|tras|después\s+de)"
    r")\s+(?:(?:the|le|la|les|l['’]|el|los|dem|der|den|die|das|its|their|son|sa|seinem|seinen|su|current|existing|"
    r"actuel(?:le)?|heutigen?|actual|previous|former|older|earlier|précédente?|ancienne?|vorherigen?|früheren?|"
    r"anterior|ageing|aging|ancien(?:ne)?|bisherigen?|alten?|antiguo)\s+)*"
    # "than the previous system, ABCI 2.0": the yardstick named after its common noun
    r"(?:(?:system|machine|supercomputer|cluster|predecessor|système|supercalculateur|prédécesseur|System|Rechner|"
    r"Supercomputer|Vorgänger|sistema|superordenador|supercomputador|predecesor)\s*,?\s+)?$",
    re.IGNORECASE)
# "Saudi Arabia will fund", "Le Japon et l'Allemagne ont décidé": a country that
# acts in the sentence is whose the figure is, not the article's company (a country is no registry name)
_ARTICLE = r"(?:(?:the|la|le|les|l['’]|die|der|el|los|las)\s+)?"
_COUNTRY = "|".join(re.escape(n) for n in sorted(places.COUNTRY_NAMES, key=len, reverse=True) if len(n) > 3)
_COUNTRY_ACTS = re.compile(
    rf"(?<![\w-]){_ARTICLE}(?:{_COUNTRY})(?:\s+(?:and|et|und|y|e)\s+{_ARTICLE}(?:{_COUNTRY}))?\s+"
    r"(?:will|would|has|have|had|plans?|planned|agreed|is\s+to|are\s+to|intends?|ont|a|va|vont|allait|allaient|"
    r"avait|avaient|prévoi\w+|veu\w+|hat|haben|wird|werden|wollen|will|plant|planen|ha|han|va|van|planea\w*|"
    r"acord\w+)\b", re.IGNORECASE)
# "six miles from the Colossus 2 site", "à 10 km du site de Colossus 2": a landmark the distance is
# measured from, not what the sentence places
_DISTANCE_FROM = re.compile(
    r"(?i)\b(?:miles?|km|kilom[eè]tres?|kilometers?|kilometres?|Kilometern?|kilómetros?|metres?|meters?|Metern?|metros?)"
    r"\s+(?:away\s+)?(?:from|de|du|des|d['’]|von|vom|entfernt\s+von|del|de\s+la)\s+"
    r"(?:(?:the|l['’]|la|le|el|dem|der|den|its|son|sa|su)\s+)?(?:(?:site|campus|cluster|data\s+cent(?:er|re)|"
    r"facility|Standort|Gelände|centro|sitio|centre)\s+(?:of\s+|de\s+|d['’]|des\s+|von\s+|del\s+)?)?$")
_NAMES_IT = re.compile(r"(?i)\b(?:is|was|will\s+be)\s+(?:called|named|dubbed)\b|\bheißt\b|\bhei[sß]en\b|trägt\s+den\s+Namen|"
                       r"s['’]appell\w+|\bbaptisée?\b|\bnommée?\b|se\s+llama|denominad[oa]|llamad[oa]|bautizad[oa]")
# German puts the verb last: "… den Rechner Hawk ersetzen" names the machine replaced right before it
_REPLACED_BEFORE_VERB = re.compile(r"\s+(?:zu\s+)?(?:ersetz|ablös)\w*\b", re.IGNORECASE)
_SUBSIDIARY = re.compile(r"(?i:\b(?:subsidiary|subsidiaries|unit|arm|filiale|Tochter\w*|\w+tochter|filial)\b)")
_INTO_BEFORE = re.compile(r"\b(?:in|into|dans|en|für)\s+$")
_ATTACHED_AFTER = re.compile(r"^\s*(?:of|de|du|d['’]|for|pour|at|à|in|chez|von|vom|des|der|für|del|de\s+la|para|en)\s*"
                             r"(?:the\s+|l['’]|la\s+|le\s+|les\s+|dem\s+|den\s+|die\s+|das\s+|el\s+|los\s+|las\s+)?$",
                             re.IGNORECASE)
_OF_BEFORE = re.compile(r"(?:\bof|\bde|\bd['’]|\bdu|\bvon|\bdes|\bdel)\s*(?:the\s+|l['’]|la\s+|el\s+|dem\s+)?$")
_CLAUSE_PUNCT = re.compile(r"[,;.]")
_PHASE = Prefiltered(r"\b(?:phase|tranche|stage|étape|Phase|Bauabschnitt|Ausbaustufe|fase|etapa)\s+(?P<n>\d+|I{1,3}|IV|one|two|three|un|deux|trois|eins|zwei|drei|uno|dos|tres)\b|"
                     r"\b(?P<ord>first|second|third|première|deuxième|seconde|troisième|erste[nr]?|zweite[nr]?|dritte[nr]?|primera|segunda|tercera)\s+"
                     r"(?:phase|tranche|Phase|Ausbaustufe|Bauabschnitt|fase|etapa)\b", re.IGNORECASE)
_PHASE_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "one": 1, "two": 2, "three": 3, "un": 1, "deux": 2, "trois": 3,
                  "eins": 1, "zwei": 2, "drei": 3, "uno": 1, "dos": 2, "tres": 3,
                  "first": 1, "second": 2, "third": 3, "première": 1, "deuxième": 2, "seconde": 2, "troisième": 3,
                  "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2, "dritte": 3, "dritten": 3,
                  "dritter": 3, "primera": 1, "segunda": 2, "tercera": 3}
def _phase_number(m: re.Match) -> int | None:
    """The number of the phase _PHASE matched ("phase 2", "zweite Ausbaustufe", "fase III")."""
    raw = (m.group("n") or m.group("ord")).lower()
    return int(raw) if raw.isdigit() else _PHASE_NUMBERS.get(raw)


_DEAL = Prefiltered(r"(?i:\b(?:deal|agreement|contract|partnership|pact|accord|contrat|partenariat|Vertrag|Abkommen|"
                    r"Vereinbarung|Partnerschaft|Deal|acuerdo|contrato|alianza|asociación)\b)")
_DEAL_ATTRIBUTES = {"cost", "power", "gpu_count", "build_time"}  # a deal's deployment period too
# two companies as one subject: "AMD and OpenAI", "OpenAI y Broadcom"
_JOINTLY = re.compile(r"(?:['’]s)?\s*(?:,\s*)?(?:and|&|und|et|y|e)\s+(?:the\s+|l['’]|la\s+|le\s+)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _suppliers() -> tuple[re.Pattern, dict[str, Entity]] | None:
    names = {alias: e for e in entities.registry() if e.supplier for alias in (e.name, *e.aliases)}
    if not names:
        return None
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])"), names


def _supplier_mentions(sent: str) -> list[EntityMention]:
    found = _suppliers()
    if found is None:
        return []
    rx, names = found
    return [EntityMention(names[m.group(0)], m.start(), m.end()) for m in rx.finditer(sent)]


@lru_cache(maxsize=1)
def _members_by_place() -> dict[tuple[str, str], Entity | None]:
    out: dict[tuple[str, str], Entity | None] = {}
    for e in entities.registry():
        if e.parent and e.kind not in _ORG_KINDS:
            for cue in e.cues:
                # two machines at one campus (a lab's systems) leave the place naming neither
                out[(e.parent, cue)] = None if (e.parent, cue) in out else e
    return out


@lru_cache(maxsize=1)
def _programmes_by_owner() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for e in entities.registry():
        if e.kind == "programme" and e.parent:
            out.setdefault(e.parent, []).append(e.id)
    return {k: tuple(v) for k, v in out.items()}


def _programme_member_at(owner_id: str, place: str) -> Entity | None:
    """The registry's site at PLACE of one of the owner's programmes, if exactly one."""
    found = {m for p in _programmes_by_owner().get(owner_id, ()) if (m := _member_at(p, place)) is not None}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _registry_sites_by_town() -> dict[str, Entity | None]:
    # The registry names an operator's campus "<operator> <town>" ("Nebius Vineland"); its customers and
    # the programmes it serves are written at the same town ("Microsoft's Vineland cluster"). A town
    # with two registry campuses names neither.
    by_id = entities._by_id()
    out: dict[str, Entity | None] = {}
    for e in entities.registry():
        owner = by_id.get(e.parent or "")
        if e.kind != "site" or owner is None or owner.kind not in _ORG_KINDS:
            continue
        rest = e.name[len(owner.name):].strip() if e.name.startswith(owner.name + " ") else ""
        # its town: the name after its owner's ("Nebius Vineland"), else a cue that is a town ("Abilene")
        # a big city's name says no one campus (Abu Dhabi has several)
        towns = {gazetteer.key(t) for t in (rest, *e.cues)
                 if t and gazetteer.key(t) not in _REGION_KEYS and places.is_place_name(t)
                 and all(c.population < BIG_CITY for c in gazetteer.candidates(t) if c.primary)}
        for key in towns:
            out[key] = None if key in out and out[key] != e else e
    return out


BIG_CITY = 500_000
_REGION_KEYS = frozenset(gazetteer.key(r) for r in places.REGIONS) | places._AREA.keys()


def registry_site_at(town: str) -> Entity | None:
    """The registry's one operator campus in TOWN ("Nebius Vineland" for "Vineland"), if one."""
    return _registry_sites_by_town().get(gazetteer.key(town))


def _member_at(parent_id: str, place: str) -> Entity | None:
    """The registry's site or cluster of a programme or owner whose cues name PLACE."""
    return _members_by_place().get((parent_id, place))


@dataclass
class ArticleSubjects:
    """Subject resolution for one article: its topic, the names found in it and where it puts sites."""

    text: str
    lang: str
    topic: Entity | None
    discovered: dict[str, Entity] = field(default_factory=dict)
    site_places: Counter = field(default_factory=Counter)
    region_places: Counter = field(default_factory=Counter)
    _place_values: dict[str, SitePlace] = field(default_factory=dict)
    _sites: dict[str, Entity] = field(default_factory=dict)
    _given: dict[str, Entity] = field(default_factory=dict)  # every entity a figure was given, by id
    _places: dict[tuple[str, int], list] = field(default_factory=dict)
    # the sites the latest sentence with figures gave them to, and those of the one before it: "It will
    # draw 150 MW" after "The first data centre in Bergheim opens in 2026" speaks of that site
    _sentence: str | None = None
    _sentence_sites: dict[str, Entity] = field(default_factory=dict)
    _previous_sites: dict[str, Entity] = field(default_factory=dict)
    lead_programme: Entity | None = None  # the programme the article names most, at least twice
    # the one region (a state, a country) the article's lead puts an owner's sites or money in, with
    # no town: the article is about that owner's programme there ("AWS's expansion in Aragón")
    lead_region: SitePlace | None = None
    # the one town the lead puts the owner's site in ("Spatenstich in Lübbenau: X investiert ..."): a
    # single-site story, whose owner's unplaced figures are that site's
    lead_town: SitePlace | None = None
    lead_deal: Entity | None = None  # the deal the article's lead announces: its figures are the deal's
    lead_deal_parties: frozenset[str] = frozenset()  # the ids of its two companies
    text_mentions: list = field(default_factory=list)  # the registry names found in the whole text
    written_as: dict[str, Counter] = field(default_factory=dict)  # entity id -> the names the text uses

    def entity(self, entity_id: str | None) -> Entity | None:
        """An entity this article gave a figure to, or the registry's, by id."""
        if entity_id is None:
            return None
        return self._given.get(entity_id) or entities._by_id().get(entity_id)

    def places_of(self, sent: str, opening: int = 0) -> list[places.PlaceMention]:
        """places.find_places for a sentence of this article, read once."""
        key = (sent, opening)
        if key not in self._places:
            self._places[key] = places.find_places(sent, opening, self.lang, self.text)
        return self._places[key]

    def _plausible(self, sent: str, p: places.PlaceMention) -> bool:
        """A one-word town that is also a word of the language ("Ende") counts only where the article
        names its country or state too, in any language ("Deutschland" for Germany), or where it is a big
        city: word lists count "München" or "Madrid" as words because the press writes them so often."""
        head = place_head(sent[p.start:p.end])
        if " " in head or head in places.REGIONS or not _is_common_word(head, self.lang) \
                or any(c.population >= BIG_CITY_POPULATION for c in gazetteer.candidates(head)):
            return True
        broader = [part.strip() for part in p.value.split(",")[1:]]
        return any(n in self.text for b in broader if b for n in places.written_as(b))

    def learn_site_places(self, sent: str, opening: int = 0) -> list[places.PlaceMention]:
        """Note the places a sentence puts a site at (find_places reads only places a site stands at); returns them."""
        found = self.places_of(sent, opening)
        for p in found:
            if not self._plausible(sent, p):
                continue
            sp = _site_place(sent, p)
            (self.region_places if _is_region(p.value) else self.site_places)[sp.head] += 1
            self._place_values.setdefault(sp.head, sp)
        return found

    def learn_lead_region(self, lead: list[tuple[int, int]]) -> None:
        """Note the region the article's lead (its first sentence that places anything) puts its sites or
        investment in, if it names one region and no town."""
        for s0, s1 in lead:
            sent = self.text[s0:s1]
            found = [p for p in self.places_of(sent, dates.dateline_end(sent)) if self._plausible(sent, p)]
            if not found:
                continue
            if len({place_head(p.value) for p in found}) == 1:
                if not _is_region(found[0].value):
                    self.lead_town = _site_place(sent, found[0])
                elif found[0].value not in places.WHOLE_MARKETS:
                    self.lead_region = _site_place(sent, found[0])
            return

    def _in_lead_region(self, value: str) -> bool:
        """Could a place lie in the region of the article's lead? Its broader parts are all the region's
        ("Scranton, Pennsylvania, US" in Pennsylvania; "Huesca, Spain" in Aragón, since the gazetteer
        knows the state of a town only in the US)."""
        if self.lead_region is None:
            return False
        region = [p.strip() for p in self.lead_region.value.split(",")]
        broader = [p.strip() for p in value.split(",")[1:]]
        if region[0] in places.US_STATES:
            return region[0] in broader  # a US town always comes with its state
        return bool(broader) and set(broader) <= set(region)

    def article_site_place(self) -> SitePlace | None:
        """The one town the article puts a site at, if there is a single leading one; else the one
        region it puts its sites in ("AWS's data centres in Aragón", "Microsoft's German investment")."""
        for counts in (self.site_places, self.region_places):
            if not counts:
                continue
            (head, n), *rest = counts.most_common(2) + [(None, 0)]
            if rest and rest[0][1] == n:
                return None  # two places as often: the article is about several sites
            return self._place_values[head]
        return None

    def place_of_site(self, site: Entity) -> SitePlace | None:
        """The place a site of this article was named after ("Stargate Milam County": Milam County), if it was."""
        for key, ent in self._sites.items():
            if ent.id == site.id:
                return self._place_values.get(key.rsplit("@", 1)[1])
        return None

    def home_country(self) -> str | None:
        """The country two thirds or more of the article's placed mentions lie in (at least two), if one."""
        countries: Counter = Counter()
        for counts in (self.site_places, self.region_places):
            for head, n in counts.items():
                countries[self._place_values[head].value.rsplit(",", 1)[-1].strip()] += n
        if not countries:
            return None
        country, n = countries.most_common(1)[0]
        return country if n >= 2 and 3 * n >= 2 * sum(countries.values()) else None

    def discovered_named(self, name: str) -> Entity:
        """The same entity for every mention of a discovered name in the article."""
        if name not in self.discovered:
            self.discovered[name] = discovered_entity(name)
        return self.discovered[name]

    def _site(self, owner: Entity, place: SitePlace) -> Entity:
        key = f"{owner.id}@{place.head}"
        if key in self._sites:
            return self._sites[key]
        # a family's site the registry knows, named by its programme or the programme's owner ("Microsoft's
        # Fayetteville campus" is Fairwater's); an organisation's own machines' cues say where they stand,
        # not which one a figure is about
        member = None if place.head in places.REGIONS else _member_at(owner.id, place.head) if \
            owner.kind == "programme" else _programme_member_at(owner.id, place.head)
        if member is None and place.head not in places.REGIONS:
            # the campus an operator the article names runs in that town, whoever's figure it is
            campus = registry_site_at(place.head)
            if campus is not None and (campus.parent == owner.id or any(
                    m.entity.id == campus.parent for m in self.text_mentions)):
                member = campus
        if member is not None:
            self._sites[key] = member  # the registry knows the family's site there ("Fairwater" in Mount Pleasant)
        else:
            # the owner's name the text writes most often, then the shortest, as sites are named ("Meta El
            # Paso", not "Meta Platforms El Paso"; "Microsoft", not a brand named once), leaving out forms
            # with a common noun ("projet Stargate")
            written = [w for w in self.written_as.get(owner.id, ()) if all(t[:1].isupper() or t[:1].isdigit()
                                                                               for t in w.split())]
            short = min(written, key=lambda w: (-self.written_as[owner.id][w], len(w))) if written else None
            self._sites[key] = site_entity(owner, place, short)
        return self._sites[key]

    # -- the figure's subject
    def subject(self, sent: str, start: int, end: int, mentions: list[EntityMention], attribute: str | None = None,
                sentence_places: list[places.PlaceMention] | None = None) -> Entity | None:
        """The subject of the figure at sent[start:end]: a system, a site, its phase, a programme or an owner."""
        if sent != self._sentence:
            self._sentence, self._previous_sites, self._sentence_sites = sent, self._sentence_sites, {}
        ent = self._subject(sent, start, end, mentions, attribute, sentence_places)
        if ent is not None:
            self._given.setdefault(ent.id, ent)
            if ent.kind == "site":
                self._sentence_sites[ent.id] = ent
        return ent

    def sites_together(self, sent: str, opening: int = 0) -> list[Entity]:
        """The topic owner's sites in two or more towns a sentence speaks of together ("its data centres in
        Riyadh and Dammam", "two campuses, in A and B, of 100 MW each"), else []."""
        if self.topic is None or self.topic.kind not in entities.OWNER_KINDS or not _TOGETHER.search(sent):
            return []
        towns = {}
        for p in self.places_of(sent, opening):
            if not _is_region(p.value) and self._plausible(sent, p):
                towns.setdefault(place_head(p.value), p)
        if len(towns) < 2 or len(towns) > 4:
            return []
        return [self._site(self.topic, _site_place(sent, p)) for p in towns.values()]

    def _names_a_town(self, sent: str) -> bool:
        """Does the sentence place something in a town (not only in a state or a country)?"""
        return any(not _is_region(p.value) for p in self.places_of(sent, dates.dateline_end(sent)))

    def _machine_before(self, sent: str) -> Entity | None:
        """The one machine (system or cluster) the sentence before SENT names, if one."""
        at = self.text.find(sent)
        if at <= 0:
            return None
        window = self.text[max(0, at - 300):at]
        begin = at - len(window) + max(window.rfind(". ", 0, len(window) - 2), window.rfind("\n", 0, len(window) - 2)) + 1
        machines = {m.entity for m in self.text_mentions if begin <= m.start < at and m.entity.kind not in _ORG_KINDS}
        return machines.pop() if len(machines) == 1 else None

    def learn_lead_deal(self, lead: list[tuple[int, int]], text_mentions) -> None:
        """Note the deal the article's first sentences announce, if any."""
        for s0, s1 in lead:
            found = self._deal_and_parties(self.text[s0:s1], [EntityMention(m.entity, m.start - s0, m.end - s0)
                                                              for m in text_mentions if s0 <= m.start < s1])
            if found is not None:
                self.lead_deal, self.lead_deal_parties = found
                return

    def _subject(self, sent, start, end, mentions, attribute, sentence_places) -> Entity | None:
        if not mentions and self.topic is not None and self.topic.kind in entities.OWNER_KINDS and \
                _COUNTRY_ACTS.search(sent, 0, start):
            return None
        if self.topic is not None and self.topic.kind in entities.OWNER_KINDS:
            # "la filiale data centers d'Iliad", "Iliad's data centre subsidiary": the topic company, named by its parent
            mentions = [EntityMention(self.topic, m.start, m.end) if m.entity.id == self.topic.parent and _SUBSIDIARY.search(
                sent[max(0, m.start - 50):m.end + 40]) else m for m in mentions]
        kept = [m for m in mentions if not _PARTNERS.search(sent[max(0, m.start - 40):m.start])
                and not _AND_BEFORE.search(sent[max(0, m.start - 5):m.start]) or not _PARTNERS.search(sent[:m.start])]
        # "100 times faster than the current Fugaku", "mehr als Hawk": the yardstick is not the subject
        kept = [m for m in kept if not _COMPARED.search(sent[max(0, m.start - 100):m.start])
                or (m.end <= start and _RELATIVE_AFTER.match(sent, m.end))  # "…als Hawk, der 26 PF bietet"
                or (attribute == "location" and 0 <= start - m.end <= 5)]  # "après Jupiter en Allemagne": its place
        kept = [m for m in kept if not _REPLACED_BEFORE_VERB.match(sent, m.end)
                and not _DISTANCE_FROM.search(sent[max(0, m.start - 60):m.start])]
        if self.topic is not None and self.topic.kind not in _ORG_KINDS and all(m.entity.kind in _ORG_KINDS for m in kept):
            # "Built by HPE for NERSC, it reached 79 petaflops": in a machine's story its builder and
            # its customer are no subjects of its figures
            kept = [m for m in kept if not _AGENT_BEFORE.search(sent[max(0, m.start - 12):m.start])]
        # "según EuroHPC", "according to the Department of Energy": a source cited for the figure
        kept = [m for m in kept if not _cited(sent, m.start)]
        if mentions and not kept and self.topic is not None:
            # only yardsticks, builders, partners or sources named: "it" is the machine the sentence before
            # names, else the figure is the topic's
            before = self._machine_before(sent) if _ANAPHOR.search(sent) else None
            return before or self.topic
        # the article's machine named only as a yardstick or a landmark: its owner's figure here is not its
        topic_apart = self.topic is not None and any(m.entity.id == self.topic.id for m in mentions) and \
            not any(m.entity.id == self.topic.id for m in kept)
        ent = self._base(sent, start, end, kept, attribute, topic_apart)
        deal = self.lead_deal
        if deal is not None and ent is not None and ent.kind in entities.OWNER_KINDS and \
                ent.id in self.lead_deal_parties and attribute in _DEAL_ATTRIBUTES | {"online_date"} \
                and not _COMPANY_WIDE.search(sent[slice(*modality.clause_bounds(sent, start, end))]) and \
                not self._names_a_town(sent):
            # in a story about a deal, a party's plans are the deal's ("the first gigawatt will be
            # deployed in 2026"), unless the sentence places a site or speaks of the whole company
            return deal
        if ent is not None and ent.kind in _ORG_KINDS:
            ent = self._as_site(sent, start, end, ent, kept, attribute, sentence_places) or ent
        if ent is None or ent.kind in entities.OWNER_KINDS:
            return ent
        # a phase belongs to the entity named beside it ("Colossus phase 2", "la phase 1 de Jupiter"),
        # not to an article's topic that a sentence about "the first phase of the project" never names
        phase = _PHASE.search(sent)
        named_near = phase is not None and any(
            m.entity.id in (ent.id, ent.parent) and min(abs(m.start - phase.end()), abs(phase.start() - m.end)) < 40
            for m in mentions)
        # "the first stage is called Hunter", "die erste Ausbaustufe heißt Hunter": the stage's own name
        named_so = phase is not None and any(
            m.entity.id == ent.id and _NAMES_IT.search(sent[min(phase.end(), m.end):max(phase.start(), m.start)])
            for m in mentions)
        if phase and named_near and not named_so and abs(phase.start() - start) < 80:
            n = _phase_number(phase)
            if n:
                return Entity(f"{ent.id}-phase-{n}", f"{ent.name} Phase {n}", "phase", ent.id, (), origin="discovered")
        return ent

    def _as_site(self, sent, start, end, owner, mentions, attribute, sentence_places) -> Entity | None:
        """An owner's or programme's figure that speaks of one of its sites: that site."""
        c0, c1 = modality.clause_bounds(sent, start, end)
        many = _many_sites(sent[c0:c1]) and attribute != "location"
        # a programme named in the sentence (or the article's topic programme of this owner) names the site
        programme = next((m.entity for m in mentions if m.entity.kind == "programme"), None)
        if programme is None and owner.kind == "programme":
            programme = owner  # the article's programme, its topic, speaking of itself
        if programme is None and owner.kind in entities.OWNER_KINDS:
            # an article about a programme names its partners' sites by the programme ("SoftBank's
            # site in Milam County" in a Stargate story is a Stargate site)
            programme = self.lead_programme
        site_owner = programme or owner
        clause = sent[c0:c1]
        named_programme = any(m.entity.kind == "programme" and c0 <= m.start < c1 for m in mentions)
        if programme is not None and attribute != "location" and (many or _PROGRAMME_TOTAL.search(clause)) and \
                not _COMPANY_WIDE.search(clause) and (named_programme or owner.id in (programme.parent, programme.id)):
            # "the buildout now totals 7 GW", "its $500 billion, 10-gigawatt commitment": the programme's whole
            return programme
        if sentence_places is None:
            sentence_places = self.places_of(sent, dates.dateline_end(sent))
        towns = [p for p in sentence_places if not _is_region(p.value) and self._plausible(sent, p)]
        regional = self.lead_region is not None and owner.kind in entities.OWNER_KINDS and \
            (self.topic is None or self.topic.id in (owner.id, owner.parent)) and not _COMPANY_WIDE.search(sent)
        if regional and towns and "," in self.lead_region.value and not programme and \
                all(self._in_lead_region(t.value) for t in towns):
            # the towns of an owner's programme in a state or a region, unnamed sites of it, are the
            # programme's; a country's towns are sites of their own (a national plan and its campuses)
            return self._site(site_owner, self.lead_region)
        # a state or a country listed beside a site's town is placed apart from it ("besides its site in
        # Abilene, facilities in New Mexico and Ohio"): the town's site takes only what stands by it
        apart = attribute == "location" and all(_gap(t.start, t.end, start, end) > 40 for t in towns)
        if towns and (_SITE_NOUN.search(sent) or (programme is None and _PROJECT.search(sent))) and not many and not apart:
            p = min(towns, key=lambda p: _gap(p.start, p.end, start, end))
            heads = {place_head(t.value) for t in towns}
            # a figure in a sentence that lists several sites belongs to one only when it stands by it
            if len(heads) == 1 or _gap(p.start, p.end, start, end) < 60:
                return self._site(site_owner, _site_place(sent, p))
            return None
        if attribute == "location" and towns and site_owner.kind == "programme":
            # a programme spans many places: each town it is placed in is one of its sites
            here = next((t for t in towns if _gap(t.start, t.end, start, end) == 0), None)
            if here is not None and not sent[here.start:here.end].isupper():  # "LONDON —" is a dateline's
                return self._site(site_owner, _site_place(sent, here))
        if attribute == "location" and regional and programme is None:
            # "AWS will expand in Aragón" in an article about AWS's Aragón programme: the programme's place
            here = next((p for p in sentence_places if p.start == start), None)
            if here is not None and (place_head(here.value) == self.lead_region.head or self._in_lead_region(here.value)):
                return self._site(site_owner, self.lead_region)
        if attribute == "location":
            return None  # a programme or an owner placed in a state or a country stays itself
        regions = {place_head(p.value): p for p in sentence_places if _is_region(p.value) and self._plausible(sent, p)}
        if len(regions) == 1 and not towns and owner.kind in entities.OWNER_KINDS and \
                next(iter(regions.values())).value not in places.WHOLE_MARKETS:
            # an owner's data centres or investment in one state or country ("AWS's expansion in Aragón",
            # "Microsoft investiert in Deutschland"): its programme there, named by the region as the
            # press names it; find_places keeps a bare region only where it places sites or money
            return self._site(site_owner, _site_place(sent, next(iter(regions.values()))))
        if regional and not towns and not regions:
            return self._site(site_owner, self.lead_region)
        if many:
            return None
        if self.lead_town is not None and all(place_head(t.value) == self.lead_town.head for t in towns) and \
                not regions and attribute in _LEAD_SITE_ATTRIBUTES and \
                owner.kind in entities.OWNER_KINDS and (self.topic is None or self.topic.id in (owner.id, owner.parent)) \
                and not _COMPANY_WIDE.search(sent) and self.site_places[self.lead_town.head] >= max(self.site_places.values()) \
                and (any(c0 <= m.start < c1 for m in mentions) or _SITE_NOUN.search(sent) or _ANAPHOR.search(clause)):
            # ...when the sentence speaks of it (its owner, a site word, "it"), not of the trade in general
            # ("1 GW of computing can cost $50 billion, executives say")
            return self._site(site_owner, self.lead_town)
        # "that takes the programme past 10 GW": the owner or programme named by itself, with no site
        # word beside it, speaks of the whole; "the campus will draw 1 GW" speaks of the article's site
        named_whole = any(c0 <= m.start < c1 and m.entity.id in (owner.id, site_owner.id) for m in mentions)
        if _SITE_NOUN.search(clause) or (attribute in _SITE_ATTRIBUTES and not named_whole):
            sp = self.article_site_place()
            if sp is not None and (self.topic is None or self.topic.kind in _ORG_KINDS):
                return self._site(site_owner, sp)
        return None

    def deal(self, sent: str, mentions: list[EntityMention]) -> Entity | None:
        """The deal a sentence speaks of: a deal word or two companies acting together ("AMD and
        OpenAI announced", "OpenAI und Broadcom wollen"), and exactly two companies."""
        found = self._deal_and_parties(sent, mentions)
        return found[0] if found else None

    def _deal_and_parties(self, sent: str, mentions: list[EntityMention]) -> tuple[Entity, frozenset[str]] | None:
        if any(m.entity.kind not in entities.OWNER_KINDS for m in mentions):
            return None  # a machine, a site or a programme the companies act for is the subject
        companies: list[EntityMention] = []
        # a chip vendor is no subject of its own, but it is a party to a supply deal
        for m in sorted(mentions + _supplier_mentions(sent), key=lambda m: m.start):
            if m.entity.kind in entities.OWNER_KINDS and all(c.entity != m.entity for c in companies):
                companies.append(m)
        if len(companies) != 2:
            return None
        first, second = companies
        if not (_DEAL.search(sent) or _JOINTLY.fullmatch(sent[first.end:second.start])):
            return None
        # the buyer before its supplier, as deals are named ("OpenAI-AMD"), each party named as the sentence
        # writes it (as organisations are); the id is the same in any order and any spelling
        a, b = sorted((first, second), key=lambda m: m.entity.supplier)
        ids = "-".join(sorted((a.entity.id, b.entity.id)))
        name = f"{sent[a.start:a.end].lstrip('@')}-{sent[b.start:b.end].lstrip('@')} deal"
        return (Entity(f"deal-{ids}", name, "deal", a.entity.id, (), origin="discovered"),
                frozenset((a.entity.id, b.entity.id)))

    def _base(self, sent, start, end, mentions, attribute, topic_apart: bool = False) -> Entity | None:
        if attribute in _DEAL_ATTRIBUTES:
            c0, c1 = modality.clause_bounds(sent, start, end)
            deal = None if _COMPANY_WIDE.search(sent[c0:c1]) else self.deal(sent, mentions)
            # a deal's figure ("its 4.5-gigawatt partnership"), unless the sentence puts it at one site in a town
            at_site = _SITE_NOUN.search(sent) is not None and self._names_a_town(sent)
            if deal is not None and (not at_site or _DEAL.search(sent[end:end + 14])):
                return deal
        if attribute == "cost":
            # "an investment of $5 billion from Tesla in xAI": the money goes to what follows in/into/dans
            for m in mentions:
                if m.start >= end and _INTO_BEFORE.search(sent[end:m.start]) and len(sent[end:m.start]) < 60:
                    return m.entity
        if attribute in ("online_date", "location"):
            # "brought its Colossus cluster online": the site, not its owner, goes online
            infra = [m for m in mentions if m.entity.kind not in _ORG_KINDS]
            programmes = [m for m in mentions if m.entity.kind == "programme"]
            if attribute == "location" and programmes and infra and all(_gap(m.start, m.end, start, end) > 40 for m in infra) \
                    and any(p.start == start and _is_region(p.value) for p in self.places_of(sent, dates.dateline_end(sent))):
                # "besides its site in Abilene, Stargate plans facilities in Ohio": a state listed apart from the
                # site, beside its programme, is the programme's
                return min(programmes, key=lambda m: _gap(m.start, m.end, start, end)).entity
            if infra:
                return min(infra, key=lambda m: _gap(m.start, m.end, start, end)).entity
        # 1. attached right after the figure: "10.6 exaflops of Aurora", "448 of Longhorn's GPUs"
        for m in mentions:
            if m.start >= end and _ATTACHED_AFTER.match(sent[end:m.start]) is not None:
                return m.entity
            if m.start >= end:
                gap = sent[end:m.start]
                if len(gap) < 45 and _OF_BEFORE.search(gap) and not _CLAUSE_PUNCT.search(gap):
                    return m.entity
        # 2. named in the figure's clause, systems before their owners, nearest first
        c0, c1 = modality.clause_bounds(sent, start, end)
        in_clause = [m for m in mentions if c0 <= m.start < c1]
        before = [m for m in mentions if m.end <= start]
        pool = in_clause or before
        if pool:
            infra = [m for m in pool if m.entity.kind not in _ORG_KINDS]
            if infra:
                return min(infra, key=lambda m: _gap(m.start, m.end, start, end)).entity
            # a programme named with its members ("Stargate, led by OpenAI, SoftBank and Oracle") is
            # what the figure is about, not the member nearest to it
            programmes = [m for m in pool if m.entity.kind == "programme"]
            if programmes and attribute in ("cost", "power", "gpu_count") and len(pool) > len(programmes):
                return min(programmes, key=lambda m: _gap(m.start, m.end, start, end)).entity
            ent = min(pool, key=lambda m: (m.start > start, abs(m.start - start))).entity
            if self.topic is not None and self.topic.parent == ent.id and self.topic.kind not in _ORG_KINDS \
                    and not topic_apart:
                return self.topic
            return ent
        # 3. a name the registry does not know, when it clearly is the subject ("Yotta will deploy",
        #    "ABCI 3.0 consists of", "Longhorn's GPUs"); else "ce système", "the cluster", "it": the topic
        if not mentions:
            cand = proper_nouns.best_name(sent, start, end)
            if cand and (_is_person(sent, cand.start, cand.end) or _cited(sent, cand.start)):
                cand = None  # a person, or a source cited for the figure ("selon l'Élysée"), is not what it is about
            if cand and (cand.name in self._place_values or any(
                    p.start <= cand.start < p.end for p in self.places_of(sent, dates.dateline_end(sent)))):
                cand = None  # "the Loughton configuration", "Kansas City": a place, or part of one, is no name
            if cand and " " not in cand.name and _COMPANY_NOUN_AFTER.match(sent, cand.end):
                cand = None  # "the Saudi company", "le groupe français": an adjective standing for the topic
            if cand and looks_like_name(cand.name, self.lang, _opens(sent, cand.start)) and not _is_place(cand.name, NAME_OR_TOWN_POPULATION) and (
                    self.topic is None or cand.score >= 3 or (cand.score >= 1 and c0 <= cand.start)):
                return self.discovered_named(cand.name)
        if not mentions and attribute in _SITE_ATTRIBUTES and len(self._previous_sites) == 1 \
                and _OPENING_PRONOUN.match(sent):
            # "Es wird 150 Megawatt haben", "Tendrá 300 MW": the one site the sentence before spoke of
            return next(iter(self._previous_sites.values()))
        if self.topic is not None:
            if not mentions and self.topic.kind not in _ORG_KINDS and _ANAPHOR.search(sent[:start]):
                # "Son score atteint 1,35 exaflops" in a story about another machine: "its" is the one machine
                # the sentence before names
                before = self._machine_before(sent)
                if before is not None:
                    return before
            return self.topic
        after = [m for m in mentions if m.start >= end]
        return after[0].entity if after else None


def named_topic(text: str, lang: str, sentences) -> str | None:
    """For a text no registry entity is named in: the first strongly marked name ("the X cluster")."""
    for s0, s1 in sentences:
        strong = [c for c in proper_nouns.name_candidates(text[s0:s1], 0, 0)
                  if c.score >= 2 and looks_like_name(c.name, lang, _opens(text[s0:s1], c.start))
                  and not _is_place(c.name, NAME_OR_TOWN_POPULATION)]
        if strong:
            return max(strong, key=lambda c: c.score).name
    return None


_CAPITALISED = re.compile(r"(?<![\w@’'-])(?:[A-Z]|[a-z]+[A-Z])[\w&+-]*(?:[ ](?:[A-Z][\w&+-]*|\d+(?:\.\d+)?))*")
_PERSON_BEFORE = re.compile(r"(?:\b(?:CEO|CTO|CFO|COO|PDG|DG|président(?:e)?|presidente|fondateur|fondatrice|cofondateur|founder|"
                            r"co-founder|chairman|chief|director|directeur|directrice|Geschäftsführer(?:in)?|Vorstand|"
                            r"Chef(?:in)?|consejero\s+delegado|director(?:a)?|fundador(?:a)?|Mr|Mrs|Ms|Dr|M|Mme|Herr|Frau|Sr|Sra|"
                            r"Sheikh|cheikh|Scheich|jeque|prince|prinz|príncipe|emir|émir|king|roi|König|rey|minister|ministre|"
                            r"Minister(?:in)?|ministro|ministra|senator|sénateur|governor|gouverneur|Gouverneur|gobernador(?:a)?|"
                            r"secretary|secretario|secretaria|secrétaire|Staatssekretär(?:in)?|titular|spokes(?:person|man|woman)|"
                            r"porte-parole|portavoz|Sprecher(?:in)?|mayor|maire|alcalde(?:sa)?|Bürgermeister(?:in)?)"
                            r"(?:\s+(?:of|de|du|des|del|de\s+la|der|des|von)\s+[^,.;]{1,50},)?\.?,?\s+"
                            # a given name and a lineage word before the family name: "cheikh Hamdan ben Mohammed"
                            r"(?:(?-i:[A-ZÀ-Ý])[\w-]+\s+(?:(?-i:ben|bin|bint|ibn|von|van)\s+)?){0,2})$", re.IGNORECASE)
_PERSON_AFTER = re.compile(r"^\s*(?:,\s*(?:(?:the|la|le|l['’]|der|die|el|our|notre|unser(?:e)?|nuestr[oa])\s+)?(?:\w+\s+)?"
                           r"(?:CEO|PDG|président(?:e)?|presidente|Chef(?:in)?|director(?:a)?|directeur|directrice|fundador(?:a)?|"
                           r"founder|minist(?:er|re|ra|ro|erin)|secretary|secrétaire|secretari[oa]|spokes(?:person|man|woman)|"
                           r"porte-parole|portavoz|Sprecher(?:in)?|mayor|maire|alcalde(?:sa)?|Bürgermeister(?:in)?|chairman|"
                           r"chairwoman|head)|said|says|told|a\s+déclaré|sagte|erklärte|dijo|afirmó|explicó)\b", re.IGNORECASE)
# a source the article cites: "according to Reuters", "selon l'Élysée", "auprès du Figaro", "laut Handelsblatt"
_CITED_BEFORE = re.compile(r"(?:\baccording\s+to|\btold|\bselon|\baupr[eè]s\s+d[eu]|\bà\s+en\s+croire|\blaut|\bgegenüber|"
                           r"\bsegún|\ben\s+declaraciones\s+a|\bcit(?:ing|ant|ando))\s+(?:the\s+|l['’]|la\s+|le\s+|les\s+|"
                           r"dem\s+|der\s+|el\s+|los\s+)?$", re.IGNORECASE)
# a first and last name led by someone or described as a person ("pilotée par Jane Doe, une spécialiste")
_LED_BY = re.compile(r"\b(?:led\s+by|run\s+by|headed\s+by|dirigée?\s+par|pilotée?\s+par|menée?\s+par|geleitet\s+von|"
                     r"angeführt\s+von|dirigid[oa]\s+por|liderad[oa]\s+por|encabezad[oa]\s+por)\s+$", re.IGNORECASE)
_A_PERSON_AFTER = re.compile(r"^\s*,\s*(?:an?|une?|ein(?:e)?|una?)\s+(?:\w+\s+)?(?:specialist|expert|engineer|entrepreneur|"
                             r"executive|veteran|spécialiste|experte?|ingénieure?|entrepreneur(?:e)?|dirigeante?|ancien(?:ne)?|"
                             r"Experte|Ingenieur(?:in)?|Unternehmer(?:in)?|especialista|ingenier[oa]|empresari[oa]|ejecutiv[oa])\b",
                             re.IGNORECASE)


def _cited(sent: str, at: int) -> bool:
    """Is the name at AT a source the sentence cites ("selon l'Élysée", "according to Reuters")?"""
    return _CITED_BEFORE.search(sent[max(0, at - 30):at]) is not None


_LIST_MARKS = " \t•·▪●◦*–—-:>“”\"«»„‘'¿¡("
_OPENS_AFTER = re.compile(r"[:;!?]\s*$")


def _opens(sent: str, at: int) -> bool:
    """Does the word at AT open the sentence or a clause after a colon, after any list mark or opening quote
    ("• Financement en espèces", "“Estamos hablando", "Challenges: Few firms")?"""
    before = sent[:at].rstrip(_LIST_MARKS.replace(":", "")) if at else ""
    return not before.strip(_LIST_MARKS) or _OPENS_AFTER.search(before) is not None


def _is_person(sent: str, start: int, end: int) -> bool:
    """Is the name at sent[start:end] a person's: a role before it, a verb of saying or a role after it?"""
    if _PERSON_BEFORE.search(sent[max(0, start - 90):start]) or _PERSON_AFTER.match(sent[end:]):
        return True
    two_words = len(sent[start:end].split()) >= 2
    return two_words and bool(_LED_BY.search(sent[max(0, start - 30):start]) or _A_PERSON_AFTER.match(sent[end:]))


def frequent_name(text: str, lang: str, sentences) -> tuple[str, int] | None:
    """The organisation an article keeps naming when the registry knows none of its names: the
    capitalised name written most often (at least twice) that is not a place, a chip, a person or a word."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    people: set[str] = set()
    for s0, s1 in sentences:
        sent = text[s0:s1]
        for m in _CAPITALISED.finditer(sent):
            words = m.group(0).split()
            if any(_is_place(" ".join(words[k:])) for k in range(len(words))):
                continue  # "El Paso", "Saline Township": a place, whatever article it starts with
            while words and (words[0] in _STOP_FIRST or words[0] in proper_nouns.STOP):
                words = words[1:]
            while words and (words[-1] in _STOP_FIRST or words[-1] in proper_nouns.STOP):
                words = words[:-1]
            if not words:
                continue
            name = " ".join(words)
            at = m.start() + m.group(0).index(words[0])
            if _is_person(sent, at, at + len(name)):
                people.add(name)  # a person, here and wherever else the article names them
                continue
            if _cited(sent, at):
                continue  # "selon Le Parisien": a source here, though a company citing itself counts where it acts
            if _is_place(name) or \
                    not looks_like_name(name, lang, _opens(sent, at)) or hardware.find_hardware(name):
                continue
            counts[name] += 1
            first.setdefault(name, s0 + at)
    for name in list(counts):
        if name in people or any(name in p.split() or name == p for p in people):
            del counts[name]
    if not counts:
        return None
    # a longer name is counted with its own first word ("Schwarz Digits" and "Schwarz")
    for name in list(counts):
        head = name.split()[0]
        if head != name and head in counts:
            counts[name] += counts[head]
    best = max(counts, key=lambda n: (counts[n], len(n.split()) > 1, -first[n]))
    return (best, counts[best]) if counts[best] >= 2 else None


def resolve_subject(name: str) -> Entity:
    """The entity a cluster's name as written elsewhere stands for ("xAI Colossus Memphis Phase 1" is a phase
    of xAI Colossus); a name the registry does not know is a discovered cluster."""
    mentions = entities.find_entities(name)
    infra = [m for m in mentions if m.entity.kind not in entities.OWNER_KINDS] or mentions
    if not infra:
        return discovered_entity(name)
    ent = infra[0].entity
    phase = _PHASE.search(name)
    if phase:
        n = _phase_number(phase)
        if n:
            return Entity(f"{ent.id}-phase-{n}", f"{ent.name} Phase {n}", "phase", ent.id, (), origin="discovered")
    return ent
