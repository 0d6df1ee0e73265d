"""Units that follow (or, for currencies, precede) a number, and what they make of it."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

GALLONS_PER_LITRE = 1 / 3.785411784
GALLONS_PER_M3 = 264.172052
DAYS_PER_WEEK = 7
DAYS_PER_MONTH = 30.4375
# Costs are normalised to US dollars at the fixed, documented rates of data/currencies.toml;
# a currency with no documented rate keeps its own ISO code as the unit.
_CURRENCIES = tomllib.loads(resources.files("extract.data").joinpath("currencies.toml").read_text("utf-8"))
USD_PER = {code: float(c["usd"]) for code, c in _CURRENCIES.items() if "usd" in c}
USD_PER_EUR = USD_PER["EUR"]
USD_PER_GBP = USD_PER["GBP"]


@dataclass(frozen=True)
class UnitMatch:
    """An attribute read from the unit next to a number."""

    attribute: str
    unit: str
    factor: float
    end: int  # offset just after the unit phrase (or the number for a leading currency)
    start: int | None = None  # offset of a leading currency sign
    bare_dollar: bool = False  # a cost written "$" or "dollars", naming no country's dollar


_POWER = re.compile(
    r"\s*-?\s*(?P<u>MW|megawatts?|mégawatts?|megavatios?|GW|gigawatts?|gigavatios?|kW|kilowatts?|kilovatios?)"
    r"(?![A-Za-z\-]*h\b)(?![\w])",
    re.IGNORECASE,
)
_POWER_FACTOR = {"mw": 1.0, "megawatt": 1.0, "mégawatt": 1.0, "megavatio": 1.0, "gw": 1000.0, "gigawatt": 1000.0,
                 "gigavatio": 1000.0, "kw": 0.001, "kilowatt": 0.001, "kilovatio": 0.001}

_COMPUTE = re.compile(
    r"\s*(?:(?:FP\d+|AI|d['’]IA)\s+)?(?P<u>exaflops?|exaflop/s|exaFLOPS|EFLOPS|petaflops?|pétaflops?|PFLOPS|teraflops?|téraflops?|TFLOPS|zettaflops?)(?!\w)",
    re.IGNORECASE,
)
_COMPUTE_FACTOR = {"exa": 1e18, "efl": 1e18, "peta": 1e15, "péta": 1e15, "pfl": 1e15, "tera": 1e12, "téra": 1e12, "tfl": 1e12, "zetta": 1e21}

# "13.7 quintillion calculations per second", "26 Billiarden Rechenoperationen pro Sekunde": a machine's
# speed told to lay readers; the number words carry the scale, so the factor is one
_OPERATIONS = re.compile(
    r"\s*(?:de\s+|d['’]\s*)?(?:(?:floating[- ]point\s+)?(?:calculations|operations|computations)|calculs|opérations|"
    r"(?:Rechen|Gleitkomma)?[Oo]perationen|Berechnungen|Rechenschritte|operaciones|cálculos)"
    r"(?:\s+(?:en\s+)?(?:virgule|coma)\s+flotante?)?\s+"
    r"(?:per|a|each|every|par|pro|je|por|cada|en\s+un|en\s+una)\s+(?:second|seconde|Sekunde|segundo)\b",
    re.IGNORECASE,
)

_WATER = re.compile(
    r"\s*(?:of\s+|de\s+|d['’]\s*)?(?:US\s+)?(?P<u>gallons?|litres?|liters?|m3|m³|cubic\s+met(?:er|re)s?|mètres\s+cubes)"
    r"(?:\s+(?:of\s+(?:fresh\s+)?water|d['’]eau(?:\s+douce)?))?"
    r"(?:\s+(?:\w+\s+){0,3}?)?\s*(?:per\s+day|a\s+day|each\s+day|every\s+day|daily|par\s+jour|/\s*day|/\s*jour|chaque\s+jour|quotidiennement)",
    re.IGNORECASE,
)

_DURATION = re.compile(r"\s*-?\s*(?P<u>days?|jours?|weeks?|semaines?|months?|mois|years?|ans?|années?|"
                       r"Tagen?|Tage|Wochen?|Monaten?|Monate|Jahren?|Jahre|días?|semanas?|mes(?:es)?|años?)(?!\w)",
                       re.IGNORECASE)
DAYS_PER_YEAR = 365.25
_DURATION_FACTOR = {"day": 1, "jour": 1, "week": DAYS_PER_WEEK, "semaine": DAYS_PER_WEEK, "month": DAYS_PER_MONTH,
                    "mois": DAYS_PER_MONTH, "moi": DAYS_PER_MONTH, "year": DAYS_PER_YEAR, "an": DAYS_PER_YEAR,
                    "ans": DAYS_PER_YEAR, "année": DAYS_PER_YEAR,
                    # German and Spanish, as _stem leaves them ("Tagen", "meses" -> "mese")
                    "tag": 1, "tage": 1, "tagen": 1, "woche": DAYS_PER_WEEK, "wochen": DAYS_PER_WEEK,
                    "monat": DAYS_PER_MONTH, "monate": DAYS_PER_MONTH, "monaten": DAYS_PER_MONTH,
                    "jahr": DAYS_PER_YEAR, "jahre": DAYS_PER_YEAR, "jahren": DAYS_PER_YEAR,
                    "día": 1, "dia": 1, "semana": DAYS_PER_WEEK, "mes": DAYS_PER_MONTH, "mese": DAYS_PER_MONTH,
                    "año": DAYS_PER_YEAR}

def _currency_alternation(field: str, escape: bool) -> str:
    # US dollars last: "dollars canadiens" and "CA$" must be read before "dollars" and "$" can be
    entries = []
    for code, c in sorted(_CURRENCIES.items(), key=lambda kv: kv[0] == "USD"):
        for i, form in enumerate(c[field]):
            entries.append((code, i, re.escape(form) if escape else form))
    if escape:  # signs: longest first ("US$" before "$"), whatever the currency
        entries.sort(key=lambda e: -len(e[2]))
    return "|".join(f"(?P<{code}_{i}>{p})" for code, i, p in entries)


# a code or sign right before the figure; letters may not run into it ("XUSD"). After it, the currency may be
# glued by a hyphen into a compound adjective ("a 10-billion-dollar campus", "ein 11-Milliarden-Euro-Projekt")
_CURRENCY_BEFORE = re.compile(rf"(?<![A-Za-z])(?:{_currency_alternation('before', True)})\s?$")
_CURRENCY_AFTER = re.compile(rf"(?:\s*|-)(?:de\s+|d['’]\s*)?(?:US\s+)?(?:{_currency_alternation('after', False)})(?!\w)",
                             re.IGNORECASE)
_BEFORE_WINDOW = 7  # characters: the longest sign with its space


def _stem(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


def power_after(text: str, pos: int) -> UnitMatch | None:
    """'150 MW', '1.2 gigawatts' -> power in MW."""
    m = _POWER.match(text, pos)
    if not m:
        return None
    return UnitMatch("power", "MW", _POWER_FACTOR[_stem(m.group("u"))], m.end())


def compute_after(text: str, pos: int) -> UnitMatch | None:
    """'10.6 exaflops' -> compute in FLOP/s."""
    m = _COMPUTE.match(text, pos)
    if not m:
        return None
    u = m.group("u").lower()
    factor = next(f for k, f in _COMPUTE_FACTOR.items() if u.startswith(k))
    return UnitMatch("compute", "FLOP/s", factor, m.end())


def operations_after(text: str, pos: int) -> UnitMatch | None:
    """'13.7 quintillion calculations per second' -> compute in FLOP/s."""
    m = _OPERATIONS.match(text, pos)
    return UnitMatch("compute", "FLOP/s", 1.0, m.end()) if m else None


def water_after(text: str, pos: int) -> UnitMatch | None:
    """'1 million gallons of water per day' -> water in US gallons per day."""
    m = _WATER.match(text, pos)
    if not m:
        return None
    u = m.group("u").lower()
    if u.startswith("gallon"):
        factor = 1.0
    elif u.startswith(("litre", "liter")):
        factor = GALLONS_PER_LITRE
    else:
        factor = GALLONS_PER_M3
    return UnitMatch("water", "gal/day", factor, m.end())


def duration_after(text: str, pos: int) -> UnitMatch | None:
    """'122 days', 'six months' -> a duration in days (build time when the context says so)."""
    m = _DURATION.match(text, pos)
    if not m:
        return None
    return UnitMatch("build_time", "days", _DURATION_FACTOR[_stem(m.group("u"))], m.end())


def _code(m: re.Match) -> str:
    return next(k for k, v in m.groupdict().items() if v is not None).rsplit("_", 1)[0]


def _cost(code: str, end: int, start: int | None = None, bare: bool = False) -> UnitMatch:
    if code in USD_PER:
        return UnitMatch("cost", "USD", USD_PER[code], end, start=start, bare_dollar=bare)
    return UnitMatch("cost", code, 1.0, end, start=start, bare_dollar=bare)


# the dollar as every dollar country writes it: a sign, or the word, with no country named
_BARE_DOLLAR = re.compile(r"(?:\s*|-)(?:de\s+|d['’]\s*|of\s+)?(?:\$|dollars?|dólar(?:es)?)", re.IGNORECASE)
HOME_DOLLARS = {country: code for code, c in _CURRENCIES.items() for country in c.get("home", ())}


def local_dollars(cur: UnitMatch, country: str | None) -> UnitMatch:
    """A bare-dollar cost read as the dollar of COUNTRY (the one the story is placed in), where that is not
    the US dollar."""
    code = HOME_DOLLARS.get(country or "")
    if not cur.bare_dollar or code is None:
        return cur
    return _cost(code, cur.end, cur.start)


def currency_around(text: str, num_start: int, end: int) -> UnitMatch | None:
    """'$5 billion', '5 milliards de dollars', '2,5 Mrd. Euro' -> cost in USD (or in its own currency
    when no rate is documented)."""
    before = _CURRENCY_BEFORE.search(text, max(0, num_start - _BEFORE_WINDOW), num_start)
    if before:
        code = _code(before)
        after = _CURRENCY_AFTER.match(text, end)
        stop = end
        # "$500 billion dollars" is rare, but do not leave the word behind in the quote
        if after and _code(after) == code:
            stop = after.end()
        return _cost(code, stop, before.start(), bare=code == "USD" and before.group(0).strip() == "$")
    m = _CURRENCY_AFTER.match(text, end)
    if not m:
        return None
    code = _code(m)
    return _cost(code, m.end(), bare=code == "USD" and _BARE_DOLLAR.fullmatch(m.group(0)) is not None)
