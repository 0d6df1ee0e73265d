"""Page bodies in append-only files beside the database; the pages table says where each one is.

Why not a BLOB column: DuckDB rewrites row groups when it checkpoints, merging small neighbours
LSM-like, and a crawl that commits every second made it hold several times every stored page body
in memory at once, so a crawl's memory grew with its length (benchmarks/README.md, crawl, Memory).
Bodies appended to files never pass through DuckDB; the table keeps only where each one is.

Layout: DB.bodies/pages-000001.gz, pages-000002.gz, ...: each file a run of gzip members, one per
body (the page's HTML as UTF-8), so `zcat` reads a whole file and one body is the bytes
[body_offset, body_offset + body_length) of body_file. Files are only ever appended to; a new one
starts once the last passes SEGMENT_BYTES. A batch's bodies are written and fsynced before the
transaction that points at them commits: a committed row always points at complete bytes, and a
crash in between leaves bytes nothing points at, never a row without its body.

Pages stored before schema 9, pages loaded by a backfill (whole shards at a time, which DuckDB
writes in large row groups at once) and databases without a file (:memory:) keep the body in
pages.html_gz; readers take whichever is set.
"""
from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from db.companions import bodies_path
from db.errors import DatabaseError, disk_full

SEGMENT_BYTES = 256 * 1024 * 1024
_SEGMENT = re.compile(r"^pages-(\d{6,})\.gz$")


class BodyMissing(DatabaseError):
    """A page's body is not where the database says: its folder was not copied with the database, or is damaged."""


@dataclass(frozen=True)
class BodyRef:
    """Where one page body is: a file of the bodies folder, and a byte range in it."""

    file: str
    offset: int
    length: int


class BodyStore:
    """The bodies folder of one database file."""

    def __init__(self, folder: str | Path, segment_bytes: int = SEGMENT_BYTES):
        self.folder = Path(folder)
        self.segment_bytes = segment_bytes

    @classmethod
    def beside(cls, db_path: str | Path) -> "BodyStore":
        """The store of the database file at DB_PATH."""
        return cls(bodies_path(db_path))

    def append(self, bodies: Sequence[bytes]) -> list[BodyRef]:
        """Write gzip-compressed BODIES at the end of the current file, durably; returns where each went."""
        if not bodies:
            return []
        try:
            return self._append(bodies)
        except OSError as exc:
            if disk_full(exc):
                raise  # the command line reports a full disk as such
            raise DatabaseError(f"{self.folder}: cannot write page bodies ({exc.strerror or exc})") from exc

    def _append(self, bodies: Sequence[bytes]) -> list[BodyRef]:
        created_folder = not self.folder.exists()
        self.folder.mkdir(exist_ok=True)
        name, created_file = self._current()
        refs = []
        with open(self.folder / name, "ab") as f:
            # a write torn by a crash may have left bytes at the end: new bodies go after them
            offset = f.seek(0, os.SEEK_END)
            for body in bodies:
                f.write(body)
                refs.append(BodyRef(name, offset, len(body)))
                offset += len(body)
            f.flush()
            os.fsync(f.fileno())
        if created_file:
            _fsync_dir(self.folder)
        if created_folder:
            _fsync_dir(self.folder.parent)
        return refs

    def _current(self) -> tuple[str, bool]:
        """The file to append to, and whether it is new."""
        numbers = sorted(int(m.group(1)) for e in os.scandir(self.folder) if (m := _SEGMENT.match(e.name)))
        if numbers:
            last = _segment_name(numbers[-1])
            if (self.folder / last).stat().st_size < self.segment_bytes:
                return last, False
        return _segment_name((numbers[-1] if numbers else 0) + 1), True

    def read(self, ref: BodyRef) -> str:
        """The HTML at REF; BodyMissing when the file is gone, short or damaged."""
        path = self.folder / ref.file
        if not _SEGMENT.match(ref.file):
            raise BodyMissing(f"{path}: not a page-body file name; the database's pages table was edited by hand")
        try:
            with open(path, "rb") as f:
                f.seek(ref.offset)
                data = f.read(ref.length)
        except FileNotFoundError:
            raise BodyMissing(f"{path}: page bodies file missing; the folder {self.folder.name} belongs with the "
                              f"database file: copy or restore it beside the database") from None
        except OSError as exc:
            raise BodyMissing(f"{path}: cannot read a page body ({exc.strerror or exc})") from exc
        if len(data) != ref.length:
            raise BodyMissing(f"{path}: page bodies file is shorter than the database says "
                              f"({ref.offset + len(data)} of {ref.offset + ref.length} bytes); restore it from a backup")
        try:
            return gzip.decompress(data).decode("utf-8")
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
            raise BodyMissing(f"{path}: the page body at byte {ref.offset} is damaged ({exc})") from exc


def _segment_name(number: int) -> str:
    return f"pages-{number:06d}.gz"


def _fsync_dir(folder: Path) -> None:
    # a new file's name is durable only once its folder is synced
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_for(con: duckdb.DuckDBPyConnection) -> BodyStore | None:
    """The store beside the file CON's database lives in, or None for a database without a file."""
    (path,), = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return BodyStore.beside(path) if path else None


def html_of(store: BodyStore | None, html_gz: bytes | None, ref: BodyRef | None) -> str:
    """A page's HTML from its inline column or from the store, whichever the row has."""
    if html_gz is not None:
        return gzip.decompress(html_gz).decode("utf-8")
    if ref is None:
        raise BodyMissing("a stored page has neither an inline body nor a body file; the pages table was edited by hand")
    if store is None:
        raise BodyMissing(f"a page's body is in {ref.file}, but this database has no file beside which to look for it")
    return store.read(ref)
