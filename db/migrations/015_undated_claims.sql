-- Schema v15: a claim whose period is unknown (no date in its sentence and none for its article)
-- takes part in the check. Before, it was left out of every numeric comparison, so two sources
-- without a date never met: an undated figure may speak of any period, so it is compared with
-- every other figure about the same thing (days_apart stays NULL, which the view shows). Only for
-- machines, sites and phases: an owner's or a programme's undated figures may be of any scope, so
-- there only a scale slip is flagged.

-- One figure a power of a thousand times the other, within 5% (thousand/million/billion, kg/tonne).
CREATE OR REPLACE MACRO scale_slip(pa, pb) AS
    pa > 0 AND pb > 0 AND round(abs(log10(pa / pb)) / 3) >= 1
    AND abs(abs(log10(pa / pb)) - 3 * round(abs(log10(pa / pb)) / 3)) <= log10(1.05);

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
                WHEN as_of_effective IS NULL THEN -1
                ELSE CAST(floor(epoch(as_of_effective) / 86400 / greatest(window_days, 1)) AS BIGINT) END AS bucket
    FROM query_table(facts) s
    JOIN chosen USING (pair_group)
    WHERE story_id = article_id AND modality IN ('actual', 'planned')
      AND NOT (timeless(attribute) AND spread_out(subject_kind))
      AND CASE attribute WHEN 'online_date' THEN date_lo IS NOT NULL OR date_hi IS NOT NULL
                         WHEN 'location' THEN value_text IS NOT NULL
                         ELSE lo IS NOT NULL OR hi IS NOT NULL END
),
-- an undated claim (bucket -1) may speak of any period: it meets every bucket, and every dated
-- claim meets it
dated_buckets AS (SELECT list(DISTINCT bucket) AS all_buckets FROM f WHERE bucket >= 0),
probe AS (SELECT f.*, unnest(CASE WHEN bucket = -1 THEN COALESCE(all_buckets, []) || [-1]
                                  ELSE [bucket - 1, bucket, bucket + 1, -1] END) AS near_bucket
          FROM f, dated_buckets),
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
           OR abs(datediff('day', a.as_of, b.as_of)) <= window_days
           -- an undated figure may speak of any period: a machine's or a site's is compared with every
           -- other; an owner's, a programme's or a deal's cover many scopes, so only a scale slip
           -- (one figure a power of a thousand times the other) is worth a flag there
           OR ((a.as_of IS NULL OR b.as_of IS NULL)
               AND (NOT spread_out(a.subject_kind) OR scale_slip(a.point, b.point))))
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

-- The view that reads the macro, bound again to its new definition.
CREATE OR REPLACE VIEW contradiction_pairs AS
SELECT * EXCLUDE (pair_group) FROM conflict_pairs WHERE conflict_pairs_current()
UNION ALL BY NAME
SELECT * EXCLUDE (pair_group)
FROM conflicts_among(check_window_days(),
                     CASE WHEN conflict_pairs_current() THEN []::UBIGINT[] END);
