"""Making the extractor's regular expressions cheap without changing what they match.

Python's re scans a pattern at every position of a text, and on a case-insensitive alternation
of words it tries every word at every position: it has no literal search and no tries. Three
remedies, each exact by construction:

- a prefilter: the words any match needs are read from the pattern itself, and a text lacking
  all of them (`word in text.lower()`, done in C) skips the scan, whose result would be empty;
- a trie: a long list of words becomes a nested alternation that tries a handful of first
  letters instead of every word, in the same order, so the same match wins;
- a first-character guard: a lookahead that fails at once where no match can start.

Written by hand because no maintained library offers these for Python's re dialect (RE2 has
"required atoms" for its own); patterns are read with the standard library's own parser.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence

try:  # the parser behind re.compile; private, so anything unexpected just means "no shortcut"
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - a Python without them simply runs every scan in full
    _sre = _sre_parse = None

# The only characters re.IGNORECASE matches to a letter that str.lower() maps elsewhere: "İ"
# lowers to two characters, "ı" and "ſ" stay themselves, yet re matches them to i, i and s.
_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f")
# Above this many words, looking for them costs about as much as the scan it would save.
MAX_WORDS = 400


_last_folded: tuple[str | None, str | None] = (None, None)


def folded(text: str) -> str | None:
    """text.lower() when substring tests on it agree with re.IGNORECASE, else None (test nothing)."""
    global _last_folded
    last, low = _last_folded  # one sentence is tested by many prefilters in a row
    if text is last:
        return low
    low = None if not text.isascii() and any(trap in text for trap in _FOLD_TRAPS) else text.lower()
    _last_folded = (text, low)
    return low


def stems(words: Iterable[str]) -> tuple[str, ...]:
    """The words that contain no other of the words: finding none of them rules all of them out."""
    words = set(words)
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class Words:
    """Lower-case words looked for in a folded text: a few with `in`, many as one compiled trie."""

    __slots__ = ("words", "_pattern")
    FEW = 6  # up to this many, `in` tests beat a regular-expression scan

    def __init__(self, words: Iterable[str]) -> None:
        self.words = stems(words)
        self._pattern = None if len(self.words) <= self.FEW else re.compile(
            trie(sorted(self.words, key=len, reverse=True), space=" ", ignorecase=False))

    def in_(self, low: str) -> bool:
        """Does LOW contain one of the words?"""
        if self._pattern is not None:
            return self._pattern.search(low) is not None
        return any(word in low for word in self.words)


def any_of(words: Iterable[str] | None) -> Words | None:
    """The words (lower case) to look for in a folded text; None for no words."""
    found = Words(words) if words is not None else None
    return found if found is not None and found.words else None


def may_contain(low: str | None, words: Words | None) -> bool:
    """Could a pattern that needs one of WORDS (None: unknown) match the text folded to LOW?"""
    return low is None or words is None or words.in_(low)


# -- what a pattern needs ---------------------------------------------------------------------


def _parsed(pattern: re.Pattern) -> list | None:
    if _sre_parse is None:
        return None
    try:
        return list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unexpected parser shape only costs the shortcut
        return None


def required_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of PATTERN contains; None when there are none to name."""
    items = _parsed(pattern)
    try:
        words = _needs(items) if items is not None else None
    except Exception:  # noqa: BLE001
        return None
    if not words or len(words) > MAX_WORDS:
        return None
    return stems(words)


def _better(a: set[str], b: set[str] | None) -> bool:
    """Is A a more selective requirement than B (longer shortest word, then fewer words)?"""
    return b is None or (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


MAX_SPELLINGS = 64  # an item spelt more ways than this is not expanded


def _spellings(items: list) -> set[str] | None:
    """Every lower-case string a sequence of parsed items can match, if they are few; else None."""
    out = {""}
    for op, av in items:
        if op is _sre.LITERAL:
            sub = {chr(av).lower()}
        elif op is _sre.IN and all(o is _sre.LITERAL for o, _ in av):
            sub = {chr(c).lower() for _, c in av}
        elif op is _sre.SUBPATTERN:
            sub = _spellings(list(av[-1]))
        elif op is _sre.BRANCH:
            alternatives = [_spellings(list(b)) for b in av[1]]
            sub = None if any(a is None for a in alternatives) else set().union(*alternatives)
        elif op is _sre.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            sub = _spellings(list(av[2]))
            sub = None if sub is None else sub | {""}
        else:
            return None
        if sub is None or len(out) * len(sub) > MAX_SPELLINGS:
            return None
        out = {a + b for a in out for b in sub}
    return out


def _needs(items: list) -> set[str] | None:
    """What a sequence of parsed items needs: its most selective run of exactly spelt items, or group."""
    best: set[str] | None = None
    run: set[str] = {""}  # the spellings of the current run of exactly spelt items

    def consider(words: set[str] | None) -> None:
        nonlocal best
        if words and all(words) and _better(words, best):
            best = words

    for op, av in items:
        spelt = _spellings([(op, av)])
        if spelt is not None:
            if len(run) * len(spelt) <= MAX_SPELLINGS:
                run = {a + b for a in run for b in spelt}
                continue
            consider(run)
            run = spelt
            continue
        consider(run)
        run = {""}
        if op is _sre.SUBPATTERN:
            consider(_needs(list(av[-1])))
        elif op is _sre.ATOMIC_GROUP:
            consider(_needs(list(av)))
        elif op is _sre.BRANCH:
            alternatives = [_needs(list(b)) for b in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_needs(list(av[2])))
        # anything else (classes, categories, anchors, lookarounds, back-references) names no
        # string the match itself must contain, and ends the current run
    consider(run)
    return best


def final_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which ends every match of PATTERN once its trailing white space is
    stripped; None when there are none to name."""
    items = _parsed(pattern)
    try:
        words = _ends(items) if items is not None else None
    except Exception:  # noqa: BLE001
        return None
    if not words or len(words) > MAX_WORDS or any(not w or w[-1].isspace() for w in words):
        return None
    return tuple(sorted(words))


def _blank(op, av) -> bool:
    """Does this parsed item match only white space or nothing at all?"""
    if str(op) in _ZERO_WIDTH:
        return True
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        body = list(av[2])
        return all(_blank(o, a) for o, a in body)
    return op is _sre.IN and all(o is _sre.CATEGORY and str(a) == "CATEGORY_SPACE" for o, a in av)


def _ends(items: list) -> set[str] | None:
    """Strings one of which ends what ITEMS match, trailing white space aside; None if unknown."""
    i = len(items)
    while i and _blank(*items[i - 1]):
        i -= 1
    if not i:
        return None
    op, av = items[i - 1]
    words = _spellings([items[i - 1]])
    if words is not None and "" not in words:
        j = i - 1  # extend to the left while the items before are spelt too
        while j:
            before = _spellings([items[j - 1]])
            if before is None or len(before) * len(words) > MAX_SPELLINGS:
                break
            words = {a + b for a in before for b in words}
            j -= 1
        return words
    rest = items[:i - 1]
    if op is _sre.SUBPATTERN:
        return _ends(rest + list(av[-1]))
    if op is _sre.BRANCH:
        alternatives = [_ends(rest + list(b)) for b in av[1]]
        return None if any(a is None for a in alternatives) else set().union(*alternatives)
    if op is _sre.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        without, with_it = _ends(rest), _ends(rest + list(av[2]))
        return None if without is None or with_it is None else without | with_it
    return None


# -- where a match can start ------------------------------------------------------------------

_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")


def _first(items: list) -> tuple[list, bool] | None:
    """(class items a match of ITEMS can start with, whether ITEMS can match empty); None if unknown."""
    firsts: list = []
    for op, av in items:
        if op is _sre.LITERAL:
            return firsts + [(op, av)], False
        if op is _sre.IN:
            if any(o is _sre.NEGATE for o, _ in av):
                return None
            return firsts + list(av), False
        if str(op) in _ZERO_WIDTH:
            continue  # consumes nothing; whatever follows starts the match
        if op is _sre.SUBPATTERN:
            sub = _first(list(av[-1]))
        elif op is _sre.ATOMIC_GROUP:
            sub = _first(list(av))
        elif op is _sre.BRANCH:
            subs = [_first(list(b)) for b in av[1]]
            if any(s is None for s in subs):
                return None
            sub = ([i for s in subs for i in s[0]], any(s[1] for s in subs))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            sub = _first(list(av[2]))
            if sub is not None and av[0] == 0:
                sub = (sub[0], True)
        else:
            return None  # any character, a back-reference...: no set to name
        if sub is None:
            return None
        firsts += sub[0]
        if not sub[1]:
            return firsts, False
    return firsts, True


def first_char_guard(pattern: str, flags: int = 0) -> str:
    """A lookahead that admits only the characters a match of PATTERN can start with ("" if unknown)."""
    items = _parsed(re.compile(pattern, flags))
    try:
        first = _first(items) if items is not None else None
    except Exception:  # noqa: BLE001
        return ""
    if first is None or first[1] or not first[0]:
        return ""
    parts = []
    for op, av in first[0]:
        if op is _sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _sre.CATEGORY:
            code = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}.get(str(av))
            if code is None:
                return ""
            parts.append(code)
        else:
            return ""
    return f"(?=[{''.join(dict.fromkeys(parts))}])"


def first_letters(pattern: str, flags: int = 0) -> set[str] | None:
    """The characters (lower case when FLAGS ignore case) a match of PATTERN can start with; None if unknown."""
    items = _parsed(re.compile(pattern, flags))
    try:
        first = _first(items) if items is not None else None
    except Exception:  # noqa: BLE001
        return None
    if first is None or first[1] or any(op is not _sre.LITERAL for op, _ in first[0]):
        return None
    chars = {chr(av) for _, av in first[0]}
    return {c.lower() for c in chars} if flags & re.IGNORECASE else chars


def first_letter_buckets(alternatives: Sequence[str], flags: int = 0) -> list[tuple[str, list[int]]] | None:
    """ALTERNATIVES (regexes) grouped by the letter they start with: (letter, their indices in order).

    An alternation built bucket by bucket, each behind a lookahead on its letter, matches as the
    plain one does: alternatives that start alike keep their order, ones that cannot start alike
    are never both possible at one place. re then tries a few letters instead of every
    alternative at every place. None when a first letter cannot be named."""
    buckets: dict[str, list[int]] = {}
    for i, alt in enumerate(alternatives):
        first = first_letters(alt, flags)
        if not first:
            return None
        for letter in sorted(first):
            buckets.setdefault(letter, []).append(i)
    return list(buckets.items())


def top_level_alternatives(body: str) -> list[str]:
    """The alternatives of a regex alternation, split at its top-level bars."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if body[i + 1:i + 2] == "]" or body[i + 1:i + 3] == "^]":
                i += 2 if body[i + 1] == "]" else 3  # a leading ] belongs to the class
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def dispatched(body: str, flags: int = 0) -> str:
    """The alternation BODY (no capturing groups) rewritten to dispatch on first letters: same
    matches, far fewer attempts (see first_letter_buckets); BODY itself when that cannot be done."""
    alternatives = top_level_alternatives(body)
    buckets = first_letter_buckets(alternatives, flags) if len(alternatives) > 1 else None
    if buckets is None or re.compile(body, flags).groups:
        return body
    return "|".join(f"(?={re.escape(letter)})(?:{'|'.join(alternatives[i] for i in indices)})"
                    for letter, indices in buckets)


# -- tries ------------------------------------------------------------------------------------


def guarded(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(PATTERN, FLAGS) behind its first-character guard: same matches, fewer attempts."""
    guard = first_char_guard(pattern, flags)
    return re.compile(f"{guard}(?:{pattern})" if guard else pattern, flags)


def trie(words: Sequence[str], space: str = r"\s+", ignorecase: bool = True) -> str:
    """An alternation of WORDS, tried in the order given, as a trie (a space in a word stands for SPACE).

    IGNORECASE must say whether the pattern it goes into ignores case: then words are merged
    whatever their case, since "Mar" and "mar" would both be possible at one place.

    re takes the first alternative that lets the whole pattern match, so the trie must try the
    words in the same order: words that part ways are never both possible at one place, and a
    word ending where longer ones go on keeps its place before or after them. When the order
    cannot be kept (a word ending between two longer ones of the same branch) the plain
    alternation is returned."""
    atoms = [[space if c == " " else re.escape(c) for c in w]
             for w in dict.fromkeys(w.lower() if ignorecase else w for w in words)]
    built = _trie(list(enumerate(atoms)))
    return built if built is not None else "|".join("".join(a) for a in atoms)


def _trie(entries: list[tuple[int, list[str]]]) -> str | None:
    """Regex for (rank, atoms) entries sharing everything before them; None when order cannot be kept."""
    branches: dict[str | None, list[tuple[int, list[str]]]] = {}
    for rank, atoms in entries:
        branches.setdefault(atoms[0] if atoms else None, []).append((rank, atoms[1:]))
    end = branches.pop(None, None)
    end_rank = end[0][0] if end else None
    before, after = [], []
    for key, rest in branches.items():
        ranks = [r for r, _ in rest]
        if end_rank is not None and min(ranks) < end_rank < max(ranks):
            return None
        sub = _trie(rest)
        if sub is None:
            return None
        (after if end_rank is not None and min(ranks) > end_rank else before).append(key + sub)
    parts = before + ([""] if end else []) + after
    if len(parts) == 1:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


class Prefiltered:
    """A compiled pattern that skips texts lacking every word its matches need."""

    __slots__ = ("pattern", "needs", "_finder", "_last")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        self.needs = required_words(self.pattern)
        self._finder = any_of(self.needs)
        self._last: tuple[str | None, bool] = (None, True)  # a sentence is often tested more than once

    def may_match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """False only when no match can exist in text[pos:endpos]."""
        if self._finder is None:
            return True
        if pos or endpos < len(text):
            return may_contain(folded(text[pos:endpos]), self._finder)
        last, answer = self._last
        if text is not last:
            answer = may_contain(folded(text), self._finder)
            self._last = (text, answer)
        return answer

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        """re.Pattern.search, after the prefilter."""
        return self.pattern.search(text, pos, endpos) if self.may_match(text, pos, endpos) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        """re.Pattern.finditer, after the prefilter."""
        return self.pattern.finditer(text, pos, endpos) if self.may_match(text, pos, endpos) else iter(())

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        """re.Pattern.match (anchored: nothing to skip)."""
        return self.pattern.match(text, pos, endpos)
