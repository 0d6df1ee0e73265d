"""Articles page: list the news articles, newest first, and read one (its metadata, its claims
highlighted in its text, and the stored copy of its page as text); /articles?article=ID opens one."""
from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard import data
from dashboard.formatting import (attribute_label, escape_markdown, format_date, format_timestamp, format_value, highlight_html, plural,
                                  safe_link)
from dashboard.page_text import html_to_text
from db.errors import DatabaseError

SEARCH_KEY = "articles.search"
ARTICLE_KEY = "articles.selected"
LINKED_KEY = "articles.linked"  # the linked article and the search it was opened with
ARTICLE_PARAM = "article"  # the URL's query parameter naming the article shown: a permalink

NO_ARTICLES = "No articles yet: run `infratrack crawl` or `infratrack demo`."
NO_MATCH = "No article title or text contains this."

# Our own markup around the escaped article: pre-wrap keeps the paragraph breaks of the text.
_ARTICLE_HTML = """<div class="infratrack-article">
<h3 class="infratrack-title">{title}</h3>
<p class="infratrack-meta"><small>{meta}</small></p>
<div class="infratrack-text" style="white-space: pre-wrap; line-height: 1.6">{body}</div>
</div>"""


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("Articles")
    term = st.text_input(
        "Search titles and text", key=SEARCH_KEY, placeholder="e.g. Hyperion",
        help="Case-insensitive; matches anywhere in the title or the text. Empty lists every article.",
    )
    try:
        found = data.load_article_search(path, term.strip())
    except DatabaseError as exc:
        data.stop_on_database_error(exc)

    linked = st.query_params.get(ARTICLE_PARAM)
    if not found and not linked:
        st.info(NO_MATCH if term.strip() else NO_ARTICLES, icon=":material/search_off:")
        data.footer(path)
        return
    references = data.load_reference_records(path)
    if found:
        note = f"{plural(len(found), 'article')}, newest first."
        if references:
            # reference rows are curated data with claims, not news: counted apart, never listed
            note += f" {plural(references, 'row')} of reference data (e.g. Epoch AI) are not articles and are not listed."
        st.caption(note)
        st.dataframe(
            [{"Title": a["title"], "Publisher": a["publisher"], "Published": a["published_on"], "Claims": a["claims"]}
             for a in found],
            hide_index=True, width="stretch",
        )
    else:
        st.info(NO_MATCH, icon=":material/search_off:")

    labels = {a["article_id"]: _label(a) for a in found}
    if linked and ARTICLE_KEY not in st.session_state:
        # a link (or a reload) opens its article, and keeps it listed until the search changes
        st.session_state[ARTICLE_KEY] = linked
        st.session_state[LINKED_KEY] = (linked, term)
    if st.session_state.get(LINKED_KEY) == (linked, term) and linked not in labels:
        labels = {linked: _linked_label(path, linked), **labels}
    if st.session_state.get(ARTICLE_KEY) not in labels:
        st.session_state.pop(ARTICLE_KEY, None)
    # Option labels are plain text in the selectbox, never markdown.
    chosen = st.selectbox("Article", list(labels), key=ARTICLE_KEY, format_func=lambda k: labels.get(k, k))
    if chosen:
        if st.query_params.get(ARTICLE_PARAM) != chosen:
            st.query_params[ARTICLE_PARAM] = chosen
        _article(path, chosen)
    data.footer(path)


def _linked_label(path: str, article_id: str) -> str:
    try:
        art, _ = data.load_article(path, article_id)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if art is None:
        return "(an article no longer in the database)"
    published = art["published_at"].date() if art["published_at"] else None
    return _label({**art, "published_on": published})


def _label(a: dict[str, Any]) -> str:
    return f"{a['title'] or '(untitled)'} · {a['publisher']} · {format_date(a['published_on'])}"


def _article(path: str, article_id: str) -> None:
    try:
        art, claims = data.load_article(path, article_id)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if art is None:
        st.info("This article is no longer in the database.", icon=":material/search_off:")
        return
    published = art["published_at"].date().isoformat() if art["published_at"] else None
    meta = " · ".join(x for x in (art["publisher"], art["author"], published, art["lang"]) if x)
    spans = [(c["start_offset"], c["end_offset"], attribute_label(c["attribute"])) for c in claims]
    # Built by hand from escaped pieces (highlight_html escapes the text); st.html renders it
    # without reading markdown, so `**x**` in an article stays literal too.
    st.html(_ARTICLE_HTML.format(
        title=html.escape(art["title"] or "(untitled)"),
        meta=html.escape(meta),
        body=highlight_html(art["text"], spans),
    ))
    link = safe_link(art["url"])
    if link:
        st.link_button("Open article", link, icon=":material/open_in_new:", key=f"articles.link.{article_id}")
    elif art["url"]:
        st.text(f"Article (not a web link): {art['url']}")

    st.caption(escape_markdown(f"Permalink: articles?{urlencode({ARTICLE_PARAM: article_id})} · language "
                               f"{art['lang'] or 'unknown'} · {plural(len(claims), 'claim')} · "
                               f"{plural(len(art['text']), 'character')} of text"))
    st.subheader(f"Claims ({len(claims)})", anchor=False)
    if claims:
        st.dataframe(
            [{"Subject": c["subject"], "Attribute": attribute_label(c["attribute"]),
              "Value": format_value(c["attribute"], c["value"]) if c["value"] is not None else c["value_text"],
              "Hardware": c["hardware"] or "", "Modality": c["modality"], "As of": c["as_of"], "Speaker": c["speaker"] or "",
              "Quote": c["quote"]} for c in claims],
            hide_index=True, width="stretch",
        )
    else:
        st.text("No claims were extracted from this article.")
    _stored_copy(path, article_id)


def _stored_copy(path: str, article_id: str) -> None:
    """The page as it was fetched, from the page bodies, shown as text: it outlives the live link."""
    st.subheader("Stored copy", anchor=False)
    try:
        page = data.load_stored_page(path, article_id)
    except DatabaseError as exc:
        data.stop_on_database_error(exc)
    if page is None:
        st.text("No stored page: this article was read from a local file or its page was removed.")
        return
    fetched = format_timestamp(page["warc_date"] or page["fetched_at"])
    st.caption(f"Fetched {fetched} (first seen {format_timestamp(page['first_seen_at'])}); "
               "shown as plain text, so nothing of the page runs or loads.")
    if page["html"] is None:
        st.warning(f"The stored copy cannot be read: {page['error']}", icon=":material/broken_image:")
        return
    st.text(f"Stored from: {page['final_url'] or page['url']}")
    # st.text and st.code show their string literally: no markdown, no HTML
    st.text(html_to_text(page["html"]) or "(the stored page has no text)")
    with st.expander("HTML source as stored"):
        st.code(page["html"], language="html", wrap_lines=True)


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
