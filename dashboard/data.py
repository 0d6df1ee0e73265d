"""What the dashboard reads, always through db.reader, and how it reports an unusable database."""
from __future__ import annotations

import functools
import os
from datetime import datetime, timezone
from typing import Any, Callable, NoReturn, TypeVar

import streamlit as st

from dashboard.formatting import escape_markdown
from db import disputes, reader, search
from db.data_version import data_version
from db.errors import DatabaseError
from infratrack.settings import DB_ENV, DEFAULT_DB

# Short enough that a finished crawl shows up almost at once, long enough that widget
# interactions do not reopen the file on every rerun.
CACHE_TTL_S = 10

# Timestamps in tables, to the minute: seconds and microseconds only widen the columns.
TIMESTAMP_COLUMN = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")

# The heavier reads are also keyed on the database's data version (db.data_version): a visit after
# the 10 s above reuses them until a write (a crawl's publish, a verdict) changes the files, so a
# page's queries run once per version rather than once per visit. The TTL only bounds memory.
VERSIONED_TTL_S = 600
_Load = TypeVar("_Load", bound=Callable[..., Any])


def versioned(load: _Load) -> _Load:
    """st.cache_data for LOAD(path, ...), keyed on the data version of PATH as well as the arguments."""
    def cached(path: str, version: tuple, *args: Any, **kwargs: Any) -> Any:
        return load(path, *args, **kwargs)

    # Streamlit keys a cache on the function's module, qualified name and source: one per loader
    cached.__qualname__ = f"{load.__qualname__}.versioned"
    cached.__module__ = load.__module__
    cached_load = st.cache_data(ttl=VERSIONED_TTL_S, show_spinner=False, max_entries=200)(cached)

    @functools.wraps(load)
    def read(path: str, *args: Any, **kwargs: Any) -> Any:
        return cached_load(path, data_version(path), *args, **kwargs)

    return read  # type: ignore[return-value]


DEMO_HINT = "Run `infratrack demo` to create a demo database, or set `INFRATRACK_DB` to the path of an existing one."


def db_path() -> str:
    """Path of the database: $INFRATRACK_DB, else infratrack.duckdb in the working folder."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


# Only plain data is cached, keyed on the path string: db.reader opens and closes a
# connection per call, so no connection outlives a query and the crawler can still write.
@versioned
def load_contradiction_summary(path: str) -> reader.ContradictionSummary:
    """Counts of all and open contradictions, and their subjects and attributes."""
    return disputes.summary(path)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_contradiction_page(path: str, chosen: reader.ContradictionFilter, limit: int,
                            offset: int) -> tuple[int, list[dict[str, Any]]]:
    """How many contradictions match CHOSEN, and LIMIT of them from OFFSET, most severe first."""
    return reader.contradiction_page(path, chosen, limit, offset)


@versioned
def load_overview_counts(path: str) -> dict[str, int]:
    """Articles, claims, open and all contradictions, publishers and sources of the database at PATH."""
    return disputes.overview_counts(path)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_recent_runs(path: str, limit: int = 10) -> list[dict[str, Any]]:
    """The latest runs, newest first."""
    return reader.recent_runs(path, limit).records()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_source_health(path: str) -> list[dict[str, Any]]:
    """Every source with its last fetch and fetch counts per outcome."""
    return reader.source_health(path).records()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_source_errors(path: str) -> list[dict[str, Any]]:
    """Failed fetches per source and reason."""
    return reader.source_errors_by_reason(path).records()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_fetch_errors(path: str, days: int) -> list[dict[str, Any]]:
    """Failed fetches of the last DAYS days by reason."""
    return reader.fetch_errors_by_reason(path, days).records()


@versioned
def load_subjects(path: str) -> list[dict[str, Any]]:
    """Subjects with claims, most claims first."""
    return reader.claim_subjects(path).records()


# Promises listed per subject: a busy subject of a large database has tens of thousands of
# plan and outcome pairs, more than anyone reads in a table.
PROMISES_SHOWN = 200


@versioned
def load_subject(path: str, subject_key: str, attributes: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """Consensus, timeline, updates and the first PROMISES_SHOWN promises of one subject."""
    facts = reader.subject_facts(path, subject_key, list(attributes), PROMISES_SHOWN)
    return {name: result.records() for name, result in facts.items()}


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_article_search(path: str, term: str) -> list[dict[str, Any]]:
    """Articles whose title or text contains TERM, newest first."""
    return reader.search_articles(path, term).records()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_article(path: str, article_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """One article and its claims in text order."""
    return reader.article(path, article_id), reader.article_claims(path, article_id).records()


@versioned
def load_search(path: str, query: str, chosen: search.SearchFilter, limit: int, offset: int) -> search.SearchResult:
    """Articles and quotes matching QUERY and CHOSEN, LIMIT from OFFSET, with the facets' counts."""
    return search.search(path, query, chosen, limit, offset)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_stored_page(path: str, article_id: str) -> dict[str, Any] | None:
    """The stored page of one article, with its HTML (None, and why, when its body cannot be read)."""
    return reader.stored_page(path, article_id)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_reference_records(path: str) -> int:
    """How many rows of reference data are stored as pseudo-articles."""
    return reader.reference_records(path)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_source_runs(path: str, days: int) -> list[dict[str, Any]]:
    """Per source and run of the last DAYS days: pages, articles, and pages without text, date or claims."""
    return reader.source_runs(path, days).records()


FOOTER_PREFIX = "Read from"


def footer(path: str) -> None:
    """The last element of every page: which database was read, and when."""
    # Always drawn last, so a browser can wait for it to know the page has finished rendering.
    now = datetime.now(timezone.utc).strftime("%H:%M:%S")
    st.caption(f"{FOOTER_PREFIX} {escape_markdown(path)} at {now} UTC; data is cached for {CACHE_TTL_S} s, "
               "the heavier reads until the database changes.")


def stop_on_database_error(exc: DatabaseError) -> NoReturn:
    """Show why the database cannot be read, with a hint, and end this run of the page."""
    # The message embeds the path and DuckDB's own words; escaped so neither is read as markdown.
    st.error(f"{escape_markdown(str(exc))}\n\n{DEMO_HINT}", icon=":material/database:")
    st.stop()


# --- Disputes, claims and entities (db.disputes) ---------------------------------------------

@versioned
def load_dispute_page(path: str, chosen: reader.ContradictionFilter, limit: int, offset: int,
                      order: str = "severity", rivals: int | None = None) -> tuple[int, int, list[disputes.Dispute]]:
    """How many disputes and pairs match CHOSEN, and LIMIT disputes from OFFSET (each with its RIVALS most severe rivals)."""
    return disputes.dispute_page(path, chosen, limit, offset, order, rivals)


@versioned
def load_dispute(path: str, claim_id: str, rivals: int | None = None) -> disputes.Dispute | None:
    """One claim against every claim that contradicts it (its RIVALS most severe when given)."""
    return disputes.dispute(path, claim_id, rivals)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load_claim(path: str, claim_id: str) -> dict[str, Any] | None:
    """One claim with its article and verdict."""
    return disputes.claim(path, claim_id)


@versioned
def load_claim_series(path: str, subject_key: str, attribute: str,
                      focus: str | None = None) -> tuple[list[dict[str, Any]], disputes.Band | None]:
    """A subject's claims of one attribute in time, with the consensus band."""
    return disputes.claim_series(path, subject_key, attribute, focus)


@versioned
def load_disputed_series(path: str) -> list[dict[str, Any]]:
    """Each subject and attribute with contradictions, most pairs first."""
    return disputes.disputed_series(path)


@versioned
def load_newest_claims(path: str, limit: int) -> list[dict[str, Any]]:
    """The claims of the most recently extracted articles."""
    return disputes.newest_claims(path, limit)


@versioned
def load_entity(path: str, key: str) -> dict[str, Any] | None:
    """One subject with its parents and children."""
    return disputes.entity(path, key)


@versioned
def load_attention(path: str, key: str) -> list[dict[str, Any]]:
    """Articles per week with a claim about the subject KEY."""
    return disputes.attention(path, key)


@versioned
def load_entity_figures(path: str, key: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Subject KEY's attributes with dated figures, and its planned figures not yet overtaken."""
    return disputes.charted_attributes(path, key), disputes.planned_figures(path, key)


@versioned
def load_subject_series(path: str, subject_key: str, attributes: tuple[str, ...]) -> dict[str, tuple[list, Any]]:
    """A subject's claims of each of ATTRIBUTES in time, with their consensus bands, in one read."""
    return disputes.subject_series(path, subject_key, list(attributes))
