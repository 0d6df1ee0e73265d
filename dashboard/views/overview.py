"""Overview page: what the database holds, the last run, and how the sources are doing."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.data import TIMESTAMP_COLUMN
from dashboard.formatting import format_count, format_timestamp
from db.errors import DatabaseError

ERROR_WINDOW_DAYS = 7

NO_RUNS = "No crawl has run on this database yet: run `infratrack crawl` or `infratrack demo`."
NO_SOURCES = "No sources yet: they are added by the first crawl."
NO_ERRORS = f"No failed fetches in the last {ERROR_WINDOW_DAYS} days."


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Overview")
    try:
        counts = data.load_overview_counts(path)
        runs = data.load_recent_runs(path, 10)
        sources = data.load_source_health(path)
        errors = data.load_fetch_errors(path, ERROR_WINDOW_DAYS)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    articles, claims, open_, publishers = st.columns(4)
    articles.metric("Articles", format_count(counts["articles"]))
    claims.metric("Claims", format_count(counts["claims"]))
    open_.metric(
        "Open contradictions", format_count(counts["open_contradictions"]),
        help=f"Not resolved or dismissed; {format_count(counts['contradictions'])} contradictions in all.",
    )
    publishers.metric("Publishers", format_count(counts["publishers"]))

    st.header("Last run", anchor=False)
    if runs:
        _last_run(runs)
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


def _last_run(runs: list[dict]) -> None:
    last = runs[0]
    command, started, status = st.columns([1, 2, 1])
    # run rows are written by infratrack itself, but shown as text all the same
    command.metric("Command", last["command"])
    started.metric("Started", format_timestamp(last["started_at"]))
    status.metric("Status", last["status"])
    if last["error"]:
        st.text(f"Error: {last['error']}")
    with st.expander("Recent runs"):
        st.dataframe(
            [{"Command": r["command"], "Started": r["started_at"], "Finished": r["finished_at"],
              "Status": r["status"], "Counts": r["counts"], "Error": r["error"]} for r in runs],
            hide_index=True, width="stretch",
            column_config={"Started": TIMESTAMP_COLUMN, "Finished": TIMESTAMP_COLUMN},
        )


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
