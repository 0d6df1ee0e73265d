"""The accelerator catalogue (data/accelerators.toml) and finding its models in text."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract._fast_regex import Prefiltered


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


@lru_cache(maxsize=1)
def _pattern() -> tuple[Prefiltered, dict[str, tuple[str, str, bool]]]:
    groups, names = [], {}
    for i, entry in enumerate(catalogue()):
        key = f"h{i}"
        names[key] = (entry["name"], entry["vendor"], bool(entry.get("whole_system", False)))
        alts = "|".join(entry["patterns"])
        groups.append((max(len(p) for p in entry["patterns"]), f"(?P<{key}>{alts})"))
    # longest alternatives first, so GB200 wins over B200 and GH200 over H200
    body = "|".join(g for _, g in sorted(groups, key=lambda g: -g[0]))
    # a vendor prefix glued with a hyphen ("GCP-TPUv4") is allowed; a letter before is not (GB200 is not B200)
    return Prefiltered(rf"(?<![\w])(?:{body})(?:s|'s|’s)?(?![\w])", re.IGNORECASE), names


def hardware_at(text: str, pos: int) -> HardwareMention | None:
    """The accelerator model starting exactly at text[pos], if any."""
    pattern, names = _pattern()
    m = pattern.match(text, pos)
    if not m:
        return None
    key = next(k for k, v in m.groupdict().items() if v)
    return HardwareMention(*names[key][:2], m.start(), m.end(), names[key][2])


def find_hardware(text: str, start: int = 0, end: int | None = None) -> list[HardwareMention]:
    """Accelerator models named in text[start:end]."""
    pattern, names = _pattern()
    out = []
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        key = next(k for k, v in m.groupdict().items() if v)
        out.append(HardwareMention(*names[key][:2], m.start(), m.end(), names[key][2]))
    return out
