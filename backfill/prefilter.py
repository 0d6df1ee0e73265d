"""Is a raw HTML page worth extracting? One compiled RE2 pattern over its bytes, before any parsing.

Python's re engine scans a large alternation at about 10 MB/s; RE2 compiles it to a DFA and scans
at hundreds of MB/s, which is what a cheap test in front of the extractor needs.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

import re2

from extract.entities import registry
from extract.hardware import catalogue

# A company's name alone says nothing about infrastructure, and the large ones are named in every
# tech story; a claim about a company's infrastructure names GPUs, data centres, megawatts or a
# cluster, which the terms catch.
_ENTITY_KINDS = ("cluster", "site", "system", "programme", "phase")
_MAX_MEMORY = 64 << 20  # RE2's DFA budget; the default (8 MB) is too small for this alternation


def relevance_terms() -> dict[str, list[str]]:
    """The per-language terms of backfill/data/relevance_terms.toml."""
    data = tomllib.loads(resources.files("backfill.data").joinpath("relevance_terms.toml").read_text("utf-8"))
    return {lang: list(section["terms"]) for lang, section in data.items()}


def pattern_source() -> str:
    """The RE2 pattern: terms and accelerator names case-insensitive, registry names as the extractor reads them."""
    loose = [t for terms in relevance_terms().values() for t in terms]
    loose += [p for entry in catalogue() for p in entry["patterns"]]
    names = sorted({a for e in registry() if e.kind in _ENTITY_KINDS for a in (e.name, *e.aliases)}, key=len,
                   reverse=True)
    # registry names are case-sensitive, as extract/entities.py matches them: "Frontier" the machine
    # is not "frontier" the word
    strict = "|".join(re.escape(n) for n in names)
    # a plural or possessive ending is accepted, as extract/hardware.py accepts it ("H100s")
    return rf"(?i)\b(?:{'|'.join(loose)})(?:s|'s|’s)?\b|\b(?-i:{strict})\b"


@lru_cache(maxsize=1)
def _compiled():
    options = re2.Options()
    options.max_mem = _MAX_MEMORY
    return re2.compile(pattern_source().encode("utf-8"), options)


def is_relevant(body: bytes) -> bool:
    """True when the page's raw bytes mention AI infrastructure in a supported language."""
    return _compiled().search(body) is not None
