"""The CLI as an operator and a script meet it: a mistake is one line and exit 2, configuration is
checked and settable from the environment, group options reach their subcommands, `--format json`
is one document, numbers read as numbers. In process (tests/cli_inprocess.py) except where noted."""
from __future__ import annotations

import json
import math

import pytest

from cli_inprocess import invoke


@pytest.fixture
def db(tmp_path):
    """A migrated, empty database file."""
    from db import open_db

    path = tmp_path / "op.duckdb"
    open_db(path).close()
    return path


def one_line_exit_2(r) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("query", ["", ";", "-- comment", "   \n  ", "/* nothing */ ;"])
def test_a_query_with_no_statement_is_a_mistake(db, query):
    line = one_line_exit_2(invoke("sql", "--db", str(db), "--", query))
    assert "no SQL statement" in line


def test_a_negative_status_limit_is_a_mistake(db):
    assert "--limit" in one_line_exit_2(invoke("status", "--db", str(db), "--limit", "-1"))


@pytest.mark.parametrize("command", ["crawl", "run"])
@pytest.mark.parametrize("option, value", [("--delay", "-1"), ("--max-pages", "-5")])
def test_negative_delay_and_page_limits_are_refused(db, tmp_path, command, option, value):
    line = one_line_exit_2(invoke(command, "--db", str(db), "--seed", "http://127.0.0.1:9/x", option, value)
                           if command == "crawl" else invoke(command, "--db", str(db), option, value))
    assert option in line
