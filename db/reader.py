"""Every read the dashboard, the CLI and researchers make: read-only connections opened per call."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import duckdb

from db.connection import open_db
from db.errors import DatabaseError


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, r)) for r in self.rows]


@contextmanager
def _readonly(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    # A connection is opened per call and closed at once, never cached: a long-lived reader
    # would hold the file lock and block the crawler's writes.
    con = open_db(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


def query(path: str | Path, sql: str, params: list | None = None) -> QueryResult:
    """Run one trusted read query of ours."""
    with _readonly(path) as con:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description] if cur.description else []
        return QueryResult(cols, cur.fetchall())


def user_query(path: str | Path, sql: str) -> QueryResult:
    """Run a researcher's SQL on a read-only connection with no access to other files."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no such database; run `infratrack crawl` or `infratrack demo` first")
    try:
        con = duckdb.connect(
            str(path),
            read_only=True,
            config={"enable_external_access": False, "lock_configuration": True},
        )
    except duckdb.Error as exc:
        raise DatabaseError(f"{path}: cannot open the database: {str(exc).splitlines()[0]}") from exc
    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        return QueryResult(cols, cur.fetchall())
    finally:
        con.close()


def contradictions(path: str | Path) -> QueryResult:
    """All current contradictions, most severe first."""
    return query(path, "SELECT * FROM contradictions ORDER BY severity DESC, subject, attribute")


def claims_per_attribute(path: str | Path) -> dict[str, int]:
    """Number of claims for each attribute."""
    res = query(path, "SELECT attribute, count(*) FROM claims GROUP BY attribute ORDER BY attribute")
    return dict(res.rows)


def counts(path: str | Path) -> dict[str, int]:
    """Headline counts: pages, articles, claims, contradictions, publishers."""
    res = query(
        path,
        """SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM articles), (SELECT count(*) FROM claims),
                  (SELECT count(*) FROM contradictions), (SELECT count(DISTINCT publisher) FROM articles)""",
    )
    pages, articles, claims, conflicts, publishers = res.rows[0]
    return {"pages": pages, "articles": articles, "claims": claims, "contradictions": conflicts, "publishers": publishers}


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
