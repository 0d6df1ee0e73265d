"""Entities page: one subject (?entity=KEY) with its parents and children, its current figures and their
status, every attribute's claims in time, attention over time, and its updates and promises."""
from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import charts, data, url_state
from dashboard.formatting import attribute_label, escape_markdown, format_date, format_value, plural
from db.errors import DatabaseError

SUBJECT_KEY = "entities.subject"
THIS_PAGE = "views/entities.py"
DISPUTES_PAGE = "views/contradictions.py"
CHILDREN_SHOWN = 30  # children linked by name; a programme of hundreds of sites lists the rest as a count
TIMELINES_DRAWN = 3  # timelines drawn with the page, most claims first; the others one click away

NO_SUBJECTS = "No claims yet, so no subjects to show: run `infratrack crawl` or `infratrack demo`."
NO_FIGURES = "No figures about this subject yet."

STATUS_HELP = ("agreed: two or more publishers give the figure (or one is corroborated); contested: an open "
               "contradiction stands among the latest claims, so the range the sources span is shown; one source: "
               "a single publisher; planned: a plan no actual figure has reported since.")


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
    url_state.seed(SUBJECT_KEY, "entity", allowed=names, linked=url_state.take_link())
    # Option labels are shown as plain text by the selectbox, never as markdown.
    key = st.selectbox(
        "Subject", list(names), key=SUBJECT_KEY,
        format_func=lambda k: f"{names[k][0]} ({plural(names[k][1], 'claim')})" if k in names else k,
    )
    # always written, so the address of what is shown is a permalink even for the default subject
    url_state.write("entity", key)
    try:
        entity = data.load_entity(path, key)
        facts = data.load_subject(path, key, ())
        attributes, planned = data.load_entity_figures(path, key)
        weeks = data.load_attention(path, key)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    if entity is not None:
        _family(entity)

    st.header("Current figures", anchor=False)
    st.caption(
        "Per attribute and hardware, the actual claims of the latest window (the newest as-of date and the "
        "window_days before it): their median, how many claims and publishers. " + STATUS_HELP
    )
    rows = _figures_table(facts["consensus"], planned)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.info(NO_FIGURES, icon=":material/info:")

    st.header("Attention", anchor=False)
    if weeks:
        total = sum(w["articles"] for w in weeks)
        st.caption(f"Articles per week with a claim about it: {plural(total, 'article')} in "
                   f"{plural(len(weeks), 'week')}.")
        st.vega_lite_chart(spec=charts.attention_chart(weeks), width="stretch")
    else:
        st.text("No dated article names it yet.")

    st.header("Timelines", anchor=False)
    st.caption("Each point is a claim: its as-of date and figure, coloured by publisher (the same colour on "
               "every page), shaped by modality, its hardware beside it; shaded, the consensus of the agreeing "
               "majority; ringed in red, figures that contradict it. A log scale where figures span orders of magnitude."
               + (f" The {TIMELINES_DRAWN} attributes with most claims are drawn; open another to draw it."
                  if len(attributes) > TIMELINES_DRAWN else ""))
    if not attributes:
        st.text("No dated figures for this subject.")
    try:
        # the attributes with most claims drawn at once, each other one when its expander is opened:
        # a busy subject of a large database has six timelines of hundreds of points, which took the
        # browser longer to draw than the page's reads
        series = data.load_subject_series(path, key, tuple(attributes[:TIMELINES_DRAWN]))
        for attribute in attributes[:TIMELINES_DRAWN]:
            _timeline(attribute, *series[attribute])
        for attribute in attributes[TIMELINES_DRAWN:]:
            more = st.expander(_capital(attribute_label(attribute)), key=timeline_key(key, attribute), on_change="rerun")
            with more:
                if more.open:
                    _timeline(attribute, *data.load_subject_series(path, key, (attribute,))[attribute], title=False)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

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


def _family(entity: dict[str, Any]) -> None:
    """The subject's level, the chain above it and what stands below it, each a link to its own page."""
    st.subheader(escape_markdown(entity["name"] or entity["key"]), anchor=False)
    st.caption(f"Level: {escape_markdown(entity['kind'] or 'unknown')} · {plural(entity['claims'], 'claim')}")
    if entity["parents"]:
        st.caption("Part of")
        columns = st.columns(min(len(entity["parents"]), 4))
        for column, parent in zip(columns, entity["parents"]):
            column.page_link(THIS_PAGE, label=escape_markdown(f"{parent['name']} ({parent['kind'] or 'unknown'})"),
                             icon=":material/arrow_upward:", query_params=url_state.followed(entity=parent["key"]))
    children = entity["children"]
    if children:
        st.caption(f"Made of {plural(len(children), 'part')} (sites, phases, clusters)")
        columns = st.columns(3)
        for i, child in enumerate(children[:CHILDREN_SHOWN]):
            columns[i % 3].page_link(
                THIS_PAGE, label=escape_markdown(f"{child['name']} ({child['kind'] or 'unknown'}, {plural(child['claims'], 'claim')})"),
                icon=":material/subdirectory_arrow_right:", query_params=url_state.followed(entity=child["key"]))
        if len(children) > CHILDREN_SHOWN:
            st.caption(f"and {len(children) - CHILDREN_SHOWN:,} more.")
    # page_link labels render markdown: names from articles and the registry are escaped
    st.page_link(DISPUTES_PAGE, label="Its disputes", icon=":material/compare_arrows:",
                 query_params=url_state.followed(subject=entity["name"]))


def _status(row: dict[str, Any]) -> str:
    if row["contested"]:
        return "contested"
    if row["publishers"] >= 2 or row["corroboration"] >= 1:
        return "agreed"
    return "one source"


def _figures_table(consensus: list[dict[str, Any]], planned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "Attribute": _capital(attribute_label(r["attribute"])),
            "Hardware": r["hardware"],
            "Figure": _consensus_cell(r),
            "Status": _status(r),
            "As of": format_date(r["as_of"]),
            "Claims": r["claims"],
            "Publishers": r["publishers"],
        }
        for r in consensus
    ]
    rows += [
        {
            "Attribute": _capital(attribute_label(p["attribute"])),
            "Hardware": p["hardware"],
            "Figure": format_value(p["attribute"], p["value"]) if p["value"] is not None else p["value_text"],
            "Status": "planned",
            "As of": format_date(p["as_of"]),
            "Claims": 1,
            "Publishers": 1,
        }
        for p in planned
    ]
    return sorted(rows, key=lambda r: (r["Attribute"], r["Hardware"] or "", r["Status"]))


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _consensus_cell(r: dict[str, Any]) -> str:
    """The settled value, or, while an open contradiction stands among the claims, the range they span."""
    if r["contested"]:
        if r["low_value"] is None:
            return "contested"
        return f"{format_value(r['attribute'], r['low_value'])} – {format_value(r['attribute'], r['high_value'])}"
    if r["median_value"] is not None:
        return format_value(r["attribute"], r["median_value"])
    return r["text_value"]


def timeline_key(subject_key: str, attribute: str) -> str:
    """Widget key of the expander holding one attribute's timeline, past the first TIMELINES_DRAWN."""
    return f"entities.timeline.{subject_key}.{attribute}"


def _timeline(attribute: str, points: list[dict[str, Any]], band: Any, title: bool = True) -> None:
    label = attribute_label(attribute)
    if title:
        st.subheader(_capital(label), anchor=False)
    drawable = [p for p in points if p["as_of"] is not None]
    if not drawable:
        st.text(f"No dated {label} figures for this subject.")
        return
    st.vega_lite_chart(spec=charts.claim_timeline(drawable, attribute, band, height=280), width="stretch")


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
