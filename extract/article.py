"""One page in, one article out: main text plus metadata, ready for claim extraction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from extract.language import resolve_language
from extract.main_text import main_text_of_tree, parse_page
from extract.metadata import extract_metadata


@dataclass(frozen=True)
class Article:
    """Clean text and metadata of a page."""

    text: str
    lang: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    canonical_url: str | None = None


def article_from_html(html: str, url: str | None = None, lang: str | None = None) -> Article | None:
    """Extract the article of an HTML page; None when the page carries no article text."""
    # one parse serves both; metadata reads the tree first, since main-text extraction modifies it
    tree = parse_page(html)
    meta = extract_metadata(html, url, tree=tree)
    text = main_text_of_tree(tree, html, url)
    if not text and meta.body and meta.body.strip():
        text = meta.body.strip()
    if not text:
        return None
    return Article(
        text=text, lang=resolve_language(lang, meta.lang, text), title=meta.title, publisher=meta.publisher,
        author=meta.author, published_at=meta.published_at, canonical_url=meta.canonical_url,
    )


def article_from_text(text: str, lang: str | None = None) -> Article:
    """A plain-text document as an article (no metadata)."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Article(text=text, lang=resolve_language(lang, None, text), title=first_line)
