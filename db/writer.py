"""Every write to the database: idempotent upserts keyed on stable ids, each in one transaction."""
from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import duckdb

from db import page_bodies, search, stored_facts
from db.bulk import execute_rows
from db.connection import rollback_if_open, transaction
from db.copies import CopyIndex, bands
from db.keys import content_hash, stable_id
from db.records import (
    ArticleRecord,
    ClaimRecord,
    EntityRecord,
    FetchRecord,
    PageRecord,
    SavedPage,
    SourceRecord,
    StoredPage,
)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def source_id(kind: str, url: str) -> str:
    """Stable id of a source."""
    return stable_id("source", kind, url)


def page_id(url: str) -> str:
    """Stable id of a page (and of the article extracted from it)."""
    return stable_id("page", url)


def upsert_sources(con: duckdb.DuckDBPyConnection, sources: Iterable[SourceRecord]) -> list[str]:
    """Insert or update sources, keeping their conditional-GET validators; returns their ids."""
    rows: dict[str, tuple] = {}
    ids = []
    for s in sources:
        sid = s.source_id or source_id(s.kind, s.url)
        # a source listed twice ends as its last listing says, as one upsert per listing would leave it
        rows.pop(sid, None)
        rows[sid] = (sid, s.name, s.kind, s.url, s.lang, list(s.keywords) if s.keywords else None, s.enabled)
        ids.append(sid)
    with transaction(con):
        execute_rows(con, """INSERT INTO sources (source_id, name, kind, url, lang, keywords, enabled) SELECT * FROM {rows}
                             ON CONFLICT (source_id) DO UPDATE SET
                               name = excluded.name, url = excluded.url, lang = excluded.lang,
                               keywords = excluded.keywords, enabled = excluded.enabled""", list(rows.values()))
    return ids


def source_validators(con: duckdb.DuckDBPyConnection, sid: str) -> tuple[str | None, str | None]:
    """ETag and Last-Modified stored for a source."""
    row = con.execute("SELECT etag, last_modified FROM sources WHERE source_id = ?", [sid]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def sitemap_validators(con: duckdb.DuckDBPyConnection, url: str) -> tuple[str | None, str | None]:
    """ETag and Last-Modified stored for a sitemap listed by an index or a robots.txt."""
    row = con.execute("SELECT etag, last_modified FROM sitemap_validators WHERE url = ?", [url]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def save_sitemap_validators(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, str | None, str | None]]) -> None:
    """Keep (url, etag, last_modified) of listed sitemaps for their next conditional GET."""
    now = _now()
    # a few per run (one per listed sitemap): a statement each is cheap, and the last answer wins
    for url, etag, last_modified in {r[0]: r for r in rows}.values():
        con.execute("INSERT INTO sitemap_validators VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                    "etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
                    [url, etag, last_modified, now])


def mark_source_fetched(
    con: duckdb.DuckDBPyConnection, sid: str, status: str, etag: str | None = None, last_modified: str | None = None
) -> None:
    """Record a source fetch; validators are replaced only when the server sent new ones."""
    con.execute(
        """UPDATE sources SET last_fetched_at = ?, last_status = ?,
             etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified)
           WHERE source_id = ?""",
        [_now(), status, etag, last_modified, sid],
    )


def compress_html(html: str) -> bytes:
    """The stored form of a page's HTML (callers may do this on another thread)."""
    # mtime=0: the same HTML always gives the same bytes, whichever process or day compressed it
    return gzip.compress(html.encode("utf-8", "replace"), compresslevel=6, mtime=0)


def record_fetch(con: duckdb.DuckDBPyConnection, f: FetchRecord) -> None:
    """Append one fetch attempt to the crawl log."""
    record_fetches(con, [f])


def record_fetches(con: duckdb.DuckDBPyConnection, records: Sequence[FetchRecord]) -> None:
    """Append fetch attempts to the crawl log in one statement."""
    now = _now()
    execute_rows(con, """INSERT INTO fetches (fetch_id, run_id, url, final_url, kind, outcome, http_status, reason,
                                              content_type, bytes, elapsed_ms, fetched_at) SELECT * FROM {rows}""",
                 [(uuid.uuid4().hex, f.run_id, f.url, f.final_url, f.kind, f.outcome, f.http_status, f.reason,
                   f.content_type, f.bytes, f.elapsed_ms, now) for f in records])


def page_validators(con: duckdb.DuckDBPyConnection, url: str) -> tuple[str | None, str | None] | None:
    """ETag and Last-Modified of a stored page, or None when the page was never fetched."""
    row = con.execute("SELECT etag, last_modified FROM pages WHERE url_hash = ?", [page_id(url)]).fetchone()
    return (row[0], row[1]) if row else None


def page_fingerprints(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(url_hash, url, canonical_url, text_hash, simhash) of every stored page, oldest first."""
    return con.execute("SELECT url_hash, url, canonical_url, text_hash, simhash FROM pages ORDER BY first_seen_at").fetchall()


_PAGE_COLUMNS = ("url_hash", "url", "final_url", "host", "source_id", "lang_hint", "http_status", "etag", "last_modified",
                 "content_type", "content_hash", "html_gz", "body_file", "body_offset", "body_length", "first_seen_at",
                 "fetched_at", "canonical_url", "page_kind", "text_hash", "simhash", "duplicate_of", "near_duplicate_of")
_REPLACED_ON_CHANGE = ("final_url", "http_status", "etag", "last_modified", "content_type", "content_hash", "html_gz",
                       "body_file", "body_offset", "body_length", "fetched_at", "canonical_url", "page_kind",
                       "text_hash", "simhash", "duplicate_of", "near_duplicate_of")


def _copy_candidates(con: duckdb.DuckDBPyConnection, pages: Sequence[PageRecord]) -> list[tuple]:
    """Stored pages that may be copies of PAGES, oldest first, as CopyIndex rows: the same URL as
    one's canonical URL, the same text hash, or one identical 16-bit SimHash band.

    The fingerprints stay in the table and each batch asks for its few candidates: an index of
    every page in memory made a crawl's memory grow with its length."""
    probes = [(p.canonical_url, p.text_hash, *(bands(p.simhash) if p.simhash is not None else [None] * 4))
              for p in pages]
    # one scan of the table; IN subqueries become hash joins, where OR-ed equalities in one join would not
    rows = execute_rows(con, """
        WITH b(canonical, text_hash, b0, b1, b2, b3) AS {rows}
        SELECT url_hash, url, canonical_url, text_hash, simhash, first_seen_at FROM pages p
        WHERE p.url IN (SELECT canonical FROM b) OR p.canonical_url IN (SELECT canonical FROM b)
           OR p.text_hash IN (SELECT text_hash FROM b)
           OR ((p.simhash >> 48) & 65535) IN (SELECT b0 FROM b) OR ((p.simhash >> 32) & 65535) IN (SELECT b1 FROM b)
           OR ((p.simhash >> 16) & 65535) IN (SELECT b2 FROM b) OR (p.simhash & 65535) IN (SELECT b3 FROM b)""", probes)
    return [r[:5] for r in sorted(rows, key=lambda r: r[5])]


def save_pages(con: duckdb.DuckDBPyConnection, pages: Sequence[PageRecord],
               copies: Sequence[tuple[str | None, str | None]] | None = None) -> list[SavedPage]:
    """Store fetched pages (distinct URLs) in one transaction; says for each whether it is new,
    changed or unchanged, and which stored or earlier page of PAGES it copies.

    COPIES, one (duplicate_of, near_duplicate_of) per page, replaces the look-up when the caller
    already knows them.

    Set-based, a few statements per batch: a statement per page cost the crawler more than the
    page itself."""
    if not pages:
        return []
    now = _now()
    ids = [page_id(p.url) for p in pages]
    digests = [p.content_hash or content_hash(p.html) for p in pages]
    with transaction(con):
        stored = dict(execute_rows(con, "SELECT p.url_hash, p.content_hash FROM pages p "
                                        "JOIN {rows} b(url_hash) USING (url_hash)", [(i,) for i in ids]))
        changed = [k for k, (pid, digest) in enumerate(zip(ids, digests)) if stored.get(pid) != digest]
        index = CopyIndex(_copy_candidates(con, [pages[k] for k in changed]) if changed and copies is None else [])
        saved: list[SavedPage] = [SavedPage("unchanged")] * len(pages)
        new_rows, changed_rows = [], []
        bodies = _store_bodies(con, [pages[k].html_gz or compress_html(pages[k].html) for k in changed])
        for k, body in zip(changed, bodies):
            page, pid = pages[k], ids[k]
            dup, near = copies[k] if copies is not None else index.find(pid, page.url, page.canonical_url,
                                                                           page.text_hash, page.simhash)
            index.add(pid, page.url, page.canonical_url, page.text_hash, page.simhash)
            saved[k] = SavedPage("changed" if pid in stored else "new", dup, near)
            # microsecond steps keep the batch's order, which decides which of two copies is the original
            (changed_rows if pid in stored else new_rows).append((
                pid, page.url, page.final_url, urlsplit(page.url).hostname or "", page.source_id, page.lang_hint,
                page.http_status, page.etag, page.last_modified, page.content_type, digests[k],
                *body, now + timedelta(microseconds=k), now, page.canonical_url,
                page.page_kind, page.text_hash, page.simhash, dup, near))
        insert = f"INSERT INTO pages ({', '.join(_PAGE_COLUMNS)}) SELECT * FROM {{rows}}"
        # ON CONFLICT costs an upsert's index probes: only changed pages, known to be there, need it
        execute_rows(con, insert, new_rows)
        execute_rows(con, f"{insert} ON CONFLICT (url_hash) DO UPDATE SET "
                          f"{', '.join(f'{c} = excluded.{c}' for c in _REPLACED_ON_CHANGE)}", changed_rows)
        execute_rows(con, "UPDATE pages SET fetched_at = t.now, etag = COALESCE(t.etag, pages.etag), "
                          "last_modified = COALESCE(t.last_modified, pages.last_modified) "
                          "FROM {rows} t(url_hash, now, etag, last_modified) WHERE pages.url_hash = t.url_hash",
                     [(ids[k], now, p.etag, p.last_modified) for k, p in enumerate(pages) if saved[k].status == "unchanged"])
        # copy links decide whether an article's claims are independent of others'; an article
        # stored before its page (rare) gets them now
        stored_facts.touch(con, articles=[ids[k] for k in changed])
    return saved


def _store_bodies(con: duckdb.DuckDBPyConnection, compressed: list[bytes]) -> list[tuple]:
    """(html_gz, body_file, body_offset, body_length) of each body: written to the bodies folder
    beside the database, durably, before the caller's transaction commits; inline without a file."""
    store = page_bodies.store_for(con) if compressed else None
    if store is None:
        return [(gz, None, None, None) for gz in compressed]
    return [(None, r.file, r.offset, r.length) for r in store.append(compressed)]


def save_page(con: duckdb.DuckDBPyConnection, page: PageRecord,
              copies: tuple[str | None, str | None] | None = None) -> SavedPage:
    """Store a fetched page; says whether it is new, changed or unchanged, and what it copies."""
    return save_pages(con, [page], None if copies is None else [copies])[0]


def touch_pages(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> None:
    """Conditional GETs answered 304: the stored pages are current."""
    now = _now()
    execute_rows(con, "UPDATE pages SET fetched_at = t.now FROM {rows} t(url_hash, now) "
                      "WHERE pages.url_hash = t.url_hash", [(page_id(u), now) for u in urls])


def pages_to_extract(con: duckdb.DuckDBPyConnection, everything: bool = False) -> Iterator[StoredPage]:
    """Pages whose current content has not been extracted yet (or all of them)."""
    # only articles: consent walls and paywall teasers are kept as pages but never extracted
    where = "WHERE page_kind = 'article'" + ("" if everything else
                                             " AND (extracted_hash IS NULL OR extracted_hash <> content_hash)")
    ids = [r[0] for r in con.execute(f"SELECT url_hash FROM pages {where} ORDER BY url").fetchall()]
    store = page_bodies.store_for(con)
    for pid in ids:
        row = con.execute(
            "SELECT url_hash, url, final_url, lang_hint, content_hash, html_gz, body_file, body_offset, body_length "
            "FROM pages WHERE url_hash = ?", [pid]
        ).fetchone()
        if row:
            ref = page_bodies.BodyRef(*row[6:]) if row[6] is not None else None
            yield StoredPage(*row[:5], page_bodies.html_of(store, row[5], ref))


def note_place_point(con: duckdb.DuckDBPyConnection, place: str, lat: float, lon: float) -> None:
    """Remember where a stated place is (the first reading wins), so the check can measure distances."""
    con.execute("INSERT INTO place_points (place, lat, lon) VALUES (?, ?, ?) ON CONFLICT (place) DO NOTHING",
                [place, lat, lon])


def claim_id(article_id: str, c: ClaimRecord) -> str:
    """Stable identity of a claim: survives re-extraction as long as the text and reading agree."""
    return stable_id(article_id, c.attribute, c.hardware, c.value, c.low, c.high, c.value_text, c.quote, c.start)


def save_extraction(
    con: duckdb.DuckDBPyConnection,
    article: ArticleRecord | None,
    claims: Sequence[ClaimRecord],
    page_url_hash: str | None = None,
    page_content_hash: str | None = None,
    entities: Sequence[EntityRecord] = (),
) -> int:
    """Replace an article and all its claims in one transaction; returns the number of claims stored.

    article None means the page held no article (consent wall, empty): old rows are removed and the
    page is marked as extracted so it is not retried until it changes.
    """
    with transaction(con):
        for e in entities:
            _upsert_entity(con, e)
        stored_facts.touch(con, articles=[a for a in (article and article.article_id, page_url_hash) if a])
        search.touch(con, [a for a in (article and article.article_id, page_url_hash) if a])
        if article is not None:
            aid = article.article_id
            con.execute("DELETE FROM claims WHERE article_id = ?", [aid])
            con.execute(
                """INSERT INTO articles (article_id, url, canonical_url, title, publisher, author, published_at,
                                         lang, text, content_hash, extractor_version, extracted_at, origin)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id) DO UPDATE SET
                     url = excluded.url, canonical_url = excluded.canonical_url, title = excluded.title,
                     publisher = excluded.publisher, author = excluded.author,
                     published_at = excluded.published_at, lang = excluded.lang, text = excluded.text,
                     content_hash = excluded.content_hash, extractor_version = excluded.extractor_version,
                     extracted_at = excluded.extracted_at, origin = excluded.origin""",
                [aid, article.url, article.canonical_url, article.title, article.publisher, article.author,
                 article.published_at, article.lang, article.text, article.content_hash,
                 article.extractor_version, _now(), article.origin],
            )
            seen = set()
            for c in claims:
                cid = claim_id(aid, c)
                if cid in seen:
                    continue
                seen.add(cid)
                con.execute(
                    """INSERT INTO claims (claim_id, article_id, subject, entity_id, attribute, hardware, value, low,
                                           high, value_text, unit, modality, as_of, speaker, lang, quote,
                                           start_offset, end_offset, extractor_version, date_low, date_high,
                                           entity_kind, entity_parent, lat, lon)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [cid, aid, c.subject, c.entity_id, c.attribute, c.hardware, c.value, c.low, c.high,
                     c.value_text, c.unit, c.modality, c.as_of, c.speaker, c.lang, c.quote, c.start, c.end,
                     c.extractor_version, c.date_low, c.date_high, c.entity_kind, c.entity_parent, c.lat, c.lon],
                )
                if c.lat is not None and c.lon is not None and c.value_text:
                    note_place_point(con, c.value_text, c.lat, c.lon)
            stored = len(seen)
        else:
            stored = 0
            if page_url_hash:
                con.execute("DELETE FROM claims WHERE article_id = ?", [page_url_hash])
                con.execute("DELETE FROM articles WHERE article_id = ?", [page_url_hash])
        if page_url_hash and page_content_hash:
            con.execute("UPDATE pages SET extracted_hash = ? WHERE url_hash = ?", [page_content_hash, page_url_hash])
    return stored


def _upsert_entity(con: duckdb.DuckDBPyConnection, e: EntityRecord) -> None:
    # registry and user entries are authoritative; a discovered name never overwrites them.
    # RETURNING lists only rows inserted or really changed: what the contradiction tables must refresh.
    keep = "DO NOTHING" if e.origin == "discovered" else (
        "DO UPDATE SET name = excluded.name, kind = excluded.kind, parent = excluded.parent, origin = excluded.origin "
        "WHERE (entities.name, entities.kind, entities.parent, entities.origin) IS DISTINCT FROM "
        "(excluded.name, excluded.kind, excluded.parent, excluded.origin)")
    changed = con.execute(f"INSERT INTO entities (entity_id, name, kind, parent, origin) VALUES (?, ?, ?, ?, ?) "
                          f"ON CONFLICT (entity_id) {keep} RETURNING entity_id",
                          [e.entity_id, e.name, e.kind, e.parent, e.origin]).fetchall()
    stored_facts.touch(con, entities=[r[0] for r in changed])
    names, in_context = _names(e)
    if in_context:
        dropped = con.execute("DELETE FROM aliases WHERE entity_id = ? AND alias = ANY(?::VARCHAR[]) RETURNING alias",
                              [e.entity_id, in_context]).fetchall()
        stored_facts.touch(con, aliases=[r[0] for r in dropped])
    for alias in sorted(names):
        _upsert_alias(con, alias, e.entity_id, overwrite=e.origin != "discovered")


def _names(e: EntityRecord) -> tuple[set[str], list[str]]:
    """The names E is stored under, and the names it answers to only in context."""
    names = {e.name.lower(), *(a.lower() for a in e.aliases)}
    # a name this entity answers to only in context resolves nothing on its own: an older registry
    # may have stored it, over the name of another entity ("Stargate" the programme)
    return names, sorted({a.lower() for a in e.context_aliases} - names)


def _already_stored(con: duckdb.DuckDBPyConnection, entities: Sequence[EntityRecord]) -> bool:
    """Whether loading ENTITIES one by one would leave every row as it is: the load replayed in memory
    over the stored rows (two entries sharing a name pass it back and forth and end where they began)."""
    ids = sorted({e.entity_id for e in entities})
    named = sorted({n for e in entities for group in _names(e) for n in group})
    stored_rows = {r[0]: r[1:] for r in con.execute(
        "SELECT entity_id, name, kind, parent, origin FROM entities WHERE entity_id = ANY(?::VARCHAR[])", [ids]).fetchall()}
    stored_aliases = dict(con.execute("SELECT alias, entity_id FROM aliases WHERE alias = ANY(?::VARCHAR[])",
                                      [named]).fetchall())
    rows, aliases = dict(stored_rows), dict(stored_aliases)
    for e in entities:
        overwrite = e.origin != "discovered"
        if e.entity_id not in rows or overwrite:
            rows[e.entity_id] = (e.name, e.kind, e.parent, e.origin)
        names, in_context = _names(e)
        for alias in in_context:
            if aliases.get(alias) == e.entity_id:
                del aliases[alias]
        for alias in sorted(names):
            if alias not in aliases or overwrite:
                aliases[alias] = e.entity_id
    return rows == stored_rows and aliases == stored_aliases


def _upsert_alias(con: duckdb.DuckDBPyConnection, alias: str, entity_id: str, overwrite: bool) -> None:
    keep = ("DO UPDATE SET entity_id = excluded.entity_id WHERE aliases.entity_id <> excluded.entity_id"
            if overwrite else "DO NOTHING")
    changed = con.execute(f"INSERT INTO aliases (alias, entity_id) VALUES (?, ?) ON CONFLICT (alias) {keep} RETURNING alias",
                          [alias, entity_id]).fetchall()
    stored_facts.touch(con, aliases=[r[0] for r in changed])


def upsert_entities(con: duckdb.DuckDBPyConnection, entities: Iterable[EntityRecord]) -> int:
    """Load the entity registry (and discovered or user entities) with their aliases; returns how many
    were written: 0 when the database holds them all already."""
    entities = list(entities)
    with transaction(con):
        # every run loads the whole registry, a statement per entity and per name (seconds); when
        # nothing differs, one read of the stored rows answers instead
        if _already_stored(con, entities):
            return 0
        for e in entities:
            _upsert_entity(con, e)
    return len(entities)


def add_alias(con: duckdb.DuckDBPyConnection, alias: str, entity_id: str) -> None:
    """Map a name to an entity (case-insensitive); the views group its claims with the entity's."""
    with transaction(con):
        if not con.execute("SELECT 1 FROM entities WHERE entity_id = ?", [entity_id]).fetchone():
            raise KeyError(entity_id)
        _upsert_alias(con, alias.lower(), entity_id, overwrite=True)


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: float) -> None:
    """Change a number of the contradiction check (window_days, tolerance_*); the contradictions follow."""
    with transaction(con):
        if not con.execute("UPDATE settings SET value = ? WHERE key = ? RETURNING key", [value, key]).fetchall():
            raise KeyError(key)
        stored_facts.touch(con, settings=True)


def start_run(con: duckdb.DuckDBPyConnection, command: str, parent_run_id: str | None = None) -> str:
    """Open a run row (a stage of PARENT_RUN_ID when given) and return its id."""
    run_id = uuid.uuid4().hex
    con.execute("INSERT INTO runs (run_id, command, started_at, parent_run_id) VALUES (?, ?, ?, ?)",
                [run_id, command, _now(), parent_run_id])
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict | None = None, error: str | None = None
) -> None:
    """Close a run row with its outcome and counters."""
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, counts = ?, error = ? WHERE run_id = ?",
        [_now(), status, json.dumps(counts or {}, sort_keys=True), error, run_id],
    )


def end_stopped_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, error: str,
                    counts: dict | None = None) -> None:
    """Close the row of a run that was stopped (interrupted or failed), dropping any transaction it left open."""
    rollback_if_open(con)
    finish_run(con, run_id, status, counts, error)
