"""The Disputes page's stored tables (claim_rivals, stored_disputes, dispute_series, migration 019),
brought up to date by db.stored_facts right after conflict_pairs, for the pair groups it changed.

Every row derives from the pairs of one pair group, so replacing a group's rows is exact; the
rules live in the migration's macros."""
from __future__ import annotations

import duckdb

TABLES = ("claim_rivals", "stored_disputes", "dispute_series")
# the macro that computes each table's rows, in the order they are filled (disputes read claim_rivals)
_MACROS = {"claim_rivals": "claim_rivals_among", "stored_disputes": "disputes_among",
           "dispute_series": "dispute_series_among"}


def _present(con: duckdb.DuckDBPyConnection) -> bool:
    # a database written before schema 19 (as the upgrade tests do) has none: migration 19 fills them
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stored_disputes' "
                       "AND schema_name = 'main' AND database_name = current_database()").fetchone()[0] > 0


def refresh(con: duckdb.DuckDBPyConnection, groups: list[int]) -> None:
    """Recompute the rows of the pair groups GROUPS (those whose pairs were just replaced)."""
    if not groups or not _present(con):
        return
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE pair_group IN (SELECT unnest(?::UBIGINT[]))", [groups])
    for table in TABLES:
        con.execute(f"INSERT INTO {table} SELECT * FROM {_MACROS[table]}(?::UBIGINT[])", [groups])


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every row from conflict_pairs."""
    if not _present(con):
        return
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    for table in TABLES:
        con.execute(f"INSERT INTO {table} SELECT * FROM {_MACROS[table]}(NULL)")
