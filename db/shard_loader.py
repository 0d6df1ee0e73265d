"""Loading a backfill shard (Parquet files of pages, articles, claims and entities) into the
database: set-based statements in one transaction per shard, so a shard is in whole or not at all,
and loading it again changes nothing.

Which copy of a page wins: an archived copy replaces a stored one only when it is newer by
WARC-Date (equal dates: the larger content hash, so the outcome never depends on load order), and
never replaces a page the crawler fetched live. Articles and claims follow their page.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from db import search, writer
from db.connection import transaction
from db.copies import CopyIndex
from db.records import EntityRecord, WarcFileRecord
from db.warc_files import record_file

TABLES = ("pages", "articles", "claims", "entities")
_PAGE_COLUMNS = ("url_hash", "url", "final_url", "host", "http_status", "content_type", "content_hash", "html_gz",
                 "canonical_url", "page_kind", "text_hash", "simhash", "warc_date", "warc_file")
_ARTICLE_COLUMNS = ("article_id", "url", "canonical_url", "title", "publisher", "author", "published_at", "lang",
                    "text", "content_hash", "extractor_version")
_CLAIM_COLUMNS = ("claim_id", "article_id", "subject", "entity_id", "attribute", "hardware", "value", "low", "high",
                  "value_text", "unit", "modality", "as_of", "speaker", "lang", "quote", "start_offset", "end_offset",
                  "extractor_version", "date_low", "date_high", "entity_kind", "entity_parent", "lat", "lon")


class ShardLoader:
    """Loads shards into one open database; keeps the pages' fingerprints to find copies, as the crawler does.

    A load that fails leaves its pages in the in-memory index: the run stops on it anyway."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._copies = CopyIndex(writer.page_fingerprints(con))

    def load(self, shard: dict[str, Path], row: WarcFileRecord) -> dict[str, int]:
        """Load one shard and record its file as done, in one transaction; returns pages new and changed."""
        con = self.con
        with transaction(con):
            won = con.execute(
                """SELECT s.url_hash, s.url, s.canonical_url, s.text_hash, s.simhash, p.url_hash IS NULL AS new
                   FROM read_parquet(?) s LEFT JOIN pages p USING (url_hash)
                   WHERE p.url_hash IS NULL OR (p.warc_date IS NOT NULL AND p.content_hash <> s.content_hash AND
                         (s.warc_date > p.warc_date OR (s.warc_date = p.warc_date AND s.content_hash > p.content_hash)))
                   ORDER BY s.warc_date, s.url_hash""", [str(shard["pages"])]).fetchall()
            links = []
            for pid, url, canonical, text_hash, simhash, _ in won:  # a copy within the shard counts too
                links.append((pid, *self._copies.find(pid, url, canonical, text_hash, simhash)))
                self._copies.add(pid, url, canonical, text_hash, simhash)
            con.register("_won", pa.table({"url_hash": pa.array([r[0] for r in links], pa.string()),
                                           "duplicate_of": pa.array([r[1] for r in links], pa.string()),
                                           "near_duplicate_of": pa.array([r[2] for r in links], pa.string())}))
            try:
                self._write(shard)
                record_file(con, row)
            finally:
                con.unregister("_won")
        new = sum(1 for r in won if r[5])
        return {"pages_new": new, "pages_changed": len(won) - new}

    def _write(self, shard: dict[str, Path]) -> None:
        con = self.con
        pages, articles, claims = (str(shard[t]) for t in ("pages", "articles", "claims"))
        page_cols = ", ".join(_PAGE_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in (*_PAGE_COLUMNS[1:], "duplicate_of", "near_duplicate_of",
                                                               "fetched_at", "extracted_hash", "etag", "last_modified"))
        # an archived copy carries its body inline: a body file the page pointed at is no longer its body
        updates += ", body_file = NULL, body_offset = NULL, body_length = NULL"
        # the archive's date stands for the fetch, so two loads of the same files give the same rows
        con.execute(
            f"""INSERT INTO pages ({page_cols}, duplicate_of, near_duplicate_of, first_seen_at, fetched_at,
                                   extracted_hash, etag, last_modified)
                SELECT {', '.join('s.' + c for c in _PAGE_COLUMNS)}, w.duplicate_of, w.near_duplicate_of,
                       s.warc_date, s.warc_date, CASE WHEN s.extracted THEN s.content_hash END, NULL, NULL
                FROM read_parquet(?) s JOIN _won w USING (url_hash)
                ON CONFLICT (url_hash) DO UPDATE SET {updates}""", [pages])
        # the same copy (same date, same bytes) in two archives, a whole file and one cut short or a
        # re-crawl: it is filed under the first archive by name, so the rows do not depend on load order
        con.execute("""UPDATE pages p SET warc_file = s.warc_file FROM read_parquet(?) s
                       WHERE p.url_hash = s.url_hash AND p.warc_date = s.warc_date AND p.content_hash = s.content_hash
                         AND s.warc_file < p.warc_file""", [pages])
        con.execute("DELETE FROM claims WHERE article_id IN (SELECT url_hash FROM _won)")
        con.execute("DELETE FROM articles WHERE article_id IN (SELECT url_hash FROM _won) "
                    "AND article_id NOT IN (SELECT article_id FROM read_parquet(?))", [articles])
        article_cols = ", ".join(_ARTICLE_COLUMNS)
        con.execute(
            f"""INSERT INTO articles ({article_cols}, extracted_at)
                SELECT {', '.join('a.' + c for c in _ARTICLE_COLUMNS)}, now()
                FROM read_parquet(?) a JOIN _won w ON a.article_id = w.url_hash
                ON CONFLICT (article_id) DO UPDATE SET
                  {', '.join(f'{c} = excluded.{c}' for c in (*_ARTICLE_COLUMNS[1:], 'extracted_at'))}""", [articles])
        # every article replaced or removed above, so the search index follows
        search.touch(con, [r[0] for r in con.execute("SELECT url_hash FROM _won").fetchall()])
        claim_cols = ", ".join(_CLAIM_COLUMNS)
        con.execute(f"""INSERT INTO claims ({claim_cols})
                        SELECT {', '.join('c.' + x for x in _CLAIM_COLUMNS)}
                        FROM read_parquet(?) c JOIN _won w ON c.article_id = w.url_hash""", [claims])
        con.execute("""INSERT INTO place_points (place, lat, lon)
                       SELECT value_text, any_value(lat), any_value(lon) FROM read_parquet(?)
                       WHERE lat IS NOT NULL AND lon IS NOT NULL AND value_text IS NOT NULL GROUP BY value_text
                       ON CONFLICT (place) DO NOTHING""", [claims])
        entities = con.execute("SELECT entity_id, name, kind, parent FROM read_parquet(?)",
                               [str(shard["entities"])]).fetchall()
        writer.upsert_entities(con, [EntityRecord(eid, name, kind, parent, "discovered") for eid, name, kind, parent in entities])
