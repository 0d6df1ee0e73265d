"""Per-language cue words (data/cues_<lang>.toml): modality, online-date and build-time cues, dates.

Each list holds regular-expression fragments, one alternative each, matched case-insensitively
as whole words unless the fragment says otherwise. Adding a language is adding a file."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

LANGS = ("en", "fr", "de", "es")


@cache
def table(lang: str) -> dict:
    """The parsed cue file of LANG (empty for a language without one)."""
    try:
        text = resources.files("extract.data").joinpath(f"cues_{lang}.toml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    return tomllib.loads(text)


def words(section: str, key: str, langs: tuple[str, ...] | str = LANGS) -> list[str]:
    """The fragments under [section] key for LANGS, in file order, without repeats."""
    out: list[str] = []
    for lang in (langs,) if isinstance(langs, str) else langs:
        for w in table(lang).get(section, {}).get(key, []):
            if w not in out:
                out.append(w)
    return out


def alternation(section: str, key: str, langs: tuple[str, ...] | str = LANGS) -> str:
    """The fragments as one alternation body ("a|b|c"); a pattern that never matches when empty."""
    return "|".join(words(section, key, langs)) or r"(?!x)x"


def mapping(section: str, key: str, langs: tuple[str, ...] | str = LANGS) -> dict:
    """The [section.key] tables of LANGS merged (a later language does not override an earlier one)."""
    out: dict = {}
    for lang in (langs,) if isinstance(langs, str) else langs:
        for k, v in table(lang).get(section, {}).get(key, {}).items():
            out.setdefault(k, v)
    return out
