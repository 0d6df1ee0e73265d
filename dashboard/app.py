"""Entry point of the infratrack dashboard: `streamlit run dashboard/app.py`."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from PIL import Image

from dashboard import data
from dashboard.formatting import escape_markdown

VIEWS = Path(__file__).resolve().parent / "views"

# A favicon drawn here: with none, the browser would fetch each page's Material icon as the favicon
# from Google's font CDN, and the dashboard must work offline and tell no outside host it is open.
st.set_page_config(page_title="infratrack", layout="wide", page_icon=Image.new("RGB", (32, 32), "#1f4e79"))

# Each page is a module of dashboard/views/ with a render(path) function, run here as a page
# file (the module calls render itself when executed as a script). File pages, rather than
# callables, because AppTest.switch_page can only reach pages that have a script path.
# The folder is not called pages/: Streamlit would treat it as old-style pages and wrap every
# run in a navigation of its files.
PAGES = [
    st.Page(VIEWS / "overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page(VIEWS / "contradictions.py", title="Disputes", icon=":material/compare_arrows:",
            url_path="contradictions"),
    st.Page(VIEWS / "entities.py", title="Entities", icon=":material/hub:", url_path="entities"),
    st.Page(VIEWS / "articles.py", title="Articles", icon=":material/article:", url_path="articles"),
    st.Page(VIEWS / "search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page(VIEWS / "sql.py", title="SQL", icon=":material/terminal:", url_path="sql"),
    st.Page(VIEWS / "sources.py", title="Sources", icon=":material/rss_feed:", url_path="sources"),
]

page = st.navigation(PAGES)
# The path comes from the environment; escaped since captions render markdown.
st.sidebar.caption(f"Database: {escape_markdown(data.db_path())}")
page.run()
