"""Main text of a news page (trafilatura, which scored best on the 181-page benchmark)."""
from __future__ import annotations

import trafilatura

# Pages above this are cut before parsing: no news article needs 20 MB of HTML, and lxml's
# time and memory grow with it.
MAX_HTML_CHARS = 5_000_000


def main_text(html: str, url: str | None = None) -> str | None:
    """The article body of an HTML page as plain text, or None when there is none."""
    if not html or not html.strip():
        return None
    html = html[:MAX_HTML_CHARS]
    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=False, favor_precision=False,
            deduplicate=False, with_metadata=False,
        )
    except (ValueError, TypeError, RecursionError):
        return None
    return text.strip() if text and text.strip() else None
