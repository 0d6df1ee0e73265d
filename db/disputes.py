"""Reads behind the Disputes, Entities and Overview pages: contradictions grouped by claim, one
subject's claims in time with their consensus band, single claims, entities' families and attention."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.reader import ContradictionFilter, ContradictionSummary, contradiction_summary, queries, query, read_connection

# The columns of one side of a pair, without the side's suffix, as a claim reads them.
_SIDE_COLUMNS = ("claim", "value", "quote", "publisher", "url", "as_of", "text", "level", "article", "title",
                 "verdict", "verdict_note")
# What belongs to the pair rather than to either claim.
_PAIR_COLUMNS = ("conflict_id", "severity", "kind", "gap_pct", "tolerance_pct", "why", "days_apart", "status",
                 "settled_by", "correct_value", "note", "modality", "level_a", "level_b")


@dataclass(frozen=True)
class Dispute:
    """One claim and every claim that contradicts it: a figure at odds with several sources is one dispute."""

    claim: dict[str, Any]  # the claim the dispute is about (claim_id, value, quote, publisher, url, as_of ...)
    subject_key: str
    subject: str
    attribute: str
    hardware: str | None
    rivals: list[dict[str, Any]] = field(default_factory=list)  # each rival claim with its pair's columns
    pairs: int = 0  # every rival, when only the most severe were read (0: as many as listed)

    @property
    def rival_count(self) -> int:
        """How many claims contradict it, listed or not."""
        return max(self.pairs, len(self.rivals))

    @property
    def more_rivals(self) -> int:
        """How many rivals were left out of the list (the least severe)."""
        return self.rival_count - len(self.rivals)

    @property
    def dispute_id(self) -> str:
        """The permalink id: the id of the claim the dispute is about."""
        return self.claim["claim_id"]

    @property
    def severity(self) -> float:
        """The largest severity among its pairs."""
        return max((r["severity"] or 0.0 for r in self.rivals), default=0.0)


# Every pair with both claims' article, title and claim verdict; the focal claim of each pair is the
# side with more rivals among the pairs chosen (ties: the smaller claim id), so that a figure
# contradicting several sources gathers all its pairs and each of those sources shows once.
_PAIRS = """
WITH p AS (SELECT * FROM contradictions WHERE {condition}),
ends AS (SELECT claim_a AS claim_id FROM p UNION ALL SELECT claim_b FROM p),
degree AS (SELECT claim_id, count(*) AS rivals FROM ends GROUP BY claim_id),
assigned AS (
    SELECT p.*, CASE WHEN {focal_rule} THEN p.claim_a ELSE p.claim_b END AS focal
    FROM p JOIN degree da ON da.claim_id = p.claim_a JOIN degree db ON db.claim_id = p.claim_b),
groups AS (
    SELECT focal, max(COALESCE(severity, 0)) AS group_severity, count(*) AS pairs,
           max(greatest(as_of_a, as_of_b)) AS newest,
           max(CASE WHEN status IN ('open', 'confirmed') THEN 1 ELSE 0 END) AS unsettled
    FROM assigned GROUP BY focal)"""

_PAGE = _PAIRS + """,
shown AS (SELECT * FROM groups ORDER BY {order} LIMIT ? OFFSET ?)
SELECT a.*, s.group_severity, s.pairs, s.newest,
       (SELECT count(*) FROM groups) AS total_disputes, (SELECT sum(pairs) FROM groups) AS total_pairs,
       ca.article_id AS article_a, cb.article_id AS article_b, aa.title AS title_a, ab.title AS title_b,
       va.verdict AS verdict_a, vb.verdict AS verdict_b, va.note AS verdict_note_a, vb.note AS verdict_note_b
FROM assigned a JOIN shown s USING (focal)
LEFT JOIN claims ca ON ca.claim_id = a.claim_a LEFT JOIN claims cb ON cb.claim_id = a.claim_b
LEFT JOIN articles aa ON aa.article_id = ca.article_id LEFT JOIN articles ab ON ab.article_id = cb.article_id
LEFT JOIN claim_verdicts va ON va.claim_id = a.claim_a LEFT JOIN claim_verdicts vb ON vb.claim_id = a.claim_b
ORDER BY {outer_order}, a.focal, a.severity DESC NULLS LAST, a.conflict_id"""

_MORE_RIVALS = "da.rivals > db.rivals OR (da.rivals = db.rivals AND p.claim_a <= p.claim_b)"

ORDERS = {
    # most severe first; among equals the figure with more rivals
    "severity": ("group_severity DESC, pairs DESC, focal", "s.group_severity DESC, s.pairs DESC"),
    # what changed: the dispute whose newest claim is newest first
    "newest": ("newest DESC NULLS LAST, group_severity DESC, focal", "s.newest DESC NULLS LAST, s.group_severity DESC"),
}


def _side(row: dict[str, Any], side: str) -> dict[str, Any]:
    claim = {name: row.get(f"{name}_{side}") for name in _SIDE_COLUMNS}
    claim["claim_id"] = claim.pop("claim")
    claim["article_id"] = claim.pop("article")
    claim["modality"] = row["modality"]
    return claim


def group_disputes(rows: list[dict[str, Any]], rivals: int | None = None) -> list[Dispute]:
    """Pairs (contradictions rows with a focal column) folded into disputes, in the order the rows come;
    with RIVALS, the first RIVALS pairs of each dispute only."""
    disputes: dict[str, Dispute] = {}
    for row in rows:
        focal_side, rival_side = ("a", "b") if row["focal"] == row["claim_a"] else ("b", "a")
        dispute = disputes.get(row["focal"])
        if dispute is None:
            dispute = disputes[row["focal"]] = Dispute(
                claim=_side(row, focal_side), subject_key=row["subject_key"], subject=row["subject"],
                attribute=row["attribute"], hardware=row["hardware"], pairs=int(row.get("pairs") or 0))
        if rivals is not None and len(dispute.rivals) >= rivals:
            continue
        rival = _side(row, rival_side)
        rival.update({name: row.get(name) for name in _PAIR_COLUMNS})
        # the pair's claims as the view orders them, for the triage store's keys
        rival["claim_a"], rival["claim_b"] = row["claim_a"], row["claim_b"]
        rival["level"] = row.get(f"level_{rival_side}")
        dispute.rivals.append(rival)
    return list(disputes.values())


def dispute_page(path: str | Path, chosen: ContradictionFilter, limit: int, offset: int = 0,
                 order: str = "severity", rivals: int | None = None) -> tuple[int, int, list[Dispute]]:
    """How many disputes and pairs match CHOSEN, and LIMIT disputes from OFFSET in ORDER (severity or
    newest), each with its RIVALS most severe rivals (all when None)."""
    with read_connection(path) as con:
        if stored_disputes_apply(con, chosen):
            return _stored_page(con, chosen, limit, offset, order, rivals)
        return _computed_page(con, chosen, limit, offset, order, rivals)


def _records(con: Any, sql: str, params: list) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, r)) for r in cur.fetchall()]


def _computed_page(con: Any, chosen: ContradictionFilter, limit: int, offset: int, order: str,
                   rivals: int | None) -> tuple[int, int, list[Dispute]]:
    """dispute_page grouping every chosen pair of the contradictions view now."""
    condition, params = chosen.condition()
    group_order, outer_order = ORDERS[order]
    # the page and the totals in one statement: each reading of the contradictions view costs the most
    rows = _records(con, _PAGE.format(condition=condition, focal_rule=_MORE_RIVALS, order=group_order,
                                      outer_order=outer_order), [*params, limit, offset])
    if rows:
        return rows[0]["total_disputes"], int(rows[0]["total_pairs"]), group_disputes(rows, rivals)
    # past the last page (or nothing matches): the totals alone
    (disputes, pairs), = con.execute(_PAIRS.format(condition=condition, focal_rule=_MORE_RIVALS)
                                     + " SELECT count(*), COALESCE(sum(pairs), 0) FROM groups", params).fetchall()
    return disputes, int(pairs), []


def _stored_current(con: Any) -> bool:
    # conflict_pairs, and so the tables of migration 019, hold the pairs of the current settings
    return bool(con.execute("SELECT conflict_pairs_current()").fetchone()[0])


def stored_disputes_apply(con: Any, chosen: ContradictionFilter) -> bool:
    """Whether CHOSEN can be answered from stored_disputes: it picks whole pair groups (by attribute
    and verdict) rather than single pairs, and the stored tables hold the current settings' pairs."""
    if chosen.subjects or chosen.min_severity > 0 or chosen.start is not None or chosen.end is not None:
        return False
    return _stored_current(con)


# The verdict columns of the contradictions view (contradictions_within, db/views.sql) for pairs read straight from
# conflict_pairs p, so that only the pair groups needed are read. test_dashboard_disputes checks
# that both give the same disputes.
_JUDGED = """
SELECT p.* EXCLUDE (pair_group), p.pair_group,
       CASE WHEN t.status IS NOT NULL THEN 'pair' WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'claim' END AS settled_by,
       COALESCE(t.status, CASE WHEN va.verdict IS NOT NULL OR vb.verdict IS NOT NULL THEN 'resolved' END, 'open') AS status,
       COALESCE(t.correct_value, CASE WHEN va.verdict = 'right' THEN p.value_a WHEN vb.verdict = 'right' THEN p.value_b END) AS correct_value,
       COALESCE(t.note, nullif(concat_ws('; ', CASE WHEN va.verdict IS NOT NULL THEN 'A judged ' || va.verdict || COALESCE(': ' || va.note, '') END,
                                               CASE WHEN vb.verdict IS NOT NULL THEN 'B judged ' || vb.verdict || COALESCE(': ' || vb.note, '') END), '')) AS note
FROM conflict_pairs p
LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
LEFT JOIN claim_verdicts va ON va.claim_id = p.claim_a
LEFT JOIN claim_verdicts vb ON vb.claim_id = p.claim_b
WHERE p.pair_group IN (SELECT pair_group FROM {groups})"""

# The pairs of some pair groups that CHOSEN keeps, each given to its focal claim as _PAIRS does:
# a claim's pairs all lie in its group, so its rivals counted within the group are all of them.
_GROUPED = """
p AS (SELECT * FROM ({judged}) WHERE {condition}),
ends AS (SELECT claim_a AS claim_id FROM p UNION ALL SELECT claim_b FROM p),
degree AS (SELECT claim_id, count(*) AS rivals FROM ends GROUP BY claim_id),
assigned AS (
    SELECT p.*, CASE WHEN {focal_rule} THEN p.claim_a ELSE p.claim_b END AS focal
    FROM p JOIN degree da ON da.claim_id = p.claim_a JOIN degree db ON db.claim_id = p.claim_b)"""

# Every dispute: the stored ones of the groups no verdict touches (their pairs are all open), and
# those of the touched groups grouped now under the verdicts.
_STORED_GROUPS = """
WITH judged_claims AS (SELECT claim_a AS claim_id FROM triage UNION SELECT claim_b FROM triage
                       UNION SELECT claim_id FROM claim_verdicts),
touched AS (SELECT DISTINCT pair_group FROM claim_rivals WHERE claim_id IN (SELECT claim_id FROM judged_claims)),
{grouped},
all_groups AS (
    SELECT pair_group, focal, group_severity, pairs, newest FROM stored_disputes
    WHERE ? AND {attribute_condition} AND pair_group NOT IN (SELECT pair_group FROM touched)
    UNION ALL
    SELECT pair_group, focal, max(COALESCE(severity, 0)), count(*), max(greatest(as_of_a, as_of_b))
    FROM assigned GROUP BY pair_group, focal)"""


def _stored_page(con: Any, chosen: ContradictionFilter, limit: int, offset: int, order: str,
                 rivals: int | None) -> tuple[int, int, list[Dispute]]:
    """dispute_page from stored_disputes: only the groups verdicts touch, and the page's, are grouped now."""
    condition, params = chosen.condition()
    attribute_condition, attribute_params = "TRUE", []
    if chosen.attributes:
        attribute_condition, attribute_params = "attribute = ANY(?::VARCHAR[])", [list(chosen.attributes)]
    group_order, _ = ORDERS[order]
    # the groups no verdict touches hold open pairs only
    untouched = not chosen.statuses or "open" in chosen.statuses
    groups_sql = _STORED_GROUPS.format(
        grouped=_GROUPED.format(judged=_JUDGED.format(groups="touched"), condition=condition, focal_rule=_MORE_RIVALS),
        attribute_condition=attribute_condition)
    shown = _records(con, groups_sql + f"""
        SELECT *, count(*) OVER () AS total_disputes, sum(pairs) OVER () AS total_pairs
        FROM all_groups ORDER BY {group_order} LIMIT ? OFFSET ?""",
        [*params, untouched, *attribute_params, limit, offset])
    if not shown:
        (disputes, pairs), = con.execute(groups_sql + " SELECT count(*), COALESCE(sum(pairs), 0) FROM all_groups",
                                         [*params, untouched, *attribute_params]).fetchall()
        return disputes, int(pairs), []
    rows = _records(con, "WITH page_groups AS (SELECT unnest(?::UBIGINT[]) AS pair_group), " + _GROUPED.format(
        judged=_JUDGED.format(groups="page_groups"), condition=condition, focal_rule=_MORE_RIVALS) + """,
        -- the page's disputes, each with its most severe pairs only: titles are looked up for those alone
        listed AS (
            SELECT * FROM assigned WHERE focal = ANY(?::VARCHAR[])
            QUALIFY ? IS NULL OR row_number() OVER (PARTITION BY focal ORDER BY severity DESC NULLS LAST, conflict_id) <= ?)
        SELECT a.*, ca.article_id AS article_a, cb.article_id AS article_b, aa.title AS title_a, ab.title AS title_b,
               va.verdict AS verdict_a, vb.verdict AS verdict_b, va.note AS verdict_note_a, vb.note AS verdict_note_b
        FROM listed a
        LEFT JOIN claims ca ON ca.claim_id = a.claim_a LEFT JOIN claims cb ON cb.claim_id = a.claim_b
        LEFT JOIN articles aa ON aa.article_id = ca.article_id LEFT JOIN articles ab ON ab.article_id = cb.article_id
        LEFT JOIN claim_verdicts va ON va.claim_id = a.claim_a LEFT JOIN claim_verdicts vb ON vb.claim_id = a.claim_b""",
        [list({s["pair_group"] for s in shown}), *params, [s["focal"] for s in shown], rivals, rivals])
    rank = {s["focal"]: (i, s) for i, s in enumerate(shown)}
    # the order of _PAGE: the disputes' order, then within one the most severe pair first
    rows.sort(key=lambda r: (rank[r["focal"]][0], -r["severity"] if r["severity"] is not None else float("inf"),
                             r["conflict_id"]))
    for row in rows:
        row["pairs"] = rank[row["focal"]][1]["pairs"]
    return shown[0]["total_disputes"], int(shown[0]["total_pairs"]), group_disputes(rows, rivals)


def dispute(path: str | Path, claim_id: str, rivals: int | None = None) -> Dispute | None:
    """One claim against every claim that contradicts it (its RIVALS most severe when given), whatever
    the verdicts; None when it has none."""
    group_order, outer_order = ORDERS["severity"]
    sql = _PAGE.format(condition="(claim_a = ? OR claim_b = ?)", focal_rule="p.claim_a = ?",
                       order=group_order, outer_order=outer_order)
    # every pair of the claim is about it, however many rivals its rivals have
    res = query(path, sql, [claim_id, claim_id, claim_id, 1, 0])
    disputes = group_disputes(res.records(), rivals)
    return next((d for d in disputes if d.dispute_id == claim_id), None)


_CLAIM = """
SELECT f.claim_id, f.article_id, f.subject, f.subject_key, f.attribute, f.hardware, f.modality, f.value,
       f.value_text, f.lo, f.hi, f.as_of_effective AS as_of, f.quote, f.publisher, f.url, f.unit,
       f.subject_kind AS level, a.title, a.published_at, v.verdict, v.note AS verdict_note
FROM stored_claim_facts f JOIN articles a USING (article_id)
LEFT JOIN claim_verdicts v ON v.claim_id = f.claim_id"""


def claim(path: str | Path, claim_id: str) -> dict[str, Any] | None:
    """One claim with its article's title, publisher, link and the verdict on it, or None."""
    rows = query(path, _CLAIM + " WHERE f.claim_id = ?", [claim_id]).records()
    return rows[0] if rows else None


# Every original claim of one subject and attribute with a figure, and the consensus band: the
# claims that agree with the most publishers' claims (same hardware and modality, within both
# figures' rounding and the attribute's floor, within window_days unless timeless). The band is
# their median widened by that tolerance; outliers are the claims contradicting a band member.
# Several majorities can stand at different times: the one a disputed figure contradicts is drawn.
_SERIES = """
WITH f AS (
    SELECT f.*, COALESCE(f.value, (f.lo + f.hi) / 2, f.lo, f.hi) AS point, tolerance_of(f.attribute) AS tol,
           greatest(f.margin_lo, f.margin_hi) AS margin
    FROM stored_claim_facts f
    WHERE f.subject_key = $subject AND list_contains($attributes, f.attribute) AND f.story_id = f.article_id
      AND COALESCE(f.value, f.lo, f.hi) IS NOT NULL),
agree AS (
    SELECT c.attribute, c.claim_id AS center, d.claim_id AS member, d.point, d.publisher, d.as_of_effective, d.margin,
           d.tol, d.hardware
    FROM f c JOIN f d
      ON c.attribute = d.attribute AND COALESCE(c.hardware, '') = COALESCE(d.hardware, '') AND c.modality = d.modality
     AND NOT (c.open_low OR c.open_high OR d.open_low OR d.open_high)
     AND abs(c.point - d.point) <= greatest(c.margin + d.margin, c.tol * greatest(abs(c.point), abs(d.point)))
     AND (timeless(c.attribute) OR c.as_of_effective IS NULL OR d.as_of_effective IS NULL
          OR abs(datediff('day', c.as_of_effective, d.as_of_effective)) <= check_window_days())
    WHERE c.modality = 'actual'),
rivals AS ({rivals}),
-- each claim's rivals once: joining the pairs themselves to every member of every candidate band
-- made millions of rows for a busy subject
rv AS (SELECT claim_id, count(*) AS n, bool_or(other = $focus) AS with_focus, list(other) AS others
       FROM rivals GROUP BY claim_id),
-- a band that a disputed figure (the one in focus, else any) stands against comes first: where the
-- sources fight is where the reader needs to see the majority
best AS (
    SELECT a.attribute, a.center FROM agree a LEFT JOIN rv r ON r.claim_id = a.member
    GROUP BY a.attribute, a.center
    HAVING count(DISTINCT a.publisher) >= 2
    QUALIFY row_number() OVER (
        PARTITION BY a.attribute
        ORDER BY COALESCE(bool_or(r.with_focus), false) DESC, bool_or(r.claim_id IS NOT NULL) DESC,
                 count(DISTINCT a.publisher) DESC, count(DISTINCT a.member) DESC,
                 max(a.as_of_effective) DESC NULLS LAST, a.center) = 1),
band AS (
    SELECT a.attribute, median(point) AS median, greatest(max(margin), any_value(tol) * median(point)) AS width,
           min(as_of_effective) AS band_start, max(as_of_effective) AS band_end, count(DISTINCT publisher) AS publishers,
           list(member) AS members, any_value(hardware) AS band_hardware
    FROM agree a JOIN best USING (attribute, center) GROUP BY a.attribute),
SELECT f.attribute, f.claim_id, f.article_id, f.publisher, f.modality, f.hardware, f.value, f.point, f.as_of_effective AS as_of,
       f.quote, f.url, f.unit, a.title, v.verdict,
       b.median - b.width AS band_low, b.median + b.width AS band_high, b.median AS band_median,
       b.band_start, b.band_end, b.publishers AS band_publishers, b.band_hardware,
       COALESCE(list_contains(b.members, f.claim_id), false) AS in_band,
       COALESCE(NOT list_contains(b.members, f.claim_id) AND list_has_any(r.others, b.members), false) AS outlier,
       COALESCE(r.n, 0) AS rivals
FROM f JOIN articles a USING (article_id)
LEFT JOIN claim_verdicts v ON v.claim_id = f.claim_id
LEFT JOIN band b ON b.attribute = f.attribute
LEFT JOIN rv r ON r.claim_id = f.claim_id
ORDER BY f.attribute, f.as_of_effective NULLS LAST, f.publisher, f.claim_id"""


# The subject's pairs not dismissed, each way round. Read from conflict_pairs by the subject's pair
# groups when it is current (a read of the contradictions view costs about 0.4 s whatever it
# selects, at a million claims): a pair is dismissed only by a verdict on the pair itself.
_VIEW_RIVALS = """
    SELECT unnest([claim_a, claim_b]) AS claim_id, unnest([claim_b, claim_a]) AS other FROM contradictions
    WHERE subject_key = $subject AND list_contains($attributes, attribute) AND status <> 'dismissed'"""
_STORED_RIVALS = """
    SELECT unnest([p.claim_a, p.claim_b]) AS claim_id, unnest([p.claim_b, p.claim_a]) AS other FROM conflict_pairs p
    LEFT JOIN triage t ON t.claim_a = p.claim_a AND t.claim_b = p.claim_b
    WHERE p.pair_group IN (SELECT DISTINCT pair_group FROM stored_claim_facts
                           WHERE subject_key = $subject AND list_contains($attributes, attribute))
      AND p.subject_key = $subject AND list_contains($attributes, p.attribute) AND t.status IS DISTINCT FROM 'dismissed'"""


@dataclass(frozen=True)
class Band:
    """The consensus of the agreeing majority: its median, the tolerance around it, its dates and support."""

    low: float
    high: float
    median: float
    start: Any
    end: Any
    publishers: int
    hardware: str | None


def subject_series(path: str | Path, subject_key: str, attributes: list[str],
                   focus: str | None = None) -> dict[str, tuple[list[dict[str, Any]], Band | None]]:
    """For each of ATTRIBUTES, every original claim of SUBJECT_KEY with a figure, oldest first, with in_band
    and outlier flags, and the consensus band (the one claim FOCUS disputes, if any; None when no two
    publishers agree); read in one query, since each reads the subject's contradictions."""
    with read_connection(path) as con:
        rivals = _STORED_RIVALS if _stored_current(con) else _VIEW_RIVALS
        rows = _records(con, _SERIES.format(rivals=rivals),
                        {"subject": subject_key, "attributes": list(attributes), "focus": focus})
    series: dict[str, tuple[list[dict[str, Any]], Band | None]] = {a: ([], None) for a in attributes}
    for row in rows:
        points, band = series[row["attribute"]]
        if band is None and row["band_median"] is not None:
            band = Band(row["band_low"], row["band_high"], row["band_median"], row["band_start"],
                        row["band_end"], row["band_publishers"], row["band_hardware"])
        points.append(row)
        series[row["attribute"]] = (points, band)
    return series


def claim_series(path: str | Path, subject_key: str, attribute: str,
                 focus: str | None = None) -> tuple[list[dict[str, Any]], Band | None]:
    """subject_series for one attribute."""
    return subject_series(path, subject_key, [attribute], focus)[attribute]


def disputed_series(path: str | Path) -> list[dict[str, Any]]:
    """Each subject and attribute with contradictions: subject_key, subject, attribute, pairs; most pairs first."""
    with read_connection(path) as con:
        # every pair whatever its verdict: dispute_series counts them already, per spelling of the subject
        source = "dispute_series" if _stored_current(con) else """(
            SELECT subject_key, subject, attribute, count(*) AS pairs FROM contradictions GROUP BY ALL)"""
        return _records(con, f"""
            WITH spelled AS (SELECT subject_key, subject, attribute, sum(pairs) AS pairs FROM {source} GROUP BY ALL)
            SELECT subject_key, arg_max(subject, pairs) AS subject, attribute, CAST(sum(pairs) AS BIGINT) AS pairs
            FROM spelled GROUP BY subject_key, attribute ORDER BY pairs DESC, subject, attribute""", [])


def summary(path: str | Path) -> ContradictionSummary:
    """reader.contradiction_summary, read from the stored tables when they hold the current pairs:
    only the pairs of the pair groups a verdict touches are read to count the open ones."""
    with read_connection(path) as con:
        if not _stored_current(con):
            return contradiction_summary(path)
        (articles, claims, total, settled, subjects, attributes), = con.execute(f"""
            WITH judged_claims AS (SELECT claim_a AS claim_id FROM triage UNION SELECT claim_b FROM triage
                                   UNION SELECT claim_id FROM claim_verdicts),
            touched AS (SELECT DISTINCT pair_group FROM claim_rivals WHERE claim_id IN (SELECT claim_id FROM judged_claims))
            SELECT (SELECT count(*) FROM articles WHERE origin = 'news'), (SELECT count(*) FROM claims),
                   (SELECT count(*) FROM conflict_pairs),
                   (SELECT count(*) FROM ({_JUDGED.format(groups="touched")}) WHERE status NOT IN ('open', 'confirmed')),
                   (SELECT COALESCE(list(DISTINCT subject ORDER BY subject), []) FROM dispute_series),
                   (SELECT COALESCE(list(DISTINCT attribute ORDER BY attribute), []) FROM dispute_series)""").fetchall()
        return ContradictionSummary(articles, claims, total, total - settled, subjects, attributes)


def newest_claims(path: str | Path, limit: int = 10) -> list[dict[str, Any]]:
    """The claims of the most recently extracted articles, newest article first."""
    sql = (_CLAIM.replace("a.published_at,", "a.published_at, a.extracted_at,")
           + " WHERE a.origin = 'news' {newest} ORDER BY a.extracted_at DESC NULLS LAST, a.published_at DESC NULLS LAST,"
             " f.claim_id LIMIT ?")
    # the newest LIMIT articles (and any tied with them) first: joining every claim to its article to
    # sort them all took 0.3-0.7 s at a million claims; all articles only when those hold too few claims
    newest = """AND a.article_id IN (
        SELECT article_id FROM articles WHERE origin = 'news'
        QUALIFY rank() OVER (ORDER BY extracted_at DESC NULLS LAST, published_at DESC NULLS LAST) <= ?)"""
    rows = query(path, sql.format(newest=newest), [limit, limit]).records()
    return rows if len(rows) == limit else query(path, sql.format(newest=""), [limit]).records()


def overview_counts(path: str | Path) -> dict[str, int]:
    """reader.overview_counts with the contradictions counted as summary counts them."""
    counts = summary(path)
    (publishers, sources), = query(path, """SELECT (SELECT count(DISTINCT publisher) FROM articles WHERE origin = 'news'),
                                                   (SELECT count(*) FROM sources)""").rows
    return {"articles": counts.articles, "claims": counts.claims, "open_contradictions": counts.open,
            "contradictions": counts.total, "publishers": publishers, "sources": sources}


def entity(path: str | Path, key: str) -> dict[str, Any] | None:
    """One subject: its name, level, the chain of its parents (nearest first) and its children."""
    info, parents, children = queries(path, [
        ("""SELECT $key AS key, COALESCE(e.name, (SELECT mode(subject) FROM stored_claim_facts WHERE subject_key = $key)) AS name,
                   COALESCE(e.kind, (SELECT mode(subject_kind) FROM stored_claim_facts WHERE subject_key = $key)) AS kind,
                   COALESCE(e.parent, (SELECT mode(entity_parent) FROM claims WHERE entity_id = $key)) AS parent,
                   e.origin, (SELECT count(*) FROM stored_claim_facts WHERE subject_key = $key) AS claims
            FROM (SELECT 1) LEFT JOIN entities e ON e.entity_id = $key""", {"key": key}),
        # up the tree from the registry's parents, then from what claims say stands above
        ("""WITH RECURSIVE up(key, depth) AS (
                SELECT COALESCE((SELECT parent FROM entities WHERE entity_id = $key),
                                (SELECT mode(entity_parent) FROM claims WHERE entity_id = $key)), 1
                UNION ALL
                SELECT COALESCE(e.parent, (SELECT mode(c.entity_parent) FROM claims c WHERE c.entity_id = up.key)), depth + 1
                FROM up LEFT JOIN entities e ON e.entity_id = up.key
                WHERE up.key IS NOT NULL AND depth < 8)
            SELECT up.key, COALESCE(e.name, up.key) AS name, e.kind, up.depth FROM up
            LEFT JOIN entities e ON e.entity_id = up.key WHERE up.key IS NOT NULL ORDER BY depth""", {"key": key}),
        ("""WITH kids AS (
                SELECT entity_id AS key FROM entities WHERE parent = $key
                UNION SELECT entity_id FROM claims WHERE entity_parent = $key AND entity_id IS NOT NULL
                UNION SELECT DISTINCT subject_key FROM stored_claim_facts WHERE family_key = $key AND subject_key <> $key)
            SELECT k.key, COALESCE(e.name, (SELECT mode(subject) FROM stored_claim_facts s WHERE s.subject_key = k.key), k.key) AS name,
                   COALESCE(e.kind, (SELECT mode(subject_kind) FROM stored_claim_facts s WHERE s.subject_key = k.key)) AS kind,
                   (SELECT count(*) FROM stored_claim_facts s WHERE s.subject_key = k.key) AS claims
            FROM kids k LEFT JOIN entities e ON e.entity_id = k.key
            ORDER BY claims DESC, name""", {"key": key}),
    ])
    row = info.records()[0]
    if row["name"] is None and not row["claims"]:
        return None
    row["parents"] = parents.records()
    row["children"] = children.records()
    return row


def attention(path: str | Path, key: str) -> list[dict[str, Any]]:
    """Articles per week with a claim about the subject KEY: week (a Monday) and articles, oldest first."""
    return query(path, """
        SELECT CAST(date_trunc('week', a.published_at) AS DATE) AS week, count(DISTINCT a.article_id) AS articles
        FROM articles a
        WHERE a.origin = 'news' AND a.published_at IS NOT NULL
          AND a.article_id IN (SELECT article_id FROM stored_claim_facts WHERE subject_key = ?)
        GROUP BY week ORDER BY week""", [key]).records()


def charted_attributes(path: str | Path, key: str) -> list[str]:
    """The attributes of subject KEY with dated figures, most claims first."""
    return [r[0] for r in query(path, """
        SELECT attribute FROM stored_claim_facts
        WHERE subject_key = ? AND story_id = article_id AND COALESCE(value, lo, hi) IS NOT NULL
          AND as_of_effective IS NOT NULL
        GROUP BY attribute ORDER BY count(*) DESC, attribute""", [key]).rows]


def planned_figures(path: str | Path, key: str) -> list[dict[str, Any]]:
    """Per attribute and hardware of subject KEY, the newest planned figure no actual figure has reported since."""
    return query(path, """
        WITH planned AS (
            SELECT * FROM stored_claim_facts
            WHERE subject_key = $key AND modality = 'planned' AND story_id = article_id
            QUALIFY row_number() OVER (PARTITION BY attribute, hardware ORDER BY as_of_effective DESC NULLS LAST, claim_id) = 1)
        SELECT p.claim_id, p.attribute, p.hardware, p.value, p.value_text, p.as_of_effective AS as_of, p.publisher
        FROM planned p
        WHERE NOT EXISTS (SELECT 1 FROM stored_claim_facts a
                          WHERE a.subject_key = $key AND a.modality = 'actual' AND a.attribute = p.attribute
                            AND a.hardware IS NOT DISTINCT FROM p.hardware AND a.as_of_effective > p.as_of_effective)
        ORDER BY p.attribute, p.hardware NULLS FIRST""", {"key": key}).records()
