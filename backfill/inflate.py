"""Removing a payload's Content-Encoding (gzip, deflate, brotli) without letting it grow past a bound."""
from __future__ import annotations

import zlib

import brotli  # a dependency of fastwarc, which reads the archives

from crawler.fetch import FetchSettings

# The crawler stops reading a body at this size; an archived one gets no more room. A few hundred
# kilobytes of gzip can expand to gigabytes, so output is bounded while it is produced, not after.
MAX_INFLATED_BYTES = FetchSettings.max_body_bytes


def inflate(body: bytes, encoding: str | None, limit: int = MAX_INFLATED_BYTES) -> bytes | None:
    """BODY without its Content-Encoding ENCODING; None if unreadable, unknown or larger than LIMIT."""
    # "gzip, br" means gzip was applied first, so it is removed last
    for name in reversed([e.strip().lower() for e in (encoding or "").split(",")]):
        if body is None:
            return None
        if name in ("", "identity"):
            continue
        if name in ("gzip", "x-gzip", "deflate"):
            body = _inflate_zlib(body, limit)
        elif name == "br":
            body = _inflate_brotli(body, limit)
        else:
            return None
    return body


def _inflate_zlib(body: bytes, limit: int) -> bytes | None:
    for wbits in (47, -15):  # gzip or zlib header, else a raw deflate stream (what some servers call deflate)
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit:
            return None
        if inflater.eof:
            return out
    # servers that declare gzip and send plain HTML exist
    return body if body.lstrip()[:1] == b"<" else None


def _inflate_brotli(body: bytes, limit: int) -> bytes | None:
    inflater = brotli.Decompressor()
    try:
        out = inflater.process(body, output_buffer_limit=limit + 1)
    except brotli.error:
        return None
    # short of the limit, all the input was consumed: a stream that is not finished was cut short
    return out if len(out) <= limit and inflater.is_finished() else None
