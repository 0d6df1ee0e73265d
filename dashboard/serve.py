"""`python -m dashboard.serve run APP ...`: Streamlit's own command line without its public-address look-up."""
from __future__ import annotations

import sys

from streamlit import net_util
from streamlit.web import cli


def _no_public_address() -> None:
    """The answer Streamlit gets offline: no public address known."""
    return None


def main() -> None:
    """Run Streamlit's command line on sys.argv, asking no outside host for this machine's address."""
    # Streamlit asks checkip.amazonaws.com for the machine's public address when it listens on a
    # wildcard address (for its banner) and whenever a WebSocket's Origin is not its own (to compare
    # against), and no option turns that off. The dashboard must tell no outside host it is running;
    # without the address Streamlit behaves as it does offline: no "External URL" line, and an origin
    # it does not know stays refused.
    net_util.get_external_ip = _no_public_address
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
