"""The infratrack command line: parses options, calls a stage, maps the outcome to an exit code."""
from __future__ import annotations

import json
import sys

import click

from infratrack.config import ConfigError
from infratrack.documents import DocumentError, claims_for, read_document

EXIT_OK = 0
EXIT_FAILURES = 1  # the run finished but some items failed
EXIT_USAGE = 2  # a user mistake: bad option, bad file
EXIT_DATABASE = 3  # the database cannot be opened or written


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="infratrack")
def main() -> None:
    """infratrack: track and fact-check AI-infrastructure news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["auto", "en", "fr"]), default="auto", show_default=True,
              help="Language of the documents; auto uses the declared or detected language.")
def claims(paths: tuple[str, ...], lang: str) -> None:
    """Print the claims of local .html/.txt files (or - for stdin) as JSON lines."""
    failed = 0
    for path in paths:
        try:
            name, content = read_document(path)
        except DocumentError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        for row in claims_for(name, content, lang):
            click.echo(json.dumps(row, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_USAGE)
