-- Schema v4: fact-checking semantics. Copies of one story do not count as independent sources;
-- contradictions get stable ids and a triage status; updates, corroboration and promises views.

CREATE TABLE triage (
    claim_a       VARCHAR NOT NULL,
    claim_b       VARCHAR NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('confirmed', 'resolved', 'dismissed')),
    correct_value DOUBLE,
    note          VARCHAR,
    decided_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (claim_a, claim_b)
);
COMMENT ON TABLE triage IS 'A researcher''s verdict on a contradiction, keyed on the two stable claim ids so it survives re-extraction.';
COMMENT ON COLUMN triage.claim_a IS 'claim_id of the first claim of the pair (the smaller id).';
COMMENT ON COLUMN triage.claim_b IS 'claim_id of the second claim of the pair.';
COMMENT ON COLUMN triage.status IS 'confirmed (a real disagreement), resolved (the correct value is known) or dismissed (not a contradiction).';
COMMENT ON COLUMN triage.correct_value IS 'The correct value, for resolved pairs, in the attribute''s unit.';
COMMENT ON COLUMN triage.note IS 'Why, in the researcher''s words.';
COMMENT ON COLUMN triage.decided_at IS 'When the verdict was given.';

-- Claims with what the checks need: publisher, effective date, subject after alias resolution,
-- and the story it copies (a page recorded as a duplicate or near-duplicate of another).
CREATE OR REPLACE VIEW claim_facts AS
SELECT c.*,
       a.publisher,
       a.url,
       a.title,
       CAST(a.published_at AS DATE) AS published_on,
       COALESCE(c.as_of, CAST(a.published_at AS DATE)) AS as_of_effective,
       COALESCE(al.entity_id, c.entity_id, lower(c.subject)) AS subject_key,
       -- a phase ("Colossus Phase 1") is compared with claims about the whole that name no phase
       CASE WHEN e.kind = 'phase' THEN e.parent ELSE COALESCE(al.entity_id, c.entity_id, lower(c.subject)) END AS family_key,
       CASE WHEN e.kind = 'phase' THEN e.entity_id END AS phase_key,
       COALESCE(p.duplicate_of, p.near_duplicate_of, c.article_id) AS story_id,
       COALESCE(c.low, c.value) AS lo,
       COALESCE(c.high, c.value) AS hi,
       c.low IS NULL AND c.high IS NOT NULL AS open_low,
       c.high IS NULL AND c.low IS NOT NULL AS open_high
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN pages p ON p.url_hash = c.article_id
LEFT JOIN aliases al ON al.alias = lower(c.subject)
LEFT JOIN entities e ON e.entity_id = COALESCE(al.entity_id, c.entity_id);
COMMENT ON VIEW claim_facts IS 'Claims with publisher, link, effective as_of, subject_key after alias resolution, family_key/phase_key (a phase and its whole), story_id (the original of a syndicated copy) and interval bounds.';

-- Relative tolerance of an attribute, from the settings table.
CREATE OR REPLACE MACRO tolerance_of(attr) AS
    COALESCE((SELECT value FROM settings WHERE key = 'tolerance_' || CASE attr WHEN 'gpu_count' THEN 'count' ELSE attr END),
             (SELECT value FROM settings WHERE key = 'tolerance_default'));

-- Two intervals are apart when one ends, widened by the tolerance, before the other starts.
-- An open bound ("over X", "up to Y") constrains one side only.
CREATE OR REPLACE MACRO intervals_apart(lo_a, hi_a, open_low_a, open_high_a, lo_b, hi_b, open_low_b, open_high_b, tol) AS
    (NOT open_high_a AND NOT open_low_b AND hi_a * (1 + tol) < lo_b)
    OR (NOT open_high_b AND NOT open_low_a AND hi_b * (1 + tol) < lo_a);

-- Pairs of independent firm (actual or planned) claims with the same modality about the same
-- thing; window_days bounds how far apart in time.
-- Claims are put in time buckets of window_days: a pair within the window is in the same bucket
-- or in neighbouring ones, so the join compares a few claims instead of a whole series (a
-- million-claim database answers in well under a second instead of twenty).
CREATE OR REPLACE MACRO claim_pairs(window_days) AS TABLE
WITH f AS (
    SELECT *, CAST(floor(epoch(as_of_effective) / 86400 / greatest(window_days, 1)) AS BIGINT) AS bucket
    FROM claim_facts WHERE value IS NOT NULL AND as_of_effective IS NOT NULL AND modality IN ('actual', 'planned')
),
near AS (
    SELECT a.*, b.claim_id AS b_claim_id FROM f a JOIN f b
      ON a.family_key = b.family_key AND a.attribute = b.attribute
     AND COALESCE(a.hardware, '') = COALESCE(b.hardware, '') AND a.modality = b.modality AND a.bucket = b.bucket AND a.claim_id < b.claim_id
    UNION ALL
    SELECT a.*, b.claim_id FROM f a JOIN f b
      ON a.family_key = b.family_key AND a.attribute = b.attribute
     AND COALESCE(a.hardware, '') = COALESCE(b.hardware, '') AND a.modality = b.modality AND a.bucket + 1 = b.bucket AND a.claim_id < b.claim_id
    UNION ALL
    SELECT a.*, b.claim_id FROM f a JOIN f b
      ON a.family_key = b.family_key AND a.attribute = b.attribute
     AND COALESCE(a.hardware, '') = COALESCE(b.hardware, '') AND a.modality = b.modality AND a.bucket - 1 = b.bucket AND a.claim_id < b.claim_id
)
SELECT a.claim_id AS claim_a, b.claim_id AS claim_b, a.subject_key, a.subject, a.attribute, a.hardware,
       a.modality AS modality_a, b.modality AS modality_b,
       a.value AS value_a, b.value AS value_b, a.lo AS lo_a, a.hi AS hi_a, b.lo AS lo_b, b.hi AS hi_b,
       a.open_low AS open_low_a, a.open_high AS open_high_a, b.open_low AS open_low_b, b.open_high AS open_high_b,
       a.quote AS quote_a, b.quote AS quote_b, a.publisher AS publisher_a, b.publisher AS publisher_b,
       a.url AS url_a, b.url AS url_b, a.as_of_effective AS as_of_a, b.as_of_effective AS as_of_b,
       a.article_id AS article_a, b.article_id AS article_b,
       abs(datediff('day', a.as_of_effective, b.as_of_effective)) AS days_apart
FROM near a
JOIN f b ON b.claim_id = a.b_claim_id
WHERE a.publisher <> b.publisher
  AND a.story_id <> b.story_id AND a.story_id <> b.article_id AND b.story_id <> a.article_id
  AND (a.phase_key IS NULL OR b.phase_key IS NULL OR a.phase_key = b.phase_key)
  AND abs(datediff('day', a.as_of_effective, b.as_of_effective)) <= window_days;

-- Contradictions for any window: same firm modality, disjoint beyond the tolerance.
CREATE OR REPLACE MACRO contradictions_within(window_days) AS TABLE
SELECT md5(p.claim_a || '|' || p.claim_b) AS conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject,
       p.attribute, p.hardware, p.modality_a AS modality, p.value_a, p.value_b,
       round(abs(p.value_a - p.value_b) / greatest(abs(p.value_a), abs(p.value_b)), 3) AS severity,
       p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b, p.as_of_a, p.as_of_b,
       COALESCE(t.status, 'open') AS status, t.correct_value, t.note
FROM claim_pairs(window_days) p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
WHERE p.modality_a = p.modality_b AND p.modality_a IN ('actual', 'planned')
  AND intervals_apart(p.lo_a, p.hi_a, p.open_low_a, p.open_high_a, p.lo_b, p.hi_b, p.open_low_b, p.open_high_b,
                      tolerance_of(p.attribute));

CREATE OR REPLACE VIEW contradictions AS
SELECT * FROM contradictions_within((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'window_days'));
COMMENT ON VIEW contradictions IS 'Independent sources disagreeing about the same subject, attribute and hardware at the same time (window_days), with the same firm modality, beyond the tolerance; with triage status.';

CREATE OR REPLACE VIEW open_contradictions AS
SELECT * FROM contradictions WHERE status IN ('open', 'confirmed');
COMMENT ON VIEW open_contradictions IS 'Contradictions not resolved or dismissed by a researcher.';

-- A later figure from outside the window: the timeline of a subject, not a contradiction. Each
-- actual figure is compared with the latest one reported more than window_days before it (an
-- ASOF join), so a long series costs a sort, not a comparison of every pair.
CREATE OR REPLACE VIEW updates AS
WITH w AS (SELECT value AS days FROM settings WHERE key = 'window_days'),
f AS (
    SELECT *, COALESCE(hardware, '') AS hw FROM claim_facts
    WHERE modality = 'actual' AND value IS NOT NULL AND as_of_effective IS NOT NULL
),
later AS (SELECT f.*, f.as_of_effective - CAST((SELECT days FROM w) AS INTEGER) - 1 AS look_back FROM f)
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
COMMENT ON VIEW updates IS 'Each actual figure that changed from the latest figure for the same thing reported more than window_days before: a timeline, not a contradiction.';

-- How many independent publishers agree with each claim (same thing, same time, overlapping intervals).
CREATE OR REPLACE VIEW corroboration AS
SELECT f.claim_id, f.subject, f.attribute, f.hardware, f.value, f.modality, f.publisher,
       count(DISTINCT o.publisher) FILTER (WHERE o.claim_id IS NOT NULL) AS corroborating_publishers
FROM claim_facts f
LEFT JOIN claim_facts o
  ON o.subject_key = f.subject_key AND o.attribute = f.attribute
 AND COALESCE(o.hardware, '') = COALESCE(f.hardware, '') AND o.modality = f.modality
 AND o.publisher <> f.publisher AND o.story_id <> f.story_id AND o.story_id <> f.article_id AND f.story_id <> o.article_id
 AND o.value IS NOT NULL AND f.value IS NOT NULL
 AND abs(datediff('day', o.as_of_effective, f.as_of_effective)) <= (SELECT value FROM settings WHERE key = 'window_days')
 AND NOT intervals_apart(f.lo, f.hi, f.open_low, f.open_high, o.lo, o.hi, o.open_low, o.open_high, tolerance_of(f.attribute))
GROUP BY ALL;
COMMENT ON VIEW corroboration IS 'For each claim, the number of other independent publishers whose claim about the same thing at the same time agrees within tolerance.';

-- A plan and what came of it: a planned figure and a later actual one for the same subject and attribute.
CREATE OR REPLACE VIEW promises AS
SELECT p.subject_key, p.subject, p.attribute, COALESCE(p.hardware, a.hardware) AS hardware,
       p.value AS planned_value, p.as_of_effective AS planned_as_of, p.publisher AS planned_publisher, p.quote AS planned_quote,
       a.value AS actual_value, a.as_of_effective AS actual_as_of, a.publisher AS actual_publisher, a.quote AS actual_quote,
       datediff('day', p.as_of_effective, a.as_of_effective) AS days_later,
       NOT intervals_apart(p.lo, p.hi, p.open_low, p.open_high, a.lo, a.hi, a.open_low, a.open_high, tolerance_of(p.attribute))
           AS kept,
       p.claim_id AS planned_claim, a.claim_id AS actual_claim
FROM claim_facts p
JOIN claim_facts a
  ON a.family_key = p.family_key AND a.attribute = p.attribute
 -- a plan for "50,000 H200" is judged by H200 figures; a plan that names no model by any figure
 AND (p.hardware IS NULL OR p.hardware = a.hardware)
WHERE p.modality = 'planned' AND a.modality = 'actual' AND p.value IS NOT NULL AND a.value IS NOT NULL
  -- an outcome comes later than the window: a fact printed beside the plan is not its outcome
  AND datediff('day', p.as_of_effective, a.as_of_effective) > (SELECT value FROM settings WHERE key = 'window_days');
COMMENT ON VIEW promises IS 'A planned figure and each actual figure for the same subject and attribute reported more than window_days later; kept = it agrees with the plan.';
