-- Schema v19: the Disputes page's groups, stored. At a million claims there are millions of pairs,
-- and grouping them by claim on every visit (each claim's rivals counted, each pair given to the
-- side with more rivals, the groups ranked) took 11-25 s (benchmarks/README.md, Dashboard speed).
-- A claim's pairs all lie in its pair group (family and attribute), so every number below depends
-- on the pairs of one group only: db/stored_disputes.py recomputes the groups a write touched,
-- right after conflict_pairs, and a read recomputes only the groups holding a verdict.

CREATE TABLE claim_rivals (
    pair_group UBIGINT NOT NULL,
    claim_id   VARCHAR NOT NULL,
    rivals     INTEGER NOT NULL
);
COMMENT ON TABLE claim_rivals IS 'Derived, kept by infratrack''s writers: how many stored contradictions each claim is in (claims in none are absent). Never edit by hand.';
COMMENT ON COLUMN claim_rivals.pair_group IS 'The claim''s pair group (stored_claim_facts.pair_group).';
COMMENT ON COLUMN claim_rivals.claim_id IS 'A claim with at least one contradiction.';
COMMENT ON COLUMN claim_rivals.rivals IS 'How many pairs of conflict_pairs it is in, whatever their verdicts.';

CREATE TABLE stored_disputes (
    pair_group     UBIGINT NOT NULL,
    focal          VARCHAR NOT NULL,
    attribute      VARCHAR NOT NULL,
    group_severity DOUBLE NOT NULL,
    pairs          INTEGER NOT NULL,
    newest         DATE
);
COMMENT ON TABLE stored_disputes IS 'Derived, kept by infratrack''s writers: the disputes of every stored pair before verdicts, one per claim that pairs gather on (the side of each pair with more rivals, ties to the smaller claim id). Never edit by hand.';
COMMENT ON COLUMN stored_disputes.pair_group IS 'The pair group of the claim and all its pairs.';
COMMENT ON COLUMN stored_disputes.focal IS 'The claim the dispute is about (its permalink id).';
COMMENT ON COLUMN stored_disputes.attribute IS 'The attribute of its pairs.';
COMMENT ON COLUMN stored_disputes.group_severity IS 'The largest severity of its pairs (a missing severity counts as 0).';
COMMENT ON COLUMN stored_disputes.pairs IS 'How many pairs it gathers.';
COMMENT ON COLUMN stored_disputes.newest IS 'The latest as-of date of either claim of any of its pairs.';

CREATE TABLE dispute_series (
    pair_group  UBIGINT NOT NULL,
    subject_key VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    attribute   VARCHAR NOT NULL,
    pairs       INTEGER NOT NULL
);
COMMENT ON TABLE dispute_series IS 'Derived, kept by infratrack''s writers: stored contradictions counted per pair group, subject (key and spelling) and attribute, for the Disputes page''s choices. Never edit by hand.';
COMMENT ON COLUMN dispute_series.pair_group IS 'The pair group of the pairs counted.';
COMMENT ON COLUMN dispute_series.subject_key IS 'conflict_pairs.subject_key.';
COMMENT ON COLUMN dispute_series.subject IS 'conflict_pairs.subject, one spelling of it.';
COMMENT ON COLUMN dispute_series.attribute IS 'conflict_pairs.attribute.';
COMMENT ON COLUMN dispute_series.pairs IS 'How many stored pairs have this group, subject spelling and attribute.';

-- The rows of the three tables for the pair groups in GROUPS (NULL: every group), from conflict_pairs
-- (disputes_among reads claim_rivals, so it is filled after it). Groups are joined, as in
-- conflicts_among, so the scan reads only their rows.
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

-- conflict_pairs in pair group order, as db/stored_facts.py now writes it: a dispute's pairs are
-- read by their group, which the zone maps then find in a few row groups.
CREATE TEMP TABLE conflict_pairs_ordered AS SELECT * FROM conflict_pairs ORDER BY pair_group, claim_a, claim_b;
DELETE FROM conflict_pairs;
INSERT INTO conflict_pairs SELECT * FROM conflict_pairs_ordered;
DROP TABLE conflict_pairs_ordered;

INSERT INTO claim_rivals SELECT * FROM claim_rivals_among(NULL);
INSERT INTO stored_disputes SELECT * FROM disputes_among(NULL);
INSERT INTO dispute_series SELECT * FROM dispute_series_among(NULL);
