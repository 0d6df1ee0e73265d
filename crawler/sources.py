"""sources.toml: the feeds, sitemaps and seed URLs to crawl, with per-source settings."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from crawler.redact import redact_url
from db.records import SourceRecord
from db.writer import source_id

KINDS = ("feed", "sitemap", "seed", "site")  # site: the Sitemap: lines of its robots.txt
_KEYS = {"name", "kind", "url", "lang", "keywords", "enabled", "max_age_days", "delay"}


class SourcesError(Exception):
    """sources.toml is malformed; the message names the file, line and problem."""


@dataclass(frozen=True)
class Source:
    """One source with its crawl settings."""

    name: str
    kind: str
    url: str
    lang: str | None = None
    keywords: tuple[str, ...] | None = None
    enabled: bool = True
    max_age_days: float | None = None
    delay: float | None = None

    def record(self) -> SourceRecord:
        """The part of the source the database keeps."""
        # shown as the fetches table shows it (credentials masked), keyed on the real URL
        return SourceRecord(self.name, self.kind, redact_url(self.url), self.lang, self.keywords, self.enabled,
                            source_id(self.kind, self.url))

    def relevant(self, *texts: str | None) -> bool:
        """Keyword filter: True when no keywords are set or one occurs in the texts."""
        if not self.keywords:
            return True
        hay = " ".join(t for t in texts if t).lower()
        return any(k.lower() in hay for k in self.keywords)


def default_sources_path() -> Path:
    """The sources.toml shipped with infratrack."""
    return Path(str(resources.files("infratrack").joinpath("sources.toml")))


def _source_lines(text: str) -> list[int]:
    return [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*source\s*\]\]", line)]


def parse_sources(text: str, origin: str = "sources.toml") -> list[Source]:
    """Parse the sources file format; raises SourcesError naming the line of any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: {exc}") from exc
    lines = _source_lines(text)
    defaults = data.get("defaults", {})
    raw = data.get("source", [])
    if not isinstance(raw, list):
        raise SourcesError(f"{origin}: 'source' must be an array of tables written [[source]]")
    out = []
    for i, entry in enumerate(raw):
        where = f"{origin}, line {lines[i] if i < len(lines) else '?'}"
        unknown = set(entry) - _KEYS
        if unknown:
            raise SourcesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_KEYS))})")
        url = entry.get("url")
        if not isinstance(url, str) or not re.match(r"https?://[^\s/]+", url):
            raise SourcesError(f"{where}: 'url' must be an http(s) URL, got {url!r}")
        kind = entry.get("kind", "feed")
        if kind not in KINDS:
            raise SourcesError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
        keywords = entry.get("keywords", defaults.get("keywords"))
        if keywords is not None and (not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords)):
            raise SourcesError(f"{where}: 'keywords' must be a list of strings")
        lang = entry.get("lang")
        if lang is not None and not (isinstance(lang, str) and re.fullmatch(r"[a-z]{2}", lang)):
            raise SourcesError(f"{where}: 'lang' must be a two-letter code such as 'en' or 'fr', got {lang!r}")
        for key in ("max_age_days", "delay"):
            v = entry.get(key, defaults.get(key))
            if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0):
                raise SourcesError(f"{where}: '{key}' must be a non-negative number, got {v!r}")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise SourcesError(f"{where}: 'enabled' must be true or false, got {enabled!r}")
        name = entry.get("name") or re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        out.append(Source(name, kind, url, lang, tuple(keywords) if keywords else None, enabled,
                          entry.get("max_age_days", defaults.get("max_age_days")),
                          entry.get("delay", defaults.get("delay"))))
    return out


def load_sources(path: str | Path) -> list[Source]:
    """Read a sources file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SourcesError(f"{p}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{p}: cannot read ({exc})") from exc
    return parse_sources(text, str(p))
