"""URL canonicalisation and the SSRF guard."""
from __future__ import annotations

import functools
import ipaddress
import re
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that only track the reader: dropping them makes one article one URL.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_")
_TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "cmpid", "xtor",
                   "ns_source", "ns_mchannel", "ns_campaign", "_hsenc", "_hsmi", "mkt_tok", "spm", "at_medium", "at_campaign"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")  # scheme://netloc, as urlsplit reads it
# is_global before Python 3.12.4 calls all of 192.0.0.0/24 but its first eight addresses global (IANA: none
# of it is, bar two anycast services no site is served from)
_IETF_PROTOCOL = ipaddress.ip_network("192.0.0.0/24")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix: IPv4 address in the last 32 bits


class UnsafeURLError(Exception):
    """A URL the crawler refuses to fetch."""


class HostResolutionError(Exception):
    """The URL's host name does not resolve (offline, or a typo)."""


def url_problem(url: str) -> str | None:
    """Why a URL given by the user cannot be crawled (scheme, host, port ...), or None when it can."""
    # urlsplit only complains about a bad port when .port is read, deep inside a crawl: ask now
    if any(c.isspace() or not c.isprintable() for c in url):
        return "it contains a space or a control character (write a space as %20)"
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed [IPv6] bracket
        return f"it cannot be parsed ({exc})"
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return f"its scheme {parts.scheme or '(none)'!r} is not http or https"
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 0 < port < 65536:
        return f"port {parts.netloc.rpartition(']')[2].rpartition(':')[2]!r} is not a number from 1 to 65535"
    if not parts.hostname:
        return "it has no host"
    import httpx  # here, not at the top: `infratrack --help` and the sources commands need no HTTP client

    try:
        httpx.URL(url)  # what the fetcher will make of it
    except httpx.InvalidURL as exc:
        return f"it cannot be parsed ({exc})"
    return None


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters; then w3lib's
    canonical form: IDN host in punycode, percent-encoding normalised, query sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _bracketed((parts.hostname or "").lower().rstrip("."))
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES]
    path = parts.path or "/"
    return canonicalize_url(urlunsplit((scheme, netloc, path, urlencode(query), "")))


def declared_canonical_url(url: str | None) -> str | None:
    """canonical_url of a URL a page declares for itself; None when there is none or it is malformed."""
    if not url:
        return None
    try:
        return canonical_url(url)
    except ValueError:  # a page's own markup is never a reason to lose the page
        return None


def host_of(url: str) -> str:
    """host[:port] of a URL: the unit of politeness."""
    # a crawl asks this of every URL, and thousands share a few origins: parse each origin once
    m = _ORIGIN.match(url)
    return _host_of_origin(m.group(0)) if m else _host(url)


@functools.lru_cache(maxsize=4096)
def _host_of_origin(origin: str) -> str:
    return _host(origin)


def _host(url: str) -> str:
    parts = urlsplit(url)
    host = _bracketed((parts.hostname or "").lower())
    return f"{host}:{parts.port}" if parts.port else host


def _bracketed(host: str) -> str:
    """HOST as a URL writes it: an IPv6 literal in brackets, since its colons would read as a port."""
    return f"[{host}]" if ":" in host else host


def check_url(url: str, allow_private_hosts: bool, private_allowlist: frozenset[str] = frozenset()) -> None:
    """Refuse non-HTTP schemes and, unless allowed, hosts that resolve to private addresses.

    private_allowlist names host[:port] values allowed even when private (an intranet feed).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURLError(f"unsupported scheme {parts.scheme or '(none)'!r}")
    if not parts.hostname:
        raise UnsafeURLError("no host in URL")
    if allow_private_hosts or host_of(url) in private_allowlist:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or _DEFAULT_PORTS[parts.scheme], proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise HostResolutionError(f"cannot resolve host {parts.hostname}: {exc.strerror}") from exc
    for info in infos:
        ip = info[4][0]
        if not is_public_address(ip):
            raise UnsafeURLError(f"host {parts.hostname} resolves to a private address ({ip}); "
                                 "use --allow-private-hosts to crawl it")


def is_public_address(address: str) -> bool:
    """True for an IP address on the public internet; IPv4 carried inside IPv6 is judged as itself."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1, 64:ff9b::a00:1 and 2002:a00:1:: all reach 10.0.0.1
        v4 = ip.ipv4_mapped or ip.sixtofour or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if v4 is not None:
            return is_public_address(str(v4))
    # is_global lets multicast through, and reserved IPv6 space (::/8 holds the old IPv4-compatible form)
    return ip.is_global and not ip.is_multicast and not ip.is_reserved and ip not in _IETF_PROTOCOL
