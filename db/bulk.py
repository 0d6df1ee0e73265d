"""Many rows in one statement: each column passed as one list parameter and unnested in SQL.

executemany runs one statement per row (about 1 ms each in DuckDB), and a multi-row VALUES list
is parsed and bound value by value (0.4 s for 2,000 frontier rows). Arrow tables are fast, but
importing pyarrow costs a crawl some 80 MB of resident memory. A list parameter is converted in
one call: the same 2,000 rows go in in about 30 ms."""
from __future__ import annotations

from collections.abc import Sequence

import duckdb

CHUNK_ROWS = 1000  # rows per statement: DuckDB's working memory for one statement stays bounded


def rows_relation(columns: int) -> str:
    """A subquery yielding the rows of COLUMNS list parameters $1..$n, zipped; alias its columns."""
    return "(SELECT " + ", ".join(f"unnest(${i + 1})" for i in range(columns)) + ")"


def execute_rows(con: duckdb.DuckDBPyConnection, sql: str, rows: Sequence[Sequence]) -> list[tuple]:
    """Run SQL with {rows} replaced by a relation of ROWS, CHUNK_ROWS at a time (not at all when
    there are none); what it returned."""
    out: list[tuple] = []
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start:start + CHUNK_ROWS]
        cursor = con.execute(sql.format(rows=rows_relation(len(chunk[0]))), [list(col) for col in zip(*chunk)])
        if cursor.description is not None:
            out += cursor.fetchall()
    return out
