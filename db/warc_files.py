"""The warc_files table: which WARC files a backfill has read, so a re-run skips what is loaded."""
from __future__ import annotations

from dataclasses import astuple, fields
from datetime import datetime, timezone

import duckdb

from db.records import WarcFileRecord

_COLUMNS = [f.name for f in fields(WarcFileRecord)]
# a file read with a window [since, until) holds every record a request for a narrower window needs
_COVERS = ("status IN ('done', 'skipped') AND (since IS NULL OR (CAST(? AS TIMESTAMPTZ) IS NOT NULL AND since <= ?)) "
           "AND (until IS NULL OR (CAST(? AS TIMESTAMPTZ) IS NOT NULL AND until >= ?))")


def _window(since: datetime | None, until: datetime | None) -> list:
    return [since, since, until, until]


def done_checksum(con: duckdb.DuckDBPyConnection, name: str, size: int, since: datetime | None = None,
                  until: datetime | None = None) -> str | None:
    """Checksum of a loaded file with this name and size whose window covers [since, until), if any."""
    row = con.execute(f"SELECT checksum FROM warc_files WHERE name = ? AND size = ? AND {_COVERS} "
                      "ORDER BY processed_at DESC LIMIT 1", [name, size, *_window(since, until)]).fetchone()
    return row[0] if row else None


def is_done(con: duckdb.DuckDBPyConnection, checksum: str, since: datetime | None = None,
            until: datetime | None = None) -> bool:
    """Whether a file with this content is loaded for a window covering [since, until)."""
    return con.execute(f"SELECT 1 FROM warc_files WHERE checksum = ? AND {_COVERS}",
                       [checksum, *_window(since, until)]).fetchone() is not None


def record_file(con: duckdb.DuckDBPyConnection, row: WarcFileRecord) -> None:
    """Insert or replace the row of one file (joins the caller's transaction, if any)."""
    names = ", ".join(_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "checksum")
    con.execute(f"INSERT INTO warc_files ({names}, processed_at) VALUES ({', '.join('?' * len(_COLUMNS))}, ?) "
                f"ON CONFLICT (checksum) DO UPDATE SET {updates}, processed_at = excluded.processed_at",
                [*astuple(row), datetime.now(timezone.utc)])
