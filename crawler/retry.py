"""When to try again: transient failures, Retry-After, exponential backoff with full jitter."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from crawler.fetch import Response

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
_TRANSIENT_ERRORS = ("timeout", "connect_error", "protocol_error")


def is_transient(resp: Response) -> bool:
    """A failure that may well succeed if asked again later."""
    if resp.status in TRANSIENT_STATUS:
        return True
    return resp.status is None and bool(resp.error) and resp.error.startswith(_TRANSIENT_ERRORS)


def retry_after_s(resp: Response, now: datetime | None = None) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or an HTTP date), if any."""
    value = resp.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_s(attempt: int, base_s: float, cap_s: float, rng: random.Random | None = None) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(cap, base * 2**attempt)], at least base/2."""
    rng = rng or random
    ceiling = min(cap_s, base_s * (2 ** attempt))
    return max(base_s / 2, rng.uniform(0, ceiling))
