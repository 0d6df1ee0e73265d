"""The same backfill on a Dask distributed cluster (two worker processes on 127.0.0.1): the rows it
writes are those of the local engine."""
from __future__ import annotations

import pytest

# Dask is an extra (`pip install infratrack[dask]`, which `make install` includes)
LocalCluster = pytest.importorskip("distributed").LocalCluster

from backfill import BackfillSettings, run_backfill
from warc_fixtures import db_snapshot, standard_files

pytestmark = pytest.mark.slow  # a Dask cluster of worker processes, each loading the extractor


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes and their scheduler, on loopback only."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c:
        yield c


def test_dask_and_local_engines_write_the_same_rows(cluster, tmp_path):
    files = sorted(standard_files(tmp_path / "warc").values())
    local, dask = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    local_summary = run_backfill(local, files, BackfillSettings(workers=2))
    events = []
    dask_summary = run_backfill(dask, files, BackfillSettings(scheduler=cluster.scheduler_address), events.append)
    assert events[0]["engine"] == "dask" and events[0]["workers"] == 2
    assert dask_summary.files == local_summary.files == {"done": 3, "failed": 2}
    assert dask_summary.counts == local_summary.counts
    expected = db_snapshot(local)
    assert expected["claims"] and expected["pages"]
    assert db_snapshot(dask) == expected


def test_a_dask_rerun_skips_what_is_loaded(cluster, tmp_path):
    files = sorted(standard_files(tmp_path / "warc").values())
    db_path = tmp_path / "db.duckdb"
    settings = BackfillSettings(scheduler=cluster.scheduler_address)
    run_backfill(db_path, files, settings)
    before = db_snapshot(db_path)
    again = run_backfill(db_path, files, settings)
    assert again.files == {"already_done": 3, "failed": 2}
    assert db_snapshot(db_path) == before
