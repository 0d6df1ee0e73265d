-- Schema v12: a check that finds the real disagreements (issue 16).
-- * Tolerance from the stated precision: a figure covers what it rounds (half a step of its last
--   significant digit, counting at least two); the settings' tolerances become a small floor.
-- * Every attribute compared: online dates by their date intervals, places by containment.
-- * Events that happen once (online_date, build_time) and places are compared whenever reported
--   when both say they happened (a plan may be revised: two plans only within the window).
-- * A page stored as a copy of another adds no pair and no row of its own to any view.
-- * Scale slips (one figure 10^3, 10^6 ... times the other) are labelled unit_slip.
-- * Each contradiction says why: gap, tolerance and its reason, days between the two claims.
-- * Verdicts on single claims ("this figure is wrong/right") settle every pair the claim is in.

ALTER TABLE claims ADD COLUMN date_low DATE;
ALTER TABLE claims ADD COLUMN date_high DATE;
COMMENT ON COLUMN claims.date_low IS 'online_date: first day of the period the text allows ("late 2026": 2026-09-01); NULL = unbounded or not a date.';
COMMENT ON COLUMN claims.date_high IS 'online_date: last day of the period the text allows ("by 2028": 2028-12-31); NULL = unbounded or not a date.';

UPDATE settings SET value = 0.005, note = 'gpu_count: least relative tolerance between two figures (each figure also covers what it rounds).'
 WHERE key = 'tolerance_count' AND value = 0.05;
UPDATE settings SET value = 0.02, note = 'power: least relative tolerance between two figures (each figure also covers what it rounds).'
 WHERE key = 'tolerance_power' AND value = 0.15;
UPDATE settings SET value = 0.01, note = 'every other numeric attribute: least relative tolerance (each figure also covers what it rounds).'
 WHERE key = 'tolerance_default' AND value = 0.10;

-- Verdicts on one claim, copied from the triage store into a temporary table of the same name by
-- db/triage.py at read time; this empty table lets the views bind without it.
CREATE TABLE claim_verdicts (
    claim_id   VARCHAR PRIMARY KEY,
    verdict    VARCHAR NOT NULL CHECK (verdict IN ('wrong', 'right')),
    note       VARCHAR,
    decided_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE claim_verdicts IS 'A researcher''s verdict on one claim, kept in the triage store and shadowed by a temporary copy at read time: it settles every contradiction the claim is in.';
COMMENT ON COLUMN claim_verdicts.claim_id IS 'claims.claim_id (stable across re-extraction of the same reading).';
COMMENT ON COLUMN claim_verdicts.verdict IS 'wrong (this figure is false) or right (this figure is the correct one).';
COMMENT ON COLUMN claim_verdicts.note IS 'Why, in the researcher''s words.';
COMMENT ON COLUMN claim_verdicts.decided_at IS 'When the verdict was given.';

-- The rounding step of a stated figure: the largest power of ten that divides it, but at most a
-- tenth of its leading digit's place. "100,000" is read as rounded to the ten thousand, not to the
-- hundred thousand: writers round to two significant digits far more often than to one, and a
-- one-digit reading would make 100,000 and 150,000 agree. "41,208" has step 1: exact.
CREATE MACRO figure_step(v) AS
    CASE WHEN v IS NULL OR v = 0 OR NOT isfinite(v) THEN 0
         ELSE COALESCE(pow(10, list_max(list_filter(
                  range(CAST(floor(log10(abs(v))) AS BIGINT) - 12, CAST(floor(log10(abs(v))) AS BIGINT)),
                  lambda j: abs(abs(v) / pow(10, j) - round(abs(v) / pow(10, j))) < 1e-6))), 0) END;

-- How wide a claim's own figure is, in words, for the why column.
CREATE MACRO stated_as(lo, hi, open_low, open_high, step) AS
    CASE WHEN open_high THEN 'a lower bound'
         WHEN open_low THEN 'an upper bound'
         WHEN lo < hi THEN 'a range'
         WHEN step <= 1 THEN 'exact'
         ELSE 'rounded to ' || CAST(CAST(step AS DECIMAL(38, 0)) AS VARCHAR) END;

-- The parts of a place, most specific first, without case, accents or spaces around commas.
CREATE MACRO place_parts(place) AS
    list_transform(string_split(lower(strip_accents(place)), ','), lambda p: trim(p));

-- Two places are apart when neither contains the other: the most specific part of each is not one
-- of the other's parts ("Abilene, Texas, US" contains "Texas, US"; two towns exclude each other).
CREATE MACRO places_apart(a, b) AS
    NOT list_contains(place_parts(a), place_parts(b)[1]) AND NOT list_contains(place_parts(b), place_parts(a)[1]);

-- The period an online date allows: the stored bounds, else the ISO value read at its precision.
CREATE MACRO iso_period_low(t) AS
    COALESCE(try_strptime(t, '%Y-%m-%d'), try_strptime(t, '%Y-%m'), try_strptime(t, '%Y'))::DATE;
CREATE MACRO iso_period_high(t) AS
    COALESCE(try_strptime(t, '%Y-%m-%d')::DATE,
             (try_strptime(t, '%Y-%m') + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE,
             (try_strptime(t, '%Y') + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE);

-- Attributes of events that happen once, and places (a site does not move): what happened is
-- compared whenever reported, not only within window_days.
CREATE MACRO timeless(attr) AS attr IN ('online_date', 'build_time', 'location');

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
       c.high IS NULL AND c.low IS NOT NULL AS open_high,
       e.kind AS subject_kind,
       CASE WHEN c.attribute = 'online_date' THEN COALESCE(c.date_low, iso_period_low(c.value_text)) END AS date_lo,
       CASE WHEN c.attribute = 'online_date' THEN COALESCE(c.date_high, iso_period_high(c.value_text)) END AS date_hi,
       figure_step(COALESCE(c.low, c.value)) / 2 AS margin_lo,
       figure_step(COALESCE(c.high, c.value)) / 2 AS margin_hi
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN pages p ON p.url_hash = c.article_id
LEFT JOIN aliases al ON al.alias = lower(c.subject)
LEFT JOIN entities e ON e.entity_id = COALESCE(al.entity_id, c.entity_id);
COMMENT ON VIEW claim_facts IS 'Claims with publisher, link, effective as_of, subject_key after alias resolution, family_key/phase_key (a phase and its whole), story_id (the original of a syndicated copy), interval bounds, the period of an online date and the rounding margin of each bound.';

CREATE OR REPLACE VIEW claim_facts_to_store AS
SELECT md5_number_lower(COALESCE(family_key, '') || chr(0) || attribute) AS pair_group,
       claim_id, article_id, story_id, publisher, url, subject, subject_key, family_key, phase_key, attribute,
       hardware, modality, value, value_text, lo, hi, open_low, open_high, as_of_effective, quote,
       subject_kind, date_lo, date_hi, margin_lo, margin_hi
FROM claim_facts;

ALTER TABLE stored_claim_facts ADD COLUMN subject_kind VARCHAR;
ALTER TABLE stored_claim_facts ADD COLUMN date_lo DATE;
ALTER TABLE stored_claim_facts ADD COLUMN date_hi DATE;
ALTER TABLE stored_claim_facts ADD COLUMN margin_lo DOUBLE;
ALTER TABLE stored_claim_facts ADD COLUMN margin_hi DOUBLE;
COMMENT ON COLUMN stored_claim_facts.subject_kind IS 'entities.kind of the resolved subject (cluster, site, programme, company ...), NULL when unknown.';
COMMENT ON COLUMN stored_claim_facts.date_lo IS 'claim_facts.date_lo: first day an online date allows.';
COMMENT ON COLUMN stored_claim_facts.date_hi IS 'claim_facts.date_hi: last day an online date allows.';
COMMENT ON COLUMN stored_claim_facts.margin_lo IS 'claim_facts.margin_lo: half the rounding step of the lower bound (figure_step): what a rounded figure covers.';
COMMENT ON COLUMN stored_claim_facts.margin_hi IS 'claim_facts.margin_hi: half the rounding step of the upper bound.';

-- Every pair of independent claims that disagree, from FACTS (the name of a table or view with
-- the columns of stored_claim_facts) in the pair groups GROUPS (NULL = all). The one place the
-- rules live: the stored pairs read stored_claim_facts, the reference claim_facts_to_store.
-- Numbers: intervals apart by more than both claims' rounding margins plus the attribute's floor
-- (tolerance_of, a share of the larger value); online dates: periods that cannot overlap; places:
-- neither contains the other, for subjects that stand in one place (not a programme or company).
-- Each claim probes its own time bucket and both neighbours; timeless attributes share one bucket.
CREATE MACRO conflicts_of(facts, window_days, groups) AS TABLE
WITH chosen AS (
    SELECT unnest(groups) AS pair_group
    UNION
    SELECT DISTINCT pair_group FROM query_table(facts) WHERE groups IS NULL
),
f AS (
    SELECT s.*, COALESCE(hardware, '') AS hw, tolerance_of(attribute) AS tol, as_of_effective AS as_of,
           COALESCE(value, (lo + hi) / 2, lo, hi) AS point,
           CASE WHEN timeless(attribute) THEN 0
                ELSE CAST(floor(epoch(as_of_effective) / 86400 / greatest(window_days, 1)) AS BIGINT) END AS bucket
    FROM query_table(facts) s
    JOIN chosen USING (pair_group)
    -- a copy of another stored page speaks through its original
    WHERE story_id = article_id AND modality IN ('actual', 'planned')
      AND (as_of_effective IS NOT NULL OR timeless(attribute))
      AND CASE attribute WHEN 'online_date' THEN date_lo IS NOT NULL OR date_hi IS NOT NULL
                         WHEN 'location' THEN value_text IS NOT NULL AND COALESCE(subject_kind, '') NOT IN ('programme', 'company')
                         ELSE lo IS NOT NULL OR hi IS NOT NULL END
),
probe AS (SELECT *, unnest([bucket - 1, bucket, bucket + 1]) AS near_bucket FROM f),
pairs AS (
    SELECT a.pair_group, a.claim_id AS claim_a, b.claim_id AS claim_b, a.subject_key, a.subject, a.attribute,
           a.hardware, CASE WHEN a.modality = b.modality THEN a.modality ELSE 'actual/planned' END AS modality, a.value AS value_a, b.value AS value_b, a.point AS point_a, b.point AS point_b,
           a.quote AS quote_a, b.quote AS quote_b, a.publisher AS publisher_a, b.publisher AS publisher_b,
           a.url AS url_a, b.url AS url_b, a.as_of AS as_of_a, b.as_of AS as_of_b,
           a.value_text AS text_a, b.value_text AS text_b,
           a.date_lo AS date_lo_a, a.date_hi AS date_hi_a, b.date_lo AS date_lo_b, b.date_hi AS date_hi_b,
           -- how far apart the two intervals are, and how far they may be
           greatest(CASE WHEN NOT a.open_high AND NOT b.open_low THEN b.lo - a.hi END,
                    CASE WHEN NOT b.open_high AND NOT a.open_low THEN a.lo - b.hi END) AS gap,
           CASE WHEN b.lo - a.hi >= a.lo - b.hi THEN a.margin_hi + b.margin_lo ELSE b.margin_hi + a.margin_lo END
               + a.tol * greatest(abs(a.point), abs(b.point)) AS allowed,
           greatest(abs(a.point), abs(b.point)) AS scale, a.tol,
           stated_as(a.lo, a.hi, a.open_low, a.open_high, 2 * greatest(a.margin_lo, a.margin_hi)) AS stated_a,
           stated_as(b.lo, b.hi, b.open_low, b.open_high, 2 * greatest(b.margin_lo, b.margin_hi)) AS stated_b,
           abs(datediff('day', a.as_of, b.as_of)) AS days_apart
    FROM probe a
    JOIN f b
      ON a.pair_group = b.pair_group AND a.hw = b.hw AND a.near_bucket = b.bucket
     AND a.claim_id < b.claim_id
    WHERE a.family_key = b.family_key AND a.attribute = b.attribute
      -- the same firm modality; or an online date still planned in a report written after the
      -- period another source says it came online in (a plan made before is a delay, not a conflict)
      AND (a.modality = b.modality
           OR (a.attribute = 'online_date' AND a.modality = 'planned' AND a.as_of > b.date_hi)
           OR (a.attribute = 'online_date' AND b.modality = 'planned' AND b.as_of > a.date_hi))
      AND a.publisher <> b.publisher
      AND a.story_id <> b.story_id AND a.story_id <> b.article_id AND b.story_id <> a.article_id
      AND (a.phase_key IS NULL OR b.phase_key IS NULL OR a.phase_key = b.phase_key)
      -- what happened once is compared whenever reported; a plan may be revised, so two plans
      -- only within the window
      AND ((timeless(a.attribute) AND a.modality <> b.modality)
           OR (timeless(a.attribute) AND a.modality = 'actual' AND b.modality = 'actual')
           OR abs(datediff('day', a.as_of, b.as_of)) <= window_days)
      AND CASE a.attribute
              WHEN 'online_date' THEN a.date_hi < b.date_lo OR b.date_hi < a.date_lo
              WHEN 'location' THEN places_apart(a.value_text, b.value_text)
              ELSE true END
),
judged AS (
    SELECT *,
           -- one figure a power of a thousand times the other (within 5%): a scale word or unit slip
           CASE WHEN attribute NOT IN ('online_date', 'location') AND point_a > 0 AND point_b > 0
                     AND round(abs(log10(point_a / point_b)) / 3) >= 1
                     AND abs(abs(log10(point_a / point_b)) - 3 * round(abs(log10(point_a / point_b)) / 3)) <= log10(1.05)
                THEN 'unit_slip' ELSE 'disagreement' END AS kind
    FROM pairs
    WHERE attribute IN ('online_date', 'location') OR gap > allowed
)
SELECT pair_group, md5(claim_a || '|' || claim_b) AS conflict_id, claim_a, claim_b, subject_key, subject, attribute,
       hardware, modality, value_a, value_b,
       round(abs(point_a - point_b) / nullif(greatest(abs(point_a), abs(point_b)), 0), 3) AS severity,
       quote_a, quote_b, publisher_a, publisher_b, url_a, url_b, as_of_a, as_of_b, text_a, text_b, kind,
       round(100 * gap / nullif(scale, 0), 1) AS gap_pct,
       round(100 * allowed / nullif(scale, 0), 1) AS tolerance_pct,
       CASE attribute
           WHEN 'online_date' THEN 'periods ' || COALESCE(CAST(date_lo_a AS VARCHAR), '…') || ' to ' || COALESCE(CAST(date_hi_a AS VARCHAR), '…')
                || ' and ' || COALESCE(CAST(date_lo_b AS VARCHAR), '…') || ' to ' || COALESCE(CAST(date_hi_b AS VARCHAR), '…')
                || ' cannot overlap (' || greatest(datediff('day', date_hi_a, date_lo_b), datediff('day', date_hi_b, date_lo_a)) || ' days between)'
           WHEN 'location' THEN '"' || text_a || '" and "' || text_b || '": neither place contains the other'
           ELSE CASE WHEN kind = 'unit_slip'
                     THEN 'one figure is 10^' || CAST(CAST(3 * round(abs(log10(point_a / point_b)) / 3) AS INTEGER) AS VARCHAR)
                          || ' times the other: a scale word or unit slip; '
                     ELSE '' END
                || 'gap ' || CAST(round(100 * gap / nullif(scale, 0), 1) AS VARCHAR) || '% > tolerance '
                || CAST(round(100 * allowed / nullif(scale, 0), 1) AS VARCHAR) || '% (A ' || stated_a || ', B ' || stated_b
                || ', floor ' || CAST(round(100 * tol, 1) AS VARCHAR) || '%)' END AS why,
       days_apart
FROM judged;

-- The stored pairs, under the same name and signature as before.
CREATE OR REPLACE MACRO conflicts_among(window_days, groups) AS TABLE
SELECT * FROM conflicts_of('stored_claim_facts', window_days, groups);

ALTER TABLE conflict_pairs ALTER COLUMN value_a DROP NOT NULL;
ALTER TABLE conflict_pairs ALTER COLUMN value_b DROP NOT NULL;
ALTER TABLE conflict_pairs ALTER COLUMN as_of_a DROP NOT NULL;
ALTER TABLE conflict_pairs ALTER COLUMN as_of_b DROP NOT NULL;
ALTER TABLE conflict_pairs ADD COLUMN text_a VARCHAR;
ALTER TABLE conflict_pairs ADD COLUMN text_b VARCHAR;
ALTER TABLE conflict_pairs ADD COLUMN kind VARCHAR;
ALTER TABLE conflict_pairs ADD COLUMN gap_pct DOUBLE;
ALTER TABLE conflict_pairs ADD COLUMN tolerance_pct DOUBLE;
ALTER TABLE conflict_pairs ADD COLUMN why VARCHAR;
ALTER TABLE conflict_pairs ADD COLUMN days_apart BIGINT;
COMMENT ON COLUMN conflict_pairs.modality IS 'actual or planned, the same for both; actual/planned for an online date a source still gave as planned after another says it came online.';
COMMENT ON COLUMN conflict_pairs.text_a IS 'value_text of claim_a: the online date or place (value_a is NULL for those).';
COMMENT ON COLUMN conflict_pairs.text_b IS 'value_text of claim_b.';
COMMENT ON COLUMN conflict_pairs.kind IS 'disagreement, or unit_slip when one figure is a power of a thousand times the other (a scale word or unit confused).';
COMMENT ON COLUMN conflict_pairs.gap_pct IS 'Distance between the two intervals, in percent of the larger figure (NULL for dates and places).';
COMMENT ON COLUMN conflict_pairs.tolerance_pct IS 'The distance allowed, in percent of the larger figure: both figures'' rounding margins plus the attribute''s floor.';
COMMENT ON COLUMN conflict_pairs.why IS 'Why the two claims conflict, in words: gap, tolerance and how each figure was stated; the periods of two dates; the two places.';
COMMENT ON COLUMN conflict_pairs.days_apart IS 'Days between the two claims'' effective as_of dates (NULL when one has none).';
COMMENT ON COLUMN conflict_pairs.value_a IS 'Value of claim_a (NULL for an online date or a place: see text_a).';
COMMENT ON COLUMN conflict_pairs.value_b IS 'Value of claim_b (NULL for an online date or a place: see text_b).';
COMMENT ON COLUMN conflict_pairs.as_of_a IS 'Effective as_of date of claim_a (NULL for an undated claim of a timeless attribute).';
COMMENT ON COLUMN conflict_pairs.as_of_b IS 'Effective as_of date of claim_b.';

CREATE OR REPLACE VIEW contradiction_pairs AS
SELECT * EXCLUDE (pair_group) FROM conflict_pairs WHERE conflict_pairs_current()
UNION ALL BY NAME
SELECT * EXCLUDE (pair_group)
FROM conflicts_among(check_window_days(),
                     CASE WHEN conflict_pairs_current() THEN []::UBIGINT[] END);

-- Contradictions computed now from the base tables, with their verdicts: the reference the stored
-- pairs are tested against, and the way to ask about another window. A verdict on the pair wins;
-- else a verdict on either claim settles it (resolved, with the value of a claim judged right).
CREATE OR REPLACE MACRO contradictions_within(window_days) AS TABLE
SELECT p.conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject, p.attribute, p.hardware, p.modality,
       p.value_a, p.value_b, p.severity, p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b,
       p.as_of_a, p.as_of_b, p.text_a, p.text_b, p.kind, p.gap_pct, p.tolerance_pct, p.why, p.days_apart,
       CASE WHEN t.status IS NOT NULL THEN 'pair' WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'claim' END AS settled_by,
       COALESCE(t.status, CASE WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'resolved' END, 'open') AS status,
       COALESCE(t.correct_value, CASE WHEN va.verdict = 'right' THEN p.value_a WHEN vb.verdict = 'right' THEN p.value_b END) AS correct_value,
       COALESCE(t.note, nullif(concat_ws('; ', CASE WHEN va.verdict IS NOT NULL THEN 'A judged ' || va.verdict || COALESCE(': ' || va.note, '') END,
                                               CASE WHEN vb.verdict IS NOT NULL THEN 'B judged ' || vb.verdict || COALESCE(': ' || vb.note, '') END), '')) AS note
FROM conflicts_of('claim_facts_to_store', window_days, NULL) p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b;

-- Triage is joined last, at read time: a verdict never touches the stored pairs. Same verdict
-- rules as contradictions_within.
CREATE OR REPLACE VIEW contradictions AS
SELECT p.conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject, p.attribute, p.hardware, p.modality,
       p.value_a, p.value_b, p.severity, p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b,
       p.as_of_a, p.as_of_b, p.text_a, p.text_b, p.kind, p.gap_pct, p.tolerance_pct, p.why, p.days_apart,
       CASE WHEN t.status IS NOT NULL THEN 'pair' WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'claim' END AS settled_by,
       COALESCE(t.status, CASE WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'resolved' END, 'open') AS status,
       COALESCE(t.correct_value, CASE WHEN va.verdict = 'right' THEN p.value_a WHEN vb.verdict = 'right' THEN p.value_b END) AS correct_value,
       COALESCE(t.note, nullif(concat_ws('; ', CASE WHEN va.verdict IS NOT NULL THEN 'A judged ' || va.verdict || COALESCE(': ' || va.note, '') END,
                                               CASE WHEN vb.verdict IS NOT NULL THEN 'B judged ' || vb.verdict || COALESCE(': ' || vb.note, '') END), '')) AS note
FROM contradiction_pairs p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b;
COMMENT ON VIEW contradictions IS 'Independent sources disagreeing about the same subject, attribute and hardware: numbers beyond both figures'' rounding and the attribute''s floor, online dates whose periods cannot overlap, places neither of which contains the other; within window_days except for timeless attributes; with kind (disagreement or unit_slip), why, and the verdict on the pair or on either claim. Same rows as contradictions_within(window_days), read from conflict_pairs.';

CREATE OR REPLACE VIEW open_contradictions AS
SELECT * FROM contradictions WHERE status IN ('open', 'confirmed');
COMMENT ON VIEW open_contradictions IS 'Contradictions not resolved or dismissed by a researcher, on the pair or on one of its claims.';

-- Each actual figure against the latest one reported more than window_days before. Copies add no
-- row; events that happen once have no timeline; among earlier claims of one day the first by
-- publisher, value and quote is taken, so that two identical runs give the same rows.
CREATE OR REPLACE MACRO updates_of(only_subject) AS TABLE
WITH w AS (SELECT value AS days FROM settings WHERE key = 'window_days'),
f AS (
    SELECT *, COALESCE(hardware, '') AS hw FROM stored_claim_facts
    WHERE modality = 'actual' AND value IS NOT NULL AND as_of_effective IS NOT NULL
      AND story_id = article_id AND NOT timeless(attribute)
      AND (only_subject IS NULL
           OR family_key IN (SELECT family_key FROM stored_claim_facts WHERE subject_key = only_subject))
),
earliest_of_day AS (
    SELECT * FROM f
    -- by what the claim says, not by its id: ids hash the URL, which differs between two crawls
    -- of the same pages under another host or port
    QUALIFY row_number() OVER (PARTITION BY family_key, attribute, hw, as_of_effective
                               ORDER BY publisher, value, quote, claim_id) = 1
),
later AS (SELECT f.*, f.as_of_effective - CAST((SELECT days FROM w) AS INTEGER) - 1 AS look_back FROM f
          WHERE only_subject IS NULL OR f.subject_key = only_subject)
SELECT b.subject_key, b.subject, b.attribute, b.hardware, b.modality,
       a.value AS earlier_value, a.as_of_effective AS earlier_as_of, a.publisher AS earlier_publisher,
       b.value AS later_value, b.as_of_effective AS later_as_of, b.publisher AS later_publisher,
       round((b.value - a.value) / nullif(abs(a.value), 0), 3) AS change,
       a.claim_id AS earlier_claim, b.claim_id AS later_claim
FROM later b
ASOF JOIN earliest_of_day a
  ON a.family_key = b.family_key AND a.attribute = b.attribute AND a.hw = b.hw
 AND a.as_of_effective <= b.look_back
WHERE abs(b.value - a.value) > tolerance_of(a.attribute) * greatest(abs(a.value), abs(b.value))
                               + a.margin_hi + b.margin_hi
ORDER BY b.subject_key, b.attribute, b.as_of_effective, b.publisher, b.value, b.quote, b.claim_id;

CREATE OR REPLACE VIEW updates AS SELECT * FROM updates_of(NULL);
COMMENT ON VIEW updates IS 'Each actual figure that changed, beyond both figures'' rounding and the floor, from the latest figure for the same thing reported more than window_days before: a timeline, not a contradiction. Copies and events that happen once add no row. updates_of(subject_key) gives one subject''s.';

-- Agreeing publishers, a copy of another page counted once (through its original).
CREATE OR REPLACE MACRO corroboration_of(only_subject) AS TABLE
WITH s AS (SELECT * FROM stored_claim_facts WHERE only_subject IS NULL OR subject_key = only_subject)
SELECT f.claim_id, f.subject, f.attribute, f.hardware, f.value, f.modality, f.publisher,
       count(DISTINCT o.publisher) FILTER (WHERE o.claim_id IS NOT NULL) AS corroborating_publishers
FROM s f
LEFT JOIN s o
  ON o.subject_key = f.subject_key AND o.attribute = f.attribute
 AND COALESCE(o.hardware, '') = COALESCE(f.hardware, '') AND o.modality = f.modality
 AND o.publisher <> f.publisher AND o.story_id <> f.story_id AND o.story_id <> f.article_id AND f.story_id <> o.article_id
 AND o.story_id = o.article_id
 AND o.value IS NOT NULL AND f.value IS NOT NULL
 AND (timeless(f.attribute)
      OR abs(datediff('day', o.as_of_effective, f.as_of_effective)) <= (SELECT value FROM settings WHERE key = 'window_days'))
 AND NOT (NOT f.open_high AND NOT o.open_low AND f.hi + f.margin_hi + o.margin_lo + tolerance_of(f.attribute) * greatest(abs(f.value), abs(o.value)) < o.lo)
 AND NOT (NOT o.open_high AND NOT f.open_low AND o.hi + o.margin_hi + f.margin_lo + tolerance_of(f.attribute) * greatest(abs(f.value), abs(o.value)) < f.lo)
GROUP BY ALL
ORDER BY f.claim_id;

CREATE OR REPLACE VIEW corroboration AS SELECT * FROM corroboration_of(NULL);
COMMENT ON VIEW corroboration IS 'For each claim, the number of other independent publishers (a copy counted once, through its original) whose claim about the same thing at the same time agrees within both figures'' rounding and the floor. corroboration_of(subject_key) gives one subject''s.';

CREATE OR REPLACE MACRO promises_of(only_subject) AS TABLE
SELECT p.subject_key, p.subject, p.attribute, COALESCE(p.hardware, a.hardware) AS hardware,
       p.value AS planned_value, p.as_of_effective AS planned_as_of, p.publisher AS planned_publisher, p.quote AS planned_quote,
       a.value AS actual_value, a.as_of_effective AS actual_as_of, a.publisher AS actual_publisher, a.quote AS actual_quote,
       datediff('day', p.as_of_effective, a.as_of_effective) AS days_later,
       NOT ((NOT p.open_high AND NOT a.open_low AND p.hi + p.margin_hi + a.margin_lo + tolerance_of(p.attribute) * greatest(abs(p.value), abs(a.value)) < a.lo)
            OR (NOT a.open_high AND NOT p.open_low AND a.hi + a.margin_hi + p.margin_lo + tolerance_of(p.attribute) * greatest(abs(p.value), abs(a.value)) < p.lo))
           AS kept,
       p.claim_id AS planned_claim, a.claim_id AS actual_claim
FROM stored_claim_facts p
JOIN stored_claim_facts a
  ON a.family_key = p.family_key AND a.attribute = p.attribute
 -- a plan for "50,000 H200" is judged by H200 figures; a plan that names no model by any figure
 AND (p.hardware IS NULL OR p.hardware = a.hardware)
WHERE p.modality = 'planned' AND a.modality = 'actual' AND p.value IS NOT NULL AND a.value IS NOT NULL
  AND p.story_id = p.article_id AND a.story_id = a.article_id
  -- an outcome comes later than the window: a fact printed beside the plan is not its outcome
  AND datediff('day', p.as_of_effective, a.as_of_effective) > (SELECT value FROM settings WHERE key = 'window_days')
  AND (only_subject IS NULL OR p.subject_key = only_subject)
  AND (only_subject IS NULL
       OR a.family_key IN (SELECT family_key FROM stored_claim_facts WHERE subject_key = only_subject))
ORDER BY p.subject_key, p.attribute, p.claim_id, a.claim_id;

CREATE OR REPLACE VIEW promises AS SELECT * FROM promises_of(NULL);
COMMENT ON VIEW promises IS 'A planned figure and each actual figure for the same subject and attribute reported more than window_days later; kept = it agrees with the plan within both figures'' rounding and the floor. Copies add no row. promises_of(subject_key) gives one subject''s.';

-- Existing databases: the stored tables under the new rules, in the order db/stored_facts.py writes them.
DELETE FROM stored_claim_facts;
INSERT INTO stored_claim_facts SELECT * FROM claim_facts_to_store ORDER BY family_key, subject_key, attribute, claim_id;
DELETE FROM conflict_pairs;
INSERT INTO conflict_pairs SELECT * FROM conflicts_among(check_window_days(), NULL);
DELETE FROM stored_facts_state;
INSERT INTO stored_facts_state VALUES (settings_fingerprint(), now(), 0);
