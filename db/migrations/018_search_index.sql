-- Schema v18: full-text search over articles (titles, text, and so the claims' quotes, which are
-- spans of the text). DuckDB's fts extension cannot be installed offline, and a scan of every
-- text with ILIKE takes 0.5-0.65 s at 100,000 articles of 3 KB on a fresh connection before any
-- facet is counted (benchmarks/README.md, Search). So an inverted index: one row per distinct
-- word of an article, kept in word order, where a word is found by DuckDB's zone maps in a few
-- milliseconds (23 ms at 100,000 articles, 42 million rows). db/search.py keeps it current on
-- every write of an article and says how a query is matched.

-- The words of a text as the index holds them: lower case, accents stripped (so "energie" finds
-- "énergie"), split on anything that is not a letter or a digit, each once.
CREATE MACRO search_words(s) AS
    list_distinct(list_filter(regexp_split_to_array(strip_accents(lower(COALESCE(s, ''))), '[^\p{L}\p{N}]+'),
                              lambda w: w <> ''));

CREATE TABLE search_docs (
    doc        INTEGER NOT NULL,
    article_id VARCHAR NOT NULL
);
COMMENT ON TABLE search_docs IS 'A small number per article for the search index (a 32-character article id per word would triple its size); numbers are never reused.';
COMMENT ON COLUMN search_docs.doc IS 'Number of the article in search_terms.';
COMMENT ON COLUMN search_docs.article_id IS 'The article.';

CREATE TABLE search_terms (
    term VARCHAR NOT NULL,
    doc  INTEGER NOT NULL
);
COMMENT ON TABLE search_terms IS 'Inverted index of article titles and texts: one row per distinct word of an article (search_words), kept mostly in word order so a lookup reads a few row groups.';
COMMENT ON COLUMN search_terms.term IS 'A word, lower-cased and without accents.';
COMMENT ON COLUMN search_terms.doc IS 'search_docs.doc of an article containing it.';

CREATE TABLE search_index_state (
    unordered_rows BIGINT NOT NULL
);
COMMENT ON TABLE search_index_state IS 'One row: how many rows of search_terms were appended out of word order since it was last written in order.';
COMMENT ON COLUMN search_index_state.unordered_rows IS 'Rows appended since the last rewrite in order.';

INSERT INTO search_docs SELECT CAST(row_number() OVER (ORDER BY article_id) AS INTEGER), article_id FROM articles;
INSERT INTO search_terms
SELECT term, doc FROM (
    SELECT d.doc, unnest(search_words(COALESCE(a.title, '') || ' ' || a.text)) AS term
    FROM articles a JOIN search_docs d USING (article_id))
ORDER BY term, doc;
INSERT INTO search_index_state VALUES (0);

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

-- Watches: a reader follows one subject (and, optionally, one attribute of it) through its own
-- Atom feed and webhook posts (infratrack/announce.py). Added with `infratrack watch add` or
-- listed in the configuration file (origin 'config', kept in step with the file at each run).
CREATE TABLE watches (
    watch_id   VARCHAR PRIMARY KEY,
    entity_id  VARCHAR NOT NULL,
    attribute  VARCHAR,
    origin     VARCHAR NOT NULL DEFAULT 'cli',
    created_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE watches IS 'Subjects followed through their own feed and webhook posts: an entity (with its parts: sites, phases) and optionally one attribute.';
COMMENT ON COLUMN watches.watch_id IS 'entity_id, or entity_id.attribute: also names the watch''s feed file.';
COMMENT ON COLUMN watches.entity_id IS 'The entity followed; contradictions about it or any entity below it (its sites, phases) match.';
COMMENT ON COLUMN watches.attribute IS 'Only contradictions of this attribute; NULL = every attribute.';
COMMENT ON COLUMN watches.origin IS 'cli (infratrack watch add) or config (the configuration file).';
COMMENT ON COLUMN watches.created_at IS 'When the watch was added: the webhook gets the contradictions announced from then on.';

CREATE TABLE watch_deliveries (
    watch_id     VARCHAR NOT NULL,
    conflict_id  VARCHAR NOT NULL,
    delivered_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE watch_deliveries IS 'Which announced contradictions the webhook accepted for each watch; the others are posted again by the next run.';
COMMENT ON COLUMN watch_deliveries.watch_id IS 'The watch.';
COMMENT ON COLUMN watch_deliveries.conflict_id IS 'announcements.conflict_id of a contradiction posted for it.';
COMMENT ON COLUMN watch_deliveries.delivered_at IS 'When the webhook accepted it.';
