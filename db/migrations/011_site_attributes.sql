-- Schema v11: figures about a site rather than its chips get attributes of their own (land and floor
-- area, buildings, on-site generators and their unit power, battery power, nodes, racks, rack-scale
-- systems, per-accelerator compute and watts). DuckDB cannot drop a CHECK constraint, so the claims
-- table is rebuilt with the wider list; the views name it and rebind on their own.

CREATE TABLE claims_before_v11 AS SELECT * FROM claims;
DROP TABLE claims;
CREATE TABLE claims (
    claim_id          VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    subject           VARCHAR NOT NULL,
    entity_id         VARCHAR,
    attribute         VARCHAR NOT NULL CHECK (attribute IN ('gpu_count', 'power', 'compute', 'build_time',
                                                             'online_date', 'cost', 'water', 'location',
                                                             'site_area', 'floor_area', 'buildings', 'buildings_added',
                                                             'generation_units', 'generation_unit_power',
                                                             'battery_power', 'nodes', 'racks', 'systems',
                                                             'accelerator_compute', 'accelerator_power')),
    hardware          VARCHAR,
    value             DOUBLE,
    low               DOUBLE,
    high              DOUBLE,
    value_text        VARCHAR,
    unit              VARCHAR NOT NULL,
    modality          VARCHAR NOT NULL CHECK (modality IN ('actual', 'planned', 'reported', 'hypothetical')),
    as_of             DATE,
    speaker           VARCHAR,
    lang              VARCHAR,
    quote             VARCHAR NOT NULL,
    start_offset      INTEGER NOT NULL,
    end_offset        INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL
);
INSERT INTO claims SELECT * FROM claims_before_v11;
DROP TABLE claims_before_v11;
COMMENT ON TABLE claims IS 'Structured claims extracted from articles: one figure about one subject, with its exact quote.';
COMMENT ON COLUMN claims.claim_id IS 'Stable identity: hash of article, attribute, hardware, normalised value and quote, so re-extraction keeps the id.';
COMMENT ON COLUMN claims.article_id IS 'The article stating the claim.';
COMMENT ON COLUMN claims.subject IS 'Canonical name of what the claim is about (cluster, site or company).';
COMMENT ON COLUMN claims.entity_id IS 'entities.entity_id of the subject, NULL when unknown.';
COMMENT ON COLUMN claims.attribute IS 'gpu_count (accelerators), power (MW), compute (FLOP/s), build_time (days), online_date, cost (USD), water (US gallons/day), location; site figures: site_area and floor_area (m2), buildings, buildings_added, generation_units, nodes, racks, systems (counts), generation_unit_power and battery_power (MW), accelerator_compute (FLOP/s per accelerator), accelerator_power (W per accelerator).';
COMMENT ON COLUMN claims.hardware IS 'Accelerator model named with the figure (H100, GB200, MI300X ...), NULL if none.';
COMMENT ON COLUMN claims.value IS 'Normalised point value in the attribute unit (NULL for online_date and location).';
COMMENT ON COLUMN claims.low IS 'Lower bound the text allows; NULL = unbounded.';
COMMENT ON COLUMN claims.high IS 'Upper bound the text allows; NULL = unbounded.';
COMMENT ON COLUMN claims.value_text IS 'ISO date for online_date, place name for location, else the figure as written.';
COMMENT ON COLUMN claims.unit IS 'Unit of value/low/high: count, MW, FLOP/s, days, date, USD, gal/day, place, m2, W.';
COMMENT ON COLUMN claims.modality IS 'actual, planned (will, plans), reported (hedged, conditional) or hypothetical.';
COMMENT ON COLUMN claims.as_of IS 'Date the claim speaks of: an explicit date in context, else the publication date.';
COMMENT ON COLUMN claims.speaker IS 'Who is quoted as saying it, when stated.';
COMMENT ON COLUMN claims.lang IS 'Language of the sentence.';
COMMENT ON COLUMN claims.quote IS 'The exact sentence carrying the claim: equals substr(articles.text, start_offset + 1, end_offset - start_offset).';
COMMENT ON COLUMN claims.start_offset IS 'Character offset (0-based) of the quote in articles.text.';
COMMENT ON COLUMN claims.end_offset IS 'End offset (exclusive) of the quote in articles.text.';
COMMENT ON COLUMN claims.extractor_version IS 'Version of the extractor that produced the claim.';

-- Least relative tolerances per site attribute (schema 12 makes each figure also cover what it
-- rounds, so these are floors): whole counts as GPU counts, converted areas and power like power.
INSERT INTO settings VALUES
    ('tolerance_buildings', 0.005, 'buildings: counts of buildings or data halls on one site.'),
    ('tolerance_buildings_added', 0.005, 'buildings_added: buildings a site adds.'),
    ('tolerance_generation_units', 0.005, 'generation_units: gas turbines or generators on site.'),
    ('tolerance_nodes', 0.005, 'nodes: compute nodes or servers.'),
    ('tolerance_racks', 0.005, 'racks: racks or cabinets.'),
    ('tolerance_systems', 0.005, 'systems: rack-scale systems (NVL72 racks).'),
    ('tolerance_site_area', 0.02, 'site_area (m2): land, converted from acres, hectares or square feet.'),
    ('tolerance_floor_area', 0.02, 'floor_area (m2): built space, converted from square feet.'),
    ('tolerance_generation_unit_power', 0.02, 'generation_unit_power (MW per unit), like power.'),
    ('tolerance_battery_power', 0.02, 'battery_power (MW), like power.'),
    ('tolerance_accelerator_compute', 0.01, 'accelerator_compute (FLOP/s per accelerator).'),
    ('tolerance_accelerator_power', 0.01, 'accelerator_power (W per accelerator).');
