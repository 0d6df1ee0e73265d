"""kill -9 a cron run and an `extract --all` at a few moments: the database opens, no article is half
written, and the next run completes the work with nothing lost and nothing twice (issue #6)."""
from __future__ import annotations

from crash import run_trials


def test_killed_runs_leave_a_database_the_next_run_completes(demo_site, tmp_path):
    report = run_trials(tmp_path, demo_site.base_url, count=4, seed=7, max_kill_s=6.0)
    assert report.trials == 4
    assert report.killed >= 2, "the kills must land while the run works, or the test proves nothing"
    assert report.db_open_failures == 0, report.messages
    assert report.half_written == 0, report.messages
    assert report.failed_reruns == 0, report.messages
    assert report.rows_lost == 0, report.messages
    assert report.duplicate_claims == 0
