"""Main text of a news page: trafilatura and readability-lxml cross-checked line by line.

Either extractor alone scores about 0.955-0.96 F1 on the 181-page article benchmark; the
ensemble in extract/_ensemble.py keeps what both agree on and scores higher (see
benchmarks/main_text_bench.py).
"""
from __future__ import annotations

import logging

import lxml.html
import trafilatura

from extract import _ensemble

# Pages above this are cut before parsing: no news article needs 20 MB of HTML, and lxml's
# time and memory grow with it.
MAX_HTML_CHARS = 5_000_000

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
    try:
        text = _ensemble.extract(html[:MAX_HTML_CHARS], url, tree)
    except Exception as exc:  # noqa: BLE001 - three parsers, each with its own failure modes,
        # and a crawler must get "no text" for a hostile page rather than a crash
        log.debug("main text extraction failed for %s: %r", url, exc)
        return None
    return text.strip() if text and text.strip() else None
