-- Schema v10: the sitemaps a sitemap index or a robots.txt lists are fetched conditionally too, so
-- their validators are kept (a source's own are in sources.etag and sources.last_modified).

CREATE TABLE sitemap_validators (
    url           VARCHAR PRIMARY KEY,
    etag          VARCHAR,
    last_modified VARCHAR,
    fetched_at    TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE sitemap_validators IS 'ETag and Last-Modified of each sitemap listed by a sitemap index or a robots.txt, for the next conditional GET.';
COMMENT ON COLUMN sitemap_validators.url IS 'The sitemap''s URL as listed.';
COMMENT ON COLUMN sitemap_validators.etag IS 'ETag of the last full answer.';
COMMENT ON COLUMN sitemap_validators.last_modified IS 'Last-Modified of the last full answer.';
COMMENT ON COLUMN sitemap_validators.fetched_at IS 'When that answer came (UTC).';
