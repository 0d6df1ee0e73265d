"""What a researcher's SQL may do: read this database and nothing else.

Two layers, both DuckDB's own rather than a hand-written SQL filter. The connection is opened
read-only with external access off and its configuration locked, so no statement can write,
attach, copy out, install or load extensions, or read another file, however it is spelled.
DuckDB's parser then admits only query statements, so statements that would be no-ops on a
read-only file (CHECKPOINT, a temporary table, BEGIN) are refused with a message instead of
"succeeding" without effect.
"""
from __future__ import annotations

import duckdb

from db.errors import QueryRefused

CONNECTION_CONFIG = {
    "enable_external_access": False,  # no file, URL or extension beyond the database itself
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "temp_directory": "",  # a huge sort fails for memory instead of spilling files beside the database
    "lock_configuration": True,  # nothing above can be SET back
}

_QUERIES = frozenset({
    duckdb.StatementType.SELECT,  # also WITH, FROM-first, VALUES, SUMMARIZE, DESCRIBE, SHOW
    duckdb.StatementType.EXPLAIN,
    duckdb.StatementType.PRAGMA,  # the ones that change settings fail on the locked configuration
    duckdb.StatementType.MULTI,  # PIVOT
})
ALLOWED = "SELECT (with WITH, FROM, SUMMARIZE, DESCRIBE, SHOW, PIVOT), EXPLAIN and PRAGMA"


def check_query(sql: str) -> None:
    """Raise QueryRefused unless every statement in SQL is a query (duckdb.ParserException if it does not parse)."""
    statements = duckdb.extract_statements(sql)
    if not statements:
        raise QueryRefused("no SQL statement to run: the query is empty or only comments")
    for statement in statements:
        if statement.type not in _QUERIES:
            words = statement.query.split()
            verb = words[0].upper() if words else str(statement.type).rsplit(".", 1)[-1]
            raise QueryRefused(f"refused: {verb} is not allowed; the database is read-only here and only "
                               f"{ALLOWED} statements run")


def refusal(exc: duckdb.Error) -> QueryRefused | None:
    """The clear refusal behind a DuckDB error raised by the locked connection, or None for an ordinary SQL error."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException):
        return QueryRefused(f"refused: queries cannot reach files, URLs or extensions outside the database ({first})")
    if "configuration has been locked" in first:
        return QueryRefused(f"refused: settings cannot be changed here ({first})")
    if "read-only mode" in first:
        return QueryRefused(f"refused: the database is read-only here ({first})")
    return None
