-- Schema v2: the crawl frontier and robots.txt cache live in the database, so a killed crawl
-- resumes where it stopped and cron runs share politeness state; pages record duplicates.

CREATE TABLE frontier (
    url           VARCHAR PRIMARY KEY,
    host          VARCHAR NOT NULL,
    source_id     VARCHAR,
    lang_hint     VARCHAR,
    lastmod       TIMESTAMPTZ,
    discovered_at TIMESTAMPTZ NOT NULL,
    state         VARCHAR NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed', 'skipped')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_reason   VARCHAR,
    updated_at    TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE frontier IS 'Every article URL discovered, with its crawl state: queued URLs are fetched by the next run, even after a crash.';
COMMENT ON COLUMN frontier.url IS 'Canonical URL (lower-case host, no default port, fragment or tracking parameters).';
COMMENT ON COLUMN frontier.host IS 'host[:port]: the unit of politeness.';
COMMENT ON COLUMN frontier.source_id IS 'Source that listed the URL first.';
COMMENT ON COLUMN frontier.lang_hint IS 'Language hint of that source.';
COMMENT ON COLUMN frontier.lastmod IS 'Last modification date announced by the feed or sitemap; a newer one re-queues a stored page for a conditional GET.';
COMMENT ON COLUMN frontier.discovered_at IS 'When the URL was first listed.';
COMMENT ON COLUMN frontier.state IS 'queued (to fetch), done (stored or unchanged), failed (gave up after retries), skipped (robots, content type, consent wall ...).';
COMMENT ON COLUMN frontier.attempts IS 'Fetch attempts so far, over all runs.';
COMMENT ON COLUMN frontier.last_reason IS 'Reason of the last failure or skip.';
COMMENT ON COLUMN frontier.updated_at IS 'Last state change.';

CREATE TABLE robots (
    origin     VARCHAR PRIMARY KEY,
    status     INTEGER,
    body       VARCHAR,
    error      VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE robots IS 'robots.txt cache per origin, reused across runs until its TTL expires.';
COMMENT ON COLUMN robots.origin IS 'scheme://host[:port].';
COMMENT ON COLUMN robots.status IS 'HTTP status of the robots.txt fetch; NULL when no response came.';
COMMENT ON COLUMN robots.body IS 'The robots.txt text when it was fetched (2xx).';
COMMENT ON COLUMN robots.error IS 'Why it could not be fetched (then the host is not crawled until the TTL expires).';
COMMENT ON COLUMN robots.fetched_at IS 'When it was fetched.';

ALTER TABLE pages ADD COLUMN canonical_url VARCHAR;
COMMENT ON COLUMN pages.canonical_url IS 'rel=canonical or og:url declared by the page, canonicalised.';
ALTER TABLE pages ADD COLUMN page_kind VARCHAR DEFAULT 'article';
COMMENT ON COLUMN pages.page_kind IS 'article, consent_wall (a cookie wall instead of the text) or paywall (a teaser only); only articles are extracted.';
ALTER TABLE pages ADD COLUMN text_hash VARCHAR;
COMMENT ON COLUMN pages.text_hash IS 'SHA-256 of the page''s visible paragraph text, whitespace-folded: equal for exact copies under other URLs.';
ALTER TABLE pages ADD COLUMN simhash BIGINT;
COMMENT ON COLUMN pages.simhash IS '64-bit SimHash of the paragraph text (word 3-shingles): near-duplicates differ in few bits.';
ALTER TABLE pages ADD COLUMN duplicate_of VARCHAR;
COMMENT ON COLUMN pages.duplicate_of IS 'url_hash of an earlier page with the same text or the same canonical URL.';
ALTER TABLE pages ADD COLUMN near_duplicate_of VARCHAR;
COMMENT ON COLUMN pages.near_duplicate_of IS 'url_hash of an earlier page whose SimHash is within 3 bits: a syndicated copy of the same story.';
