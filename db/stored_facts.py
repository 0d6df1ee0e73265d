"""The fact-checking views' stored tables (stored_claim_facts, conflict_pairs, stored_facts_state):
writers say what they changed, and the tables are brought up to date just before the
transaction commits, so a reader never sees them stale.

DuckDB has no triggers and no incrementally maintained views, hence this module: a write
touches articles, aliases, entities or settings; at commit the claims that derive from them are
recomputed from the claim_facts_to_store view, and the pairs of every (family, attribute) group
those claims were or are in are paired again with the conflicts_among macro (both in db/views.sql).
The rules themselves live only in SQL."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import duckdb

from db import stored_disputes
from db.connection import before_commit

# Past this many touched articles (a whole re-extraction, a large reference import) recomputing
# both tables from scratch is cheaper than finding and replacing the rows one by one.
FULL_REFRESH_ARTICLES = 2000

# Rows a refresh appends land at the end of stored_claim_facts, out of the order that keeps one
# subject's rows together; past this share of the table it is written in order again (seconds at
# a million claims, once per hundred thousand new claims).
UNORDERED_SHARE = 0.1

_WINDOW = "check_window_days()"

# A short list is tested value by value right in the table scan, which then reads only the
# matching rows; a long one through a hash join, which costs a scan of every row but not one
# comparison per value and row.
_SHORT_LIST = 64


def _in(column: str, values: list, sql_type: str = "VARCHAR") -> str:
    """A condition that COLUMN is one of VALUES (passed as one parameter)."""
    if len(values) <= _SHORT_LIST:
        return f"{column} = ANY(?::{sql_type}[])"
    return f"{column} IN (SELECT unnest(?::{sql_type}[]))"


@dataclass
class _Touched:
    """What one transaction changed that the derived tables depend on."""

    con: duckdb.DuckDBPyConnection
    articles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    everything: bool = False

    def flush(self) -> None:
        """Bring the tables up to date (called by db.connection just before COMMIT)."""
        refresh(self.con, self)


def touch(con: duckdb.DuckDBPyConnection, *, articles: Iterable[str] = (), aliases: Iterable[str] = (),
          entities: Iterable[str] = (), settings: bool = False, everything: bool = False) -> None:
    """Record, inside the open transaction, that these inputs of the contradiction check changed.

    articles: their claims, their article row or their page's copy links; aliases (lower-cased)
    and entities: what claims resolve to; settings: the window or a tolerance (a refresh always
    compares them with those conflict_pairs was computed with, so this only asks for one)."""
    articles, aliases, entities = list(articles), list(aliases), list(entities)
    if not (articles or aliases or entities or settings or everything):
        return
    touched = before_commit(con, "stored_facts", lambda: _Touched(con))
    touched.articles.update(articles)
    touched.aliases.update(a.lower() for a in aliases)
    touched.entities.update(entities)
    touched.everything |= everything


def refresh(con: duckdb.DuckDBPyConnection, touched: _Touched) -> None:
    """Recompute the rows of stored_claim_facts and conflict_pairs that TOUCHED can have changed."""
    if touched.everything or len(touched.articles) > FULL_REFRESH_ARTICLES:
        rebuild(con)
        return
    groups, appended = _refresh_claims(con, touched)
    if not con.execute("SELECT conflict_pairs_current()").fetchone()[0]:
        # settings changed (here or by an UPDATE outside infratrack): every pair depends on the
        # window and the tolerances, and pairs of other settings must not stay beside fresh ones
        _rebuild_pairs(con)
    elif groups:
        con.execute("DELETE FROM conflict_pairs WHERE pair_group IN (SELECT unnest(?::UBIGINT[]))", [groups])
        con.execute(f"INSERT INTO conflict_pairs SELECT * FROM conflicts_among({_WINDOW}, ?::UBIGINT[]) "
                    "ORDER BY pair_group, claim_a, claim_b", [groups])
        stored_disputes.refresh(con, groups)
    else:
        return
    unordered, rows = con.execute(
        "SELECT (SELECT unordered_rows FROM stored_facts_state) + ?, (SELECT count(*) FROM stored_claim_facts)",
        [appended]).fetchone()
    if unordered > UNORDERED_SHARE * rows:
        _rebuild_claims(con)
        unordered = 0
    _record_state(con, unordered)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute both tables from the base tables."""
    _rebuild_claims(con)
    _rebuild_pairs(con)
    _record_state(con, 0)


def _rebuild_claims(con: duckdb.DuckDBPyConnection) -> None:
    # one family's and one subject's rows together: a read of one subject decompresses a few blocks
    con.execute("DELETE FROM stored_claim_facts")
    con.execute("INSERT INTO stored_claim_facts SELECT * FROM claim_facts_to_store "
                "ORDER BY family_key, subject_key, attribute, claim_id")


def _rebuild_pairs(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM conflict_pairs")
    # in pair group order: the Disputes page reads a dispute's pairs by their group (migration 019)
    con.execute(f"INSERT INTO conflict_pairs SELECT * FROM conflicts_among({_WINDOW}, NULL) "
                "ORDER BY pair_group, claim_a, claim_b")
    stored_disputes.rebuild(con)


def _record_state(con: duckdb.DuckDBPyConnection, unordered_rows: int) -> None:
    con.execute("DELETE FROM stored_facts_state")
    con.execute("INSERT INTO stored_facts_state VALUES (settings_fingerprint(), ?, ?)",
                [datetime.now(timezone.utc), unordered_rows])


def _refresh_claims(con: duckdb.DuckDBPyConnection, touched: _Touched) -> tuple[list[int], int]:
    """Replace the stored_claim_facts rows of every claim TOUCHED reaches; returns their pair groups,
    old and new, and how many rows were appended."""
    articles, aliases, entities = sorted(touched.articles), sorted(touched.aliases), sorted(touched.entities)
    # A claim's row derives from its article and page (publisher, date, copy links), from the
    # alias its subject names, and from the entity it resolves to (phase and parent). One
    # statement per kind of input: an OR of list tests would read every row of the table.
    named = [r[0] for r in con.execute(f"SELECT alias FROM aliases WHERE {_in('entity_id', entities)}",
                                       [entities]).fetchall()] if entities else []

    def claims_where(column: str, values: list[str]) -> set[str]:
        if not values:
            return set()
        return {r[0] for r in con.execute(f"SELECT claim_id FROM claims WHERE {_in(column, values)}", [values]).fetchall()}

    in_articles = claims_where("article_id", articles)
    # claims of other articles reached through a name or an entity
    by_name = (claims_where("lower(subject)", sorted(set(aliases) | set(named))) | claims_where("entity_id", entities)) - in_articles
    groups = set()
    # the rows of a touched article's claims, deleted with it or not, are found by article; others by claim
    for column, values in (("article_id", articles), ("claim_id", sorted(by_name))):
        if values:
            groups.update(r[0] for r in con.execute(
                f"DELETE FROM stored_claim_facts WHERE {_in(column, values)} RETURNING pair_group", [values]).fetchall())
    claim_ids = sorted(in_articles | by_name)
    appended = []
    if claim_ids:
        appended = con.execute(
            f"INSERT INTO stored_claim_facts SELECT * FROM claim_facts_to_store WHERE {_in('claim_id', claim_ids)} "
            "RETURNING pair_group", [claim_ids]).fetchall()
        groups.update(r[0] for r in appended)
    return sorted(groups), len(appended)
