"""The entity registry (data/entities.toml) and finding clusters, sites and companies in text."""
from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from extract._fast_regex import guarded, trie


@dataclass(frozen=True)
class Entity:
    """A registry entry."""

    id: str
    name: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    origin: str = "registry"


@dataclass(frozen=True)
class EntityMention:
    """An entity named in text."""

    entity: Entity
    start: int
    end: int


def _load() -> dict:
    return tomllib.loads(resources.files("extract.data").joinpath("entities.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def registry() -> tuple[Entity, ...]:
    """All entities shipped with the package."""
    return tuple(
        Entity(e["id"], e["name"], e["kind"], e.get("parent"), tuple(e.get("aliases", ())))
        for e in _load()["entity"]
    )


@lru_cache(maxsize=1)
def registry_version() -> int:
    """Version number of the shipped registry."""
    return int(_load()["version"])


def by_id() -> dict[str, Entity]:
    """Registry entries keyed by id."""
    return dict(_by_id())


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Entity]:
    return {e.id: e for e in registry()}


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, dict[str, Entity]]:
    surface: dict[str, Entity] = {}
    for e in registry():
        for alias in (e.name, *e.aliases):
            surface.setdefault(alias, e)
    # longest alias first, as a trie (re tries a handful of first letters rather than every alias)
    body = trie(sorted(surface, key=len, reverse=True), space=r"\ ", ignorecase=False)
    # Case-sensitive on purpose: "Frontier" the machine is not "frontier models". An "@" handle
    # ("@Tesla") names the company too.
    return guarded(rf"(?<![\w-])@?(?:{body})(?![\w-])"), surface


_OPEN_EDGE = re.compile(r"[\w@-]")  # a character before a sentence that could join a name across its start
_CLOSE_EDGE = re.compile(r"[\w-]")


def mentions_within(text: str, start: int, end: int, mentions: list[EntityMention],
                    starts: list[int]) -> list[EntityMention] | None:
    """find_entities(text[start:end]) read off MENTIONS = find_entities(text) (STARTS: their starts);
    None when the slice's edges could change what matches (then scan the slice itself)."""
    if (start > 0 and _OPEN_EDGE.match(text, start - 1)) or (end < len(text) and _CLOSE_EDGE.match(text, end)):
        return None
    i = bisect.bisect_left(starts, start)
    if i > 0 and mentions[i - 1].end > start:
        return None  # a name runs over the start
    out = []
    while i < len(mentions) and mentions[i].start < end:
        m = mentions[i]
        if m.end > end:
            return None  # a name runs over the end
        out.append(EntityMention(m.entity, m.start - start, m.end - start))
        i += 1
    return out


def find_entities(text: str) -> list[EntityMention]:
    """Registry entities named in text, longest alias first, no overlaps."""
    pattern, surface = _matcher()
    out = []
    for m in pattern.finditer(text):
        ent = surface.get(m.group(0)) or surface[m.group(0).lstrip("@")]
        out.append(EntityMention(ent, m.start(), m.end()))
    return out


_KIND_RANK = {"cluster": 0, "system": 0, "site": 1, "programme": 2, "company": 3}


def topic_entity(title: str | None, text: str, text_mentions: list[EntityMention] | None = None) -> Entity | None:
    """The entity an article is about: the most named infrastructure entity, the title counting triple.

    TEXT_MENTIONS is find_entities(text), when the caller has it already."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    ents = _by_id()  # read only
    found = find_entities(text) if text_mentions is None else text_mentions
    for weight, mentions in ((3, find_entities(title or "")), (1, found)):
        for mention in mentions:
            counts[mention.entity.id] += weight
            first.setdefault(mention.entity.id, mention.start)
    if not counts:
        return None
    # Infrastructure (clusters, systems, sites) beats companies: "xAI's Colossus" is about Colossus.
    best = sorted(counts, key=lambda i: (_KIND_RANK.get(ents[i].kind, 4) > 2, -counts[i], first[i]))
    return ents[best[0]]


# Each opens on its first letter and checks the word boundary behind it ((?<!\w.) after one
# letter says what \b said before it): a pattern that starts with a letter lets re jump from
# one such letter to the next instead of trying the pattern at every character of the article.
_DISCOVERY = [
    re.compile(r"(?:c(?<!\w.)(?:luster|ampus)|s(?<!\w.)upercomputer|d(?<!\w.)ata\s?cent(?:er|re))\s+"
               r"(?:called|named|dubbed|known\s+as)\s+[\"“']?(?P<name>[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,2})"),
    re.compile(r"[Tt](?<!\w.)he\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z0-9][\w-]*)?)\s+(?:supercomputer|AI\s+cluster|cluster)\b"),
    re.compile(r"(?:s(?<!\w.)uper(?:calculateur|ordinateur)|c(?<!\w.)luster)\s+(?:baptisé\s+|nommé\s+|appelé\s+)?"
               r"[«\"“]?\s*(?P<name>[A-Z][\w-]+(?:\s+[A-Z0-9][\w-]*)?)"),
]
_LONG_NUMBER = re.compile(r"\d{3,}")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_NAMES = {"Nvidia", "NVIDIA", "AMD", "GPU", "GPUs", "AI", "IA", "The", "This", "Le", "La", "Un", "Une", "De", "Du", "Des"}


def discover_entities(text: str) -> list[EntityMention]:
    """Named clusters the registry does not know yet ("a cluster called X", "the X supercomputer")."""
    pattern, surface = _matcher()
    out = []
    for rx in _DISCOVERY:
        for m in rx.finditer(text):
            name = m.group("name").strip()
            if name.split()[0] in _NOT_NAMES or name in surface or _LONG_NUMBER.search(name):
                continue
            slug = "discovered-" + _NON_SLUG.sub("-", name.lower()).strip("-")
            ent = Entity(slug, name, "cluster", None, (name,), origin="discovered")
            out.append(EntityMention(ent, m.start("name"), m.end("name")))
    return out
