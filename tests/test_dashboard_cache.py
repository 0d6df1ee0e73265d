"""The dashboard's reads cached per data version: kept while nothing is written, read again after any write."""
from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.views import entities
from db import triage
from db.companions import snapshot_path
from db.data_version import data_version
from test_dashboard import QUOTE_HIGH, QUOTE_LOW, _article, _build, _open

ENTITIES = "views/entities.py"


def _subject_options(at: AppTest) -> list[str]:
    return list(at.selectbox(key=entities.SUBJECT_KEY).options)


def test_the_data_version_changes_with_every_write_and_only_then(tmp_path):
    path = _build(tmp_path / "v.duckdb", [_article(1, "Tom's Hardware", QUOTE_LOW, 100_000)])
    first = data_version(path)
    data.load_subjects(str(path))  # a read changes nothing
    assert data_version(path) == first
    _build(path, [_article(2, "Data Center Dynamics", QUOTE_HIGH, 200_000)])
    written = data_version(path)
    assert written != first
    claim_id = data.load_newest_claims(str(path), 1)[0]["claim_id"]
    triage.set_claim_verdict(path, claim_id, "wrong")  # verdicts live in the triage store, beside the file
    assert data_version(path) != written


def test_a_versioned_read_runs_once_per_version(tmp_path):
    path = _build(tmp_path / "once.duckdb", [_article(1, "Tom's Hardware", QUOTE_LOW, 100_000)])
    calls = []

    def count(p: str, n: int) -> int:
        calls.append(n)
        return n

    load = data.versioned(count)
    assert [load(str(path), 7), load(str(path), 7)] == [7, 7] and calls == [7]
    snap = snapshot_path(path)
    os.utime(snap, ns=(snap.stat().st_atime_ns, snap.stat().st_mtime_ns + 1_000_000))  # as a new publish
    assert load(str(path), 7) == 7 and calls == [7, 7]


def test_a_page_shows_a_write_at_once_despite_the_cache(monkeypatch, tmp_path):
    path = _build(tmp_path / "live.duckdb", [_article(1, "Tom's Hardware", QUOTE_LOW, 100_000)])
    at = _open(monkeypatch, Path(path), ENTITIES)
    assert _subject_options(at) == ["xAI Colossus (1 claim)"]
    article, claim = _article(2, "Data Center Dynamics", "Meta's Hyperion will draw 5 GW.", 5_000)
    claim = claim.__class__(**{**claim.__dict__, "subject": "Meta Hyperion", "entity_id": "meta-hyperion"})
    _build(path, [(article, claim)])
    at.run()  # no cache cleared: the new version is a new key
    assert sorted(_subject_options(at)) == ["Meta Hyperion (1 claim)", "xAI Colossus (1 claim)"]
