"""The single-instance lock of writing runs: a second cron run exits at once instead of piling up.

An OS file lock (flock) rather than a pid file: the kernel releases it when the process dies,
even by kill -9, so a crashed run never leaves a stale lock behind. The file is removed when the
lock is released (nothing is left beside the database after a command); a process that opened it
just before then checks, once it holds the lock, that the path still names the file it locked.
"""
from __future__ import annotations

import fcntl
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from db.companions import lock_path


class RunLocked(Exception):
    """Another infratrack process is writing this database."""


class RunLock:
    """Hold the lock of DB_PATH for the duration of a with-block, or raise RunLocked at once."""

    def __init__(self, db_path: str | Path, command: str):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self.command = command
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise RunLocked(f"{self.path}: cannot create the run lock ({exc.strerror})") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                raise RunLocked(f"another infratrack {holder.get('command', 'run')} (pid {holder.get('pid', '?')}, "
                                f"started {holder.get('started_at', '?')}) is writing {self.db_path}; this one exits "
                                f"without changing anything (lock: {self.path})") from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # the holder removed it as we opened it: lock the file that is there now
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "command": self.command,
                                 "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            # removed while still locked: whoever opens the path next gets a new file (see above)
            try:
                self.path.unlink()
            except OSError:
                pass
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _read_holder(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
