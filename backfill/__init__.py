"""backfill: history from WARC archives (Common Crawl News, or our own --warc-dir), on this machine
or a Dask cluster, through the same extract stage as the crawler and into the same database.

Public surface: run_backfill, BackfillSettings, BackfillSummary, resolve_files, parse_window,
InputError, SchedulerUnreachable, process_file, FileTask, FileResult.
"""
from backfill.engines import SchedulerUnreachable
from backfill.inputs import InputError, parse_window, resolve_files
from backfill.run import BackfillSettings, BackfillSummary, run_backfill
from backfill.shard import FileResult, FileTask, process_file

__all__ = ["BackfillSettings", "BackfillSummary", "FileResult", "FileTask", "InputError", "SchedulerUnreachable",
           "parse_window", "process_file", "resolve_files", "run_backfill"]
