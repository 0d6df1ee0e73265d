"""The stages wired together: each runs on a write connection it is given (or opens one) and records a run row."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Callable

from crawler import Crawler, CrawlSettings, CrawlSummary, FetchSettings, Source
from crawler.warc_writer import WarcArchive
from db import connection, transaction, writer
from db.records import ArticleRecord, ClaimRecord, EntityRecord, StoredPage
from extract import article_from_html, extract_claims, extractor_version
from extract.entities import registry
from extract.language import is_supported, unsupported_reason
from infratrack.config import Config
from infratrack.interrupts import run_end


@dataclass
class ExtractSummary:
    """What an extract run did."""

    pages: int = 0
    articles: int = 0
    claims: int = 0
    empty: int = 0
    failed: int = 0
    unsupported_language: int = 0  # articles stored but not read: no rules for their language
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Counters for the runs table."""
        return {"pages": self.pages, "articles": self.articles, "claims": self.claims, "empty": self.empty,
                "failed": self.failed, "unsupported_language": self.unsupported_language}


def crawl_settings(cfg: Config) -> CrawlSettings:
    """Crawler settings from the configuration."""
    return CrawlSettings(
        fetch=FetchSettings(cfg.agent(), cfg.timeout_s, cfg.total_timeout_s, cfg.max_body_bytes, cfg.allow_private_hosts),
        delay_s=cfg.delay_s, max_pages=cfg.max_pages, concurrency=cfg.concurrency, max_retries=cfg.max_retries,
        max_url_runs=cfg.max_url_runs, db_memory_mb=cfg.db_memory_mb,
    )


def run_crawl(cfg: Config, sources: list[Source], on_event: Callable[[dict], None] | None = None,
              warc_dir: Path | None = None) -> CrawlSummary:
    """Crawl sources into the database and record the run (and archive every page in WARC_DIR)."""
    with connection(cfg.db_path, publish_interval_s=cfg.snapshot_interval_s) as con:
        return crawl_stage(con, cfg, sources, on_event, warc_dir)


def crawl_stage(con, cfg: Config, sources: list[Source], on_event: Callable[[dict], None] | None = None,
                warc_dir: Path | None = None, parent_run_id: str | None = None) -> CrawlSummary:
    """Crawl sources through CON and record the crawl's run row (a stage of PARENT_RUN_ID when given)."""
    with (WarcArchive(warc_dir, cfg.agent()) if warc_dir else nullcontext()) as archive:
        writer.upsert_sources(con, [s.record() for s in sources])
        if any(s.entities for s in sources):
            # an entity filter matches the names the registry gives an entity, even before any extraction
            writer.upsert_entities(con, registry_entities())
        run_id = writer.start_run(con, "crawl", parent_run_id)
        try:
            summary = Crawler(con, crawl_settings(cfg), run_id, on_event, archive).run(sources)
        except BaseException as exc:
            writer.end_stopped_run(con, run_id, *run_end(exc))
            raise
        writer.finish_run(con, run_id, "partial" if summary.failed else "ok", summary.as_dict())
        return summary


_REGISTRY_IDS = frozenset(e.id for e in registry())


def registry_entities() -> list[EntityRecord]:
    """The shipped entity registry as database rows."""
    return [EntityRecord(e.id, e.name, e.kind, e.parent, e.origin,
                         tuple(a for a in e.aliases if a not in e.needs_context),
                         tuple(a for a in e.aliases if a in e.needs_context)) for e in registry()]


def discovered_entities(claims: list[ClaimRecord]) -> list[EntityRecord]:
    """Entities the extractor found in text (names, phases) that the registry does not hold."""
    out = {}
    for c in claims:
        if c.entity_id and c.entity_id not in _REGISTRY_IDS and c.entity_id not in out:
            parent = c.entity_id.split("-phase-")[0] if "-phase-" in c.entity_id else None
            # the level the extractor read ("X Abilene" is a site of programme X), else a guess
            out[c.entity_id] = EntityRecord(c.entity_id, c.subject, c.entity_kind or ("phase" if parent else "cluster"),
                                            c.entity_parent or parent, "discovered")
    return list(out.values())


def extract_page(page: StoredPage, version: str) -> tuple[ArticleRecord | None, list[ClaimRecord]]:
    """Article and claims of one stored page (pure: no database access)."""
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


def claim_record(c, version: str) -> ClaimRecord:
    """An extract.Claim as the database row dataclass."""
    numeric = isinstance(c.value, (int, float)) or c.value is None
    return ClaimRecord(
        subject=c.subject, attribute=c.attribute, unit=c.unit, modality=c.modality, quote=c.quote, start=c.start,
        end=c.end, extractor_version=version, entity_id=c.entity_id, hardware=c.hardware,
        value=float(c.value) if numeric and c.value is not None else None,
        low=float(c.low) if numeric and c.low is not None else None,
        high=float(c.high) if numeric and c.high is not None else None,
        value_text=None if numeric else str(c.value),
        as_of=_as_of_date(c.as_of), speaker=c.speaker, lang=c.lang,
        # the period an online date allows ("late 2026", "by 2028"): the check compares these
        date_low=None if numeric else _iso_date(c.low), date_high=None if numeric else _iso_date(c.high),
        entity_kind=c.entity_kind, entity_parent=c.entity_parent, lat=c.lat, lon=c.lon,
    )


def _iso_date(value) -> date | None:
    """A full ISO date (YYYY-MM-DD) as a date; anything else (a place, a reduced date) as None."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _as_of_date(value: str | None) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


# Articles written per transaction. Each commit brings the stored fact-checking tables up to date
# for what it wrote, a cost paid once per transaction (tenths of a second at a million claims),
# so articles are committed in batches; a crash loses at most one batch, re-extracted next run.
EXTRACT_BATCH_PAGES = 50


def _extract_pages(con, pages, version: str, summary: ExtractSummary, on_event) -> None:
    pages = iter(pages)
    while batch := list(islice(pages, EXTRACT_BATCH_PAGES)):
        with transaction(con):
            _extract_batch(con, batch, version, summary, on_event)


def _extract_batch(con, pages, version: str, summary: ExtractSummary, on_event) -> None:
    for page in pages:
        summary.pages += 1
        try:
            article, claims = extract_page(page, version)
        except Exception as exc:  # one bad page never stops the run; it is logged and counted
            summary.failed += 1
            summary.errors.append(f"{page.url}: {type(exc).__name__}: {exc}")
            on_event({"event": "extract_error", "url": page.url, "error": f"{type(exc).__name__}: {exc}"})
            continue
        stored = writer.save_extraction(con, article, claims, page.url_hash, page.content_hash,
                                        discovered_entities(claims))
        if article is None:
            summary.empty += 1
        else:
            summary.articles += 1
            summary.claims += stored
            if not is_supported(article.lang):
                summary.unsupported_language += 1
                on_event({"event": "skipped", "url": page.url, "reason": unsupported_reason(article.lang)})
        on_event({"event": "extracted", "url": page.url, "claims": stored})


def run_extract(db_path: Path, everything: bool = False,
                on_event: Callable[[dict], None] | None = None) -> ExtractSummary:
    """Extract articles and claims from stored pages that changed (or all with everything=True)."""
    with connection(db_path) as con:
        return extract_stage(con, everything, on_event)


def extract_stage(con, everything: bool = False, on_event: Callable[[dict], None] | None = None,
                  parent_run_id: str | None = None) -> ExtractSummary:
    """Extract through CON and record the extraction's run row (a stage of PARENT_RUN_ID when given)."""
    on_event = on_event or (lambda e: None)
    summary = ExtractSummary()
    version = extractor_version()
    writer.upsert_entities(con, registry_entities())
    run_id = writer.start_run(con, "extract-all" if everything else "extract", parent_run_id)
    try:
        # --all swaps every article to the new extractor in one transaction (the batches join
        # it): readers see the old claims or the new ones, never a mix of versions
        with (transaction(con) if everything else nullcontext()):
            _extract_pages(con, writer.pages_to_extract(con, everything), version, summary, on_event)
    except BaseException as exc:
        writer.end_stopped_run(con, run_id, *run_end(exc), summary.as_dict())
        raise
    writer.finish_run(con, run_id, "partial" if summary.failed else "ok", summary.as_dict(),
                      "; ".join(summary.errors[:5]) or None)
    return summary


def import_epoch(db_path: Path, csv_text: str, origin: str) -> dict:
    """Load an Epoch AI GPU-cluster CSV as claims of a reference source, in one transaction."""
    from datetime import datetime, time as dtime, timezone

    from db.keys import content_hash, stable_id
    from extract.reference_epoch import PUBLISHER, read_epoch_csv

    records = read_epoch_csv(csv_text, origin)
    today = datetime.now(timezone.utc).date()
    version = f"epoch-csv.{extractor_version()}"
    claims_n = 0
    with connection(db_path) as con:
        writer.upsert_entities(con, registry_entities())
        run_id = writer.start_run(con, "reference-import-epoch")
        with transaction(con):
            for rec in records:
                published = datetime.combine(rec.published, dtime(), timezone.utc) if rec.published else None
                article = ArticleRecord(article_id=stable_id("reference", rec.key), url=rec.url, text=rec.text,
                                        publisher=PUBLISHER, content_hash=content_hash(rec.text), extractor_version=version,
                                        title=rec.name, published_at=published, lang="en", origin="reference")
                # a planned row is today's plan: its date is the one it plans for, not the time it speaks of
                claims = [replace(r, as_of=today) if r.modality == "planned" else r
                          for r in (claim_record(c, version) for c in rec.claims)]
                claims_n += writer.save_extraction(con, article, claims, entities=discovered_entities(claims))
        counts = {"records": len(records), "claims": claims_n}
        writer.finish_run(con, run_id, "ok", counts)
    return counts
