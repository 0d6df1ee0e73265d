-- `infratrack run` is one run: its crawl and extract stages keep rows of their own (the crawl log's
-- fetches name the stage that made them), linked to the run that started them.

ALTER TABLE runs ADD COLUMN parent_run_id VARCHAR;
COMMENT ON TABLE runs IS 'One row per run of a command (run, crawl, extract, backfill ...); a stage of `infratrack run` has its own row pointing at the run''s.';
COMMENT ON COLUMN runs.command IS 'run, crawl, extract, extract-all, backfill, reference-import-epoch ...';
COMMENT ON COLUMN runs.parent_run_id IS 'run_id of the `infratrack run` this row is a stage of (crawl, extract); NULL for a run of its own.';
