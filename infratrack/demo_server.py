"""Serve the bundled demo news site on 127.0.0.1 (for `infratrack demo` and the tests)."""
from __future__ import annotations

import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TEXT_TYPES = (".html", ".xml", ".txt", ".css")


def demo_site_root() -> Path:
    """Folder holding the demo site files."""
    return Path(str(resources.files("infratrack").joinpath("demo_site")))


class _Handler(BaseHTTPRequestHandler):
    root: Path
    base_url: str

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not str(target).startswith(str(self.root.resolve())) or not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        if target.suffix in _TEXT_TYPES:
            body = body.replace(b"{{BASE_URL}}", self.base_url.encode())
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".xml":
            ctype = "application/xml"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # silence per-request logs
        return


class DemoServer:
    """A threaded HTTP server for the demo site; use as a context manager."""

    def __init__(self, root: Path | None = None, host: str = "127.0.0.1", port: int = 0):
        handler = type("DemoHandler", (_Handler,), {"root": root or demo_site_root()})
        self._server = ThreadingHTTPServer((host, port), handler)
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        handler.base_url = self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "DemoServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
