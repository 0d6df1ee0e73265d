"""One HTTP GET done right: timeouts, a streamed size cap, conditional requests, charset decoding."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable, Collection

import httpx
from charset_normalizer import from_bytes, is_binary
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from crawler.urls import HostResolutionError, UnsafeURLError, check_url, host_of, is_public_address

MAX_REDIRECTS = 5
CONNECT_AHEAD_S = 0.05  # with a start time, connecting may begin this early; the request itself waits for it
BINARY_SNIFF_BYTES = 64 * 1024
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
# labels (as codecs names them) that UTF-8 pages most often wear by mistake: a server or CMS default
_WESTERN_SINGLE_BYTE = frozenset({"iso8859-1", "iso8859-15", "cp1252"})


@dataclass(frozen=True)
class FetchSettings:
    """How one fetch behaves."""

    user_agent: str
    timeout_s: float = 10.0
    total_timeout_s: float = 30.0
    max_body_bytes: int = 5 * 1024 * 1024
    allow_private_hosts: bool = False
    private_allowlist: frozenset[str] = frozenset()  # host[:port] allowed although private


@dataclass
class Response:
    """What came back, or why nothing usable did."""

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None  # reason code when the fetch failed
    elapsed_ms: float = 0.0
    sent_at: float | None = None  # monotonic time the last request of the redirect chain went out, if one did
    redirect_to: str | None = None  # absolute target of a redirect the caller chose to follow itself

    @property
    def ok(self) -> bool:
        """A 2xx response with a body."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional request."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """Media type without parameters, lower-case."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        """Body decoded: a byte order mark, else the header's charset, else the meta tag's, else detected."""
        return decode_body(self.body, self.headers.get("content-type", ""))


def decode_body(body: bytes, content_type: str = "") -> str:
    """Decode bytes as browsers do (BOM, then declared charset), falling back to detection."""
    # w3lib follows the WHATWG Encoding Standard: a byte order mark outranks any label (UTF-32 too), and
    # labels resolve as browsers resolve them: iso-8859-1, latin1 and us-ascii all mean windows-1252,
    # whose € “ ” œ bytes real latin-1 reads as invisible control characters
    bom_encoding, bom = read_bom(body)
    if bom_encoding is not None:
        return body[len(bom):].decode(bom_encoding, errors="replace")
    candidates = [http_content_type_encoding(content_type), html_body_declared_encoding(body[:4096])]
    for enc in filter(None, candidates):
        try:
            text = body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        if enc in _WESTERN_SINGLE_BYTE and not body.isascii():
            # these charsets decode any bytes, so a wrong label never fails; but text in them is almost
            # never valid UTF-8 by chance, while UTF-8 labelled latin-1 is common and gives "mÃ©gawatts"
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = body.decode("utf-8", errors="replace")
    if _mostly_utf8(lenient):
        # a UTF-8 page with a few corrupt bytes: keep its text and mark those bytes, rather than
        # let detection pick a legacy charset that garbles every accented letter
        return lenient
    best = from_bytes(body).best()
    return str(best) if best is not None else lenient


def _mostly_utf8(lenient: str) -> bool:
    # in a page in another charset (latin-1, cp1252 ...) almost no byte run is valid UTF-8
    return len(_NON_ASCII.findall(lenient)) >= lenient.count("\ufffd")


def looks_binary(body: bytes) -> bool:
    """True when a body declared as text is binary (an image, an archive, a PDF ...)."""
    # binary formats announce themselves at the start; the first 64 KiB decide
    return bool(body) and is_binary(body[:BINARY_SNIFF_BYTES])


class Fetcher:
    """An HTTP client with our defaults; use as a context manager."""

    def __init__(self, settings: FetchSettings, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.timeout_s),
            follow_redirects=False,
            transport=transport,
        )

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            accept: str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            not_before: float | None = None, content_types: Collection[str] | None = None,
            follow_redirects: bool = True) -> Response:
        """GET a URL, following redirects by hand so that every hop passes the SSRF guard (or, without
        FOLLOW_REDIRECTS, returning the redirect with its target); the first request leaves no earlier
        than NOT_BEFORE (monotonic time), its connection made ready before. With CONTENT_TYPES
        (lower-case media types, "" for none declared), a 2xx response of another type is not read: it
        comes back with an empty body and the error "content_type: <its type>"."""
        if not_before is not None:
            sleep_until(not_before - CONNECT_AHEAD_S)
        started = time.monotonic()
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen = url, {url}
        sent: list[float] = []

        def trace(event: str, info: dict) -> None:
            # when the request leaves, not when connecting starts: the server counts from there, and
            # waiting here rather than before the call keeps connecting and DNS off the host's clock
            if event.endswith("send_request_headers.started"):
                if not sent and not_before is not None:
                    sleep_until(not_before)
                sent.append(time.monotonic())

        for _ in range(MAX_REDIRECTS + 1):
            try:
                check_url(current, self.settings.allow_private_hosts, self.settings.private_allowlist)
            except UnsafeURLError as exc:
                return _sent(Response(url, current, error=f"unsafe_url: {exc}", elapsed_ms=_ms(started)), sent)
            except HostResolutionError as exc:
                return _sent(Response(url, current, error=f"dns_error: {exc}", elapsed_ms=_ms(started)), sent)
            resp = self._one(current, headers, started, trace, content_types)
            if resp.status in (301, 302, 303, 307, 308) and resp.error is None:
                location = resp.headers.get("location")
                if not location:
                    resp.error = "redirect_without_location"
                    return _sent(resp, sent)
                nxt = str(httpx.URL(current).join(location))
                if not follow_redirects:
                    resp.url, resp.redirect_to = url, nxt
                    return _sent(resp, sent)
                if nxt in seen:
                    return _sent(Response(url, nxt, resp.status, resp.headers, error="redirect_loop",
                                          elapsed_ms=_ms(started)), sent)
                seen.add(nxt)
                current = nxt
                continue
            resp.url = url
            return _sent(resp, sent)
        return _sent(Response(url, current, error="too_many_redirects", elapsed_ms=_ms(started)), sent)

    def _one(self, url: str, headers: dict, started: float, trace: Callable[[str, dict], None],
             content_types: Collection[str] | None = None) -> Response:
        deadline = started + self.settings.total_timeout_s
        try:
            with self._client.stream("GET", url, headers=headers,
                                     extensions={"trace": self._peer_guard(url, trace)}) as r:
                hdrs = {k.lower(): v for k, v in r.headers.items()}
                out = Response(url, url, r.status_code, hdrs)
                if content_types is not None and 200 <= r.status_code < 300 and out.content_type not in content_types:
                    # leaving unread closes the connection: the rest of a large body is never downloaded
                    out.error = f"content_type: {out.content_type}"
                    out.elapsed_ms = _ms(started)
                    return out
                declared = hdrs.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.settings.max_body_bytes:
                    out.error = "too_large"
                    out.elapsed_ms = _ms(started)
                    return out
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.settings.max_body_bytes:
                        out.error = "too_large"
                        break
                    if time.monotonic() > deadline:
                        out.error = "timeout_total"
                        break
                    chunks.append(chunk)
                out.body = b"".join(chunks)
                out.elapsed_ms = _ms(started)
                if out.error is None and not (200 <= r.status_code < 400) and r.status_code != 304:
                    out.error = f"http_{r.status_code}"
                return out
        except UnsafeURLError as exc:
            reason = f"unsafe_url: {exc}"
        except httpx.ConnectTimeout:
            reason = "timeout_connect"
        except httpx.ReadTimeout:
            reason = "timeout_read"
        except httpx.TimeoutException:
            reason = "timeout"
        except httpx.ConnectError as exc:
            reason = f"connect_error: {str(exc)[:120]}"
        except httpx.RemoteProtocolError as exc:
            reason = f"protocol_error: {str(exc)[:120]}"
        except httpx.DecodingError:
            reason = "decoding_error"
        except httpx.HTTPError as exc:
            reason = f"http_error: {type(exc).__name__}"
        return Response(url, url, error=reason, elapsed_ms=_ms(started))

    def _peer_guard(self, url: str, trace: Callable[[str, dict], None]) -> Callable[[str, dict], None]:
        """TRACE, plus a check of the address each new connection for URL reached, before anything is sent."""
        if self.settings.allow_private_hosts or host_of(url) in self.settings.private_allowlist:
            return trace
        # check_url resolved the name once and httpx resolves it again to connect: a name can answer a
        # public address to the one and a private address to the other (DNS rebinding); the socket's
        # peer is what the request would really reach
        host = httpx.URL(url).raw_host.decode("ascii")  # as httpcore names the host it connects to
        connecting: list[str] = []

        def guarded(event: str, info: dict) -> None:
            if event == "connection.connect_tcp.started":
                connecting[:] = [info.get("host")]
            elif event == "connection.connect_tcp.complete" and connecting == [host]:
                # another host is a proxy: it resolves the name itself, out of this guard's sight
                stream = info["return_value"]
                peer = stream.get_extra_info("server_addr")[0]
                if not is_public_address(peer):
                    stream.close()
                    raise UnsafeURLError(f"host {host} connected to a private address ({peer}); "
                                         "use --allow-private-hosts to crawl it")
            trace(event, info)

        return guarded


def sleep_until(t: float) -> None:
    """Sleep until monotonic time T (not at all if it has passed)."""
    delay = t - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def _sent(resp: Response, sent: list[float]) -> Response:
    resp.sent_at = sent[-1] if sent else None
    return resp


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)
