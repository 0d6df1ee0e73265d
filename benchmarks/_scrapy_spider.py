"""Scrapy side of crawl_bench.py: crawl a URL list politely, count responses, print one JSON line.

Run by crawl_bench.py with a Python that has scrapy (its own venv: scrapy is no dependency of
infratrack). Usage: python _scrapy_spider.py --delay 0.25 --concurrency 8 --urls-file URLS
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

UA = "infratrack-bench/1 (+http://127.0.0.1/contact)"


class CountingSpider(scrapy.Spider):
    """Requests every URL once and keeps nothing: Scrapy's stats count the responses."""

    name = "crawl_bench"

    def __init__(self, urls: list[str], **kw):
        super().__init__(**kw)
        self.urls = urls

    async def start(self):
        """Scrapy >= 2.13 entry point."""
        for request in self.start_requests():
            yield request

    def start_requests(self):
        """Older Scrapy entry point."""
        for url in self.urls:
            # one download slot per host:port, as our crawler has; by default Scrapy keys slots on the
            # host name alone, which would make all hosts one in the one-port-per-host fallback
            yield scrapy.Request(url, meta={"download_slot": urlsplit(url).netloc}, dont_filter=True)

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
    args = p.parse_args()
    urls = args.urls_file.read_text().split()
    process = CrawlerProcess(settings(args.delay, args.concurrency))
    crawler = process.create_crawler(CountingSpider)
    process.crawl(crawler, urls=urls)
    started = time.perf_counter()
    process.start()
    seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats()
    responses = stats.get("response_received_count", 0)
    robots = stats.get("robotstxt/response_count", 0)
    print(json.dumps({
        "pages": responses - robots, "seconds": round(seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "status_200": stats.get("downloader/response_status_count/200", 0), "robots": robots,
        "scrapy": scrapy.__version__,
    }))


if __name__ == "__main__":
    main()
