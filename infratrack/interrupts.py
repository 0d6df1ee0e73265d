"""Ctrl-C and SIGTERM as exceptions, so every with-block (run lock, connections, worker pools) unwinds and
the run's row says `interrupted` rather than `failed`."""
from __future__ import annotations

import signal
from contextlib import contextmanager

INTERRUPTED = "interrupted"
MESSAGE = "interrupted; run it again to resume"


class Terminated(BaseException):
    """The process received SIGTERM (a BaseException, like KeyboardInterrupt: no `except Exception` swallows it)."""


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


@contextmanager
def signals_as_exceptions():
    """Within the block, SIGTERM raises Terminated (SIGINT already raises KeyboardInterrupt)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: signals cannot be handled here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def is_interruption(exc: BaseException) -> bool:
    """Whether EXC is Ctrl-C or SIGTERM rather than a failure."""
    return isinstance(exc, (KeyboardInterrupt, Terminated))


def run_end(exc: BaseException) -> tuple[str, str]:
    """The status and error a run's row gets when EXC stopped it."""
    if is_interruption(exc):
        return INTERRUPTED, "SIGTERM" if isinstance(exc, Terminated) else "SIGINT (Ctrl-C)"
    return "failed", f"{type(exc).__name__}: {exc}"
