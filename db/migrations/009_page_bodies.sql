-- Schema v9: page bodies move out of the table into append-only files beside the database
-- (db/page_bodies.py says why). Rows stored before keep their inline html_gz.

ALTER TABLE pages ALTER COLUMN html_gz DROP NOT NULL;
ALTER TABLE pages ADD COLUMN body_file VARCHAR;
ALTER TABLE pages ADD COLUMN body_offset BIGINT;
ALTER TABLE pages ADD COLUMN body_length INTEGER;
COMMENT ON TABLE pages IS 'Every fetched article page: where its raw HTML is (gzip), its hashes, fingerprints, copy links and validators, so extraction can be re-run without refetching.';
COMMENT ON COLUMN pages.html_gz IS 'The HTML as UTF-8, gzip-compressed, for pages stored inline (before schema 9, from a backfill, or in a database without a file); NULL when body_file is set.';
COMMENT ON COLUMN pages.body_file IS 'File of the bodies folder beside the database (<db>.bodies/) holding the HTML, or NULL when html_gz holds it.';
COMMENT ON COLUMN pages.body_offset IS 'Byte offset of the HTML in body_file: one gzip member of body_length bytes.';
COMMENT ON COLUMN pages.body_length IS 'Length in bytes of the gzip member holding the HTML in body_file.';
