-- Schema v16: the check tells rival figures from figures of other scopes, and slips from changes
-- (issue 16).
-- * An owner's, a programme's or a deal's figure may be about any part of it (one deal, one phase,
--   one site's share, the total so far, the final target): two of them are rivals only when one is
--   the other written with a wrong scale word or unit. Schema 15 applied this to undated figures;
--   it holds whatever their dates.
-- * A slip (one figure a power of a thousand times the other; or the same numerals read in another
--   currency or area unit) is no change over time: it is compared whatever the two dates, and its
--   why names the slip.
-- * Parts that add up: a source that gives a subject's figure in parts ("230 MW first, 290 MW more")
--   does not contradict one that gives their sum (520 MW); its parts are not rivals of the whole.
-- * The floor of each tolerance is the least tolerance, as its setting says: a rounded figure
--   covers what it rounds, and the floor adds nothing to that (it was added on top, so 240 and 233.9
--   agreed although 233.9 is not what "240" rounds).
-- * A claim whose subject the extractor could not name ("unknown") is compared with nothing.

-- Factors by which a figure is mistaken for another besides powers of a thousand: the same numerals
-- read in another unit. Costs are stored in USD at the fixed rates of extract/data/currencies.toml
-- (a test keeps the two equal), so "3.3 bn euros" written "3.3 bn dollars" is 1.08 times off.
CREATE TABLE slip_factors (
    attribute VARCHAR NOT NULL,
    factor    DOUBLE NOT NULL CHECK (factor > 1),
    label     VARCHAR NOT NULL,
    PRIMARY KEY (attribute, label)
);
COMMENT ON TABLE slip_factors IS 'Ratios (> 1) at which two figures of one attribute are the same numerals in two units (a currency, square feet and square metres): such a pair is a unit_slip, compared whatever its dates. Powers of a thousand hold for every attribute and are not listed.';
COMMENT ON COLUMN slip_factors.attribute IS 'The attribute whose figures can be confused so (cost, site_area, floor_area).';
COMMENT ON COLUMN slip_factors.factor IS 'The ratio of the larger figure to the smaller when the same numerals are read in the two units (> 1).';
COMMENT ON COLUMN slip_factors.label IS 'The two units, in words, for the why column ("euros and dollars").';
INSERT INTO slip_factors VALUES
    ('cost', 1.08, 'euros and dollars'),
    ('cost', 1.27, 'pounds and dollars'),
    ('cost', 1 / 0.74, 'Canadian and US dollars'),
    ('site_area', 10.7639, 'square feet and square metres'),
    ('floor_area', 10.7639, 'square feet and square metres'),
    ('site_area', 2.47105, 'acres and hectares'),
    ('floor_area', 2.47105, 'acres and hectares');

-- Where a positive figure sits within its power of a thousand (log10, 0 to 3): two figures a slip
-- apart sit at the same place, or at places the slip factor apart. Cut into bins of 0.025 so that
-- the pairs are found by an equality join (a scale slip allows 5%, log10(1.05) = 0.021 < 0.025).
CREATE MACRO slip_place(point) AS
    CASE WHEN point > 0 AND isfinite(point) THEN log10(point) - 3 * floor(log10(point) / 3) END;
CREATE MACRO slip_bin(place) AS CAST(floor(place / 0.025) AS BIGINT) % 120;

-- Whether the larger figure HI is the smaller LO times FACTOR times a power of a thousand (at least
-- one thousand for the factor 1), within TOL in log10.
CREATE MACRO slipped(lo, hi, factor, tol) AS
    lo > 0 AND hi >= lo
    AND abs(log10(hi / lo) - log10(factor) - 3 * round((log10(hi / lo) - log10(factor)) / 3)) <= tol
    AND round((log10(hi / lo) - log10(factor)) / 3) >= CASE WHEN factor = 1 THEN 1 ELSE 0 END;

CREATE OR REPLACE MACRO conflicts_of(facts, window_days, groups) AS TABLE
WITH chosen AS (
    SELECT unnest(groups) AS pair_group
    UNION
    SELECT DISTINCT pair_group FROM query_table(facts) WHERE groups IS NULL
),
-- Sentences that give places apart from each other (for one subject or several) list several
-- sites: which place is whose is not known, and one subject stands in one place.
listed_places AS (
    SELECT DISTINCT x.article_id AS listed_article, x.quote AS listed_quote
    FROM query_table(facts) x
    JOIN query_table(facts) y ON y.article_id = x.article_id AND y.quote = x.quote AND y.claim_id < x.claim_id
    WHERE x.attribute = 'location' AND y.attribute = 'location' AND x.value_text IS NOT NULL AND y.value_text IS NOT NULL
      AND x.article_id IN (SELECT s.article_id FROM query_table(facts) s JOIN chosen USING (pair_group) WHERE s.attribute = 'location')
      AND places_apart(x.value_text, y.value_text)
),
-- One sentence giving one subject three or more figures of one attribute lists several things ("A,
-- B and C post 2.7, 2.1 and 2.0 exaflops"): which figure is whose is not known.
listed_figures AS (
    SELECT article_id AS listed_article, quote AS listed_quote, subject_key AS listed_subject, attribute AS listed_attribute
    FROM query_table(facts) JOIN chosen USING (pair_group)
    WHERE attribute NOT IN ('online_date', 'location')
    GROUP BY ALL
    HAVING count(DISTINCT COALESCE(value, (lo + hi) / 2, lo, hi)) >= 3
),
listed AS MATERIALIZED (
    SELECT s.claim_id FROM query_table(facts) s
    JOIN listed_places lp ON lp.listed_article = s.article_id AND lp.listed_quote = s.quote
    WHERE s.attribute = 'location'
    UNION ALL
    SELECT s.claim_id FROM query_table(facts) s
    JOIN listed_figures lf ON lf.listed_article = s.article_id AND lf.listed_quote = s.quote
                          AND lf.listed_subject = s.subject_key AND lf.listed_attribute = s.attribute
),
f AS (
    SELECT s.*, COALESCE(hardware, '') AS hw, COALESCE(subject_kind, '') AS level, tolerance_of(attribute) AS tol,
           as_of_effective AS as_of,
           COALESCE(value, (lo + hi) / 2, lo, hi) AS point,
           CASE WHEN timeless(attribute) THEN 0
                WHEN as_of_effective IS NULL THEN -1
                ELSE CAST(floor(epoch(as_of_effective) / 86400 / greatest(window_days, 1)) AS BIGINT) END AS bucket,
           CASE WHEN attribute NOT IN ('online_date', 'location')
                THEN slip_place(COALESCE(value, (lo + hi) / 2, lo, hi)) END AS place_in_scale,
           greatest(margin_lo, margin_hi) / nullif(abs(COALESCE(value, (lo + hi) / 2, lo, hi)), 0) AS rounding
    FROM query_table(facts) s
    JOIN chosen USING (pair_group)
    WHERE story_id = article_id AND modality IN ('actual', 'planned')
      AND lower(subject) NOT IN ('unknown', '')
      AND NOT (timeless(attribute) AND spread_out(subject_kind))
      AND CASE attribute WHEN 'online_date' THEN date_lo IS NOT NULL OR date_hi IS NOT NULL
                         WHEN 'location' THEN value_text IS NOT NULL
                         ELSE lo IS NOT NULL OR hi IS NOT NULL END
),
dated_buckets AS (SELECT list(DISTINCT bucket) AS all_buckets FROM f WHERE bucket >= 0),
probe AS (SELECT f.*, unnest(CASE WHEN bucket = -1 THEN COALESCE(all_buckets, []) || [-1]
                                  ELSE [bucket - 1, bucket, bucket + 1, -1] END) AS near_bucket
          FROM f, dated_buckets),
-- pairs in which the larger figure is the smaller one slipped, whatever their dates: each figure
-- looks up, at the place its slipped value would sit, and the bins on either side
factors AS (
    SELECT attribute, factor, label, log10(1.002) AS tol FROM slip_factors
    UNION ALL
    SELECT NULL, 1.0, 'a scale word or unit', log10(1.05)
),
slip_probe AS (
    SELECT f.claim_id, f.pair_group, f.hw, f.point, f.rounding, f.bucket, x.factor, x.label, x.tol,
           unnest([slip_bin((f.place_in_scale + log10(x.factor)) % 3) + 119,
                   slip_bin((f.place_in_scale + log10(x.factor)) % 3),
                   slip_bin((f.place_in_scale + log10(x.factor)) % 3) + 1]) % 120 AS near_bin
    FROM f JOIN factors x ON x.attribute IS NULL OR x.attribute = f.attribute
    WHERE f.place_in_scale IS NOT NULL
),
slips AS (
    SELECT least(a.claim_id, b.claim_id) AS id_a, greatest(a.claim_id, b.claim_id) AS id_b, min(a.label) AS slip,
           -- the claims met already as neighbours in time
           bool_or(abs(a.bucket - b.bucket) <= 1 OR a.bucket = -1 OR b.bucket = -1) AS near
    FROM slip_probe a
    JOIN f b ON b.pair_group = a.pair_group AND b.hw = a.hw AND slip_bin(b.place_in_scale) = a.near_bin
     AND b.claim_id <> a.claim_id
    -- the same numerals: scaled by a power of a thousand, the two figures agree within what their
    -- rounding covers; read in another unit, the stored conversion gives the other figure exactly
    WHERE slipped(a.point, b.point, a.factor,
                  CASE WHEN a.factor = 1 THEN least(a.tol, log10(1 + greatest(0.002, COALESCE(a.rounding, 0) + COALESCE(b.rounding, 0))))
                       ELSE a.tol END)
    GROUP BY ALL
),
-- pairs close enough in time to be compared, and slipped pairs further apart
candidates AS (
    SELECT a.claim_id AS id_a, b.claim_id AS id_b
    FROM probe a
    JOIN f b ON a.pair_group = b.pair_group AND a.hw = b.hw AND a.near_bucket = b.bucket AND a.claim_id < b.claim_id
    UNION ALL
    SELECT id_a, id_b FROM slips WHERE NOT near
),
-- each candidate with its first claim, before its second: joined in one step, the two claims would
-- be paired on their group first, every claim of a subject with every other
with_a AS MATERIALIZED (SELECT c.id_b, a.* FROM candidates c JOIN f a ON a.claim_id = c.id_a),
pairs AS (
    SELECT a.pair_group, a.claim_id AS claim_a, b.claim_id AS claim_b, a.subject_key, a.subject, a.attribute,
           a.hardware, CASE WHEN a.modality = b.modality THEN a.modality ELSE 'actual/planned' END AS modality, a.value AS value_a, b.value AS value_b, a.point AS point_a, b.point AS point_b,
           a.quote AS quote_a, b.quote AS quote_b, a.publisher AS publisher_a, b.publisher AS publisher_b,
           a.url AS url_a, b.url AS url_b, a.as_of AS as_of_a, b.as_of AS as_of_b,
           a.value_text AS text_a, b.value_text AS text_b,
           a.date_lo AS date_lo_a, a.date_hi AS date_hi_a, b.date_lo AS date_lo_b, b.date_hi AS date_hi_b,
           greatest(CASE WHEN NOT a.open_high AND NOT b.open_low THEN b.lo - a.hi END,
                    CASE WHEN NOT b.open_high AND NOT a.open_low THEN a.lo - b.hi END) AS gap,
           -- what both figures' rounding covers, at least the attribute's floor
           greatest(CASE WHEN b.lo - a.hi >= a.lo - b.hi THEN a.margin_hi + b.margin_lo ELSE b.margin_hi + a.margin_lo END,
                    a.tol * greatest(abs(a.point), abs(b.point))) AS allowed,
           greatest(abs(a.point), abs(b.point)) AS scale, a.tol,
           stated_as(a.lo, a.hi, a.open_low, a.open_high, 2 * greatest(a.margin_lo, a.margin_hi)) AS stated_a,
           stated_as(b.lo, b.hi, b.open_low, b.open_high, 2 * greatest(b.margin_lo, b.margin_hi)) AS stated_b,
           abs(datediff('day', a.as_of, b.as_of)) AS days_apart,
           a.unit, a.subject_kind AS level_a, b.subject_kind AS level_b, a.article_id AS article_a, b.article_id AS article_b,
           sl.slip
    FROM with_a a
    JOIN f b ON b.claim_id = a.id_b
    LEFT JOIN slips sl ON sl.id_a = a.claim_id AND sl.id_b = a.id_b
    WHERE a.family_key = b.family_key AND a.attribute = b.attribute AND a.unit = b.unit
      AND (a.subject_key = b.subject_key
           OR (a.attribute = 'location' AND (a.phase_key IS NULL OR b.phase_key IS NULL)))
      AND (a.level = b.level OR NOT additive(a.attribute))
      AND (a.modality = b.modality
           OR (a.attribute = 'online_date' AND a.modality = 'planned' AND a.as_of > b.date_hi)
           OR (a.attribute = 'online_date' AND b.modality = 'planned' AND b.as_of > a.date_hi))
      AND a.publisher <> b.publisher
      AND a.story_id <> b.story_id AND a.story_id <> b.article_id AND b.story_id <> a.article_id
      -- an owner's, a programme's or a deal's figures cover many scopes: only a slip is a rival
      AND (sl.slip IS NOT NULL OR a.attribute IN ('online_date', 'location')
           OR NOT (spread_out(a.subject_kind) OR spread_out(b.subject_kind)))
      AND (sl.slip IS NOT NULL
           OR (timeless(a.attribute) AND a.modality <> b.modality)
           OR (timeless(a.attribute) AND a.modality = 'actual' AND b.modality = 'actual')
           OR abs(datediff('day', a.as_of, b.as_of)) <= window_days
           OR a.as_of IS NULL OR b.as_of IS NULL)
      AND CASE a.attribute
              -- two things that happened: installed, switched on and inaugurated are milestones a
              -- season apart, so done dates must be further apart than that to be rivals
              WHEN 'online_date' THEN greatest(datediff('day', a.date_hi, b.date_lo), datediff('day', b.date_hi, a.date_lo))
                                      > CASE WHEN a.modality = 'actual' AND b.modality = 'actual' THEN 92 ELSE 0 END
              WHEN 'location' THEN places_apart(a.value_text, b.value_text)
              ELSE true END
),
judged AS (
    SELECT *, CASE WHEN slip IS NOT NULL THEN 'unit_slip' ELSE 'disagreement' END AS kind
    FROM pairs
    WHERE (attribute IN ('online_date', 'location') OR slip IS NOT NULL OR gap > allowed)
      AND claim_a NOT IN (SELECT claim_id FROM listed) AND claim_b NOT IN (SELECT claim_id FROM listed)
),
sides AS (
    SELECT claim_a AS pair_a, claim_b AS pair_b, claim_b AS stated, article_a AS other_article FROM judged WHERE slip IS NULL
    UNION ALL
    SELECT claim_a, claim_b, claim_a, article_b FROM judged WHERE slip IS NULL
),
-- the other source's figures about the same thing, as stated (not bounds)
others AS (
    SELECT s.pair_a, s.pair_b, y.claim_id AS y_id, x.claim_id AS x_id, x.point AS x_point, x.attribute,
           x.date_lo AS x_date_lo, x.date_hi AS x_date_hi, y.date_lo AS y_date_lo, y.date_hi AS y_date_hi,
           y.point AS y_point, greatest(x.margin_lo, x.margin_hi) AS x_margin, greatest(y.margin_lo, y.margin_hi) AS y_margin,
           x.tol, x.open_low OR x.open_high AS x_bound, x.value_text AS x_text, y.value_text AS y_text
    FROM sides s
    JOIN f y ON y.claim_id = s.stated
    JOIN f x ON x.article_id = s.other_article AND x.pair_group = y.pair_group AND x.attribute = y.attribute
            AND x.unit = y.unit AND x.hw = y.hw AND x.family_key = y.family_key
    WHERE x.subject_key = y.subject_key AND x.level = y.level
),
-- A source that also states the other's figure for the same subject speaks of several things (a
-- first phase and the whole, a campus and the cluster inside it): its other figure is about one of
-- those, not a rival. A source that also names the other's place for the subject agrees with it:
-- its other place is another part (a second site of one name, a plant in the next town). A source
-- whose two figures add up to the other's gives the parts of what the other gives whole (a first
-- phase and an extension against the total).
restated AS (
    SELECT DISTINCT pair_a, pair_b FROM others
    WHERE CASE attribute
              WHEN 'location' THEN NOT places_apart(x_text, y_text)
              WHEN 'online_date' THEN x_date_lo IS NOT NULL AND x_date_hi IS NOT NULL
                                      AND NOT COALESCE(x_date_hi < y_date_lo OR y_date_hi < x_date_lo, false)
              ELSE NOT x_bound AND abs(x_point - y_point) <= greatest(x_margin + y_margin, tol * greatest(abs(x_point), abs(y_point))) END
    UNION
    SELECT DISTINCT o1.pair_a, o1.pair_b
    FROM others o1
    JOIN others o2 ON o2.pair_a = o1.pair_a AND o2.pair_b = o1.pair_b AND o2.y_id = o1.y_id AND o1.x_id < o2.x_id
    WHERE additive(o1.attribute) AND NOT o1.x_bound AND NOT o2.x_bound
      AND abs(o1.x_point + o2.x_point - o1.y_point)
          <= greatest(o1.x_margin + o2.x_margin + o1.y_margin, o1.tol * greatest(abs(o1.x_point + o2.x_point), abs(o1.y_point)))
)
SELECT pair_group, md5(claim_a || '|' || claim_b) AS conflict_id, claim_a, claim_b, subject_key, subject, attribute,
       hardware, modality, value_a, value_b,
       round(abs(point_a - point_b) / nullif(greatest(abs(point_a), abs(point_b)), 0), 3) AS severity,
       quote_a, quote_b, publisher_a, publisher_b, url_a, url_b, as_of_a, as_of_b, text_a, text_b, kind,
       round(100 * gap / nullif(scale, 0), 1) AS gap_pct,
       round(100 * allowed / nullif(scale, 0), 1) AS tolerance_pct,
       CASE WHEN attribute = 'online_date' THEN 'periods ' || COALESCE(CAST(date_lo_a AS VARCHAR), '…') || ' to ' || COALESCE(CAST(date_hi_a AS VARCHAR), '…')
                || ' and ' || COALESCE(CAST(date_lo_b AS VARCHAR), '…') || ' to ' || COALESCE(CAST(date_hi_b AS VARCHAR), '…')
                || ' cannot overlap (' || greatest(datediff('day', date_hi_a, date_lo_b), datediff('day', date_hi_b, date_lo_a)) || ' days between)'
           WHEN attribute = 'location' THEN '"' || text_a || '" and "' || text_b || '": neither place contains the other'
           WHEN kind = 'unit_slip'
                THEN CASE WHEN slip = 'a scale word or unit'
                          THEN 'one figure is 10^' || CAST(CAST(3 * round(abs(log10(point_a / point_b)) / 3) AS INTEGER) AS VARCHAR)
                               || ' times the other: a scale word or unit slip'
                          ELSE 'one figure is ' || CAST(round(greatest(point_a, point_b) / least(point_a, point_b), 3) AS VARCHAR)
                               || ' times the other: ' || slip || ' confused' END
                     || CASE WHEN gap > allowed THEN '; gap ' || CAST(round(100 * gap / nullif(scale, 0), 1) AS VARCHAR) || '%' ELSE '' END
           ELSE 'gap ' || CAST(round(100 * gap / nullif(scale, 0), 1) AS VARCHAR) || '% > tolerance '
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

-- Existing databases: their stored pairs under the new rules.
DELETE FROM conflict_pairs;
INSERT INTO conflict_pairs SELECT * FROM conflicts_among(check_window_days(), NULL);
DELETE FROM stored_facts_state;
INSERT INTO stored_facts_state VALUES (settings_fingerprint(), now(), 0);
