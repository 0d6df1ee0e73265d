-- `infratrack run` is one run: its crawl and extract stages keep rows of their own (the crawl log's
-- fetches name the stage that made them), linked to the run that started them.

ALTER TABLE runs ADD COLUMN parent_run_id VARCHAR;
COMMENT ON TABLE runs IS 'One row per run of a command (run, crawl, extract, backfill ...); a stage of `infratrack run` has its own row pointing at the run''s.';
COMMENT ON COLUMN runs.command IS 'run, crawl, extract, extract-all, backfill, reference-import-epoch ...';
COMMENT ON COLUMN runs.parent_run_id IS 'run_id of the `infratrack run` this row is a stage of (crawl, extract); NULL for a run of its own.';

-- Every run announces the contradictions not announced before; at a million claims finding them
-- among millions of pairs takes seconds. conflict_pairs is only ever rewritten together with
-- stored_facts_state.refreshed_at, so while that stamp is the one of the last announcement (and
-- the pairs are current) no contradiction can be new.
CREATE TABLE announced_pairs_state (
    pairs_refreshed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE announced_pairs_state IS 'Derived, at most one row: the stored pairs (stored_facts_state.refreshed_at) the last announcement read; while unchanged, a run announces nothing without reading the pairs again.';
COMMENT ON COLUMN announced_pairs_state.pairs_refreshed_at IS 'stored_facts_state.refreshed_at when contradictions were last announced.';
