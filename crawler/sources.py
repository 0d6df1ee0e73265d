"""sources.toml: the feeds, sitemaps and seed URLs to crawl, with per-source settings."""
from __future__ import annotations

import functools
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from crawler.redact import redact_url
from crawler.urls import host_of, url_problem
from db.records import SourceRecord
from db.writer import source_id

KINDS = ("feed", "sitemap", "seed", "site")  # site: the Sitemap: lines of its robots.txt
_KEYS = {"name", "kind", "url", "lang", "keywords", "entities", "enabled", "max_age_days", "delay"}
_DEFAULT_KEYS = {"keywords", "entities", "max_age_days", "delay"}  # what [defaults] gives every source that does not set it
_TOP_KEYS = {"defaults", "source"}


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
    entities: tuple[str, ...] | None = None  # registry entities: an entry naming one (any of its aliases) is kept

    def record(self) -> SourceRecord:
        """The part of the source the database keeps."""
        # shown as the fetches table shows it (credentials masked), keyed on the real URL
        return SourceRecord(self.name, self.kind, redact_url(self.url), self.lang, self.keywords, self.enabled,
                            source_id(self.kind, self.url))

    def relevant(self, *texts: str | None, entity_names: tuple[str, ...] = ()) -> bool:
        """Relevance filter: True when no keywords or entities are set, or when one keyword or one name of
        the source's entities (ENTITY_NAMES: their names and aliases) occurs as a whole word or phrase."""
        if not self.keywords and not self.entities:
            return True
        terms = tuple(self.keywords or ()) + tuple(self.entities or ()) + tuple(entity_names)
        hay = unicodedata.normalize("NFC", " ".join(t for t in texts if t))
        return _keyword_pattern(terms).search(hay) is not None


@functools.lru_cache(maxsize=256)
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive regex matching any keyword as a whole word (or phrase), plural included."""
    # Whole words, so "AI" does not match "said" nor "IA" "social". \w is Unicode, so "mégawatt" is one word;
    # NFC on both sides, as a feed may write é as e + a combining accent. "_" counts as a separator, for
    # URL slugs. A plural s/es/x still matches ("GPUs", "réseaux"); a phrase's words may be split by any
    # run of whitespace (a line break in a summary).
    phrases = ["\\s+".join(map(re.escape, unicodedata.normalize("NFC", k).split())) for k in keywords]
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(phrases)})(?:e?s|x)?(?![^\W_])", re.IGNORECASE)


def default_sources_path() -> Path:
    """The sources.toml shipped with infratrack."""
    return Path(str(resources.files("infratrack").joinpath("sources.toml")))


def _source_lines(text: str) -> list[int]:
    return [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*source\s*\]\]", line)]


def _top_level_lines(text: str) -> dict[str, int]:
    """Line where each top-level key first appears: a [key] or [[key]] header, or `key = ...` before any header."""
    found: dict[str, int] = {}
    in_tables = False
    for i, line in enumerate(text.splitlines()):
        header = re.match(r"""\s*\[\[?\s*["']?([\w-]+)["']?\s*[\].]""", line)
        # after the first header, a `key = ...` line belongs to that table, not to the top level
        assignment = None if in_tables else re.match(r"""\s*["']?([\w-]+)["']?\s*[=.]""", line)
        in_tables = in_tables or bool(header)
        if header or assignment:
            found.setdefault((header or assignment).group(1), i + 1)
    return found


def _non_negative(value: object) -> bool:
    # TOML allows nan and inf, which no delay or age can be
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


_WORDS = (lambda v: isinstance(v, list) and all(isinstance(k, str) and k.strip() for k in v),
          "must be a list of non-empty strings")
# What each key accepts (url is checked on its own), and how to say so.
_RULES = {
    "name": (lambda v: isinstance(v, str) and bool(v.strip()), "must be a non-empty string"),
    "kind": (lambda v: v in KINDS, f"must be one of {', '.join(KINDS)}"),
    "lang": (lambda v: isinstance(v, str) and bool(re.fullmatch(r"[a-z]{2}", v)),
             "must be a two-letter code such as 'en' or 'fr'"),
    "keywords": _WORDS,
    "entities": _WORDS,
    "enabled": (lambda v: isinstance(v, bool), "must be true or false"),
    "max_age_days": (_non_negative, "must be a non-negative number"),
    "delay": (_non_negative, "must be a non-negative number"),
}


def _check_table(table: object, allowed: set[str], where: str, not_a_table: str, place: str = "") -> dict:
    """TABLE itself, once it is a table of allowed keys with values that follow _RULES; else SourcesError."""
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: {not_a_table}, got {table!r}")
    unknown = set(table) - allowed
    if unknown:
        raise SourcesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}{place} "
                           f"(allowed: {', '.join(sorted(allowed))})")
    for key, value in table.items():
        if key in _RULES and not _RULES[key][0](value):
            raise SourcesError(f"{where}: '{key}' {_RULES[key][1]}, got {value!r}")
    return table


def _check_url(url: object, where: str) -> str:
    if not isinstance(url, str):
        raise SourcesError(f"{where}: 'url' must be an http(s) URL, got {url!r}")
    problem = url_problem(url)
    if problem:
        # redacted: a private feed's password stays out of the message, which may end up in a cron log
        raise SourcesError(f"{where}: 'url' must be an http(s) URL, got {redact_url(url)!r} ({problem})")
    return url


def source_for_url(kind: str, url: str, option: str) -> Source:
    """A source for a URL given on the command line (--feed URL ...); SourcesError names it when unusable."""
    problem = url_problem(url)
    if problem:
        raise SourcesError(f"{option} {redact_url(url)}: not a usable URL: {problem}")
    return Source(url, kind, url)


def parse_sources(text: str, origin: str = "sources.toml") -> list[Source]:
    """Parse the sources file format; raises SourcesError naming the line of any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: {exc}") from exc
    top = _top_level_lines(text)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        first = min(unknown, key=lambda k: top.get(k, 0))
        raise SourcesError(f"{_at(origin, top.get(first))}: unknown key(s) {', '.join(sorted(unknown))} at the "
                           "top level (allowed: [defaults] and [[source]] tables)")
    # [defaults] is checked once, at its own line, rather than as part of each source that inherits it
    defaults = _check_table(data.get("defaults", {}), _DEFAULT_KEYS, _at(origin, top.get("defaults")),
                            "'defaults' must be a table written [defaults]", " in [defaults]")
    raw = data.get("source", [])
    if not isinstance(raw, list):
        raise SourcesError(f"{_at(origin, top.get('source'))}: 'source' must be an array of tables written [[source]]")
    lines = _source_lines(text)
    out = []
    for i, entry in enumerate(raw):
        # source = [...] written inline has no [[source]] lines: point at the array
        where = _at(origin, lines[i] if i < len(lines) else top.get("source"))
        entry = _check_table(entry, _KEYS, where, "'source' must be an array of tables written [[source]]")
        url = _check_url(entry.get("url"), where)
        settings = {**defaults, **entry}
        keywords, entities = settings.get("keywords"), settings.get("entities")
        out.append(Source(entry.get("name") or _default_name(url), entry.get("kind", "feed"), url, entry.get("lang"),
                          tuple(keywords) if keywords else None, entry.get("enabled", True),
                          settings.get("max_age_days"), settings.get("delay"), tuple(entities) if entities else None))
    return out


def _at(origin: str, line: int | None) -> str:
    return f"{origin}, line {line or '?'}"


def _default_name(url: str) -> str:
    # host[:port] only: user info in the URL (a private feed's password) must not become the shown name
    return host_of(url).removeprefix("www.")


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
