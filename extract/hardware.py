"""The accelerator catalogue (data/accelerators.toml) and finding its models in text."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract._fast_regex import Prefiltered, first_letter_buckets


@dataclass(frozen=True)
class HardwareMention:
    """An accelerator model named in text."""

    name: str
    vendor: str
    start: int
    end: int
    whole_system: bool = False  # counted as a system ("64 Cerebras CS-2 systems")


@lru_cache(maxsize=1)
def catalogue() -> tuple[dict, ...]:
    """The accelerator entries shipped with the package."""
    data = tomllib.loads(resources.files("extract.data").joinpath("accelerators.toml").read_text("utf-8"))
    return tuple(data["accelerator"])


@lru_cache(maxsize=1)
def catalogue_version() -> int:
    """Version number of the shipped catalogue."""
    data = tomllib.loads(resources.files("extract.data").joinpath("accelerators.toml").read_text("utf-8"))
    return int(data["version"])


_Model = tuple[str, str, bool]  # name, vendor, whole_system


@lru_cache(maxsize=1)
def _pattern() -> tuple[Prefiltered, list[_Model | None]]:
    """The pattern of every spelling in the catalogue, and the model behind each of its groups."""
    entries = [(max(len(p) for p in e["patterns"]), (e["name"], e["vendor"], bool(e.get("whole_system", False))),
                e["patterns"]) for e in catalogue()]
    # longest entries first, so GB200 wins over B200 and GH200 over H200
    spellings = [(model, p) for _, model, patterns in sorted(entries, key=lambda e: -e[0]) for p in patterns]
    # each spelling in a group of its own, behind a lookahead on its first letter (same matches,
    # far fewer attempts); the group that matched says which model it was
    buckets = first_letter_buckets([p for _, p in spellings], re.IGNORECASE) or [("", list(range(len(spellings))))]
    models: list[_Model | None] = [None]
    parts = []
    for letter, indices in buckets:
        alts = []
        for i in indices:
            model, spelling = spellings[i]
            alts.append(f"({spelling})")
            models += [model] + [None] * re.compile(spelling).groups
        parts.append((f"(?={re.escape(letter)})" if letter else "") + f"(?:{'|'.join(alts)})")
    # a vendor prefix glued with a hyphen ("GCP-TPUv4") is allowed; a letter before is not (GB200 is not B200)
    return Prefiltered(rf"(?<![\w])(?:{'|'.join(parts)})(?:s|'s|’s)?(?![\w])", re.IGNORECASE), models


@lru_cache(maxsize=1)
def _excluded_after() -> dict[str, re.Pattern]:
    # "the Vera Rubin Observatory": words after a spelling that make it no chip; kept out of the
    # patterns themselves, which the backfill's RE2 prefilter compiles and RE2 has no look-arounds
    return {e["name"]: re.compile(rf"\s+(?:{'|'.join(e['exclude_after'])})\b", re.IGNORECASE)
            for e in catalogue() if e.get("exclude_after")}


def _mention(text: str, m: re.Match, models: list[_Model | None]) -> HardwareMention | None:
    name, vendor, whole = models[m.lastindex]
    excluded = _excluded_after().get(name)
    if excluded is not None and excluded.match(text, m.end()):
        return None
    return HardwareMention(name, vendor, m.start(), m.end(), whole)


def hardware_at(text: str, pos: int) -> HardwareMention | None:
    """The accelerator model starting exactly at text[pos], if any."""
    pattern, models = _pattern()
    m = pattern.match(text, pos)
    return _mention(text, m, models) if m else None


def find_hardware(text: str, start: int = 0, end: int | None = None) -> list[HardwareMention]:
    """Accelerator models named in text[start:end]."""
    pattern, models = _pattern()
    found = (_mention(text, m, models) for m in pattern.finditer(text, start, len(text) if end is None else end))
    return [h for h in found if h is not None]
