"""Named defaults with their units, in one place."""
from __future__ import annotations

DEFAULT_DB = "infratrack.duckdb"
DB_ENV = "INFRATRACK_DB"
CONFIG_ENV = "INFRATRACK_CONFIG"
WEBHOOK_ENV = "INFRATRACK_WEBHOOK_URL"
DEFAULT_CONFIG_FILE = "infratrack.toml"

AGENT_NAME = "infratrack/0.1"
USER_AGENT = f"{AGENT_NAME} (+https://github.com/infratrack/infratrack; AI-infrastructure news research)"
CRAWL_DELAY_S = 1.0  # minimum seconds between two requests to one host
FETCH_TIMEOUT_S = 10.0  # connect/read timeout of one request
FETCH_TOTAL_TIMEOUT_S = 30.0  # wall time of one request including the body
MAX_BODY_BYTES = 5 * 1024 * 1024  # larger bodies are cut off and refused
MAX_PAGES_PER_RUN = 2000
GLOBAL_CONCURRENCY = 8  # requests in flight over all hosts (one per host at most)
MAX_RETRIES = 2  # further attempts after a transient failure within one run
MAX_URL_RUNS = 5  # runs in which a URL may fail transiently before it is marked failed
# DuckDB's memory cap while crawling, in MB (CrawlSettings.db_memory_mb has the same default): a crawl's
# peak RSS is meant to be this plus a fixed overhead (README "Memory"); raised only when a statement needs more
CRAWL_DB_MEMORY_MB = 256
# Seconds between two copies of the database for readers while a run writes (it always copies when it ends):
# each copy is the whole file, so at a few GB a copy per commit would be most of the run's work
SNAPSHOT_INTERVAL_S = 300.0
SOURCES_FILE = "sources.toml"  # the user's sources file in the working folder, if present

DASHBOARD_HOST = "127.0.0.1"
DASHBOARD_PORT = 8501
# Streamlit as an offline, read-only viewer: no usage statistics, no "Deploy" or developer menu, no
# file watcher (the app does not change under a running dashboard)
DASHBOARD_FLAGS = ("--server.headless=true", "--browser.gatherUsageStats=false", "--client.toolbarMode=viewer",
                   "--server.fileWatcherType=none", "--global.developmentMode=false")
DEMO_PORT = 8765  # fixed, so re-running the demo finds the same URLs and changes nothing
