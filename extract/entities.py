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
    # names (among name and aliases) that are also ordinary words: they name the entity only near a cue
    needs_context: tuple[str, ...] = field(default_factory=tuple)
    cues: tuple[str, ...] = field(default_factory=tuple)  # words near which an ambiguous name is this entity
    builds_upon: str | None = None  # the entity this one succeeds or extends (a later phase, a successor)
    # a supplier (chip or system vendor) is a parent and a cue, never a mention: "528 Nvidia H100
    # GPUs" and "built by HPE" say what the machine is made of, not whose figures these are
    supplier: bool = False


@dataclass(frozen=True)
class EntityMention:
    """An entity named in text."""

    entity: Entity
    start: int
    end: int


# The level of each kind: facilities (sites, clusters, systems, phases), programmes, and the
# organisations that own or run them (companies, public bodies, labs, universities).
LEVELS = {"site": "site", "cluster": "site", "system": "site", "phase": "site",
          "programme": "programme", "company": "organisation", "organisation": "organisation"}
OWNER_KINDS = frozenset(k for k, level in LEVELS.items() if level == "organisation")


def level(entity: Entity) -> str:
    """The entity's level: "site" (a facility of any kind), "programme" or "organisation"."""
    return LEVELS.get(entity.kind, "site")


def _load() -> dict:
    return tomllib.loads(resources.files("extract.data").joinpath("entities.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def registry() -> tuple[Entity, ...]:
    """All entities shipped with the package."""
    return tuple(
        Entity(e["id"], e["name"], e["kind"], e.get("parent"), tuple(e.get("aliases", ())),
               needs_context=tuple(e.get("needs_context", ())), cues=tuple(e.get("cues", ())),
               builds_upon=e.get("builds_upon"), supplier=e.get("supplier", False))
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


def ancestors(entity: Entity) -> list[Entity]:
    """The entity's parent, the parent's parent and so on (registry entries only)."""
    ents, out, seen = _by_id(), [], {entity.id}
    parent = entity.parent
    while parent and parent in ents and parent not in seen:
        seen.add(parent)
        out.append(ents[parent])
        parent = ents[parent].parent
    return out


@dataclass(frozen=True)
class _Surface:
    """What one spelling names: an entity outright, or candidates that each need a cue."""

    entity: Entity | None
    candidates: tuple[Entity, ...] = ()


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, dict[str, _Surface]]:
    free: dict[str, Entity] = {}
    ambiguous: dict[str, list[Entity]] = {}
    for e in registry():
        for alias in () if e.supplier else (e.name, *e.aliases):
            if alias in e.needs_context:
                ambiguous.setdefault(alias, []).append(e)
            else:
                free.setdefault(alias, e)
    # a spelling some entry accepts outright is never held back by another's doubt
    surface = {a: _Surface(free.get(a), tuple(ambiguous.get(a, ()))) for a in free.keys() | ambiguous.keys()}
    # longest alias first, as a trie (re tries a handful of first letters rather than every alias)
    body = trie(sorted(surface, key=len, reverse=True), space=r"\ ", ignorecase=False)
    # Case-sensitive on purpose: "Frontier" the machine is not "frontier models". An "@" handle
    # ("@Tesla") names the company too. A German compound on a capitalised noun ("Stargate-Standort",
    # "JUPITER-Rechner") keeps the name; "Titan-class" or "Colossus-2" do not.
    return guarded(rf"(?<![\w-])@?(?:{body})(?![\w]|-[^A-ZÄÖÜ])"), surface


def _words(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Context:
    """The [cues] table of entities.toml, compiled."""

    levels: dict[str, re.Pattern]  # per level, the words that say "a machine" or "a data centre"
    compound: re.Pattern  # a word that opens or ends on one of them ("Boostermodul", "Exascale-Klasse")
    naming: re.Pattern  # "called", "dubbed", "baptisé", "namens": what follows is a name
    family: re.Pattern  # "programme", "sites": a family's name used for the whole family
    not_glue: frozenset[str]


@lru_cache(maxsize=1)
def _context() -> _Context:
    cues = _load()["cues"]
    stems = tuple(sorted({w.lower() for lvl in ("system", "site") for w in cues[lvl] if " " not in w and len(w) >= 5}))
    # a cue word, or a German compound opening on one ("Boostermodul", "Rechenzentrumsbetreiber")
    levels = {lvl: re.compile(rf"(?<!\w)(?:{_words(cues[lvl])})(?!\w)|(?<!\w)(?-i:{_words(w[0].upper() + w[1:] for w in cues[lvl] if ' ' not in w and len(w) >= 5)})(?-i:[a-zäöüß]{{3,}})", re.IGNORECASE)
              for lvl in ("system", "site")}
    alternatives = _words(stems)
    return _Context(levels, re.compile(rf"^(?:{alternatives})|(?:{alternatives})$", re.IGNORECASE),
                    re.compile(rf"(?<!\w)(?:{_words(cues['naming'])})\W{{0,3}}$", re.IGNORECASE),
                    re.compile(rf"(?<!\w)(?:{_words(cues['family'])})(?!\w)", re.IGNORECASE),
                    frozenset(cues["not_glue"]))


@lru_cache(maxsize=None)
def _own_cues(entity_id: str, with_parents: bool = True) -> re.Pattern | None:
    """The entity's own cues and (WITH_PARENTS) the names of its parents, case-sensitive ("Oak Ridge", "ORNL")."""
    ent = _by_id()[entity_id]
    words = [*ent.cues]
    if with_parents:
        words += [a for p in ancestors(ent) for a in (p.name, *p.aliases) if len(a) > 1]
    return re.compile(rf"(?<![\w-])(?:{_words(words)})(?![\w-])") if words else None


CONTEXT_CHARS = 90  # how far from an ambiguous name a cue may stand, within its sentence
_SENTENCE_END = re.compile(r"[\w)\]\"”»][.!?](?=\s)|\n")
_WORD_BEFORE = re.compile(r"(?<![\w'’.])([A-ZÀ-ÖØ-Þ][\w&-]*(?:\.[\w&-]+)*) $")
# at the start of a sentence every word is capitalised: there a cue must qualify the name itself,
# within its next few words ("Frontier, the exascale system", not "Frontier models need clusters")
_NEXT_WORDS = re.compile(r"[\s,:(–—-]*(?:[^\s,]+[\s,]+){0,3}")
_WORD_AFTER = re.compile(r" ([A-ZÀ-ÖØ-Þ][\w&-]*)")
_ADJECTIVE_TAIL = re.compile(r"-[a-zäöüéè]+$")


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    for m in _SENTENCE_END.finditer(text, lo, start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end, hi)
    return lo, (m.start() + 1 if m else hi)


def _glued(text: str, start: int, end: int, candidates: tuple[Entity, ...], lo: int) -> bool:
    """Is the name part of a longer capitalised name ("AI Action Summit", "Aurora Innovation")?
    LO is where its sentence starts."""
    ctx = _context()
    before = _WORD_BEFORE.search(text, max(lo, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    for m in (before, after):
        if m is None:
            continue
        word = m.group(1)
        if (word in ctx.not_glue
                # "Lux AI cluster", "Frontier Supercomputer": a description follows
                or (m is after and any(rx.match(text, m.start(1)) for rx in ctx.levels.values()))
                # the sentence's first word is capitalised for its place alone
                or (m is before and not text[lo:m.start(1)].strip(" \t\"“«'‘("))
                # "EX-based", "Exascale-Klasse", "Boostermodul", "Supercomputer-Projekt": a description
                or _ADJECTIVE_TAIL.search(word)
                or ctx.compound.search(word)
                or any((rx := _own_cues(c.id)) is not None and rx.fullmatch(word) for c in candidates)):
            continue
        return True
    return False


def _cue_levels(entity: Entity) -> tuple[str, ...]:
    # an AI cluster is both a machine and a campus; a supercomputer is only a machine
    return {"system": ("system",), "cluster": ("system", "site"), "phase": ("system", "site")}.get(entity.kind, ("site",))


FAMILY_CHARS = 25  # how close a member's cue must be for a family's name to name the member
_CLAUSE_BREAK = re.compile(r"[,;:()–—]")


def _nearest_by_own_cue(text: str, start: int, end: int, lo: int, hi: int,
                        candidates: tuple[Entity, ...], with_parents: bool = True,
                        same_clause: bool = False) -> Entity | None:
    """The candidate with an own cue in text[lo:hi] nearest to the name at [start, end), if any;
    SAME_CLAUSE: only a cue with no clause punctuation between it and the name."""
    best, best_gap = None, len(text) + 1
    for c in candidates:
        rx = _own_cues(c.id, with_parents)
        for m in rx.finditer(text, lo, hi) if rx is not None else ():
            between = (m.end(), start) if m.end() <= start else (end, m.start()) if m.start() >= end else None
            if between is None or (same_clause and _CLAUSE_BREAK.search(text, *between)):
                continue
            if between[1] - between[0] < best_gap:
                best, best_gap = c, between[1] - between[0]
    return best


def _member(text: str, start: int, end: int, candidates: tuple[Entity, ...]) -> Entity | None:
    """The member of a family whose own cue stands nearest the family's name, within FAMILY_CHARS and
    the same clause ("the Stargate campus in Abilene", not "Stargate, begun in Abilene, ..."); its
    parents' names do not count: they are the family's too. None when the family itself is meant
    ("the Stargate programme", "Stargate sites in Texas")."""
    lo, hi = _window(text, start, end)
    lo, hi = max(lo, start - FAMILY_CHARS), min(hi, end + FAMILY_CHARS)
    family = _context().family
    if family.search(text, lo, hi):
        return None
    return _nearest_by_own_cue(text, start, end, lo, hi, candidates, with_parents=False, same_clause=True)


def _machine_near(machines: list[int], start: int, lo: int, hi: int) -> bool:
    """Does another facility's name (MACHINES: their sorted starts) start in [lo, hi)?"""
    i = bisect.bisect_left(machines, lo)
    return any(machines[j] != start for j in range(i, min(i + 2, len(machines))) if machines[j] < hi)


def _choose(text: str, start: int, end: int, candidates: tuple[Entity, ...], named: set[str],
            machines: list[int]) -> Entity | None:
    """The candidate an ambiguous name stands for here, or None when nothing says it is one."""
    lo, hi = _window(text, start, end)
    ctx = _context()
    # "a companion system dubbed Equinox", "unter dem Namen Herder": what follows is a name
    if ctx.naming.search(text, max(lo, start - 30), start):
        return next((c for c in candidates if any(ctx.levels[lvl].search(text, lo, hi) for lvl in _cue_levels(c))),
                    candidates[0])
    if _glued(text, start, end, candidates, lo):
        return None
    # its own cues first, the nearest winning: "Frontier" by Oak Ridge is the machine, by Vantage the campus
    best = _nearest_by_own_cue(text, start, end, lo, hi, candidates)
    if best is not None:
        return best
    levels = ctx.levels
    opening = not text[lo:start].strip(" \t\"“«'‘(")
    near_lo, near_hi = (start, _NEXT_WORDS.match(text, end, hi).end()) if opening else (lo, hi)
    for c in candidates:
        if any(levels[lvl].search(text, near_lo, start) or levels[lvl].search(text, end, near_hi)
               for lvl in _cue_levels(c)):
            return c
        # "El Capitan, Frontier and Aurora": another machine in the list vouches for it
        if "system" in _cue_levels(c) and _machine_near(machines, start, lo, hi):
            return c
    # last, the article: the entity itself or its parent named anywhere in it ("Meta" for "Hyperion")
    for c in candidates:
        if c.id in named or c.parent in named:
            return c
    return None


_OPEN_EDGE = re.compile(r"[\w@-]")  # a character before a sentence that could join a name across its start
_CLOSE_EDGE = re.compile(r"[\w-]")


def mentions_within(text: str, start: int, end: int, mentions: list[EntityMention],
                    starts: list[int]) -> list[EntityMention] | None:
    """find_entities(text[start:end]) read off MENTIONS = find_entities(text) (STARTS: their starts),
    ambiguous names judged in the whole text; None when the slice's edges could change what matches
    (then scan the slice itself)."""
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
    """Registry entities named in text, longest alias first, no overlaps; a name that is also a
    common word only where a cue says it is the entity (see entities.toml)."""
    pattern, surface = _matcher()
    out: list[EntityMention] = []
    pending: list[tuple[int, int, tuple[Entity, ...]]] = []
    for m in pattern.finditer(text):
        s = m.group(0)
        entry = surface.get(s) or surface[s.lstrip("@")]
        if entry.entity is not None:
            # a family's name names the member whose own cues stand right by it ("Fairwater in Atlanta")
            member = _member(text, m.start(), m.end(), entry.candidates) if entry.candidates else None
            out.append(EntityMention(member or entry.entity, m.start(), m.end()))
        else:
            pending.append((m.start(), m.end(), entry.candidates))
    if not pending:
        return out
    # accepted names vouch in turn for their neighbours and for their own bare names elsewhere,
    # until nothing changes
    named = {m.entity.id for m in out}
    machines = sorted(m.start for m in out if level(m.entity) == "site")
    while pending:
        left = []
        for start, end, candidates in pending:
            ent = _choose(text, start, end, candidates, named, machines)
            if ent is None:
                left.append((start, end, candidates))
                continue
            out.append(EntityMention(ent, start, end))
            named.add(ent.id)
            if level(ent) == "site":
                bisect.insort(machines, start)
        if len(left) == len(pending):
            break
        pending = left
    out.sort(key=lambda m: m.start)
    return out


_KIND_RANK = {"cluster": 0, "system": 0, "site": 1, "phase": 1, "programme": 2, "company": 3, "organisation": 3}


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
    # Infrastructure (clusters, systems, sites, programmes) beats companies and public bodies:
    # "xAI's Colossus" is about Colossus, "ORNL's Frontier" about Frontier.
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
