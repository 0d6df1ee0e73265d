"""Ctrl-C and SIGTERM as exceptions, so every with-block (run lock, connections, worker pools) unwinds and
the run's row says `interrupted` rather than `failed`."""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

from db import duck

INTERRUPTED = "interrupted"
MESSAGE = "interrupted; run it again to resume"

# The signal that stopped this process, once one has. A library may replace the exception a signal
# raises with its own (DuckDB: RuntimeError "Query interrupted" when it lands inside a statement; a
# worker pool broken because Ctrl-C reached its processes too): whatever fails after a signal failed
# because of it, and is reported as the interruption, not as a bug.
_received: list[int] = []


def _on_signal(signum, frame) -> None:
    _received.append(signum)
    # KeyboardInterrupt for SIGTERM too, and no subclass: DuckDB stops a running statement for exactly
    # KeyboardInterrupt and hangs on any other exception raised by a signal handler (DuckDB 2.0)
    raise KeyboardInterrupt()


def received_signal() -> int | None:
    """SIGINT or SIGTERM if one has reached this process within signals_as_exceptions, else None."""
    return _received[0] if _received else None


def signal_name() -> str:
    """How a run's row and log name the signal received: SIGTERM, else Ctrl-C's SIGINT."""
    return "SIGTERM" if received_signal() == signal.SIGTERM else "SIGINT"


def _stop_statements(read_fd: int) -> None:
    # Python runs a signal handler only when the main thread runs Python code; inside a DuckDB
    # statement that is when DuckDB checks for signals, which it may not do again (DuckDB 2.0 can
    # sit idle forever after Ctrl-C). The C-level handler writes the signal's number to the wake-up
    # pipe at once, and this thread stops the running statements, which returns control to Python.
    while True:
        try:
            data = os.read(read_fd, 64)
        except OSError:
            return
        if not data:
            os.close(read_fd)
            return
        if signal.SIGINT in data or signal.SIGTERM in data:
            duck.interrupt_all()


@contextmanager
def signals_as_exceptions():
    """Within the block, SIGINT and SIGTERM raise KeyboardInterrupt and are remembered (received_signal)."""
    _received.clear()
    try:
        previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: signals cannot be handled here anyway
        yield
        return
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    threading.Thread(target=_stop_statements, args=(read_fd,), name="signal-watch", daemon=True).start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous_fd)
        os.close(write_fd)  # the watching thread reads the end of the pipe, closes it and ends
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def is_interruption(exc: BaseException) -> bool:
    """Whether EXC is Ctrl-C or SIGTERM, or what followed from one, rather than a failure."""
    return isinstance(exc, KeyboardInterrupt) or received_signal() is not None


def run_end(exc: BaseException) -> tuple[str, str]:
    """The status and error a run's row gets when EXC stopped it."""
    if is_interruption(exc):
        return INTERRUPTED, "SIGTERM" if received_signal() == signal.SIGTERM else "SIGINT (Ctrl-C)"
    return "failed", f"{type(exc).__name__}: {exc}"
