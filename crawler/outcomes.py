"""What becomes of each answer: the fetch log, the frontier's states, stored pages and the crawl's counts.

Every row goes through the crawl's writer (db/crawl_writer.py): written at once while sources are
read, batched while pages are fetched."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from crawler.analysis import Analysed
from crawler.fetch import Response
from crawler.page_kind import ARTICLE
from crawler.redact import redact_text, redact_url
from crawler.robots import RobotsCache
from crawler.settings import CrawlSummary
from db.crawl_state import FrontierItem
from db.crawl_writer import CrawlWriter
from db.records import FetchRecord, PageRecord, SavedPage

SKIP_REASONS = ("robots_disallowed", "content_type", "binary_body", "consent_wall", "paywall",
                "host_paused")  # not failures


class Outcomes:
    """Records answers as rows and counts, for robots.txt, sources and pages alike."""

    def __init__(self, store: CrawlWriter, robots: RobotsCache, summary: CrawlSummary, max_url_runs: int,
                 run_id: str | None, on_event: Callable[[dict], None]):
        self._store = store
        self._robots = robots
        self._summary = summary
        self._max_url_runs = max_url_runs
        self._run_id = run_id
        self._on_event = on_event

    # -- the fetch log ------------------------------------------------------------------------
    def log(self, record: FetchRecord) -> None:
        """Log one fetch, and tell the caller of the crawl."""
        # the crawl log says where we went and why it failed, never the credentials in a URL
        record = replace(record, url=redact_url(record.url), run_id=self._run_id,
                         final_url=redact_url(record.final_url) if record.final_url else None,
                         reason=redact_text(record.reason) if record.reason else None)
        self._store.fetch(record)
        self._on_event({"event": "fetch", "kind": record.kind, "url": record.url, "outcome": record.outcome,
                        "status": record.http_status, "reason": record.reason})

    def answered(self, url: str, kind: str, resp: Response) -> None:
        """Log a response that was read."""
        self.log(FetchRecord(url, kind, "ok", resp.final_url, resp.status, None, resp.content_type,
                             len(resp.body), resp.elapsed_ms))

    def not_modified(self, url: str, kind: str, resp: Response) -> None:
        """Log a 304: what is stored is current."""
        self.log(FetchRecord(url, kind, "not_modified", resp.final_url, 304, None, None, 0, resp.elapsed_ms))

    def skip_or_fail(self, url: str, kind: str, reason: str, resp: Response | None = None) -> None:
        """Log URL as skipped (a reason that is no failure) or failed, and count it."""
        key = reason.split(":")[0]
        outcome = "skipped" if key in SKIP_REASONS else "error"
        if outcome == "error":
            self._summary.failures[key] += 1
        else:
            self._summary.counts[key] += 1
        self.log(FetchRecord(url, kind, outcome, resp.final_url if resp else None, resp.status if resp else None,
                             reason, resp.content_type if resp else None, len(resp.body) if resp else None,
                             resp.elapsed_ms if resp else None))

    # -- robots.txt ---------------------------------------------------------------------------
    def robots(self, url: str, resp: Response) -> None:
        """Cache the robots.txt of URL's origin, and log its fetch."""
        self._store.robots(self._robots.store(url, resp))
        outcome = "ok" if resp.ok else ("skipped" if resp.status and resp.status < 500 else "error")
        self.log(FetchRecord(self._robots.robots_url(url), "robots", outcome, resp.final_url, resp.status,
                             resp.error, resp.content_type, len(resp.body), resp.elapsed_ms))

    # -- pages --------------------------------------------------------------------------------
    def page(self, item: FrontierItem, resp: Response, page: Analysed | str | None) -> None:
        """A page's answer: unchanged (304), skipped for what it is, or stored."""
        if resp.not_modified:
            self._store.touched(item.url)
            self._store.mark(item.url, "done", "not_modified")
            self._summary.counts["unchanged"] += 1
            self.not_modified(item.url, "page", resp)
            return
        if isinstance(page, str):
            key = page.split(":")[0]
            self._store.mark(item.url, "skipped" if key in SKIP_REASONS else "failed", key)
            self.skip_or_fail(item.url, "page", page, resp)
            return
        self._store.page(PageRecord(
            url=item.url, html=page.html, final_url=resp.final_url, source_id=item.source_id, lang_hint=item.lang_hint,
            http_status=resp.status, etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            content_type=resp.content_type, canonical_url=page.canonical, page_kind=page.kind,
            text_hash=page.fingerprint.text_hash, simhash=page.fingerprint.simhash, html_gz=page.html_gz,
            content_hash=page.content_hash,
        ))
        self._summary.counts["fetched"] += 1
        if page.kind != ARTICLE:
            self._store.mark(item.url, "skipped", page.kind)
            self.skip_or_fail(item.url, "page", page.kind, resp)
            return
        self._store.mark(item.url, "done")
        self.answered(item.url, "page", resp)

    def page_failed(self, item: FrontierItem, reason: str, resp: Response, transient: bool) -> None:
        """A page given up on in this run: for good, or queued for the next run when the failure may pass."""
        if not transient:
            self._store.mark(item.url, "failed", reason)
        elif item.attempts + 1 >= self._max_url_runs:
            # a page down for days would otherwise be asked for in every run, for ever
            self._store.mark(item.url, "failed", f"{reason} (gave up after {item.attempts + 1} runs)")
        else:
            self._store.mark(item.url, "queued", reason)
        self.skip_or_fail(item.url, "page", reason, resp)

    def page_retrying(self, item: FrontierItem, reason: str, resp: Response) -> None:
        """A page that failed for now and is asked for again in this run."""
        self.log(FetchRecord(item.url, "page", "error", resp.final_url, resp.status, f"{reason} (will retry)",
                             resp.content_type, len(resp.body), resp.elapsed_ms))

    def page_refused(self, item: FrontierItem, refusal: str) -> None:
        """A page (or where it redirected) that robots.txt or the SSRF guard keeps us from."""
        state = "skipped" if "disallowed" in refusal else "failed" if refusal.startswith("unsafe_url") else "queued"
        self._store.mark(item.url, state, refusal, attempted=False)
        self.skip_or_fail(item.url, "page", refusal)

    def saved(self, saved: SavedPage) -> None:
        """Count what the writer made of a stored page (new, changed, unchanged; a copy)."""
        self._summary.counts[saved.status] += 1
        if saved.duplicate_of:
            self._summary.counts["duplicate"] += 1
        if saved.near_duplicate_of:
            self._summary.counts["near_duplicate"] += 1
