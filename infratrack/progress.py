"""What the operator sees during a crawl: a rich progress bar on a terminal, JSON lines with
--log-json, else one plain line per failure."""
from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime, timezone

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from crawler.redact import redact_event


class CrawlReporter:
    """Receives crawler events; use as a context manager."""

    def __init__(self, log_json: bool, tty: bool | None = None, console: Console | None = None):
        self.log_json = log_json
        self._console = console  # None: the terminal's stderr
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.counts: Counter = Counter()
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> "CrawlReporter":
        if self.tty and not self.log_json:
            # markup off: a source's name is the user's text, and "[/x]" in it would stop the crawl with a MarkupError
            self._progress = Progress(TextColumn("{task.description}", style="bold", markup=False), BarColumn(),
                                      MofNCompleteColumn(), TextColumn("{task.fields[status]}", markup=False),
                                      TimeElapsedColumn(),
                                      console=self._console or Console(stderr=True), transient=False)
            self._progress.start()
            self._task = self._progress.add_task("sources", total=None, status="")
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    def __call__(self, event: dict) -> None:
        """Handle one crawler event."""
        event = redact_event(event)  # a private feed's password or a webhook token never reaches a log
        if self.log_json:
            click.echo(json.dumps({"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), **event},
                                  ensure_ascii=False, default=str), err=True)
            return
        kind = event.get("event")
        if kind == "fetch" and event.get("kind") == "page":
            self.counts[event.get("outcome")] += 1
        if self._progress is not None:
            if kind == "source":
                self._progress.update(self._task, description=f"source {event['name']}"[:40])
            elif kind == "queued":
                self._progress.update(self._task, description="pages", total=event["count"], completed=0)
            elif kind == "fetch" and event.get("kind") == "page" and not str(event.get("reason") or "").endswith("(will retry)"):
                self._progress.advance(self._task)
                self._progress.update(self._task, status=" ".join(f"{k} {v}" for k, v in sorted(self.counts.items())))
            if kind == "fetch" and event.get("outcome") == "error":
                # URLs and reasons come from the sites crawled: plain text, never read as markup
                self._progress.console.print(Text.assemble(("failed", "red"), f" {event['kind']} {event['url']}: "
                                                                             f"{event.get('reason')}"), highlight=False)
            return
        if kind == "fetch" and event.get("outcome") == "error":
            click.echo(f"  failed {event['kind']} {event['url']}: {event.get('reason')}", err=True)
        elif kind == "source":
            click.echo(f"source {event['name']} ({event['url']})", err=True)
        elif kind == "host_paused":
            click.echo(f"  paused host {event['host']}: {event['reason']} ({event['left']} URLs left for the next run)", err=True)
