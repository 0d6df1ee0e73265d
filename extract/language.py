"""Language of a text when the page does not declare it."""
from __future__ import annotations

import py3langid

SUPPORTED = ("en", "fr")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, restricted to the languages we extract."""
    lang, _ = py3langid.classify(text[:5000])
    return lang if lang in SUPPORTED else "en"


def resolve_language(requested: str | None, declared: str | None, text: str) -> str:
    """auto/None -> declared -> detected; an explicit en/fr wins."""
    if requested and requested != "auto":
        return requested
    if declared in SUPPORTED:
        return declared
    return detect_language(text)
