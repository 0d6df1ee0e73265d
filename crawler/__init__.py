"""crawler: sources to stored pages, politely and incrementally.

Public surface: Crawler, CrawlSettings, CrawlSummary, FetchSettings, Source, load_sources,
parse_sources, source_for_url, SourcesError, default_sources_path.
"""
from crawler.sources import (Source, SourcesError, default_sources_path, load_sources, parse_sources,
                             source_for_url)

# The crawl machinery (httpx, the fingerprinting, the writer) loads on first use: a command that only
# reads sources, like `infratrack sources list` or `--help`, does not pay for it.
_LAZY = {"Crawler": "crawler.crawl", "CrawlSettings": "crawler.settings", "CrawlSummary": "crawler.settings",
         "FetchSettings": "crawler.fetch"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'crawler' has no attribute {name!r}")

__all__ = ["CrawlSettings", "CrawlSummary", "Crawler", "FetchSettings", "Source", "SourcesError",
           "default_sources_path", "load_sources", "parse_sources", "source_for_url"]
