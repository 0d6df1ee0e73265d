"""Disputes page: each figure at odds with other sources, shown once with all of them and why; every
source's claim about a subject in time with the consensus band; one claim or one dispute by permalink.

The page keeps its url_path "contradictions" so older links still open it. Its state is in the URL:
filters (subject, attribute, min_severity, from, to, status, page), the chart (series) and what is
open (claim=ID, dispute=ID, the id of the claim a dispute is about)."""
from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import charts, data, url_state
from dashboard.formatting import (
    ATTRIBUTE_UNITS,
    attribute_label,
    escape_markdown,
    format_count,
    format_date,
    format_severity,
    format_value,
    plural,
    safe_link,
)
from dashboard.reasons import conflict_reason
from db import triage
from db.disputes import Dispute
from db.errors import DatabaseError
from db.reader import ContradictionFilter, ContradictionSummary

URL_PATH = "contradictions"
ARTICLES_PAGE = "views/articles.py"  # the stored copy: ?article=ID on the Articles page (url_path articles)
THIS_PAGE = "views/contradictions.py"
ENTITIES_PAGE = "views/entities.py"

SUBJECT_KEY = "contradictions.subjects"
ATTRIBUTE_KEY = "contradictions.attributes"
SEVERITY_KEY = "contradictions.min_severity"
DATES_KEY = "contradictions.as_of"
STATUS_KEY = "contradictions.statuses"
PAGE_KEY = "contradictions.page"
FLASH_KEY = "contradictions.flash"
SERIES_KEY = "disputes.series"
PICK_KEY = "disputes.pick_claim"
CHART_KEY = "disputes.chart"
SEEN_KEY = "disputes.chart_seen"

# Disputes drawn per page: each holds a claim, its rivals and their triage controls; the filters
# and the page number reach the rest.
PAGE_SIZE = 5
# Rivals drawn per dispute, the most severe first: at a million claims one figure can stand against
# a hundred sources, and a card per rival made the page take minutes to draw. The rest are counted.
RIVALS_SHOWN = 3
RIVALS_SHOWN_ALONE = 50  # on the dispute's own page

STATUSES = ("open", "confirmed", "resolved", "dismissed")
DEFAULT_STATUSES = ["open", "confirmed"]

NONE_FOUND = "No contradictions found: no two publishers disagree about the same figure at the same time."
NONE_MATCH = "No contradictions match these filters."
NO_DISPUTE = "This claim is in no contradiction (the link may be older than a re-extraction)."
NO_CLAIM = "No claim with this id (the link may be older than a re-extraction)."

_DONE = {"confirmed": "Confirmed", "resolved": "Resolved", "dismissed": "Dismissed", "open": "Reopened"}


def triage_key(action: str, conflict_id: str) -> str:
    """Widget key of a triage control (confirm, resolve, dismiss, reopen, note, value) of one pair."""
    return f"triage.{action}.{conflict_id}"


def verdict_key(verdict: str, claim_id: str) -> str:
    """Widget key of a claim verdict button (wrong, right, clear) of one claim."""
    return f"claimverdict.{verdict}.{claim_id}"


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Disputes")
    st.caption(
        "Claims from different publishers about the same subject, attribute and hardware, with the same "
        "modality and close as-of dates (what happens once: whenever reported), whose figures disagree beyond "
        "what their stated precision covers, whose dates cannot overlap, or whose places exclude each other. "
        "A figure that disagrees with several sources is one dispute listing all of them."
    )
    try:
        summary = data.load_contradiction_summary(path)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash, icon=":material/task_alt:")
    _headline(summary)
    linked = url_state.take_link()
    claim_id, dispute_id = url_state.read("claim"), url_state.read("dispute")
    url_state.write("claim", claim_id)
    url_state.write("dispute", dispute_id)
    try:
        if claim_id:
            _claim_panel(path, claim_id)
        if dispute_id:
            _one_dispute(path, dispute_id)
            data.footer(path)
            return
        if not summary.total:
            st.info(NONE_FOUND, icon=":material/check_circle:")
            data.footer(path)
            return
        chosen = _filters(summary.subjects, summary.attributes, linked)
        _series(path, chosen, linked)
        _listing(path, chosen, summary, linked)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    data.footer(path)


def _headline(summary: ContradictionSummary) -> None:
    articles, claims, open_ = st.columns(3)
    articles.metric("Articles", format_count(summary.articles))
    claims.metric("Claims", format_count(summary.claims))
    # open = not yet settled by a researcher: open or confirmed, as in the open_contradictions view
    open_.metric("Open contradictions", format_count(summary.open),
                 help="Pairs of claims not resolved or dismissed; a dispute gathers every pair of one claim.")


# --- Filters, all mirrored in the URL ------------------------------------------------------------

def _filters(subjects: list[str], attributes: list[str], linked: bool) -> ContradictionFilter:
    url_state.seed(SUBJECT_KEY, "subject", many=True, allowed=subjects, linked=linked)
    url_state.seed(ATTRIBUTE_KEY, "attribute", many=True, allowed=attributes, linked=linked)
    url_state.seed(SEVERITY_KEY, "min_severity", parse=lambda t: min(1.0, max(0.0, round(float(t) / 0.05) * 0.05)),
                   linked=linked)
    url_state.seed(STATUS_KEY, "status", many=True, allowed=STATUSES, linked=linked)
    if linked:
        st.session_state.pop(DATES_KEY, None)
    if DATES_KEY not in st.session_state and url_state.read("from"):
        try:
            start = url_state.parse_date(url_state.read("from"))
            end = url_state.parse_date(url_state.read("to")) if url_state.read("to") else None
            st.session_state[DATES_KEY] = (start, end) if end else (start,)
        except ValueError:
            pass  # a hand-edited link: every date
    subject_col, attribute_col, severity_col = st.columns(3)
    # Options are the subjects and attributes of the contradictions, so every choice has one behind it.
    chosen_subjects = subject_col.multiselect("Subject", subjects, key=SUBJECT_KEY, placeholder="All subjects")
    chosen_attributes = attribute_col.multiselect(
        "Attribute", attributes, format_func=attribute_label, key=ATTRIBUTE_KEY, placeholder="All attributes",
    )
    slider_args = {} if SEVERITY_KEY in st.session_state else {"value": 0.0}
    min_severity = severity_col.slider(
        "Minimum severity", min_value=0.0, max_value=1.0, step=0.05, format="%.2f", key=SEVERITY_KEY,
        help="Severity is the gap between the two figures relative to the larger one: 0.50 means one is half the other.",
        **slider_args,
    )
    dates_col, status_col = st.columns([1, 2])
    # An empty range means every date, so new contradictions are never hidden by a stale default.
    date_args = {} if DATES_KEY in st.session_state else {"value": ()}
    dates = tuple(dates_col.date_input(
        "As-of dates", format="YYYY-MM-DD", key=DATES_KEY,
        help="Shows pairs whose as-of dates overlap this range; leave empty for every date.", **date_args,
    ) or ())
    status_args = {} if STATUS_KEY in st.session_state else {"default": DEFAULT_STATUSES}
    statuses = status_col.multiselect(
        "Status", list(STATUSES), key=STATUS_KEY, placeholder="Every status",
        help="open: not triaged yet; confirmed: a real disagreement; resolved: the correct value is known; "
             "dismissed: not a contradiction.", **status_args,
    )
    url_state.write("subject", chosen_subjects)
    url_state.write("attribute", chosen_attributes)
    url_state.write("min_severity", min_severity, default=0.0)
    url_state.write("from", dates[0] if dates else None)
    url_state.write("to", dates[1] if len(dates) > 1 else None)
    # the default statuses are left out of the URL; none at all is written as a marker, not dropped
    url_state.write("status", statuses if statuses else ["any"], default=DEFAULT_STATUSES)
    # while the user has picked only the start of the range, it is open-ended
    return ContradictionFilter(
        subjects=tuple(chosen_subjects), attributes=tuple(chosen_attributes), min_severity=min_severity,
        start=dates[0] if dates else None, end=dates[1] if len(dates) > 1 else None, statuses=tuple(statuses),
    )


# --- The chart: every claim of one subject and attribute in time -------------------------------

def _series_label(series: dict[str, Any]) -> str:
    return (f"{series['subject']} · {attribute_label(series['attribute'])} "
            f"({plural(series['pairs'], 'contradiction')})")


def _series(path: str, chosen: ContradictionFilter, linked: bool) -> None:
    options = [s for s in data.load_disputed_series(path)
               if (not chosen.subjects or s["subject"] in chosen.subjects)
               and (not chosen.attributes or s["attribute"] in chosen.attributes)]
    if not options:
        return
    st.header("Every source in time", anchor=False)
    by_id = {f"{s['subject_key']}:{s['attribute']}": s for s in options}
    url_state.seed(SERIES_KEY, "series", allowed=by_id, linked=linked)
    chosen_id = st.selectbox("Subject and attribute", list(by_id), key=SERIES_KEY,
                             format_func=lambda k: _series_label(by_id[k]) if k in by_id else k)
    url_state.write("series", chosen_id, default=next(iter(by_id)))
    series = by_id[chosen_id]
    _chart(path, series["subject_key"], series["attribute"], key=f"{CHART_KEY}.{chosen_id}")


def _chart(path: str, subject_key: str, attribute: str, key: str, focus: str | None = None) -> None:
    points, band = data.load_claim_series(path, subject_key, attribute, focus)
    drawable = [p for p in points if p["as_of"] is not None]
    if not drawable:
        st.text("No dated figures to draw for this subject and attribute.")
        return
    if band is not None:
        hardware = f" {band.hardware}" if band.hardware else ""
        st.caption(
            f"Shaded: the consensus of {plural(band.publishers, 'publisher')} agreeing on "
            f"{escape_markdown(format_value(attribute, band.median))}{escape_markdown(hardware)} "
            f"({escape_markdown(format_value(attribute, band.low))} to {escape_markdown(format_value(attribute, band.high))}, "
            f"their rounding and the floor), {format_date(band.start)} to {format_date(band.end)}. "
            "Ringed in red: figures that contradict it. Click a point to open its claim."
        )
    else:
        st.caption("No two publishers agree on a figure here, so no consensus is drawn. Click a point to open its claim.")
    event = st.vega_lite_chart(spec=charts.claim_timeline(drawable, attribute, band, focus=focus), width="stretch",
                               key=key, on_select="rerun", selection_mode=charts.SELECTION)
    _open_selected(event, key)
    by_id = {p["claim_id"]: p for p in points}
    labels = {cid: f"{format_date(p['as_of'])} · {p['publisher']} · {format_value(attribute, p['value'] or p['point'])}"
                   f"{' · ' + p['hardware'] if p['hardware'] else ''} · {p['modality']}" for cid, p in by_id.items()}
    current = url_state.read("claim")
    pick_key = f"{PICK_KEY}.{key}"
    if current in by_id:
        st.session_state[pick_key] = current
    elif pick_key in st.session_state:
        st.session_state[pick_key] = None
    # option labels are shown as plain text by the selectbox, never as markdown
    st.selectbox("Open a claim", list(by_id), index=None, key=pick_key, placeholder="Pick a claim of the chart",
                 format_func=lambda cid: labels.get(cid, cid), on_change=_picked, args=(pick_key,))


def _picked(pick_key: str) -> None:
    url_state.write("claim", st.session_state.get(pick_key))


def _open_selected(event: Any, key: str) -> None:
    """A click on a point opens its claim; only a new click does, so closing the claim sticks."""
    picked = []
    selection = getattr(event, "selection", None) or {}
    for point in selection.get(charts.SELECTION, []) or []:
        if isinstance(point, dict) and point.get("claim_id"):
            picked.append(point["claim_id"])
    seen_key = f"{SEEN_KEY}.{key}"
    if picked and picked != st.session_state.get(seen_key):
        st.session_state[seen_key] = picked
        url_state.write("claim", picked[0])
        st.rerun()
    if not picked:
        st.session_state.pop(seen_key, None)


# --- The list of disputes ------------------------------------------------------------------------

def _listing(path: str, chosen: ContradictionFilter, summary: ContradictionSummary, linked: bool) -> None:
    st.header("Disputes", anchor=False)
    url_state.seed(PAGE_KEY, "page", parse=int, linked=linked)
    page = max(1, int(st.session_state.get(PAGE_KEY) or 1))
    matching, pairs, disputes = data.load_dispute_page(path, chosen, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                                           rivals=RIVALS_SHOWN)
    pages = max(1, -(-matching // PAGE_SIZE))
    if page > pages:
        # the filters narrowed the list below the page asked for: show its last page instead
        page = pages
        matching, pairs, disputes = data.load_dispute_page(path, chosen, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                                           rivals=RIVALS_SHOWN)
    if pages > 1:
        st.session_state[PAGE_KEY] = page
        st.number_input("Page", min_value=1, max_value=pages, step=1, key=PAGE_KEY)
    else:
        st.session_state.pop(PAGE_KEY, None)
    url_state.write("page", page, default=1)
    if not disputes:
        st.caption(f"None of the {plural(summary.total, 'contradiction')} match these filters.")
        st.info(NONE_MATCH, icon=":material/filter_alt_off:")
        return
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(f"Showing disputes {first:,}–{first + len(disputes) - 1:,} of {matching:,} "
               f"({plural(pairs, 'contradiction')} matching, {summary.total:,} in all; page {page:,} of {pages:,}), "
               "most severe first.")
    for dispute in disputes:
        _dispute_card(path, dispute)


def _title(subject: str, attribute: str, hardware: str | None) -> str:
    parts = [subject, attribute_label(attribute)]
    if hardware:
        parts.append(hardware)
    return " · ".join(parts)


def _figure(attribute: str, claim: dict[str, Any]) -> str:
    # online dates and places have no number: their text is the value (still shown as plain text)
    if claim.get("value") is None:
        return claim.get("text") or claim.get("value_text") or "?"
    return format_value(attribute, claim["value"])


def _dispute_card(path: str, dispute: Dispute, focused: bool = False) -> None:
    claim = dispute.claim
    with st.container(border=True, key=f"dispute-{dispute.dispute_id}"):
        heading, severity = st.columns([4, 1])
        # Subject and hardware names come from article text: escaped, since headings render markdown.
        heading.subheader(escape_markdown(_title(dispute.subject, dispute.attribute, dispute.hardware)), anchor=False)
        more = f", and {plural(dispute.more_rivals, 'more', 'more')}" if dispute.more_rivals else ""
        heading.caption(
            f"{escape_markdown(_figure(dispute.attribute, claim))} from {escape_markdown(claim['publisher'])} "
            f"disagrees with {plural(dispute.rival_count, 'source')}: "
            + ", ".join(f"{escape_markdown(_figure(dispute.attribute, r))} ({escape_markdown(r['publisher'])})"
                        for r in dispute.rivals) + more
        )
        severity.metric("Severity", format_severity(dispute.severity))
        left, right = st.columns([2, 3])
        with left:
            _claim_block(path, dispute.attribute, claim, "Disputed figure", dispute.dispute_id)
            links = st.columns(2)
            if not focused:
                links[0].page_link(THIS_PAGE, label="Permalink", icon=":material/link:",
                                   query_params={"dispute": dispute.dispute_id})
            links[1].page_link(ENTITIES_PAGE, label="Entity", icon=":material/hub:",
                               query_params=url_state.followed(entity=dispute.subject_key))
        with right:
            for rival in dispute.rivals:
                with st.container(border=True, key=f"rival-{rival['conflict_id']}"):
                    # why they conflict, in words, from the view's columns (gap, tolerance, days, slip, places)
                    st.text(conflict_reason(rival, dispute.attribute))
                    _claim_block(path, dispute.attribute, rival, "Against", dispute.dispute_id)
                    _triage(path, dispute, rival)
            if dispute.more_rivals:
                st.caption(f"{plural(dispute.more_rivals, 'less severe rival')} not shown"
                           + ("." if focused else ": the dispute's permalink lists more."))


def _claim_block(path: str, attribute: str, claim: dict[str, Any], label: str, context: str) -> None:
    # Everything below that comes from an article goes through st.text, which never
    # interprets markdown or HTML; labels passed to markdown-aware calls are our own.
    st.metric(label, _figure(attribute, claim))
    facts = (f"Modality: {claim['modality']}\nPublisher: {claim['publisher']}\n"
             f"As of: {format_date(claim['as_of'])}\n")
    if claim.get("verdict"):
        facts += f"Verdict on this claim: {claim['verdict']}{': ' + claim['verdict_note'] if claim.get('verdict_note') else ''}\n"
    st.text(facts + "Quote:")
    st.text(claim["quote"])
    _claim_links(claim, f"{context}.{claim['claim_id']}")
    _claim_verdict(path, claim, context)


def _claim_links(claim: dict[str, Any], key: str) -> None:
    url = claim.get("url")
    link = safe_link(url)
    article, copy, permalink = st.columns(3)
    if link:
        # the same article can sit in several disputes, so the key names the place, not the URL
        article.link_button("Article", link, icon=":material/open_in_new:", key=f"link.{key}")
    elif url:
        st.text(f"Article (not a web link): {url}")
    if claim.get("article_id"):
        copy.page_link(ARTICLES_PAGE, label="Stored copy", icon=":material/inventory_2:",
                       query_params={"article": claim["article_id"]})
    # opened from a dispute's permalink, the claim opens over that dispute rather than the whole list
    within = {"dispute": url_state.read("dispute")} if url_state.read("dispute") else {}
    permalink.page_link(THIS_PAGE, label="Claim", icon=":material/link:",
                        query_params={**within, "claim": claim["claim_id"]})


def _claim_verdict(path: str, claim: dict[str, Any], context: str, lazy: bool = True) -> None:
    claim_id = claim["claim_id"]
    if lazy:
        # as the pairs' controls: drawn once opened, a card holding four claims
        form = st.expander("Verdict on this claim", key=verdict_key("open", f"{context}.{claim_id}"), on_change="rerun")
        with form:
            if form.open:
                _claim_verdict(path, claim, context, lazy=False)
        return
    wrong, right, clear = st.columns(3)
    for column, verdict, text in ((wrong, "wrong", "Figure wrong"), (right, "right", "Figure right")):
        if column.button(text, key=verdict_key(verdict, f"{context}.{claim_id}"), disabled=claim.get("verdict") == verdict,
                         help=f"This claim is {verdict}: settles every contradiction it is in."):
            _judge_claim(path, claim, verdict)
    if claim.get("verdict") and clear.button("Clear verdict", key=verdict_key("clear", f"{context}.{claim_id}")):
        _judge_claim(path, claim, None)


def _judge_claim(path: str, claim: dict[str, Any], verdict: str | None) -> None:
    """Write (or clear) a verdict on one claim, then reload every cached read so every dispute it is in shows it."""
    try:
        if verdict is None:
            triage.clear_claim_verdict(path, claim["claim_id"])
        else:
            triage.set_claim_verdict(path, claim["claim_id"], verdict)
    except (triage.TriageError, DatabaseError) as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    st.cache_data.clear()
    done = f"judged {verdict}" if verdict else "verdict cleared"
    st.session_state[FLASH_KEY] = f"Claim {done}: {escape_markdown(claim['publisher'])}, {escape_markdown(claim['quote'][:80])}"
    st.rerun()


def _triage(path: str, dispute: Dispute, row: dict[str, Any]) -> None:
    cid, status = row["conflict_id"], row["status"]
    verdict = f"Status: {status}"
    if status == "resolved" and row["correct_value"] is not None:
        verdict += f" · correct value {format_value(dispute.attribute, row['correct_value'])}"
    st.text(verdict)
    if row["note"]:
        # the note is free text typed by a researcher: shown as text like article content
        st.text(f"Note: {row['note']}")
    # The controls are drawn only once the expander is opened (it reruns the page): a page of five
    # disputes has fifteen pairs, and their hidden forms were about a hundred widgets for the browser.
    form = st.expander("Verdict on this pair", key=triage_key("open", cid), on_change="rerun")
    with form:
        if not form.open:
            return
        unit = ATTRIBUTE_UNITS.get(dispute.attribute, "")
        note_col, value_col = st.columns([3, 2], vertical_alignment="bottom")
        note = note_col.text_input("Note (optional)", key=triage_key("note", cid), placeholder="Why, in a few words")
        value = value_col.number_input(
            f"Correct value ({unit})" if unit else "Correct value", value=None, step=1.0,
            key=triage_key("value", cid), help="Needed to resolve: the figure that is right, in the attribute's unit.",
        )
        confirm, resolve, dismiss, reopen = st.columns(4)
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
        _decide(path, dispute, row, *action, note)


def _decide(path: str, dispute: Dispute, row: dict[str, Any], status: str, value: float | None, note: str) -> None:
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
    st.session_state[FLASH_KEY] = (f"{_DONE[status]}: {escape_markdown(_title(dispute.subject, dispute.attribute, dispute.hardware))}"
                                   f" ({escape_markdown(row['publisher'])})")
    st.rerun()


# --- Permalinks: one dispute, one claim -------------------------------------------------------------

def _back(label: str, param: str, key: str) -> None:
    if st.button(label, key=key, icon=":material/arrow_back:"):
        url_state.write(param, None)
        st.rerun()


def _one_dispute(path: str, claim_id: str) -> None:
    dispute = data.load_dispute(path, claim_id, RIVALS_SHOWN_ALONE)
    _back("All disputes", "dispute", "disputes.back")
    if dispute is None:
        st.info(NO_DISPUTE, icon=":material/link_off:")
        return
    _dispute_card(path, dispute, focused=True)
    st.header("Every source in time", anchor=False)
    _chart(path, dispute.subject_key, dispute.attribute, key=f"{CHART_KEY}.dispute", focus=claim_id)


def _claim_panel(path: str, claim_id: str) -> None:
    claim = data.load_claim(path, claim_id)
    with st.container(border=True, key="claim-panel"):
        if claim is None:
            st.info(NO_CLAIM, icon=":material/link_off:")
            _back("Close", "claim", "claim.close")
            return
        heading, close = st.columns([5, 1])
        heading.subheader(f"Claim: {escape_markdown(_title(claim['subject'], claim['attribute'], claim['hardware']))}",
                          anchor=False)
        with close:
            _back("Close", "claim", "claim.close")
        figure = _figure(claim["attribute"], claim)
        st.metric("Figure", figure)
        st.text(f"Publisher: {claim['publisher']}\nArticle: {claim['title'] or 'untitled'}\n"
                f"Modality: {claim['modality']}\nHardware: {claim['hardware'] or 'unspecified'}\n"
                f"Level: {claim['level'] or 'unknown'}\nAs of: {format_date(claim['as_of'])}\n"
                f"Verdict on this claim: {claim['verdict'] or 'none'}\nQuote:")
        st.text(claim["quote"])
        _claim_links(claim, "panel")
        links = st.columns(3)
        if data.load_dispute(path, claim_id, RIVALS_SHOWN_ALONE) is not None:
            links[0].page_link(THIS_PAGE, label="Its dispute", icon=":material/compare_arrows:",
                               query_params={"dispute": claim_id})
        links[1].page_link(ENTITIES_PAGE, label="Entity", icon=":material/hub:",
                           query_params=url_state.followed(entity=claim["subject_key"]))
        _claim_verdict(path, claim, "panel", lazy=False)


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
