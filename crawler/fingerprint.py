"""Exact and near-duplicate fingerprints of a page's visible text.

SimHash is written here rather than taken from the `simhash` package: that package is
unmaintained since 2022, and the algorithm is a dozen lines once tokenisation is ours.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from lxml import html as lxml_html
from lxml.etree import ParserError

_WORD = re.compile(r"\w+", re.UNICODE)
_TEXT_TAGS = ("p", "h1", "h2", "h3", "li", "blockquote")
_SKIP_ANCESTORS = ("nav", "footer", "aside", "header", "form")


@dataclass(frozen=True)
class Fingerprint:
    """Fingerprints of a page: text hash for exact copies, SimHash for near copies."""

    text_hash: str | None
    simhash: int | None
    words: int


def visible_text(html: str) -> str:
    """Paragraph-like text outside navigation, headers, footers and asides."""
    try:
        doc = lxml_html.fromstring(html[:5_000_000])
    except (ParserError, ValueError):
        return ""
    parts = []
    for el in doc.iter(*_TEXT_TAGS):
        if any(a.tag in _SKIP_ANCESTORS for a in el.iterancestors()):
            continue
        t = el.text_content().strip()
        if t:
            parts.append(t)
    return "\n".join(parts)


def simhash(words: list[str], shingle: int = 3) -> int:
    """64-bit SimHash over word shingles, as a signed integer (DuckDB BIGINT)."""
    grams = [" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    hashes = np.frombuffer(b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams),
                           dtype=">u8")
    # one row of 64 bits per shingle; a bit of the result is set where most shingles set it
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="big")
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(grams)
    value = int.from_bytes(np.packbits(votes > 0, bitorder="big").tobytes(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def fingerprint(html: str) -> Fingerprint:
    """Fingerprints of an HTML page; None values when it has too little text to compare."""
    words = _WORD.findall(visible_text(html).lower())
    if len(words) < 30:
        return Fingerprint(None, None, len(words))
    text_hash = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
    return Fingerprint(text_hash, simhash(words), len(words))
