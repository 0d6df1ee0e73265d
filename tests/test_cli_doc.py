"""docs/cli.md holds every command's current --help (docs/generate_cli.py writes that part)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate_cli", ROOT / "docs" / "generate_cli.py")
generate_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_cli)


def test_docs_cli_md_holds_the_current_help_of_every_command():
    current = generate_cli.CLI_MD.read_text(encoding="utf-8")
    assert current == generate_cli.render(current), "docs/cli.md is stale: run `python docs/generate_cli.py`"


def test_every_command_has_its_section():
    from infratrack.cli import main

    text = generate_cli.CLI_MD.read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        assert f"### `infratrack {name}`" in text
        for sub in getattr(cmd, "commands", {}):
            assert f"### `infratrack {name} {sub}`" in text


def test_a_changed_help_text_makes_the_file_stale():
    current = generate_cli.CLI_MD.read_text(encoding="utf-8")
    edited = current.replace("Run a read-only SQL query on the database.", "Run a query.", 1)
    assert edited != current
    assert generate_cli.render(edited) == current  # the generated part is rewritten, the rest kept


def test_the_markers_are_required():
    with pytest.raises(SystemExit, match="markers"):
        generate_cli.render("# no markers here\n")


def test_the_reference_shows_the_help_options_a_call_accepts():
    # click caches a command's help option on first use: rendered without the group's context settings
    # the reference said "--help" alone, or "-h, --help", depending on which test ran first
    assert "-h, --help  Show this message and exit." in generate_cli.reference()
