-- Schema v14: the check compares a subject only with itself, level by level, and unit by unit
-- (issue 16).
-- * Levels: two claims are paired only when they name the same subject (after alias resolution)
--   at the same level: a phase with that phase, a site with that site, a programme's total with
--   the programme's. A phase and its whole share a place, so only their locations are compared.
--   Subjects that stand in many places and have many openings (programme, company, organisation,
--   deal) have no location, online date or build time to compare.
-- * Units: a figure is compared only with figures in the same unit (a cost the extractor keeps in
--   JPY, with no documented rate, never meets a cost in USD).
-- * A context-dependent alias ("Stargate" for one of its sites, only when the text names the
--   country) no longer resolves every bare mention: see db/writer.py; here the aliases already
--   stored that point a registry entity's own name elsewhere are pointed back at it.
-- * Consensus per subject, attribute, hardware and unit says whether it is contested (an open or
--   confirmed contradiction among its claims), with the range of values, instead of one median.
-- * Rows of a reference import (Epoch AI's CSV) are articles.origin = 'reference': kept for the
--   check, never counted or listed as articles.

ALTER TABLE articles ADD COLUMN origin VARCHAR DEFAULT 'news';
UPDATE articles SET origin = 'reference' WHERE extractor_version LIKE 'epoch-csv.%';
UPDATE articles SET origin = 'news' WHERE origin IS NULL;
COMMENT ON COLUMN articles.origin IS 'news (a crawled page or a local file) or reference (a row of curated reference data such as Epoch AI''s GPU-cluster CSV, stored as a pseudo-article so its claims are checked; never listed or counted as an article).';

-- A registry entity's own name names that entity, whatever context-dependent alias of another
-- entity was stored over it before.
UPDATE aliases SET entity_id = e.entity_id
FROM entities e
WHERE aliases.alias = lower(e.name) AND e.origin = 'registry' AND aliases.entity_id <> e.entity_id
  AND aliases.entity_id IN (SELECT entity_id FROM entities WHERE origin = 'registry');

-- Places differ only where they name different towns, regions or countries: parts below the
-- three broadest (a campus, an institute, a building) are names for a spot inside one town
-- ("BSC, Barcelona, Catalonia, Spain" and "Barcelona Supercomputing Center, Barcelona, ...").
CREATE MACRO town_parts(place) AS
    CASE WHEN len(place_parts(place)) > 3 THEN place_parts(place)[len(place_parts(place)) - 2:]
         ELSE place_parts(place) END;
CREATE OR REPLACE MACRO places_apart(a, b) AS
    NOT list_contains(place_parts(a), place_parts(b)[1]) AND NOT list_contains(place_parts(b), place_parts(a)[1])
    AND NOT list_contains(town_parts(a), town_parts(b)[1]) AND NOT list_contains(town_parts(b), town_parts(a)[1]);

-- Attributes whose figures add up over the parts of a subject (a programme's GPUs are the sum of
-- its sites'): never compared across levels.
CREATE MACRO additive(attr) AS attr NOT IN ('online_date', 'location', 'build_time',
                                            'accelerator_compute', 'accelerator_power', 'generation_unit_power');

-- Subjects that stand in many places and open many times: no one place, date or build time.
CREATE MACRO spread_out(kind) AS COALESCE(kind, '') IN ('programme', 'company', 'organisation', 'deal');

CREATE OR REPLACE VIEW claim_facts AS
SELECT c.*,
       a.publisher,
       a.url,
       a.title,
       CAST(a.published_at AS DATE) AS published_on,
       COALESCE(c.as_of, CAST(a.published_at AS DATE)) AS as_of_effective,
       COALESCE(al.entity_id, c.entity_id, lower(c.subject)) AS subject_key,
       CASE WHEN e.kind = 'phase' THEN e.parent ELSE COALESCE(al.entity_id, c.entity_id, lower(c.subject)) END AS family_key,
       CASE WHEN e.kind = 'phase' THEN e.entity_id END AS phase_key,
       COALESCE(p.duplicate_of, p.near_duplicate_of, c.article_id) AS story_id,
       COALESCE(c.low, c.value) AS lo,
       COALESCE(c.high, c.value) AS hi,
       c.low IS NULL AND c.high IS NOT NULL AS open_low,
       c.high IS NULL AND c.low IS NOT NULL AS open_high,
       -- the registry's (or a user's) level for its entities; for an entity found in text, the
       -- level the extractor read ("X Abilene" is a site), where older builds stored a guess
       CASE WHEN e.origin = 'discovered' AND (al.entity_id IS NULL OR al.entity_id = c.entity_id)
            THEN COALESCE(c.entity_kind, e.kind) ELSE COALESCE(e.kind, c.entity_kind) END AS subject_kind,
       CASE WHEN c.attribute = 'online_date' THEN COALESCE(c.date_low, iso_period_low(c.value_text)) END AS date_lo,
       CASE WHEN c.attribute = 'online_date' THEN COALESCE(c.date_high, iso_period_high(c.value_text)) END AS date_hi,
       figure_step(COALESCE(c.low, c.value)) / 2 AS margin_lo,
       figure_step(COALESCE(c.high, c.value)) / 2 AS margin_hi,
       a.origin AS article_origin
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN pages p ON p.url_hash = c.article_id
LEFT JOIN aliases al ON al.alias = lower(c.subject)
LEFT JOIN entities e ON e.entity_id = COALESCE(al.entity_id, c.entity_id);
COMMENT ON VIEW claim_facts IS 'Claims with publisher, link, effective as_of, subject_key after alias resolution, its level (subject_kind), family_key/phase_key (a phase and its whole), story_id (the original of a syndicated copy), interval bounds, the period of an online date, the rounding margin of each bound and whether the article is news or reference data.';

ALTER TABLE stored_claim_facts ADD COLUMN unit VARCHAR;
COMMENT ON COLUMN stored_claim_facts.unit IS 'claims.unit: figures are compared only within one unit (a cost kept in its own currency never meets one in USD).';

CREATE OR REPLACE VIEW claim_facts_to_store AS
SELECT md5_number_lower(COALESCE(family_key, '') || chr(0) || attribute || chr(0) || unit) AS pair_group,
       claim_id, article_id, story_id, publisher, url, subject, subject_key, family_key, phase_key, attribute,
       hardware, modality, value, value_text, lo, hi, open_low, open_high, as_of_effective, quote,
       subject_kind, date_lo, date_hi, margin_lo, margin_hi, unit
FROM claim_facts;
COMMENT ON COLUMN stored_claim_facts.pair_group IS 'Lower 64 bits of md5(family_key, attribute, unit): claims can only conflict within one group, the unit a write refreshes.';
COMMENT ON COLUMN stored_claim_facts.subject_kind IS 'claim_facts.subject_kind: the level of the subject (system, cluster, site, phase, programme, company, organisation, deal), the extractor''s for its own entity, else the entity''s; NULL when unknown.';

-- Every pair of independent claims that disagree, from FACTS in the pair groups GROUPS (NULL = all):
-- the rules of schema 12, with two claims paired only about the same subject at the same level
-- and in the same unit (a phase and its whole: only their places).
CREATE OR REPLACE MACRO conflicts_of(facts, window_days, groups) AS TABLE
WITH chosen AS (
    SELECT unnest(groups) AS pair_group
    UNION
    SELECT DISTINCT pair_group FROM query_table(facts) WHERE groups IS NULL
),
f AS (
    SELECT s.*, COALESCE(hardware, '') AS hw, COALESCE(subject_kind, '') AS level, tolerance_of(attribute) AS tol,
           as_of_effective AS as_of,
           COALESCE(value, (lo + hi) / 2, lo, hi) AS point,
           CASE WHEN timeless(attribute) THEN 0
                ELSE CAST(floor(epoch(as_of_effective) / 86400 / greatest(window_days, 1)) AS BIGINT) END AS bucket
    FROM query_table(facts) s
    JOIN chosen USING (pair_group)
    WHERE story_id = article_id AND modality IN ('actual', 'planned')
      AND (as_of_effective IS NOT NULL OR timeless(attribute))
      AND NOT (timeless(attribute) AND spread_out(subject_kind))
      AND CASE attribute WHEN 'online_date' THEN date_lo IS NOT NULL OR date_hi IS NOT NULL
                         WHEN 'location' THEN value_text IS NOT NULL
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
           greatest(CASE WHEN NOT a.open_high AND NOT b.open_low THEN b.lo - a.hi END,
                    CASE WHEN NOT b.open_high AND NOT a.open_low THEN a.lo - b.hi END) AS gap,
           CASE WHEN b.lo - a.hi >= a.lo - b.hi THEN a.margin_hi + b.margin_lo ELSE b.margin_hi + a.margin_lo END
               + a.tol * greatest(abs(a.point), abs(b.point)) AS allowed,
           greatest(abs(a.point), abs(b.point)) AS scale, a.tol,
           stated_as(a.lo, a.hi, a.open_low, a.open_high, 2 * greatest(a.margin_lo, a.margin_hi)) AS stated_a,
           stated_as(b.lo, b.hi, b.open_low, b.open_high, 2 * greatest(b.margin_lo, b.margin_hi)) AS stated_b,
           abs(datediff('day', a.as_of, b.as_of)) AS days_apart,
           a.unit, a.subject_kind AS level_a, b.subject_kind AS level_b, a.article_id AS article_a, b.article_id AS article_b
    FROM probe a
    JOIN f b
      ON a.pair_group = b.pair_group AND a.hw = b.hw AND a.near_bucket = b.bucket
     AND a.claim_id < b.claim_id
    WHERE a.family_key = b.family_key AND a.attribute = b.attribute AND a.unit = b.unit
      -- the same subject; a phase and its whole only for where they stand
      AND (a.subject_key = b.subject_key
           OR (a.attribute = 'location' AND (a.phase_key IS NULL OR b.phase_key IS NULL)))
      -- a figure that adds up is compared only at one level
      AND (a.level = b.level OR NOT additive(a.attribute))
      AND (a.modality = b.modality
           OR (a.attribute = 'online_date' AND a.modality = 'planned' AND a.as_of > b.date_hi)
           OR (a.attribute = 'online_date' AND b.modality = 'planned' AND b.as_of > a.date_hi))
      AND a.publisher <> b.publisher
      AND a.story_id <> b.story_id AND a.story_id <> b.article_id AND b.story_id <> a.article_id
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
           CASE WHEN attribute NOT IN ('online_date', 'location') AND point_a > 0 AND point_b > 0
                     AND round(abs(log10(point_a / point_b)) / 3) >= 1
                     AND abs(abs(log10(point_a / point_b)) - 3 * round(abs(log10(point_a / point_b)) / 3)) <= log10(1.05)
                THEN 'unit_slip' ELSE 'disagreement' END AS kind
    FROM pairs
    WHERE attribute IN ('online_date', 'location') OR gap > allowed
),
-- A source that also states the other's figure for the same subject speaks of several things
-- (a first phase and the whole, a campus and the cluster inside it): its other figure is about
-- one of those, not a rival (numbers and dates; a place is one thing). Each flagged pair is looked at from both sides: the claim of one
-- source, and whether any claim of the other source agrees with it.
sides AS (
    SELECT claim_a AS pair_a, claim_b AS pair_b, claim_b AS stated, article_a AS other_article FROM judged
    UNION ALL
    SELECT claim_a, claim_b, claim_a, article_b FROM judged
),
restated AS (
    SELECT DISTINCT s.pair_a, s.pair_b
    FROM sides s
    JOIN f y ON y.claim_id = s.stated
    JOIN f x ON x.article_id = s.other_article AND x.pair_group = y.pair_group AND x.attribute = y.attribute
            AND x.unit = y.unit AND x.hw = y.hw AND x.family_key = y.family_key
    -- a place is one thing, however many scopes; a bound ("over 400 billion") states no figure
    WHERE x.subject_key = y.subject_key AND x.level = y.level AND y.attribute <> 'location'
      AND CASE y.attribute
              WHEN 'online_date' THEN x.date_lo IS NOT NULL AND x.date_hi IS NOT NULL
                                      AND NOT COALESCE(x.date_hi < y.date_lo OR y.date_hi < x.date_lo, false)
              ELSE NOT x.open_low AND NOT x.open_high AND NOT COALESCE(greatest(CASE WHEN NOT x.open_high AND NOT y.open_low THEN y.lo - x.hi END,
                                         CASE WHEN NOT y.open_high AND NOT x.open_low THEN x.lo - y.hi END)
                                > greatest(x.margin_lo, x.margin_hi) + greatest(y.margin_lo, y.margin_hi)
                                  + x.tol * greatest(abs(x.point), abs(y.point)), false) END
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
                || ', floor ' || CAST(round(100 * tol, 1) AS VARCHAR) || '%)' END
       || COALESCE('; level ' || CASE WHEN level_a = level_b THEN level_a ELSE level_a || ' and ' || level_b END, '') AS why,
       days_apart, unit, level_a, level_b
FROM judged j
ANTI JOIN restated r ON r.pair_a = j.claim_a AND r.pair_b = j.claim_b;

ALTER TABLE conflict_pairs ADD COLUMN unit VARCHAR;
ALTER TABLE conflict_pairs ADD COLUMN level_a VARCHAR;
ALTER TABLE conflict_pairs ADD COLUMN level_b VARCHAR;
COMMENT ON COLUMN conflict_pairs.unit IS 'The unit both claims give their figures in (claims.unit).';
COMMENT ON COLUMN conflict_pairs.level_a IS 'Level of the subject of claim_a (system, cluster, site, phase, programme, company, organisation, deal; NULL when unknown).';
COMMENT ON COLUMN conflict_pairs.level_b IS 'Level of the subject of claim_b: the same as level_a except for the place of a phase and of its whole.';

-- The views that name conflict_pairs' columns, with the new ones.
CREATE OR REPLACE VIEW contradiction_pairs AS
SELECT * EXCLUDE (pair_group) FROM conflict_pairs WHERE conflict_pairs_current()
UNION ALL BY NAME
SELECT * EXCLUDE (pair_group)
FROM conflicts_among(check_window_days(),
                     CASE WHEN conflict_pairs_current() THEN []::UBIGINT[] END);

CREATE OR REPLACE MACRO contradictions_within(window_days) AS TABLE
SELECT p.conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject, p.attribute, p.hardware, p.modality,
       p.value_a, p.value_b, p.severity, p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b,
       p.as_of_a, p.as_of_b, p.text_a, p.text_b, p.kind, p.gap_pct, p.tolerance_pct, p.why, p.days_apart,
       p.unit, p.level_a, p.level_b,
       CASE WHEN t.status IS NOT NULL THEN 'pair' WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'claim' END AS settled_by,
       COALESCE(t.status, CASE WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'resolved' END, 'open') AS status,
       COALESCE(t.correct_value, CASE WHEN va.verdict = 'right' THEN p.value_a WHEN vb.verdict = 'right' THEN p.value_b END) AS correct_value,
       COALESCE(t.note, nullif(concat_ws('; ', CASE WHEN va.verdict IS NOT NULL THEN 'A judged ' || va.verdict || COALESCE(': ' || va.note, '') END,
                                               CASE WHEN vb.verdict IS NOT NULL THEN 'B judged ' || vb.verdict || COALESCE(': ' || vb.note, '') END), '')) AS note
FROM conflicts_of('claim_facts_to_store', window_days, NULL) p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b;

CREATE OR REPLACE VIEW contradictions AS
SELECT p.conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject, p.attribute, p.hardware, p.modality,
       p.value_a, p.value_b, p.severity, p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b,
       p.as_of_a, p.as_of_b, p.text_a, p.text_b, p.kind, p.gap_pct, p.tolerance_pct, p.why, p.days_apart,
       p.unit, p.level_a, p.level_b,
       CASE WHEN t.status IS NOT NULL THEN 'pair' WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'claim' END AS settled_by,
       COALESCE(t.status, CASE WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'resolved' END, 'open') AS status,
       COALESCE(t.correct_value, CASE WHEN va.verdict = 'right' THEN p.value_a WHEN vb.verdict = 'right' THEN p.value_b END) AS correct_value,
       COALESCE(t.note, nullif(concat_ws('; ', CASE WHEN va.verdict IS NOT NULL THEN 'A judged ' || va.verdict || COALESCE(': ' || va.note, '') END,
                                               CASE WHEN vb.verdict IS NOT NULL THEN 'B judged ' || vb.verdict || COALESCE(': ' || vb.note, '') END), '')) AS note
FROM contradiction_pairs p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b;
COMMENT ON VIEW contradictions IS 'Independent sources disagreeing about the same subject at the same level, attribute, unit and hardware: numbers beyond both figures'' rounding and the attribute''s floor, online dates whose periods cannot overlap, places neither of which contains the other; within window_days except for timeless attributes; with kind (disagreement or unit_slip), why, the level of each subject, and the verdict on the pair or on either claim. Same rows as contradictions_within(window_days), read from conflict_pairs.';

CREATE OR REPLACE VIEW open_contradictions AS
SELECT * FROM contradictions WHERE status IN ('open', 'confirmed');
COMMENT ON VIEW open_contradictions IS 'Contradictions not resolved or dismissed by a researcher, on the pair or on one of its claims.';

-- Changes over time of one subject at one level, in one unit: each actual figure against the
-- latest figure reported more than window_days before it (never a figure of the same time, which
-- is a contradiction or an agreement, nor one of a part or of the whole).
CREATE OR REPLACE MACRO updates_of(only_subject) AS TABLE
WITH w AS (SELECT value AS days FROM settings WHERE key = 'window_days'),
f AS (
    SELECT *, COALESCE(hardware, '') AS hw, COALESCE(subject_kind, '') AS level FROM stored_claim_facts
    WHERE modality = 'actual' AND value IS NOT NULL AND as_of_effective IS NOT NULL
      AND story_id = article_id AND NOT timeless(attribute)
      AND (only_subject IS NULL OR subject_key = only_subject)
),
earliest_of_day AS (
    SELECT * FROM f
    QUALIFY row_number() OVER (PARTITION BY subject_key, level, attribute, unit, hw, as_of_effective
                               ORDER BY publisher, value, quote, claim_id) = 1
),
later AS (SELECT f.*, f.as_of_effective - CAST((SELECT days FROM w) AS INTEGER) - 1 AS look_back FROM f)
SELECT b.subject_key, b.subject, b.attribute, b.hardware, b.modality,
       a.value AS earlier_value, a.as_of_effective AS earlier_as_of, a.publisher AS earlier_publisher,
       b.value AS later_value, b.as_of_effective AS later_as_of, b.publisher AS later_publisher,
       round((b.value - a.value) / nullif(abs(a.value), 0), 3) AS change,
       a.claim_id AS earlier_claim, b.claim_id AS later_claim
FROM later b
ASOF JOIN earliest_of_day a
  ON a.subject_key = b.subject_key AND a.level = b.level AND a.attribute = b.attribute AND a.unit = b.unit
 AND a.hw = b.hw AND a.as_of_effective <= b.look_back
WHERE abs(b.value - a.value) > tolerance_of(a.attribute) * greatest(abs(a.value), abs(b.value))
                               + a.margin_hi + b.margin_hi
ORDER BY b.subject_key, b.attribute, b.as_of_effective, b.publisher, b.value, b.quote, b.claim_id;

CREATE OR REPLACE VIEW updates AS SELECT * FROM updates_of(NULL);
COMMENT ON VIEW updates IS 'Changes over time: each actual figure that differs, beyond both figures'' rounding and the floor, from the latest figure for the same subject, level, attribute, unit and hardware reported more than window_days before. Copies and events that happen once add no row. updates_of(subject_key) gives one subject''s.';

CREATE OR REPLACE MACRO corroboration_of(only_subject) AS TABLE
WITH s AS (SELECT * FROM stored_claim_facts WHERE only_subject IS NULL OR subject_key = only_subject)
SELECT f.claim_id, f.subject, f.attribute, f.hardware, f.value, f.modality, f.publisher,
       count(DISTINCT o.publisher) FILTER (WHERE o.claim_id IS NOT NULL) AS corroborating_publishers
FROM s f
LEFT JOIN s o
  ON o.subject_key = f.subject_key AND o.attribute = f.attribute AND o.unit = f.unit
 AND COALESCE(o.subject_kind, '') = COALESCE(f.subject_kind, '')
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
COMMENT ON VIEW corroboration IS 'For each claim, the number of other independent publishers (a copy counted once, through its original) whose claim about the same subject, level, unit and time agrees within both figures'' rounding and the floor. corroboration_of(subject_key) gives one subject''s.';

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
  ON a.subject_key = p.subject_key AND a.attribute = p.attribute AND a.unit = p.unit
 AND COALESCE(a.subject_kind, '') = COALESCE(p.subject_kind, '')
 AND (p.hardware IS NULL OR p.hardware = a.hardware)
WHERE p.modality = 'planned' AND a.modality = 'actual' AND p.value IS NOT NULL AND a.value IS NOT NULL
  AND p.story_id = p.article_id AND a.story_id = a.article_id
  AND datediff('day', p.as_of_effective, a.as_of_effective) > (SELECT value FROM settings WHERE key = 'window_days')
  AND (only_subject IS NULL OR p.subject_key = only_subject)
ORDER BY p.subject_key, p.attribute, p.claim_id, a.claim_id;

CREATE OR REPLACE VIEW promises AS SELECT * FROM promises_of(NULL);
COMMENT ON VIEW promises IS 'A planned figure and each actual figure for the same subject, level, attribute and unit reported more than window_days later; kept = it agrees with the plan within both figures'' rounding and the floor. Copies add no row. promises_of(subject_key) gives one subject''s.';

-- One subject's current state per attribute, hardware and unit: the actual claims of the latest
-- window (for what happens once, every actual claim), without copies and claims judged wrong.
-- contested: an open or confirmed contradiction among them, so no value is shown as settled;
-- low_value and high_value give the range the sources span.
CREATE MACRO consensus_of(only_subject) AS TABLE
WITH f AS (
    SELECT * FROM stored_claim_facts
    WHERE subject_key = only_subject AND modality = 'actual' AND story_id = article_id
      AND claim_id NOT IN (SELECT claim_id FROM claim_verdicts WHERE verdict = 'wrong')
),
latest AS (SELECT attribute, hardware, unit, max(as_of_effective) AS latest FROM f GROUP BY attribute, hardware, unit),
recent AS (
    SELECT f.*, l.latest FROM f JOIN latest l
      ON l.attribute = f.attribute AND l.hardware IS NOT DISTINCT FROM f.hardware AND l.unit IS NOT DISTINCT FROM f.unit
    WHERE timeless(f.attribute) OR l.latest IS NULL
       OR f.as_of_effective >= l.latest - (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'window_days')),
disputed AS (
    SELECT claim_a AS claim_id FROM open_contradictions WHERE subject_key = only_subject
    UNION
    SELECT claim_b FROM open_contradictions WHERE subject_key = only_subject)
SELECT r.attribute, r.hardware, r.unit, r.latest AS as_of, median(r.value) AS median_value,
       mode(r.value_text ORDER BY r.value_text) AS text_value, min(r.value) AS low_value, max(r.value) AS high_value,
       count(*) AS claims, count(DISTINCT r.publisher) AS publishers,
       COALESCE(max(c.corroborating_publishers), 0) AS corroboration,
       count(d.claim_id) > 0 AS contested,
       count(DISTINCT d.claim_id) AS contested_claims
FROM recent r
LEFT JOIN corroboration_of(only_subject) c ON c.claim_id = r.claim_id
LEFT JOIN disputed d ON d.claim_id = r.claim_id
GROUP BY r.attribute, r.hardware, r.unit, r.latest
ORDER BY r.attribute, r.hardware NULLS FIRST, r.unit;

-- Existing databases: the stored tables under the new rules, in the order db/stored_facts.py writes them.
DELETE FROM stored_claim_facts;
INSERT INTO stored_claim_facts SELECT * FROM claim_facts_to_store ORDER BY family_key, subject_key, attribute, claim_id;
DELETE FROM conflict_pairs;
INSERT INTO conflict_pairs SELECT * FROM conflicts_among(check_window_days(), NULL);
DELETE FROM stored_facts_state;
INSERT INTO stored_facts_state VALUES (settings_fingerprint(), now(), 0);
