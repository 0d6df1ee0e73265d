-- Schema v1 of infratrack. Applied once by db.connection.open_db; never edit after release,
-- add a new numbered file instead.

CREATE TABLE sources (
    source_id       VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('feed', 'sitemap', 'seed', 'site')),
    url             VARCHAR NOT NULL,
    lang            VARCHAR,
    keywords        VARCHAR[],
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    etag            VARCHAR,
    last_modified   VARCHAR,
    last_fetched_at TIMESTAMPTZ,
    last_status     VARCHAR
);
COMMENT ON TABLE sources IS 'Feeds, sitemaps and seed URLs the crawler reads, with their conditional-GET validators.';
COMMENT ON COLUMN sources.source_id IS 'Stable key: hash of kind and URL.';
COMMENT ON COLUMN sources.name IS 'Human name of the source (from sources.toml or the URL host).';
COMMENT ON COLUMN sources.kind IS 'feed (RSS/Atom), sitemap (urlset or index), seed (one article URL) or site (the Sitemap: lines of its robots.txt).';
COMMENT ON COLUMN sources.url IS 'URL of the feed, sitemap or seed page.';
COMMENT ON COLUMN sources.lang IS 'Language hint for articles from this source (en, fr, ...); NULL = detect.';
COMMENT ON COLUMN sources.keywords IS 'Relevance filter: an entry is kept only if its title, summary or URL contains one of these (case-insensitive); NULL = keep all.';
COMMENT ON COLUMN sources.enabled IS 'FALSE = skipped by scheduled crawls.';
COMMENT ON COLUMN sources.etag IS 'ETag of the last 200 response, sent back as If-None-Match.';
COMMENT ON COLUMN sources.last_modified IS 'Last-Modified of the last 200 response, sent back as If-Modified-Since.';
COMMENT ON COLUMN sources.last_fetched_at IS 'When the source itself was last fetched.';
COMMENT ON COLUMN sources.last_status IS 'Outcome of the last fetch of the source (ok, not_modified, or an error reason).';

CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,
    command     VARCHAR NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL DEFAULT 'running',
    counts      JSON,
    error       VARCHAR
);
COMMENT ON TABLE runs IS 'One row per crawl, extract or check run.';
COMMENT ON COLUMN runs.run_id IS 'Random identifier of the run.';
COMMENT ON COLUMN runs.command IS 'crawl, extract, check, demo ...';
COMMENT ON COLUMN runs.started_at IS 'Start time (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'End time (UTC); NULL while running or after a crash.';
COMMENT ON COLUMN runs.status IS 'running, ok, partial (some items failed) or failed.';
COMMENT ON COLUMN runs.counts IS 'JSON object of counters (fetched, new, unchanged, failed, claims ...).';
COMMENT ON COLUMN runs.error IS 'Error message when the run failed.';

CREATE TABLE fetches (
    fetch_id     VARCHAR PRIMARY KEY,
    run_id       VARCHAR,
    url          VARCHAR NOT NULL,
    final_url    VARCHAR,
    kind         VARCHAR NOT NULL,
    outcome      VARCHAR NOT NULL,
    http_status  INTEGER,
    reason       VARCHAR,
    content_type VARCHAR,
    bytes        BIGINT,
    elapsed_ms   DOUBLE,
    fetched_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE fetches IS 'Every HTTP fetch attempt, successful or not: the crawl log.';
COMMENT ON COLUMN fetches.fetch_id IS 'Random identifier of the attempt.';
COMMENT ON COLUMN fetches.run_id IS 'The run that made the attempt.';
COMMENT ON COLUMN fetches.url IS 'Requested URL.';
COMMENT ON COLUMN fetches.final_url IS 'URL after redirects.';
COMMENT ON COLUMN fetches.kind IS 'robots, feed, sitemap or page.';
COMMENT ON COLUMN fetches.outcome IS 'ok, not_modified, skipped or error.';
COMMENT ON COLUMN fetches.http_status IS 'HTTP status code, NULL when no response was received.';
COMMENT ON COLUMN fetches.reason IS 'Why it failed or was skipped (timeout, robots_disallowed, too_large, http_500 ...).';
COMMENT ON COLUMN fetches.content_type IS 'Content-Type of the response.';
COMMENT ON COLUMN fetches.bytes IS 'Size of the body received.';
COMMENT ON COLUMN fetches.elapsed_ms IS 'Wall time of the attempt in milliseconds.';
COMMENT ON COLUMN fetches.fetched_at IS 'When the attempt ended (UTC).';

CREATE TABLE pages (
    url_hash      VARCHAR PRIMARY KEY,
    url           VARCHAR NOT NULL,
    final_url     VARCHAR,
    host          VARCHAR NOT NULL,
    source_id     VARCHAR,
    lang_hint     VARCHAR,
    http_status   INTEGER,
    etag          VARCHAR,
    last_modified VARCHAR,
    content_type  VARCHAR,
    content_hash  VARCHAR NOT NULL,
    html_gz       BLOB NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL,
    extracted_hash VARCHAR
);
COMMENT ON TABLE pages IS 'Raw HTML of every fetched article page (gzip), so extraction can be re-run without refetching.';
COMMENT ON COLUMN pages.url_hash IS 'Stable key: SHA-256 (first 16 bytes, hex) of the canonical requested URL.';
COMMENT ON COLUMN pages.url IS 'Canonical requested URL.';
COMMENT ON COLUMN pages.final_url IS 'URL after redirects.';
COMMENT ON COLUMN pages.host IS 'Host name of the URL.';
COMMENT ON COLUMN pages.source_id IS 'Source through which the page was discovered.';
COMMENT ON COLUMN pages.lang_hint IS 'Language hint from the source.';
COMMENT ON COLUMN pages.http_status IS 'Status of the last successful fetch.';
COMMENT ON COLUMN pages.etag IS 'ETag for conditional re-fetch.';
COMMENT ON COLUMN pages.last_modified IS 'Last-Modified for conditional re-fetch.';
COMMENT ON COLUMN pages.content_type IS 'Content-Type of the page.';
COMMENT ON COLUMN pages.content_hash IS 'SHA-256 of the decoded HTML: unchanged pages are not re-extracted.';
COMMENT ON COLUMN pages.html_gz IS 'The HTML as UTF-8, gzip-compressed.';
COMMENT ON COLUMN pages.first_seen_at IS 'First successful fetch.';
COMMENT ON COLUMN pages.fetched_at IS 'Last successful fetch.';
COMMENT ON COLUMN pages.extracted_hash IS 'content_hash at the last extraction; differs from content_hash when the page waits for extraction.';

CREATE TABLE articles (
    article_id        VARCHAR PRIMARY KEY,
    url               VARCHAR NOT NULL,
    canonical_url     VARCHAR,
    title             VARCHAR,
    publisher         VARCHAR NOT NULL,
    author            VARCHAR,
    published_at      TIMESTAMPTZ,
    lang              VARCHAR,
    text              VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    extracted_at      TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE articles IS 'Clean article text and metadata extracted from a page (or a local file).';
COMMENT ON COLUMN articles.article_id IS 'Stable key: equals pages.url_hash for crawled pages, a hash of the path for local files.';
COMMENT ON COLUMN articles.url IS 'URL the article was fetched from.';
COMMENT ON COLUMN articles.canonical_url IS 'rel=canonical or og:url when the page declares one.';
COMMENT ON COLUMN articles.title IS 'Headline.';
COMMENT ON COLUMN articles.publisher IS 'Publisher name (JSON-LD publisher, og:site_name, else the host): the unit of source independence.';
COMMENT ON COLUMN articles.author IS 'Byline when declared.';
COMMENT ON COLUMN articles.published_at IS 'Publication date (JSON-LD datePublished, article:published_time, else detected); never in the future.';
COMMENT ON COLUMN articles.lang IS 'Language code (declared, else detected).';
COMMENT ON COLUMN articles.text IS 'Main text; claim offsets index into it.';
COMMENT ON COLUMN articles.content_hash IS 'Hash of the page content the article was extracted from.';
COMMENT ON COLUMN articles.extractor_version IS 'Version of the extractor that produced this row.';
COMMENT ON COLUMN articles.extracted_at IS 'When it was extracted.';

CREATE TABLE entities (
    entity_id VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    parent    VARCHAR,
    origin    VARCHAR NOT NULL DEFAULT 'registry'
);
COMMENT ON TABLE entities IS 'Clusters, sites, programmes and companies that claims are about.';
COMMENT ON COLUMN entities.entity_id IS 'Stable key (slug of the canonical name).';
COMMENT ON COLUMN entities.name IS 'Canonical name, e.g. xAI Colossus.';
COMMENT ON COLUMN entities.kind IS 'cluster, site, programme, company or system.';
COMMENT ON COLUMN entities.parent IS 'entity_id of the owner or the whole this is a phase of.';
COMMENT ON COLUMN entities.origin IS 'registry (shipped data) or discovered (found in text).';

CREATE TABLE aliases (
    alias     VARCHAR PRIMARY KEY,
    entity_id VARCHAR NOT NULL
);
COMMENT ON TABLE aliases IS 'Names under which an entity appears in text, lower-cased; used for alias resolution.';
COMMENT ON COLUMN aliases.alias IS 'Lower-cased surface form.';
COMMENT ON COLUMN aliases.entity_id IS 'The entity it names.';

CREATE TABLE claims (
    claim_id          VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    subject           VARCHAR NOT NULL,
    entity_id         VARCHAR,
    attribute         VARCHAR NOT NULL CHECK (attribute IN ('gpu_count', 'power', 'compute', 'build_time',
                                                             'online_date', 'cost', 'water', 'location')),
    hardware          VARCHAR,
    value             DOUBLE,
    low               DOUBLE,
    high              DOUBLE,
    value_text        VARCHAR,
    unit              VARCHAR NOT NULL,
    modality          VARCHAR NOT NULL CHECK (modality IN ('actual', 'planned', 'reported', 'hypothetical')),
    as_of             DATE,
    speaker           VARCHAR,
    lang              VARCHAR,
    quote             VARCHAR NOT NULL,
    start_offset      INTEGER NOT NULL,
    end_offset        INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL
);
COMMENT ON TABLE claims IS 'Structured claims extracted from articles: one figure about one subject, with its exact quote.';
COMMENT ON COLUMN claims.claim_id IS 'Stable identity: hash of article, attribute, hardware, normalised value and quote, so re-extraction keeps the id.';
COMMENT ON COLUMN claims.article_id IS 'The article stating the claim.';
COMMENT ON COLUMN claims.subject IS 'Canonical name of what the claim is about (cluster, site or company).';
COMMENT ON COLUMN claims.entity_id IS 'entities.entity_id of the subject, NULL when unknown.';
COMMENT ON COLUMN claims.attribute IS 'gpu_count (accelerators), power (MW), compute (FLOP/s), build_time (days), online_date, cost (USD), water (US gallons/day), location.';
COMMENT ON COLUMN claims.hardware IS 'Accelerator model named with the figure (H100, GB200, MI300X ...), NULL if none.';
COMMENT ON COLUMN claims.value IS 'Normalised point value in the attribute unit (NULL for online_date and location).';
COMMENT ON COLUMN claims.low IS 'Lower bound the text allows; NULL = unbounded.';
COMMENT ON COLUMN claims.high IS 'Upper bound the text allows; NULL = unbounded.';
COMMENT ON COLUMN claims.value_text IS 'ISO date for online_date, place name for location, else the figure as written.';
COMMENT ON COLUMN claims.unit IS 'Unit of value/low/high: count, MW, FLOP/s, days, date, USD, gal/day, place.';
COMMENT ON COLUMN claims.modality IS 'actual, planned (will, plans), reported (hedged, conditional) or hypothetical.';
COMMENT ON COLUMN claims.as_of IS 'Date the claim speaks of: an explicit date in context, else the publication date.';
COMMENT ON COLUMN claims.speaker IS 'Who is quoted as saying it, when stated.';
COMMENT ON COLUMN claims.lang IS 'Language of the sentence.';
COMMENT ON COLUMN claims.quote IS 'The exact sentence carrying the claim: equals substr(articles.text, start_offset + 1, end_offset - start_offset).';
COMMENT ON COLUMN claims.start_offset IS 'Character offset (0-based) of the quote in articles.text.';
COMMENT ON COLUMN claims.end_offset IS 'End offset (exclusive) of the quote in articles.text.';
COMMENT ON COLUMN claims.extractor_version IS 'Version of the extractor that produced the claim.';

CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,
    value DOUBLE NOT NULL,
    note  VARCHAR
);
COMMENT ON TABLE settings IS 'Tunable numbers of the contradiction check; edit them with UPDATE and the views follow.';
COMMENT ON COLUMN settings.key IS 'Name of the setting.';
COMMENT ON COLUMN settings.value IS 'Its value.';
COMMENT ON COLUMN settings.note IS 'What it means.';

INSERT INTO settings VALUES
    ('window_days', 30, 'Two claims speak of the same time when their as_of dates are at most this many days apart.'),
    ('tolerance_count', 0.05, 'gpu_count: intervals must be apart by more than this share of the larger value.'),
    ('tolerance_power', 0.15, 'power: wider, since IT load, facility load and grid connection are often conflated.'),
    ('tolerance_default', 0.10, 'every other numeric attribute.');

-- A claim as the contradiction check sees it: its article's publisher and an as_of that is never NULL.
CREATE VIEW claim_facts AS
SELECT c.*,
       a.publisher,
       a.url,
       a.title,
       CAST(a.published_at AS DATE) AS published_on,
       COALESCE(c.as_of, CAST(a.published_at AS DATE)) AS as_of_effective,
       COALESCE(c.entity_id, lower(c.subject)) AS subject_key
FROM claims c
JOIN articles a USING (article_id);
COMMENT ON VIEW claim_facts IS 'Claims joined to their article: publisher, link, and the effective as_of date.';

-- Two claims contradict each other when they speak of the same subject, attribute and hardware,
-- with the same firm modality, at the same time, from different publishers, and their
-- intervals are disjoint by more than the tolerance.
CREATE VIEW contradictions AS
WITH s AS (SELECT key, value FROM settings),
f AS (SELECT * FROM claim_facts WHERE value IS NOT NULL AND modality IN ('actual', 'planned')),
pairs AS (
    SELECT a.claim_id AS claim_a, b.claim_id AS claim_b,
           a.subject, a.attribute, a.hardware, a.modality,
           a.value AS value_a, b.value AS value_b,
           COALESCE(a.low, a.value) AS low_a, COALESCE(a.high, a.value) AS high_a,
           COALESCE(b.low, b.value) AS low_b, COALESCE(b.high, b.value) AS high_b,
           a.low IS NULL AND a.high IS NOT NULL AS a_open_low, a.high IS NULL AND a.low IS NOT NULL AS a_open_high,
           b.low IS NULL AND b.high IS NOT NULL AS b_open_low, b.high IS NULL AND b.low IS NOT NULL AS b_open_high,
           a.quote AS quote_a, b.quote AS quote_b,
           a.publisher AS publisher_a, b.publisher AS publisher_b,
           a.url AS url_a, b.url AS url_b,
           a.as_of_effective AS as_of_a, b.as_of_effective AS as_of_b,
           CASE a.attribute WHEN 'gpu_count' THEN (SELECT value FROM s WHERE key = 'tolerance_count')
                            WHEN 'power' THEN (SELECT value FROM s WHERE key = 'tolerance_power')
                            ELSE (SELECT value FROM s WHERE key = 'tolerance_default') END AS tolerance
    FROM f a
    JOIN f b
      ON a.subject_key = b.subject_key
     AND a.attribute = b.attribute
     AND COALESCE(a.hardware, '') = COALESCE(b.hardware, '')
     AND a.modality = b.modality
     AND a.publisher <> b.publisher
     AND a.claim_id < b.claim_id
     AND abs(datediff('day', a.as_of_effective, b.as_of_effective)) <= (SELECT value FROM s WHERE key = 'window_days')
)
SELECT claim_a, claim_b, subject, attribute, hardware, modality,
       value_a, value_b,
       round(abs(value_a - value_b) / greatest(abs(value_a), abs(value_b)), 3) AS severity,
       quote_a, quote_b, publisher_a, publisher_b, url_a, url_b, as_of_a, as_of_b
FROM pairs
-- an open bound ("over X", "up to Y") only constrains one side
WHERE (NOT a_open_high AND NOT b_open_low AND high_a * (1 + tolerance) < low_b)
   OR (NOT b_open_high AND NOT a_open_low AND high_b * (1 + tolerance) < low_a);
COMMENT ON VIEW contradictions IS 'Pairs of claims from different publishers that disagree about the same thing at the same time; severity = relative gap.';
