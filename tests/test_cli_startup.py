"""The CLI starts without the heavy stages: help and the reading commands import no spaCy, extract or crawl."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "extract.claims", "crawler.crawl", "httpx", "trafilatura")


def test_importing_the_cli_loads_no_extract_crawl_or_http_stack():
    probe = "import sys, infratrack.cli; print(' '.join(m for m in %r if m in sys.modules))" % (HEAVY,)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == []


def test_the_lazy_crawler_names_still_resolve():
    import crawler
    assert crawler.Crawler.__name__ == "Crawler" and crawler.FetchSettings.__name__ == "FetchSettings"
