"""Main text of a news page: trafilatura and readability-lxml cross-checked line by line.

Either extractor alone scores about 0.955-0.96 F1 on the 181-page article benchmark; the
ensemble in extract/_ensemble.py keeps what both agree on and scores higher (see
benchmarks/main_text_bench.py).
"""
from __future__ import annotations

import logging
import re

import lxml.etree
import lxml.html

from extract import _ensemble

# Pages above this are cut before parsing: no news article needs 20 MB of HTML, and lxml's
# time and memory grow with it.
MAX_HTML_CHARS = 5_000_000
# What a page flattened for being nested too deep keeps: its head and its paragraph-level blocks,
# which the HTML parser closes by itself rather than nesting
_KEPT_TAGS = frozenset("html head title meta body p h1 h2 h3 h4 h5 h6 li br".split())
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
_INERT = re.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)

log = logging.getLogger(__name__)


def main_text(html: str, url: str | None = None) -> str | None:
    """The article body of an HTML page as plain text, or None when there is none."""
    if not isinstance(html, str) or not html.strip():
        return None
    html = html[:MAX_HTML_CHARS]
    text = _extract(html, url)
    if text is None and _too_deep(html):
        # libxml2 stops parsing at 256 levels of nesting, so everything past that is lost;
        # the same page without its container tags keeps its paragraphs
        text = _extract(_flatten(html), url)
    return text


def _extract(html: str, url: str | None) -> str | None:
    try:
        text = _ensemble.extract(html, url)
    except Exception as exc:  # noqa: BLE001 - three parsers, each with its own failure modes,
        # and a crawler must get "no text" for a hostile page rather than a crash
        log.debug("main text extraction failed for %s: %r", url, exc)
        return None
    return text.strip() if text and text.strip() else None


def _too_deep(html: str) -> bool:
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return False
    return any("Excessive depth" in e.message for e in parser.error_log)


def _flatten(html: str) -> str:
    """HTML without scripts and styles, and with only its text-bearing tags (no nesting left to speak of)."""
    html = _INERT.sub(" ", html)
    return _TAG.sub(lambda m: m.group(0) if m.group(1).lower() in _KEPT_TAGS else " ", html)
