"""Search page: articles and claim quotes matching words, hits highlighted, narrowed by facets.

The query, the facets and the page number live in the URL (st.query_params), so a reload keeps
them and a link reproduces the view.
"""
from __future__ import annotations

import html
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.formatting import attribute_label, format_date, format_value, highlight_html, plural, snippet_html
from db.errors import DatabaseError
from db.search import FACETS, SearchFilter, SearchResult, match_spans

PAGE_SIZE = 20
QUERY_KEY = "q"
PAGE_KEY = "page"
DATE_KEYS = ("from", "to")  # months, YYYY-MM
FACET_LABELS = {"publisher": "Publisher", "lang": "Language", "attribute": "Attribute", "modality": "Modality",
                "owner": "Owner", "country": "Country"}
ANY_MONTH = "any"
LAST_KEY = "search.last"  # the query and choices of the previous run

NO_MATCH = "No article matches these words and choices."
NO_ARTICLES = "No articles yet: run `infratrack crawl` or `infratrack demo`."
HELP = ("Every word must appear in the title or the text, in any order; case and accents do not matter. "
        "End a word with * to match every word it begins (hyper* finds Hyperion).")

_HIT_HTML = """<div class="infratrack-hit" style="margin-bottom: 1.1em">
<div><a href="{link}" target="_self"><strong>{title}</strong></a></div>
<div><small>{meta}</small></div>
<div class="infratrack-snippet">{snippet}</div>
</div>"""

_QUOTE_HTML = """<div class="infratrack-quote" style="margin-bottom: 0.8em">
<div>“{quote}”</div>
<div><small>{meta} · <a href="{link}" target="_self">{title}</a></small></div>
</div>"""


def _widget_key(name: str) -> str:
    return f"search.{name}"


def _from_url() -> None:
    """Seed the widgets from the URL on the session's first run of this page (or after a reload)."""
    params = st.query_params
    defaults: dict[str, Any] = {QUERY_KEY: params.get(QUERY_KEY, "")}
    for name in FACETS:
        defaults[name] = [v for v in params.get_all(name) if v]
    for name in DATE_KEYS:
        defaults[name] = params.get(name, ANY_MONTH)
    for name, value in defaults.items():
        st.session_state.setdefault(_widget_key(name), value)


def _month(value: str, end: bool) -> date | None:
    """The first (or last) day of a YYYY-MM month; None for any other text."""
    try:
        year, month = (int(x) for x in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    if not end:
        return first
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _chosen() -> SearchFilter:
    state = st.session_state
    return SearchFilter(
        **{name: tuple(state[_widget_key(name)]) for name in FACETS},
        start=_month(state[_widget_key("from")], end=False),
        end=_month(state[_widget_key("to")], end=True),
    )


def _to_url(query: str, page: int) -> None:
    """Write the current state into the URL, leaving out what is empty."""
    state = st.session_state
    wanted: dict[str, Any] = {}
    if query:
        wanted[QUERY_KEY] = query
    for name in FACETS:
        if state[_widget_key(name)]:
            wanted[name] = list(state[_widget_key(name)])
    for name in DATE_KEYS:
        if state[_widget_key(name)] != ANY_MONTH:
            wanted[name] = state[_widget_key(name)]
    if page > 1:
        wanted[PAGE_KEY] = str(page)
    current = {k: (st.query_params.get_all(k) if k in FACETS else st.query_params.get(k)) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Search")
    _from_url()
    query = st.text_input("Search articles and quotes", key=_widget_key(QUERY_KEY), placeholder="e.g. Colossus H100",
                          help=HELP).strip()
    try:
        page = max(1, int(st.query_params.get(PAGE_KEY, "1")))
    except ValueError:
        page = 1
    chosen = _chosen()
    # a new query or choice starts again from the first page
    if st.session_state.get(LAST_KEY, (query, chosen)) != (query, chosen):
        page = 1
    st.session_state[LAST_KEY] = (query, chosen)
    try:
        result = data.load_search(path, query, chosen, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if result.total and (page - 1) * PAGE_SIZE >= result.total:
        page = 1  # a narrower choice than the link was made with: back to the first page
        result = data.load_search(path, query, chosen, PAGE_SIZE, 0)

    facets_column, results_column = st.columns([1, 3], gap="large")
    with facets_column:
        _facets(result)
    _to_url(query, page)
    with results_column:
        _results(result, query, page)
    data.footer(path)


def _facets(result: SearchResult) -> None:
    st.subheader("Narrow", anchor=False)
    for name in FACETS:
        counts = dict(result.facets[name])
        label = attribute_label if name == "attribute" else str
        st.multiselect(
            FACET_LABELS[name], list(counts), key=_widget_key(name),
            format_func=lambda v, counts=counts, label=label: f"{label(v)} ({counts.get(v, 0):,})",
        )
    months = [m.strftime("%Y-%m") for m, _ in result.months]
    for name, title in zip(DATE_KEYS, ("Published from", "Published until")):
        current = st.session_state[_widget_key(name)]
        options = [ANY_MONTH, *sorted(set(months) | ({current} - {ANY_MONTH}))]
        st.selectbox(title, options, key=_widget_key(name),
                     format_func=lambda m: "any month" if m == ANY_MONTH else m)
    if result.months:
        st.caption("Articles per month (every choice but the months applied)")
        chart = pd.DataFrame({"month": [m.strftime("%Y-%m") for m, _ in result.months],
                              "articles": [n for _, n in result.months]})
        st.bar_chart(chart, x="month", y="articles", height=180, x_label="", y_label="articles")


def _article_link(article_id: str) -> str:
    # relative to this page's URL, so it works under any base path
    return "articles?" + urlencode({"article": article_id})


def _results(result: SearchResult, query: str, page: int) -> None:
    if not result.total:
        st.info(NO_MATCH if query or _any_choice() else NO_ARTICLES, icon=":material/search_off:")
        return
    shown_to = min(result.total, page * PAGE_SIZE)
    st.caption(f"{plural(result.total, 'article')} {'matches' if result.total == 1 else 'match'}, newest first; "
               f"{(page - 1) * PAGE_SIZE + 1:,} to {shown_to:,} shown.")
    for art in result.articles:
        title = art["title"] or "(untitled)"
        meta = " · ".join(x for x in (art["publisher"], format_date(art["published_on"]), art["lang"],
                                      plural(art["claims"], "claim")) if x)
        # everything from the page goes through html.escape (in highlight_html and snippet_html)
        st.html(_HIT_HTML.format(
            link=html.escape(_article_link(art["article_id"]), quote=True),
            title=highlight_html(title, [(s, e, "") for s, e in match_spans(title, result.words)]),
            meta=html.escape(meta),
            snippet=snippet_html(art["text"], match_spans(art["text"], result.words)),
        ))
    _pager(result, page)
    if result.words:
        st.subheader(f"Quotes ({plural(len(result.quotes), 'claim')} of these articles)", anchor=False)
        if not result.quotes:
            st.text("No claim's quote holds every word.")
        for q in result.quotes:
            value = format_value(q["attribute"], q["value"]) if q["value"] is not None else q["value_text"]
            meta = " · ".join(x for x in (q["subject"], attribute_label(q["attribute"]), value, q["modality"],
                                          q["publisher"], format_date(q["published_on"])) if x)
            st.html(_QUOTE_HTML.format(
                quote=highlight_html(q["quote"], [(s, e, "") for s, e in match_spans(q["quote"], result.words)]),
                meta=html.escape(meta), link=html.escape(_article_link(q["article_id"]), quote=True),
                title=html.escape(q["title"] or "(untitled)"),
            ))


def _any_choice() -> bool:
    state = st.session_state
    return any(state[_widget_key(n)] for n in FACETS) or any(state[_widget_key(n)] != ANY_MONTH for n in DATE_KEYS)


def _pager(result: SearchResult, page: int) -> None:
    pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
    if pages <= 1:
        return
    previous, where, following = st.columns([1, 2, 1])
    if previous.button("Previous", disabled=page <= 1, key="search.previous", icon=":material/chevron_left:"):
        st.query_params[PAGE_KEY] = str(page - 1)
        st.rerun()
    where.caption(f"Page {page:,} of {pages:,}")
    if following.button("Next", disabled=page >= pages, key="search.next", icon=":material/chevron_right:"):
        st.query_params[PAGE_KEY] = str(page + 1)
        st.rerun()


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
