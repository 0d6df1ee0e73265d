"""Overview page: what changed first (the newest disputes and claims), then what the database holds,
the last runs in words, and how the sources are doing."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.data import TIMESTAMP_COLUMN
from dashboard.formatting import (
    attribute_label,
    escape_markdown,
    format_count,
    format_date,
    format_run_counts,
    format_timestamp,
    format_value,
    plural,
)
from dashboard.reasons import conflict_reason
from db.disputes import Dispute
from db.errors import DatabaseError
from db.reader import ContradictionFilter

ERROR_WINDOW_DAYS = 7
NEWEST_DISPUTES = 5
RIVALS_NAMED = 3  # a figure at odds with a hundred sources names the three most severe
NEWEST_CLAIMS = 10
DISPUTES_PAGE = "views/contradictions.py"

NO_RUNS = "No crawl has run on this database yet: run `infratrack crawl` or `infratrack demo`."
NO_SOURCES = "No sources yet: they are added by the first crawl."
NO_ERRORS = f"No failed fetches in the last {ERROR_WINDOW_DAYS} days."
NO_DISPUTES = "No open disputes: no two publishers disagree about a figure that is not settled."
NO_CLAIMS = "No claims yet: run `infratrack crawl` or `infratrack demo`."
OPEN = ContradictionFilter(statuses=("open", "confirmed"))


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Overview")
    try:
        counts = data.load_overview_counts(path)
        open_disputes, open_pairs, disputes = data.load_dispute_page(path, OPEN, NEWEST_DISPUTES, 0, "newest",
                                                                   RIVALS_NAMED)
        claims = data.load_newest_claims(path, NEWEST_CLAIMS)
        runs = data.load_recent_runs(path, 10)
        sources = data.load_source_health(path)
        errors = data.load_fetch_errors(path, ERROR_WINDOW_DAYS)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    st.header("Newest disputes", anchor=False)
    if disputes:
        st.caption(f"{plural(open_disputes, 'open dispute')} ({plural(open_pairs, 'pair')} of claims), newest first.")
        for dispute in disputes:
            _dispute_line(dispute)
        st.page_link(DISPUTES_PAGE, label="Every dispute", icon=":material/compare_arrows:")
    else:
        st.success(NO_DISPUTES, icon=":material/check_circle:")

    st.header("Newest claims", anchor=False)
    if claims:
        st.caption("The claims of the most recently extracted articles.")
        st.dataframe(
            [{"As of": format_date(c["as_of"]), "Subject": c["subject"], "Attribute": attribute_label(c["attribute"]),
              "Figure": format_value(c["attribute"], c["value"]) if c["value"] is not None else c["value_text"],
              "Hardware": c["hardware"], "Modality": c["modality"], "Publisher": c["publisher"], "Quote": c["quote"],
              "Claim": f"contradictions?claim={c['claim_id']}"} for c in claims],
            hide_index=True, width="stretch",
            column_config={"Claim": st.column_config.LinkColumn("Claim", display_text="Open")},
        )
    else:
        st.info(NO_CLAIMS, icon=":material/info:")

    st.header("In the database", anchor=False)
    articles, claims_col, open_, publishers = st.columns(4)
    articles.metric("Articles", format_count(counts["articles"]))
    claims_col.metric("Claims", format_count(counts["claims"]))
    open_.metric(
        "Open contradictions", format_count(counts["open_contradictions"]),
        help=f"Not resolved or dismissed; {format_count(counts['contradictions'])} contradictions in all.",
    )
    publishers.metric("Publishers", format_count(counts["publishers"]))

    st.header("Recent runs", anchor=False)
    if runs:
        _runs(runs)
    else:
        st.info(NO_RUNS, icon=":material/schedule:")

    st.header("Source health", anchor=False)
    if sources:
        st.dataframe(
            [{"Source": s["name"], "Kind": s["kind"], "Last fetched": s["last_fetched_at"],
              "Last status": s["last_status"]} for s in sources],
            hide_index=True, width="stretch", column_config={"Last fetched": TIMESTAMP_COLUMN},
        )
    else:
        st.info(NO_SOURCES, icon=":material/rss_feed:")
    st.subheader(f"Fetch errors by reason, last {ERROR_WINDOW_DAYS} days", anchor=False)
    if errors:
        st.dataframe(
            [{"Reason": e["reason"], "Errors": e["errors"], "Last seen": e["last_seen"]} for e in errors],
            hide_index=True, width="stretch", column_config={"Last seen": TIMESTAMP_COLUMN},
        )
    else:
        st.success(NO_ERRORS, icon=":material/check_circle:")
    data.footer(path)


def _dispute_line(dispute: Dispute) -> None:
    """One dispute in two lines: what disagrees with what (a permalink), and why."""
    claim = dispute.claim

    def figure(c: dict) -> str:
        return format_value(dispute.attribute, c["value"]) if c["value"] is not None else (c.get("text") or "?")

    rivals = ", ".join(f"{figure(r)} ({r['publisher']})" for r in dispute.rivals)
    if dispute.more_rivals:
        rivals += f" and {plural(dispute.more_rivals, 'more source')}"
    hardware = f" {dispute.hardware}" if dispute.hardware else ""
    label = (f"{dispute.subject} · {attribute_label(dispute.attribute)}{hardware}: {figure(claim)} "
             f"({claim['publisher']}, {format_date(claim['as_of'])}) against {rivals}")
    with st.container(border=True, key=f"newest-{dispute.dispute_id}"):
        # page_link labels render markdown: article-supplied names are escaped
        st.page_link(DISPUTES_PAGE, label=escape_markdown(label), icon=":material/compare_arrows:",
                     query_params={"dispute": dispute.dispute_id})
        st.text(conflict_reason(dispute.rivals[0], dispute.attribute)
                + (f" (and {plural(dispute.rival_count - 1, 'more source')})" if dispute.rival_count > 1 else ""))


def _runs(runs: list[dict]) -> None:
    """The runs, newest first, with their counters in words rather than JSON."""
    last = runs[0]
    finished = format_timestamp(last["finished_at"]) if last["finished_at"] else "still running"
    # run rows are written by infratrack itself, but shown as text all the same
    st.text(f"Last run: {last['command']}, {last['status']}, started {format_timestamp(last['started_at'])}, "
            f"finished {finished}. {format_run_counts(last['counts'])}")
    if last["error"]:
        st.text(f"Error: {last['error']}")
    with st.expander(f"The last {plural(len(runs), 'run')}"):
        st.dataframe(
            [{"Command": r["command"], "Started": r["started_at"], "Finished": r["finished_at"],
              "Status": r["status"], "What it did": format_run_counts(r["counts"]), "Error": r["error"]} for r in runs],
            hide_index=True, width="stretch",
            column_config={"Started": TIMESTAMP_COLUMN, "Finished": TIMESTAMP_COLUMN},
        )


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
