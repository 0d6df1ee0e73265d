"""Epoch AI's GPU-cluster CSV as reference claims, checked against news claims."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from db import connection, reader, writer
from db.records import ArticleRecord, ClaimRecord
from extract.reference_epoch import PUBLISHER, ReferenceError, read_epoch_csv
from infratrack.pipeline import import_epoch

SAMPLE = Path(__file__).parent / "fixtures" / "epoch_sample.csv"


def test_rows_become_claims_with_hardware_modality_and_dates():
    records = {r.name: r for r in read_epoch_csv(SAMPLE.read_text(encoding="utf-8"))}
    p1 = records["xAI Colossus Memphis Phase 1"]
    got = {(c.attribute, c.hardware, c.value, c.modality) for c in p1.claims}
    assert ("gpu_count", "H100", 100000.0, "actual") in got
    assert ("power", None, 150.0, "actual") in got, "the reported power wins over the calculated one"
    assert p1.claims[0].subject == "xAI Colossus Phase 1"
    assert all(p1.text[c.start:c.end] == c.quote for c in p1.claims)
    p2 = records["xAI Colossus Memphis Phase 2"]
    assert {(c.hardware, c.value) for c in p2.claims if c.attribute == "gpu_count"} == {
        ("H100", 150000.0), ("H200", 50000.0), (None, 200000.0)}
    assert {c.modality for c in p2.claims} == {"reported"}, "Certainty Likely is a hedged figure"
    assert {c.modality for c in records["Meta Hyperion"].claims} == {"planned"}


def test_a_file_that_is_not_the_dataset_is_refused():
    with pytest.raises(ReferenceError, match="missing column"):
        read_epoch_csv("a,b\n1,2\n", "x.csv")


def test_import_is_idempotent_and_checks_news_against_reference(db_path):
    text = SAMPLE.read_text(encoding="utf-8")
    first = import_epoch(db_path, text, "sample.csv")
    again = import_epoch(db_path, text, "sample.csv")
    assert first == again and first["records"] == 4
    n = reader.query(db_path, "SELECT count(*) FROM claims c JOIN articles a USING (article_id) WHERE a.publisher = ?",
                     [PUBLISHER]).rows[0][0]
    assert n == first["claims"]
    with connection(db_path) as con:
        art = ArticleRecord("news1", "http://news/1", "Colossus draws 300 MW.", "Grid Weekly", "h", "v",
                            published_at=datetime(2024, 9, 10, tzinfo=timezone.utc))
        # the reference row is about the first phase: a news figure for that phase is its rival
        writer.save_extraction(con, art, [ClaimRecord("xAI Colossus Phase 1", "power", "MW", "actual", "Colossus draws 300 MW.",
                                                       0, 22, "v", entity_id="xai-colossus-phase-1", value=300.0, low=300.0,
                                                       high=300.0)])
    rows = reader.query(db_path, "SELECT publisher_a, publisher_b, value_a, value_b FROM contradictions").rows
    assert len(rows) == 1 and PUBLISHER in rows[0][:2] and {rows[0][2], rows[0][3]} == {150.0, 300.0}
