"""Publishing a read snapshot: a consistent copy of the database that any number of readers open.

DuckDB lets one process write a file and then refuses every other process, even a read-only one
("Could not set lock on file"); a reader that keeps the file open blocks the writer instead.
Measured over 30 s drills (issue #6): readers opening the writer's file failed 96 of 98 reads,
open-and-retry let one long reader starve the writer for 11-14 s, while a writer that publishes a
snapshot (CHECKPOINT, copy to a temporary file in the same folder, atomic rename) gave readers
zero errors at a cost of 5-11 ms per publish at small sizes and about 0.1 s at 115 MB. So the
writer publishes when it closes, after a commit once the interval has passed since the last
publish, and when it opens only if the snapshot is not current; readers open the snapshot
read-only per query, and a reader never touches the writer's file.

The copy reads the database through one descriptor held for the whole write connection: on POSIX,
closing any descriptor of a file drops every lock the process holds on it, so opening and closing
the database to copy it would silently release DuckDB's own lock and let other processes in.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from db.companions import snapshot_path
from db.errors import DatabaseError

# Every publish copies the whole file (seconds at a few GB) while a crawl commits a batch every
# second or 50 pages: during a long write readers get a copy every few minutes, and the full state
# when the writer closes. infratrack's `snapshot_interval_s` setting (infratrack/settings.py,
# same default) overrides it per connection.
MIN_INTERVAL_S = 300.0


def publish(con: duckdb.DuckDBPyConnection, db_path: str | Path, source_fd: int) -> Path:
    """Checkpoint the database and atomically replace its snapshot with a copy read from SOURCE_FD."""
    db_path = Path(db_path)
    target = snapshot_path(db_path)
    # Folds the write-ahead log into the file, so the file alone holds every committed row.
    con.execute("CHECKPOINT")
    # One name for the temporary copy: DuckDB lets one process write the database, so one
    # publishes at a time, and a copy left by a killed writer is simply overwritten.
    tmp = target.with_name(f"{target.name}.tmp")
    try:
        with open(tmp, "wb") as out:
            _copy(source_fd, out.fileno())
            out.flush()
            os.fsync(out.fileno())
        # A reader that opened the old snapshot keeps its inode; the next one opens the new file.
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def _copy(src: int, dst: int) -> None:
    size = os.fstat(src).st_size
    offset = 0
    try:
        while offset < size:
            # in-kernel copy at explicit offsets: the shared descriptor's position is never moved
            n = os.copy_file_range(src, dst, size - offset, offset)
            if n == 0:
                break
            offset += n
        return
    except OSError:
        pass  # file systems without copy_file_range: copy by hand from where it stopped
    os.lseek(dst, offset, os.SEEK_SET)
    while offset < size:
        chunk = os.pread(src, min(1 << 20, size - offset), offset)
        if not chunk:
            break
        os.write(dst, chunk)
        offset += len(chunk)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename is still atomic
    finally:
        os.close(fd)


class Publisher:
    """Publishes the snapshot of one write connection, at most once per interval unless forced."""

    def __init__(self, db_path: str | Path, min_interval_s: float | None = None):
        self.db_path = Path(db_path)
        self.min_interval_s = MIN_INTERVAL_S if min_interval_s is None else min_interval_s
        self._last = float("-inf")
        self.published = 0
        self.last_error: BaseException | None = None
        self._fd: int | None = None
        _WRITING.add(os.path.abspath(self.db_path))

    def close(self) -> None:
        """Release the descriptor (only once DuckDB has closed the database: see the module docstring)."""
        _WRITING.discard(os.path.abspath(self.db_path))
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def note_current(self) -> None:
        """Count the snapshot as published now (it already holds everything): the interval starts here."""
        self._last = time.monotonic()

    def __call__(self, con: duckdb.DuckDBPyConnection, force: bool = False) -> None:
        """Publish if forced or if the interval has passed since the last publish."""
        now = time.monotonic()
        if not force and now - self._last < self.min_interval_s:
            return
        if self._fd is None:
            self._fd = os.open(self.db_path, os.O_RDONLY)
        publish(con, self.db_path, self._fd)
        self._last = time.monotonic()
        self.published += 1


_PUBLISHERS: dict[int, Publisher] = {}
_WRITING: set[str] = set()  # databases this process has open for writing


def attach(con: duckdb.DuckDBPyConnection, publisher: Publisher) -> None:
    """Make commits on CON publish through PUBLISHER (until detach)."""
    _PUBLISHERS[id(con)] = publisher


def detach(con: duckdb.DuckDBPyConnection) -> Publisher | None:
    """Stop publishing for CON; returns its publisher."""
    return _PUBLISHERS.pop(id(con), None)


def publisher_of(con: duckdb.DuckDBPyConnection) -> Publisher | None:
    """The publisher attached to CON, if any (its `published` counts the copies made)."""
    return _PUBLISHERS.get(id(con))


def after_commit(con: duckdb.DuckDBPyConnection) -> None:
    """Called after every outermost commit: publish when CON has a publisher and it is due."""
    publisher = _PUBLISHERS.get(id(con))
    if publisher is None:
        return
    try:
        publisher(con)
    except (OSError, duckdb.Error) as exc:
        # The commit itself succeeded; readers stay on the previous snapshot until the next
        # publish, and the final publish when the connection closes reports a lasting failure.
        publisher.last_error = exc


def _modified(path: Path) -> int:
    times = []
    for f in (path, path.with_name(path.name + ".wal")):
        try:
            times.append(f.stat().st_mtime_ns)
        except FileNotFoundError:
            pass
    return max(times, default=0)


def mark_current(db_path: str | Path) -> None:
    """Record that the snapshot holds everything in the database now (after its writer closed)."""
    snap = snapshot_path(db_path)
    try:
        os.utime(snap, ns=(snap.stat().st_atime_ns, _modified(Path(db_path))))
    except OSError:
        pass  # no snapshot or not ours to touch: readers then try the database first, which is safe


def is_current(db_path: str | Path) -> bool:
    """Whether the snapshot of DB_PATH holds everything in it: present and not older (see mark_current)."""
    db_path = Path(db_path)
    snap = snapshot_path(db_path)
    return snap.exists() and _modified(db_path) <= _modified(snap)


def _check_database(db_path: Path) -> None:
    # A snapshot must not hide a database that became unreadable or was replaced by something else:
    # the reader reports it as it would without a snapshot.
    if os.path.abspath(db_path) in _WRITING:
        return  # ours, and opening it here would drop this process's lock on it (see above)
    try:
        with open(db_path, "rb") as f:
            header = f.read(12)
    except OSError as exc:
        raise DatabaseError(f"{db_path}: cannot read the database ({exc.strerror or exc})") from exc
    if len(header) == 12 and header[8:12] != b"DUCK":
        raise DatabaseError(f"{db_path}: not a usable DuckDB database (it does not start like one)")


def read_targets(db_path: str | Path) -> list[Path]:
    """Files a reader may open, best first: the snapshot, or the database itself when it has none or
    was changed after it (the snapshot then stays the fallback while a writer holds the database)."""
    db_path = Path(db_path)
    snap = snapshot_path(db_path)
    if not snap.exists():
        return [db_path]
    _check_database(db_path)
    if _modified(db_path) > _modified(snap):
        return [db_path, snap]
    return [snap]


def read_target(db_path: str | Path) -> Path:
    """The file a reader should try first (see read_targets)."""
    return read_targets(db_path)[0]
