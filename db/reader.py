"""Every read the dashboard, the CLI and researchers make: read-only connections opened per call."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import duckdb

from db import duck, snapshot, triage
from db.connection import open_for_reading, require_database
from db.errors import DatabaseError, QueryTimedOut
from db.read_only_sql import CONNECTION_CONFIG, check_query, refusal


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple]
    arrow: Any = None  # a pyarrow.Table with DuckDB's column types, when asked for instead of rows

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, r)) for r in self.rows]


@contextmanager
def read_connection(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the database's published snapshot, with the verdicts joined in."""
    # A connection is opened per call and closed at once, never cached, and it opens the read
    # snapshot rather than the database: a running crawl never blocks it and it never blocks
    # the crawl (see db/snapshot.py for the measurements behind this design).
    require_database(path)
    con = open_for_reading(path)
    try:
        triage.install(con, path)
        yield con
    finally:
        con.close()


def query(path: str | Path, sql: str, params: list | dict | None = None) -> QueryResult:
    """Run one trusted read query of ours."""
    return queries(path, [(sql, params)])[0]


def queries(path: str | Path, statements: list[tuple[str, list | dict | None]]) -> list[QueryResult]:
    """Run trusted read queries of ours on one connection, so they see the same state."""
    with read_connection(path) as con:
        return _results(con, statements)


def _results(con: duckdb.DuckDBPyConnection, statements: list[tuple[str, list | dict | None]]) -> list[QueryResult]:
    results = []
    for sql, params in statements:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description] if cur.description else []
        results.append(QueryResult(cols, cur.fetchall()))
    return results


def user_query(path: str | Path, sql: str, timeout_s: float | None = None, arrow: bool = False) -> QueryResult:
    """Run a researcher's SQL on a locked read-only connection: QueryRefused for anything but a query,
    QueryTimedOut when it runs past TIMEOUT_S seconds; with ARROW the result is a typed Arrow table."""
    path = Path(path)
    require_database(path)
    check_query(sql)
    con = None
    for target in snapshot.read_targets(path):
        try:
            con = duck.connect(str(target), read_only=True, config=CONNECTION_CONFIG)
            break
        except duckdb.Error as exc:
            error = exc
    if con is None:
        raise DatabaseError(f"{path}: cannot open the database: {str(error).splitlines()[0]}") from error
    # DuckDB has no statement timeout: a timer interrupts the connection, which stops the query
    # where it is and raises InterruptException in this thread
    timer = threading.Timer(timeout_s, con.interrupt) if timeout_s is not None else None
    try:
        triage.install(con, path)
        if timer is not None:
            timer.start()
        rel = con.sql(sql) if arrow else None
        if rel is not None:
            # a relation hands its rows to Arrow directly; a DB-API cursor copies them once more (and
            # DuckDB warns about it on stderr). to_arrow_table is DuckDB 1.4's name for older versions' arrow()
            to_arrow = getattr(rel, "to_arrow_table", None) or rel.arrow
            return QueryResult(list(rel.columns), [], to_arrow())
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        if arrow:  # a statement that gives no relation still gives its (empty) result
            to_arrow = getattr(cur, "to_arrow_table", None) or cur.fetch_arrow_table
            return QueryResult(cols, [], to_arrow())
        return QueryResult(cols, cur.fetchall())
    except duckdb.InterruptException as exc:
        raise QueryTimedOut(f"stopped after {timeout_s:g} s: the query ran past its time limit; "
                            "narrow it (WHERE, LIMIT) or raise the limit") from exc
    except duckdb.Error as exc:
        refused = refusal(exc)
        if refused is not None:
            raise refused from exc
        raise
    finally:
        if timer is not None:
            timer.cancel()
        con.close()


_CONTRADICTION_ORDER = "ORDER BY severity DESC, subject, attribute, conflict_id"


def contradictions(path: str | Path) -> QueryResult:
    """All current contradictions, most severe first."""
    return query(path, f"SELECT * FROM contradictions {_CONTRADICTION_ORDER}")


@dataclass(frozen=True)
class ContradictionFilter:
    """Which contradictions to list; an empty choice means every value."""

    subjects: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    min_severity: float = 0.0
    start: date | None = None  # the pair's as-of dates overlap [start, end]
    end: date | None = None
    statuses: tuple[str, ...] = ()

    def condition(self) -> tuple[str, list]:
        """The condition over the contradictions view's columns, and its parameters."""
        conditions, params = ["COALESCE(severity, 0) >= ?"], [self.min_severity]
        for column, values in (("subject", self.subjects), ("attribute", self.attributes), ("status", self.statuses)):
            if values:
                conditions.append(f"{column} = ANY(?::VARCHAR[])")
                params.append(list(values))
        if self.start is not None:
            conditions.append("greatest(as_of_a, as_of_b) >= ?")
            params.append(self.start)
        if self.end is not None:
            conditions.append("least(as_of_a, as_of_b) <= ?")
            params.append(self.end)
        return " AND ".join(conditions), params


@dataclass(frozen=True)
class ContradictionSummary:
    """What a list of contradictions is drawn from: counts and the values worth filtering on."""

    articles: int
    claims: int
    total: int  # every contradiction
    open: int  # those not resolved or dismissed (open or confirmed)
    subjects: list[str]  # every subject and attribute that has a contradiction
    attributes: list[str]


def contradiction_summary(path: str | Path) -> ContradictionSummary:
    """Counts of articles, claims, all and open contradictions, and the contradictions' subjects and attributes."""
    # one pass over the contradictions for everything
    (articles, claims, total, open_, subjects, attributes), = query(
        path,
        """SELECT (SELECT count(*) FROM articles WHERE origin = 'news'), (SELECT count(*) FROM claims), count(*),
                  count(*) FILTER (WHERE status IN ('open', 'confirmed')),
                  COALESCE(list(DISTINCT subject ORDER BY subject), []),
                  COALESCE(list(DISTINCT attribute ORDER BY attribute), [])
           FROM contradictions""",
    ).rows
    return ContradictionSummary(articles, claims, total, open_, subjects, attributes)


def contradiction_page(path: str | Path, chosen: ContradictionFilter, limit: int,
                       offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """How many contradictions match CHOSEN, and LIMIT of them from OFFSET, most severe first."""
    condition, params = chosen.condition()
    matching, rows = queries(path, [
        (f"SELECT count(*) FROM contradictions WHERE {condition}", params),
        (f"SELECT * FROM contradictions WHERE {condition} {_CONTRADICTION_ORDER} LIMIT ? OFFSET ?",
         [*params, limit, offset]),
    ])
    return matching.rows[0][0], rows.records()


def claims_per_attribute(path: str | Path) -> dict[str, int]:
    """Number of claims for each attribute."""
    res = query(path, "SELECT attribute, count(*) FROM claims GROUP BY attribute ORDER BY attribute")
    return dict(res.rows)


def counts(path: str | Path) -> dict[str, int]:
    """Headline counts: pages, articles, claims, contradictions, publishers."""
    res = query(
        path,
        """SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM articles WHERE origin = 'news'),
                  (SELECT count(*) FROM claims), (SELECT count(*) FROM contradictions),
                  (SELECT count(DISTINCT publisher) FROM articles WHERE origin = 'news'),
                  (SELECT count(*) FROM articles WHERE origin = 'reference')""",
    )
    pages, articles, claims, conflicts, publishers, references = res.rows[0]
    return {"pages": pages, "articles": articles, "claims": claims, "contradictions": conflicts, "publishers": publishers,
            "reference_records": references}


def recent_runs(path: str | Path, limit: int = 10) -> QueryResult:
    """The latest runs, newest first."""
    return query(
        path,
        "SELECT run_id, command, started_at, finished_at, status, counts, error FROM runs "
        "ORDER BY started_at DESC LIMIT ?",
        [limit],
    )


def entity_rows(path: str | Path) -> QueryResult:
    """Entities with their aliases and claim counts."""
    return query(
        path,
        """SELECT e.entity_id, e.name, e.kind, e.origin,
                  (SELECT string_agg(alias, ', ' ORDER BY alias) FROM aliases a WHERE a.entity_id = e.entity_id) AS aliases,
                  (SELECT count(*) FROM claims c WHERE c.entity_id = e.entity_id) AS claims
           FROM entities e ORDER BY e.name""",
    )


# --- Dashboard reads (overview, entities, articles, sources). Every one is parameterised and
# --- opens its own short read-only connection through query().

# A fetch belongs to a source when it fetched the source's own URL (feed, sitemap, seed) or an
# article URL the source listed first (frontier.source_id). Child sitemaps of an index and
# robots.txt are not attributed. UNION (not UNION ALL): a seed's URL is both, counted once.
_SOURCE_FETCHES = """
    SELECT s.source_id, f.fetch_id, f.outcome, f.reason, f.fetched_at
    FROM fetches f JOIN sources s ON s.url = f.url
    UNION
    SELECT fr.source_id, f.fetch_id, f.outcome, f.reason, f.fetched_at
    FROM fetches f JOIN frontier fr ON fr.url = f.url
    WHERE fr.source_id IS NOT NULL
"""


def overview_counts(path: str | Path) -> dict[str, int]:
    """Headline counts: articles, claims, open and all contradictions, publishers, sources."""
    res = query(
        path,
        """SELECT (SELECT count(*) FROM articles WHERE origin = 'news'), (SELECT count(*) FROM claims),
                  count(*) FILTER (WHERE status IN ('open', 'confirmed')), count(*),
                  (SELECT count(DISTINCT publisher) FROM articles WHERE origin = 'news'), (SELECT count(*) FROM sources)
           FROM contradictions""",
    )
    keys = ("articles", "claims", "open_contradictions", "contradictions", "publishers", "sources")
    return dict(zip(keys, res.rows[0]))


def source_health(path: str | Path) -> QueryResult:
    """Every source with its last fetch and the number of attributed fetches per outcome."""
    return query(
        path,
        f"""WITH sf AS ({_SOURCE_FETCHES})
            SELECT s.name, s.kind, s.url, s.enabled, s.last_fetched_at, s.last_status,
                   count(sf.fetch_id) FILTER (WHERE sf.outcome = 'ok') AS ok,
                   count(sf.fetch_id) FILTER (WHERE sf.outcome = 'not_modified') AS not_modified,
                   count(sf.fetch_id) FILTER (WHERE sf.outcome = 'skipped') AS skipped,
                   count(sf.fetch_id) FILTER (WHERE sf.outcome = 'error') AS errors,
                   count(sf.fetch_id) AS fetches
            FROM sources s LEFT JOIN sf ON sf.source_id = s.source_id
            GROUP BY s.source_id, s.name, s.kind, s.url, s.enabled, s.last_fetched_at, s.last_status
            ORDER BY s.name, s.url""",
    )


def source_errors_by_reason(path: str | Path) -> QueryResult:
    """Failed fetches attributed to each source, grouped by reason, most frequent first."""
    return query(
        path,
        f"""WITH sf AS ({_SOURCE_FETCHES})
            SELECT s.name AS source, COALESCE(sf.reason, 'unknown') AS reason, count(*) AS errors,
                   max(sf.fetched_at) AS last_seen
            FROM sf JOIN sources s USING (source_id)
            WHERE sf.outcome = 'error'
            GROUP BY ALL ORDER BY errors DESC, source, reason""",
    )


def fetch_errors_by_reason(path: str | Path, days: int = 7) -> QueryResult:
    """Failed fetches of the last DAYS days, grouped by reason, most frequent first."""
    return query(
        path,
        """SELECT COALESCE(reason, 'unknown') AS reason, count(*) AS errors, max(fetched_at) AS last_seen
           FROM fetches
           WHERE outcome = 'error' AND fetched_at >= now() - to_days(CAST(? AS INTEGER))
           GROUP BY ALL ORDER BY errors DESC, reason""",
        [days],
    )


def claim_subjects(path: str | Path) -> QueryResult:
    """Subjects with claims (after alias resolution): subject_key, display name, claim count."""
    return query(
        path,
        # an entity's name, else the subject's most frequent spelling, looked for only where needed
        """WITH counts AS (SELECT subject_key, count(*) AS claims FROM stored_claim_facts GROUP BY subject_key),
           named AS (SELECT c.subject_key, e.name, c.claims FROM counts c LEFT JOIN entities e ON e.entity_id = c.subject_key),
           spelled AS (SELECT subject_key, mode(subject) AS name FROM stored_claim_facts
                       WHERE subject_key IN (SELECT subject_key FROM named WHERE name IS NULL) GROUP BY subject_key)
           SELECT n.subject_key, COALESCE(n.name, s.name) AS name, n.claims
           FROM named n LEFT JOIN spelled s USING (subject_key)
           ORDER BY n.claims DESC, name""",
    )


# The rules (the latest window, contested values, claims judged wrong left out) live in the
# consensus_among macro of db/views.sql. The open pairs' claims are read from the stored pairs when
# they hold the current settings' (consensus_of reads the contradictions view, whose live branch
# alone costs about 0.4 s at a million claims).
_CONSENSUS = """
    SELECT attribute, hardware, unit, as_of, median_value, text_value, low_value, high_value, claims, publishers,
           corroboration, contested, contested_claims
    FROM consensus_among($subject, (SELECT list(claim_id) FROM {open_claims}($subject)))"""


def _consensus_sql(con: duckdb.DuckDBPyConnection) -> str:
    stored = con.execute("SELECT conflict_pairs_current()").fetchone()[0]
    return _CONSENSUS.format(open_claims="stored_open_claims_of" if stored else "open_claims_of")


_TIMELINE = """
    SELECT f.claim_id, f.attribute, f.hardware, f.value, f.modality, f.as_of_effective AS as_of, f.publisher, a.title
    FROM stored_claim_facts f JOIN articles a USING (article_id)
    WHERE f.subject_key = $subject AND list_contains($attributes, f.attribute) AND f.value IS NOT NULL
    ORDER BY f.as_of_effective, f.attribute, f.publisher"""

_UPDATES = """
    SELECT attribute, hardware, earlier_value, earlier_as_of, earlier_publisher,
           later_value, later_as_of, later_publisher, change
    FROM updates_of($subject) ORDER BY attribute, earlier_as_of, later_as_of"""

# `total` on every row: how many promises there are when only the first LIMIT are read
_PROMISES = """
    SELECT attribute, hardware, planned_value, planned_as_of, planned_publisher,
           actual_value, actual_as_of, actual_publisher, days_later, kept, planned_quote, actual_quote,
           count(*) OVER () AS total
    FROM promises_of($subject) ORDER BY attribute, planned_as_of, actual_as_of, actual_publisher LIMIT $limit"""


def subject_consensus(path: str | Path, subject_key: str) -> QueryResult:
    """Per attribute, hardware and unit: the actual claims of the latest window, their median, range and
    support, and whether an open contradiction among them leaves the value contested."""
    with read_connection(path) as con:
        return _results(con, [(_consensus_sql(con), {"subject": subject_key})])[0]


def subject_timeline(path: str | Path, subject_key: str, attributes: list[str]) -> QueryResult:
    """Every claim with a value about SUBJECT_KEY for the given attributes, oldest first."""
    return query(path, _TIMELINE, {"subject": subject_key, "attributes": list(attributes)})


def subject_updates(path: str | Path, subject_key: str) -> QueryResult:
    """Later figures that changed (the updates view) for SUBJECT_KEY."""
    return query(path, _UPDATES, {"subject": subject_key})


def subject_promises(path: str | Path, subject_key: str, limit: int | None = None) -> QueryResult:
    """Planned figures and what came of them (the promises view) for SUBJECT_KEY, the first LIMIT when given."""
    return query(path, _PROMISES, {"subject": subject_key, "limit": limit})


def subject_facts(path: str | Path, subject_key: str, attributes: list[str],
                  promises_limit: int | None = None) -> dict[str, QueryResult]:
    """A subject's consensus, timeline, updates and promises, read on one connection: the later
    reads find the subject's rows already in memory."""
    subject = {"subject": subject_key}
    with read_connection(path) as con:
        consensus, timeline, updates, promises = _results(con, [
            (_consensus_sql(con), subject), (_TIMELINE, {**subject, "attributes": list(attributes)}),
            (_UPDATES, subject), (_PROMISES, {**subject, "limit": promises_limit}),
        ])
    return {"consensus": consensus, "timeline": timeline, "updates": updates, "promises": promises}


def _like_pattern(term: str) -> str:
    # The term is data, not a pattern: its own % and _ must match literally.
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_articles(path: str | Path, term: str = "", limit: int = 200) -> QueryResult:
    """Articles whose title or text contains TERM (case-insensitive; all when empty), newest first."""
    term = term.strip()
    pattern = _like_pattern(term)
    # the claims are counted for the articles shown only, not for every article
    return query(
        path,
        r"""WITH found AS (
               SELECT article_id, title, publisher, CAST(published_at AS DATE) AS published_on, url, published_at
               FROM articles
               WHERE origin = 'news' AND (? OR title ILIKE ? ESCAPE '\' OR text ILIKE ? ESCAPE '\')
               ORDER BY published_at DESC NULLS LAST, title
               LIMIT ?)
           SELECT f.article_id, f.title, f.publisher, f.published_on, f.url, count(c.claim_id) AS claims
           FROM found f LEFT JOIN claims c USING (article_id)
           GROUP BY f.article_id, f.title, f.publisher, f.published_on, f.url, f.published_at
           ORDER BY f.published_at DESC NULLS LAST, f.title""",
        [not term, pattern, pattern, limit],
    )


def article(path: str | Path, article_id: str) -> dict[str, Any] | None:
    """One article with its text and metadata, or None."""
    res = query(
        path,
        """SELECT article_id, url, title, publisher, author, published_at, lang, text
           FROM articles WHERE article_id = ?""",
        [article_id],
    )
    records = res.records()
    return records[0] if records else None


def article_claims(path: str | Path, article_id: str) -> QueryResult:
    """The claims of one article in text order, with their offsets."""
    return query(
        path,
        """SELECT claim_id, subject, attribute, hardware, value, low, high, value_text, unit, modality, as_of,
                  speaker, quote, start_offset, end_offset
           FROM claims WHERE article_id = ? ORDER BY start_offset, attribute""",
        [article_id],
    )


def stored_page(path: str | Path, article_id: str) -> dict[str, Any] | None:
    """The page an article was extracted from as stored (url, fetch dates, its HTML), or None when
    the article came from a local file or its page is gone; html is None and error says why when
    the body cannot be read."""
    from db.page_bodies import BodyMissing, BodyRef, BodyStore, html_of

    rows = query(
        path,
        """SELECT url, final_url, first_seen_at, fetched_at, warc_date, content_type, html_gz, body_file, body_offset,
                  body_length
           FROM pages WHERE url_hash = ?""",
        [article_id],
    ).records()
    if not rows:
        return None
    page = rows[0]
    inline, ref = page.pop("html_gz"), None
    file, offset, length = page.pop("body_file"), page.pop("body_offset"), page.pop("body_length")
    if file is not None:
        ref = BodyRef(file, offset, length)
    # bodies live beside the database file, not beside the snapshot the query read
    try:
        page["html"], page["error"] = html_of(BodyStore.beside(path), inline, ref), None
    except BodyMissing as exc:
        page["html"], page["error"] = None, str(exc)
    return page


def reference_records(path: str | Path) -> int:
    """How many rows of reference data (origin 'reference') are stored as pseudo-articles."""
    return query(path, "SELECT count(*) FROM articles WHERE origin = 'reference'").rows[0][0]


# Per source and run: the pages a run fetched for the source (found through it first) and what
# extraction made of them. A run that fetched the source itself but no page of it is listed too,
# with zero articles: a feed that stopped listing anything, or a site whose pages all fail.
_SOURCE_RUNS = """
    WITH page_fetches AS (
        SELECT f.run_id, COALESCE(fr.source_id, p.source_id) AS source_id, p.url_hash
        FROM fetches f JOIN pages p ON p.url = f.url LEFT JOIN frontier fr ON fr.url = f.url
        WHERE f.kind = 'page' AND f.outcome = 'ok' AND f.run_id IS NOT NULL
        GROUP BY ALL
    ),
    own AS (
        SELECT DISTINCT f.run_id, s.source_id FROM fetches f JOIN sources s ON s.url = f.url WHERE f.run_id IS NOT NULL
    ),
    claimed AS (SELECT DISTINCT article_id FROM claims WHERE article_id IN (SELECT url_hash FROM page_fetches)),
    per AS (
        SELECT pf.run_id, pf.source_id, count(*) AS pages, count(a.article_id) AS articles,
               count(*) FILTER (WHERE a.article_id IS NULL) AS without_text,
               count(*) FILTER (WHERE a.article_id IS NOT NULL AND a.published_at IS NULL) AS without_date,
               count(*) FILTER (WHERE a.article_id IS NOT NULL AND k.article_id IS NULL) AS without_claims
        FROM page_fetches pf
        LEFT JOIN articles a ON a.article_id = pf.url_hash AND a.origin = 'news'
        LEFT JOIN claimed k ON k.article_id = a.article_id
        GROUP BY ALL
    ),
    pairs AS (SELECT run_id, source_id FROM own UNION SELECT run_id, source_id FROM per)
    SELECT s.name AS source, r.run_id, r.command, r.started_at,
           COALESCE(per.pages, 0) AS pages, COALESCE(per.articles, 0) AS articles,
           COALESCE(per.without_text, 0) AS without_text, COALESCE(per.without_date, 0) AS without_date,
           COALESCE(per.without_claims, 0) AS without_claims
    FROM pairs JOIN runs r USING (run_id) JOIN sources s USING (source_id)
    LEFT JOIN per USING (run_id, source_id)
    WHERE r.started_at >= now() - to_days(CAST(? AS INTEGER))
    ORDER BY s.name, r.started_at DESC, r.run_id"""


def source_runs(path: str | Path, days: int = 90) -> QueryResult:
    """Per source and run of the last DAYS days: pages fetched, articles, pages without text, articles
    without a date or without claims (a run that fetched the source but found no page has zeros)."""
    return query(path, _SOURCE_RUNS, [days])
