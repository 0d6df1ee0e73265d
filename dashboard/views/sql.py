"""SQL page: a read-only console on the database, through db.reader.user_query."""
from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.formatting import escape_markdown
from db import reader
from db.errors import DatabaseError, QueryRefused, QueryTimedOut

QUERY_KEY = "sql.query"
EXAMPLE_KEY = "sql.example"
RUN_KEY = "sql.run"
RESULT_KEY = "sql.result"

# The dashboard serves every reader from one process: a runaway query would hold a core for as long
# as it runs. `infratrack sql` has no limit unless asked.
CONSOLE_TIMEOUT_S = 30.0

EXAMPLES = {
    "Count the articles": "SELECT count(*) AS n FROM articles",
    "Open contradictions, most severe first": (
        "SELECT subject, attribute, hardware, severity, publisher_a, value_a, publisher_b, value_b\n"
        "FROM open_contradictions\nORDER BY severity DESC"
    ),
    "Claims per subject and attribute": (
        "SELECT subject, attribute, count(*) AS claims, count(DISTINCT article_id) AS articles\n"
        "FROM claims\nGROUP BY ALL\nORDER BY claims DESC"
    ),
    "Promises: planned figures and what came of them": (
        "SELECT subject, attribute, planned_value, planned_as_of, actual_value, actual_as_of, kept\n"
        "FROM promises\nORDER BY subject, planned_as_of"
    ),
    "Fetches by kind and outcome": (
        "SELECT kind, outcome, COALESCE(reason, '') AS reason, count(*) AS fetches\n"
        "FROM fetches\nGROUP BY ALL\nORDER BY fetches DESC"
    ),
    "Triage verdicts with their pairs": (
        "SELECT c.subject, c.attribute, t.status, t.correct_value, t.note, t.decided_at\n"
        "FROM triage t JOIN contradictions c USING (claim_a, claim_b)\nORDER BY t.decided_at DESC"
    ),
}


def render(path: str) -> None:
    """Draw the page for the database at PATH."""
    st.title("SQL")
    st.caption(
        "Read-only SQL (DuckDB dialect) on the database: tables sources, runs, fetches, pages, articles, claims, "
        "entities, aliases, triage, settings; views contradictions, open_contradictions, updates, corroboration, "
        "promises, claim_facts. Writes and access to other files are refused."
    )
    st.session_state.setdefault(QUERY_KEY, next(iter(EXAMPLES.values())))
    st.selectbox(
        "Examples", list(EXAMPLES), index=None, key=EXAMPLE_KEY, placeholder="Pick an example query",
        on_change=_load_example,
    )
    st.text_area("Query", key=QUERY_KEY, height=160)
    if st.button("Run", type="primary", key=RUN_KEY, icon=":material/play_arrow:"):
        # kept in the session so the result survives the reruns other widgets cause
        st.session_state[RESULT_KEY] = _run(path, st.session_state[QUERY_KEY])
    result = st.session_state.get(RESULT_KEY)
    if result is not None:
        _show(result)
    data.footer(path)


def _load_example() -> None:
    choice = st.session_state.get(EXAMPLE_KEY)
    if choice in EXAMPLES:
        st.session_state[QUERY_KEY] = EXAMPLES[choice]


def _run(path: str, sql: str) -> dict[str, Any]:
    """Run SQL through user_query; the result or the error, as plain data."""
    if not sql.strip():
        return {"error": "Type a query first."}
    try:
        res = reader.user_query(path, sql, timeout_s=CONSOLE_TIMEOUT_S)
    except duckdb.Error as exc:
        return {"error": f"Query failed: {str(exc).strip()}"}
    except (DatabaseError, QueryRefused, QueryTimedOut) as exc:
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 (a console must report any failure as a message)
        return {"error": f"Query failed ({type(exc).__name__}): {exc}"}
    return {"columns": _unique(res.columns), "rows": res.rows}


def _unique(columns: list[str]) -> list[str]:
    # SELECT 1 AS a, 2 AS a is valid SQL, but a table needs distinct column names
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c}_{seen[c]}")
    return out


def _show(result: dict[str, Any]) -> None:
    if "error" in result:
        first, _, rest = result["error"].partition("\n")
        # DuckDB's message quotes the query: escaped, since alerts render markdown; the rest
        # (the caret pointing at the error) is shown as code, which is never interpreted.
        st.error(escape_markdown(first), icon=":material/error:")
        if rest.strip():
            st.code(rest.strip(), language=None)
        return
    frame = pd.DataFrame.from_records(result["rows"], columns=result["columns"])
    st.caption(f"{len(frame):,} row{'s' if len(frame) != 1 else ''}.")
    try:
        st.dataframe(frame, hide_index=True, width="stretch")
    except Exception:  # noqa: BLE001 (nested or exotic types Arrow cannot take: show them as text)
        st.dataframe(frame.astype(str), hide_index=True, width="stretch")
    st.download_button(
        "Download CSV", frame.to_csv(index=False).encode("utf-8"), file_name="infratrack-query.csv",
        mime="text/csv", icon=":material/download:", on_click="ignore", key="sql.download",
    )


if __name__ == "__main__":
    # run as a page of dashboard/app.py
    render(data.db_path())
