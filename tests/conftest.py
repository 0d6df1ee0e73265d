"""Shared fixtures: a fresh database path, the demo site on loopback, a route-driven HTTP server,
and a migrated template that new databases start from."""
from __future__ import annotations

import importlib
import shutil
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from httpserver import RouteServer  # noqa: E402
from infratrack.demo_server import DemoServer  # noqa: E402

# the module, not the connection() function that db/__init__ exports under the same name
db_connection = importlib.import_module("db.connection")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fresh_schema: create new databases by running every migration, "
                                       "not by copying the session's migrated template")


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # a browser or Streamlit server costs tens of seconds of start-up: `make test` (-m "not slow")
    # must leave every such test out even when its file forgets the slow mark
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory) -> Path:
    """A database file the real migrations built once for the session: schema and nothing else."""
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    db_connection.open_db(path).close()
    return path


@pytest.fixture(autouse=True)
def _new_databases_start_from_the_template(request, monkeypatch, schema_template):
    # Migrating a new file costs about a second (fourteen migrations, each its own transaction) and
    # hundreds of tests create one; a byte copy of the migrated template is the same file in ~10 ms.
    # Only in this process: subprocesses (the CLI tests) still migrate for real, as do tests marked
    # fresh_schema and the template itself.
    if request.node.get_closest_marker("fresh_schema"):
        return
    real_connect = db_connection._connect

    def connect(path: Path, read_only: bool):
        path = Path(path)
        if not read_only and not path.exists() and path.parent.is_dir():
            shutil.copyfile(schema_template, path)
        return real_connect(path, read_only)

    monkeypatch.setattr(db_connection, "_connect", connect)


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
