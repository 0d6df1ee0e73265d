"""spaCy's rule-based sentence splitting without tokenising the words that cannot end a sentence.

spaCy's sentencizer starts a sentence at the first token after a sentence-final punctuation
token ("." "!" "?" and their kin) that is not punctuation itself. Its tokenizer cuts a line at
white space first and tokenises each piece on its own, so only a piece holding such a character,
and a piece opening with punctuation right after one ("(See", "«Il"), needs the tokenizer:
any other piece starts with an ordinary token. Reading only those pieces gives spaCy's sentences
(tests/test_sentences.py checks it) for a fraction of the cost, since most words of a line are
neither.
"""
from __future__ import annotations

import re
import unicodedata

from spacy.attrs import IS_PUNCT
from spacy.lang.lex_attrs import is_punct as spacy_is_punct
from spacy.language import Language

# white space the tokenizer turns into a token of its own: any run but a single plain space
_WS_TOKEN = re.compile(r"\s{2,}|[^\S ]")
_NON_SPACE = re.compile(r"\S")
MAX_CACHED_PIECES = 50_000  # distinct pieces remembered ("GPUs." "2024," ...); the cache restarts beyond


def _piece_pattern(marks) -> re.Pattern:
    marks = re.escape("".join(sorted(marks)))
    return re.compile(rf"(?<!\S)[^\s{marks}]*[{marks}]\S*")


class SentenceStarts:
    """Where spaCy's sentencizer would start sentences in a line, for one language's tokenizer."""

    def __init__(self, nlp: Language) -> None:
        self._tokenizer = nlp.tokenizer
        self._final = frozenset(nlp.get_pipe("sentencizer").punct_chars)
        # a white-space-delimited piece holding a final mark, found in one linear pass; re tests a
        # class of characters beyond U+FFFF one by one, so those are only looked for when present
        self._piece = _piece_pattern(c for c in self._final if c <= "\uffff")
        self._piece_astral = _piece_pattern(self._final)
        self._tokens: dict[str, tuple[tuple[int, bool, bool], ...]] = {}

    @staticmethod
    def applies_to(nlp: Language) -> bool:
        """Does this shortcut reproduce NLP's sentences (default punctuation test, no rule spanning white space)?"""
        return (nlp.pipe_names == ["sentencizer"] and nlp.vocab.lex_attr_getters.get(IS_PUNCT) is spacy_is_punct
                and not any(len(key) > 1 and any(c.isspace() for c in key) for key in nlp.tokenizer.rules))

    def starts(self, line: str) -> list[int]:
        """Offsets in LINE (no line break) where spaCy's sentences start."""
        rx = self._piece_astral if not line.isascii() and max(line) > "\uffff" else self._piece
        pieces = [(m.start(), m.end(), m.group()) for m in rx.finditer(line)]
        if not pieces:
            return [0]  # nothing can end a sentence
        self._tokenize([p for _, _, p in pieces])
        first = _NON_SPACE.search(line)
        spaces = [(0, first.start() if first else len(line), None)] if line[0].isspace() else []
        for m in _WS_TOKEN.finditer(line, spaces[0][1] if spaces else 0):
            # a run's first plain space is the previous token's trailing space, not part of a token
            spaces.append((m.start() + 1 if line[m.start()] == " " else m.start(), m.end(), None))
        starts, seen_final, pos = [0], False, 0
        for start, end, piece in sorted(pieces + spaces):
            if seen_final:
                seen_final = self._start_in_gap(line, pos, start, starts)
            if piece is None:  # a white-space token is no punctuation: it starts the sentence
                if seen_final:
                    starts.append(start)
                    seen_final = False
            else:
                for offset, punct, final in self._tokens[piece]:
                    if seen_final and not punct and not final:
                        starts.append(start + offset)
                        seen_final = False
                    elif final:
                        seen_final = True
            pos = end
        if seen_final:
            self._start_in_gap(line, pos, len(line), starts)
        return starts

    def _start_in_gap(self, line: str, pos: int, end: int, starts: list[int]) -> bool:
        """After a final punctuation mark: the start in line[pos:end], whose pieces hold none; True if none found."""
        while (m := _NON_SPACE.search(line, pos, end)) is not None:
            p = m.start()
            if not unicodedata.category(line[p]).startswith("P"):
                starts.append(p)  # a token opening with a letter, digit or symbol is no punctuation
                return False
            stop = line.find(" ", p, end)
            piece = line[p:stop if stop >= 0 else end]
            self._tokenize([piece])
            for offset, punct, _ in self._tokens[piece]:
                if not punct:
                    starts.append(p + offset)
                    return False
            pos = p + len(piece)
        return True

    def _tokenize(self, pieces: list[str]) -> None:
        """Tokens (offset, is punctuation, is final punctuation) of each new piece, in one tokenizer call."""
        todo = [p for p in dict.fromkeys(pieces) if p not in self._tokens]
        if not todo:
            return
        if len(self._tokens) > MAX_CACHED_PIECES:
            self._tokens.clear()
        # two spaces between pieces make a white-space token there, so no tokenizer exception
        # can join the end of one piece to the start of the next
        bounds, pos = [], 0
        for piece in todo:
            bounds.append(pos)
            pos += len(piece) + 2
        found: list[list[tuple[int, bool, bool]]] = [[] for _ in todo]
        k = 0
        for token in self._tokenizer("  ".join(todo)):
            if token.is_space:
                continue
            while k + 1 < len(todo) and bounds[k + 1] <= token.idx:
                k += 1
            found[k].append((token.idx - bounds[k], token.is_punct, token.text in self._final))
        self._tokens.update(zip(todo, map(tuple, found)))
