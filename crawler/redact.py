"""Secrets out of anything we log: passwords in URLs, token query parameters, webhook URLs.

A source may be a private feed (https://user:password@host/feed, ?token=...), and a webhook URL
is a secret in itself. Log lines and the fetches table keep where we went and why it failed,
never the credentials.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# Parameter names that carry credentials (api_key, access_token, X-Amz-Signature, sig, auth ...)
_SECRET_PARAM = re.compile(r"token|secret|passw|pwd|api[_-]?key|signature|credential|auth|session|^sig$|^key$|[_-]key$",
                           re.IGNORECASE)
# Webhook URLs are capabilities: whoever reads the path can post (Slack, Discord, Teams, Zapier ...)
_HOOK_HOST = re.compile(r"hook", re.IGNORECASE)
_HOOK_SEGMENT = re.compile(r"^(?:web)?hooks?$", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>]*[^\s\"'<>.,;:!?)\]]")
_USERINFO = re.compile(r"(://)[^/@\s]*@")


def redact_url(url: str) -> str:
    """URL with its user info, secret query values and any webhook path replaced by ***."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # not parseable (a bad IPv6 literal, a port out of range): mask user info by pattern
        return _USERINFO.sub(rf"\g<1>{MASK}@", url)
    if not parts.scheme or not host:
        return url
    netloc = f"[{host}]" if ":" in host else host
    netloc = netloc if port is None else f"{netloc}:{port}"
    if parts.username is not None or parts.password is not None:
        netloc = f"{MASK}@{netloc}"
    if _HOOK_HOST.search(host) or any(_HOOK_SEGMENT.match(seg) for seg in parts.path.split("/")):
        return urlunsplit((parts.scheme, netloc, f"/{MASK}", "", ""))
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_SECRET_PARAM.search(k) for k, _ in pairs):
            query = urlencode([(k, MASK if _SECRET_PARAM.search(k) else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """TEXT with every URL in it redacted (error messages quote the URL they failed on)."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


def redact_event(event: dict) -> dict:
    """A log event with every string value (nested too) redacted."""
    return {k: _redact_value(v) for k, v in event.items()}


def _redact_value(value):
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return redact_event(value)
    if isinstance(value, (list, tuple)):
        return [_redact_value(v) for v in value]
    return value
