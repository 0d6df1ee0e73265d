"""Entities page: one subject's current figures, their history, and its updates and promises."""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.formatting import ATTRIBUTE_UNITS, attribute_label, format_date, format_value
from db.errors import DatabaseError

SUBJECT_KEY = "entities.subject"
TIMELINE_ATTRIBUTES = ("gpu_count", "power")
LEGEND_PUBLISHERS = 20  # publishers listed in a chart's legend; the rest are counted
MODALITY_SHAPES = {"actual": "circle", "planned": "triangle-up", "reported": "diamond", "hypothetical": "square"}

NO_SUBJECTS = "No claims yet, so no subjects to show: run `infratrack crawl` or `infratrack demo`."


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Entities")
    st.caption("Clusters, sites and programmes with claims, grouped after alias resolution.")
    try:
        subjects = data.load_subjects(path)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if not subjects:
        st.info(NO_SUBJECTS, icon=":material/hub:")
        data.footer(path)
        return

    names = {s["subject_key"]: (s["name"], s["claims"]) for s in subjects}
    # Option labels are shown as plain text by the selectbox, never as markdown.
    key = st.selectbox(
        "Subject", list(names), key=SUBJECT_KEY,
        format_func=lambda k: f"{names[k][0]} ({names[k][1]} claims)" if k in names else k,
    )
    try:
        facts = data.load_subject(path, key, TIMELINE_ATTRIBUTES)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    st.header("Current consensus", anchor=False)
    st.caption(
        "Per attribute and hardware, the actual claims of the latest window (the newest as-of date and the "
        "window_days before it): their median, how many claims and publishers, and the most independent "
        "publishers agreeing with any one of them. While an open contradiction stands among them the value "
        "is contested, and the range the sources span is shown instead of a median."
    )
    if facts["consensus"]:
        st.dataframe(_consensus_table(facts["consensus"]), hide_index=True, width="stretch")
    else:
        st.info("No actual (as opposed to planned or reported) claims about this subject.", icon=":material/info:")

    st.header("Timeline", anchor=False)
    st.caption("Each point is a claim: its as-of date and figure, coloured by publisher, shaped by modality.")
    for attribute in TIMELINE_ATTRIBUTES:
        _timeline(facts["timeline"], attribute)

    st.header("Updates", anchor=False)
    st.caption("Actual figures for the same thing more than window_days apart that changed: a timeline, not a contradiction.")
    if facts["updates"]:
        st.dataframe(_updates_table(facts["updates"]), hide_index=True, width="stretch")
    else:
        st.text("No updates.")

    st.header("Promises", anchor=False)
    st.caption("A planned figure and each later actual one; kept = the actual figure agrees with the plan.")
    if facts["promises"]:
        total = facts["promises"][0]["total"]
        if total > len(facts["promises"]):
            st.caption(f"The first {len(facts['promises']):,} of {total:,}, by attribute and planned date.")
        st.dataframe(_promises_table(facts["promises"]), hide_index=True, width="stretch")
    else:
        st.text("No promises.")
    data.footer(path)


def _consensus_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "Attribute": attribute_label(r["attribute"]),
            "Hardware": r["hardware"],
            "Latest as of": format_date(r["as_of"]),
            "Consensus": _consensus_cell(r),
            "Claims": r["claims"],
            "Publishers": r["publishers"],
            "Corroborating publishers": r["corroboration"],
        }
        for r in rows
    ]


def _consensus_cell(r: dict[str, Any]) -> str:
    """The settled value, or, while an open contradiction stands among the claims, the range they span."""
    if r["contested"]:
        if r["low_value"] is None:
            return "contested"
        return (f"contested: {format_value(r['attribute'], r['low_value'])} – "
                f"{format_value(r['attribute'], r['high_value'])}")
    if r["median_value"] is not None:
        return format_value(r["attribute"], r["median_value"])
    return r["text_value"]


def _timeline(points: list[dict[str, Any]], attribute: str) -> None:
    label = attribute_label(attribute)
    st.subheader(label[:1].upper() + label[1:], anchor=False)
    rows = [p for p in points if p["attribute"] == attribute]
    if not rows:
        st.text(f"No {label} figures for this subject.")
        return
    frame = pd.DataFrame(
        {
            # Vega-Lite reads temporal values as timestamps; a date becomes midnight UTC
            "as_of": [datetime.combine(p["as_of"], time()) if p["as_of"] else None for p in rows],
            "value": [p["value"] for p in rows],
            "publisher": [p["publisher"] for p in rows],
            "modality": [p["modality"] for p in rows],
            "hardware": [p["hardware"] or "unspecified" for p in rows],
            "figure": [format_value(attribute, p["value"]) for p in rows],
        }
    )
    unit = ATTRIBUTE_UNITS.get(attribute, "")
    # Publisher and hardware names come from articles; Vega draws them as SVG or canvas text
    # and its tooltip escapes HTML, so they never become markup.
    chart = (
        alt.Chart(frame)
        .mark_point(filled=True, size=110, opacity=0.85)
        .encode(
            x=alt.X("as_of:T", title="As of"),
            y=alt.Y("value:Q", title=f"{label} ({unit})", scale=alt.Scale(zero=True)),
            # a busy subject has claims from hundreds of publishers: drawing a legend entry for each
            # took the browser longer than the points; the tooltip names every point's publisher
            color=alt.Color("publisher:N", title="Publisher", legend=alt.Legend(symbolLimit=LEGEND_PUBLISHERS)),
            shape=alt.Shape(
                "modality:N", title="Modality",
                scale=alt.Scale(domain=list(MODALITY_SHAPES), range=list(MODALITY_SHAPES.values())),
            ),
            tooltip=[
                alt.Tooltip("as_of:T", title="As of", format="%Y-%m-%d"),
                alt.Tooltip("figure:N", title=label),
                alt.Tooltip("publisher:N", title="Publisher"),
                alt.Tooltip("modality:N", title="Modality"),
                alt.Tooltip("hardware:N", title="Hardware"),
            ],
        )
        .properties(height=300)
    )
    st.altair_chart(chart, width="stretch")


def _updates_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "Attribute": attribute_label(r["attribute"]),
            "Hardware": r["hardware"],
            "Earlier": format_value(r["attribute"], r["earlier_value"]),
            "Earlier as of": format_date(r["earlier_as_of"]),
            "Earlier publisher": r["earlier_publisher"],
            "Later": format_value(r["attribute"], r["later_value"]),
            "Later as of": format_date(r["later_as_of"]),
            "Later publisher": r["later_publisher"],
            "Change": f"{r['change']:+.0%}" if r["change"] is not None else None,
        }
        for r in rows
    ]


def _promises_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "Attribute": attribute_label(r["attribute"]),
            "Hardware": r["hardware"],
            "Planned": format_value(r["attribute"], r["planned_value"]),
            "Planned as of": format_date(r["planned_as_of"]),
            "Planned by": r["planned_publisher"],
            "Actual": format_value(r["attribute"], r["actual_value"]),
            "Actual as of": format_date(r["actual_as_of"]),
            "Reported by": r["actual_publisher"],
            "Days later": r["days_later"],
            "Kept": r["kept"],
            "Planned quote": r["planned_quote"],
            "Actual quote": r["actual_quote"],
        }
        for r in rows
    ]


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
