"""Opening a DuckDB file and bringing its schema up to date."""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import duckdb

from db import duck, snapshot, views
from db.errors import DatabaseBusy, DatabaseError

T = TypeVar("T")
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """The numbered schema migrations shipped with the package, in order."""
    found = []
    for entry in resources.files("db.migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = max(v for v, _ in migrations())


# A reader opens the database file itself (not the snapshot) for a few milliseconds when the file
# changed after its last snapshot; a writer starting at that instant waits it out.
WRITE_LOCK_WAIT_S = 5.0


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + (0 if read_only else WRITE_LOCK_WAIT_S)
    while True:
        try:
            return _connect_once(path, read_only)
        except DatabaseBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _connect_once(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duck.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise DatabaseBusy(f"{path}: the database is in use by another infratrack process ({msg.splitlines()[0]})") from exc
        raise DatabaseError(f"{path}: cannot open the database: {msg.splitlines()[0]}") from exc
    except duckdb.ConnectionException as exc:
        if "different configuration" not in str(exc):
            raise DatabaseError(f"{path}: cannot open the database: {str(exc).splitlines()[0]}") from exc
        # this very process has the file open in the other mode (a writer, or a reader in another thread)
        raise DatabaseBusy(f"{path}: the database is open for writing in this process") from exc
    except (duckdb.Error, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DatabaseError(f"{path}: not a usable DuckDB database ({first})") from exc


def _current_version(con: duckdb.DuckDBPyConnection) -> int:
    # results fetched to the end: an unfinished one would block the caller's relational API (con.sql)
    (has_table,), = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main'"
    ).fetchall()
    if not has_table:
        return 0
    (version,), = con.execute("SELECT max(version) FROM schema_version").fetchall()
    return int(version or 0)


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Apply every migration newer than the file's version, each in its own transaction, then db/views.sql."""
    version = _current_version(con)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: the database has schema version {version}, newer than this infratrack "
            f"(which knows up to {SCHEMA_VERSION}); upgrade infratrack instead of opening it with an old one"
        )
    for number, sql in migrations():
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
            )
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    # after every migration, so a new database and one upgraded from any version get the same ones
    views.apply(con)
    return SCHEMA_VERSION


def require_database(path: str | Path) -> None:
    """Raise DatabaseError unless a database file exists at PATH (reading or changing one must not make one)."""
    if not Path(path).exists():
        raise DatabaseError(f"{path}: no such database; run `infratrack crawl` or `infratrack demo` first")


def open_db(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database at PATH with the current schema."""
    path = Path(path)
    if read_only:
        require_database(path)
        con = _connect(path, read_only=True)
        version = _current_version(con)
        if version > SCHEMA_VERSION:
            con.close()
            raise DatabaseError(f"{path}: the database has schema version {version}, newer than this infratrack")
        if version < SCHEMA_VERSION:
            con.close()
            raise DatabaseError(f"{path}: the database has an old schema ({version}); open it once for writing to upgrade")
        if not views.current(con):
            con.close()
            raise DatabaseError(f"{path}: the database's views differ from this infratrack's; open it once for writing to upgrade")
        return con
    if path.parent and not path.parent.exists():
        raise DatabaseError(f"{path}: the folder {path.parent} does not exist")
    con = _connect(path, read_only=False)
    try:
        migrate(con, path)
    except DatabaseError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"{path}: cannot apply the schema: {str(exc).splitlines()[0]}") from exc
    return con


def open_for_reading(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to what readers should see: the published snapshot of PATH (see db/snapshot.py)."""
    targets = snapshot.read_targets(path)
    for i, target in enumerate(targets):
        try:
            return open_db(target, read_only=True)
        except DatabaseBusy:
            # the database changed after its snapshot but a writer holds it now: the snapshot will do
            if i == len(targets) - 1:
                raise
    raise AssertionError("read_targets never returns an empty list")


@contextmanager
def connection(path: str | Path, read_only: bool = False,
               publish_interval_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Context manager around open_db that always closes the connection.

    A write connection publishes the read snapshot when the block ends, after a commit once
    PUBLISH_INTERVAL_S (default snapshot.MIN_INTERVAL_S) has passed since the last publish, and
    when it opens if the snapshot is missing or behind the database (a migration, a crash, the
    duckdb shell), so that readers never need the writer's file and see the current schema."""
    con = open_db(path, read_only=read_only)
    if read_only:
        try:
            yield con
        finally:
            con.close()
        return
    publisher = snapshot.Publisher(path, publish_interval_s)
    try:
        _adopt_legacy_verdicts(con, path)
        if snapshot.is_current(path):
            publisher.note_current()  # a copy of the same bytes would cost a full copy of the file for nothing
        else:
            _publish(con, publisher)
        snapshot.attach(con, publisher)
        yield con
        _publish(con, publisher)
    finally:
        snapshot.detach(con)
        con.close()
        publisher.close()
    # closing may touch the file after the last publish; from here on, a newer file means a
    # change made without infratrack (the duckdb shell), which readers then read directly
    snapshot.mark_current(path)


def _adopt_legacy_verdicts(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    from db import triage  # triage reads through open_db

    if con.execute("SELECT count(*) FROM main.triage").fetchone()[0]:
        triage.adopt_legacy(con, path)


def _publish(con: duckdb.DuckDBPyConnection, publisher: snapshot.Publisher) -> None:
    try:
        publisher(con, force=True)
    except (OSError, duckdb.Error) as exc:
        # Every write is committed in the database itself; only the readers' copy is behind.
        raise DatabaseError(f"{publisher.db_path}: the data is saved, but the read snapshot for the dashboard and "
                            f"`infratrack sql` could not be published ({str(exc).splitlines()[0]})") from exc


_DEPTH: dict[int, int] = {}
# Per open transaction: work to do just before it commits (db.stored_facts brings its tables
# up to date there, once for everything the transaction wrote), and the state that work keeps.
_BEFORE_COMMIT: dict[int, dict[str, object]] = {}


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """True while a transaction() block or a Batch is open on CON."""
    return bool(_DEPTH.get(id(con)))


def before_commit(con: duckdb.DuckDBPyConnection, key: str, make: Callable[[], T]) -> T:
    """The object stored under KEY for the open transaction, made by MAKE on first use.

    An object with a flush() method has it called just before the transaction commits, inside
    it: if flush() fails, nothing of the transaction is written."""
    if not in_transaction(con):
        raise RuntimeError("before_commit needs an open transaction")
    pending = _BEFORE_COMMIT.setdefault(id(con), {})
    if key not in pending:
        pending[key] = make()
    return pending[key]  # type: ignore[return-value]


def _finish(con: duckdb.DuckDBPyConnection, commit: bool) -> None:
    """End the open transaction: run the before-commit work and COMMIT, or ROLLBACK.

    The work runs while the transaction is still open, so its writes join it; if it fails,
    everything is rolled back and the error raised."""
    pending = _BEFORE_COMMIT.pop(id(con), {})
    try:
        if commit:
            for work in pending.values():
                work.flush()  # type: ignore[attr-defined]
    except BaseException:
        commit = False
        raise
    finally:
        _DEPTH.pop(id(con), None)
        if commit:
            con.execute("COMMIT")
        else:
            rollback_if_open(con)


def rollback_if_open(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back whatever transaction is open on CON, if one is, and forget its bookkeeping.

    A signal can land between a BEGIN and the block that would roll it back; whatever a stopped run
    writes next (its closing row) must not join that abandoned transaction and vanish with it."""
    _DEPTH.pop(id(con), None)
    _BEFORE_COMMIT.pop(id(con), None)
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:  # DuckDB cannot say whether one is open; asking is this
        pass


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run a block in one transaction: all of it is written, or none.

    Nested blocks join the outer transaction, so a whole re-extraction can be one atomic swap
    while each article's write stays atomic on its own."""
    key = id(con)
    if _DEPTH.get(key):
        _DEPTH[key] += 1
        try:
            yield con
        finally:
            _DEPTH[key] -= 1
        return
    _DEPTH[key] = 1
    try:
        con.execute("BEGIN TRANSACTION")  # inside the try: a signal right after it still rolls it back
        yield con
    except BaseException:
        _finish(con, commit=False)
        raise
    _finish(con, commit=True)
    snapshot.after_commit(con)


class Batch:
    """One open transaction that many small writes join, committed every so often.

    The crawler stores pages as they arrive; a commit per page cost more than the page itself.
    A crash loses at most the open batch, and the frontier still lists its URLs as queued."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._open = False

    def begin(self) -> None:
        """Open the transaction (nested transaction() blocks join it)."""
        if not self._open:
            self.con.execute("BEGIN TRANSACTION")
            _DEPTH[id(self.con)] = 1
            self._open = True

    def commit(self) -> None:
        """Make everything written so far durable."""
        if self._open:
            self._open = False
            _finish(self.con, commit=True)
            snapshot.after_commit(self.con)

    def rollback(self) -> None:
        """Drop the open batch."""
        if self._open:
            self._open = False
            _finish(self.con, commit=False)


class MemoryCap:
    """DuckDB's memory limit for a run of writes (a crawl), raised only when a statement needs more.

    Without a limit DuckDB keeps what it wrote cached up to 80% of the machine's memory. With one,
    inserting many keys into a large primary-key index can still need more than the limit at once
    (its nodes stay in memory until the next checkpoint): on DuckDB's out-of-memory error the limit
    is doubled, up to a ceiling, and the whole transaction run again. The previous limit comes back
    at the end."""

    def __init__(self, con: duckdb.DuckDBPyConnection, megabytes: int, ceiling_mb: int = 4096):
        self.con = con
        self.megabytes = max(1, int(megabytes))
        self.ceiling_mb = max(self.megabytes, int(ceiling_mb))
        self._before: str | None = None

    def __enter__(self) -> "MemoryCap":
        before = self._current()
        self.con.execute("RESET memory_limit")
        # DuckDB shows a limit rounded ('18.8 GiB'): the default is given back by RESET, exactly
        self._before = None if before == self._current() else before
        self._apply()
        return self

    def __exit__(self, *exc) -> None:
        self.con.execute("RESET memory_limit" if self._before is None else f"SET memory_limit = '{self._before}'")

    def _current(self) -> str:
        return self.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    def _apply(self) -> None:
        while True:
            try:
                self.con.execute(f"SET memory_limit = '{self.megabytes}MB'")
                return
            except duckdb.OutOfMemoryException:  # DuckDB holds more than that right now
                if not self._grow():
                    raise

    def _grow(self) -> bool:
        """Double the limit, up to the ceiling; False when it is there already."""
        if self.megabytes >= self.ceiling_mb:
            return False
        self.megabytes = min(self.ceiling_mb, self.megabytes * 2)
        return True

    def run(self, transaction: Callable[[], T]) -> T:
        """Call TRANSACTION (which must leave nothing half-written when it fails) until it has the memory it needs."""
        while True:
            try:
                return transaction()
            except duckdb.OutOfMemoryException:
                if not self._grow():
                    raise
                self._apply()


def limit_memory(con: duckdb.DuckDBPyConnection, megabytes: int) -> None:
    """Cap DuckDB's buffer memory for this connection's database (a long backfill keeps RSS bounded)."""
    con.execute(f"SET memory_limit = '{int(megabytes)}MB'")
