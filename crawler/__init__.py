"""crawler: sources to stored pages, politely and incrementally.

Public surface: Crawler, CrawlSettings, CrawlSummary, FetchSettings, Source, load_sources,
parse_sources, source_for_url, SourcesError, default_sources_path.
"""
from crawler.crawl import Crawler, CrawlSettings, CrawlSummary
from crawler.fetch import FetchSettings
from crawler.sources import (Source, SourcesError, default_sources_path, load_sources, parse_sources,
                             source_for_url)

__all__ = ["CrawlSettings", "CrawlSummary", "Crawler", "FetchSettings", "Source", "SourcesError",
           "default_sources_path", "load_sources", "parse_sources", "source_for_url"]
