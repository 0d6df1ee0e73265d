"""Sources page: every feed, sitemap and seed, its last fetch, and what its fetches came to."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.data import TIMESTAMP_COLUMN
from db.errors import DatabaseError

NO_SOURCES = "No sources yet: they are added by the first crawl (`infratrack crawl` or `infratrack demo`)."
NO_ERRORS = "No failed fetches attributed to any source."


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Sources")
    st.caption(
        "Fetches are attributed to a source when they fetched its own URL or an article URL it listed first; "
        "robots.txt and the child sitemaps of a sitemap index are not attributed."
    )
    try:
        sources = data.load_source_health(path)
        errors = data.load_source_errors(path)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if not sources:
        st.info(NO_SOURCES, icon=":material/rss_feed:")
        data.footer(path)
        return

    enabled = sum(bool(s["enabled"]) for s in sources)
    st.caption(f"{len(sources):,} sources, {enabled:,} enabled.")
    # URLs go in a plain text column, last since they are long: the table never turns them into links.
    st.dataframe(
        [
            {
                "Source": s["name"], "Kind": s["kind"], "Last status": s["last_status"],
                "Last fetched": s["last_fetched_at"], "OK": s["ok"], "Not modified": s["not_modified"],
                "Skipped": s["skipped"], "Errors": s["errors"], "Fetches": s["fetches"], "Enabled": s["enabled"],
                "URL": s["url"],
            }
            for s in sources
        ],
        hide_index=True, width="stretch",
        column_config={"Last fetched": TIMESTAMP_COLUMN, "URL": st.column_config.TextColumn(width="large")},
    )
    st.header("Errors by reason", anchor=False)
    if errors:
        st.dataframe(
            [{"Source": e["source"], "Reason": e["reason"], "Errors": e["errors"], "Last seen": e["last_seen"]}
             for e in errors],
            hide_index=True, width="stretch", column_config={"Last seen": TIMESTAMP_COLUMN},
        )
    else:
        st.success(NO_ERRORS, icon=":material/check_circle:")
    data.footer(path)


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
