"""Units that follow (or, for currencies, precede) a number, and what they make of it."""
from __future__ import annotations

import re
from dataclasses import dataclass

GALLONS_PER_LITRE = 1 / 3.785411784
GALLONS_PER_M3 = 264.172052
DAYS_PER_WEEK = 7
DAYS_PER_MONTH = 30.4375
# Costs are normalised to US dollars; euro and pound figures are converted at a fixed,
# documented rate (the text as written is kept in value_text) because a day-accurate rate
# would need a download at run time.
USD_PER_EUR = 1.10
USD_PER_GBP = 1.27


@dataclass(frozen=True)
class UnitMatch:
    """An attribute read from the unit next to a number."""

    attribute: str
    unit: str
    factor: float
    end: int  # offset just after the unit phrase (or the number for a leading currency)
    start: int | None = None  # offset of a leading currency sign


_POWER = re.compile(
    r"\s*-?\s*(?P<u>MW|megawatts?|mégawatts?|GW|gigawatts?|kW|kilowatts?)(?![A-Za-z\-]*h\b)(?![\w])",
    re.IGNORECASE,
)
_POWER_FACTOR = {"mw": 1.0, "megawatt": 1.0, "mégawatt": 1.0, "gw": 1000.0, "gigawatt": 1000.0, "kw": 0.001, "kilowatt": 0.001}

_COMPUTE = re.compile(
    r"\s*(?:(?:FP\d+|AI|d['’]IA)\s+)?(?P<u>exaflops?|exaflop/s|exaFLOPS|EFLOPS|petaflops?|pétaflops?|PFLOPS|teraflops?|téraflops?|TFLOPS|zettaflops?)(?!\w)",
    re.IGNORECASE,
)
_COMPUTE_FACTOR = {"exa": 1e18, "efl": 1e18, "peta": 1e15, "péta": 1e15, "pfl": 1e15, "tera": 1e12, "téra": 1e12, "tfl": 1e12, "zetta": 1e21}

_WATER = re.compile(
    r"\s*(?:of\s+|de\s+|d['’]\s*)?(?:US\s+)?(?P<u>gallons?|litres?|liters?|m3|m³|cubic\s+met(?:er|re)s?|mètres\s+cubes)"
    r"(?:\s+(?:of\s+(?:fresh\s+)?water|d['’]eau(?:\s+douce)?))?"
    r"(?:\s+(?:\w+\s+){0,3}?)?\s*(?:per\s+day|a\s+day|each\s+day|every\s+day|daily|par\s+jour|/\s*day|/\s*jour|chaque\s+jour|quotidiennement)",
    re.IGNORECASE,
)

_DURATION = re.compile(r"\s*-?\s*(?P<u>days?|jours?|weeks?|semaines?|months?|mois|years?|ans?|années?)(?!\w)", re.IGNORECASE)
DAYS_PER_YEAR = 365.25
_DURATION_FACTOR = {"day": 1, "jour": 1, "week": DAYS_PER_WEEK, "semaine": DAYS_PER_WEEK, "month": DAYS_PER_MONTH,
                    "mois": DAYS_PER_MONTH, "moi": DAYS_PER_MONTH, "year": DAYS_PER_YEAR, "an": DAYS_PER_YEAR,
                    "ans": DAYS_PER_YEAR, "année": DAYS_PER_YEAR}

_CURRENCY_BEFORE = re.compile(r"(?P<c>US\s?\$|\$|USD\s?|€|EUR\s?|£)\s?$")
_CURRENCY_AFTER = re.compile(r"\s*(?:de\s+|d['’]\s*)?(?:US\s+)?(?P<c>dollars?(?:\s+américains)?|USD|euros?|EUR|€|\$|pounds|livres\s+sterling)(?!\w)", re.IGNORECASE)


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


def currency_around(text: str, num_start: int, end: int) -> UnitMatch | None:
    """'$5 billion', '5 milliards de dollars', '€2bn' -> cost in USD."""
    before = _CURRENCY_BEFORE.search(text, max(0, num_start - 5), num_start)
    if before:
        c = before.group("c").strip().upper()
        rate = USD_PER_EUR if c in ("€", "EUR") else USD_PER_GBP if c == "£" else 1.0
        after = _CURRENCY_AFTER.match(text, end)
        stop = end
        # "$500 billion dollars" is rare, but do not leave the word behind in the quote
        if after and after.group("c").lower().startswith("dollar"):
            stop = after.end()
        return UnitMatch("cost", "USD", rate, stop, start=before.start())
    m = _CURRENCY_AFTER.match(text, end)
    if not m:
        return None
    c = m.group("c").lower()
    rate = USD_PER_EUR if c.startswith(("euro", "eur", "€")) else USD_PER_GBP if c.startswith(("pound", "livre")) else 1.0
    return UnitMatch("cost", "USD", rate, m.end())
