"""JSON log lines of a run, to stderr or to a size-rotated file (one object per line, for cron and log shippers)."""
from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from datetime import datetime, timezone
from pathlib import Path

from crawler.redact import redact_event

ROTATE_BYTES = 10 * 1024 * 1024
ROTATE_KEEP = 5


class EventLog:
    """Callable receiving event dicts; writes each as one JSON line with a UTC timestamp."""

    def __init__(self, log_file: str | Path | None = None, stream=None):
        self._logger = logging.Logger(f"infratrack.run.{id(self)}")
        if log_file:
            handler: logging.Handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=ROTATE_BYTES, backupCount=ROTATE_KEEP, encoding="utf-8")
        else:
            handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        self._logger.addHandler(handler)
        self._handler = handler

    def __call__(self, event: dict) -> None:
        """Write one event."""
        # URLs with credentials or tokens (feeds behind a key, the webhook) never reach a log
        line = {"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), **redact_event(event)}
        self._logger.info(json.dumps(line, ensure_ascii=False, default=str))

    def close(self) -> None:
        """Flush and close the file."""
        self._handler.close()
