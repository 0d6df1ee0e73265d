"""The Disputes page read from stored_disputes (migration 019) against the same page grouped from the
contradictions view, on random histories of writes with verdicts on pairs and on claims.

The stored path groups only the pair groups a verdict touches and those of the page, so each
filter it answers must give exactly the disputes, rivals, order and totals of the computed path."""
from __future__ import annotations

import random

import pytest

from db import connection, disputes, triage, writer
from db import reader
from db.reader import ContradictionFilter, read_connection
from test_stored_facts import ENTITIES, _article, _claim

# One history in `make test`, every seed in `make test-all`: each takes some 15 s of DuckDB work
SEEDS = [seed if seed == 0 else pytest.param(seed, marks=pytest.mark.slow) for seed in range(4)]
ARTICLES = 30

FILTERS = [
    ContradictionFilter(),
    ContradictionFilter(statuses=("open", "confirmed")),
    ContradictionFilter(statuses=("open",)),
    ContradictionFilter(statuses=("dismissed", "resolved")),
    ContradictionFilter(statuses=("confirmed",)),
    ContradictionFilter(attributes=("gpu_count",), statuses=("open", "confirmed")),
    ContradictionFilter(attributes=("power", "cost")),
]


def _history(path, seed: int) -> None:
    """Articles about one family (some written twice, as a re-extraction does), then verdicts on some
    pairs and claims."""
    rng = random.Random(seed)
    with connection(path) as con:
        writer.upsert_entities(con, ENTITIES)
        for n in [*range(ARTICLES), *rng.sample(range(ARTICLES), 5)]:
            writer.save_extraction(con, _article(rng, n), [_claim(rng, n, k) for k in range(rng.randrange(1, 6))])
        pairs = con.execute("SELECT claim_a, claim_b FROM contradictions ORDER BY conflict_id").fetchall()
    for a, b in rng.sample(pairs, min(len(pairs), 4)):
        status = rng.choice(["confirmed", "dismissed", "resolved"])
        triage.set_verdict(path, a, b, status, correct_value=1.0 if status == "resolved" else None, note="n")
    claims = sorted({c for pair in pairs for c in pair})
    for claim_id in rng.sample(claims, min(len(claims), 2)):
        triage.set_claim_verdict(path, claim_id, rng.choice(["wrong", "right"]))


def _both(path, chosen: ContradictionFilter, limit: int, offset: int, order: str, rivals: int | None):
    with read_connection(path) as con:
        assert disputes.stored_disputes_apply(con, chosen)
        return (disputes._stored_page(con, chosen, limit, offset, order, rivals),
                disputes._computed_page(con, chosen, limit, offset, order, rivals))


@pytest.mark.parametrize("seed", SEEDS)
def test_stored_disputes_give_the_computed_page(db_path, seed):
    _history(db_path, seed)
    seen = 0
    for chosen in FILTERS:
        for order in ("severity", "newest"):
            for limit, offset, rivals in ((100, 0, None), (2, 0, 1), (2, 2, None), (3, 1000, 2)):
                stored, computed = _both(db_path, chosen, limit, offset, order, rivals)
                assert stored == computed, (chosen, order, limit, offset, rivals)
                seen += len(computed[2])
    assert seen > 0, "a history without any dispute checks nothing"


def test_the_comparison_can_fail(db_path):
    """A stale stored dispute (what a writer that forgot to refresh leaves) shows up as a difference."""
    _history(db_path, 0)
    with connection(db_path) as con:
        con.execute("UPDATE stored_disputes SET pairs = pairs + 1")
    stored, computed = _both(db_path, ContradictionFilter(), 100, 0, "severity", None)
    assert stored[1] != computed[1]


def test_filters_on_single_pairs_are_grouped_from_the_view(db_path):
    _history(db_path, 1)
    with read_connection(db_path) as con:
        assert not disputes.stored_disputes_apply(con, ContradictionFilter(min_severity=0.3))
        assert not disputes.stored_disputes_apply(con, ContradictionFilter(subjects=("xAI Colossus",)))
    with connection(db_path) as con:
        # settings changed behind infratrack's back: the stored pairs are not those of the settings
        con.execute("UPDATE settings SET value = 3 WHERE key = 'window_days'")
    with read_connection(db_path) as con:
        assert not disputes.stored_disputes_apply(con, ContradictionFilter())


def test_a_dispute_lists_its_most_severe_rivals_and_counts_the_rest(db_path):
    _history(db_path, 2)
    count, pairs, found = disputes.dispute_page(db_path, ContradictionFilter(), 100, rivals=1)
    widest = max(found, key=lambda d: d.pairs)
    assert widest.pairs > 1 and len(widest.rivals) == 1 and widest.more_rivals == widest.pairs - 1
    assert sum(d.pairs for d in found) == pairs
    _, _, whole = disputes.dispute_page(db_path, ContradictionFilter(), 100)
    full = next(d for d in whole if d.dispute_id == widest.dispute_id)
    assert full.rivals[0] == widest.rivals[0] and full.more_rivals == 0


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_summary_and_series_read_from_the_stored_tables_equal_the_view(db_path, seed):
    _history(db_path, seed)

    def read():
        series = disputes.disputed_series(db_path)
        subjects = {s["subject_key"] for s in series}
        return (disputes.summary(db_path), series,
                [disputes.subject_series(db_path, key, ["gpu_count", "power", "cost"]) for key in sorted(subjects)])

    stored = read()
    assert any(p["outlier"] for per in stored[2] for points, _ in per.values() for p in points)
    assert stored[0].open < stored[0].total  # the verdicts settled some pairs
    with connection(db_path) as con:
        # the same database read live: settings changed behind infratrack's back, then back again by hand
        con.execute("UPDATE settings SET value = value WHERE key = 'window_days'")
        con.execute("DELETE FROM stored_facts_state")
    assert stored == read()
    assert stored[0] == reader.contradiction_summary(db_path)


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_a_subject_s_consensus_from_the_stored_pairs_equals_the_view(db_path, seed):
    _history(db_path, seed)

    def read():
        with read_connection(db_path) as con:
            subjects = [k for k, in con.execute("SELECT DISTINCT subject_key FROM stored_claim_facts ORDER BY 1").fetchall()]
        return {key: (reader.subject_consensus(db_path, key).rows,
                      reader.subject_facts(db_path, key, ["gpu_count", "power"])["consensus"].rows) for key in subjects}

    with read_connection(db_path) as con:
        assert con.execute("SELECT conflict_pairs_current()").fetchone()[0]
        viewed = {key: con.execute("SELECT * FROM consensus_of(?)", [key]).fetchall() for key in read()}
    stored = read()
    assert {key: rows for key, (rows, _) in stored.items()} == viewed
    assert all(a == b for a, b in stored.values())
    contested = [r for rows in viewed.values() for r in rows if r[11]]
    # the verdicts settled some pairs: a contested row and a settled one both occur
    assert contested and len(contested) < sum(len(rows) for rows in viewed.values())
    with connection(db_path) as con:
        # read live, as after a settings change behind infratrack's back
        con.execute("DELETE FROM stored_facts_state")
    assert stored == read()


def test_overview_reads_equal_the_reader_s(db_path):
    _history(db_path, 3)
    assert disputes.overview_counts(db_path) == reader.overview_counts(db_path)
    everything = reader.query(db_path, disputes._CLAIM.replace("a.published_at,", "a.published_at, a.extracted_at,")
                              + " WHERE a.origin = 'news' ORDER BY a.extracted_at DESC NULLS LAST,"
                                " a.published_at DESC NULLS LAST, f.claim_id").records()
    for limit in (1, 3, 10, len(everything) + 5):
        assert disputes.newest_claims(db_path, limit) == everything[:limit]
