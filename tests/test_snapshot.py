"""The read snapshot: published by writers, opened by readers, never blocking either (db/snapshot.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb
import pytest

from db import connection, reader
from db.companions import snapshot_path


def _count(db) -> int:
    return reader.query(db, "SELECT count(*) FROM sources").rows[0][0]


def _add_source(con, n: int) -> None:
    con.execute("INSERT INTO sources (source_id, url, name, kind) VALUES (?, ?, ?, 'feed')", [f"s{n}", f"https://s{n}.example/feed", f"s{n}"])


def test_a_write_connection_publishes_on_close_and_readers_see_it(db_path):
    with connection(db_path) as con:
        assert snapshot_path(db_path).exists()  # published at open: readers never need the writer's file
        _add_source(con, 1)
    assert _count(db_path) == 1
    with duckdb.connect(str(snapshot_path(db_path)), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM sources").fetchone()[0] == 1


def test_readers_use_the_snapshot_while_another_process_writes(db_path):
    with connection(db_path) as con:
        _add_source(con, 1)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\ncon = duckdb.connect(sys.argv[1])\n"
         "con.execute(\"INSERT INTO sources (source_id, url, name, kind) VALUES ('x', 'https://x.example/f', 'x', 'feed')\")\n"
         "print('writing', flush=True)\ntime.sleep(30)\n", str(db_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "writing"
        # DuckDB refuses the writer's file to every other process, even read-only ...
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(db_path), read_only=True)
        # ... but readers open the snapshot: the data as of the last publish, no error
        assert _count(db_path) == 1
        assert reader.user_query(db_path, "SELECT count(*) FROM sources").rows == [(1,)]
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_commits_publish_at_most_once_per_interval(db_path, monkeypatch):
    from db import snapshot

    monkeypatch.setattr(snapshot, "MIN_INTERVAL_S", 2.0)
    with connection(db_path) as con:
        from db.connection import transaction

        with transaction(con):
            _add_source(con, 1)
        first = snapshot_path(db_path).stat().st_mtime_ns  # inside the interval: not published yet
        time.sleep(2.1)
        with transaction(con):
            _add_source(con, 2)
        assert _count(db_path) == 2  # the interval passed: this commit published
        with transaction(con):
            _add_source(con, 3)
        assert _count(db_path) == 2  # too soon after the last publish
        assert snapshot_path(db_path).stat().st_mtime_ns > first
    assert _count(db_path) == 3  # closing always publishes


def test_a_database_changed_without_publishing_is_read_directly(db_path):
    with connection(db_path) as con:
        _add_source(con, 1)
    old = time.time() - 60
    os.utime(snapshot_path(db_path), (old, old))  # as if the snapshot were a minute older than the database
    with duckdb.connect(str(db_path)) as con:  # e.g. the duckdb shell, which publishes nothing
        _add_source(con, 2)
    assert _count(db_path) == 2


def test_a_failed_publish_leaves_the_previous_snapshot_whole(db_path, monkeypatch):
    from db import snapshot
    from db.errors import DatabaseError

    with connection(db_path) as con:
        _add_source(con, 1)

    # the snapshot is current, so the writer copies nothing when it opens: its one copy, at close, hits a full disk
    def full_disk(src: int, dst: int) -> None:
        os.write(dst, b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot, "_copy", full_disk)
    with pytest.raises(DatabaseError, match="data is saved.*No space left"):
        with connection(db_path) as con:
            _add_source(con, 2)
    monkeypatch.undo()
    assert not any(p.name.endswith(".tmp") for p in db_path.parent.iterdir())
    with duckdb.connect(str(snapshot_path(db_path)), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM sources").fetchone()[0] == 1  # the old snapshot, intact
    # the data itself is saved, and readers see it: the database is newer than its snapshot and
    # no writer holds it, so they read it directly
    assert _count(db_path) == 2


def test_the_writer_keeps_its_lock_after_publishing(db_path):
    # Copying the database through a descriptor that is then closed would drop every POSIX lock
    # this process holds on the file, DuckDB's included, and let another process open it mid-write.
    probe = ("import duckdb, sys\ntry:\n    duckdb.connect(sys.argv[1], read_only=True)\n    print('opened')\n"
             "except duckdb.IOException as exc:\n    print('locked' if 'lock' in str(exc).lower() else exc)\n")
    with connection(db_path) as con:
        from db import snapshot
        from db.connection import transaction

        snapshot._PUBLISHERS[id(con)](con, force=True)
        with transaction(con):
            _add_source(con, 1)
        snapshot._PUBLISHERS[id(con)](con, force=True)
        r = subprocess.run([sys.executable, "-c", probe, str(db_path)], capture_output=True, text=True, timeout=60)
        assert r.stdout.strip() == "locked"


def test_a_writer_copies_the_database_when_it_opens_only_if_the_snapshot_is_behind(db_path):
    from db import snapshot

    def copies_made(write=None) -> int:
        with connection(db_path) as con:
            publisher = snapshot.publisher_of(con)
            if write:
                write(con)
        return publisher.published

    assert copies_made() == 2  # a new database: readers need a snapshot while the writer holds it
    assert copies_made(lambda con: _add_source(con, 1)) == 1  # current: only the copy at close
    old = time.time() - 60
    os.utime(snapshot_path(db_path), (old, old))
    with duckdb.connect(str(db_path)) as con:  # a change no infratrack writer published
        _add_source(con, 2)
    assert copies_made() == 2
    assert _count(db_path) == 2


def test_the_publish_interval_is_the_connections(db_path):
    from db import snapshot
    from db.connection import transaction

    with connection(db_path):
        pass
    with connection(db_path, publish_interval_s=0) as con:
        for n in range(3):
            with transaction(con):
                _add_source(con, n)
        assert snapshot.publisher_of(con).published == 3  # every commit, none at open
        assert _count(db_path) == 3
    with connection(db_path) as con:  # the default: minutes, so these commits wait for the close
        for n in range(3, 6):
            with transaction(con):
                _add_source(con, n)
        assert snapshot.publisher_of(con).published == 0
        assert _count(db_path) == 3
    assert _count(db_path) == 6
