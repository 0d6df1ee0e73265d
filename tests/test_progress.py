"""What the operator sees on a terminal: a real rich console, fed the text the crawled sites choose."""
from __future__ import annotations

import io
import re

from rich.console import Console

from infratrack.progress import CrawlReporter

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=300), out


def test_a_failure_line_shows_the_url_and_reason_as_text_not_markup():
    console, out = _terminal()
    url = "https://a.example/[/x]/[bold]page"
    with CrawlReporter(False, tty=True, console=console) as reporter:
        reporter({"event": "queued", "count": 2})
        reporter({"event": "fetch", "kind": "page", "outcome": "error", "url": url, "reason": "HTTP 500 [/x] [red]"})
        reporter({"event": "fetch", "kind": "page", "outcome": "ok", "url": "https://a.example/ok"})
    assert f"failed page {url}: HTTP 500 [/x] [red]" in ANSI.sub("", out.getvalue())


def test_a_source_name_in_the_bar_is_shown_as_text_not_markup():
    console, out = _terminal()
    with CrawlReporter(False, tty=True, console=console) as reporter:
        reporter({"event": "source", "name": "Feed [/x] [bold]", "url": "https://a.example/feed"})
    assert "source Feed [/x] [bold]" in ANSI.sub("", out.getvalue())
