"""Reading a run of digits and separators ("10.000", "1,2", "1 234,5", "60,000") as a number.

The decision rule, for a figure in a text of language LANG:

1. Space-like separators (space, no-break space, thin space) and apostrophes between groups of
   three digits are thousands separators in every language.
2. A figure with both a dot and a comma: whichever comes last is the decimal mark
   ("1.234,5" and "1,234.5" are both 1234.5).
3. A mark written twice or more ("1.000.000", "1,000,000") groups thousands.
4. A single mark followed by other than three digits ("1,2", "2.5", "0,75") is a decimal mark,
   as is a mark after a lone zero ("0,500").
5. A single mark followed by exactly three digits ("10.000", "60,000", "1.742") is the one
   ambiguous shape. It is read by the text's language, unless the text itself shows otherwise:
   - English groups thousands with a comma and writes decimals with a dot, so "60,000" is
     sixty thousand and "1.742" is 1.742 — unless the same text groups thousands with dots
     ("1.000.000", "1.234,5") or writes decimal commas, as copy from a continental source does;
   - French, German and Spanish news writes "10.000" for ten thousand (the German and Spanish
     norm, common in French copy too) and, copying English sources, "60,000" for sixty thousand:
     both are thousands — unless the text groups thousands another way (spaces or dots for a
     comma, commas for a dot), which makes the mark that text's decimal mark. In French and German,
     whose own decimal mark the comma is, "1,353" (not a round thousand) is 1.353 unless the text
     groups its other figures with commas; Spanish is read as above, since Mexican and US Spanish
     group thousands with commas ("4,800 millones").
   A three-digit decimal is rare in news, and it rarely stands next to a figure grouped the
   text's way; a thousands group misread as a decimal costs a factor of a thousand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SPACES = "\u00a0\u202f\u2009 "
# between thousands groups only: an apostrophe is the Swiss way
GROUP_SEPARATORS = SPACES + "'’"

_SPACE_RE = re.compile(f"[{GROUP_SEPARATORS}]")


@dataclass(frozen=True)
class Style:
    """What a text's own figures show about its separators."""

    space_groups: bool = False  # "200 000"
    dot_groups: bool = False  # "1.000.000", "1.234,5"
    comma_groups: bool = False  # "1,000,000", "1,234.5"
    comma_decimals: bool = False  # "1,2", "0,75"


def style_of(raws: list[str]) -> Style:
    """The separator evidence carried by a text's figures (as written)."""
    space = dots = commas = comma_dec = False
    for raw in raws:
        if _SPACE_RE.search(raw):
            space = True
        s = _SPACE_RE.sub("", raw)
        d, c = s.count("."), s.count(",")
        if d and c:
            if s.rfind(".") < s.rfind(","):
                dots = True
            else:
                commas = True
        elif d > 1:
            dots = True
        elif c > 1:
            commas = True
        elif c == 1 and (len(s.rsplit(",", 1)[1]) != 3 or _zero_head(s, ",")):
            comma_dec = True
    return Style(space, dots, commas, comma_dec)


def _zero_head(s: str, mark: str) -> bool:
    head = s.split(mark, 1)[0]
    return not head.strip("0")


def _single_mark_is_decimal(s: str, mark: str, lang: str, style: Style) -> bool:
    head, tail = s.split(mark, 1)
    if len(tail) != 3 or len(head) > 3 or _zero_head(s, mark):
        return True
    if lang == "en":
        if mark == ",":
            return style.dot_groups
        return not (style.dot_groups or style.comma_decimals)
    if mark == ",":
        # the comma is these languages' own decimal mark: an English-style thousands comma is read
        # only in a round figure ("60,000") or where the text groups its other figures with commas
        # ("1,353 exaflops" is 1.353 in French, German and Spanish copy)
        # (Spanish is left out: Mexican and US Spanish group thousands with commas, "4,800 millones")
        return style.space_groups or style.dot_groups or (
            lang in ("fr", "de") and tail != "000" and not style.comma_groups)
    return style.comma_groups


def parse_figure(raw: str, lang: str, style: Style | None = None) -> float:
    """The value of RAW (digits and separators) in a text of language LANG; ValueError if none."""
    s = _SPACE_RE.sub("", raw)
    style = style or Style()
    d, c = s.count("."), s.count(",")
    if d and c:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if dec == "." else "."
        return float(s.replace(thousands, "").replace(dec, "."))
    if not d and not c:
        return float(s)
    mark = "." if d else ","
    if d + c > 1:
        groups = s.split(mark)
        if len(groups[-1]) != 3:  # "1,234,5": the last mark is a decimal one after all
            return float("".join(groups[:-1]) + "." + groups[-1])
        return float("".join(groups))
    if _single_mark_is_decimal(s, mark, lang, style):
        return float(s.replace(mark, "."))
    return float(s.replace(mark, ""))
