"""Sitemaps: urlset, sitemap index, Google News sitemaps, plain-text sitemaps, and feeds listed as sitemaps."""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

from lxml import etree

from crawler.feeds import Entry, FeedError, parse_feed


MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed sitemap
MAX_TEXT_URLS = 50_000  # the sitemaps.org limit for one text sitemap
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})  # RSS 2.0, Atom, RSS 1.0


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


def parse_sitemap(body: bytes, base_url: str = "") -> Sitemap:
    """Read a sitemap or sitemap index (gzipped or not), a plain-text sitemap, or a feed listed as a sitemap."""
    body = _gunzip(body)
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _text_sitemap(body)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None:
        raise SitemapError("empty document")
    kind = _local(root.tag)
    if kind in _FEED_ROOTS:
        # sites list their feed as a sitemap (robots.txt "Sitemap:" lines, sitemaps.org allows it)
        try:
            return Sitemap(parse_feed(body, base_url), [])
        except FeedError as exc:
            raise SitemapError(f"a {kind} feed that cannot be read: {exc}") from exc
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


def _text_sitemap(body: bytes) -> Sitemap:
    """A sitemaps.org text sitemap: one absolute URL per line, UTF-8; other lines are ignored."""
    text = body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = (line.strip() for line in text.splitlines())
    urls = [line for line in lines if line.startswith(("http://", "https://")) and len(line.split()) == 1]
    if not urls:
        raise SitemapError("not a sitemap: neither XML nor a list of URLs")
    return Sitemap([Entry(url) for url in urls[:MAX_TEXT_URLS]], [])
