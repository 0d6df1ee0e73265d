"""Scrapy side of crawl_bench.py: crawl a URL list politely, count responses, print one JSON line.

Run by crawl_bench.py with a Python that has scrapy (its own venv: scrapy is no dependency of
infratrack). Usage: python _scrapy_spider.py --delay 0.25 --concurrency 8 --urls-file URLS
[--discovery sitemaps|seeds]: URLS lists each host's sitemap, or every page.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import default_settings
from scrapy.utils.sitemap import Sitemap

UA = "infratrack-bench/1 (+http://127.0.0.1/contact)"


def _slot(url: str) -> dict:
    # one download slot per host:port, as our crawler has; by default Scrapy keys slots on the
    # host name alone, which would make all hosts one in the one-port-per-host fallback
    return {"download_slot": urlsplit(url).netloc}


class CountingSpider(scrapy.Spider):
    """Requests every page once (from the sitemaps, or the URLs as given) and keeps nothing: Scrapy's
    stats count the responses.

    SitemapSpider would do the sitemap part, but its page requests cannot carry the download slot."""

    name = "crawl_bench"

    def __init__(self, urls: list[str], sitemaps: bool, **kw):
        super().__init__(**kw)
        self.urls = urls
        self.sitemaps = sitemaps
        self.sitemap_responses = 0

    async def start(self):
        """Scrapy >= 2.13 entry point."""
        for request in self.start_requests():
            yield request

    def start_requests(self):
        """Older Scrapy entry point."""
        for url in self.urls:
            callback = self.parse_sitemap if self.sitemaps else self.parse
            yield scrapy.Request(url, callback=callback, meta=_slot(url), dont_filter=True)

    def parse_sitemap(self, response):
        """Every page the sitemap lists, with Scrapy's own sitemap parser."""
        self.sitemap_responses += 1
        for entry in Sitemap(response.body):
            yield scrapy.Request(entry["loc"], meta=_slot(entry["loc"]), dont_filter=True)

    def parse(self, response):
        """Nothing to extract or store."""
        return None


def settings(delay: float, concurrency: int) -> dict:
    """The politeness of crawl_bench.py's brief, spelled in Scrapy settings."""
    s = {"ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": delay, "CONCURRENT_REQUESTS": concurrency,
         "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "ERROR",
         "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "USER_AGENT": UA}
    # Scrapy 2.19 replaced RANDOMIZE_DOWNLOAD_DELAY (deprecated, warns) by DOWNLOAD_DELAY_JITTER
    if hasattr(default_settings, "DOWNLOAD_DELAY_JITTER"):
        s["DOWNLOAD_DELAY_JITTER"] = 0
    else:
        s["RANDOMIZE_DOWNLOAD_DELAY"] = False
    return s


def main() -> None:
    """Crawl, then print pages, seconds and peak RSS as one JSON line."""
    p = argparse.ArgumentParser()
    p.add_argument("--delay", type=float, required=True)
    p.add_argument("--concurrency", type=int, required=True)
    p.add_argument("--urls-file", type=Path, required=True)
    p.add_argument("--discovery", choices=["sitemaps", "seeds"], default="seeds")
    p.add_argument("--pages", type=int, help="ignored: the sitemaps say how many")
    args = p.parse_args()
    urls = args.urls_file.read_text().split()
    process = CrawlerProcess(settings(args.delay, args.concurrency))
    crawler = process.create_crawler(CountingSpider)
    process.crawl(crawler, urls=urls, sitemaps=args.discovery == "sitemaps")
    started = time.perf_counter()
    process.start()
    seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats()
    responses = stats.get("response_received_count", 0)
    robots = stats.get("robotstxt/response_count", 0)
    print(json.dumps({
        "pages": responses - robots - crawler.spider.sitemap_responses, "seconds": round(seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "status_200": stats.get("downloader/response_status_count/200", 0), "robots": robots,
        "scrapy": scrapy.__version__,
    }))


if __name__ == "__main__":
    main()
