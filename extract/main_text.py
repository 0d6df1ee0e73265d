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
import trafilatura

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


def parse_page(html: str) -> lxml.html.HtmlElement | None:
    """The page's lxml tree, parsed once for both main text and metadata; None when unparseable."""
    if not isinstance(html, str) or not html.strip():
        return None
    try:
        return trafilatura.load_html(html[:MAX_HTML_CHARS])
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura's checks raise assorted errors
        log.debug("parsing failed: %r", exc)
        return None


def main_text(html: str, url: str | None = None) -> str | None:
    """The article body of an HTML page as plain text, or None when there is none."""
    return main_text_of_tree(parse_page(html), html, url)


def main_text_of_tree(tree: lxml.html.HtmlElement | None, html: str, url: str | None = None) -> str | None:
    """main_text for a page already parsed by parse_page; consumes the tree (it is modified)."""
    if tree is None:
        return None
    html = html[:MAX_HTML_CHARS]
    text = _extract(tree, html, url)
    if text is None and _too_deep(html):
        # libxml2 stops parsing at 256 levels of nesting, so everything past that is lost;
        # the same page without its container tags keeps its paragraphs
        flat = _flatten(html)
        flat_tree = parse_page(flat)
        text = _extract(flat_tree, flat, url) if flat_tree is not None else None
    return text


def _extract(tree: lxml.html.HtmlElement, html: str, url: str | None) -> str | None:
    try:
        text = _ensemble.extract(html, url, tree)
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
