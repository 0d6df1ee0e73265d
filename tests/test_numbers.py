"""Numbers as written in English and French news, with offsets that slice back to the text."""
from __future__ import annotations

import pytest

from extract.numbers import find_quantities


def one(text: str, lang: str = "en"):
    qs = find_quantities(text, lang)
    assert len(qs) == 1, [text[q.start:q.end] for q in qs]
    return qs[0]


@pytest.mark.parametrize("text,lang,value", [
    ("100,000", "en", 100_000),
    ("100 000", "fr", 100_000),
    ("100\u00a0000", "fr", 100_000),
    ("100\u202f000", "fr", 100_000),
    ("100k", "en", 100_000),
    ("1.5 million", "en", 1_500_000),
    ("1,5 million", "fr", 1_500_000),
    ("1 000 milliards", "fr", 1e12),
    ("3.3 billion", "en", 3.3e9),
    ("10,6", "fr", 10.6),
    ("one hundred thousand", "en", 100_000),
    ("cent mille", "fr", 100_000),
    ("a million", "en", 1_000_000),
    ("un million", "fr", 1_000_000),
])
def test_point_values(text, lang, value):
    q = one(text, lang)
    assert q.value == pytest.approx(value)
    assert (q.low, q.high) == (pytest.approx(value), pytest.approx(value))


@pytest.mark.parametrize("text,lang,low,high", [
    ("over 100,000", "en", 100_000, None),
    ("more than 100,000", "en", 100_000, None),
    ("at least 50,000", "en", 50_000, None),
    ("plus de 100 000", "fr", 100_000, None),
    ("up to 1 million", "en", None, 1_000_000),
    ("jusqu'à un million", "fr", None, 1_000_000),
    ("about 24,000", "en", 22_800, 25_200),
    ("environ 300", "fr", 285, 315),
    ("nearly 100,000", "en", 90_000, 100_000),
    ("près de 100 000", "fr", 90_000, 100_000),
    ("between 100 and 150", "en", 100, 150),
    ("100-150", "en", 100, 150),
    ("de 100 à 150", "fr", 100, 150),
    ("tens of thousands", "en", 10_000, 99_999),
    ("des dizaines de milliers", "fr", 10_000, 99_999),
    ("100,000+", "en", 100_000, None),
])
def test_intervals(text, lang, low, high):
    q = one(text + " of GPUs" if lang == "en" else text + " de GPU", lang)
    assert q.low == (pytest.approx(low) if low is not None else None)
    assert q.high == (pytest.approx(high) if high is not None else None)


def test_offsets_slice_back_to_the_figure_with_no_break_spaces():
    text = "Le site aligne désormais 200\u00a0000 GPU et 50\u202f000 H200."
    qs = find_quantities(text, "fr")
    assert [text[q.num_start:q.num_end] for q in qs] == ["200\u00a0000", "50\u202f000"]


def test_english_comma_is_a_thousands_separator_and_french_comma_a_decimal():
    assert one("1,742", "en").value == 1742
    assert one("1,742", "fr").value == pytest.approx(1.742)
