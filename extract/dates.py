"""Dates in news text: absolute, partial ("April 2023", "early 2026", "H1 2026", "drittes Quartal
2026") and relative to the article's date ("over the weekend", "nächstes Jahr"), each as an
interval. The words of each language are in data/cues_<lang>.toml; a text is read with its own
language's words and the English ones, which other languages borrow ("Q3 2026", "H1")."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from extract import cues
from extract._fast_regex import any_of, folded, guarded, may_contain, trie

_YEAR = r"(?:19|20)\d\d"


def _langs(lang: str) -> tuple[str, ...]:
    return ("en",) if lang not in cues.LANGS or lang == "en" else (lang, "en")


def _longest_first(words) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


def _alt(words, space: str = r"\s+") -> str:
    """A trie of WORDS; an apostrophe in them stands for either spelling of it, a space for SPACE."""
    words = _longest_first(_fold(w) for w in words)
    return trie(words, space).replace("'", "['’]") if words else r"(?!x)x"


# Qualifiers and what they cover of a year (months) and of a month (days), per the dev README's
# time words: early Jan-Apr, mid May-Aug, late Sep-Dec, end of year Nov-Dec.
_YEAR_PART = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (11, 12)}
_MONTH_PART = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (21, 31)}


@dataclass(frozen=True)
class _Lang:
    """The compiled date patterns and word tables of one language (with the English ones)."""

    months: dict[str, int]
    short_months: frozenset[str]
    qualifiers: dict[str, str]  # folded qualifier -> early / mid / late / end
    quarter_ordinals: dict[str, int]
    halves: dict[str, int]  # folded "first half of" -> 1
    seasons: dict[str, tuple[int, int]]  # folded season -> (first month, last month)
    relative_years: dict[str, tuple[int, bool]]  # folded phrase -> (years from the article's, needs a qualifier)
    weekdays: dict[str, int]
    day_words: dict[str, str]  # folded word -> yesterday / today / last_week
    full: re.Pattern
    part: re.Pattern
    period: re.Pattern
    weekend: re.Pattern
    weekday: re.Pattern
    dayrel: re.Pattern
    any_date: re.Pattern
    month_stems: object
    relative_stems: object


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'")).strip()


@cache
def _lang(lang: str) -> _Lang:
    langs = _langs(lang)
    words = lambda key: cues.words("dates", key, langs)
    months = cues.mapping("dates", "months", langs)
    month = _alt(months)
    qualifiers = {_fold(w): kind for kind in ("end", "late", "mid", "early") for w in words(kind)}
    ordinals = cues.mapping("dates", "quarter_ordinals", langs)
    # *_dated: words read as a half-year only before a year ("erste Hälfte 2026", not "die erste Hälfte der Halle")
    halves = {**{_fold(w): 1 for w in words("first_half") + words("first_half_dated")},
              **{_fold(w): 2 for w in words("second_half") + words("second_half_dated")}}
    rel = {}
    for key, shift, needs_q in (("same_year", 0, True), ("this_year", 0, False), ("next_year", 1, False),
                                ("last_year", -1, False)):
        for w in words(key):
            rel[_fold(w)] = (shift, needs_q)
    of = (r"(?:\s+(?:(?:de\s+|del\s+)?(?:l['’]ann[ée]e|l['’]an|a[ñn]o)|de|del|of\s+the\s+year|of|des\s+Jahres)\b)?")
    # codes ("H1", "Q3", "T3") and dated words are read only with a year; words ("second half") also alone
    dated = {_fold(w) for w in words("first_half_dated") + words("second_half_dated")}
    codes = [w for w in halves if re.fullmatch(r"[a-z]?\d[a-z]?", w) or w in dated]
    half_words = [w for w in words("first_half") + words("second_half") if _fold(w) not in codes]
    # "first-half 2026", "first half-year": a hyphen where a space may be
    halves_alt, codes_alt = _alt(half_words, r"[\s-]+"), _alt(codes, r"[\s-]+")
    # a year in two digits, only where it cannot be a model number: "H1'26", "1H26" (never "H100")
    short_year = r"(?:\s?['’]|(?<=\d[hH]))(?P<py2>\d\d)(?!\d)"
    quarter_codes = words("quarter_codes")
    seasons = {_fold(k): tuple(v) for k, v in cues.mapping("dates", "seasons", langs).items()}
    period = guarded(
        rf"\b(?:(?P<season>{_alt(seasons)})(?=\s+(?:(?:of|de|del|des\s+Jahres)\s+)?{_YEAR})"
        rf"|(?P<half>{halves_alt})|(?P<ypre>{_YEAR})['’]s\s+(?P<half_after>{halves_alt})"
        rf"|(?P<qo>{_alt(ordinals)})\s+(?P<qw>{_alt(words('quarter_words'))})"
        rf"|(?P<code>{codes_alt})(?={of}[\s/-]*{_YEAR}|{short_year.replace('?P<py2>', '')})"
        + (rf"|(?P<qc>{'|'.join(map(re.escape, quarter_codes))})(?P<qn>[1-4])(?=[\s/-]*(?:(?:de|of)\s+)?{_YEAR})"
           if quarter_codes else "")
        + rf")(?:{of}[\s/-]*(?P<py>{_YEAR})|{short_year}"
          rf"|\s+(?:des\s+)?(?P<prel>{_alt(w for w, (_, q) in rel.items() if not q)}))?(?!\w)",
        re.IGNORECASE,
    )
    full = guarded(
        rf"\b(?:(?P<d1>\d{{1,2}})(?:er|\.|º)?\s+(?:de\s+)?(?P<m1>{month})\.?,?\s+(?:de\s+|del\s+)?(?P<y1>{_YEAR})"
        rf"|(?P<m2>{month})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
        rf"|(?P<iso>{_YEAR}-\d\d-\d\d))\b",
        re.IGNORECASE,
    )
    part = guarded(
        rf"(?:(?P<q>{_alt(words('early') + words('mid') + words('late') + words('end'))})[\s-]*)?"
        rf"(?:(?P<month>{month})\.?(?:\s+(?:de\s+|del\s+|of\s+)?(?P<my>{_YEAR}))?"
        rf"|(?:(?:{_alt(words('year_lead'))})\s+)?(?P<year>{_YEAR})"
        rf"|(?P<rel>{_alt(rel)}))(?!\w)",
        re.IGNORECASE,
    )
    weekdays = cues.mapping("dates", "weekdays", langs)
    leads = words("weekday_leads")
    weekday = re.compile(rf"\b(?:(?:{_alt(leads)})\s+)?(?P<d>{_alt(weekdays)})\b(?!\s+\d)", re.IGNORECASE)
    day_words = {_fold(w): kind for kind in ("yesterday", "today", "last_week") for w in words(kind)}
    dayrel = re.compile(rf"(?<!\w)(?P<w>{_alt(day_words)})(?!\w)", re.IGNORECASE)
    weekend = re.compile(rf"(?<!\w)(?:{_alt(words('weekend'))})(?!\w)", re.IGNORECASE)
    relative_words = [*weekdays, *day_words, *words("weekend")]
    any_date = re.compile(rf"\d|\b(?:{month}|{_alt(relative_words)}|{_alt(rel)}|{_alt(half_words)}|{_alt(ordinals)})",
                          re.IGNORECASE)
    return _Lang(months={k.lower(): v for k, v in months.items()}, short_months=frozenset(words("short_months")),
                 qualifiers=qualifiers, quarter_ordinals={k.lower(): v for k, v in ordinals.items()}, halves=halves,
                 seasons=seasons,
                 relative_years=rel, weekdays={k.lower(): v for k, v in weekdays.items()}, day_words=day_words,
                 full=full, part=part, period=period, weekend=weekend, weekday=weekday, dayrel=dayrel, any_date=any_date,
                 month_stems=any_of(k.lower() for k in months),
                 # after any apostrophe, which the text may spell either way
                 relative_stems=any_of(w.split("'")[-1] for w in [*map(_fold, relative_words), *rel, *map(_fold, half_words),
                                                                 *codes, *map(str.lower, ordinals)]))


MONTHS = cues.mapping("dates", "months")
# the English patterns, kept by name for the tests of the fast-regex helpers
_FULL, _PART = _lang("en").full, _lang("en").part
_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(_YEAR)


@dataclass(frozen=True)
class DateMention:
    """A date expression with the interval of days it covers."""

    start: int
    end: int
    value: date
    low: date
    high: date
    exact: bool  # a single day
    year_implied: bool = False  # the text gave no year ("in August"): we assumed the latest past one


# dateparser was used here first; the written forms we read are exact with the month table,
# and parsing them by hand is forty times faster on a whole corpus.
def _full_date(m: re.Match, months: dict[str, int]) -> date | None:
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        if m.group("d1"):
            return date(int(m.group("y1")), months[m.group("m1").lower().rstrip(".")], int(m.group("d1")))
        return date(int(m.group("y2")), months[m.group("m2").lower().rstrip(".")], int(m.group("d2")))
    except (ValueError, KeyError):
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _nearest_past_year(month: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def _relative_year(L: _Lang, phrase: str | None, ref: date | None, qualified: bool) -> int | None:
    if not phrase or ref is None:
        return None
    shift, needs_q = L.relative_years.get(_fold(phrase), (None, True))
    if shift is None or (needs_q and not qualified):
        return None
    return ref.year + shift


def _periods(L: _Lang, text: str, ref: date | None, taken: list[tuple[int, int]]) -> list[DateMention]:
    """Half-years, quarters and seasons: "first half of 2026", "H2 2026", "drittes Quartal", "otoño de 2023"."""
    out = []
    for m in L.period.finditer(text):
        written = m.group("py") or m.group("ypre") or (f"20{m.group('py2')}" if m.group("py2") else None)
        year = int(written) if written else _relative_year(L, m.group("prel"), ref, False)
        implied = year is None
        if implied:
            if ref is None:
                continue
            year = ref.year
        if m.group("season"):
            m0, m1 = L.seasons[_fold(m.group("season"))]
            lo, hi = date(year, m0, 1), _month_end(year, m1)
        elif m.group("half") or m.group("half_after") or m.group("code"):
            n = L.halves.get(re.sub(r"[\s-]+", " ", _fold(m.group("half") or m.group("half_after") or m.group("code"))))
            if n is None:
                continue
            lo, hi = date(year, 6 * n - 5, 1), _month_end(year, 6 * n)
        else:
            qn = int(m.group("qn")) if m.group("qn") else L.quarter_ordinals.get(m.group("qo").lower())
            if qn is None:
                continue
            lo, hi = date(year, 3 * qn - 2, 1), _month_end(year, 3 * qn)
        out.append(DateMention(m.start(), m.end(), lo, lo, hi, False, implied))
        taken.append((m.start(), m.end()))
    return out


def find_dates(text: str, ref: date | None, lang: str = "en") -> list[DateMention]:
    """Date expressions in text with their intervals; relative ones need REF (the article date)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    L = _lang(lang if lang in cues.LANGS else "en")
    if not (_DIGIT.search(text) or L.any_date.search(text)):  # the digit test is any_date's first, done fast
        return out
    low = folded(text)
    has_year = _YEARISH.search(text) is not None
    for m in L.full.finditer(text) if has_year else ():
        d = _full_date(m, L.months)
        if d:
            out.append(DateMention(m.start(), m.end(), d, d, d, True))
            taken.append((m.start(), m.end()))
    if has_year or may_contain(low, L.relative_stems):
        out += _periods(L, text, ref, taken)
    partial = has_year or may_contain(low, L.month_stems) or may_contain(low, L.relative_stems)
    for m in L.part.finditer(text) if partial else ():
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        kind = L.qualifiers.get(_fold(m.group("q") or ""))
        if m.group("month"):
            word = m.group("month").lower().rstrip(".")
            # "may", "mar", "sept" are common words; read them as months only with a year or a qualifier
            if word in L.short_months and not (m.group("my") or kind):
                continue
            month = L.months[word]
            implied = not m.group("my")
            year = int(m.group("my")) if m.group("my") else _nearest_past_year(month, ref)
            if year is None:
                continue
            lo, hi = date(year, month, 1), _month_end(year, month)
            if kind:
                d0, d1 = _MONTH_PART[kind]
                lo, hi = date(year, month, d0), min(hi, date(year, month, min(d1, hi.day)))
        else:
            implied = False
            if m.group("year"):
                year = int(m.group("year"))
            else:
                year = _relative_year(L, m.group("rel"), ref, kind is not None)
                if year is None:
                    continue
            lo, hi = date(year, 1, 1), date(year, 12, 31)
            if kind:
                m0, m1 = _YEAR_PART[kind]
                lo, hi = date(year, m0, 1), _month_end(year, m1)
        out.append(DateMention(m.start(), m.end(), lo, lo, hi, lo == hi, bool(m.group("month")) and implied))
    if ref is not None and may_contain(low, L.relative_stems):
        for m in L.weekend.finditer(text):
            # the weekend just before the reference date (or the one it falls in)
            sunday = ref - timedelta(days=(ref.weekday() + 1) % 7)
            saturday = sunday - timedelta(days=1)
            out.append(DateMention(m.start(), m.end(), sunday, saturday, ref if ref > sunday else sunday, False))
        for m in L.dayrel.finditer(text):
            kind = L.day_words.get(_fold(m.group("w")))
            if kind == "yesterday":
                d = ref - timedelta(days=1)
                out.append(DateMention(m.start(), m.end(), d, d, d, True))
            elif kind == "today":
                out.append(DateMention(m.start(), m.end(), ref, ref, ref, True))
            elif kind == "last_week":
                monday = ref - timedelta(days=ref.weekday() + 7)
                out.append(DateMention(m.start(), m.end(), monday, monday, monday + timedelta(days=6), False))
        for m in L.weekday.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            # "on Thursday" in news copy is the latest Thursday on or before the article's date
            back = (ref.weekday() - L.weekdays[m.group("d").lower()]) % 7
            d = ref - timedelta(days=back)
            out.append(DateMention(m.start(), m.end(), d, d, d, True))
    return sorted(out, key=lambda d: d.start)


def next_year(d: DateMention) -> DateMention:
    """The same month a year later, for a month named without a year in a plan."""
    shift = lambda x: x.replace(year=x.year + 1) if not (x.month == 2 and x.day == 29) else x.replace(year=x.year + 1, day=28)
    return DateMention(d.start, d.end, shift(d.value), shift(d.low), shift(d.high), d.exact, False)


DATELINE = re.compile(r"^[A-ZÀ-Ý][^\n—–]{0,80}?\b\d{1,2}(?:er|\.)?\s+\w+\.?\s+\d{4}\s*[—–-]\s*")


def dateline_end(sentence: str) -> int:
    """Length of a dateline opening the sentence ("MEMPHIS, 2 September 2024 — "), else 0."""
    m = DATELINE.match(sentence)
    return m.end() if m else 0


def document_date(text: str, lang: str = "en") -> date | None:
    """For plain text without metadata: the first full date written in it (a dateline or a post's date)."""
    for d in find_dates(text[:20000], None, lang):
        if d.exact:
            return d.value
    return None


# "between 2027 and 2028", "entre 2027 y 2028", "2026–2027": two dates that bound one period
_SPAN_DASH = re.compile(r"\s*[-–—/]\s*")


@cache
def _span_words(lang: str) -> tuple[re.Pattern, re.Pattern]:
    langs = _langs(lang if lang in cues.LANGS else "en")
    lead = re.compile(rf"(?<!\w)(?:{_alt(cues.words('dates', 'span_leads', langs))})\s+(?:\S+\s+){{0,2}}$", re.IGNORECASE)
    join = re.compile(rf"\s+(?:{_alt(cues.words('dates', 'span_joins', langs))})\s+", re.IGNORECASE)
    return lead, join


def span(text: str, d: DateMention, mentions: list[DateMention], lang: str = "en") -> DateMention | None:
    """The period D opens with the next date when the text joins them as a span ("between 2027 and 2028",
    "von 2026 bis 2028", "2026–2027"), else None."""
    nxt = next((m for m in mentions if m.start >= d.end), None)
    if nxt is None or nxt.low <= d.low:
        return None
    gap = text[d.end:nxt.start]
    lead, join = _span_words(lang)
    dash = _SPAN_DASH.fullmatch(gap) is not None and d.end - d.start == 4  # "2026–2027", not "March 3-4"
    if not dash and not (join.fullmatch(gap) and lead.search(text, max(0, d.start - 30), d.start)):
        return None
    return DateMention(d.start, nxt.end, d.low, d.low, nxt.high, False)
