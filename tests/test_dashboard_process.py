"""`infratrack dashboard` as an operator runs it: a real process serving Streamlit on a loopback port.
Stopped with SIGTERM it leaves nothing serving; in Debian's chromium the page asks nothing of any
host but this machine and shows no "Deploy" button."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from streamlit_server import REPO, free_port as _free_port, wait_healthy
from test_dashboard import build_demo_database, copy_database
from test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, FOOTER, PAGE_TIMEOUT_MS, VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a real `infratrack dashboard` server each



def _serving(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return build_demo_database(tmp_path_factory)


@contextmanager
def _dashboard(demo_db: Path, tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    """`python -m infratrack dashboard ARGS` on a copy of the demo database: (process, port, base URL)."""
    db = copy_database(demo_db, tmp_path / "dash.duckdb")
    port = _free_port()
    log = (tmp_path / "dashboard.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "infratrack", "dashboard", "--db", str(db), "--port", str(port),
                             *args], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, tmp_path / "dashboard.log", "the dashboard")
        yield proc, port, base
    finally:
        for pid in _children(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture
def dashboard(demo_db, tmp_path):
    """The dashboard as `infratrack dashboard --db X --port N` starts it: (process, port, base URL)."""
    with _dashboard(demo_db, tmp_path) as served:
        yield served


def test_sigterm_stops_the_streamlit_child_too(dashboard):
    proc, port, _ = dashboard
    children = _children(proc.pid)
    assert children, "the dashboard runs Streamlit in a child process"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while (_serving(port) or any(_alive(c) for c in children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _serving(port), "Streamlit still serves after its parent was stopped"
    assert not any(_alive(c) for c in children)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_page_asks_nothing_of_other_hosts_and_hides_deploy(dashboard):
    from playwright.sync_api import sync_playwright

    _, port, base = dashboard
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.on("request", lambda r: requested.append(r.url))
            for path in ("/", "/contradictions", "/entities"):
                page.goto(base + path, wait_until="domcontentloaded")
                page.get_by_text(FOOTER).last.wait_for(state="visible")
                page.wait_for_timeout(1500)  # late requests: fonts, icons, telemetry
            page.locator('[data-testid="stToolbar"], [data-testid="stMainMenu"]').first.wait_for(state="attached")
            assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
            assert page.get_by_role("button", name="Deploy").count() == 0
        finally:
            browser.close()
    assert requested, "the browser recorded no request at all"
    outside = sorted({u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                      and urlsplit(u).hostname != "127.0.0.1"})
    assert outside == []


def _proxy_env(proxy_url: str) -> dict[str, str]:
    # every HTTP client Streamlit uses (requests) honours these: a request meant for another host
    # reaches the loopback recorder instead, without leaving the machine
    return {"HTTP_PROXY": proxy_url, "HTTPS_PROXY": proxy_url, "http_proxy": proxy_url, "https_proxy": proxy_url,
            "NO_PROXY": "", "no_proxy": ""}


def _websocket_handshake(port: int, origin: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                   f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: {origin}\r\n\r\n").encode())
        return s.recv(200)


def test_served_on_every_interface_and_asked_by_a_foreign_origin_the_server_asks_no_one(demo_db, tmp_path,
                                                                                      route_server):
    # Streamlit looks up the machine's public address on checkip.amazonaws.com when it listens on a
    # wildcard address and whenever a WebSocket's Origin is not its own
    with _dashboard(demo_db, tmp_path, "--host", "0.0.0.0", env=_proxy_env(route_server.base_url)) as (_, port, _):
        assert _websocket_handshake(port, "http://elsewhere.example").startswith(b"HTTP/1.1 403")
    assert [h.path for h in route_server.hits] == []
