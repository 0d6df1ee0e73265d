"""Figures about a site rather than its chips: land and floor area, buildings, on-site generators,
battery power, nodes, racks and rack-scale systems, and per-accelerator compute and watts.

The words live in data/site_units.toml, English, French, German and Spanish side by side.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from extract import hardware


@dataclass(frozen=True)
class SiteFigure:
    """What the unit or noun after a figure makes of it: attribute, unit, factor to that unit, phrase end."""

    attribute: str
    unit: str
    factor: float
    end: int


@dataclass(frozen=True)
class WordFigure:
    """A small count written as a word ("four buildings"), with its offsets and what it counts."""

    start: int
    end: int
    value: float
    figure: SiteFigure


_DATA = tomllib.loads(resources.files("extract.data").joinpath("site_units.toml").read_text("utf-8"))
_I = re.IGNORECASE


def _rx(body: str, flags: int = _I) -> re.Pattern:
    return re.compile(body, flags)


_AREAS = [(a["factor"], a["kind"]) for a in _DATA["area"]]
# "3.1M sq ft": a bare M or K before an area unit scales the figure (numbers.py reads it only after a currency)
_AREA = _rx(r"\s*-?\s*(?:(?P<mult>[MK])(?![A-Za-z])\s*)?(?:(?:de|d['’])\s*)?(?:" +
            "|".join(f"(?P<a{i}>{a['pattern']})" for i, a in enumerate(_DATA["area"])) + r")(?![\w²])")
_MULT = {"M": 1e6, "K": 1e3}
_LAND_AFTER = _rx(rf"\s*(?:{_DATA['land']['after']})\b")
_LAND_BEFORE = _rx(_DATA["land"]["before"])

_C = _DATA["counts"]
_COUNT_NOUNS = [(attr, _rx(rf"(?:{_C[attr]})(?![\w])"))
                for attr in ("buildings", "facilities", "generation_units", "nodes", "racks")]
_SERVERS = _rx(rf"(?:{_C['servers']})(?![\w])")
_ADDED = _rx(rf"(?:{_C['added']})")
_NOT_GENERATION = _rx(rf"(?:{_C['not_generation']})")
_SERVER_LINE = _rx(rf"(?:{_C['server_lines']})")
_RACK_SCALE = _rx(rf"(?:{_C['rack_scale']})")
_OTHER_SITES = _rx(rf"(?:{_C['other_sites']})")
_ONE_OF = _rx(_C["one_of"])
_STOP = frozenset(_C["stop"])
# "Each container holds at most 14 racks": the make-up of one item, in the same clause
_EACH_HOLDS = _rx(rf"(?:^|[^\w])(?:{_C['each_item']})\s+[^,;:.]*$")
_WORD = re.compile(r"[\w’'.&/²-]+|[^\w\s]")
MAX_FILLERS = 3

_P = _DATA["per"]
_PER_ITEM = rf"\s*(?:{_P['lead']})\s+(?:[\w-]+\s+){{0,2}}?"
_PER_ACCELERATOR = _rx(rf"{_PER_ITEM}(?:{_P['accelerator']})(?![\w])")
_PER_GENERATOR = _rx(rf"{_PER_ITEM}(?:{_P['generator']})(?![\w])")
_PER_RACK = _rx(rf"\s*(?:{_P['lead']})\s+(?:{_P['rack']})(?![\w])")
_PER_LEAD = _rx(rf"\s*(?:{_P['lead']})\s+")
_VENDOR_WORD = re.compile(r"[\w-]+\s+")
_EACH = _rx(rf"\s*(?:{_P['each']})\b")
_RACK = _rx(rf"(?<![\w])(?:{_P['rack']}|bastidor(?:es)?)(?![\w])")
_BEFORE = _rx(_P["before"])
_EACH_BEFORE = _rx(_P["each_before"])
_EACH_LEAD = _rx(r"(?:each|every|single|per|chaque|seul|seule|jede[rs]?|einzelne?|cada|solo|sola)\s+(?:[\w-]+\s+)?$")
_ACCELERATOR_NOUN = _rx(rf"\b(?:{_P['accelerator']})\b")
_SITE_WORD = _rx(rf"\b(?:{_P['site']})")
_HOMES_AFTER = _rx(rf"(?:[^.;]|\.\w){{0,70}}?\b(?:\d[\d.,\s]*|\w+\s+(?:million|millions|Millionen|millones))\s*"
                   rf"(?:[\w.]+\s+){{0,2}}?{_P['homes']}")
_GENERATION_AFTER = _rx(rf"\s*(?:{_P['generation_after']})\b")
_GRID = _rx(rf"\b(?:{_P['grid']})\b")
_GRID_BEFORE = _rx(rf"\b(?:{_P['grid']})\b[^,;.()]{{0,40}}$")
_GRID_AFTER = _rx(rf"[\s-]*(?:\w+\s+)?(?:{_P['grid']})\b")
_CONTAINER = _rx(rf"\s*{_P['container']}")
_GENERATOR_NOUN = _rx(rf"\b(?:{_C['generation_units']})")
_WATTS = re.compile(rf"\s*-?\s*(?P<u>{_P['watts']})(?![\w])", _I)
_BATTERY = _rx(rf"(?:{_P['battery']})")
_BATTERY_AFTER = _rx(rf"\s*(?:of\s+|de\s+|d['’]|an\s+|en\s+|in\s+|aus\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_P['battery']})")
_BATTERY_BEFORE = _rx(rf"(?:{_P['battery']})[^,.;:]{{0,30}}$")
_TDP = _rx(r"\bTDP\b|thermal\s+design\s+power|enveloppe\s+thermique|Leistungsaufnahme|consumo\s+(?:máximo|por)")

_NUMBER_WORDS = {lang: {w.lower(): v for w, v in words.items()} for lang, words in _DATA["number_words"].items()}
_NUMBER_WORD_RX = {lang: re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b(?=[\s-])", _I)
                   for lang, words in _NUMBER_WORDS.items()}


def area_after(sent: str, start: int, pos: int) -> SiteFigure | None:
    """The figure at [start, pos) followed by '-acre', ' hectares', 'M sq ft', ' m²' -> site_area or floor_area in m²."""
    m = _AREA.match(sent, pos)
    if not m or _EACH_BEFORE.search(sent, max(0, start - 50), start):
        return None
    i = next(int(k[1:]) for k, v in m.groupdict().items() if v and k.startswith("a"))
    factor, kind = _AREAS[i]
    if m.group("mult"):
        factor *= _MULT[m.group("mult")]
    if kind == "floor" and (_LAND_AFTER.match(sent, m.end()) or _LAND_BEFORE.search(sent, max(0, start - 60), start)):
        kind = "site"
    return SiteFigure(f"{kind}_area", "m2", factor, m.end())


def count_after(sent: str, start: int, pos: int, lang: str = "en") -> SiteFigure | None:
    """The figure at [start, pos) followed by 'two-storey data halls', 'compute cabinets', 'HGX H200
    systems'... -> a site count."""
    if _ONE_OF.search(sent, max(0, start - 40), start) or _EACH_HOLDS.search(sent, max(0, start - 80), start):
        return None
    tail = sent[pos:pos + 120]
    fillers: list[str] = []
    for m in _WORD.finditer(tail, 1 if tail.startswith("-") else 0):
        # "EX2500-Knoten", "KI-Rechenzentren": a German compound ends in the noun it counts
        for at in [m.start()] + [m.start() + i + 1 for i, ch in enumerate(m.group(0)) if ch == "-"]:
            for attr, rx in _COUNT_NOUNS:
                noun = rx.match(tail, at)
                if noun and (at == m.start() or noun.end() <= m.end()):
                    # "+40 Equinix Data Centers": capitalised, the noun ends a company's name (German
                    # capitalises every noun, so the test does not apply there)
                    if lang != "de" and at == m.start() and tail[at].isupper() and fillers and fillers[-1][0].isupper():
                        return None
                    return _count(attr, fillers, tail, noun.end(), pos)
            noun = _SERVERS.match(tail, at)
            if noun and (at == m.start() or noun.end() == m.end()):
                # "720 Nvidia-HGX-H200-Systeme": the compound's first parts are its fillers
                parts = fillers + [p for p in tail[m.start():at].split("-") if p]
                if not any(_SERVER_LINE.fullmatch(w) or _RACK_SCALE.fullmatch(w) or hardware.hardware_at(w, 0)
                           for w in parts):
                    return None
                return _count("nodes", parts, tail, noun.end(), pos)
        word = m.group(0)
        if (len(fillers) >= MAX_FILLERS or word.lower() in _STOP or word[0].isdigit()
                or not (word[0].isalnum() or word == "-")):
            return None
        if word != "-":
            fillers.append(word)
    return None


def _count(attr: str, fillers: list[str], tail: str, end: int, pos: int) -> SiteFigure | None:
    # "576 GPUs per rack", "18 nodes in each rack": a per-unit make-up, not the site's count
    if _CONTAINER.match(tail, end) or _EACH.match(tail, end):
        return None
    if attr == "facilities":
        if any(_ADDED.fullmatch(w) or _OTHER_SITES.fullmatch(w) for w in fillers):
            return None
        attr = "buildings"
    elif attr == "buildings" and any(_ADDED.fullmatch(w) for w in fillers):
        attr = "buildings_added"
    elif attr == "generation_units" and any(_NOT_GENERATION.fullmatch(w) or _ADDED.fullmatch(w) for w in fillers):
        return None  # wind turbines are not on site; "12 new turbines" is an addition, not the site's count
    elif attr in ("racks", "nodes") and any(_RACK_SCALE.fullmatch(w) for w in fillers):
        attr = "systems"  # "48 GB300 NVL72 racks": whole rack-scale systems
    return SiteFigure(attr, "count", 1.0, pos + end)


def per_container(text: str, pos: int) -> bool:
    """Does a per-rack, per-node or per-unit phrase start at POS ("576 GPUs per rack")?"""
    return _CONTAINER.match(text, pos) is not None


# a power that is no one's draw to report: a rack's or a server's density, a substation's rating, "1 GW
# powers 700,000 homes"
NOT_SITE_POWER = "not_site_power"


def power_role(sent: str, num_start: int, unit_end: int, megawatts: float = 1.0) -> str | None:
    """What a power figure (MEGAWATTS per unit written) measures when not the site's draw:
    battery_power, generation_unit_power, accelerator_power, or NOT_SITE_POWER; None for the site."""
    if _BATTERY.search(sent):
        if _BATTERY_AFTER.match(sent, unit_end) or _BATTERY_BEFORE.search(sent, max(0, num_start - 40), num_start):
            return "battery_power"
    if _PER_GENERATOR.match(sent, unit_end):
        return "generation_unit_power"
    if _GENERATION_AFTER.match(sent, unit_end):
        return NOT_SITE_POWER  # "1.5 GW of solar and storage": a plant built to feed the site, not its draw
    if _HOMES_AFTER.match(sent, unit_end):
        return NOT_SITE_POWER  # "1 GW can power about 700,000 homes": a yardstick of size, no site's draw
    if _GRID.search(sent) and (_GRID_BEFORE.search(sent, max(0, num_start - 60), num_start) or _GRID_AFTER.match(sent, unit_end)):
        return NOT_SITE_POWER  # "una subestación de 2 GW", "a 1.5 GW substation": grid equipment's rating, no site's draw
    if _PER_RACK.match(sent, unit_end):
        return NOT_SITE_POWER
    if megawatts < 1 and _RACK.search(sent):
        return NOT_SITE_POWER  # "racks of more than 250 kilowatts each", "des racks à 3 kW": a rack's, not a site's
    if megawatts < 1 and not _SITE_WORD.search(sent) and not _per_accelerator(sent, num_start, unit_end):
        return NOT_SITE_POWER  # "the need climbs to 150 kW with the newest chips": kilowatts of no site are a density
    # a chip draws watts or kilowatts: "100 MW each ... H100 chips" is a site's power
    if megawatts < 1 and _per_accelerator(sent, num_start, unit_end):
        return "accelerator_power"
    if _EACH.match(sent, unit_end) and _GENERATOR_NOUN.search(sent):
        return "generation_unit_power"
    return None


def compute_role(sent: str, num_start: int, unit_end: int) -> str | None:
    """'15 petaflops per GPU', 'each chip delivers 5 petaflops' -> accelerator_compute; else None."""
    return "accelerator_compute" if _per_accelerator(sent, num_start, unit_end) else None


def watts_after(sent: str, num_start: int, pos: int) -> SiteFigure | None:
    """'1,400 W per GPU', 'a TDP of 700 watts' -> accelerator_power in W."""
    m = _WATTS.match(sent, pos)
    if not m:
        return None
    u = m.group("u").lower()
    factor = 1000.0 if u.startswith("k") else 1.0
    if _per_accelerator(sent, num_start, m.end()) or (
            not u.startswith("k") and _TDP.search(sent, max(0, num_start - 60), num_start)):
        return SiteFigure("accelerator_power", "W", factor, m.end())
    return None


def _per_accelerator(sent: str, num_start: int, unit_end: int) -> bool:
    if _PER_ACCELERATOR.match(sent, unit_end):
        return True
    per = _PER_LEAD.match(sent, unit_end)
    if per:
        vendor = _VENDOR_WORD.match(sent, per.end())
        if hardware.hardware_at(sent, per.end()) or (vendor and hardware.hardware_at(sent, vendor.end())):
            return True  # "1,400 W per GB300", "per Nvidia B200"
    window = sent[max(0, num_start - 100):num_start]
    # "15 petaflops each" speaks of the accelerators named just before it
    if _EACH.match(sent, unit_end) and (_ACCELERATOR_NOUN.search(window[-60:]) or hardware.find_hardware(window[-60:])):
        return True
    if _BEFORE.search(window):
        return True
    # "each GB300 draws about 1,400 W": a model in place of the noun
    return any(_EACH_LEAD.search(window, 0, h.start) and not re.search(r"[.;]", window[h.end:])
               for h in hardware.find_hardware(window))


def has_number_word(sent: str, lang: str) -> bool:
    """Does the sentence hold a small count written as a word in its language (a cheap prefilter)?"""
    rx = _NUMBER_WORD_RX.get(lang)
    return bool(rx and rx.search(sent))


def word_figures(sent: str, lang: str) -> list[WordFigure]:
    """Small counts and areas written as words: 'five data center buildings', 'nine turbines'."""
    rx = _NUMBER_WORD_RX.get(lang)
    if rx is None:
        return []
    out = []
    for m in rx.finditer(sent):
        value = _NUMBER_WORDS[lang][m.group(1).lower()]
        fig = area_after(sent, m.start(), m.end()) or (
            count_after(sent, m.start(), m.end(), lang) if value > 1 else None)
        if fig:
            out.append(WordFigure(m.start(), m.end(), float(value), fig))
    return out


# Which figures name a model: a node or a chip is of one, a building or a rack is not told apart by it
# (reach after, reach before) in characters
# how far after and before a figure its chip may be named; power reaches only forward, to "1 GW of
# MI450 GPUs" or "a 1-gigawatt deployment of MI450", since a chip named before it is another figure's
_MODEL_ATTRIBUTES = {"nodes": (100, 0), "systems": (100, 0), "accelerator_compute": (20, 100),
                     "accelerator_power": (20, 100), "racks": (0, 0), "power": (40, 0)}
_BREAK = re.compile(r"[.;!?]")
_OF_CHIPS = re.compile(r"\b(?:of|de|d['’]|von|an|en)\b", re.IGNORECASE)  # "1 GW of MI450", "1 GW an GPUs"


def hardware_for(sent: str, start: int, end: int, attribute: str) -> str | None:
    """The accelerator model a site figure is about: named in its phrase, else just after or before it."""
    reach = _MODEL_ATTRIBUTES.get(attribute)
    if reach is None:
        return None
    inside = hardware.find_hardware(sent, start, end)
    if inside:
        return inside[0].name
    after = hardware.find_hardware(sent, end, min(len(sent), end + reach[0]))
    if after and not _BREAK.search(sent, end, after[0].start) and (
            attribute != "power" or _OF_CHIPS.search(sent, end, after[0].start) and "," not in sent[end:after[0].start]):
        return after[0].name
    before = hardware.find_hardware(sent, max(0, start - reach[1]), start)
    if before and not _BREAK.search(sent, before[-1].end, start):
        # "the GB200 Blackwell GPU": of a model and its family side by side, the model
        i = len(before) - 1
        while i > 0 and not sent[before[i - 1].end:before[i].start].strip():
            i -= 1
        return before[i].name
    return None
