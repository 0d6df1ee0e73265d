"""What the operator sees during a backfill: a rich progress bar over files on a terminal, and one
summary line per file either way."""
from __future__ import annotations

import sys
from collections import Counter

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


def file_line(event: dict) -> str:
    """One file's outcome, e.g. 'done    CC-NEWS-1.warc.gz: 41,203 records, 38,990 HTML, 612 relevant ...'."""
    status, name = event["status"], event["name"]
    if status == "already_done":
        return f"skip    {name}: already loaded"
    if status == "failed":
        return f"FAILED  {name}: {event['reason']}"
    counts = (f"{event['records']:,} records, {event['html']:,} HTML, {event['relevant']:,} relevant, "
              f"{event['articles']:,} articles, {event['claims']:,} claims")
    if status == "skipped":
        return f"skipped {name}: {event['reason']} ({counts})"
    pages = f"; pages new {event.get('pages_new', 0):,}, changed {event.get('pages_changed', 0):,}"
    return f"done    {name}: {counts}{pages} ({event['seconds']:.1f} s)"


class BackfillReporter:
    """Receives backfill events; use as a context manager."""

    def __init__(self, tty: bool | None = None):
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.counts: Counter = Counter()
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> "BackfillReporter":
        if self.tty:
            self._progress = Progress(TextColumn("[bold]files"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("{task.fields[status]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                                      console=Console(stderr=True))
            self._progress.start()
            self._task = self._progress.add_task("files", total=None, status="")
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    def __call__(self, event: dict) -> None:
        """Handle one backfill event."""
        if event["event"] == "start":
            line = f"backfill: {event['files']} files on the {event['engine']} engine, {event['workers']} workers"
            if self._progress:
                self._progress.update(self._task, total=event["files"])
                self._progress.console.print(line, highlight=False)
            else:
                click.echo(line, err=True)
            return
        self.counts[event["status"]] += 1
        if self._progress:
            self._progress.advance(self._task)
            self._progress.update(self._task, status=" ".join(f"{k} {v}" for k, v in sorted(self.counts.items())))
            self._progress.console.print(file_line(event), markup=False, highlight=False)
        else:
            click.echo(file_line(event), err=True)
