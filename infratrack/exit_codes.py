"""Every exit code of the infratrack command, in one place (README, "Exit codes", lists the same)."""
from __future__ import annotations

OK = 0
FAILURES = 1  # the command finished but some URLs, pages or WARC files failed (each recorded with its reason)
USAGE = 2  # a user mistake: bad option, bad file, bad query, bad setting
DATABASE = 3  # the database cannot be opened or written (disk full included)
DEMO_PORT = 4  # the demo port is taken
LOCKED = 5  # another infratrack process is writing the same database
SCHEDULER = 6  # backfill --engine dask cannot reach its Dask scheduler, or Dask is not installed
SOFTWARE = 70  # an unexpected error (EX_SOFTWARE of sysexits.h): a bug to report, with the log it names
SIGINT = 130  # stopped by Ctrl-C (128 + SIGINT), as shells report it
SIGTERM = 143  # stopped by SIGTERM (128 + SIGTERM), e.g. systemctl stop or a container shutdown
