"""The one way the project opens a DuckDB file: with extension auto-install and auto-load off."""
from __future__ import annotations

import weakref

import duckdb

# By default DuckDB downloads and loads a known extension the moment a statement needs one (a
# parquet path, an https:// URL, a JSON function): a network fetch and new native code nobody asked for.
NO_AUTO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

# every connection still open, so that Ctrl-C or SIGTERM can stop the statements they are running
_open: weakref.WeakSet = weakref.WeakSet()


def connect(path: str, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with NO_AUTO_EXTENSIONS applied on top of CONFIG."""
    con = duckdb.connect(path, read_only=read_only, config={**(config or {}), **NO_AUTO_EXTENSIONS})
    _open.add(con)
    return con


def interrupt_all() -> None:
    """Stop the statement each open connection is running (from any thread); the connections stay usable."""
    for con in list(_open):
        try:
            con.interrupt()
        except duckdb.Error:  # closed meanwhile
            pass
