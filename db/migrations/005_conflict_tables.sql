-- Schema v5: the contradiction check reads from tables kept up to date by infratrack's writers
-- instead of pairing every claim on each read (a million claims: 7 s per read before, well
-- under a second now). db/conflict_tables.py refreshes them inside the transaction of every
-- change to claims, articles, pages, entities, aliases or settings, so no reader sees them stale.
-- contradictions_within(window_days) (schema v4) still computes from the base tables: the
-- reference the tables are tested against, and the way to ask about another window.

-- The claims the check can pair, with what the pairing needs, as claim_facts derives it.
CREATE VIEW comparable_claim_facts AS
SELECT md5_number_lower(COALESCE(family_key, '') || chr(0) || attribute) AS pair_group,
       claim_id, article_id, story_id, publisher, subject_key, family_key, phase_key, subject, attribute,
       hardware, modality, value, lo, hi, open_low, open_high, as_of_effective AS as_of, quote, url
FROM claim_facts
WHERE value IS NOT NULL AND as_of_effective IS NOT NULL AND modality IN ('actual', 'planned');
COMMENT ON VIEW comparable_claim_facts IS 'Claims the contradiction check can pair (a firm modality, a value, a date), computed from the base tables: what comparable_claims holds.';

CREATE TABLE comparable_claims (
    pair_group  UBIGINT NOT NULL,
    claim_id    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    story_id    VARCHAR NOT NULL,
    publisher   VARCHAR NOT NULL,
    subject_key VARCHAR NOT NULL,
    family_key  VARCHAR,
    phase_key   VARCHAR,
    subject     VARCHAR NOT NULL,
    attribute   VARCHAR NOT NULL,
    hardware    VARCHAR,
    modality    VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    lo          DOUBLE,
    hi          DOUBLE,
    open_low    BOOLEAN,
    open_high   BOOLEAN,
    as_of       DATE NOT NULL,
    quote       VARCHAR NOT NULL,
    url         VARCHAR NOT NULL
);
COMMENT ON TABLE comparable_claims IS 'Derived, kept by infratrack''s writers: comparable_claim_facts stored, so contradictions are paired without joining the base tables. Never edit by hand.';
COMMENT ON COLUMN comparable_claims.pair_group IS 'Lower 64 bits of md5(family_key, attribute): claims can only conflict within one group, the unit a write refreshes.';
COMMENT ON COLUMN comparable_claims.claim_id IS 'claims.claim_id.';
COMMENT ON COLUMN comparable_claims.article_id IS 'The article stating the claim.';
COMMENT ON COLUMN comparable_claims.story_id IS 'The original of a syndicated copy (claim_facts.story_id): copies of one story are not independent.';
COMMENT ON COLUMN comparable_claims.publisher IS 'The article''s publisher.';
COMMENT ON COLUMN comparable_claims.subject_key IS 'Subject after alias resolution (claim_facts.subject_key).';
COMMENT ON COLUMN comparable_claims.family_key IS 'The whole a phase belongs to, else subject_key (claim_facts.family_key).';
COMMENT ON COLUMN comparable_claims.phase_key IS 'The phase entity, NULL for a claim about the whole.';
COMMENT ON COLUMN comparable_claims.subject IS 'claims.subject, as written.';
COMMENT ON COLUMN comparable_claims.attribute IS 'claims.attribute.';
COMMENT ON COLUMN comparable_claims.hardware IS 'claims.hardware.';
COMMENT ON COLUMN comparable_claims.modality IS 'actual or planned: the only modalities that can conflict.';
COMMENT ON COLUMN comparable_claims.value IS 'claims.value.';
COMMENT ON COLUMN comparable_claims.lo IS 'Lower end of the interval (low, else value).';
COMMENT ON COLUMN comparable_claims.hi IS 'Upper end of the interval (high, else value).';
COMMENT ON COLUMN comparable_claims.open_low IS 'No lower bound ("up to X").';
COMMENT ON COLUMN comparable_claims.open_high IS 'No upper bound ("over X").';
COMMENT ON COLUMN comparable_claims.as_of IS 'claim_facts.as_of_effective: the stated date, else the publication date.';
COMMENT ON COLUMN comparable_claims.quote IS 'claims.quote.';
COMMENT ON COLUMN comparable_claims.url IS 'The article''s URL.';

-- The contradictions view's window, in whole days.
CREATE MACRO check_window_days() AS (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'window_days');

-- The settings the check depends on, as one string: conflict_pairs remembers the one it was
-- computed with, so an UPDATE of settings made outside infratrack is noticed by every read.
CREATE MACRO settings_fingerprint() AS
    (SELECT string_agg(key || '=' || CAST(value AS VARCHAR), ';' ORDER BY key) FROM settings);

-- Contradictions among comparable_claims, under the current settings, within the pair groups
-- listed in GROUPS (NULL = every group). The same rules as claim_pairs and
-- contradictions_within, with the three bucket joins written as one: each claim probes its own
-- time bucket and both neighbours.
CREATE MACRO conflicts_among(window_days, groups) AS TABLE
WITH f AS (
    SELECT *, COALESCE(hardware, '') AS hw, tolerance_of(attribute) AS tol,
           CAST(floor(epoch(as_of) / 86400 / greatest(window_days, 1)) AS BIGINT) AS bucket
    FROM comparable_claims
    WHERE groups IS NULL OR pair_group IN (SELECT unnest(groups))
),
probe AS (SELECT *, unnest([bucket - 1, bucket, bucket + 1]) AS near_bucket FROM f)
SELECT a.pair_group, md5(a.claim_id || '|' || b.claim_id) AS conflict_id, a.claim_id AS claim_a, b.claim_id AS claim_b,
       a.subject_key, a.subject, a.attribute, a.hardware, a.modality, a.value AS value_a, b.value AS value_b,
       round(abs(a.value - b.value) / greatest(abs(a.value), abs(b.value)), 3) AS severity,
       a.quote AS quote_a, b.quote AS quote_b, a.publisher AS publisher_a, b.publisher AS publisher_b,
       a.url AS url_a, b.url AS url_b, a.as_of AS as_of_a, b.as_of AS as_of_b
FROM probe a
JOIN f b
  ON a.pair_group = b.pair_group AND a.hw = b.hw AND a.modality = b.modality AND a.near_bucket = b.bucket
 AND a.claim_id < b.claim_id
WHERE a.family_key = b.family_key AND a.attribute = b.attribute
  AND a.publisher <> b.publisher
  AND a.story_id <> b.story_id AND a.story_id <> b.article_id AND b.story_id <> a.article_id
  AND (a.phase_key IS NULL OR b.phase_key IS NULL OR a.phase_key = b.phase_key)
  AND abs(datediff('day', a.as_of, b.as_of)) <= window_days
  AND intervals_apart(a.lo, a.hi, a.open_low, a.open_high, b.lo, b.hi, b.open_low, b.open_high, a.tol);

CREATE TABLE conflict_pairs (
    pair_group  UBIGINT NOT NULL,
    conflict_id VARCHAR NOT NULL,
    claim_a     VARCHAR NOT NULL,
    claim_b     VARCHAR NOT NULL,
    subject_key VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    attribute   VARCHAR NOT NULL,
    hardware    VARCHAR,
    modality    VARCHAR NOT NULL,
    value_a     DOUBLE NOT NULL,
    value_b     DOUBLE NOT NULL,
    severity    DOUBLE,
    quote_a     VARCHAR NOT NULL,
    quote_b     VARCHAR NOT NULL,
    publisher_a VARCHAR NOT NULL,
    publisher_b VARCHAR NOT NULL,
    url_a       VARCHAR NOT NULL,
    url_b       VARCHAR NOT NULL,
    as_of_a     DATE NOT NULL,
    as_of_b     DATE NOT NULL
);
COMMENT ON TABLE conflict_pairs IS 'Derived, kept by infratrack''s writers: the contradictions (without triage) under the settings recorded in conflict_state. Read the contradictions view instead. Never edit by hand.';
COMMENT ON COLUMN conflict_pairs.pair_group IS 'comparable_claims.pair_group of both claims.';
COMMENT ON COLUMN conflict_pairs.conflict_id IS 'Stable id of the pair: md5 of the two claim ids.';
COMMENT ON COLUMN conflict_pairs.claim_a IS 'The claim with the smaller id.';
COMMENT ON COLUMN conflict_pairs.claim_b IS 'The other claim.';
COMMENT ON COLUMN conflict_pairs.subject_key IS 'Subject of claim_a after alias resolution.';
COMMENT ON COLUMN conflict_pairs.subject IS 'Subject of claim_a as written.';
COMMENT ON COLUMN conflict_pairs.attribute IS 'The attribute both claims give.';
COMMENT ON COLUMN conflict_pairs.hardware IS 'Hardware of claim_a (both name the same, or neither does).';
COMMENT ON COLUMN conflict_pairs.modality IS 'actual or planned, the same for both.';
COMMENT ON COLUMN conflict_pairs.value_a IS 'Value of claim_a.';
COMMENT ON COLUMN conflict_pairs.value_b IS 'Value of claim_b.';
COMMENT ON COLUMN conflict_pairs.severity IS 'Relative gap |a - b| / max(|a|, |b|), rounded to 3 places.';
COMMENT ON COLUMN conflict_pairs.quote_a IS 'Quote of claim_a.';
COMMENT ON COLUMN conflict_pairs.quote_b IS 'Quote of claim_b.';
COMMENT ON COLUMN conflict_pairs.publisher_a IS 'Publisher of claim_a.';
COMMENT ON COLUMN conflict_pairs.publisher_b IS 'Publisher of claim_b.';
COMMENT ON COLUMN conflict_pairs.url_a IS 'Article URL of claim_a.';
COMMENT ON COLUMN conflict_pairs.url_b IS 'Article URL of claim_b.';
COMMENT ON COLUMN conflict_pairs.as_of_a IS 'Effective as_of date of claim_a.';
COMMENT ON COLUMN conflict_pairs.as_of_b IS 'Effective as_of date of claim_b.';

CREATE TABLE conflict_state (
    settings     VARCHAR NOT NULL,
    refreshed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE conflict_state IS 'Derived, one row: the settings conflict_pairs was computed with. While settings differ (an UPDATE made outside infratrack), reads compute contradictions from comparable_claims instead.';
COMMENT ON COLUMN conflict_state.settings IS 'settings_fingerprint() when conflict_pairs was last brought up to date.';
COMMENT ON COLUMN conflict_state.refreshed_at IS 'When conflict_pairs was last brought up to date.';

-- True when conflict_pairs holds the contradictions of the current settings.
CREATE MACRO conflict_pairs_current() AS
    (SELECT count(*) = 1 AND bool_and(settings = settings_fingerprint()) FROM conflict_state);

-- Contradictions without their triage: the stored pairs, or while settings have changed
-- behind infratrack's back, the pairs computed now (each branch reads nothing when not in use).
CREATE VIEW contradiction_pairs AS
SELECT * EXCLUDE (pair_group) FROM conflict_pairs WHERE conflict_pairs_current()
UNION ALL
SELECT * EXCLUDE (pair_group)
FROM conflicts_among(check_window_days(),
                     CASE WHEN conflict_pairs_current() THEN []::UBIGINT[] END);
COMMENT ON VIEW contradiction_pairs IS 'The contradictions without triage status: conflict_pairs when it is current, else computed from comparable_claims.';

-- Triage is joined last, at read time: a verdict never touches the stored pairs.
CREATE OR REPLACE VIEW contradictions AS
SELECT p.conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject, p.attribute, p.hardware, p.modality,
       p.value_a, p.value_b, p.severity, p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b,
       p.as_of_a, p.as_of_b, COALESCE(t.status, 'open') AS status, t.correct_value, t.note
FROM contradiction_pairs p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b;
COMMENT ON VIEW contradictions IS 'Independent sources disagreeing about the same subject, attribute and hardware at the same time (window_days), with the same firm modality, beyond the tolerance; with triage status. Same rows as contradictions_within(window_days), read from conflict_pairs.';

CREATE OR REPLACE VIEW open_contradictions AS
SELECT * FROM contradictions WHERE status IN ('open', 'confirmed');
COMMENT ON VIEW open_contradictions IS 'Contradictions not resolved or dismissed by a researcher.';

-- An existing database gets its tables filled here, once.
INSERT INTO comparable_claims SELECT * FROM comparable_claim_facts;
INSERT INTO conflict_pairs
SELECT * FROM conflicts_among(check_window_days(), NULL);
INSERT INTO conflict_state VALUES (settings_fingerprint(), now());
