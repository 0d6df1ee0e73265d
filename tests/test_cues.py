"""The per-language cue files (extract/data/cues_<lang>.toml) and their loader."""
from __future__ import annotations

import re

import pytest

from extract import cues

# every language must say what these are, or a reader silently falls back to nothing
REQUIRED = {
    "modality": ("planned", "reported", "hypothetical"),
    "claims": ("build", "not_build_lead", "generic_build", "online", "online_weak", "infra_object", "not_online"),
    "duration": ("leads", "below", "numbers", "units"),
    "dates": ("months", "early", "mid", "end", "first_half", "second_half", "quarter_ordinals", "quarter_words",
              "this_year", "next_year", "last_year", "weekdays", "seasons"),
}


@pytest.mark.parametrize("lang", cues.LANGS)
def test_every_language_fills_every_list(lang):
    table = cues.table(lang)
    missing = [f"{section}.{key}" for section, keys in REQUIRED.items() for key in keys
               if not table.get(section, {}).get(key)]
    assert missing == []


@pytest.mark.parametrize("lang", cues.LANGS)
def test_every_fragment_compiles_on_its_own(lang):
    for section, keys in cues.table(lang).items():
        for key, value in keys.items():
            if isinstance(value, list) and section != "dates":
                for fragment in value:
                    re.compile(fragment, re.IGNORECASE)  # raises on a bad fragment, naming it


def test_months_are_numbers_of_months():
    for lang in cues.LANGS:
        assert set(cues.mapping("dates", "months", lang).values()) == set(range(1, 13)), lang


def test_words_keep_order_and_drop_repeats_across_languages():
    got = cues.words("duration", "leads", ("fr", "es"))
    assert got[:2] == ["en", "après"] and got.count("en") == 1


def test_an_unknown_language_has_no_cues():
    assert cues.table("xx") == {} and cues.alternation("modality", "planned", "xx") == r"(?!x)x"
