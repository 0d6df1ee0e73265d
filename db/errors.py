"""Errors the database layer raises for problems a user can fix."""
from __future__ import annotations

import errno

# How "no room to write" reads in an OSError and in DuckDB's IO errors (which carry strerror text)
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
_FULL_TEXTS = ("No space left on device", "File too large", "Disk quota exceeded")


class DatabaseError(Exception):
    """The database file cannot be used: unreadable, not DuckDB, locked, or from a newer schema."""


class DatabaseBusy(DatabaseError):
    """Another process holds the database file's lock (a writer, or a reader of it at that instant)."""


class QueryRefused(Exception):
    """A researcher's SQL tried to write, change settings, or reach files outside the database."""


class QueryTimedOut(Exception):
    """A researcher's SQL ran past its time limit and was stopped."""


def disk_full(exc: BaseException) -> str | None:
    """The first line of the disk-full or file-too-large error in EXC's chain, or None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    # a failed commit is often followed by a second error while cleaning up (marking the run
    # failed, rolling back): the cause sits somewhere in the chain, not necessarily on top
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).strip()
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return text.splitlines()[0] if text else (current.strerror or type(current).__name__)
        if any(marker in text for marker in _FULL_TEXTS):
            return next(line for line in text.splitlines() if any(m in line for m in _FULL_TEXTS)).strip()
        current = current.__cause__ or current.__context__
    return None
