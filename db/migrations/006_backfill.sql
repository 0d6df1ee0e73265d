-- Schema v6: pages loaded from WARC archives (Common Crawl News or our own --warc-dir) keep the
-- archive's date and file, and every WARC file a backfill reads is recorded, so a killed backfill
-- resumes and a file already loaded is skipped by its checksum.

ALTER TABLE pages ADD COLUMN warc_date TIMESTAMPTZ;
COMMENT ON COLUMN pages.warc_date IS 'WARC-Date of the archived response the stored HTML came from (when the archive fetched it); NULL for pages crawled live.';
ALTER TABLE pages ADD COLUMN warc_file VARCHAR;
COMMENT ON COLUMN pages.warc_file IS 'Name of the WARC file the stored HTML was loaded from; NULL for pages crawled live.';

CREATE TABLE warc_files (
    checksum     VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    size         BIGINT NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('done', 'failed', 'skipped')),
    reason       VARCHAR,
    since        TIMESTAMPTZ,
    until        TIMESTAMPTZ,
    records      BIGINT NOT NULL DEFAULT 0,
    html         BIGINT NOT NULL DEFAULT 0,
    relevant     BIGINT NOT NULL DEFAULT 0,
    articles     BIGINT NOT NULL DEFAULT 0,
    claims       BIGINT NOT NULL DEFAULT 0,
    seconds      DOUBLE,
    run_id       VARCHAR,
    processed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE warc_files IS 'Every WARC file a backfill has read, keyed by content: done files are skipped by later runs, failed ones retried.';
COMMENT ON COLUMN warc_files.checksum IS 'SHA-256 of the whole file, hex: the same content under another name or path is the same file.';
COMMENT ON COLUMN warc_files.name IS 'File name (without folder) when last read.';
COMMENT ON COLUMN warc_files.path IS 'Path the file was last read from.';
COMMENT ON COLUMN warc_files.size IS 'Size of the file in bytes.';
COMMENT ON COLUMN warc_files.status IS 'done (its shard is loaded), failed (corrupt, truncated or unreadable: nothing loaded, retried next run) or skipped (a valid WARC without HTML responses).';
COMMENT ON COLUMN warc_files.reason IS 'Why the file failed or was skipped, e.g. "truncated: record 12 ends early".';
COMMENT ON COLUMN warc_files.since IS 'Lower bound (inclusive) on WARC-Date the file was read with; NULL = none. A later run with a wider window reads the file again.';
COMMENT ON COLUMN warc_files.until IS 'Upper bound (exclusive) on WARC-Date the file was read with; NULL = none.';
COMMENT ON COLUMN warc_files.records IS 'WARC response records read (within the date window).';
COMMENT ON COLUMN warc_files.html IS 'Of those, successful (2xx) HTML responses.';
COMMENT ON COLUMN warc_files.relevant IS 'Of those, pages that passed the relevance prefilter and were stored in pages.';
COMMENT ON COLUMN warc_files.articles IS 'Articles extracted from the relevant pages.';
COMMENT ON COLUMN warc_files.claims IS 'Claims extracted from those articles.';
COMMENT ON COLUMN warc_files.seconds IS 'Wall time the worker spent on the file (reading, filtering, extracting).';
COMMENT ON COLUMN warc_files.run_id IS 'The backfill run that last read the file.';
COMMENT ON COLUMN warc_files.processed_at IS 'When the file was last read (UTC).';
