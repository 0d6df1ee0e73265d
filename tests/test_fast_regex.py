"""The regex shortcuts of extract/_fast_regex.py change how fast a pattern runs, never what it
matches: each is checked against the plain pattern on generated text."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import claims, dates, entities, hardware, modality, numbers, places, subjects
from extract._fast_regex import (
    Prefiltered,
    dispatched,
    final_words,
    first_letter_buckets,
    folded,
    guarded,
    required_words,
    top_level_alternatives,
    trie,
)
from hypothesis_setup import COMMON


def spans(pattern, text: str) -> list[tuple[tuple[int, int], tuple]]:
    """Every match of PATTERN in TEXT with its groups, the way callers read them."""
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


# ----------------------------------------------------------------------------- tries

WORDS = st.lists(st.text(alphabet="abAB -", min_size=1, max_size=4), min_size=1, max_size=8)
TEXT = st.text(alphabet="abAB -xé", max_size=40)


@settings(COMMON, max_examples=500)
@given(words=WORDS, text=TEXT, ignorecase=st.booleans())
def test_a_trie_matches_what_the_plain_alternation_matches(words, text, ignorecase):
    flags = re.IGNORECASE if ignorecase else 0
    plain = re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")(?:x|\b)", flags)
    fast = re.compile(f"(?:{trie(words, space=' ', ignorecase=ignorecase)})" + r"(?:x|\b)", flags)
    assert spans(fast, text) == spans(plain, text)


def test_a_trie_keeps_the_order_of_its_words():
    # "a" before "ab": the first word that lets the pattern match wins, as in the plain alternation
    assert re.match(trie(["a", "ab"]), "ab").group() == "a"
    assert re.match(trie(["ab", "a"]), "ab").group() == "ab"
    assert re.compile(trie(["abc", "a", "ab"], ignorecase=False)).match("abc").group() == "abc"


# ----------------------------------------------------------------------------- first letters

ALTERNATIVES = st.lists(st.sampled_from(["ab", "a[bc]", "(?:a|b)c", "b+", "ca?", "x(?=b)", "[xy]z", "é", "É"]),
                        min_size=2, max_size=6)


@settings(COMMON, max_examples=400)
@given(alternatives=ALTERNATIVES, text=st.text(alphabet="abcxyzéÉ ", max_size=30), ignorecase=st.booleans())
def test_dispatching_on_first_letters_matches_what_the_plain_alternation_matches(alternatives, text, ignorecase):
    flags = re.IGNORECASE if ignorecase else 0
    body = "|".join(alternatives)
    assert spans(re.compile(dispatched(body, flags), flags), text) == spans(re.compile(body, flags), text)


def test_first_letter_buckets_and_their_fallback():
    assert first_letter_buckets(["ab", "b", "ac"]) == [("a", [0, 2]), ("b", [1])]
    assert first_letter_buckets(["ab", ".b"]) is None  # any character can start the second
    assert top_level_alternatives(r"a|b(?:c|d)|[|x]|e\|f") == ["a", "b(?:c|d)", "[|x]", r"e\|f"]


@settings(COMMON, max_examples=300)
@given(text=st.text(alphabet="ajfmQ12 0-éÉ", max_size=40))
def test_a_first_character_guard_changes_no_match(text):
    body = r"(?:(?P<q>early|mid)[\s-]*)?(?:jan|feb|(?:19|20)\d\d|Q[1-4])\b"
    assert spans(guarded(body, re.IGNORECASE), text) == spans(re.compile(body, re.IGNORECASE), text)


# ----------------------------------------------------------------------------- prefilters

def _gated() -> list[Prefiltered]:
    return [claims._BUILD_CUE, claims._NOT_COST, claims._ONLINE_CUE, claims._SPEAKER, subjects._PHASE,
            subjects._SITE_NOUN, subjects._MANY_SITES, subjects._DEAL,
            hardware._pattern()[0], *(p for p in modality._RX.values() if isinstance(p, Prefiltered)),
            modality._MAYBE_CONDITIONAL]


@pytest.mark.parametrize("pattern", _gated(), ids=lambda p: p.pattern.pattern[:40])
def test_every_prefilter_knows_what_its_pattern_needs(pattern):
    # a Python whose re parser changed shape would silently lose the prefilters: say so here
    assert pattern.needs


def _near_misses(pattern: Prefiltered) -> st.SearchStrategy[str]:
    """Text built from the words the pattern needs, in any case, with fold traps and noise around."""
    needs = list(pattern.needs)
    word = st.sampled_from(needs).map(lambda w: w.upper() if len(w) % 2 else w.title())
    noise = st.sampled_from([" ", "  ", "-", "'", "’", ",", "x", "İ", "ı", "ſ", "K", "Colossus", "100", "a", "H100"])
    return st.lists(st.one_of(word, st.sampled_from(needs), noise), max_size=12).map(" ".join)


@pytest.mark.parametrize("pattern", _gated(), ids=lambda p: p.pattern.pattern[:40])
def test_a_prefilter_never_hides_a_match(pattern):
    @settings(COMMON, max_examples=150)
    @given(text=_near_misses(pattern))
    def check(text):
        assert spans(pattern, text) == spans(pattern.pattern, text)
        assert (pattern.search(text) is None) == (pattern.pattern.search(text) is None)

    check()


def test_folding_refuses_the_characters_re_folds_differently():
    assert folded("Colossus") == "colossus"
    for trap in ("İ", "ı", "ſ"):
        assert folded(f"x{trap}") is None
    gate = Prefiltered("online", re.IGNORECASE)
    assert gate.search("ONLİNE") is not None and gate.search("offline only") is None


def test_required_words_come_from_the_pattern():
    assert required_words(re.compile(r"\b(?:came\s+online|switched\s+on)\b", re.I)) == ("online", "switched")
    assert required_words(re.compile(r"GH200|Grace[ -]Hopper", re.I)) == ("gh200", "grace hopper", "grace-hopper")
    assert required_words(re.compile(r"\w+")) is None


# ----------------------------------------------------------------------------- bound phrases

@settings(COMMON, max_examples=400)
@given(head=st.text(alphabet="abc xyz", max_size=10),
       bound=st.sampled_from(["more than", "Over", "up to", "jusqu'à", "jusqu’à", "plus d'", "près de", "~", "≈",
                              "a total of", "une centaine de", "at least", "moins de", "environ", "some", "about"]),
       tail=st.sampled_from(["", " ", "  ", " of ", " de ", " d'", "\n"]))
def test_every_bound_phrase_ends_with_one_of_its_final_words(head, bound, tail):
    text = f"{head} {bound}{tail}"
    if numbers._BOUND_BEFORE.search(text):
        assert text.rstrip().lower().endswith(final_words(numbers._BOUND_BEFORE))


@settings(COMMON, max_examples=300)
@given(text=st.lists(st.sampled_from(["over", "more", "than", "of", "de", "d'", "x", " ", "  ", "up", "to", "≈",
                                      "jusqu'", "à", "OVER", "\n", "1"]), max_size=12).map("".join))
def test_quantities_keep_their_bounds(text):
    # the final-word test in front of the bound search must not lose a bound the search finds
    for start in range(len(text) + 1):
        m = numbers._BOUND_BEFORE.search(text, max(0, start - numbers._BOUND_LOOKBACK), start)
        want = (m.start(), next(k for i, (_, k) in enumerate(numbers._BOUNDS) if m.group(f"b{i}"))) if m else (start, None)
        assert numbers._bound_before(text, start) == want


# ----------------------------------------------------------------------------- names and models

def _plain_hardware(text: str) -> list[tuple[str, int, int]]:
    """The accelerator catalogue as one plain alternation of named groups, longest entry first."""
    entries = sorted(hardware.catalogue(), key=lambda e: -max(map(len, e["patterns"])))
    body = "|".join(f"(?P<h{i}>{'|'.join(e['patterns'])})" for i, e in enumerate(entries))
    rx = re.compile(rf"(?<![\w])(?:{body})(?:s|'s|’s)?(?![\w])", re.IGNORECASE)
    return [(entries[int(next(k for k, v in m.groupdict().items() if v)[1:])]["name"], m.start(), m.end())
            for m in rx.finditer(text)]


def _spellings() -> list[str]:
    return ["H100", "h-100s", "GH200", "Grace Hopper", "Grace-Hopper Superchip", "GB200 NVL72", "B200", "HGX B200",
            "MI300X", "MI300", "TPU v5p", "TPUv4", "Trillium TPU", "Gaudi 3", "Ascend 910B", "Trainium2", "A100's"]


@settings(COMMON, max_examples=300)
@given(text=st.lists(st.sampled_from(_spellings() + [" ", "-", "x", "GCP-", "2,000 ", "GPUs", ","]), max_size=10).map("".join))
def test_accelerators_are_found_as_by_the_plain_catalogue_pattern(text):
    assert [(h.name, h.start, h.end) for h in hardware.find_hardware(text)] == _plain_hardware(text)


@settings(COMMON, max_examples=300)
@given(pieces=st.lists(st.sampled_from(["Colossus", "Colossus 2", "xAI", "@xAI", "Jean Zay", "Jean-Zay", "El Capitan",
                                        "Frontier", " ", ". ", "-", "x", "_", "é", "2", ","]), max_size=14),
       data=st.data())
def test_names_read_off_the_whole_text_equal_names_found_in_the_sentence(pieces, data):
    text = "".join(pieces)
    whole = entities.find_entities(text)
    starts = [m.start for m in whole]
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    got = entities.mentions_within(text, a, b, whole, starts)
    if got is not None:
        assert [(m.entity.id, m.start, m.end) for m in got] == \
            [(m.entity.id, m.start, m.end) for m in entities.find_entities(text[a:b])]


def test_names_are_read_off_the_whole_text_for_a_clean_sentence():
    text = "xAI built Colossus. It has 100,000 H100."
    whole = entities.find_entities(text)
    got = entities.mentions_within(text, 0, 19, whole, [m.start for m in whole])
    assert [(text[m.start:m.end], m.entity.id) for m in got] == [("xAI", "xai"), ("Colossus", "xai-colossus")]
    assert entities.mentions_within(text, 11, 19, whole, [m.start for m in whole]) is None  # cut inside a name


def test_date_and_place_patterns_still_read_what_they_read():
    assert [m.group("month") for m in dates._PART.finditer("in late September 2024 and mid-2025")] == ["September", None]
    assert [p.value for p in places.find_places("The cluster in Memphis, Tennessee, and the site in Abilene (Texas).")] \
        == ["Memphis, Tennessee, US", "Abilene, Texas, US"]
