"""Numbers as the press writes them, in English, French, German and Spanish, with their character offsets.

Written by hand because no library does this well with offsets: quantulum3 is English-only and
reads "200k" as kelvin, Recognizers-Text and Duckling break on "200 000" with a no-break space,
and text2num converts whole texts without positions. text2num is still used for spelled-out
number words, where it is good. The words of each language (scales, bounds, vague quantities,
ranges) are data: data/numbers.toml. How the digits themselves are read is extract/digits.py.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from text_to_num import text2num

from extract._fast_regex import any_of, final_words, folded, guarded, may_contain, required_words, trie
from extract.digits import GROUP_SEPARATORS, Style, parse_figure, style_of

LANGS = ("en", "fr", "de", "es")
_DATA = tomllib.loads(resources.files("extract.data").joinpath("numbers.toml").read_text("utf-8"))

# Thin spaces and no-break spaces are thousands separators in French typography and in
# copy-pasted English (and apostrophes in Swiss German); offsets stay those of the original text
# because nothing is replaced.
_GROUP = f"[{GROUP_SEPARATORS}]"
# One shape for every language: which mark is the decimal one is decided after the match, from
# the language and the text's other figures (extract/digits.py), so a French text quoting an
# English "60,000" or a German "1.234,5" is read whole. Less its first digit: a pattern that
# starts with a plain digit lets re jump from digit to digit instead of trying it everywhere.
_NUM_REST = (rf"\d{{0,2}}(?:{_GROUP}\d{{3}}(?!\d))+(?:[.,]\d+)?"
             rf"|\d{{0,2}}(?:[.,]\d{{3}}(?!\d)){{2,}}(?:[.,]\d+)?"
             rf"|\d{{0,2}}\.\d{{3}}(?!\d),\d+|\d{{0,2}},\d{{3}}(?!\d)\.\d+"
             rf"|\d*(?:[.,]\d+)?")
_NUM = rf"\d(?:{_NUM_REST})"


def _word_re(word: str) -> str:
    """A word list entry as a pattern: spaces are any white space, a final dot is optional."""
    body = r"\s+".join(re.escape(part) for part in word.rstrip(".").split())
    return body + (r"\.?" if word.endswith(".") else "")


def _scales(lang: str) -> dict[str, float]:
    return {**_DATA["scale"]["common"], **_DATA["scale"][lang]}


_SCALE_WORDS = {lang: {w.rstrip(".").lower(): f for w, f in _scales(lang).items()} for lang in LANGS}
# Single-letter money suffixes ("$500M", "$3.3B", "500 M€") are only read next to a currency.
_MONEY_SUFFIX = r"(?:M|B|bn|m)(?![A-Za-z])|\s?M(?=\s?[€$£])"
_SMALL_WORDS = {lang: {w: float(v) for w, v in _DATA["small"][lang].items()} for lang in LANGS}


class _Vague:
    """A vague quantity ("tens of thousands"): an interval, not a number."""

    def __init__(self, entry: dict, lang: str) -> None:
        self.pattern = entry[lang]
        self.regex = re.compile(self.pattern, re.IGNORECASE)
        self.low, self.high = float(entry["low"]), float(entry["high"])
        # the value the phrase names, where it names one ("un millier": about 1,000), else a point inside
        self.value = float(entry["value"]) if "value" in entry else self.low * 2 if self.low * 2 <= self.high else self.low
        self.of = bool(entry.get("of"))


# each language reads its own phrases: a shared list would make every scan try all of them
_VAGUE = {lang: [_Vague(e, lang) for e in _DATA["vague"] if lang in e] for lang in LANGS}
_OF = r"(?=\s+(?:of|de|d['’]|von)\b)"

_KINDS = ("over", "upto", "under", "nearly", "about")


def _bounds(langs: tuple[str, ...]) -> list[tuple[str, str]]:
    """(alternation, kind) for the bound phrases of LANGS, in the order they are tried."""
    out = []
    for kind in _KINDS:
        phrases = [p for lang in langs for p in _DATA["bounds"][lang].get(kind, [])]
        out.append(("|".join(dict.fromkeys(phrases)), kind))
    return out


# A bound phrase ends the text before the figure; "of"/"de" and a currency sign may stand between.
_CUR_SIGNS = r"(?:USD|EUR|GBP|US\$|U\$S|U\.S\.\$|CA\$|AU\$|[CARS]\$|\$|€|£|¥|₹|₩)"
CURRENCY_SIGNS = _CUR_SIGNS  # the signs and codes a figure may carry before it


def _bound_before_re(bounds: list[tuple[str, str]], langs: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(f"(?P<b{i}>{p})" for i, (p, _) in enumerate(bounds))
    fillers = "|".join(w for lang in langs for w in _DATA["bound_fillers"][lang])
    filler = rf"(?:(?:{fillers})\s+)?" if fillers else ""
    return re.compile(rf"(?<![\w])(?:{alts})(?:\s+|(?<=[^\w\s])\s*)(?:of\s+|de\s+|d['’]\s*|von\s+)?{filler}"
                      rf"(?:{_CUR_SIGNS}\s?)?$", re.IGNORECASE)


def _langs_for(lang: str) -> tuple[str, ...]:
    # English phrases are read in every language: quoted English copy is common in this news
    return (lang,) if lang == "en" else (lang, "en")


MAX_FIGURE = 1e24  # above any real count, watt, dollar or FLOP/s figure; keeps values finite
ABOUT_TOLERANCE = 0.05  # "about X" allows +-5%
NEARLY_TOLERANCE = 0.05  # "nearly X" allows X down to 95% (the annotation conventions' [0.95v, v])


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


def _scale_value(word: str, lang: str) -> float:
    w = " ".join(word.lower().rstrip(".").split())
    return _SCALE_WORDS[lang][w]


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


def _alt(words) -> str:
    """Words as an alternation, longest first so "mil millones" wins over "mil"."""
    return "|".join(_word_re(w) for w in sorted(set(words), key=len, reverse=True))


def _units_alt(spec: str) -> str:
    return "|".join(spec.split())


class _Lang:
    """The compiled patterns of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        scale_words = list(_scales(lang))
        self.scale = rf"(?:k(?![A-Za-z])|K(?![A-Za-z])|(?:{_alt(scale_words)})(?!\w))"
        # spelled numbers take the language's own scale words, not the shared abbreviations
        spelled_scales = [w for w in _DATA["scale"][lang] if not w.endswith(".") and len(w) > 2]
        if lang == "de":
            # German writes a spelled number as one word ("zweihunderttausend")
            parts = trie(sorted(_DATA["spelled"]["de_parts"].split(), key=len, reverse=True))
            word_num = rf"(?:{parts})+(?!\w)"
        else:
            words = _DATA["spelled"][lang].split()
            word_alt = f"(?:{trie(sorted(words, key=len, reverse=True))})"  # longest first, as a trie
            word_num = rf"(?:{word_alt}(?:[\s-]+{word_alt})*)"
        vague = "|".join(f"(?:{v.pattern}){_OF if v.of else ''}" for v in _VAGUE[lang])
        half = "|".join(_DATA["half"][lang])
        hscale = _alt(spelled_scales)
        scaled = (rf"(?P<vague>{vague})(?!\w)"
                  rf"|(?<![\w-])(?:(?P<half>{half})\s*(?P<hscale>{hscale})(?!\w)"
                  rf"|(?P<words>{word_num})\s+(?P<wscale>{_alt(spelled_scales)})(?!\w)")
        self.needs = any_of(required_words(re.compile(scaled + ")", re.IGNORECASE)))
        small = sorted(_SMALL_WORDS[lang], key=len, reverse=True)
        self.small = _SMALL_WORDS[lang]
        small_alt = "(?:" + trie(small) + ")"
        units = _units_alt(_DATA["small_units"][lang])
        trailing = "|".join(_DATA["trailing_over"][lang])
        self.digits = re.compile(
            # the look-behind, after the first digit, says what (?<![\w.,]) said before it
            rf"(?P<num>\d(?<![\w.,]\d)(?:{_NUM_REST}))(?:(?P<sep>\s*|-)(?P<scale>{self.scale})|(?P<money>{_MONEY_SUFFIX}))?"
            rf"(?P<trail>{trailing})?",
            re.IGNORECASE,
        )
        self.wordy = guarded(
            rf"(?:{scaled}"
            rf"|(?P<unitword>{small_alt})(?=\s+(?:{units})\b))"
            rf")"
            rf"(?P<trail>{trailing})?",
            re.IGNORECASE,
        )
        # A small number word right before a unit ("un an", "one gigawatt"): the unit is one of the
        # anchors, so this is only looked for right before them.
        self.unit_word_ends = re.compile(rf"(?<![\w-]){small_alt}$", re.IGNORECASE)
        self.unit_word_chars = max(map(len, small))
        self.unit_at = re.compile(rf"(?:{units})\b", re.IGNORECASE)
        self.bounds = _bounds(_langs_for(lang))
        self.bound_before = _bound_before_re(self.bounds, _langs_for(lang))
        # how a bound phrase can end ("than", "of", "jusqu'à"...): a figure after any other word has none
        self.bound_ends = final_words(self.bound_before)
        r = _DATA["ranges"][lang]
        self.and_words = {w.lower() for w in r["and"]}
        # "between $2 billion and $3 billion": the second figure may repeat the currency sign
        self.range_join = re.compile(rf"^\s*(?:{_CUR_SIGNS}\s?)?(?:{'|'.join(map(re.escape, r['join'] + r['and']))})"
                                     rf"\s*(?:{_CUR_SIGNS}\s?)?$", re.IGNORECASE)
        self.range_open = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, r['opener']))})\s+(?:{_CUR_SIGNS}\s?)?$",
                                     re.IGNORECASE)


_PATTERNS = {lang: _Lang(lang) for lang in LANGS}
# Every language's bound phrases at once (what `_bound_before` reads when no language is given).
_BOUNDS = _bounds(LANGS)
_BOUND_BEFORE = _bound_before_re(_BOUNDS, LANGS)
_BOUND_ENDS = final_words(_BOUND_BEFORE)
_BOUND_LOOKBACK = 48  # characters: the longest bound phrase with its "of" and a currency sign


def _anchor_words() -> list[str]:
    words = set()
    for lang in LANGS:
        words |= {w.rstrip(".") for w in _scales(lang) if " " not in w and len(w.rstrip(".")) > 2}
        for u in _DATA["small_units"][lang].split():
            words |= {u[:-2].lower(), u[:-1].lower()} if u.endswith("?") else {u.lower()}
    words |= set(_DATA["anchors"]["words"].split())
    return sorted(words, key=len, reverse=True)


# Every spelled or vague figure stands next to one of the anchor words (a scale, a unit, "Tausende"):
# a sentence with neither a digit nor one of these holds no figure, and claims.py skips it. The
# article "an" (French "an", a year) is left out: it would let every English sentence through.
SPELLED_CUES = tuple(w for w in _anchor_words() if len(w) > 2)
# spelled numbers come with one of these, so only their neighbourhood is searched for words;
# whole words only, so at most one can match at a place and their order does not matter
_WORD_ANCHOR = guarded(rf"\b(?:{trie(_anchor_words())})\b", re.IGNORECASE)
_WINDOW = 90  # characters before a scale or unit word where its spelled number may start


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


def _unit_word_before(p: _Lang, text: str, lo: int, hi: int, at: int) -> bool:
    """Is the unit word at AT (within text[lo:hi]) spelled with a small number word, as in "un an"?"""
    if not p.unit_at.match(text, at, hi):
        return False
    end = at
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end < at and p.unit_word_ends.search(text, max(lo, end - p.unit_word_chars), end) is not None


def _bound_before(text: str, start: int, lang: str | None = None) -> tuple[int, str | None]:
    """(start of the bound phrase, its kind) written right before text[start], if any."""
    if lang in _PATTERNS:
        p = _PATTERNS[lang]
        regex, ends, bounds = p.bound_before, p.bound_ends, p.bounds
    else:
        regex, ends, bounds = _BOUND_BEFORE, _BOUND_ENDS, _BOUNDS
    lo = max(0, start - _BOUND_LOOKBACK)
    if ends is not None:
        low = folded(text[lo:start].rstrip())
        if low is not None and not low.endswith(ends):
            return start, None
    m = regex.search(text, lo, start)
    if not m:
        return start, None
    for i, (_, kind) in enumerate(bounds):
        if m.group(f"b{i}"):
            return m.start(), kind
    return start, None


_ONE = {"a", "an", "un", "une", "ein", "eine", "einen", "einer", "einem", "uno", "una"}


def _words_value(words: str, scale: str, lang: str) -> float | None:
    w = words.strip().lower()
    if w in _ONE:
        base = 1.0
    else:
        try:
            base = float(text2num(w.replace("-", " ") if lang == "en" else w, lang))
        except (ValueError, TypeError, IndexError, KeyError):
            return None
    return base * _scale_value(scale, lang)


def _matches(text: str, p: _Lang) -> list[re.Match]:
    found = list(p.digits.finditer(text))
    for lo, hi, anchors in _word_windows(text):
        # most windows hold no spelled figure (a unit after digits, the article "an"): the costly
        # scan runs only where a scale word or a small number word before a unit says it may find one
        if (p.needs is None or may_contain(folded(text[lo:hi]), p.needs)
                or any(_unit_word_before(p, text, lo, hi, at) for at in anchors)):
            found += p.wordy.finditer(text, lo, hi)
    found.sort(key=lambda m: (m.start(), -m.end()))
    out, last = [], -1
    for m in found:
        if m.start() >= last:
            out.append(m)
            last = m.end()
    return out


def _vague_of(phrase: str, lang: str) -> _Vague | None:
    return next((v for v in _VAGUE[lang] if v.regex.fullmatch(phrase)), None)


def find_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Every number in TEXT with its interval; offsets index TEXT as given."""
    lang = lang if lang in _PATTERNS else "en"
    p = _PATTERNS[lang]
    out: list[Quantity] = []
    matches = _matches(text, p)
    style = style_of([m.group("num") for m in matches if m.groupdict().get("num")])
    for m in matches:
        start, bound = _bound_before(text, m.start(), lang)
        if m.group("trail") and bound is None:
            bound = "over"
        groups = m.groupdict()
        if groups.get("vague"):
            v = _vague_of(" ".join(m.group("vague").split()), lang)
            if v is not None:
                hi = None if bound == "over" else v.high
                out.append(Quantity(start, m.end(), m.start("vague"), m.end("vague"), v.value, v.low, hi, True, True))
            continue
        if groups.get("half"):
            value = 0.5 * _scale_value(m.group("hscale"), lang)
            lo, hi = _interval(value, bound)
            out.append(Quantity(start, m.end(), m.start("half"), m.end("hscale"), value, lo, hi, True))
            continue
        if groups.get("unitword"):
            value = p.small[m.group("unitword").lower()]
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
            value = parse_figure(m.group("num"), lang, style)
        except ValueError:
            continue
        if not math.isfinite(value) or value > MAX_FIGURE:
            continue  # a 300-digit run is not a figure anyone reports
        scaled = money = False
        num_end = m.end("num")
        if m.group("scale"):
            # "100 k" with a space is rare and "2 K" is often something else; accept only glued k.
            if not (m.group("scale").lower() == "k" and m.group("sep")):
                value *= 1e3 if m.group("scale").lower() == "k" else _scale_value(m.group("scale"), lang)
                scaled = True
                num_end = m.end("scale")
        elif m.group("money"):
            money = scaled = True
            value *= 1e9 if m.group("money").strip().lower().startswith("b") else 1e6
            num_end = m.end("money")
        if value > MAX_FIGURE:
            continue
        lo, hi = _interval(value, bound)
        end = m.end() if m.group("trail") else num_end
        out.append(Quantity(start, end, m.start("num"), num_end, value, lo, hi, scaled, money_suffix=money))
    return _ranges(text, out, p, style)


def _ranges(text: str, qs: list[Quantity], p: _Lang, style: Style) -> list[Quantity]:
    """Merge "between X and Y", "X-Y", "de X à Y", "zwischen X und Y", "entre X y Y" into one interval."""
    merged: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        if i + 1 < len(qs):
            r = qs[i + 1]
            gap = text[q.end:r.start]
            if p.range_join.match(gap) and q.low == q.high and r.low == r.high and not q.vague and not r.vague:
                lo, hi = q.value, r.value
                if r.scaled and not q.scaled and lo < hi / 1000:
                    # "1.5 to 2 billion": the scale word of the second applies to both
                    lo = lo * (r.value / _unscaled(text, r, p.lang, style))
                before = text[max(0, q.start - 16):q.start]
                is_and = gap.strip().lower() in p.and_words
                opener = p.range_open.search(before)
                if lo < hi and (not is_and or opener):
                    start = q.start - (len(before) - opener.start()) if opener else q.start
                    merged.append(Quantity(start, r.end, q.num_start, r.num_end, (lo + hi) / 2, lo, hi,
                                           q.scaled or r.scaled, money_suffix=r.money_suffix))
                    i += 2
                    continue
        merged.append(q)
        i += 1
    return merged


_NUM_RE = re.compile(_NUM)
_YEAR_RE = re.compile(r"(19|20)\d\d")


def _unscaled(text: str, q: Quantity, lang: str, style: Style) -> float:
    m = _NUM_RE.match(text[q.num_start:q.num_end])
    try:
        return parse_figure(m.group(0), lang, style) if m else q.value
    except ValueError:
        return q.value


def looks_like_year(text: str, q: Quantity) -> bool:
    """A bare 4-digit figure between 1900 and 2100 is a year, not a quantity."""
    raw = text[q.num_start:q.num_end]
    return bool(_YEAR_RE.fullmatch(raw))
