"""Sources page: every feed, sitemap and seed, its last fetch, what its fetches came to, and per run
what its pages gave (the operator's view: a site whose extraction broke shows up as pages without
text, date or claims, a feed that went quiet as runs without articles)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.data import TIMESTAMP_COLUMN
from dashboard.formatting import plural
from db.errors import DatabaseError

NO_SOURCES = "No sources yet: they are added by the first crawl (`infratrack crawl` or `infratrack demo`)."
NO_ERRORS = "No failed fetches attributed to any source."
NO_RUNS = "No run has fetched a source yet."
RUN_DAYS = 90


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
    _runs(path)
    data.footer(path)


def _runs(path: str) -> None:
    st.header("Runs per source", anchor=False)
    try:
        runs = data.load_source_runs(path, RUN_DAYS)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if not runs:
        st.info(NO_RUNS, icon=":material/history:")
        return
    st.caption(f"Runs of the last {RUN_DAYS} days. A page counts for the source that listed it first; what it "
               "gave is read as the database has it now (a page re-extracted since counts with its new result).")
    frame = pd.DataFrame(runs)
    per_source = frame.groupby("source").agg(
        runs=("run_id", "nunique"), zero=("articles", lambda a: int((a == 0).sum())),
        pages=("pages", "sum"), articles=("articles", "sum"), without_text=("without_text", "sum"),
        without_date=("without_date", "sum"), without_claims=("without_claims", "sum")).reset_index()
    zero_runs = int(per_source["zero"].sum())
    if zero_runs:
        st.warning(f"{plural(zero_runs, 'run')} fetched a source and found no article in it.",
                   icon=":material/warning:")
    st.dataframe(
        [{"Source": r.source, "Runs": int(r.runs), "Runs without articles": int(r.zero), "Pages": int(r.pages),
          "Articles": int(r.articles), "Pages without text": _share(r.without_text, r.pages),
          "Articles without date": _share(r.without_date, r.articles),
          "Articles without claims": _share(r.without_claims, r.articles)}
         for r in per_source.itertuples()],
        hide_index=True, width="stretch",
    )
    if frame["run_id"].nunique() > 1:
        chart = frame.pivot_table(index="started_at", columns="source", values="articles", aggfunc="sum")
        st.caption("Articles per run and source")
        st.line_chart(chart, height=260, x_label="run started", y_label="articles")
    st.subheader(f"Every run ({plural(len(runs), 'row')}, newest first per source)", anchor=False)
    st.dataframe(
        [{"Source": r["source"], "Started": r["started_at"], "Command": r["command"], "Pages": r["pages"],
          "Articles": r["articles"], "Without text": r["without_text"], "Without date": r["without_date"],
          "Without claims": r["without_claims"]} for r in runs],
        hide_index=True, width="stretch", height=300, column_config={"Started": TIMESTAMP_COLUMN},
    )


def _share(part: int, whole: int) -> str:
    """PART of WHOLE as a count and a percentage: 3 (25%); a dash when there is no whole."""
    if not whole:
        return "–"
    return f"{int(part):,} ({part / whole:.0%})"


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
