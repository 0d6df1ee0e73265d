"""Contradictions page: pairs of publishers that disagree about the same figure at the same time."""
from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import data
from dashboard.formatting import (
    attribute_label,
    escape_markdown,
    format_count,
    format_date,
    format_severity,
    format_value,
    safe_link,
)
from db.errors import DatabaseError

SUBJECT_KEY = "contradictions.subjects"
ATTRIBUTE_KEY = "contradictions.attributes"
SEVERITY_KEY = "contradictions.min_severity"

NONE_FOUND = "No contradictions found: no two publishers disagree about the same figure at the same time."
NONE_MATCH = "No contradictions match these filters."


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Contradictions")
    st.caption(
        "Claims from different publishers about the same subject, attribute and hardware, "
        "with the same modality and close as-of dates, whose figures disagree beyond the tolerance."
    )
    try:
        totals = data.load_counts(path)
        rows = data.load_contradictions(path)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    _headline(totals)
    if not rows:
        st.info(NONE_FOUND, icon=":material/check_circle:")
        return

    shown = _filtered(rows)
    st.caption(f"Showing {len(shown):,} of {len(rows):,} contradictions, most severe first.")
    if not shown:
        st.info(NONE_MATCH, icon=":material/filter_alt_off:")
        return
    for row in shown:
        _contradiction(row)


def _headline(totals: dict[str, int]) -> None:
    articles, claims, open_ = st.columns(3)
    articles.metric("Articles", format_count(totals["articles"]))
    claims.metric("Claims", format_count(totals["claims"]))
    open_.metric("Open contradictions", format_count(totals["contradictions"]))


def _filtered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    subject_col, attribute_col, severity_col = st.columns(3)
    # Options come from the rows themselves, so every choice offered has a contradiction behind it.
    subjects = subject_col.multiselect(
        "Subject", sorted({r["subject"] for r in rows}), key=SUBJECT_KEY, placeholder="All subjects"
    )
    attributes = attribute_col.multiselect(
        "Attribute",
        sorted({r["attribute"] for r in rows}),
        format_func=attribute_label,
        key=ATTRIBUTE_KEY,
        placeholder="All attributes",
    )
    min_severity = severity_col.slider(
        "Minimum severity",
        min_value=0.0,
        max_value=1.0,
        value=0.0,
        step=0.05,
        format="%.2f",
        key=SEVERITY_KEY,
        help="Severity is the gap between the two figures relative to the larger one: 0.50 means one is half the other.",
    )
    return [
        r
        for r in rows
        if (not subjects or r["subject"] in subjects)
        and (not attributes or r["attribute"] in attributes)
        and (r["severity"] or 0.0) >= min_severity
    ]


def _contradiction(row: dict[str, Any]) -> None:
    parts = [row["subject"], attribute_label(row["attribute"])]
    if row["hardware"]:
        parts.append(row["hardware"])
    with st.container(border=True):
        heading, severity = st.columns([4, 1])
        # Subject and hardware names come from article text: escaped, since headings render markdown.
        heading.subheader(escape_markdown(" · ".join(parts)), anchor=False)
        severity.metric("Severity", format_severity(row["severity"]))
        left, right = st.columns(2)
        for column, side, label in ((left, "a", "Claim A"), (right, "b", "Claim B")):
            with column:
                _claim(row, side, label)


def _claim(row: dict[str, Any], side: str, label: str) -> None:
    # Everything below that comes from an article goes through st.text, which never
    # interprets markdown or HTML; labels passed to markdown-aware calls are our own.
    st.metric(label, format_value(row["attribute"], row[f"value_{side}"]))
    st.text(f"Modality: {row['modality']}")
    st.text(f"Publisher: {row[f'publisher_{side}']}")
    st.text(f"As of: {format_date(row[f'as_of_{side}'])}")
    st.caption("Quote")
    st.text(row[f"quote_{side}"])
    url = row[f"url_{side}"]
    link = safe_link(url)
    if link:
        # the same article can sit in several pairs, so the key names the pair, not the URL
        key = f"link.{row['claim_a']}.{row['claim_b']}.{side}"
        st.link_button("Open article", link, icon=":material/open_in_new:", key=key)
    elif url:
        st.text(f"Article (not a web link): {url}")
