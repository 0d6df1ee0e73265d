"""Articles page: search the stored articles and read one with its claims highlighted."""
from __future__ import annotations

import html
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.formatting import attribute_label, format_date, format_value, highlight_html, safe_link
from db.errors import DatabaseError

SEARCH_KEY = "articles.search"
ARTICLE_KEY = "articles.selected"

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

    if not found:
        st.info(NO_MATCH if term.strip() else NO_ARTICLES, icon=":material/search_off:")
        data.footer(path)
        return
    st.caption(f"{len(found):,} article{'s' if len(found) != 1 else ''}, newest first.")
    st.dataframe(
        [{"Title": a["title"], "Publisher": a["publisher"], "Published": a["published_on"], "Claims": a["claims"]}
         for a in found],
        hide_index=True, width="stretch",
    )

    labels = {a["article_id"]: _label(a) for a in found}
    # Option labels are plain text in the selectbox, never markdown.
    chosen = st.selectbox("Article", list(labels), key=ARTICLE_KEY, format_func=lambda k: labels.get(k, k))
    if chosen:
        _article(path, chosen)
    data.footer(path)


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

    st.subheader(f"Claims ({len(claims)})", anchor=False)
    if claims:
        st.dataframe(
            [{"Subject": c["subject"], "Attribute": attribute_label(c["attribute"]),
              "Value": format_value(c["attribute"], c["value"]) if c["value"] is not None else c["value_text"],
              "Hardware": c["hardware"], "Modality": c["modality"], "As of": c["as_of"], "Speaker": c["speaker"],
              "Quote": c["quote"]} for c in claims],
            hide_index=True, width="stretch",
        )
    else:
        st.text("No claims were extracted from this article.")


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
