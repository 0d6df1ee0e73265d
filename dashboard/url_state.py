"""Page state kept in the URL's query parameters, so a reload keeps it and a copied link reproduces it.

A page seeds each widget's session value from its parameter before drawing the widget (when the widget
has no value yet, or the run follows a marked page link), then writes the value back after drawing it.
Defaults are left out of the URL: a link carries only what differs from the page as first opened.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable
from urllib.parse import urlencode

import streamlit as st


def read(name: str) -> str | None:
    """The parameter NAME, or None when absent or empty."""
    value = st.query_params.get(name)
    return value or None


def read_list(name: str) -> list[str]:
    """Every value of the repeated parameter NAME, in order."""
    return [v for v in st.query_params.get_all(name) if v]


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


# Marks a page link that sets widgets: without it a widget keeps the value it has in the session, so
# a link to the page one is on (a child entity) would change nothing. Widget reruns never carry it:
# the page takes it out of the URL on the run that follows the link.
LINK = "link"


def followed(**params: Any) -> dict[str, Any]:
    """PARAMS for st.page_link(query_params=...), marked so the target page applies them to its widgets."""
    return {**params, LINK: "1"}


def take_link() -> bool:
    """Whether this run follows a marked link; removes the mark, so later reruns keep the user's changes."""
    if read(LINK) is None:
        return False
    del st.query_params[LINK]
    return True


def write(name: str, value: Any, default: Any = None) -> None:
    """Set NAME to VALUE (a list repeats the parameter); None, empty or DEFAULT removes it."""
    empty = value is None or value == default or (isinstance(value, (list, tuple, str)) and not value)
    if empty:
        if name in st.query_params:
            del st.query_params[name]
        return
    # set even when unchanged: a page link that carried the parameter in leaves the browser's address
    # without it, and only a write tells the browser (it costs one small message)
    st.query_params[name] = [_text(v) for v in value] if isinstance(value, (list, tuple)) else _text(value)


def seed(key: str, name: str, parse: Callable[[str], Any] = str, many: bool = False,
         allowed: Iterable[Any] | None = None, linked: bool = False) -> None:
    """Give the widget KEY the value of parameter NAME (parsed by PARSE; every value when MANY) when it has
    none yet, or always when the run follows a marked link (LINKED; an absent parameter then restores the
    default); values that do not parse, or are not ALLOWED, are ignored."""
    if key in st.session_state and not linked:
        return
    raw = read_list(name) if many else ([read(name)] if read(name) is not None else [])
    if not raw:
        if key in st.session_state:
            del st.session_state[key]
        return
    options = None if allowed is None else list(allowed)
    values = []
    for text in raw:
        try:
            value = parse(text)
        except (TypeError, ValueError):
            continue  # a hand-edited or stale link: fall back to the default rather than fail
        if options is None or value in options:
            values.append(value)
    if many:
        st.session_state[key] = values
    elif values:
        st.session_state[key] = values[0]


def parse_date(text: str) -> date:
    """An ISO date from a parameter."""
    return date.fromisoformat(text)


def link(page: str, **params: Any) -> str:
    """A relative link to PAGE (its url_path) with PARAMS, for a permalink or a markdown link."""
    pairs = [(k, _text(v)) for k, v in params.items() if v is not None and v != ""]
    return f"{page}?{urlencode(pairs)}" if pairs else page
