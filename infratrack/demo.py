"""`infratrack demo`: serve the bundled site, crawl it for real, extract, check, summarise."""
from __future__ import annotations

from pathlib import Path

from crawler import Source
from infratrack.config import Config
from infratrack.demo_server import DemoServer
from infratrack.pipeline import run_crawl, run_extract

DEMO_DELAY_S = 0.05  # one local host: a short delay keeps the demo quick and still exercises politeness


def demo_sources(base_url: str) -> list[Source]:
    """The demo site's feeds and sitemap index, as a user would list them in sources.toml."""
    return [
        Source("TechWire Daily", "feed", f"{base_url}/techwire/feed.xml", "en"),
        Source("Datacenter Ledger", "feed", f"{base_url}/dcledger/atom.xml", "en"),
        Source("Le Journal de l'IA", "feed", f"{base_url}/journal-ia/rss.xml", "fr"),
        Source("L'Écho du Calcul", "feed", f"{base_url}/echo-calcul/feed.xml", "fr"),
        Source("Demo sitemap", "sitemap", f"{base_url}/sitemap.xml"),
    ]


def run_demo(cfg: Config, port: int) -> tuple[dict, dict]:
    """Crawl and extract the demo site into cfg.db_path; returns the crawl and extract counters."""
    cfg = cfg.with_overrides(allow_private_hosts=True)
    with DemoServer(port=port) as server:
        crawl = run_crawl(cfg, demo_sources(server.base_url))
    extract = run_extract(Path(cfg.db_path))
    return crawl.as_dict(), extract.as_dict()
