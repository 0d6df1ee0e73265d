"""Full-text search over articles with facets: the inverted index of migration 018, kept current on
write, and the reads the dashboard's Search page makes.

A query is words; an article matches when its title or text holds every word (in any order), a
word ending in * matching every word it begins ("hyper*" finds Hyperion). Words are compared
lower-cased and without accents, as search_words splits them. The quotes of claims are spans of
their article's text, so a matching article's claims whose quote holds every word are the quote
hits. Facets narrow the articles (publisher, language, month range) or require a claim of the
article to have them (attribute, modality, owner and country of its subject, all on one claim);
each facet's counts are taken with every other choice applied, so a choice never hides its own
alternatives.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from db.connection import before_commit
from db.reader import read_connection

# Past this share of the index, rows appended out of word order are written in order again: the
# zone maps of the ordered part find a word in a few row groups, the appended tail is scanned.
UNORDERED_SHARE = 0.1
MAX_WORDS = 8  # one scan of the index per word
FACET_VALUES = 40  # values listed per facet; a chosen value is always listed
QUOTE_HITS = 50

ARTICLE_FACETS = ("publisher", "lang")
CLAIM_FACETS = ("attribute", "modality", "owner", "country")
FACETS = ARTICLE_FACETS + CLAIM_FACETS

_INDEXED_TEXT = "COALESCE(a.title, '') || ' ' || a.text"
# The highest code point: every word that begins with a prefix sorts before prefix + this.
_AFTER = "\U0010ffff"
_WORD = re.compile(r"[^\W_]+")


# --- Keeping the index current ---------------------------------------------------------------

@dataclass
class _Pending:
    con: duckdb.DuckDBPyConnection
    articles: set[str] = field(default_factory=set)

    def flush(self) -> None:
        """Index the touched articles (called by db.connection just before COMMIT)."""
        reindex(self.con, sorted(self.articles))


def touch(con: duckdb.DuckDBPyConnection, articles: Iterable[str]) -> None:
    """Record, inside the open transaction, that these articles were written or deleted."""
    articles = [a for a in articles if a]
    if articles:
        before_commit(con, "search_index", lambda: _Pending(con)).articles.update(articles)


def reindex(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Replace the index rows of ARTICLE_IDS with the words of their current title and text."""
    if not article_ids:
        return
    known = con.execute("SELECT count(*) FROM search_docs WHERE article_id = ANY(?::VARCHAR[])",
                        [article_ids]).fetchone()[0]
    if known:
        # a full read of the doc column: worth it only when an article indexed before changed
        con.execute("""DELETE FROM search_terms WHERE doc IN
                       (SELECT doc FROM search_docs WHERE article_id = ANY(?::VARCHAR[]))""", [article_ids])
    con.execute(
        """INSERT INTO search_docs
           SELECT CAST((SELECT COALESCE(max(doc), 0) FROM search_docs) + row_number() OVER (ORDER BY id) AS INTEGER), id
           FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS id) WHERE id NOT IN (SELECT article_id FROM search_docs)""",
        [article_ids])
    appended = con.execute(
        f"""INSERT INTO search_terms
            SELECT term, doc FROM (
                SELECT d.doc, unnest(search_words({_INDEXED_TEXT})) AS term
                FROM articles a JOIN search_docs d USING (article_id)
                WHERE a.article_id = ANY(?::VARCHAR[]))
            ORDER BY term, doc""", [article_ids]).fetchone()[0]
    unordered, rows = con.execute(
        "SELECT (SELECT unordered_rows FROM search_index_state) + ?, (SELECT count(*) FROM search_terms)",
        [appended]).fetchone()
    if unordered > UNORDERED_SHARE * rows:
        _write_in_order(con)
        unordered = 0
    con.execute("UPDATE search_index_state SET unordered_rows = ?", [unordered])


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Index every article from scratch (after rows were written with SQL of one's own)."""
    con.execute("""INSERT INTO search_docs
                   SELECT CAST((SELECT COALESCE(max(doc), 0) FROM search_docs) + row_number() OVER (ORDER BY article_id)
                               AS INTEGER), article_id
                   FROM articles WHERE article_id NOT IN (SELECT article_id FROM search_docs)""")
    con.execute("DELETE FROM search_terms")
    con.execute(f"""INSERT INTO search_terms
                    SELECT term, doc FROM (
                        SELECT d.doc, unnest(search_words({_INDEXED_TEXT})) AS term
                        FROM articles a JOIN search_docs d USING (article_id))
                    ORDER BY term, doc""")
    con.execute("UPDATE search_index_state SET unordered_rows = 0")


def _write_in_order(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TEMP TABLE _search_terms_ordered AS SELECT * FROM search_terms ORDER BY term, doc")
    con.execute("DELETE FROM search_terms")
    con.execute("INSERT INTO search_terms SELECT * FROM _search_terms_ordered")
    con.execute("DROP TABLE _search_terms_ordered")


# --- Queries -----------------------------------------------------------------------------------

def normalise(word: str) -> str:
    """A word as search_words stores it: lower case, accents stripped."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Word:
    """One word of a query: TEXT matches a word equal to it, or beginning with it when PREFIX."""

    text: str
    prefix: bool = False

    def matches(self, word: str) -> bool:
        """Whether a normalised word of a text is matched."""
        return word.startswith(self.text) if self.prefix else word == self.text


def parse_query(query: str) -> tuple[Word, ...]:
    """The words of QUERY (at most MAX_WORDS, each once), normalised as the index stores words."""
    words: list[Word] = []
    for m in re.finditer(r"([^\W_]+)(\*?)", normalise(query)):
        word = Word(m.group(1), bool(m.group(2)))
        if word not in words:
            words.append(word)
    return tuple(words[:MAX_WORDS])


def match_spans(text: str, words: tuple[Word, ...]) -> list[tuple[int, int]]:
    """Where in TEXT the words of a query occur, as (start, end) character offsets."""
    if not words:
        return []
    spans = []
    for m in _WORD.finditer(text):
        # normalising can change a word's length (ligatures), never where it starts and ends
        norm = normalise(m.group())
        if any(w.matches(norm) for w in words):
            spans.append((m.start(), m.end()))
    return spans


@dataclass(frozen=True)
class SearchFilter:
    """The facet values chosen; an empty choice means every value."""

    publisher: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    attribute: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    start: date | None = None  # published on or after
    end: date | None = None  # published on or before

    def _conditions(self, names: tuple[str, ...], alias: str, skip: str | None) -> tuple[list[str], list]:
        conditions, params = [], []
        for name in names:
            values = getattr(self, name)
            if values and name != skip:
                conditions.append(f"{alias}.{name} = ANY(?::VARCHAR[])")
                params.append(list(values))
        return conditions, params

    def article_condition(self, skip: str | None = None, claims: bool = True) -> tuple[str, list]:
        """The condition on hits h for every choice but SKIP; with CLAIMS, one of h's claims must meet
        the claim-level choices."""
        conditions, params = self._conditions(ARTICLE_FACETS, "h", skip)
        if skip != "date":
            if self.start is not None:
                conditions.append("h.published_on >= ?")
                params.append(self.start)
            if self.end is not None:
                conditions.append("h.published_on <= ?")
                params.append(self.end)
        claim, claim_params = self.claim_condition(skip)
        if claims and claim != "TRUE":
            conditions.append(f"EXISTS (SELECT 1 FROM hit_claims c WHERE c.n = h.n AND {claim})")
            params += claim_params
        return " AND ".join(conditions) or "TRUE", params

    def claim_condition(self, skip: str | None = None) -> tuple[str, list]:
        """The condition on one claim c for every claim-level choice but SKIP."""
        conditions, params = self._conditions(CLAIM_FACETS, "c", skip)
        return " AND ".join(conditions) or "TRUE", params


@dataclass(frozen=True)
class SearchResult:
    """One page of matching articles, the quotes that match, and the facets' counts."""

    words: tuple[Word, ...]
    total: int  # matching articles
    articles: list[dict[str, Any]]  # the page asked for, newest first, each with its text
    quotes: list[dict[str, Any]]  # claims of matching articles whose quote holds every word
    facets: dict[str, list[tuple[str, int]]]  # per facet: (value, articles), most first
    months: list[tuple[date, int]]  # articles per month of publication


def search(path: str | Path, query: str, chosen: SearchFilter = SearchFilter(), limit: int = 20,
           offset: int = 0) -> SearchResult:
    """Articles matching QUERY and CHOSEN (all news articles for an empty query), with facets."""
    words = parse_query(query)
    with read_connection(path) as con:
        _collect_hits(con, words)
        return _read(con, words, chosen, limit, offset)


def _collect_hits(con: duckdb.DuckDBPyConnection, words: tuple[Word, ...]) -> None:
    """TEMP tables hits (matching news articles) and hit_claims (their claims with facet values)."""
    if words:
        branches, params = [], []
        for k, w in enumerate(words):
            if w.prefix:
                branches.append(f"SELECT {k} AS k, doc FROM search_terms WHERE term >= ? AND term < ?")
                params += [w.text, w.text + _AFTER]
            else:
                branches.append(f"SELECT {k} AS k, doc FROM search_terms WHERE term = ?")
                params.append(w.text)
        matched = (f"JOIN (SELECT doc FROM ({' UNION ALL '.join(branches)}) GROUP BY doc "
                   f"HAVING count(DISTINCT k) = {len(words)}) m USING (doc)")
        source = f"search_docs d {matched} JOIN articles a USING (article_id)"
    else:
        source, params = "articles a", []
    con.execute(
        f"""CREATE TEMP TABLE hits AS
            SELECT CAST(row_number() OVER () AS INTEGER) AS n, a.article_id, a.title, a.publisher,
                   COALESCE(a.lang, 'unknown') AS lang, a.published_at,
                   CAST(a.published_at AS DATE) AS published_on, a.url
            FROM {source} WHERE a.origin = 'news'""", params)
    # a subject's owner and countries looked up once per subject, not once per claim
    con.execute("""CREATE TEMP TABLE subject_facets AS
                   SELECT COALESCE(o.entity_id, s.subject_key) AS subject_key, o.owner, s.country
                   FROM entity_owners o FULL JOIN subject_countries s ON s.subject_key = o.entity_id""")
    # only what the facets need: quotes and values are read for the few claims shown; articles
    # by their number in hits, since counting distinct integers is cheaper than distinct ids
    con.execute(
        """CREATE TEMP TABLE hit_claims AS
           SELECT h.n, c.claim_id, c.attribute, c.modality, f.owner, f.country
           FROM claims c JOIN hits h USING (article_id)
           LEFT JOIN subject_facets f ON f.subject_key = COALESCE(c.entity_id, lower(c.subject))""")


def _read(con: duckdb.DuckDBPyConnection, words: tuple[Word, ...], chosen: SearchFilter, limit: int,
          offset: int) -> SearchResult:
    def rows(sql: str, params: list) -> list[tuple]:
        return con.execute(sql, params).fetchall()

    where, params = chosen.article_condition()
    total = rows(f"SELECT count(*) FROM hits h WHERE {where}", params)[0][0]
    # the page's articles are chosen from the small hits table; their text is read for those alone
    page = con.execute(
        f"""WITH shown AS (SELECT h.* FROM hits h WHERE {where}
                           ORDER BY h.published_at DESC NULLS LAST, h.title, h.article_id LIMIT ? OFFSET ?)
            SELECT s.article_id, s.title, s.publisher, s.lang, s.published_on, s.url, a.text,
                   (SELECT count(*) FROM claims c WHERE c.article_id = s.article_id) AS claims
            FROM shown s JOIN articles a USING (article_id)
            ORDER BY s.published_at DESC NULLS LAST, s.title, s.article_id""",
        [*params, limit, offset])
    columns = [d[0] for d in page.description]
    articles = [dict(zip(columns, r)) for r in page.fetchall()]

    facets = {}
    for name in ARTICLE_FACETS:
        cond, p = chosen.article_condition(skip=name)
        facets[name] = rows(f"""SELECT h.{name}, count(*) AS n FROM hits h WHERE {cond}
                                GROUP BY ALL ORDER BY n DESC, h.{name} LIMIT {FACET_VALUES}""", p)
    facets.update(_claim_facets(con, chosen))
    for name in FACETS:
        # a chosen value stays listed (with its count, maybe 0), so it can be taken back
        listed = {v for v, _ in facets[name]}
        facets[name] += [(v, 0) for v in getattr(chosen, name) if v not in listed]

    cond, p = chosen.article_condition(skip="date")
    months = rows(f"""SELECT CAST(date_trunc('month', h.published_on) AS DATE) AS month, count(*)
                      FROM hits h WHERE h.published_on IS NOT NULL AND {cond} GROUP BY 1 ORDER BY 1""", p)

    quotes = []
    if words:
        claim_cond, cp = chosen.claim_condition()
        tests, test_params = [], []
        for w in words:
            # a plain substring test first: the word test splits a quote, the dearer step
            tests.append("contains(strip_accents(lower(q.quote)), ?)")
            test_params.append(w.text)
        for w in words:
            if w.prefix:
                tests.append("len(list_filter(search_words(q.quote), lambda x: starts_with(x, ?))) > 0")
            else:
                tests.append("list_contains(search_words(q.quote), ?)")
            test_params.append(w.text)
        cur = con.execute(
            f"""SELECT q.claim_id, q.article_id, q.subject, q.attribute, q.modality, q.value, q.value_text, q.quote,
                       h.title, h.publisher, h.published_on
                FROM hit_claims c JOIN claims q USING (claim_id) JOIN hits h ON h.n = c.n
                WHERE {where} AND {claim_cond} AND {' AND '.join(tests)}
                ORDER BY h.published_at DESC NULLS LAST, q.article_id, q.claim_id LIMIT {QUOTE_HITS}""",
            [*params, *cp, *test_params])
        columns = [d[0] for d in cur.description]
        quotes = [dict(zip(columns, r)) for r in cur.fetchall()]
    return SearchResult(words, total, articles, quotes, facets, months)


def _claim_facets(con: duckdb.DuckDBPyConnection, chosen: SearchFilter) -> dict[str, list[tuple[str, int]]]:
    """Per claim-level facet, (value, articles) with the article choices and the other claim choices applied."""
    cond, params = chosen.article_condition(claims=False)
    # hit_claims holds the claims of the hits only: the hits are joined only when an article choice narrows them
    source = "hit_claims c" if cond == "TRUE" else "hit_claims c JOIN hits h USING (n)"
    facets = {}
    for name in CLAIM_FACETS:
        # the other claim choices hold on the same claim
        claim_cond, cp = chosen.claim_condition(skip=name)
        facets[name] = con.execute(
            f"""SELECT c.{name}, count(DISTINCT c.n) AS articles FROM {source}
                WHERE c.{name} IS NOT NULL AND {claim_cond} AND {cond}
                GROUP BY ALL ORDER BY articles DESC, c.{name} LIMIT {FACET_VALUES}""", [*cp, *params]).fetchall()
    return facets
