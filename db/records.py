"""Plain dataclasses the stages hand to the database layer."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class SourceRecord:
    """A feed, sitemap or seed URL to crawl."""

    name: str
    kind: str  # feed | sitemap | seed
    url: str
    lang: str | None = None
    keywords: tuple[str, ...] | None = None
    enabled: bool = True
    source_id: str | None = None  # when url is shown redacted, the id of the real URL


@dataclass(frozen=True)
class FetchRecord:
    """One HTTP attempt and its outcome."""

    url: str
    kind: str  # robots | feed | sitemap | page
    outcome: str  # ok | not_modified | skipped | error
    final_url: str | None = None
    http_status: int | None = None
    reason: str | None = None
    content_type: str | None = None
    bytes: int | None = None
    elapsed_ms: float | None = None
    run_id: str | None = None


@dataclass(frozen=True)
class PageRecord:
    """A fetched article page with its decoded HTML."""

    url: str
    html: str
    final_url: str | None = None
    source_id: str | None = None
    lang_hint: str | None = None
    http_status: int | None = 200
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    canonical_url: str | None = None
    page_kind: str = "article"
    text_hash: str | None = None
    simhash: int | None = None
    html_gz: bytes | None = None  # precomputed on a worker thread; computed here if absent
    content_hash: str | None = None


@dataclass(frozen=True)
class SavedPage:
    """What storing a page found: new, changed or unchanged, and which page it copies."""

    status: str
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None


@dataclass(frozen=True)
class StoredPage:
    """A page read back from the database for extraction."""

    url_hash: str
    url: str
    final_url: str | None
    lang_hint: str | None
    content_hash: str
    html: str


@dataclass(frozen=True)
class ArticleRecord:
    """Clean text and metadata of one article."""

    article_id: str
    url: str
    text: str
    publisher: str
    content_hash: str
    extractor_version: str
    canonical_url: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    lang: str | None = None
    origin: str = "news"  # or "reference": curated data stored as a pseudo-article, never listed as one


@dataclass(frozen=True)
class ClaimRecord:
    """One normalised claim with its quote and offsets in the article text."""

    subject: str
    attribute: str
    unit: str
    modality: str
    quote: str
    start: int
    end: int
    extractor_version: str
    entity_id: str | None = None
    hardware: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    value_text: str | None = None
    as_of: date | None = None
    speaker: str | None = None
    lang: str | None = None
    date_low: date | None = None
    date_high: date | None = None
    entity_kind: str | None = None
    entity_parent: str | None = None
    lat: float | None = None  # a location claim's place, for the check's distances
    lon: float | None = None


@dataclass(frozen=True)
class EntityRecord:
    """A cluster, site, programme or company, with the names it goes by."""

    entity_id: str
    name: str
    kind: str
    parent: str | None = None
    origin: str = "registry"
    aliases: tuple[str, ...] = field(default_factory=tuple)
    # names that stand for this entity only beside a cue in the text ("Stargate" for one of its
    # sites): the extractor resolves them in context, so the context-free alias table must not
    context_aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class WarcFileRecord:
    """One WARC file a backfill read: what it is, how it went and what it held."""

    checksum: str
    name: str
    path: str
    size: int
    status: str  # done | failed | skipped
    reason: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    records: int = 0
    html: int = 0
    relevant: int = 0
    articles: int = 0
    claims: int = 0
    seconds: float | None = None
    run_id: str | None = None
