"""The stages wired together: each runs on a write connection it is given (or opens one) and records a run row."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Callable

from crawler import Crawler, CrawlSettings, CrawlSummary, FetchSettings, Source
from crawler.warc_writer import WarcArchive
from db import connection, transaction, writer
from extract import extractor_version
from extract.language import is_supported, unsupported_reason
from extract.page_rows import claim_record, discovered_entities, extract_page, registry_entities
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
    from db.records import ArticleRecord
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
