"""Main text of a news page: trafilatura and readability-lxml cross-checked line by line.

Either extractor alone scores about 0.955-0.96 F1 on the 181-page article benchmark; the
ensemble in extract/_ensemble.py keeps what both agree on and scores higher (see
benchmarks/main_text_bench.py).
"""
from __future__ import annotations

import logging

from extract import _ensemble

# Pages above this are cut before parsing: no news article needs 20 MB of HTML, and lxml's
# time and memory grow with it.
MAX_HTML_CHARS = 5_000_000

log = logging.getLogger(__name__)


def main_text(html: str, url: str | None = None) -> str | None:
    """The article body of an HTML page as plain text, or None when there is none."""
    if not isinstance(html, str) or not html.strip():
        return None
    html = html[:MAX_HTML_CHARS]
    try:
        text = _ensemble.extract(html, url)
    except Exception as exc:  # noqa: BLE001 - three parsers, each with its own failure modes,
        # and a crawler must get "no text" for a hostile page rather than a crash
        log.debug("main text extraction failed for %s: %r", url, exc)
        return None
    return text.strip() if text and text.strip() else None
