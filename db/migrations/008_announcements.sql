-- Schema v8: contradictions announced to people who do not open the dashboard (Atom feed, webhook).

CREATE TABLE announcements (
    conflict_id   VARCHAR PRIMARY KEY,
    run_id        VARCHAR NOT NULL,
    announced_at  TIMESTAMPTZ NOT NULL,
    subject       VARCHAR,
    attribute     VARCHAR NOT NULL,
    hardware      VARCHAR,
    modality      VARCHAR,
    severity      DOUBLE,
    claim_a       VARCHAR NOT NULL,
    claim_b       VARCHAR NOT NULL,
    value_a       DOUBLE,
    value_b       DOUBLE,
    publisher_a   VARCHAR,
    publisher_b   VARCHAR,
    url_a         VARCHAR,
    url_b         VARCHAR,
    quote_a       VARCHAR,
    quote_b       VARCHAR,
    delivered_at  TIMESTAMPTZ,
    delivery_error VARCHAR
);
COMMENT ON TABLE announcements IS 'Each contradiction once, when a run first found it: the entries of the Atom feed and of the webhook.';
COMMENT ON COLUMN announcements.conflict_id IS 'The contradiction''s conflict_id (md5 of its two claim ids), as in the contradictions view.';
COMMENT ON COLUMN announcements.run_id IS 'The run that found it (runs.run_id).';
COMMENT ON COLUMN announcements.announced_at IS 'When the run found it (UTC).';
COMMENT ON COLUMN announcements.subject IS 'What the two claims are about, as found.';
COMMENT ON COLUMN announcements.attribute IS 'gpu_count, power, compute, build_time, online_date, cost, water or location.';
COMMENT ON COLUMN announcements.hardware IS 'Accelerator model both claims name, if any.';
COMMENT ON COLUMN announcements.modality IS 'actual or planned: the firm modality both claims share.';
COMMENT ON COLUMN announcements.severity IS 'Relative gap between the two values when found.';
COMMENT ON COLUMN announcements.claim_a IS 'claim_id of the first claim (the smaller id).';
COMMENT ON COLUMN announcements.claim_b IS 'claim_id of the second claim.';
COMMENT ON COLUMN announcements.value_a IS 'Value of claim_a, in the attribute''s unit.';
COMMENT ON COLUMN announcements.value_b IS 'Value of claim_b, in the attribute''s unit.';
COMMENT ON COLUMN announcements.publisher_a IS 'Publisher of claim_a''s article.';
COMMENT ON COLUMN announcements.publisher_b IS 'Publisher of claim_b''s article.';
COMMENT ON COLUMN announcements.url_a IS 'URL of claim_a''s article.';
COMMENT ON COLUMN announcements.url_b IS 'URL of claim_b''s article.';
COMMENT ON COLUMN announcements.quote_a IS 'The exact sentence of claim_a.';
COMMENT ON COLUMN announcements.quote_b IS 'The exact sentence of claim_b.';
COMMENT ON COLUMN announcements.delivered_at IS 'When the webhook accepted it; NULL while not delivered (retried by the next run) or when no webhook is set.';
COMMENT ON COLUMN announcements.delivery_error IS 'Why the last webhook delivery failed, if it did.';
