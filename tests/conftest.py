"""Shared fixtures: a fresh database path, the demo site on loopback, a route-driven HTTP server."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from httpserver import RouteServer  # noqa: E402
from infratrack.demo_server import DemoServer  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a database file that does not exist yet, in a temp dir."""
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def demo_site():
    """The bundled demo site served on 127.0.0.1 for the whole session."""
    with DemoServer() as server:
        yield server


@pytest.fixture
def route_server():
    """A loopback HTTP server whose routes each test sets."""
    with RouteServer() as server:
        yield server


@pytest.fixture
def other_server():
    """A second loopback server: another host for politeness purposes."""
    with RouteServer() as server:
        yield server


@pytest.fixture
def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
