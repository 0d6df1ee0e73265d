"""The schema's views and macros: created from db/views.sql, the one place they are defined.

Migrations change tables, once each and in order; views and macros hold no data, so they are
replaced whole whenever views.sql changes (its header says why). This module does that after the
migrations, records the file's SHA-256 in schema_views, and rebuilds the tables derived by the
rules when a definition changed."""
from __future__ import annotations

import hashlib
from importlib import resources

import duckdb

SQL = resources.files("db").joinpath("views.sql").read_text(encoding="utf-8")
DIGEST = hashlib.sha256(SQL.encode("utf-8")).hexdigest()

# Views and macros of the database itself: not DuckDB's own, nor those of an attached database.
_OURS = "NOT internal AND schema_name = 'main' AND database_name = current_database()"


def current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds the views and macros of this infratrack's views.sql."""
    (has_table,), = con.execute(
        f"SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_views' AND {_OURS}").fetchall()
    if not has_table:
        return False
    return con.execute("SELECT sha256 FROM schema_views").fetchall() == [(DIGEST,)]


def definitions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every view and macro of the database, by name, as DuckDB stores its definition."""
    views = con.execute(f"SELECT 'view ' || view_name, sql FROM duckdb_views() WHERE {_OURS}").fetchall()
    # a macro can have several overloads: their definitions, in a stable order, make one entry
    macros = con.execute(
        f"SELECT function_type || ' ' || function_name, string_agg(macro_definition, ' | ' ORDER BY macro_definition) "
        f"FROM duckdb_functions() WHERE {_OURS} AND function_type IN ('macro', 'table_macro') GROUP BY ALL").fetchall()
    return dict(views + macros)


def apply(con: duckdb.DuckDBPyConnection) -> bool:
    """Replace every view and macro by those of views.sql, if the database has not taken this text yet.

    All of it in one transaction: a failure leaves the previous definitions. The stored tables of
    the check are rebuilt when any definition changed (a rule may have), the search index when the
    words rule did. Returns whether anything was done."""
    if current(con):
        return False
    # late imports: both modules import db.connection, which calls this
    from db import search, stored_facts

    con.execute("BEGIN TRANSACTION")
    try:
        before = definitions(con)
        for key in before:
            kind, name = key.split(" ", 1)
            con.execute({"view": "DROP VIEW {}", "macro": "DROP MACRO {}", "table_macro": "DROP MACRO TABLE {}"}[kind]
                        .format(name))
        con.execute(SQL)
        after = definitions(con)
        if before != after:
            stored_facts.rebuild(con)
        if before.get("macro search_words") != after.get("macro search_words"):
            search.rebuild(con)
        con.execute("DELETE FROM schema_views")
        con.execute("INSERT INTO schema_views VALUES (?, now())", [DIGEST])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True
