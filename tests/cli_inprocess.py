"""The CLI called inside the test process through click's CliRunner: the same parsing, commands,
messages and exit codes as `python -m infratrack`, without paying the interpreter's and spaCy's
start-up (seconds) on every call. Each command keeps at least one real subprocess test elsewhere."""
from __future__ import annotations

import traceback
from dataclasses import dataclass

from click.testing import CliRunner

from infratrack.cli import main


@dataclass
class Result:
    """What a subprocess.CompletedProcess would hold for the same call."""

    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `infratrack ARGS` in this process; an unexpected exception shows in stderr as the traceback it would print."""
    r = CliRunner().invoke(main, list(args), input=stdin, env=env, catch_exceptions=True)
    stderr = r.stderr
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        # `python -m infratrack` would print this traceback and exit 1: tests that forbid one must see it
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(r.exception))
    return Result(r.exit_code, r.stdout, stderr)
