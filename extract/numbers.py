"""Numbers as the press writes them, in English and French, with their character offsets.

Written by hand because no library does this well with offsets: quantulum3 is English-only and
reads "200k" as kelvin, Recognizers-Text and Duckling break on "200 000" with a no-break space,
and text2num converts whole texts without positions. text2num is still used for spelled-out
number words, where it is good.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from text_to_num import text2num

from extract._fast_regex import Words, any_of, final_words, folded, guarded, may_contain, required_words, trie

# Thin spaces and no-break spaces are thousands separators in French typography and in
# copy-pasted English; offsets stay those of the original text because nothing is replaced.
_SPACES = "\u00a0\u202f\u2009 "
_SEP = f"[{_SPACES}]"

_NUM_EN = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{_SEP}\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
# French: the comma is a decimal mark; a dot between digits is read as a decimal mark too,
# since "1.742" in tech copy is far more often a decimal than a thousands group.
_NUM_FR = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?"
# The same two, less their first digit: a pattern that starts with a plain digit lets re jump
# from digit to digit instead of trying the whole pattern at every character.
_NUM_EN_REST = rf"\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d{{0,2}}(?:{_SEP}\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)?"
_NUM_FR_REST = rf"\d{{0,2}}(?:{_SEP}\d{{3}})+(?:,\d+)?|\d*(?:[.,]\d+)?"

_SCALE_WORDS = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "mille": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mio": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9,
    "mrd": 1e9, "trillion": 1e12, "trillions": 1e12, "billiard": 1e15,
}
# "billion" is 10^12 in French.
_SCALE_FR_OVERRIDE = {"billion": 1e12, "billions": 1e12}
_SCALE = r"(?:k(?![A-Za-z])|K(?![A-Za-z])|thousands?|mille|millions?|mn|mio|billions?|bn|milliards?|mds?|mrd|trillions?)"
# Single-letter money suffixes ("$500M", "$3.3B") are only read right after a currency sign.
_MONEY_SUFFIX = r"(?:M|B|bn|m)(?![A-Za-z])"

_WORDS_EN = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
             "hundred thousand million billion a an and").split()
_WORDS_FR = ("zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
             "vingt vingts trente quarante cinquante soixante cent cents mille million millions milliard milliards et").split()

# small numbers written as words, read only right before a unit ("un gigawatt", "one exaflop")
_UNIT_WORDS = "a an one two three four five six seven eight nine ten un une deux trois quatre cinq six sept huit neuf dix".split()
_UNIT_NUMBER_WORDS = "(?:" + trie(_UNIT_WORDS) + ")"
# the units such a word may stand before; "an" (a year) is also the English article, so it is kept apart
_SPELT_UNITS = r"gigawatts?|megawatts?|mégawatts?|kilowatts?|exaflops?|petaflops?|pétaflops?|GW|MW|year|month|mois|week|semaine"
_SMALL_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "une": 1, "two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4,
                "quatre": 4, "five": 5, "cinq": 5, "six": 6, "seven": 7, "sept": 7, "eight": 8, "huit": 8, "nine": 9,
                "neuf": 9, "ten": 10, "dix": 10}

_VAGUE = [
    # (pattern, low, high, value) — "tens of thousands" is an interval, not a number
    (r"(?:several\s+)?tens\s+of\s+thousands|plusieurs\s+dizaines\s+de\s+milliers|(?:des\s+)?dizaines\s+de\s+milliers", 1e4, 99_999, 2e4),
    (r"(?:several\s+)?hundreds\s+of\s+thousands|plusieurs\s+centaines\s+de\s+milliers|(?:des\s+)?centaines\s+de\s+milliers", 1e5, 999_999, 2e5),
    (r"(?:several\s+)?thousands|(?:plusieurs\s+|des\s+)?milliers", 1e3, 9_999, 2e3),
    (r"(?:several\s+)?tens\s+of\s+millions|(?:des\s+)?dizaines\s+de\s+millions", 1e7, 99_999_999, 2e7),
    (r"(?:several\s+)?millions|(?:plusieurs\s+|des\s+)?millions", 1e6, 9_999_999, 2e6),
]

# Bounds written before the number. Each maps to how the interval is built from the value.
_BOUNDS = [
    (r"more\s+than|over|above|exceeding|in\s+excess\s+of|upwards\s+of|north\s+of|greater\s+than|"
     r"plus\s+de|plus\s+d['’]|au-delà\s+de|supérieure?s?\s+à|dépassant|outre", "over"),
    (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|minimum\s+of|au\s+moins|au\s+minimum", "over"),
    (r"up\s+to|as\s+many\s+as|as\s+much\s+as|a\s+maximum\s+of|maximum\s+of|no\s+more\s+than|at\s+most|"
     r"jusqu['’]à|au\s+maximum|au\s+plus|pouvant\s+atteindre", "upto"),
    (r"less\s+than|fewer\s+than|under|below|moins\s+de|moins\s+d['’]|inférieure?s?\s+à", "under"),
    (r"nearly|almost|close\s+to|just\s+under|près\s+de|presque|quasiment|pas\s+loin\s+de", "nearly"),
    (r"about|around|approximately|roughly|some|an\s+estimated|estimated|circa|~|≈|environ|quelque|"
     r"autour\s+de|approximativement|à\s+peu\s+près|de\s+l['’]ordre\s+de|aux\s+alentours\s+de|"
     r"une\s+(?:centaine|vingtaine|trentaine|cinquantaine)\s+de", "about"),
]
_BOUND_RE = "|".join(f"(?P<b{i}>{p})" for i, (p, _) in enumerate(_BOUNDS))
_TRAILING_OVER = r"(?:\+|-plus|\s+or\s+more|\s+ou\s+plus|\s+et\s+plus|\s+and\s+more)"

MAX_FIGURE = 1e24  # above any real count, watt, dollar or FLOP/s figure; keeps values finite
ABOUT_TOLERANCE = 0.05  # "about X" allows +-5%
NEARLY_TOLERANCE = 0.10  # "nearly X" allows X down to 90%


@dataclass(frozen=True)
class Quantity:
    """A number found in text: the point value and the interval the wording allows."""

    start: int  # includes a bound phrase ("over 100,000")
    end: int
    num_start: int  # the figure itself
    num_end: int
    value: float
    low: float | None
    high: float | None
    scaled: bool  # a scale word or suffix (k, million, milliards) was part of it
    vague: bool = False  # "tens of thousands"
    money_suffix: bool = False  # "$500M"


_SEP_RE = re.compile(_SEP)


def _parse_digits(s: str, lang: str) -> float:
    s = _SEP_RE.sub("", s)
    if lang == "fr":
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    return float(s)


def _scale_value(word: str, lang: str) -> float:
    w = word.lower()
    if lang == "fr" and w in _SCALE_FR_OVERRIDE:
        return _SCALE_FR_OVERRIDE[w]
    return _SCALE_WORDS[w]


def _interval(value: float, bound: str | None) -> tuple[float | None, float | None]:
    if bound == "over":
        return value, None
    if bound in ("upto", "under"):
        return None, value
    if bound == "nearly":
        return value * (1 - NEARLY_TOLERANCE), value
    if bound == "about":
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    return value, value


def _compile(lang: str) -> tuple[re.Pattern, re.Pattern, Words | None]:
    """(figures written with digits, figures written with words, the words a spelled figure with a
    scale needs): digits are cheap to find anywhere while spelled numbers are only looked for next
    to a scale or unit word."""
    rest = _NUM_FR_REST if lang == "fr" else _NUM_EN_REST
    words = _WORDS_FR if lang == "fr" else _WORDS_EN
    word_alt = f"(?:{trie(sorted(words, key=len, reverse=True))})"  # longest first, as a trie
    word_num = rf"(?:{word_alt}(?:[\s-]+{word_alt})*)"
    vague = "|".join(f"(?:{p})" for p, *_ in _VAGUE)
    scaled = (rf"(?P<vague>{vague})(?=\s+(?:of|de|d['’])\b)"
              rf"|(?<![\w-])(?:(?P<half>half\s+a|un\s+demi-?)\s*(?P<hscale>million|billion|milliard)\b"
              rf"|(?P<words>{word_num})\s+(?P<wscale>thousand|million|billion|trillion|mille|millions?|milliards?)\b")
    needs = any_of(required_words(re.compile(scaled + ")", re.IGNORECASE)))
    digits = re.compile(
        # the look-behind, after the first digit, says what (?<![\w.,]) said before it
        rf"(?P<num>\d(?<![\w.,]\d)(?:{rest}))(?:(?P<sep>\s*)(?P<scale>{_SCALE})\b|(?P<money>{_MONEY_SUFFIX}))?"
        rf"(?P<trail>{_TRAILING_OVER})?",
        re.IGNORECASE,
    )
    wordy = guarded(
        rf"(?:{scaled}"
        rf"|(?P<unitword>{_UNIT_NUMBER_WORDS})(?=\s+(?:{_SPELT_UNITS}|an)\b))"
        rf")"
        rf"(?P<trail>{_TRAILING_OVER})?",
        re.IGNORECASE,
    )
    return digits, wordy, needs


_PATTERNS = {lang: _compile(lang) for lang in ("en", "fr")}
_BOUND_BEFORE = re.compile(rf"(?:{_BOUND_RE})(?:\s+|(?<=['’]))(?:of\s+|de\s+|d['’]\s*)?$", re.IGNORECASE)
# how a bound phrase can end ("than", "of", "jusqu'à"...): a figure after any other word has none
_BOUND_ENDS = final_words(_BOUND_BEFORE)
_BOUND_LOOKBACK = 45  # characters: the longest bound phrase with its "of"
# spelled numbers come with one of these, so only their neighbourhood is searched for words
_ANCHOR_WORDS = ("thousands thousand millions million billions billion trillions trillion mille milliards milliard milliers "
                 "dizaines centaines gigawatts gigawatt megawatts megawatt mégawatts mégawatt kilowatts kilowatt exaflops "
                 "exaflop petaflops petaflop pétaflops pétaflop GW MW years year ans an months month mois weeks week "
                 "semaines semaine").split()
# whole words only, so at most one can match at a place and their order does not matter
_WORD_ANCHOR = guarded(rf"\b(?:{trie(sorted(_ANCHOR_WORDS, key=len, reverse=True))})\b", re.IGNORECASE)
_WINDOW = 90  # characters before a scale or unit word where its spelled number may start
# A small number word right before a unit ("un an", "one gigawatt"): the unit is one of the
# anchors, so this is only looked for right before them.
_UNIT_WORD_ENDS = re.compile(rf"(?<![\w-]){_UNIT_NUMBER_WORDS}$", re.IGNORECASE)
_UNIT_WORD_CHARS = max(map(len, _UNIT_WORDS))
_SPELT_UNIT_AT = re.compile(rf"(?:{_SPELT_UNITS}|an)\b", re.IGNORECASE)


def _word_windows(text: str) -> list[tuple[int, int, list[int]]]:
    """(start, end, anchors' starts) of the stretches around scale and unit words."""
    spans: list[tuple[int, int, list[int]]] = []
    for m in _WORD_ANCHOR.finditer(text):
        lo, hi = max(0, m.start() - _WINDOW), min(len(text), m.end() + 30)
        while lo > 0 and text[lo - 1].isalnum():
            lo -= 1  # never start inside a word
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi, spans[-1][2] + [m.start()])
        else:
            spans.append((lo, hi, [m.start()]))
    return spans


def _unit_word_before(text: str, lo: int, hi: int, at: int) -> bool:
    """Is the unit word at AT (within text[lo:hi]) spelled with a small number word, as in "un an"?"""
    if not _SPELT_UNIT_AT.match(text, at, hi):
        return False
    end = at
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end < at and _UNIT_WORD_ENDS.search(text, max(lo, end - _UNIT_WORD_CHARS), end) is not None


def _bound_before(text: str, start: int) -> tuple[int, str | None]:
    """(start of the bound phrase, its kind) written right before text[start], if any."""
    lo = max(0, start - _BOUND_LOOKBACK)
    if _BOUND_ENDS is not None:
        low = folded(text[lo:start].rstrip())
        if low is not None and not low.endswith(_BOUND_ENDS):
            return start, None
    m = _BOUND_BEFORE.search(text, lo, start)
    if not m:
        return start, None
    for i, (_, kind) in enumerate(_BOUNDS):
        if m.group(f"b{i}"):
            return m.start(), kind
    return start, None


def _words_value(words: str, scale: str, lang: str) -> float | None:
    w = words.strip().lower()
    if w in ("a", "an", "un", "une"):
        base = 1.0
    else:
        try:
            base = float(text2num(w.replace("-", " ") if lang == "en" else w, lang))
        except (ValueError, TypeError, IndexError):
            return None
    return base * _scale_value(scale, lang)


def _matches(text: str, lang: str) -> list[re.Match]:
    digits, wordy, needs = _PATTERNS["fr" if lang == "fr" else "en"]
    found = list(digits.finditer(text))
    for lo, hi, anchors in _word_windows(text):
        # most windows hold no spelled figure (a unit after digits, the article "an"): the costly
        # scan runs only where a scale word or a small number word before a unit says it may find one
        if (needs is None or may_contain(folded(text[lo:hi]), needs)
                or any(_unit_word_before(text, lo, hi, at) for at in anchors)):
            found += wordy.finditer(text, lo, hi)
    found.sort(key=lambda m: (m.start(), -m.end()))
    out, last = [], -1
    for m in found:
        if m.start() >= last:
            out.append(m)
            last = m.end()
    return out


def find_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Every number in TEXT with its interval; offsets index TEXT as given."""
    out: list[Quantity] = []
    for m in _matches(text, lang):
        start, bound = _bound_before(text, m.start())
        if m.group("trail") and bound is None:
            bound = "over"
        groups = m.groupdict()
        if groups.get("vague"):
            phrase = m.group("vague").lower()
            for p, lo, hi, val in _VAGUE:
                if re.fullmatch(p, phrase, re.IGNORECASE):
                    if bound == "over":
                        hi = None
                    out.append(Quantity(start, m.end(), m.start("vague"), m.end("vague"), val, lo, hi, True, True))
                    break
            continue
        if groups.get("half"):
            value = 0.5 * _scale_value(m.group("hscale"), lang)
            lo, hi = _interval(value, bound)
            out.append(Quantity(start, m.end(), m.start("half"), m.end("hscale"), value, lo, hi, True))
            continue
        if groups.get("unitword"):
            value = float(_SMALL_WORDS[m.group("unitword").lower()])
            lo, hi = _interval(value, bound)
            out.append(Quantity(start, m.end(), m.start("unitword"), m.end("unitword"), value, lo, hi, False))
            continue
        if groups.get("words"):
            value = _words_value(m.group("words"), m.group("wscale"), lang)
            if value is None:
                continue
            lo, hi = _interval(value, bound)
            out.append(Quantity(start, m.end(), m.start("words"), m.end("wscale"), value, lo, hi, True))
            continue
        try:
            value = _parse_digits(m.group("num"), lang)
        except ValueError:
            continue
        if not math.isfinite(value) or value > MAX_FIGURE:
            continue  # a 300-digit run is not a figure anyone reports
        scaled = money = False
        num_end = m.end("num")
        if m.group("scale"):
            # "100 k" with a space is rare and "2 K" is often something else; accept only glued k.
            if not (m.group("scale").lower() == "k" and m.group("sep")):
                value *= _scale_value(m.group("scale"), lang)
                scaled = True
                num_end = m.end("scale")
        elif m.group("money"):
            money = scaled = True
            value *= 1e9 if m.group("money").lower().startswith("b") else 1e6
            num_end = m.end("money")
        if value > MAX_FIGURE:
            continue
        lo, hi = _interval(value, bound)
        end = m.end() if m.group("trail") else num_end
        out.append(Quantity(start, end, m.start("num"), num_end, value, lo, hi, scaled, money_suffix=money))
    return _ranges(text, out, lang)


_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|à|and|et)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:between|from|entre|de)\s+$", re.IGNORECASE)


def _ranges(text: str, qs: list[Quantity], lang: str) -> list[Quantity]:
    """Merge "between X and Y", "X-Y", "de X à Y" into one interval quantity."""
    merged: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        if i + 1 < len(qs):
            r = qs[i + 1]
            gap = text[q.end:r.start]
            if _RANGE_JOIN.match(gap) and q.low == q.high and r.low == r.high and not q.vague and not r.vague:
                lo, hi = q.value, r.value
                if r.scaled and not q.scaled and lo < hi / 1000:
                    # "1.5 to 2 billion": the scale word of the second applies to both
                    lo = lo * (r.value / _unscaled(text, r, lang))
                before = text[max(0, q.start - 10):q.start]
                is_and = gap.strip().lower() in ("and", "et")
                if lo < hi and (not is_and or _RANGE_OPEN.search(before)):
                    opener = _RANGE_OPEN.search(before)
                    start = q.start - (len(before) - opener.start()) if opener else q.start
                    merged.append(Quantity(start, r.end, q.num_start, r.num_end, (lo + hi) / 2, lo, hi,
                                           q.scaled or r.scaled, money_suffix=r.money_suffix))
                    i += 2
                    continue
        merged.append(q)
        i += 1
    return merged


_NUM_RE = {"en": re.compile(_NUM_EN), "fr": re.compile(_NUM_FR)}
_YEAR_RE = re.compile(r"(19|20)\d\d")


def _unscaled(text: str, q: Quantity, lang: str) -> float:
    m = _NUM_RE["fr" if lang == "fr" else "en"].match(text[q.num_start:q.num_end])
    try:
        return _parse_digits(m.group(0), lang) if m else q.value
    except ValueError:
        return q.value


def looks_like_year(text: str, q: Quantity) -> bool:
    """A bare 4-digit figure between 1900 and 2100 is a year, not a quantity."""
    raw = text[q.num_start:q.num_end]
    return bool(_YEAR_RE.fullmatch(raw))
