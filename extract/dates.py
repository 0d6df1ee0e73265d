"""Dates in English and French news text: absolute, partial ("April 2023", "early 2026") and
relative to the article's date ("over the weekend", "ce week-end"), each as an interval."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from extract._fast_regex import any_of, folded, guarded, may_contain, trie

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}
# longest first, so "septembre" is not read as "sept"; as a trie, which re tries far faster
_MONTH = trie(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"

_EARLY_WORDS = ("early", "beginning of", "start of", "début", "debut", "au début de", "en début de", "first half of")
_MID_WORDS = ("mid", "mid-", "middle of", "mi-", "milieu", "au milieu de", "à la mi-")
_LATE_WORDS = ("late", "end of", "the end of", "fin", "en fin de", "à la fin de", "second half of")
_EARLY, _MID, _LATE = trie(_EARLY_WORDS), trie(_MID_WORDS), trie(_LATE_WORDS)
_EARLY_RE, _MID_RE, _LATE_RE = (re.compile(p, re.IGNORECASE) for p in (_EARLY, _MID, _LATE))

_FULL = guarded(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:er)?\s+(?P<m1>{_MONTH})\.?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<iso>{_YEAR}-\d\d-\d\d))\b",
    re.IGNORECASE,
)
_PART = guarded(
    rf"(?:(?P<q>{trie(_EARLY_WORDS + _MID_WORDS + _LATE_WORDS)})[\s-]*)?"
    rf"(?:(?P<month>{_MONTH})\.?(?:\s+(?:de\s+|of\s+)?(?P<my>{_YEAR}))?|(?P<year>{_YEAR})|(?P<qn>Q[1-4])\s+(?P<qy>{_YEAR}))\b",
    re.IGNORECASE,
)
_ANY_DATE = re.compile(rf"\d|\b(?:{_MONTH}|week-?end|yesterday|today|hier|aujourd|last\s+week|semaine|monday|tuesday|"
                       rf"wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)",
                       re.IGNORECASE)
_WEEKEND = re.compile(r"\b(?:(?:over|during|this|last|on)\s+the\s+weekend|this\s+weekend|last\s+weekend|"
                      r"(?:ce|le|au\s+cours\s+du|pendant\s+le|lors\s+du)\s+week-?end)\b", re.IGNORECASE)
WEEKDAYS = {"monday": 0, "lundi": 0, "tuesday": 1, "mardi": 1, "wednesday": 2, "mercredi": 2, "thursday": 3, "jeudi": 3,
            "friday": 4, "vendredi": 4, "saturday": 5, "samedi": 5, "sunday": 6, "dimanche": 6}
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|ce\s+|le\s+)?(?P<d>" + "|".join(WEEKDAYS) + r")\b(?!\s+\d)", re.IGNORECASE)
_DAYREL = re.compile(r"\b(?P<w>yesterday|today|hier|aujourd['’]hui|last\s+week|la\s+semaine\s+dernière)\b", re.IGNORECASE)
# What each family of patterns needs, so a sentence without it skips them: every absolute form
# (_FULL) holds a year; a partial one (_PART) a year or a month; a relative one one of these words.
_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(_YEAR)
_MONTH_STEMS = any_of(MONTHS)
_RELATIVE_STEMS = any_of(["week", "yesterday", "today", "hier", "aujourd", "semaine", *WEEKDAYS])


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


# dateparser was used here first; the three written forms we read are exact with the month table,
# and parsing them by hand is forty times faster on a whole corpus.
def _full_date(m: re.Match) -> date | None:
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        if m.group("d1"):
            return date(int(m.group("y1")), MONTHS[m.group("m1").lower().rstrip(".")], int(m.group("d1")))
        return date(int(m.group("y2")), MONTHS[m.group("m2").lower().rstrip(".")], int(m.group("d2")))
    except (ValueError, KeyError):
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _nearest_past_year(month: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def find_dates(text: str, ref: date | None, lang: str = "en") -> list[DateMention]:
    """Date expressions in text with their intervals; relative ones need REF (the article date)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    if not (_DIGIT.search(text) or _ANY_DATE.search(text)):  # the digit test is _ANY_DATE's first, done fast
        return out
    low = folded(text)
    has_year = _YEARISH.search(text) is not None
    for m in _FULL.finditer(text) if has_year else ():
        d = _full_date(m)
        if d:
            out.append(DateMention(m.start(), m.end(), d, d, d, True))
            taken.append((m.start(), m.end()))
    for m in _PART.finditer(text) if has_year or may_contain(low, _MONTH_STEMS) else ():
        if any(s <= m.start() < e for s, e in taken):
            continue
        q = (m.group("q") or "").lower()
        if m.group("month"):
            word = m.group("month").lower().rstrip(".")
            # "may" and "mar"/"sept" are common words; read them as months only with a year or a qualifier
            if word in ("may", "mar", "jun", "sep", "dec", "oct", "nov", "jan", "aug", "apr", "feb", "jul", "mai") and not (m.group("my") or q):
                continue
            month = MONTHS[word]
            implied = not m.group("my")
            year = int(m.group("my")) if m.group("my") else _nearest_past_year(month, ref)
            if year is None:
                continue
            lo, hi = date(year, month, 1), _month_end(year, month)
            if _EARLY_RE.match(q):
                hi = date(year, month, 10)
            elif _MID_RE.match(q):
                lo, hi = date(year, month, 11), date(year, month, 20)
            elif _LATE_RE.match(q):
                lo = date(year, month, 21)
        elif m.group("qn"):
            year, qn = int(m.group("qy")), int(m.group("qn")[1])
            lo, hi = date(year, 3 * qn - 2, 1), _month_end(year, 3 * qn)
        else:
            year = int(m.group("year"))
            lo, hi = date(year, 1, 1), date(year, 12, 31)
            if _EARLY_RE.match(q):
                hi = date(year, 4, 30)
            elif _MID_RE.match(q):
                lo, hi = date(year, 5, 1), date(year, 8, 31)
            elif _LATE_RE.match(q):
                lo = date(year, 9, 1)
        out.append(DateMention(m.start(), m.end(), lo, lo, hi, lo == hi, bool(m.group("month")) and implied))
    if ref is not None and may_contain(low, _RELATIVE_STEMS):
        for m in _WEEKEND.finditer(text):
            # the weekend just before the reference date (or the one it falls in)
            sunday = ref - timedelta(days=(ref.weekday() + 1) % 7)
            saturday = sunday - timedelta(days=1)
            out.append(DateMention(m.start(), m.end(), sunday, saturday, ref if ref > sunday else sunday, False))
        for m in _DAYREL.finditer(text):
            w = m.group("w").lower()
            if w in ("yesterday", "hier"):
                d = ref - timedelta(days=1)
                out.append(DateMention(m.start(), m.end(), d, d, d, True))
            elif w.startswith(("today", "aujourd")):
                out.append(DateMention(m.start(), m.end(), ref, ref, ref, True))
            else:
                monday = ref - timedelta(days=ref.weekday() + 7)
                out.append(DateMention(m.start(), m.end(), monday, monday, monday + timedelta(days=6), False))
        for m in _WEEKDAY.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            # "on Thursday" in news copy is the latest Thursday on or before the article's date
            back = (ref.weekday() - WEEKDAYS[m.group("d").lower()]) % 7
            d = ref - timedelta(days=back)
            out.append(DateMention(m.start(), m.end(), d, d, d, True))
    return sorted(out, key=lambda d: d.start)


def next_year(d: DateMention) -> DateMention:
    """The same month a year later, for a month named without a year in a plan."""
    shift = lambda x: x.replace(year=x.year + 1) if not (x.month == 2 and x.day == 29) else x.replace(year=x.year + 1, day=28)
    return DateMention(d.start, d.end, shift(d.value), shift(d.low), shift(d.high), d.exact, False)


DATELINE = re.compile(r"^[A-ZÀ-Ý][^\n—–]{0,80}?\b\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}\s*[—–-]\s*")


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
