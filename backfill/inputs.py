"""What a backfill reads: the files named by paths, globs or folders, and the WARC-Date window."""
from __future__ import annotations

import glob
from datetime import datetime, timedelta, timezone
from pathlib import Path

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


class InputError(Exception):
    """A user mistake in the files or dates given."""


def resolve_files(patterns: list[str]) -> list[Path]:
    """Every file named by PATTERNS (paths, globs, or folders holding *.warc(.gz) / *.arc(.gz)), once each, sorted."""
    found: dict[str, Path] = {}
    unmatched = []
    for pattern in patterns:
        path = Path(pattern).expanduser()
        if path.is_dir():
            matches = [p for p in path.rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES)]
        elif path.is_file():
            matches = [path]
        else:
            matches = [Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file()]
        if not matches:
            unmatched.append(pattern)
        for m in matches:
            found.setdefault(str(m.resolve()), m)
    if unmatched:
        raise InputError(f"no files matched: {', '.join(unmatched)}")
    return [found[k] for k in sorted(found)]


def parse_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """[since, until) in UTC from YYYY-MM-DD (or ISO date-time) strings; a date for UNTIL includes that whole day."""
    start = _parse(since, "--since") if since else None
    end = None
    if until:
        end = _parse(until, "--until")
        if len(until.strip()) == 10:
            end += timedelta(days=1)
    if start and end and start >= end:
        raise InputError(f"--since {since} is not before --until {until}")
    return start, end


def _parse(value: str, option: str) -> datetime:
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date (use YYYY-MM-DD)") from None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
