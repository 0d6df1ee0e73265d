"""The crawl's writes, through the one connection of the run.

While sources are read, every row is written at once on the crawl's thread. While pages are
fetched, rows wait in a buffer until a single writing thread stores them as one batch (a
transaction) and commits; the crawl goes on fetching meanwhile, so a slow write never delays a
request. That thread is then the only one using the connection."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import duckdb

from db import crawl_state, writer
from db.connection import Batch, MemoryCap
from db.crawl_state import RobotsRow
from db.records import FetchRecord, PageRecord, SavedPage

BATCH_PAGES = 50  # pages stored per transaction during the fetch phase
BATCH_SECONDS = 1.0  # and at least this often, so a killed crawl loses little
MAX_PENDING_PAGES = 4 * BATCH_PAGES  # pages buffered while a batch is written, beyond which the crawl waits

T = TypeVar("T")


@dataclass
class _Pending:
    """Rows buffered during the fetch phase, written and committed together."""

    pages: list[PageRecord] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)  # URLs answered 304: the stored page is current
    logs: list[FetchRecord] = field(default_factory=list)
    marks: list[tuple[str, str, str | None, bool]] = field(default_factory=list)
    robots: list[RobotsRow] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.pages) + len(self.touched) + len(self.logs) + len(self.marks) + len(self.robots)


class CrawlWriter:
    """Owner of the crawl's connection: its memory cap, its batches and the thread that writes them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, memory_mb: int, on_saved: Callable[[SavedPage], None]):
        self.con = con  # read from the crawl's thread only while no batch is open
        self._memory_mb = memory_mb
        self._on_saved = on_saved  # told, on the crawl's thread, what became of each stored page
        self._memory: MemoryCap | None = None
        self._batch: Batch | None = None
        self._pending = _Pending()
        self._batch_started = 0.0
        self._writes: ThreadPoolExecutor | None = None
        self._writing: Future | None = None  # the batch being written

    @contextmanager
    def capped(self) -> Iterator[None]:
        """DuckDB's memory capped for the crawl, and given back after it."""
        with MemoryCap(self.con, self._memory_mb) as self._memory:
            yield

    def run(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """WORK on the connection (a read, or a transaction that leaves nothing half-written when it fails),
        run again with more memory when DuckDB needs it."""
        return self._memory.run(lambda: work(self.con))

    # -- rows: written now, or buffered while a batch is open ---------------------------------
    def robots(self, row: RobotsRow) -> None:
        """Cache a robots.txt answer."""
        if self._batch is not None:
            self._pending.robots.append(row)
        else:
            crawl_state.save_robots(self.con, [row])

    def fetch(self, record: FetchRecord) -> None:
        """Log one fetch."""
        if self._batch is not None:
            self._pending.logs.append(record)
        else:
            writer.record_fetch(self.con, record)

    def mark(self, url: str, state: str, reason: str | None = None, attempted: bool = True) -> None:
        """Record the outcome of a frontier URL."""
        if self._batch is not None:
            self._pending.marks.append((url, state, reason, attempted))
        else:
            crawl_state.mark(self.con, url, state, reason, attempted)

    def page(self, record: PageRecord) -> None:
        """Store a fetched page with the next batch, which finds it new, changed or unchanged and its copies."""
        self._pending.pages.append(record)

    def touched(self, url: str) -> None:
        """The stored copy of URL is current (a 304)."""
        self._pending.touched.append(url)

    # -- batches ------------------------------------------------------------------------------
    @contextmanager
    def batches(self) -> Iterator[None]:
        """Open batches and the writing thread for the fetch phase; everything written and committed at the
        end, or the open batch rolled back when the phase fails."""
        self._batch = Batch(self.con)
        self._batch.begin()
        self._batch_started = time.monotonic()
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="write")
        try:
            yield
            self.flush(force=True)
        except BaseException:
            self._writes.shutdown(wait=True)  # the connection is ours again once the writing thread is done
            self._writing = None
            self._batch.rollback()
            raise
        finally:
            self._writes.shutdown(wait=True)
            self._batch.commit()
            self._batch = None

    def idle(self) -> None:
        """Nothing to fetch until a host's time comes (a Retry-After): write what is buffered now."""
        if self._pending:
            self.flush(force=True)

    def flush(self, force: bool = False) -> None:
        """Hand the buffered rows to the writing thread when a batch is due; with FORCE, write them
        all and wait. The fetch loop goes on meanwhile, so slow writes never delay a request."""
        if self._batch is None:
            return
        if self._writing is not None:
            if not (force or self._writing.done() or len(self._pending.pages) >= MAX_PENDING_PAGES):
                return
            self._finish_write()
        due = (force or len(self._pending.pages) >= BATCH_PAGES
               or time.monotonic() - self._batch_started >= BATCH_SECONDS)
        if not due:
            return
        work, self._pending = self._pending, _Pending()
        self._batch_started = time.monotonic()
        self._writing = self._writes.submit(self._write, work)
        if force:
            self._finish_write()

    def _finish_write(self) -> None:
        """Wait for the batch being written; its errors are raised here, on the crawl's thread."""
        writing, self._writing = self._writing, None
        for saved in writing.result():
            self._on_saved(saved)

    def _write(self, work: _Pending) -> list[SavedPage]:
        """Runs on the writing thread, the only one using the connection while pages are fetched."""
        return self._memory.run(lambda: self._write_batch(work))

    def _write_batch(self, work: _Pending) -> list[SavedPage]:
        """One batch in the open transaction, committed; rolled back whole if a statement fails."""
        try:
            saved = writer.save_pages(self.con, work.pages)
            writer.touch_pages(self.con, work.touched)
            writer.record_fetches(self.con, work.logs)
            crawl_state.mark_many(self.con, work.marks)
            crawl_state.save_robots(self.con, work.robots)
        except BaseException:
            self._batch.rollback()
            self._batch.begin()
            raise
        self._batch.commit()
        self._batch.begin()
        return saved
