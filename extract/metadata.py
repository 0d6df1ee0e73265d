"""Article metadata: JSON-LD first, then OpenGraph and <meta>, then htmldate for the date."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from lxml import html as lxml_html
from lxml.etree import ParserError, XPath
from htmldate import find_date

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "TechArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "Report"}


@dataclass(frozen=True)
class Metadata:
    """What a page says about itself."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    canonical_url: str | None = None
    lang: str | None = None
    body: str | None = None  # JSON-LD articleBody when present


def _jsonld_objects(doc) -> list[dict]:
    out: list[dict] = []
    for tag in doc.iter("script"):
        if tag.get("type") != "application/ld+json":
            continue
        try:
            data = json.loads(tag.text or "")
        except (ValueError, TypeError, RecursionError):  # RecursionError: JSON nested thousands deep
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
                out.append(item)
    return out


def _is_article(obj: dict) -> bool:
    t = obj.get("@type")
    types = set(t) if isinstance(t, list) else {t}
    return bool(types & _ARTICLE_TYPES)


def _name(value) -> str | None:
    # a loop, not recursion: how deep the page nests its lists and objects is up to the page
    while True:
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, list) and value:
            value = value[0]
        elif isinstance(value, dict):
            value = value.get("name")
        else:
            return None


def parse_datetime(value: str | None) -> datetime | None:
    """ISO 8601 date or datetime as an aware UTC datetime; None if unreadable."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        try:
            dt = datetime.combine(date.fromisoformat(v[:10]), datetime.min.time())
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_JSONLD = re.compile(r"<script[^>]+application/ld\+json[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _declarations(html: str) -> str:
    """The part of a page that declares metadata: its <html> tag, <head>, and JSON-LD anywhere."""
    html = html[:5_000_000]
    end = _HEAD_END.search(html)
    if not end:
        return html
    tag = _HTML_TAG.search(html, 0, end.start())
    head = html[tag.start() if tag else 0:end.end()]
    body_ld = "".join(m.group(0) for m in _JSONLD.finditer(html, end.end()))
    if not tag:
        head = "<html>" + head
    return head + "<body>" + body_ld + "</body></html>"


_META_XPATHS = tuple(XPath(f".//meta[@{attr}=$k]/@content") for attr in ("property", "name"))
_TITLE_XPATH = XPath(".//title/text()")
_CANONICAL_XPATH = XPath(".//link[@rel='canonical']/@href")


def _meta(scope, *keys: str) -> str | None:
    for key in keys:
        for xpath in _META_XPATHS:
            for content in xpath(scope, k=key):
                if content.strip():
                    return content.strip()
    return None


_META_KEYS = frozenset({"og:title", "twitter:title", "og:site_name", "application-name", "author", "article:author",
                        "article:published_time", "og:published_time", "datePublished", "date", "og:url", "og:locale"})


def _declared_part(tree) -> tuple[lxml_html.HtmlElement, lxml_html.HtmlElement] | None:
    """(page root, its <head>) when the page's declarations can be read from the whole page's tree.

    They can when the <head> holds them all: nothing metadata-bearing (a <meta> we read, a
    <title>, a canonical link) sits in the <body>, where a related-articles block or a
    malformed head would put it. Otherwise None, and the head is parsed on its own as before."""
    head = tree.find("head") if tree is not None and tree.tag == "html" and tree.getparent() is None else None
    body = tree.find("body") if head is not None else None
    if head is None or body is None:
        return None
    for el in body.iter("meta", "title", "link"):
        if el.tag == "title" or (el.tag == "link" and el.get("rel") == "canonical") or (
                el.tag == "meta" and (el.get("property") in _META_KEYS or el.get("name") in _META_KEYS)):
            return None
    return tree, head


def _whole_page(html: str) -> lxml_html.HtmlElement | None:
    """The whole page parsed by lxml, or None when it does not parse."""
    try:
        return lxml_html.document_fromstring(html[:5_000_000]) if html.strip() else None
    except (ParserError, ValueError):
        return None


def _page_date(tree, url: str | None, now: datetime) -> str | None:
    """htmldate's date of the page: from its markup and URL first; from its text only when that gives more
    than a year. A year found in the body ("deployed around 2012") comes back as 1 January: a guess about
    something else, which would make every figure of the article planned or done by mistake."""
    if tree is None:
        return None
    found = None
    for extensive in (False, True):
        try:
            found = find_date(tree, url=url, original_date=True, outputformat="%Y-%m-%d", extensive_search=extensive,
                              max_date=now.strftime("%Y-%m-%d"))
        except (ValueError, TypeError):
            found = None
        if found:
            break
    return None if found and extensive and found.endswith("-01-01") else found


def _not_future(dt: datetime | None, now: datetime) -> datetime | None:
    return dt if dt is not None and dt <= now else None


def extract_metadata(html: str, url: str | None = None, now: datetime | None = None, tree=None) -> Metadata:
    """Title, publisher, author, date, canonical URL, language and JSON-LD body of a page.

    TREE is the page as parse_page parsed it, if the caller has it: reading it costs far less than
    parsing again. It is only read, never modified."""
    now = now or datetime.now(timezone.utc)
    shared = _declared_part(tree)
    if shared is not None:
        doc, scope = shared
    else:
        # Only the <head> (plus any JSON-LD blocks and the <html> tag) is parsed: that is where pages
        # declare themselves, and a full second parse of a 100 KB page cost as much as the claims.
        try:
            doc = lxml_html.fromstring(_declarations(html)) if html.strip() else None
        except (ParserError, ValueError):
            doc = None
        # a fragment parses to one of its elements, but what it declares is anywhere in the document
        scope = doc.getroottree().getroot() if doc is not None else None
    if doc is None:
        return Metadata()
    # JSON-LD is read anywhere in the page; <meta>, <title> and <link> only where SCOPE says
    article = next((o for o in _jsonld_objects(doc.getroottree().getroot()) if _is_article(o)), {})
    title = _name(article.get("headline")) or _meta(scope, "og:title", "twitter:title")
    if not title:
        titles = _TITLE_XPATH(scope)
        title = titles[0].strip() if titles and titles[0].strip() else None
    publisher = _name(article.get("publisher")) or _meta(scope, "og:site_name", "application-name")
    if not publisher and url:
        publisher = (urlsplit(url).hostname or "").removeprefix("www.") or None
    author = _name(article.get("author")) or _meta(scope, "author", "article:author")
    # The article's own declarations only: a date from a "related articles" block is never read here.
    published = _not_future(parse_datetime(article.get("datePublished")), now) or _not_future(
        parse_datetime(_meta(scope, "article:published_time", "og:published_time", "datePublished", "date")), now
    )
    if published is None:
        # htmldate downloads a string that looks like a URL (a page whose body is only a link), outside
        # the crawler's guards: it is only ever given a tree. It copies that tree, so the shared one is safe.
        date_tree = tree if tree is not None else _whole_page(html)
        published = _not_future(parse_datetime(_page_date(date_tree, url, now)), now)
    canonical = None
    hrefs = _CANONICAL_XPATH(scope)
    if hrefs and hrefs[0].strip():
        canonical = hrefs[0].strip()
    canonical = canonical or _meta(scope, "og:url") or (article.get("url") if isinstance(article.get("url"), str) else None)
    lang = (doc.get("lang") or "").strip() if doc.tag == "html" else ""
    if not lang:
        roots = doc.xpath("/html/@lang")
        lang = roots[0].strip() if roots else ""
    lang = lang or (article.get("inLanguage") if isinstance(article.get("inLanguage"), str) else None) or _meta(scope, "og:locale")
    lang = lang.replace("_", "-").split("-")[0].lower() if lang else None
    body = article.get("articleBody") if isinstance(article.get("articleBody"), str) else None
    return Metadata(title, publisher, author, published, canonical, lang, body)
