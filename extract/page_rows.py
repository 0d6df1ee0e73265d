"""One stored page to the rows the database keeps of it: the article, its claims and the entities found in it.

Pure, like the rest of extract/: the crawler's extract stage and the backfill's workers both call
extract_page and hand its rows to db/."""
from __future__ import annotations

from db.records import ArticleRecord, ClaimRecord, EntityRecord, StoredPage
from extract.article import article_from_html
from extract.claims import Claim, extract_claims
from extract.entities import registry
from extract.language import is_supported


def extract_page(page: StoredPage, version: str) -> tuple[ArticleRecord | None, list[ClaimRecord]]:
    """Article and claims of one stored page (None and no claims when the page holds no article)."""
    art = article_from_html(page.html, page.final_url or page.url, page.lang_hint)
    if art is None:
        return None, []
    published = art.published_at.date() if art.published_at else None
    # a language we have no rules for is stored with its code and not read: never with English rules
    claims = extract_claims(art.text, art.lang, published, art.title) if is_supported(art.lang) else []
    record = ArticleRecord(
        article_id=page.url_hash, url=page.final_url or page.url, text=art.text,
        publisher=art.publisher or "unknown", content_hash=page.content_hash, extractor_version=version,
        canonical_url=art.canonical_url, title=art.title, author=art.author, published_at=art.published_at,
        lang=art.lang,
    )
    return record, [claim_record(c, version) for c in claims]


def claim_record(c: Claim, version: str) -> ClaimRecord:
    """A claim as the database row: a place or an online date's stated day in value_text, its period in date_low/date_high."""
    period = c.period
    return ClaimRecord(
        subject=c.subject, attribute=c.attribute, unit=c.unit, modality=c.modality, quote=c.quote, start=c.start,
        end=c.end, extractor_version=version, entity_id=c.entity_id, hardware=c.hardware,
        value=c.value, low=c.low, high=c.high,
        value_text=c.place if c.place is not None else period.stated.isoformat() if period else None,
        as_of=c.as_of.stated if c.as_of else None, speaker=c.speaker, lang=c.lang,
        # the period an online date allows ("late 2026", "by 2028"): the check compares these
        date_low=period.first if period else None, date_high=period.last if period else None,
        entity_kind=c.entity_kind, entity_parent=c.entity_parent, lat=c.lat, lon=c.lon,
    )


def _registry_ids() -> frozenset[str]:
    return frozenset(e.id for e in registry())


def discovered_entities(claims: list[ClaimRecord]) -> list[EntityRecord]:
    """Entities the extractor found in text (names, phases) that the registry does not hold, at the level
    and under the parent the extractor read ("X Abilene" is a site of programme X)."""
    known = _registry_ids()
    out = {}
    for c in claims:
        if c.entity_id and c.entity_id not in known and c.entity_id not in out:
            out[c.entity_id] = EntityRecord(c.entity_id, c.subject, c.entity_kind or "cluster", c.entity_parent,
                                            "discovered")
    return list(out.values())


def registry_entities() -> list[EntityRecord]:
    """The shipped entity registry as database rows."""
    return [EntityRecord(e.id, e.name, e.kind, e.parent, e.origin,
                         tuple(a for a in e.aliases if a not in e.needs_context),
                         tuple(a for a in e.aliases if a in e.needs_context)) for e in registry()]
