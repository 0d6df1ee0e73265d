-- Schema v5: the fact-checking views read from tables kept up to date by infratrack's writers
-- instead of joining and pairing every claim on each read (a million claims: 7 s per read of
-- contradictions before, well under a second now). db/stored_facts.py refreshes them inside the
-- transaction of every change to claims, articles, pages, entities, aliases or settings, so no
-- reader sees them stale. claim_facts and contradictions_within(window_days) (schema v4) still
-- compute from the base tables: the reference the tables are tested against, and the way to ask
-- about another window.

-- claim_facts as the views need it, in a table: one row per claim, from the base tables.
CREATE VIEW claim_facts_to_store AS
SELECT md5_number_lower(COALESCE(family_key, '') || chr(0) || attribute) AS pair_group,
       claim_id, article_id, story_id, publisher, url, subject, subject_key, family_key, phase_key, attribute,
       hardware, modality, value, value_text, lo, hi, open_low, open_high, as_of_effective, quote
FROM claim_facts;
COMMENT ON VIEW claim_facts_to_store IS 'What stored_claim_facts must hold, computed from the base tables through claim_facts.';

CREATE TABLE stored_claim_facts (
    pair_group      UBIGINT NOT NULL,
    claim_id        VARCHAR NOT NULL,
    article_id      VARCHAR NOT NULL,
    story_id        VARCHAR NOT NULL,
    publisher       VARCHAR NOT NULL,
    url             VARCHAR NOT NULL,
    subject         VARCHAR NOT NULL,
    subject_key     VARCHAR NOT NULL,
    family_key      VARCHAR,
    phase_key       VARCHAR,
    attribute       VARCHAR NOT NULL,
    hardware        VARCHAR,
    modality        VARCHAR NOT NULL,
    value           DOUBLE,
    value_text      VARCHAR,
    lo              DOUBLE,
    hi              DOUBLE,
    open_low        BOOLEAN,
    open_high       BOOLEAN,
    as_of_effective DATE,
    quote           VARCHAR NOT NULL
);
COMMENT ON TABLE stored_claim_facts IS 'Derived, kept by infratrack''s writers: the claim_facts columns the fact-checking views read, stored so they need not join the base tables. Never edit by hand.';
COMMENT ON COLUMN stored_claim_facts.pair_group IS 'Lower 64 bits of md5(family_key, attribute): claims can only conflict within one group, the unit a write refreshes.';
COMMENT ON COLUMN stored_claim_facts.claim_id IS 'claims.claim_id.';
COMMENT ON COLUMN stored_claim_facts.article_id IS 'The article stating the claim.';
COMMENT ON COLUMN stored_claim_facts.story_id IS 'claim_facts.story_id: the original of a syndicated copy, so copies of one story are not independent.';
COMMENT ON COLUMN stored_claim_facts.publisher IS 'The article''s publisher.';
COMMENT ON COLUMN stored_claim_facts.url IS 'The article''s URL.';
COMMENT ON COLUMN stored_claim_facts.subject IS 'claims.subject, as written.';
COMMENT ON COLUMN stored_claim_facts.subject_key IS 'claim_facts.subject_key: the subject after alias resolution.';
COMMENT ON COLUMN stored_claim_facts.family_key IS 'claim_facts.family_key: the whole a phase belongs to, else subject_key.';
COMMENT ON COLUMN stored_claim_facts.phase_key IS 'claim_facts.phase_key: the phase entity, NULL for a claim about the whole.';
COMMENT ON COLUMN stored_claim_facts.attribute IS 'claims.attribute.';
COMMENT ON COLUMN stored_claim_facts.hardware IS 'claims.hardware.';
COMMENT ON COLUMN stored_claim_facts.modality IS 'claims.modality.';
COMMENT ON COLUMN stored_claim_facts.value IS 'claims.value.';
COMMENT ON COLUMN stored_claim_facts.value_text IS 'claims.value_text.';
COMMENT ON COLUMN stored_claim_facts.lo IS 'claim_facts.lo: lower end of the interval (low, else value).';
COMMENT ON COLUMN stored_claim_facts.hi IS 'claim_facts.hi: upper end of the interval (high, else value).';
COMMENT ON COLUMN stored_claim_facts.open_low IS 'claim_facts.open_low: no lower bound ("up to X").';
COMMENT ON COLUMN stored_claim_facts.open_high IS 'claim_facts.open_high: no upper bound ("over X").';
COMMENT ON COLUMN stored_claim_facts.as_of_effective IS 'claim_facts.as_of_effective: the stated date, else the publication date.';
COMMENT ON COLUMN stored_claim_facts.quote IS 'claims.quote.';

-- The contradictions view's window, in whole days.
CREATE MACRO check_window_days() AS (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'window_days');

-- The settings the check depends on, as one string: conflict_pairs remembers the one it was
-- computed with, so an UPDATE of settings made outside infratrack is noticed by every read.
CREATE MACRO settings_fingerprint() AS
    (SELECT string_agg(key || '=' || CAST(value AS VARCHAR), ';' ORDER BY key) FROM settings);

-- Contradictions among stored_claim_facts, under the current settings, within the pair groups
-- listed in GROUPS (NULL = every group). The same rules as claim_pairs and
-- contradictions_within, with the three bucket joins written as one: each claim probes its own
-- time bucket and both neighbours. The groups are joined, not tested with IN: the join hands
-- their values to the table scan, which then reads only their rows, and none for an empty list.
CREATE MACRO conflicts_among(window_days, groups) AS TABLE
WITH chosen AS (
    SELECT unnest(groups) AS pair_group
    UNION
    SELECT DISTINCT pair_group FROM stored_claim_facts WHERE groups IS NULL
),
f AS (
    SELECT s.*, COALESCE(hardware, '') AS hw, tolerance_of(attribute) AS tol, as_of_effective AS as_of,
           CAST(floor(epoch(as_of_effective) / 86400 / greatest(window_days, 1)) AS BIGINT) AS bucket
    FROM stored_claim_facts s
    JOIN chosen USING (pair_group)
    WHERE value IS NOT NULL AND as_of_effective IS NOT NULL AND modality IN ('actual', 'planned')
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
COMMENT ON TABLE conflict_pairs IS 'Derived, kept by infratrack''s writers: the contradictions (without triage) under the settings recorded in stored_facts_state. Read the contradictions view instead. Never edit by hand.';
COMMENT ON COLUMN conflict_pairs.pair_group IS 'stored_claim_facts.pair_group of both claims.';
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

CREATE TABLE stored_facts_state (
    settings         VARCHAR NOT NULL,
    refreshed_at     TIMESTAMPTZ NOT NULL,
    unordered_rows   BIGINT NOT NULL
);
COMMENT ON TABLE stored_facts_state IS 'Derived, one row: the settings conflict_pairs was computed with, and how much of stored_claim_facts is out of order. While settings differ (an UPDATE made outside infratrack), reads compute contradictions from stored_claim_facts instead.';
COMMENT ON COLUMN stored_facts_state.settings IS 'settings_fingerprint() when conflict_pairs was last brought up to date.';
COMMENT ON COLUMN stored_facts_state.refreshed_at IS 'When the stored tables were last brought up to date.';
COMMENT ON COLUMN stored_facts_state.unordered_rows IS 'Rows appended to stored_claim_facts since it was last written whole in (family_key, subject_key, attribute) order; past a tenth of the table, the next refresh writes it in order again.';

-- True when conflict_pairs holds the contradictions of the current settings.
CREATE MACRO conflict_pairs_current() AS
    (SELECT count(*) = 1 AND bool_and(settings = settings_fingerprint()) FROM stored_facts_state);

-- Contradictions without their triage: the stored pairs, or while settings have changed
-- behind infratrack's back, the pairs computed now (each branch reads nothing when not in use).
CREATE VIEW contradiction_pairs AS
SELECT * EXCLUDE (pair_group) FROM conflict_pairs WHERE conflict_pairs_current()
UNION ALL
SELECT * EXCLUDE (pair_group)
FROM conflicts_among(check_window_days(),
                     CASE WHEN conflict_pairs_current() THEN []::UBIGINT[] END);
COMMENT ON VIEW contradiction_pairs IS 'The contradictions without triage status: conflict_pairs when it is current, else computed from stored_claim_facts.';

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

-- updates, corroboration and promises as in schema v4, read from stored_claim_facts, each a
-- macro of one subject (NULL: every subject) so that a subject's page does not compute them all.
-- A subject's claims are compared with those of its whole family, as the views do.

CREATE MACRO updates_of(only_subject) AS TABLE
WITH w AS (SELECT value AS days FROM settings WHERE key = 'window_days'),
f AS (
    SELECT *, COALESCE(hardware, '') AS hw FROM stored_claim_facts
    WHERE modality = 'actual' AND value IS NOT NULL AND as_of_effective IS NOT NULL
      AND (only_subject IS NULL
           OR family_key IN (SELECT family_key FROM stored_claim_facts WHERE subject_key = only_subject))
),
later AS (SELECT f.*, f.as_of_effective - CAST((SELECT days FROM w) AS INTEGER) - 1 AS look_back FROM f
          WHERE only_subject IS NULL OR f.subject_key = only_subject)
SELECT b.subject_key, b.subject, b.attribute, b.hardware, b.modality,
       a.value AS earlier_value, a.as_of_effective AS earlier_as_of, a.publisher AS earlier_publisher,
       b.value AS later_value, b.as_of_effective AS later_as_of, b.publisher AS later_publisher,
       round((b.value - a.value) / nullif(abs(a.value), 0), 3) AS change,
       a.claim_id AS earlier_claim, b.claim_id AS later_claim
FROM later b
ASOF JOIN f a
  ON a.family_key = b.family_key AND a.attribute = b.attribute AND a.hw = b.hw
 AND a.as_of_effective <= b.look_back
WHERE abs(b.value - a.value) > tolerance_of(a.attribute) * greatest(abs(a.value), abs(b.value));

CREATE OR REPLACE VIEW updates AS SELECT * FROM updates_of(NULL);
COMMENT ON VIEW updates IS 'Each actual figure that changed from the latest figure for the same thing reported more than window_days before: a timeline, not a contradiction. updates_of(subject_key) gives one subject''s.';

CREATE MACRO corroboration_of(only_subject) AS TABLE
WITH s AS (SELECT * FROM stored_claim_facts WHERE only_subject IS NULL OR subject_key = only_subject)
SELECT f.claim_id, f.subject, f.attribute, f.hardware, f.value, f.modality, f.publisher,
       count(DISTINCT o.publisher) FILTER (WHERE o.claim_id IS NOT NULL) AS corroborating_publishers
FROM s f
LEFT JOIN s o
  ON o.subject_key = f.subject_key AND o.attribute = f.attribute
 AND COALESCE(o.hardware, '') = COALESCE(f.hardware, '') AND o.modality = f.modality
 AND o.publisher <> f.publisher AND o.story_id <> f.story_id AND o.story_id <> f.article_id AND f.story_id <> o.article_id
 AND o.value IS NOT NULL AND f.value IS NOT NULL
 AND abs(datediff('day', o.as_of_effective, f.as_of_effective)) <= (SELECT value FROM settings WHERE key = 'window_days')
 AND NOT intervals_apart(f.lo, f.hi, f.open_low, f.open_high, o.lo, o.hi, o.open_low, o.open_high, tolerance_of(f.attribute))
GROUP BY ALL;

CREATE OR REPLACE VIEW corroboration AS SELECT * FROM corroboration_of(NULL);
COMMENT ON VIEW corroboration IS 'For each claim, the number of other independent publishers whose claim about the same thing at the same time agrees within tolerance. corroboration_of(subject_key) gives one subject''s.';

CREATE MACRO promises_of(only_subject) AS TABLE
SELECT p.subject_key, p.subject, p.attribute, COALESCE(p.hardware, a.hardware) AS hardware,
       p.value AS planned_value, p.as_of_effective AS planned_as_of, p.publisher AS planned_publisher, p.quote AS planned_quote,
       a.value AS actual_value, a.as_of_effective AS actual_as_of, a.publisher AS actual_publisher, a.quote AS actual_quote,
       datediff('day', p.as_of_effective, a.as_of_effective) AS days_later,
       NOT intervals_apart(p.lo, p.hi, p.open_low, p.open_high, a.lo, a.hi, a.open_low, a.open_high, tolerance_of(p.attribute))
           AS kept,
       p.claim_id AS planned_claim, a.claim_id AS actual_claim
FROM stored_claim_facts p
JOIN stored_claim_facts a
  ON a.family_key = p.family_key AND a.attribute = p.attribute
 -- a plan for "50,000 H200" is judged by H200 figures; a plan that names no model by any figure
 AND (p.hardware IS NULL OR p.hardware = a.hardware)
WHERE p.modality = 'planned' AND a.modality = 'actual' AND p.value IS NOT NULL AND a.value IS NOT NULL
  -- an outcome comes later than the window: a fact printed beside the plan is not its outcome
  AND datediff('day', p.as_of_effective, a.as_of_effective) > (SELECT value FROM settings WHERE key = 'window_days')
  AND (only_subject IS NULL OR p.subject_key = only_subject)
  AND (only_subject IS NULL
       OR a.family_key IN (SELECT family_key FROM stored_claim_facts WHERE subject_key = only_subject));

CREATE OR REPLACE VIEW promises AS SELECT * FROM promises_of(NULL);
COMMENT ON VIEW promises IS 'A planned figure and each actual figure for the same subject and attribute reported more than window_days later; kept = it agrees with the plan. promises_of(subject_key) gives one subject''s.';

-- An existing database gets its tables filled here, once. Written in this order (as
-- db/stored_facts.py writes them whole), the rows of one family and subject sit together, and a
-- read of one subject or one pair group decompresses a few blocks instead of every block (6x faster).
INSERT INTO stored_claim_facts SELECT * FROM claim_facts_to_store ORDER BY family_key, subject_key, attribute, claim_id;
INSERT INTO conflict_pairs
SELECT * FROM conflicts_among(check_window_days(), NULL);
INSERT INTO stored_facts_state VALUES (settings_fingerprint(), now(), 0);
