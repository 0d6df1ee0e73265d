"""Claim extraction quality on the annotated article set (tests/fixtures/claims_set), scored by
tests/claims_scoring.py; plus checks that the scorer itself counts what it should."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from claims_scoring import (
    Score,
    claim_matches,
    normalize_hardware,
    place_words,
    score,
    subject_words,
)
from extract.claims import extract_claims
from infratrack.documents import claim_json

SET_DIR = Path(__file__).parent / "fixtures" / "claims_set"

MIN_RECALL = 0.95
MIN_PRECISION = 0.90
MIN_RECALL_PER_LANG = 0.90
# German is held lower until the extractor reads what its articles miss today (issue 15): hyphenated
# model-GPU compounds ("NVIDIA-H100-GPUs"), an accelerator family after its noun ("GPUs der
# Blackwell-Generation"), "dauerte N Tage", online dates in long perfect-tense or relative clauses
# ("hat am Freitag ... eingeweiht", "wo seit Juni ... laufen"), "bei <Ort>" and "aus <Ort>", and
# sentences without a name ("Der Betrieb soll Ende 2027 starten"). Raise it to 0.90 as those land.
MIN_RECALL_BY_LANG = {"de": 0.80}
# the article's language is the file-name prefix: en-001.txt, fr-001.txt, de-001.txt, es-001.txt
LANGS = ("en", "fr", "de", "es")


def _lang(stem: str) -> str:
    return stem.split("-", 1)[0]


def _gold() -> list[dict]:
    with open(SET_DIR / "gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=1)
def _predictions() -> tuple[tuple[str, object], ...]:
    out = []
    for path in sorted(SET_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lang = _lang(path.stem)
        title = text.split("\n", 1)[0].strip()
        # the article date is in the dateline inside the text
        # scored as the claims output gives them: a place or a date is the value
        for claim in extract_claims(text, lang, None, title):
            out.append((path.stem, SimpleNamespace(**claim_json(path.stem, claim))))
    return tuple(out)


def _report(label: str, s: Score) -> None:
    print(s.line(f"[{label}] "))
    for g in s.missed:
        print(f"    missed {g['item_id']}: {g['subject']} {g['attribute']} {g.get('hardware')} {g['value']}")
    for item_id, p in s.wrong:
        print(f"    wrong  {item_id}: {p.subject} {p.attribute} {p.hardware} {p.value}  <- {p.quote[:80]!r}")


# ----------------------------------------------------------------------------- the data set

def test_fixture_set_is_complete():
    gold = _gold()
    stems = {p.stem for p in SET_DIR.glob("*.txt")}
    assert len(stems) == 64
    assert {g["item_id"] for g in gold} <= stems
    assert {_lang(s) for s in stems} == set(LANGS)
    # every article carries at least one annotated claim, so each language is really scored
    assert {g["item_id"] for g in gold} == stems


def test_claims_quality_on_annotated_set():
    gold = _gold()
    preds = list(_predictions())
    overall = score(gold, preds)
    _report("all", overall)
    per_lang = {}
    for lang in LANGS:
        per_lang[lang] = score([g for g in gold if _lang(g["item_id"]) == lang],
                               [(i, p) for i, p in preds if _lang(i) == lang])
        print(per_lang[lang].line(f"[{lang}]  "))

    assert overall.gold == len(gold)
    assert overall.recall >= MIN_RECALL, overall.line()
    assert overall.precision >= MIN_PRECISION, overall.line()
    for lang, s in per_lang.items():
        assert s.gold > 0, lang
        assert s.recall >= MIN_RECALL_BY_LANG.get(lang, MIN_RECALL_PER_LANG), s.line(f"[{lang}] ")


def test_every_predicted_quote_slices_back_on_the_set():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SET_DIR.glob("*.txt")}
    for item_id, c in _predictions():
        assert texts[item_id][c.start:c.end] == c.quote


# ----------------------------------------------------------------------------- the scorer

def _g(item, attribute, value, low=None, high=None, hardware=None, subject="Colossus"):
    return {"item_id": item, "subject": subject, "attribute": attribute, "value": value,
            "low": low, "high": high, "hardware": hardware}


def _p(attribute, value, hardware=None, subject="xAI Colossus", low=None, high=None):
    return {"subject": subject, "attribute": attribute, "value": value, "hardware": hardware,
            "low": low, "high": high}


def test_scorer_on_a_hand_made_set():
    gold = [
        _g("a", "gpu_count", 100_000, 100_000, 100_000, hardware="H100"),      # g1: found (p1)
        _g("a", "power", 150, 142.5, 157.5),                                   # g2: found via interval (p2)
        _g("a", "online_date", "2024-09-01", "2024-09-01", "2024-09-30"),      # g3: found (p3, inside)
        _g("a", "location", "Memphis, Tennessee"),                             # g4: found (p4)
        _g("b", "gpu_count", 50_000, 50_000, 50_000, hardware="H200"),          # g5: missed (p6 no hw)
        _g("b", "cost", 1e9, 1e9, 1e9, subject="Jean Zay"),                    # g6: found, not strict (p7)
        _g("b", "build_time", 122, 122, 122),                                  # g7: missed (p8 wrong item)
        _g("b", "water", 1_000_000, 1_000_000, None),                          # g8: missed (p9 off by 5%)
    ]
    preds = [
        ("a", _p("gpu_count", 100_000, hardware="NVIDIA H100s")),  # p1 correct
        ("a", _p("power", 155.0)),                                  # p2 correct: inside [142.5, 157.5]
        ("a", _p("online_date", "2024-09-14")),                     # p3 correct
        ("a", _p("location", "Memphis")),                           # p4 correct
        ("a", _p("location", "Austin, Texas")),                     # p5 wrong place
        ("b", _p("gpu_count", 50_000)),                              # p6 correct for precision only
        ("b", _p("cost", 1.01e9, subject="Microsoft")),              # p7 correct, subject differs
        ("c", _p("build_time", 122)),                                # p8 no gold for item c
        ("b", _p("water", 1_050_000)),                               # p9 wrong: 5% off, open interval
        ("a", _p("gpu_count", 100_000, hardware="H200")),            # p10 wrong hardware
    ]
    s = score(gold, preds)
    assert (s.gold, s.found, s.found_strict) == (8, 5, 4)
    assert (s.predictions, s.correct) == (10, 6)
    assert s.recall == pytest.approx(5 / 8)
    assert s.strict_recall == pytest.approx(4 / 8)
    assert s.precision == pytest.approx(6 / 10)
    assert {(g["item_id"], g["attribute"]) for g in s.missed} == {("b", "gpu_count"), ("b", "build_time"),
                                                                  ("b", "water")}


def test_scorer_perfect_and_empty():
    gold = [_g("x", "power", 2000, 2000, 2000), _g("x", "location", "Abilene, Texas")]
    perfect = score(gold, [("x", _p("power", 2000.0)), ("x", _p("location", "Abilene"))])
    assert (perfect.recall, perfect.strict_recall, perfect.precision) == (1.0, 1.0, 1.0)
    nothing = score(gold, [])
    assert (nothing.recall, nothing.found, nothing.predictions) == (0.0, 0, 0)
    noise = score(gold, [("x", _p("power", 500.0)), ("x", _p("water", 2000.0))])
    assert (noise.recall, noise.precision) == (0.0, 0.0)


@pytest.mark.parametrize("pred, gold, ok", [
    (100_000 * 1.019, 100_000, True),
    (100_000 * 1.021, 100_000, False),
    (100_000 * 0.981, 100_000, True),
    (100_000 * 0.979, 100_000, False),
])
def test_scorer_two_percent_tolerance(pred, gold, ok):
    assert claim_matches(_p("gpu_count", pred), _g("i", "gpu_count", gold, gold, gold)) is ok


def test_scorer_degenerate_or_open_interval_is_not_an_interval():
    assert not claim_matches(_p("power", 120.0), _g("i", "power", 150, None, 150))
    assert not claim_matches(_p("power", 120.0), _g("i", "power", 150, 150, 150))
    assert claim_matches(_p("power", 120.0), _g("i", "power", 150, 100, 200))


def test_scorer_dates():
    gold = _g("i", "online_date", "2024-09-01", "2024-08-31", "2024-09-01")
    assert claim_matches(_p("online_date", "2024-09-01"), gold)
    assert claim_matches(_p("online_date", "2024-08-31"), gold)
    assert not claim_matches(_p("online_date", "2024-09-02"), gold)
    assert not claim_matches(_p("online_date", "not a date"), gold)


@pytest.mark.parametrize("pred, gold, ok", [
    ("Abilene", "Abilene, Texas, US", True),
    ("Forschungszentrum Jülich, Jülich, North Rhine-Westphalia, Germany", "Jülich, Germany", True),
    ("Argentina", "Patagonia, Argentina", True),              # a broader place is not a wrong one
    ("Aragon, Spain", "Huesca, Aragón, Spain", True),          # accents of the local name
    ("Austin, Texas", "Abilene, Texas, US", False),             # same state, other town
    ("Jülich, Germany", "Garching, Bavaria, Germany", False),   # same country, other town
    ("United States", "Abu Dhabi, United Arab Emirates", False),
])
def test_scorer_places_agree_on_their_most_specific_part(pred, gold, ok):
    assert claim_matches(_p("location", pred), _g("i", "location", gold)) is ok


def test_scorer_normalisation_helpers():
    assert normalize_hardware("NVIDIA H100s") == normalize_hardware("h100") == "h100"
    assert normalize_hardware("AMD MI300X") == "mi300x"
    assert normalize_hardware("Google TPU v6e") == normalize_hardware("TPUv6e")
    assert normalize_hardware(None) is None
    assert place_words("Bruyères-le-Châtel, France") == {"bruyères", "châtel", "france"}
    assert not place_words("the of de la le")
    assert subject_words("xAI Colossus 2") == {"xai", "colossus", "2"}
    assert "supercomputer" not in subject_words("the Aurora supercomputer")
