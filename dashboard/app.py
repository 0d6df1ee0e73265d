"""Entry point of the infratrack dashboard: `streamlit run dashboard/app.py`."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.views import contradictions

DB_PATH = data.db_path()

st.set_page_config(page_title="infratrack", layout="wide")


def show_contradictions() -> None:
    """The Contradictions page on the configured database."""
    contradictions.render(DB_PATH)


# New pages go in dashboard/views/ as modules with a render(path) function, and in this list.
# The folder is not called pages/: Streamlit would treat it as old-style pages and wrap every
# run in a navigation of its files.
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
