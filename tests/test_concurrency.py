"""The 30-second drill of issue #6: a writer commits every 100 ms, a reader queries every 50 ms and a
researcher gives verdicts, in three processes; no error reaches the reader and nothing is lost."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DRILLS = Path(__file__).parent / "drills.py"
SECONDS = 30.0

pytestmark = pytest.mark.slow  # a drill: SECONDS of writer, reader and triager processes


def start(role: str, db: Path, *args: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(DRILLS), role, str(db), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=SECONDS + 120)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_readers_and_verdicts_never_fail_while_a_writer_commits(tmp_path):
    db = tmp_path / "drill.duckdb"
    assert result(start("seed", db)) == {"pairs": 20}
    procs = {"writer": start("writer", db, SECONDS, 0.1), "reader": start("reader", db, SECONDS, 0.05),
             "triager": start("triager", db, SECONDS, 0.2)}
    out = {role: result(p) for role, p in procs.items()}

    assert out["reader"]["errors"] == 0, out["reader"]["messages"]
    assert out["reader"]["regressions"] == 0
    # it read throughout and saw the writes arrive, not once before or after them
    assert out["reader"]["reads"] >= 20
    assert out["reader"]["distinct_counts"] >= 5
    assert out["triager"]["errors"] == 0, out["triager"]["messages"]
    assert out["triager"]["verdicts"] >= 20
    assert out["writer"]["batches"] >= 50  # a batch every 100 ms plus its own work, on a busy machine

    final = result(start("final", db))
    assert final["drill_articles"] == out["writer"]["written"]  # every committed row is there
    assert final["verdicts"] == out["triager"]["expected"]  # and every verdict, the last one of each pair
