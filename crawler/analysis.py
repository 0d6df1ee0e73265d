"""Page analysis, on the worker thread that fetched the page: decode, fingerprint, classify, compress."""
from __future__ import annotations

from dataclasses import dataclass

from crawler.fetch import Response, looks_binary
from crawler.fingerprint import Fingerprint, fingerprint
from crawler.page_kind import declared_canonical, page_kind
from crawler.urls import declared_canonical_url
from db import writer
from db.keys import content_hash

HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # what a page may be served as; "" is unsaid


@dataclass(frozen=True)
class Analysed:
    """An HTML page read: its text, fingerprint and kind, ready for the writer."""

    html: str
    fingerprint: Fingerprint
    kind: str
    canonical: str | None
    html_gz: bytes
    content_hash: str


def analyse(resp: Response) -> Analysed | str:
    """Decode and fingerprint an HTML response; for anything else, the reason it is skipped."""
    if resp.content_type not in HTML_TYPES:
        return f"content_type: {resp.content_type}"
    if looks_binary(resp.body):
        return f"binary_body: binary content served as {resp.content_type or 'no content type'}"
    html = resp.text()
    fp = fingerprint(html)
    canonical = declared_canonical(html)
    return Analysed(html, fp, page_kind(html, fp.words), declared_canonical_url(canonical),
                    writer.compress_html(html), content_hash(html))


def analyse_safely(resp: Response) -> Analysed | str:
    """analyse(), with whatever a hostile page makes it raise turned into a reason to skip it."""
    try:
        return analyse(resp)
    except Exception as exc:  # noqa: BLE001 - a hostile page costs one failure row, never the crawl
        return f"unreadable_page: {type(exc).__name__}"
