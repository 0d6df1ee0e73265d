"""Posting newly found contradictions to a webhook as JSON, with bounded retries."""
from __future__ import annotations

import time
from typing import Any

from infratrack.settings import AGENT_NAME

TIMEOUT_S = 10.0
ATTEMPTS = 3
BACKOFF_S = 1.0


class WebhookError(Exception):
    """The webhook did not accept the payload after every attempt."""


def redact_url(url: str) -> str:
    """The URL with its path, query and credentials hidden: webhook URLs carry tokens."""
    import httpx  # here: the CLI that imports this module for its feeds starts without an HTTP client

    parts = httpx.URL(url)
    return f"{parts.scheme}://{parts.host}{':' + str(parts.port) if parts.port else ''}/…"


def post(url: str, payload: dict[str, Any], timeout_s: float = TIMEOUT_S, attempts: int = ATTEMPTS,
         backoff_s: float = BACKOFF_S) -> int:
    """POST PAYLOAD as JSON to URL; returns the HTTP status, raises WebhookError on failure."""
    import httpx

    last = "no attempt"
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff_s * 2 ** (attempt - 1))
        try:
            response = httpx.post(url, json=payload, timeout=timeout_s, follow_redirects=False,
                                  headers={"User-Agent": AGENT_NAME})
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}"
            continue
        if 200 <= response.status_code < 300:
            return response.status_code
        last = f"HTTP {response.status_code}"
        if response.status_code < 500 and response.status_code != 429:
            break  # the receiver refuses this payload; repeating it will not help
    raise WebhookError(f"webhook {redact_url(url)} failed after {attempt + 1} attempt(s): {last}")
