"""What a reader's cache can be keyed on: a token that changes whenever what readers see may have changed."""
from __future__ import annotations

from pathlib import Path

from db.companions import snapshot_path, triage_path


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return s.st_ino, s.st_size, s.st_mtime_ns


def data_version(db_path: str | Path) -> tuple:
    """The identity, size and modification time of every file a read can see: the database and its
    write-ahead log, the read snapshot (replaced by a rename on each publish, so a new inode), and the
    triage store and its log (verdicts are kept outside the database). Equal tokens mean no write
    happened in between; any commit, publish or verdict changes at least one of them."""
    db_path = Path(db_path)
    files = []
    for path in (db_path, snapshot_path(db_path), triage_path(db_path)):
        files += [path, path.with_name(path.name + ".wal")]
    return tuple(_stat(f) for f in files)
