"""Contradictions page: pairs of publishers that disagree about the same figure at the same time."""
from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import data
from dashboard.formatting import (
    ATTRIBUTE_UNITS,
    attribute_label,
    escape_markdown,
    format_count,
    format_date,
    format_severity,
    format_value,
    safe_link,
)
from db import triage
from db.errors import DatabaseError
from db.reader import ContradictionFilter, ContradictionSummary

SUBJECT_KEY = "contradictions.subjects"
ATTRIBUTE_KEY = "contradictions.attributes"
SEVERITY_KEY = "contradictions.min_severity"
DATES_KEY = "contradictions.as_of"
STATUS_KEY = "contradictions.statuses"
PAGE_KEY = "contradictions.page"
FLASH_KEY = "contradictions.flash"

# Pairs drawn per page: each is a dozen widgets, and a database of a million claims has
# hundreds of thousands of pairs; the filters and the page number reach the rest.
PAGE_SIZE = 5

STATUSES = ("open", "confirmed", "resolved", "dismissed")
DEFAULT_STATUSES = ["open", "confirmed"]
OPEN_STATUSES = ("open", "confirmed")

NONE_FOUND = "No contradictions found: no two publishers disagree about the same figure at the same time."
NONE_MATCH = "No contradictions match these filters."

_DONE = {"confirmed": "Confirmed", "resolved": "Resolved", "dismissed": "Dismissed", "open": "Reopened"}


def triage_key(action: str, conflict_id: str) -> str:
    """Widget key of a triage control (confirm, resolve, dismiss, reopen, note, value) of one pair."""
    return f"triage.{action}.{conflict_id}"


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Contradictions")
    st.caption(
        "Claims from different publishers about the same subject, attribute and hardware, "
        "with the same modality and close as-of dates (what happens once: whenever reported), whose "
        "figures disagree beyond what their stated precision covers, whose dates cannot overlap, or "
        "whose places exclude each other."
    )
    try:
        summary = data.load_contradiction_summary(path)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash, icon=":material/task_alt:")
    _headline(summary)
    if not summary.total:
        st.info(NONE_FOUND, icon=":material/check_circle:")
        data.footer(path)
        return

    chosen = _filters(summary.subjects, summary.attributes)
    try:
        page, matching, rows = _page(path, chosen)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    pages = max(1, -(-matching // PAGE_SIZE))
    if pages > 1:
        st.number_input("Page", min_value=1, max_value=pages, step=1, key=PAGE_KEY)
    if not rows:
        st.caption(f"None of the {summary.total:,} contradictions match these filters.")
        st.info(NONE_MATCH, icon=":material/filter_alt_off:")
    else:
        first = (page - 1) * PAGE_SIZE + 1
        st.caption(f"Showing {first:,}–{first + len(rows) - 1:,} of the {matching:,} contradictions matching "
                   f"({summary.total:,} in all; page {page:,} of {pages:,}), most severe first.")
    for row in rows:
        _contradiction(path, row)
    data.footer(path)


def _page(path: str, chosen: ContradictionFilter) -> tuple[int, int, list[dict[str, Any]]]:
    """The page number shown, how many pairs match, and that page's pairs."""
    page = int(st.session_state.get(PAGE_KEY) or 1)
    matching, rows = data.load_contradiction_page(path, chosen, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    last = max(1, -(-matching // PAGE_SIZE))
    if page > last:
        # the filters narrowed the list below the page asked for: show its last page instead
        page = st.session_state[PAGE_KEY] = last
        matching, rows = data.load_contradiction_page(path, chosen, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return page, matching, rows


def _headline(summary: ContradictionSummary) -> None:
    articles, claims, open_ = st.columns(3)
    articles.metric("Articles", format_count(summary.articles))
    claims.metric("Claims", format_count(summary.claims))
    # open = not yet settled by a researcher: open or confirmed, as in the open_contradictions view
    open_.metric("Open contradictions", format_count(summary.open))


def _filters(subjects: list[str], attributes: list[str]) -> ContradictionFilter:
    subject_col, attribute_col, severity_col = st.columns(3)
    # Options are the subjects and attributes of the contradictions, so every choice has one behind it.
    chosen_subjects = subject_col.multiselect("Subject", subjects, key=SUBJECT_KEY, placeholder="All subjects")
    chosen_attributes = attribute_col.multiselect(
        "Attribute", attributes, format_func=attribute_label, key=ATTRIBUTE_KEY, placeholder="All attributes",
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
    dates_col, status_col = st.columns([1, 2])
    # An empty range means every date, so new contradictions are never hidden by a stale default.
    dates = tuple(dates_col.date_input(
        "As-of dates", value=(), format="YYYY-MM-DD", key=DATES_KEY,
        help="Shows pairs whose as-of dates overlap this range; leave empty for every date.",
    ) or ())
    statuses = status_col.multiselect(
        "Status", list(STATUSES), default=DEFAULT_STATUSES, key=STATUS_KEY, placeholder="Every status",
        help="open: not triaged yet; confirmed: a real disagreement; resolved: the correct value is known; "
             "dismissed: not a contradiction.",
    )
    # while the user has picked only the start of the range, it is open-ended
    return ContradictionFilter(
        subjects=tuple(chosen_subjects), attributes=tuple(chosen_attributes), min_severity=min_severity,
        start=dates[0] if dates else None, end=dates[1] if len(dates) > 1 else None, statuses=tuple(statuses),
    )


def _title(row: dict[str, Any]) -> str:
    parts = [row["subject"], attribute_label(row["attribute"])]
    if row["hardware"]:
        parts.append(row["hardware"])
    return " · ".join(parts)


def _contradiction(path: str, row: dict[str, Any]) -> None:
    with st.container(border=True, key=f"pair-{row['conflict_id']}"):
        heading, severity = st.columns([4, 1])
        # Subject and hardware names come from article text: escaped, since headings render markdown.
        heading.subheader(escape_markdown(_title(row)), anchor=False)
        severity.metric("Severity", format_severity(row["severity"]))
        # why it conflicts, from the view's own words (gap, tolerance and its reason, periods, places)
        st.text(why_line(row))
        left, right = st.columns(2)
        for column, side, label in ((left, "a", "Claim A"), (right, "b", "Claim B")):
            with column:
                _claim(path, row, side, label)
        _triage(path, row)


def why_line(row: dict[str, Any]) -> str:
    """Why two claims conflict, in one line: the kind, the view's reason and the days between them."""
    kind = "Unit slip" if row.get("kind") == "unit_slip" else "Disagreement"
    days = row.get("days_apart")
    when = f" · {days} days between the two claims" if days is not None else " · compared whenever reported"
    return f"{kind}: {row.get('why') or 'beyond the tolerance'}{when}"


def _claim(path: str, row: dict[str, Any], side: str, label: str) -> None:
    # Everything below that comes from an article goes through st.text, which never
    # interprets markdown or HTML; labels passed to markdown-aware calls are our own.
    value = row[f"value_{side}"]
    # online dates and places have no number: their text is the value (still shown as plain text)
    st.metric(label, row.get(f"text_{side}") or "?" if value is None else format_value(row["attribute"], value))
    # one text element for the claim's facts and one for its quote: every element costs the
    # browser layout time, and a page draws ten claims
    st.text(f"Modality: {row['modality']}\nPublisher: {row[f'publisher_{side}']}\n"
            f"As of: {format_date(row[f'as_of_{side}'])}\nQuote:")
    st.text(row[f"quote_{side}"])
    url = row[f"url_{side}"]
    link = safe_link(url)
    if link:
        # the same article can sit in several pairs, so the key names the pair, not the URL
        key = f"link.{row['claim_a']}.{row['claim_b']}.{side}"
        st.link_button("Open article", link, icon=":material/open_in_new:", key=key)
    elif url:
        st.text(f"Article (not a web link): {url}")
    wrong, right = st.columns(2)
    claim_id = row[f"claim_{side}"]
    for column, verdict, text in ((wrong, "wrong", "Figure wrong"), (right, "right", "Figure right")):
        if column.button(text, key=f"claimverdict.{verdict}.{row['conflict_id']}.{side}",
                         help=f"This claim is {verdict}: settles every contradiction it is in."):
            _judge_claim(path, row, claim_id, verdict)


def _judge_claim(path: str, row: dict[str, Any], claim_id: str, verdict: str) -> None:
    """Write a verdict on one claim, then reload every cached read so every pair it is in shows it."""
    try:
        triage.set_claim_verdict(path, claim_id, verdict)
    except (triage.TriageError, DatabaseError) as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    st.cache_data.clear()
    st.session_state[FLASH_KEY] = f"Claim judged {verdict}: {escape_markdown(_title(row))}"
    st.rerun()


def _triage(path: str, row: dict[str, Any]) -> None:
    cid, status = row["conflict_id"], row["status"]
    verdict = f"Status: {status}"
    if status == "resolved":
        verdict += f" · correct value {format_value(row['attribute'], row['correct_value'])}"
    st.text(verdict)
    if row["note"]:
        # the note is free text typed by a researcher: shown as text like article content
        st.text(f"Note: {row['note']}")
    unit = ATTRIBUTE_UNITS.get(row["attribute"], "")
    note_col, value_col, *buttons = st.columns([4, 2, 1, 1, 1, 1], vertical_alignment="bottom")
    note = note_col.text_input("Note (optional)", key=triage_key("note", cid), placeholder="Why, in a few words")
    value = value_col.number_input(
        f"Correct value ({unit})" if unit else "Correct value", value=None, step=1.0,
        key=triage_key("value", cid), help="Needed to resolve: the figure that is right, in the attribute's unit.",
    )
    confirm, resolve, dismiss, reopen = buttons
    action = None
    if confirm.button("Confirm", key=triage_key("confirm", cid), disabled=status == "confirmed",
                      help="A real disagreement between the sources."):
        action = ("confirmed", None)
    if resolve.button("Resolve", key=triage_key("resolve", cid),
                      help="The correct value is known: enter it first."):
        action = ("resolved", value)
    if dismiss.button("Dismiss", key=triage_key("dismiss", cid), disabled=status == "dismissed",
                      help="Not a contradiction (different things, a misreading ...)."):
        action = ("dismissed", None)
    if reopen.button("Reopen", key=triage_key("reopen", cid), disabled=status == "open",
                     help="Forget the verdict."):
        action = ("open", None)
    if action is not None:
        _decide(path, row, *action, note)


def _decide(path: str, row: dict[str, Any], status: str, value: float | None, note: str) -> None:
    """Write the verdict, then reload every cached read so the page shows it."""
    try:
        if status == "open":
            triage.clear_verdict(path, row["claim_a"], row["claim_b"])
        else:
            triage.set_verdict(path, row["claim_a"], row["claim_b"], status, correct_value=value, note=note or None)
    except (triage.TriageError, DatabaseError) as exc:
        # the message can embed the path and DuckDB's words: escaped, since alerts render markdown
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    st.cache_data.clear()
    st.session_state[FLASH_KEY] = f"{_DONE[status]}: {escape_markdown(_title(row))}"
    st.rerun()


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
