"""What the dashboard reads, always through db.reader, and how it reports an unusable database."""
from __future__ import annotations

import os
from typing import Any, NoReturn

import streamlit as st

from dashboard.formatting import escape_markdown
from db import reader
from db.errors import DatabaseError
from infratrack.settings import DB_ENV, DEFAULT_DB

# Short enough that a finished crawl shows up almost at once, long enough that widget
# interactions do not reopen the file on every rerun.
CACHE_TTL_S = 10

DEMO_HINT = "Run `infratrack demo` to create a demo database, or set `INFRATRACK_DB` to the path of an existing one."


def db_path() -> str:
    """Path of the database: $INFRATRACK_DB, else infratrack.duckdb in the working folder."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


# Only plain data is cached, keyed on the path string: db.reader opens and closes a
# connection per call, so no connection outlives a query and the crawler can still write.
@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_counts(path: str) -> dict[str, int]:
    """Headline counts of the database at PATH."""
    return reader.counts(path)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_contradictions(path: str) -> list[dict[str, Any]]:
    """Current contradictions of the database at PATH, most severe first."""
    return reader.contradictions(path).records()


def stop_on_database_error(exc: DatabaseError) -> NoReturn:
    """Show why the database cannot be read, with a hint, and end this run of the page."""
    # The message embeds the path and DuckDB's own words; escaped so neither is read as markdown.
    st.error(f"{escape_markdown(str(exc))}\n\n{DEMO_HINT}", icon=":material/database:")
    st.stop()
