"""`python -m infratrack` runs the CLI."""
from infratrack.cli import main

main(prog_name="infratrack")
