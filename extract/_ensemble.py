"""Main-text ensemble: trafilatura (fast mode) and readability-lxml vote on each other's lines.

The two extractors fail in different ways: trafilatura keeps share prompts, teasers, bylines and
"read more" lines that readability drops, readability keeps captions and loses embedded posts,
and either can stop early at an ad break. So trafilatura's output is the base, each of its lines
is kept only when readability also has it, and a long run of paragraphs that only readability
found is added back (the base stopped early). When the two barely overlap, trafilatura's slower
default mode breaks the tie.
"""
from __future__ import annotations

import logging
import re

import lxml.etree
import lxml.html
import trafilatura
from readability import Document

# readability logs every page it finds hard at INFO/ERROR; that is noise for a crawler
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

WORD_RE = re.compile(r"\w+")
SHINGLE = 4                      # n-gram size used to compare texts (short lines use their length)
SUPPORT = 0.5                    # share of a line's n-grams the other text must contain to back it
DISAGREE = 0.4                   # overlap below which the two candidates are not merged at all
LONG_LINE = 300                  # lines longer than this are voted on sentence by sentence
RUN_LINES, RUN_TOKENS, PROSE_TOKENS = 3, 150, 12   # what counts as a missed block of paragraphs
SPLIT_RE = re.compile(r"(?<=[.!?。！？])\s+|\s+\|\s+")   # sentence ends and table-cell bars
PROSE_END_RE = re.compile(r"[.!?。！？…\"”’»)]\s*$")
INERT_TAGS = ("script", "style", "noscript", "template", "svg", "link", "meta")
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section table td th tr ul".split()
)


def extract(html: str, url: str | None, tree: lxml.html.HtmlElement | None = None) -> str | None:
    """Best-guess article body of an HTML string (or of its TREE, which is then modified), one line per block."""
    if tree is None:
        tree = trafilatura.load_html(html)
    if tree is None:
        return None
    # trafilatura copies the tree it is given, so readability may mutate it afterwards
    base = _trafilatura(tree, url, fast=True)
    other = _readability(tree)
    if not base:
        base = _trafilatura(html, url, fast=False)
    if not base or not other:
        return base or other
    if overlap(base, other) < DISAGREE:
        # one of them grabbed the wrong block: the slower, more careful mode decides
        slow = _trafilatura(html, url, fast=False)
        return medoid([c for c in (base, other, slow) if c])
    return merge(base, other)


def _trafilatura(source, url: str | None, fast: bool) -> str | None:
    try:
        return trafilatura.extract(
            source, url=url, fast=fast, include_comments=False, include_tables=True,
            deduplicate=False, with_metadata=False,
        )
    except (ValueError, TypeError, RecursionError, AttributeError):
        return None


def _readability(tree: lxml.html.HtmlElement) -> str | None:
    try:
        # nodes that never hold article text: dropping them first makes readability's own
        # cleaning pass (which walks every link and attribute) much cheaper
        lxml.etree.strip_elements(tree, *INERT_TAGS, with_tail=False)
        # readability drops any node whose class says "tweet"/"twitter"; embedded posts quoted in
        # a blockquote are part of the story, so their class and id must not count against them
        for quote in tree.iter("blockquote"):
            quote.attrib.pop("class", None)
            quote.attrib.pop("id", None)
        summary = Document(tree).summary(html_partial=True)
        return block_text(lxml.html.fromstring(summary)) if summary.strip() else None
    except Exception:  # readability raises Unparseable and assorted lxml errors on odd pages
        return None


def block_text(root: lxml.html.HtmlElement) -> str:
    """Text of an element with one line per block element."""
    parts: list[str] = []
    # iterwalk rather than recursion: nesting depth is up to the page
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if el.text and tag not in ("script", "style") and isinstance(el.tag, str):
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _shingles(text: str) -> dict[tuple[str, ...], int]:
    tokens = WORD_RE.findall(text)
    if len(tokens) < SHINGLE:
        return {tuple(tokens): 1} if tokens else {}
    counts: dict[tuple[str, ...], int] = {}
    for i in range(len(tokens) - SHINGLE + 1):
        gram = tuple(tokens[i:i + SHINGLE])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def overlap(a: str, b: str) -> float:
    """F1 of the two texts' 4-gram multisets (0 = nothing shared, 1 = same text)."""
    sa, sb = _shingles(a), _shingles(b)
    common = sum(min(n, sb.get(g, 0)) for g, n in sa.items())
    if not common:
        return 0.0
    precision, recall = common / sum(sa.values()), common / sum(sb.values())
    return 2 * precision * recall / (precision + recall)


def medoid(candidates: list[str]) -> str | None:
    """The candidate that agrees most with all the others."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: sum(overlap(c, o) for o in candidates if o is not c))


class _Index:
    """Where each n-gram of a text first occurs, built per n on demand."""

    def __init__(self, text: str) -> None:
        self.tokens = WORD_RE.findall(text)
        self._by_n: dict[int, dict[tuple[str, ...], int]] = {}

    def locate(self, tokens: list[str]) -> tuple[float, int | None]:
        """Share of the tokens' n-grams found here, and the median offset they align at."""
        n = min(SHINGLE, len(tokens))
        index = self._by_n.get(n)
        if index is None:
            index = {}
            for i in range(len(self.tokens) - n + 1):
                index.setdefault(tuple(self.tokens[i:i + n]), i)
            self._by_n[n] = index
        grams = [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
        offsets = sorted(index[g] - i for i, g in enumerate(grams) if g in index)
        return len(offsets) / len(grams), (offsets[len(offsets) // 2] if offsets else None)


def merge(base: str, other: str) -> str:
    """Lines of base that other backs, plus long runs of paragraphs only other has."""
    other_index, base_index = _Index(other), _Index(base)
    kept: list[tuple[int, str, list[str]]] = []  # (offset in other, line, lines added after it)
    for line in base.split("\n"):
        # a very long line is often a whole table or page flattened; judge its sentences instead
        parts = SPLIT_RE.split(line) if len(line) > LONG_LINE else [line]
        found, anchor = [], None
        for part in parts:
            tokens = WORD_RE.findall(part)
            if not tokens:
                continue
            share, offset = other_index.locate(tokens)
            if share >= SUPPORT:
                found.append(part.strip())
                anchor = offset if anchor is None else anchor
        if found:
            kept.append((anchor, " ".join(found), []))
    if not kept:
        return base
    for run in _unbacked_runs(other, base_index, start=min(k[0] for k in kept)):
        # a single caption or teaser is boilerplate; several long paragraphs in a row mean
        # the base stopped early (an ad or a subscribe box cut it), so take them
        if len(run) >= RUN_LINES and sum(n for _, _, n in run) >= RUN_TOKENS:
            for offset, line, _ in run:
                host = max((k for k in kept if k[0] <= offset), key=lambda k: k[0], default=kept[0])
                host[2].append(line)
    return "\n".join(text for _, line, added in kept for text in (line, *added))


def _unbacked_runs(other: str, base_index: _Index, start: int) -> list[list[tuple[int, str, int]]]:
    """Consecutive prose lines of other (after its first line the base shares) the base lacks."""
    runs: list[list[tuple[int, str, int]]] = []
    run: list[tuple[int, str, int]] = []
    offset = 0
    for line in other.split("\n"):
        tokens = WORD_RE.findall(line)
        line_start, offset = offset, offset + len(tokens)
        if not tokens:
            continue
        if line_start >= start and base_index.locate(tokens)[0] < SUPPORT:
            if len(tokens) >= PROSE_TOKENS and PROSE_END_RE.search(line):
                run.append((line_start, line, len(tokens)))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs
