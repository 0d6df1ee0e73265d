"""A small, self-contained scorer for extracted claims against hand-annotated gold claims.

Matching rules
--------------
A gold claim is *found* when some prediction for the same item

* has the same attribute,
* has the same hardware when the gold names one (case-insensitive; "NVIDIA"/"AMD"/"Google"
  prefixes, spaces, hyphens and a trailing plural "s" are ignored),
* and has an agreeing value:
    - numbers: within 2% of the gold value, or inside the gold [low, high] interval when the
      gold gives a non-degenerate one (both bounds set and low < high);
    - online_date: the same ISO day, or a day inside the gold [low, high] interval;
    - location: every word of the most specific part (before the first comma) of one place
      string occurs in the other (lower-cased, letters only, stop words ignored), so that two
      places that only share a state or a country do not agree.

A prediction is *correct* when it matches some gold claim of its item; for precision a
prediction without hardware may match a gold claim with hardware.

recall = found / gold, precision = correct / predictions.  "Strict" recall additionally asks
that the subject of the matching prediction shares a significant word with the gold subject.

Gold rows are dicts (as read from gold.jsonl); predictions may be dicts or any object with
the same attribute names (e.g. extract.claims.Claim), each paired with its item id.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

VALUE_TOLERANCE = 0.02

STOP_WORDS = frozenset(
    "the of a an and in at on for to de la le les du des d l et en au aux sur un une".split()
)
# words that name the kind of thing rather than which one: they do not tie two subjects together
_GENERIC_SUBJECT_WORDS = frozenset(
    "supercomputer supercomputers supercalculateur superordinateur cluster clusters system systeme système "
    "machine data center centre centre campus site project projet phase ai ia".split()
)
_HW_PREFIXES = ("nvidia", "amd", "google")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_ALNUM_WORD = re.compile(r"[^\W_]+")


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


# ----------------------------------------------------------------------------- normalisation

def normalize_hardware(name: str | None) -> str | None:
    """'NVIDIA H100s' -> 'h100', 'Google TPU v6e' -> 'tpuv6e'; None stays None."""
    if name is None:
        return None
    s = str(name).strip().lower()
    changed = True
    while changed:
        changed = False
        for p in _HW_PREFIXES:
            if s.startswith(p):
                s = s[len(p):].lstrip(" -_\u00a0\u202f")
                changed = True
    s = re.sub(r"[\s\-_\u00a0\u202f]+", "", s)
    if len(s) > 1 and s.endswith("s"):
        s = s[:-1]
    return s or None


def place_words(place: str | None) -> set[str]:
    """Lower-cased letter-only words of a place name, stop words removed."""
    if not place:
        return set()
    return {w for w in _LETTER_WORD.findall(str(place).lower()) if w not in STOP_WORDS}


def subject_words(subject: str | None) -> set[str]:
    """Significant words of a subject name: letters/digits, no stop words, no generic nouns."""
    if not subject:
        return set()
    words = {w for w in _ALNUM_WORD.findall(str(subject).lower())}
    return {w for w in words
            if w not in STOP_WORDS and w not in _GENERIC_SUBJECT_WORDS and (len(w) > 1 or w.isdigit())}


def _as_number(x: Any) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _as_day(x: Any) -> date | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD, possibly with a time part) as its first day."""
    if x is None:
        return None
    if isinstance(x, date):
        return x
    m = re.match(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(x))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


# ----------------------------------------------------------------------------- agreement

def numbers_agree(pred: Any, gold_value: Any, gold_low: Any, gold_high: Any) -> bool:
    p = _as_number(pred)
    g = _as_number(gold_value)
    if p is None:
        return False
    if g is not None:
        if g == 0:
            if p == 0:
                return True
        elif abs(p - g) <= VALUE_TOLERANCE * abs(g):
            return True
    lo, hi = _as_number(gold_low), _as_number(gold_high)
    return lo is not None and hi is not None and lo < hi and lo <= p <= hi


def dates_agree(pred: Any, gold_value: Any, gold_low: Any, gold_high: Any) -> bool:
    p = _as_day(pred)
    if p is None:
        return False
    g = _as_day(gold_value)
    if g is not None and p == g:
        return True
    lo, hi = _as_day(gold_low), _as_day(gold_high)
    return lo is not None and hi is not None and lo <= p <= hi


def _folded_place_words(place: Any) -> set[str]:
    # English exonyms drop the accents of the local name ("Aragon" for "Aragón")
    return {"".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
            for w in place_words(place)}


def _most_specific_part(place: Any) -> str:
    return str(place).split(",", 1)[0] if place else ""


def places_agree(pred: Any, gold_value: Any) -> bool:
    """All words of the most specific part of one place occur in the other place.

    Sharing only a broader part is not enough: "Austin, Texas" is not "Abilene, Texas", and
    "United States" is not "Abu Dhabi, United Arab Emirates"; "Abilene" is "Abilene, Texas, US",
    and a broader place ("Argentina" for "Patagonia, Argentina") is not a wrong one.
    """
    p, g = _folded_place_words(pred), _folded_place_words(gold_value)
    p_first, g_first = _folded_place_words(_most_specific_part(pred)), _folded_place_words(_most_specific_part(gold_value))
    return bool(p_first and p_first <= g) or bool(g_first and g_first <= p)


def values_agree(attribute: str, pred_value: Any, gold: Any) -> bool:
    gv, lo, hi = _get(gold, "value"), _get(gold, "low"), _get(gold, "high")
    if attribute == "online_date":
        return dates_agree(pred_value, gv, lo, hi)
    if attribute == "location":
        return places_agree(pred_value, gv)
    return numbers_agree(pred_value, gv, lo, hi)


def hardware_agrees(pred_hw: Any, gold_hw: Any, *, pred_may_omit: bool = False) -> bool:
    g = normalize_hardware(gold_hw)
    if g is None:
        return True
    p = normalize_hardware(pred_hw)
    if p is None:
        return pred_may_omit
    return p == g


def claim_matches(pred: Any, gold: Any, *, pred_may_omit_hardware: bool = False) -> bool:
    """Does PRED state GOLD (attribute, hardware, value; item and subject are checked elsewhere)?"""
    attribute = _get(gold, "attribute")
    if _get(pred, "attribute") != attribute:
        return False
    if not hardware_agrees(_get(pred, "hardware"), _get(gold, "hardware"), pred_may_omit=pred_may_omit_hardware):
        return False
    return values_agree(attribute, _get(pred, "value"), gold)


def subjects_agree(pred: Any, gold: Any) -> bool:
    return bool(subject_words(_get(pred, "subject")) & subject_words(_get(gold, "subject")))


# ----------------------------------------------------------------------------- scoring

@dataclass
class Score:
    gold: int = 0
    found: int = 0
    found_strict: int = 0
    predictions: int = 0
    correct: int = 0
    missed: list = field(default_factory=list)  # gold rows not found
    wrong: list = field(default_factory=list)  # (item_id, prediction) not matching any gold

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def strict_recall(self) -> float:
        return self.found_strict / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predictions if self.predictions else 1.0

    def line(self, label: str = "") -> str:
        return (f"{label}recall {self.recall:.3f} ({self.found}/{self.gold})  "
                f"strict recall {self.strict_recall:.3f} ({self.found_strict}/{self.gold})  "
                f"precision {self.precision:.3f} ({self.correct}/{self.predictions})")


def score(gold: Iterable[Any], predictions: Iterable[tuple[str, Any]]) -> Score:
    """Score predictions, given as (item_id, claim) pairs, against gold rows with an item_id."""
    gold_by_item: dict[str, list[Any]] = defaultdict(list)
    for g in gold:
        gold_by_item[str(_get(g, "item_id"))].append(g)
    pred_by_item: dict[str, list[Any]] = defaultdict(list)
    for item_id, p in predictions:
        pred_by_item[str(item_id)].append(p)

    s = Score()
    for item_id, golds in gold_by_item.items():
        preds = pred_by_item.get(item_id, [])
        for g in golds:
            s.gold += 1
            matching = [p for p in preds if claim_matches(p, g)]
            if matching:
                s.found += 1
                if any(subjects_agree(p, g) for p in matching):
                    s.found_strict += 1
            else:
                s.missed.append(g)
    for item_id, preds in pred_by_item.items():
        golds = gold_by_item.get(item_id, [])
        for p in preds:
            s.predictions += 1
            if any(claim_matches(p, g, pred_may_omit_hardware=True) for g in golds):
                s.correct += 1
            else:
                s.wrong.append((item_id, p))
    return s
