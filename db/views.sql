-- Every view and macro of the schema, each defined once: the current definitions, in the order
-- they depend on each other.
--
-- Why a file beside the migrations and not in them: a migration is run once and never edited, so
-- each rule change redefined its views in a new migration (contradictions has texts in migrations
-- 1, 4, 5, 12 and 14), and to read the current rules one had to find the last text of each.
-- Tables hold data and change by migration (in order, once); views and macros hold no data and
-- are code. So db/views.py, after the migrations, drops every view and macro and creates them from
-- this file whenever its text differs from the one the database last took (schema_views records
-- its SHA-256), then rebuilds the tables derived by these rules (stored_claim_facts,
-- conflict_pairs; the search index when search_words changed). A new database and one upgraded
-- from any version end up with exactly these definitions, and a change of a rule is an edit of
-- this file: no new migration, no copy of the old text (Flyway calls such scripts repeatable
-- migrations). The definitions left in old migrations are history: they serve only the data
-- steps of those migrations while an old database is upgraded, and are replaced right after.
--
-- CREATE, not CREATE OR REPLACE: an object defined twice here is an error. Views are bound by
-- name when read, so their order only matters for CREATE VIEW's check that what it reads exists.
-- A table a view reads (settings, triage, claim_verdicts, conflict_pairs ...) comes from the
-- migrations; claim_verdicts is shadowed at read time by a temporary copy (db/triage.py).

-- ---------------------------------------------------------------------------------------------
-- Settings and small rules
-- ---------------------------------------------------------------------------------------------

-- The least relative tolerance of an attribute, from the settings table: a floor under what the
-- figures' own rounding covers.
CREATE MACRO tolerance_of(attr) AS
    COALESCE((SELECT value FROM settings WHERE key = 'tolerance_' || CASE attr WHEN 'gpu_count' THEN 'count' ELSE attr END),
             (SELECT value FROM settings WHERE key = 'tolerance_default'));
COMMENT ON MACRO tolerance_of IS 'The least relative tolerance of an attribute (settings tolerance_count for gpu_count, tolerance_<attribute>, else tolerance_default).';

-- The check's window (settings.window_days) in whole days: the one place the setting is read, so
-- every rule compares days with the same integer (a DOUBLE read directly would let 30.5 mean
-- 30 in one view and 31 in another).
CREATE MACRO check_window_days() AS (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'window_days');
COMMENT ON MACRO check_window_days IS 'settings.window_days as whole days: the one way every view reads the window.';

-- The settings the check depends on, as one string: conflict_pairs remembers the one it was
-- computed with, so an UPDATE of settings made outside infratrack is noticed by every read.
CREATE MACRO settings_fingerprint() AS
    (SELECT string_agg(key || '=' || CAST(value AS VARCHAR), ';' ORDER BY key) FROM settings);
COMMENT ON MACRO settings_fingerprint IS 'Every setting as one string; conflict_pairs records the one it was computed with.';

-- The rounding step of a stated figure: the largest power of ten that divides it, but at most a
-- tenth of its leading digit's place. "100,000" is read as rounded to the ten thousand, not to the
-- hundred thousand: writers round to two significant digits far more often than to one, and a
-- one-digit reading would make 100,000 and 150,000 agree. "41,208" has step 1: exact.
CREATE MACRO figure_step(v) AS
    CASE WHEN v IS NULL OR v = 0 OR NOT isfinite(v) THEN 0
         ELSE COALESCE(pow(10, list_max(list_filter(
                  range(CAST(floor(log10(abs(v))) AS BIGINT) - 12, CAST(floor(log10(abs(v))) AS BIGINT)),
                  lambda j: abs(abs(v) / pow(10, j) - round(abs(v) / pow(10, j))) < 1e-6))), 0) END;
COMMENT ON MACRO figure_step IS 'The rounding step of a stated figure (100,000: 10,000; 41,208: 1): half of it is what the figure covers.';

-- How wide a claim's own figure is, in words, for the why column.
CREATE MACRO stated_as(lo, hi, open_low, open_high, step) AS
    CASE WHEN open_high THEN 'a lower bound'
         WHEN open_low THEN 'an upper bound'
         WHEN lo < hi THEN 'a range'
         WHEN step <= 1 THEN 'exact'
         ELSE 'rounded to ' || CAST(CAST(step AS DECIMAL(38, 0)) AS VARCHAR) END;
COMMENT ON MACRO stated_as IS 'How a claim states its figure, in words (a lower bound, a range, exact, rounded to N), for the why column.';

-- The parts of a place, most specific first, without case, accents or spaces around commas.
CREATE MACRO place_parts(place) AS
    list_transform(string_split(lower(strip_accents(place)), ','), lambda p: trim(p));
COMMENT ON MACRO place_parts IS 'The comma-separated parts of a place, most specific first, lower-cased and without accents.';

-- Places differ only where they name different towns, regions or countries: parts below the
-- three broadest (a campus, an institute, a building) are names for a spot inside one town
-- ("BSC, Barcelona, Catalonia, Spain" and "Barcelona Supercomputing Center, Barcelona, ...").
CREATE MACRO town_parts(place) AS
    CASE WHEN len(place_parts(place)) > 3 THEN place_parts(place)[len(place_parts(place)) - 2:]
         ELSE place_parts(place) END;
COMMENT ON MACRO town_parts IS 'The three broadest parts of a place (town, region, country): what two places must differ in to be apart.';

-- Great-circle distance in kilometres.
CREATE MACRO km_between(lat1, lon1, lat2, lon2) AS
    2 * 6371 * asin(sqrt(pow(sin(radians(lat2 - lat1) / 2), 2)
                         + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)));
COMMENT ON MACRO km_between IS 'Great-circle distance in kilometres between two points.';

-- Two towns of one state (or one country outside the US) within a metropolitan area of each other:
-- the press names a campus by its town or by the nearest big city. A state line still parts them,
-- as it parts the permits, the grid and the taxes. NULL when either place has no known point.
CREATE MACRO places_near(a, b) AS (
    SELECT km_between(x.lat, x.lon, y.lat, y.lon) <= 60
    FROM place_points x, place_points y WHERE x.place = a AND y.place = b)
    AND place_parts(a)[2:] = place_parts(b)[2:];
COMMENT ON MACRO places_near IS 'Whether two places of one state (one country outside the US) lie within 60 km of each other; NULL when either has no point in place_points.';

-- A US county (or Louisiana parish) and a town of the same state whose value names no county: the
-- gazetteer does not say which county a town lies in, so the county may hold it ("Santa Teresa, New
-- Mexico" in "Doña Ana County, New Mexico"), and the two are not known to differ.
CREATE MACRO county_may_hold(county_place, town_place) AS
    regexp_matches(place_parts(county_place)[1], ' (county|parish)$')
    AND NOT list_bool_or(list_transform(place_parts(town_place), lambda p: regexp_matches(p, ' (county|parish)$')))
    AND len(place_parts(county_place)) >= 3 AND len(place_parts(town_place)) >= 3
    AND place_parts(county_place)[-2:] = place_parts(town_place)[-2:];
COMMENT ON MACRO county_may_hold IS 'Whether a county or parish may hold a town of the same state whose value names no county (the gazetteer has no county of a town).';

-- Two places are rivals when neither contains the other, compared down to the town (town_parts),
-- they are not near each other in one state (places_near), and neither is a county that may hold the
-- other (county_may_hold).
CREATE MACRO places_apart(a, b) AS
    NOT list_contains(place_parts(a), place_parts(b)[1]) AND NOT list_contains(place_parts(b), place_parts(a)[1])
    AND NOT list_contains(town_parts(a), town_parts(b)[1]) AND NOT list_contains(town_parts(b), town_parts(a)[1])
    AND NOT COALESCE(places_near(a, b), false)
    AND NOT county_may_hold(a, b) AND NOT county_may_hold(b, a);
COMMENT ON MACRO places_apart IS 'Whether two places are rivals: neither contains the other, they are not near each other in one state, and neither is a county that may hold the other.';

-- The period an online date allows: the stored bounds, else the ISO value read at its precision.
CREATE MACRO iso_period_low(t) AS
    COALESCE(try_strptime(t, '%Y-%m-%d'), try_strptime(t, '%Y-%m'), try_strptime(t, '%Y'))::DATE;
COMMENT ON MACRO iso_period_low IS 'First day of the period an ISO date of any precision names (2026-09 gives 2026-09-01).';

CREATE MACRO iso_period_high(t) AS
    COALESCE(try_strptime(t, '%Y-%m-%d')::DATE,
             (try_strptime(t, '%Y-%m') + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE,
             (try_strptime(t, '%Y') + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE);
COMMENT ON MACRO iso_period_high IS 'Last day of the period an ISO date of any precision names (2026 gives 2026-12-31).';

-- Attributes of events that happen once, and places (a site does not move): what happened is
-- compared whenever reported, not only within window_days.
CREATE MACRO timeless(attr) AS attr IN ('online_date', 'build_time', 'location');
COMMENT ON MACRO timeless IS 'Whether an attribute is an event that happens once or a place: compared whenever reported, not only within the window.';

-- Attributes whose figures add up over the parts of a subject (a programme's GPUs are the sum of
-- its sites'): never compared across levels.
CREATE MACRO additive(attr) AS attr NOT IN ('online_date', 'location', 'build_time',
                                            'accelerator_compute', 'accelerator_power', 'generation_unit_power');
COMMENT ON MACRO additive IS 'Whether an attribute''s figures add up over the parts of a subject: then never compared across levels.';

-- Subjects that stand in many places and open many times: no one place, date or build time.
CREATE MACRO spread_out(kind) AS COALESCE(kind, '') IN ('programme', 'company', 'organisation', 'deal');
COMMENT ON MACRO spread_out IS 'Whether a subject level (programme, company, organisation, deal) stands in many places and opens many times.';

-- Where a positive figure sits within its power of a thousand (log10, 0 to 3): two figures a slip
-- apart sit at the same place, or at places the slip factor apart. Cut into bins of 0.025 so that
-- the pairs are found by an equality join (a scale slip allows 5%, log10(1.05) = 0.021 < 0.025).
CREATE MACRO slip_place(point) AS
    CASE WHEN point > 0 AND isfinite(point) THEN log10(point) - 3 * floor(log10(point) / 3) END;
COMMENT ON MACRO slip_place IS 'Where a positive figure sits within its power of a thousand (log10, 0 to 3), to find slipped pairs by an equality join.';

CREATE MACRO slip_bin(place) AS CAST(floor(place / 0.025) AS BIGINT) % 120;
COMMENT ON MACRO slip_bin IS 'slip_place cut into 120 bins of 0.025.';

-- Whether the larger figure HI is the smaller LO times FACTOR times a power of a thousand (at least
-- one thousand for the factor 1), within TOL in log10.
CREATE MACRO slipped(lo, hi, factor, tol) AS
    lo > 0 AND hi >= lo
    AND abs(log10(hi / lo) - log10(factor) - 3 * round((log10(hi / lo) - log10(factor)) / 3)) <= tol
    AND round((log10(hi / lo) - log10(factor)) / 3) >= CASE WHEN factor = 1 THEN 1 ELSE 0 END;
COMMENT ON MACRO slipped IS 'Whether figure hi is figure lo times factor times a power of a thousand (at least one thousand for factor 1), within tol in log10.';

-- The words of a text as the search index holds them (db/search.py): lower case, accents stripped
-- (so "energie" finds "énergie"), split on anything that is not a letter or a digit, each once.
-- db/views.py rebuilds the index when this definition changes.
CREATE MACRO search_words(s) AS
    list_distinct(list_filter(regexp_split_to_array(strip_accents(lower(COALESCE(s, ''))), '[^\p{L}\p{N}]+'),
                              lambda w: w <> ''));
COMMENT ON MACRO search_words IS 'The words of a text as the search index holds them: lower case, accents stripped, each once.';

-- ---------------------------------------------------------------------------------------------
-- Claims as the check sees them
-- ---------------------------------------------------------------------------------------------

-- A claim with what the check needs: publisher, effective date, subject after alias resolution and
-- its level, the whole a phase belongs to, the story it copies (a page recorded as a duplicate or
-- near-duplicate of another), its interval and the margin its rounding covers.
CREATE VIEW claim_facts AS
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

-- claim_facts as the stored table holds it (db/stored_facts.py keeps stored_claim_facts equal to
-- it inside every write transaction). pair_group: claims can only conflict within one group.
CREATE VIEW claim_facts_to_store AS
SELECT md5_number_lower(COALESCE(family_key, '') || chr(0) || attribute || chr(0) || unit) AS pair_group,
       claim_id, article_id, story_id, publisher, url, subject, subject_key, family_key, phase_key, attribute,
       hardware, modality, value, value_text, lo, hi, open_low, open_high, as_of_effective, quote,
       subject_kind, date_lo, date_hi, margin_lo, margin_hi, unit
FROM claim_facts;
COMMENT ON VIEW claim_facts_to_store IS 'What stored_claim_facts must hold, computed from the base tables through claim_facts; pair_group = md5(family_key, attribute, unit).';

-- ---------------------------------------------------------------------------------------------
-- Contradictions
-- ---------------------------------------------------------------------------------------------

-- Every pair of independent claims that disagree, from FACTS (the name of a table or view with the
-- columns of stored_claim_facts) in the pair groups GROUPS (NULL = all). The one place the rules
-- live: the stored pairs read stored_claim_facts; tests read claim_facts_to_store, the reference.
-- * Two claims are paired only about the same subject at the same level, attribute, unit and
--   hardware, from different publishers and different stories (a copy speaks through its original).
-- * Numbers: intervals further apart than what both figures' rounding covers, at least the
--   attribute's floor (tolerance_of); online dates: periods that cannot overlap (two done dates a
--   season apart); places: neither contains the other and they are not near (places_apart).
-- * Within WINDOW_DAYS, except what happens once (timeless), undated claims, and slips (one figure
--   the other in another scale word or unit: slip_factors), which are compared whatever the dates.
-- * An owner's, a programme's or a deal's figures may be of any part of it: only slips are rivals.
-- * A source that also states the other's figure, names the other's place, or gives parts that add
--   up to the other's figure speaks of several things: none of its figures is a rival.
-- * A sentence that lists several places or three figures of one subject is compared with nothing.
-- Each claim probes its own time bucket of WINDOW_DAYS and both neighbours (undated claims probe
-- every bucket), so the join compares a few claims instead of a whole series.
CREATE MACRO conflicts_of(facts, window_days, groups) AS TABLE
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
COMMENT ON MACRO TABLE conflicts_of IS 'Every pair of independent claims that disagree, from facts (a table or view with the columns of stored_claim_facts) in the pair groups groups (NULL = all), under a window of window_days: the rules of the check.';

-- conflicts_of over the stored facts: what db/stored_facts.py writes into conflict_pairs, group by group.
CREATE MACRO conflicts_among(window_days, groups) AS TABLE
SELECT * FROM conflicts_of('stored_claim_facts', window_days, groups);
COMMENT ON MACRO TABLE conflicts_among IS 'conflicts_of over stored_claim_facts: the rows of conflict_pairs for some pair groups.';

-- True when conflict_pairs holds the contradictions of the current settings.
CREATE MACRO conflict_pairs_current() AS
    (SELECT count(*) = 1 AND bool_and(settings = settings_fingerprint()) FROM stored_facts_state);
COMMENT ON MACRO conflict_pairs_current IS 'Whether conflict_pairs holds the contradictions of the current settings.';

-- The contradictions under a window of WINDOW_DAYS, without verdicts: conflict_pairs when it holds
-- that window under the current settings (what writers keep, so the contradictions view reads a
-- table), else paired now from stored_claim_facts (another window, or settings changed by an
-- UPDATE outside infratrack). The branch not in use reads nothing: the stored rows are filtered
-- out by a constant, and an empty list of groups pairs none.
CREATE MACRO pairs_within(window_days) AS TABLE
SELECT * EXCLUDE (pair_group) FROM conflict_pairs
WHERE conflict_pairs_current() AND window_days = check_window_days()
UNION ALL BY NAME
SELECT * EXCLUDE (pair_group)
FROM conflicts_among(window_days,
                     CASE WHEN conflict_pairs_current() AND window_days = check_window_days() THEN []::UBIGINT[] END);
COMMENT ON MACRO TABLE pairs_within IS 'Contradicting pairs under a window of window_days, without verdicts: the stored conflict_pairs when current for that window, else computed from stored_claim_facts.';

-- The status of a pair: the verdict on the pair wins; else a verdict on either claim settles it.
CREATE MACRO pair_status(pair_verdict, verdict_a, verdict_b) AS
    COALESCE(pair_verdict, CASE WHEN verdict_a IS NOT NULL OR verdict_b IS NOT NULL THEN 'resolved' END, 'open');
COMMENT ON MACRO pair_status IS 'A pair''s status from the verdict on the pair (triage.status) and those on its two claims (claim_verdicts.verdict).';

-- Contradictions under any window, with the verdicts joined last, at read time (a verdict never
-- touches the stored pairs). A verdict on the pair wins; else a verdict on either claim settles it
-- (resolved, with the value of a claim judged right).
CREATE MACRO contradictions_within(window_days) AS TABLE
SELECT p.conflict_id, p.claim_a, p.claim_b, p.subject_key, p.subject, p.attribute, p.hardware, p.modality,
       p.value_a, p.value_b, p.severity, p.quote_a, p.quote_b, p.publisher_a, p.publisher_b, p.url_a, p.url_b,
       p.as_of_a, p.as_of_b, p.text_a, p.text_b, p.kind, p.gap_pct, p.tolerance_pct, p.why, p.days_apart,
       p.unit, p.level_a, p.level_b,
       CASE WHEN t.status IS NOT NULL THEN 'pair' WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'claim' END AS settled_by,
       pair_status(t.status, va.verdict, vb.verdict) AS status,
       COALESCE(t.correct_value, CASE WHEN va.verdict = 'right' THEN p.value_a WHEN vb.verdict = 'right' THEN p.value_b END) AS correct_value,
       COALESCE(t.note, nullif(concat_ws('; ', CASE WHEN va.verdict IS NOT NULL THEN 'A judged ' || va.verdict || COALESCE(': ' || va.note, '') END,
                                               CASE WHEN vb.verdict IS NOT NULL THEN 'B judged ' || vb.verdict || COALESCE(': ' || vb.note, '') END), '')) AS note
FROM pairs_within(window_days) p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b;
COMMENT ON MACRO TABLE contradictions_within IS 'The contradictions under a window of window_days days (the contradictions view is this under settings.window_days), with the verdict on the pair or on either claim.';

CREATE VIEW contradictions AS SELECT * FROM contradictions_within(check_window_days());
COMMENT ON VIEW contradictions IS 'Independent sources disagreeing about the same subject at the same level, attribute, unit and hardware: numbers further apart than what both figures'' rounding covers (at least the attribute''s floor), online dates whose periods cannot overlap, places neither of which contains the other nor lies near it; within window_days except for timeless attributes, undated claims and slips; an owner''s, a programme''s or a deal''s figures only as slips. With kind (disagreement or unit_slip), why, the level of each subject, and the verdict on the pair or on either claim. contradictions_within(window_days) gives them for another window.';

CREATE VIEW open_contradictions AS
SELECT * FROM contradictions WHERE status IN ('open', 'confirmed');
COMMENT ON VIEW open_contradictions IS 'Contradictions not resolved or dismissed by a researcher, on the pair or on one of its claims.';

-- ---------------------------------------------------------------------------------------------
-- Timelines, agreement, plans and a subject's state
-- ---------------------------------------------------------------------------------------------

-- Changes over time of one subject at one level, in one unit: each actual figure against the
-- latest figure reported more than window_days before it (never a figure of the same time, which
-- is a contradiction or an agreement, nor one of a part or of the whole).
CREATE MACRO updates_of(only_subject) AS TABLE
WITH f AS (
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
later AS (SELECT f.*, f.as_of_effective - check_window_days() - 1 AS look_back FROM f)
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
COMMENT ON MACRO TABLE updates_of IS 'The rows of the updates view for one subject_key (NULL = every subject).';

CREATE VIEW updates AS SELECT * FROM updates_of(NULL);
COMMENT ON VIEW updates IS 'Changes over time: each actual figure that differs, beyond both figures'' rounding and the floor, from the latest figure for the same subject, level, attribute, unit and hardware reported more than window_days before. Copies and events that happen once add no row. updates_of(subject_key) gives one subject''s.';

CREATE MACRO corroboration_of(only_subject) AS TABLE
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
      OR abs(datediff('day', o.as_of_effective, f.as_of_effective)) <= check_window_days())
 AND NOT (NOT f.open_high AND NOT o.open_low AND f.hi + f.margin_hi + o.margin_lo + tolerance_of(f.attribute) * greatest(abs(f.value), abs(o.value)) < o.lo)
 AND NOT (NOT o.open_high AND NOT f.open_low AND o.hi + o.margin_hi + f.margin_lo + tolerance_of(f.attribute) * greatest(abs(f.value), abs(o.value)) < f.lo)
GROUP BY ALL
ORDER BY f.claim_id;
COMMENT ON MACRO TABLE corroboration_of IS 'The rows of the corroboration view for one subject_key (NULL = every subject).';

CREATE VIEW corroboration AS SELECT * FROM corroboration_of(NULL);
COMMENT ON VIEW corroboration IS 'For each claim, the number of other independent publishers (a copy counted once, through its original) whose claim about the same subject, level, unit and time agrees within both figures'' rounding and the floor. corroboration_of(subject_key) gives one subject''s.';

CREATE MACRO promises_of(only_subject) AS TABLE
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
  AND datediff('day', p.as_of_effective, a.as_of_effective) > check_window_days()
  AND (only_subject IS NULL OR p.subject_key = only_subject)
ORDER BY p.subject_key, p.attribute, p.claim_id, a.claim_id;
COMMENT ON MACRO TABLE promises_of IS 'The rows of the promises view for one subject_key (NULL = every subject).';

CREATE VIEW promises AS SELECT * FROM promises_of(NULL);
COMMENT ON VIEW promises IS 'A planned figure and each actual figure for the same subject, level, attribute and unit reported more than window_days later; kept = it agrees with the plan within both figures'' rounding and the floor. Copies add no row. promises_of(subject_key) gives one subject''s.';

-- One subject's current state per attribute, hardware and unit: the actual claims of the latest
-- window (for what happens once, every actual claim), without copies and claims judged wrong.
-- contested: an open or confirmed contradiction among them, so no value is shown as settled;
-- low_value and high_value give the range the sources span.
CREATE MACRO consensus_among(only_subject, disputed_claims) AS TABLE
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
       OR f.as_of_effective >= l.latest - check_window_days()),
disputed AS (SELECT DISTINCT unnest(disputed_claims) AS claim_id)
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
COMMENT ON MACRO TABLE consensus_among IS 'consensus_of for one subject_key, given the claims of it in an open or confirmed contradiction (open_claims_of or stored_open_claims_of).';

-- The claims of one subject in an open or confirmed contradiction.
CREATE MACRO open_claims_of(only_subject) AS TABLE
SELECT claim_a AS claim_id FROM open_contradictions WHERE subject_key = only_subject
UNION
SELECT claim_b FROM open_contradictions WHERE subject_key = only_subject;
COMMENT ON MACRO TABLE open_claims_of IS 'The claims of one subject_key in an open or confirmed contradiction.';

-- open_claims_of read from conflict_pairs by the subject's pair groups, with the verdicts joined as
-- the contradictions view joins them: only while conflict_pairs_current(), which db/reader.py
-- checks first. Every read of the contradictions view plans and runs its live branch too (about
-- 0.4 s at a million claims whatever it selects); this reads the subject's groups alone.
CREATE MACRO stored_open_claims_of(only_subject) AS TABLE
WITH p AS (
    SELECT p.claim_a, p.claim_b FROM conflict_pairs p
    LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
    LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
    LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b
    WHERE p.pair_group IN (SELECT DISTINCT pair_group FROM stored_claim_facts WHERE subject_key = only_subject)
      AND p.subject_key = only_subject AND pair_status(t.status, va.verdict, vb.verdict) IN ('open', 'confirmed'))
SELECT claim_a AS claim_id FROM p UNION SELECT claim_b FROM p;
COMMENT ON MACRO TABLE stored_open_claims_of IS 'open_claims_of from the stored pairs: the same rows while conflict_pairs_current().';

CREATE MACRO consensus_of(only_subject) AS TABLE
SELECT * FROM consensus_among(only_subject, (SELECT list(claim_id) FROM open_claims_of(only_subject)));
COMMENT ON MACRO TABLE consensus_of IS 'One subject''s current state per attribute, hardware and unit: median, range, sources, corroboration, and whether an open contradiction contests it.';

-- ---------------------------------------------------------------------------------------------
-- Search facets
-- ---------------------------------------------------------------------------------------------

-- The owner of a subject: the nearest company or organisation up its chain of parents (a site's
-- programme's lead company), the subject itself when it is one.
CREATE VIEW entity_owners AS
WITH RECURSIVE up(entity_id, node, depth) AS (
    SELECT entity_id, entity_id, 0 FROM entities
    UNION ALL
    SELECT up.entity_id, e.parent, up.depth + 1
    FROM up JOIN entities e ON e.entity_id = up.node
    WHERE e.parent IS NOT NULL AND up.depth < 8
)
SELECT up.entity_id, arg_min(o.name, up.depth) AS owner
FROM up JOIN entities o ON o.entity_id = up.node AND o.kind IN ('company', 'organisation')
GROUP BY up.entity_id;
COMMENT ON VIEW entity_owners IS 'For each entity, the name of its nearest owner (a company or organisation up its parents, or itself).';

-- The country of a subject: the last part of the places its location claims name ("Memphis,
-- Tennessee, US" -> US); a subject placed in two countries by different sources has both.
CREATE VIEW subject_countries AS
SELECT DISTINCT COALESCE(entity_id, lower(subject)) AS subject_key,
       trim(list_last(string_split(value_text, ','))) AS country
FROM claims
WHERE attribute = 'location' AND trim(COALESCE(value_text, '')) <> '';
COMMENT ON VIEW subject_countries IS 'Countries where location claims place each subject (the last comma-separated part of the place).';

-- The Disputes page's stored tables (migration 19, db/stored_disputes.py) for the pair groups in GROUPS
-- (NULL: every group), from conflict_pairs: a claim's pairs all lie in its group. disputes_among
-- reads claim_rivals, so it is filled after it. Groups are joined, as in conflicts_among.
CREATE MACRO claim_rivals_among(groups) AS TABLE
WITH chosen AS (SELECT unnest(groups) AS pair_group UNION SELECT DISTINCT pair_group FROM conflict_pairs WHERE groups IS NULL),
p AS (SELECT p.pair_group, p.claim_a, p.claim_b FROM conflict_pairs p JOIN chosen USING (pair_group))
SELECT pair_group, claim_id, CAST(count(*) AS INTEGER) AS rivals
FROM (SELECT pair_group, claim_a AS claim_id FROM p UNION ALL SELECT pair_group, claim_b FROM p)
GROUP BY pair_group, claim_id;

CREATE MACRO disputes_among(groups) AS TABLE
WITH chosen AS (SELECT unnest(groups) AS pair_group UNION SELECT DISTINCT pair_group FROM conflict_pairs WHERE groups IS NULL),
assigned AS (
    SELECT p.pair_group, p.attribute, p.severity, p.as_of_a, p.as_of_b,
           CASE WHEN ra.rivals > rb.rivals OR (ra.rivals = rb.rivals AND p.claim_a <= p.claim_b)
                THEN p.claim_a ELSE p.claim_b END AS focal
    FROM conflict_pairs p JOIN chosen USING (pair_group)
    JOIN claim_rivals ra ON ra.claim_id = p.claim_a JOIN claim_rivals rb ON rb.claim_id = p.claim_b)
SELECT pair_group, focal, any_value(attribute) AS attribute, max(COALESCE(severity, 0)) AS group_severity,
       CAST(count(*) AS INTEGER) AS pairs, max(greatest(as_of_a, as_of_b)) AS newest
FROM assigned GROUP BY pair_group, focal;

CREATE MACRO dispute_series_among(groups) AS TABLE
WITH chosen AS (SELECT unnest(groups) AS pair_group UNION SELECT DISTINCT pair_group FROM conflict_pairs WHERE groups IS NULL)
SELECT pair_group, subject_key, subject, attribute, CAST(count(*) AS INTEGER) AS pairs
FROM conflict_pairs JOIN chosen USING (pair_group)
GROUP BY pair_group, subject_key, subject, attribute;
COMMENT ON MACRO TABLE claim_rivals_among IS 'claim_rivals rows of the pair groups GROUPS (NULL: all): each claim''s number of stored contradictions.';
COMMENT ON MACRO TABLE disputes_among IS 'stored_disputes rows of the pair groups GROUPS (NULL: all): each pair given to the side with more rivals (claim_rivals), ties to the smaller claim id, grouped.';
COMMENT ON MACRO TABLE dispute_series_among IS 'dispute_series rows of the pair groups GROUPS (NULL: all): stored pairs per subject spelling and attribute.';
