-- Schema v3: claims are grouped by subject through the aliases table, so a name mapped to an
-- entity with `infratrack entities alias` joins that entity's claims in every view at once.

CREATE OR REPLACE VIEW claim_facts AS
SELECT c.*,
       a.publisher,
       a.url,
       a.title,
       CAST(a.published_at AS DATE) AS published_on,
       COALESCE(c.as_of, CAST(a.published_at AS DATE)) AS as_of_effective,
       COALESCE(al.entity_id, c.entity_id, lower(c.subject)) AS subject_key
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN aliases al ON al.alias = lower(c.subject);
COMMENT ON VIEW claim_facts IS 'Claims joined to their article: publisher, link, effective as_of date, and subject_key after alias resolution.';
