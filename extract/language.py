"""Language of a text when the page does not declare it, and whether we can read it.

Claims are read with rules written for English, French, German and Spanish. A page in another
language is not read with any of them (English rules on Italian copy find wrong numbers and
wrong subjects): it is detected as what it is and skipped, with a reason the pipeline counts.
"""
from __future__ import annotations

from functools import lru_cache

SUPPORTED = ("en", "fr", "de", "es")
DEFAULT = "en"  # a text too short or too bare to tell (names and figures) is read as English
# A text is called unsupported only when the identifier is sure of it: the other language must
# lead with at least this probability while ours together keep at most OURS_AT_MOST. Short
# headlines and figure-heavy lines are ambiguous ("Das Rechenzentrum hat 10.000 GPUs" leans to
# Luxembourgish): those stay with the best of our four.
OTHER_AT_LEAST = 0.5
OURS_AT_MOST = 0.1
# When another language leads without that certainty, one of ours is taken only on this much
# evidence; below it (names and figures: "El Capitan LLNL 1.742 exaflops") the text is read as
# English, where a figure like "1.742" means what most such lines mean.
OURS_AT_LEAST = 0.2
_SAMPLE = 5000  # characters: enough to tell, cheap to score


@lru_cache(maxsize=1)
def _identifier():
    # probabilities over every language the model knows, so that "not one of ours" can be told
    # apart from "one of ours, on little evidence"; loaded on the first page that needs it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> str:
    """ISO 639-1 code of TEXT's language: one of SUPPORTED, or another code when it is surely another."""
    ranked = _identifier().rank(text[:_SAMPLE])
    if not ranked:
        return DEFAULT
    top, p = ranked[0]
    if top in SUPPORTED:
        return top
    ours = [(lang, q) for lang, q in ranked if lang in SUPPORTED]
    if p >= OTHER_AT_LEAST and sum(q for _, q in ours) <= OURS_AT_MOST:
        return top
    best, q = max(ours, key=lambda lq: lq[1]) if ours else (DEFAULT, 0.0)
    return best if q >= OURS_AT_LEAST else DEFAULT


def detect_language(text: str) -> str:
    """The best of the supported languages for TEXT (an unsupported one is never returned)."""
    lang = identify(text)
    return lang if lang in SUPPORTED else DEFAULT


def is_supported(lang: str | None) -> bool:
    """Can claims be read in LANG?"""
    return lang in SUPPORTED


def unsupported_reason(lang: str) -> str:
    """The skip reason recorded and counted for a page in LANG."""
    return f"language {lang} not supported ({', '.join(SUPPORTED)})"


def _base(code: str | None) -> str | None:
    """'de-CH', 'es_ES', 'FR' -> 'de', 'es', 'fr'."""
    if not code:
        return None
    return code.strip().replace("_", "-").split("-")[0].lower() or None


def resolve_language(requested: str | None, declared: str | None, text: str) -> str:
    """The language to read TEXT in: an explicit request wins, then the page's declared language when
    it is one we read, then detection, which may return an unsupported code (the page is then skipped).

    A declared unsupported language is not trusted on its own: templates declare one language for
    every page of a site, so the text decides."""
    if requested and requested != "auto":
        return requested
    declared = _base(declared)
    if declared in SUPPORTED:
        return declared
    return identify(text)
