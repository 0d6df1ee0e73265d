"""Local files (.html, .txt, or stdin) through the extract stage, for `infratrack claims`."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract import Article, Claim


class DocumentError(Exception):
    """A local document cannot be read."""


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<article" in head


def read_document(path: str) -> tuple[str, str]:
    """(name, content) of a path or '-' for stdin."""
    if path == "-":
        return "-", sys.stdin.read()
    p = Path(path)
    if p.is_dir():
        raise DocumentError(f"{path}: is a folder; pass the files (e.g. {path}/*.html)")
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such file") from exc
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    return path, data.decode("utf-8", errors="replace")


def document_article(name: str, content: str, lang: str | None) -> Article | None:
    """The article of a local document, as HTML when it looks like HTML."""
    # extract (spaCy, the gazetteer) is imported where a document is read, so `infratrack --help` and the
    # commands that read no document start fast
    from extract import article_from_html, article_from_text
    if name.lower().endswith((".html", ".htm")) or (not name.lower().endswith(".txt") and _looks_like_html(content)):
        return article_from_html(content, None, lang)
    return article_from_text(content, lang)


def claim_json(name: str, claim: Claim) -> dict:
    """A claim in the `infratrack claims` output contract: a place or an online date is the VALUE, as text."""
    d = asdict(claim)
    for key in ("entity_id", "place", "period"):
        d.pop(key, None)
    if claim.place is not None:
        d["value"] = claim.place
    elif claim.period is not None:
        d["value"] = claim.period.stated.isoformat()
        d["low"] = claim.period.first.isoformat() if claim.period.first else None
        d["high"] = claim.period.last.isoformat() if claim.period.last else None
    d["as_of"] = claim.as_of.label() if claim.as_of else None
    return {"file": name, **d}


def claims_for(name: str, content: str, lang: str | None, on_skip=None) -> list[dict]:
    """Claims of one local document as contract dicts; ON_SKIP(reason) hears why a document is not read."""
    from extract import extract_claims
    from extract.language import is_supported, unsupported_reason

    art = document_article(name, content, lang)
    if art is None:
        return []
    if not is_supported(art.lang):
        if on_skip:
            on_skip(unsupported_reason(art.lang))
        return []
    published = art.published_at.date() if art.published_at else None
    return [claim_json(name, c) for c in extract_claims(art.text, art.lang, published, art.title)]
