"""Sitemaps: urlset, sitemap index and Google News sitemaps."""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

from lxml import etree

from crawler.feeds import Entry


MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed sitemap


class SitemapError(Exception):
    """The document is not a readable sitemap."""


@dataclass(frozen=True)
class Sitemap:
    """Article entries and nested sitemaps of one sitemap document."""

    entries: list[Entry]
    children: list[str]


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _gunzip(body: bytes) -> bytes:
    """A gzipped sitemap (.xml.gz) inflated, refusing one that inflates past the sitemaps.org limit."""
    if body[:2] != b"\x1f\x8b":
        return body
    # bounded inflation: a few megabytes of gzip can expand to gigabytes (a "zip bomb")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise SitemapError(f"bad gzip: {exc}") from exc
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"too large: inflates past {MAX_SITEMAP_BYTES // (1024 * 1024)} MiB")
    return out


def parse_sitemap(body: bytes) -> Sitemap:
    """Read a sitemap or sitemap index (gzipped or not)."""
    body = _gunzip(body)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None:
        raise SitemapError("empty document")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap (root element <{kind}>)")
    entries, children = [], []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        fields = {}
        for child in node.iter():
            if isinstance(child.tag, str) and child.text:
                fields.setdefault(_local(child.tag), child.text.strip())
        loc = fields.get("loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            children.append(loc)
        else:
            published = _parse_date(fields.get("publication_date") or fields.get("lastmod"))
            entries.append(Entry(loc, fields.get("title"), None, published))
    return Sitemap(entries, children)
