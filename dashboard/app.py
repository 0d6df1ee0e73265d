"""Entry point of the infratrack dashboard: `streamlit run dashboard/app.py`."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.pages import contradictions_page

DB_PATH = data.db_path()

st.set_page_config(page_title="infratrack", layout="wide")


def show_contradictions() -> None:
    """The Contradictions page on the configured database."""
    contradictions_page.render(DB_PATH)


# New pages go in dashboard/pages/ as modules with a render(path) function, and in this list.
# Page modules are named <name>_page.py and never share a url_path with a file stem there:
# Streamlit still sees a pages/ folder beside the entry point as old-style pages, wraps the
# process's first run (and every AppTest run) in a navigation of those files, and would
# resolve a rerun of url_path "contradictions" to pages/contradictions.py, drawing a blank page.
PAGES = [
    st.Page(
        show_contradictions,
        title="Contradictions",
        icon=":material/compare_arrows:",
        url_path="contradictions",
        default=True,
    ),
]

st.navigation(PAGES).run()
