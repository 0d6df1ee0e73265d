"""Entry point of the infratrack dashboard: `streamlit run dashboard/app.py`."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.pages import contradictions

DB_PATH = data.db_path()

st.set_page_config(page_title="infratrack", layout="wide")


def contradictions_page() -> None:
    """The Contradictions page on the configured database."""
    contradictions.render(DB_PATH)


# New pages go in dashboard/pages/ as modules with a render(path) function, and in this list.
PAGES = [
    st.Page(
        contradictions_page,
        title="Contradictions",
        icon=":material/compare_arrows:",
        url_path="contradictions",
        default=True,
    ),
]

st.navigation(PAGES).run()
