"""Article metadata: JSON-LD first, then OpenGraph and <meta>, then htmldate for the date."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
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


def _jsonld_objects(soup: BeautifulSoup) -> list[dict]:
    out: list[dict] = []
    for tag in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(tag.string or "")
        except (ValueError, TypeError):
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
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return _name(value[0])
    if isinstance(value, dict):
        return _name(value.get("name"))
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


def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    for key in keys:
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        if tag and tag.get("content"):
            return tag["content"].strip()
    return None


def _not_future(dt: datetime | None, now: datetime) -> datetime | None:
    return dt if dt is not None and dt <= now else None


def extract_metadata(html: str, url: str | None = None, now: datetime | None = None) -> Metadata:
    """Title, publisher, author, date, canonical URL, language and JSON-LD body of a page."""
    now = now or datetime.now(timezone.utc)
    soup = BeautifulSoup(html, "lxml")
    article = next((o for o in _jsonld_objects(soup) if _is_article(o)), {})
    title = _name(article.get("headline")) or _meta(soup, "og:title", "twitter:title")
    if not title and soup.title and soup.title.string:
        title = soup.title.string.strip()
    publisher = _name(article.get("publisher")) or _meta(soup, "og:site_name", "application-name")
    if not publisher and url:
        publisher = (urlsplit(url).hostname or "").removeprefix("www.") or None
    author = _name(article.get("author")) or _meta(soup, "author", "article:author")
    # The article's own declarations only: a date from a "related articles" block is never read here.
    published = _not_future(parse_datetime(article.get("datePublished")), now) or _not_future(
        parse_datetime(_meta(soup, "article:published_time", "og:published_time", "datePublished", "date")), now
    )
    if published is None:
        try:
            found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d", max_date=now.strftime("%Y-%m-%d"))
        except (ValueError, TypeError):
            found = None
        published = _not_future(parse_datetime(found), now)
    canonical = None
    link = soup.find("link", attrs={"rel": "canonical"})
    if link and link.get("href"):
        canonical = link["href"].strip()
    canonical = canonical or _meta(soup, "og:url") or (article.get("url") if isinstance(article.get("url"), str) else None)
    lang = None
    if soup.html and soup.html.get("lang"):
        lang = soup.html["lang"].strip()
    lang = lang or (article.get("inLanguage") if isinstance(article.get("inLanguage"), str) else None) or _meta(soup, "og:locale")
    lang = lang.replace("_", "-").split("-")[0].lower() if lang else None
    body = article.get("articleBody") if isinstance(article.get("articleBody"), str) else None
    return Metadata(title, publisher, author, published, canonical, lang, body)
