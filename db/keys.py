"""Stable keys: the same input always gets the same id, so re-runs upsert instead of duplicating."""
from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """Hex digest (32 chars) of the parts, joined unambiguously."""
    h = hashlib.sha256()
    for p in parts:
        h.update(repr(p).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def content_hash(text: str) -> str:
    """SHA-256 of a text, hex."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
