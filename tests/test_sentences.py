"""Sentence splitting: the shortcut that tokenises only the pieces holding a final punctuation
mark gives exactly the sentences of spaCy's sentencizer run on the whole line."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import nlp
from hypothesis_setup import COMMON

FIXTURES = Path(__file__).parent / "fixtures" / "claims_set"

# Pieces that make the tokenizer work: abbreviations and exceptions with periods, URLs, numbers
# with decimal marks, quotes and brackets around a sentence end, odd white space, final marks
# beyond ASCII (some beyond U+FFFF), emoji.
_PIECES = [
    "The", "cluster", "GPUs", "il", "a", "100", "3.5", "1,000.", "U.S.", "e.g.", "a.m.", "Inc.", "Mr.", "etc.",
    "M.", "p.", "c'est", "aujourd'hui", "http://x.example/a.b", "x@y.fr", ":)", "...", "…", "?!", "!", "?", ".",
    ".\"", ".)", "»", "«", "“", "”", "(See", "[1]", "'s", "n't", "—", "–", "-", "$5", "€", "%", "*", "#",
    "。", "！", "‼", "\U00011047", "x\U0001d688y", "😀", "İ", "é", " ", " ", " ", "  ", "\t", "\u00a0", "\u202f",
]
LINES = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join).filter(str.strip)


@pytest.mark.parametrize("lang", ["en", "fr", "de", "xx"])
def test_the_shortcut_applies_to_the_pipelines_we_use(lang):
    assert nlp._sentence_starts(lang) is not None


@settings(COMMON, max_examples=500)
@given(line=LINES, lang=st.sampled_from(["en", "fr", "xx"]))
def test_sentences_of_a_line_equal_spacys(line, lang):
    assert nlp._line_sentences(line, lang) == nlp._spacy_line_sentences(line, lang)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_sentences_of_the_annotated_articles_equal_spacys(path):
    lang = "fr" if path.name.startswith("fr-") else "en"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            assert nlp._line_sentences(line, lang) == nlp._spacy_line_sentences(line, lang), line


def test_punctuation_after_a_full_stop_stays_with_it_and_abbreviations_end_no_sentence():
    # spaCy's rule: a sentence starts at the first token after a final mark that is not punctuation
    text = "Officials in the U.S. said it works. (See the report.) «Il fonctionne», dit-il."
    assert [text[s:e] for s, e in nlp.sentences(text, "en")] == [
        "Officials in the U.S. said it works. (", "See the report.) «", "Il fonctionne», dit-il."]
