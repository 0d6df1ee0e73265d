"""A real HTTP server on 127.0.0.1 whose routes tests define: status, headers, body, latency,
conditional GET. Every request is recorded so tests can check what the crawler sent."""
from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay_s: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    fail_first: int = 0  # the first N requests get fail_status (with fail_headers) instead
    fail_status: int = 503
    fail_headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False  # close the connection without answering
    endless: bool = False  # stream a body that never ends
    drip_s: float = 0.0  # with endless: pause between writes (a server that trickles bytes forever)
    gzip: bool = False  # send the body gzip-encoded
    chunked: bool = False  # stream the body in chunks with no Content-Length, as a generated page would
    served: int = 0
    sent_bytes: int = 0  # body bytes written by chunked responses (the client may stop reading)


@dataclass
class Hit:
    """A request the server received."""

    path: str
    headers: dict[str, str]
    at: float


class RouteServer:
    """Threaded loopback server; set routes with server.route(path, Route(...))."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                outer.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                route = outer.routes.get(path)
                if route is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                route.served += 1
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.reset:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if route.served <= route.fail_first:
                    self._send(route.fail_status, b"try later", {"Content-Type": "text/plain", **route.fail_headers})
                    return
                if route.endless:
                    self.send_response(200)
                    self.send_header("Content-Type", route.content_type)
                    self.end_headers()
                    try:
                        while True:
                            self.wfile.write(b"<p>" + b"x" * (64 if route.drip_s else 8192) + b"</p>")
                            if route.drip_s:
                                self.wfile.flush()
                                time.sleep(route.drip_s)
                    except (BrokenPipeError, ConnectionResetError):
                        return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", {"ETag": route.etag})
                    return
                if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
                    self._send(304, b"", {"Last-Modified": route.last_modified})
                    return
                body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                if route.chunked:
                    self._send_chunked(route.status, body, headers, route)
                    return
                self._send(route.status, body, headers)

            def _send_chunked(self, status: int, body: bytes, headers: dict[str, str], route: Route) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for i in range(0, len(body), 65536):
                        piece = body[i:i + 65536]
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                        route.sent_bytes += len(piece)
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client stopped reading on purpose (size cap)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on purpose (size cap, timeout): that is the test

            def log_message(self, format: str, *args) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # shutdown() waits for the serving loop's next poll: 0.5 s by default, paid by every test's teardown
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def route(self, path: str, route: Route) -> str:
        """Serve ROUTE on PATH; returns the full URL."""
        self.routes[path] = route
        return self.base_url + path

    def hits_for(self, path: str) -> list[Hit]:
        """Requests received for a path."""
        return [h for h in self.hits if urlsplit(h.path).path == path]

    def __enter__(self) -> "RouteServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
