-- Schema v20: every view and macro is defined once, in db/views.sql, and created from it after the
-- migrations (db/views.py; the file's header says why). Until now each rule change redefined the
-- views it touched in a new migration, so the current check was spread over migrations 4 to 17.
-- From here on, a migration changes tables, and views.sql is edited in place.
--
-- What this migration does: the table that records which views.sql a database took, and column
-- comments that had gone stale as the rules changed. The obsolete views and macros (claim_pairs,
-- intervals_apart and scale_slip, unused since schemas 12 and 16, and contradiction_pairs, now
-- the pairs_within macro) are dropped with the others when views.sql is applied; no stored row
-- changes (the rules are those of schemas 16 and 17).

CREATE TABLE schema_views (
    sha256     VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE schema_views IS 'One row: the SHA-256 of the db/views.sql whose views and macros the database holds. A database whose row differs from the installed infratrack''s gets them replaced when next opened for writing.';
COMMENT ON COLUMN schema_views.sha256 IS 'SHA-256 (hex) of the text of db/views.sql.';
COMMENT ON COLUMN schema_views.applied_at IS 'When the views and macros were last created from it.';
-- created by db/connection.py before the first migration, so it had none
COMMENT ON TABLE schema_version IS 'One row per migration applied to this database (db/migrations/NNN_*.sql); numbers may have gaps.';
COMMENT ON COLUMN schema_version.version IS 'The migration''s number.';
COMMENT ON COLUMN schema_version.applied_at IS 'When it was applied.';

-- Since schema 15 a claim may have no date at all.
COMMENT ON COLUMN claims.as_of IS 'Date the claim speaks of: an explicit date in context, else the publication date; NULL when neither is known (the check then compares it with every period).';
-- Since schemas 13 and 14 subjects stand at several levels.
COMMENT ON COLUMN claims.subject IS 'Canonical name of what the claim is about (a system, cluster, site, phase, programme, company, organisation or deal); unknown when the extractor could not name it.';
COMMENT ON COLUMN entities.kind IS 'Level of the entity: system, cluster, site, phase, programme, company, organisation or deal.';
-- Since schema 11 there are more attributes, and since 12 dates and places are compared.
COMMENT ON COLUMN announcements.attribute IS 'The attribute both claims give (claims.attribute).';
COMMENT ON COLUMN announcements.modality IS 'actual or planned, the same for both claims; actual/planned for an online date a source still gave as planned after another says it came online.';
COMMENT ON COLUMN announcements.severity IS 'Relative gap between the two figures when found (NULL for online dates and places).';
COMMENT ON COLUMN announcements.value_a IS 'Value of claim_a, in the attribute''s unit (NULL for an online date or a place).';
COMMENT ON COLUMN announcements.value_b IS 'Value of claim_b, in the attribute''s unit (NULL for an online date or a place).';
-- Since schema 16 the floor is the least tolerance, not added to the rounding, and slips include
-- currencies and area units; since 15 any claim may be undated.
COMMENT ON COLUMN conflict_pairs.tolerance_pct IS 'The distance allowed, in percent of the larger figure: what both figures'' rounding covers, at least the attribute''s floor (tolerance_of).';
COMMENT ON COLUMN conflict_pairs.kind IS 'disagreement, or unit_slip when one figure is the other written with another scale word or unit (a power of a thousand, or a factor of slip_factors).';
COMMENT ON COLUMN conflict_pairs.severity IS 'Relative gap |a - b| / max(|a|, |b|) between the two figures (the middle of a range), rounded to 3 places; NULL for dates and places.';
COMMENT ON COLUMN conflict_pairs.why IS 'Why the two claims conflict, in words: gap, tolerance and how each figure was stated, or the slip; the periods of two dates; the two places; and the level of each subject.';
COMMENT ON COLUMN conflict_pairs.as_of_a IS 'Effective as_of date of claim_a; NULL for an undated claim.';
COMMENT ON COLUMN conflict_pairs.as_of_b IS 'Effective as_of date of claim_b; NULL for an undated claim.';
COMMENT ON COLUMN conflict_pairs.days_apart IS 'Days between the two claims'' effective as_of dates (NULL when one is undated).';
COMMENT ON COLUMN stored_claim_facts.as_of_effective IS 'claim_facts.as_of_effective: the stated date, else the publication date; NULL when neither is known.';
COMMENT ON COLUMN settings.value IS 'Its value: window_days is read as whole days (check_window_days), tolerances as shares (0.01 = 1%).';
