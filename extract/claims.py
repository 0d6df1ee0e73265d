"""From clean text to structured claims: figure, unit, attribute, hardware, subject, modality, date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extract import dates, entities, hardware, modality, nlp, numbers, places, proper_nouns, units
from extract._fast_regex import Prefiltered, dispatched, guarded, trie
from extract.entities import Entity, EntityMention

RULES_VERSION = 1


def extractor_version() -> str:
    """Version string stored with every claim: rules, entity registry and catalogue versions."""
    return f"rules{RULES_VERSION}.ent{entities.registry_version()}.hw{hardware.catalogue_version()}"


@dataclass(frozen=True)
class Claim:
    """One figure about one subject, with the sentence that states it."""

    subject: str
    entity_id: str | None
    attribute: str
    hardware: str | None
    value: float | str | None
    low: float | str | None
    high: float | str | None
    unit: str
    modality: str
    as_of: str | None
    lang: str
    quote: str
    start: int
    end: int
    speaker: str | None = None


_GPU_NOUN = (r"(?:GPUs?|graphics\s+processing\s+units?|graphics\s+processors?|accelerators?|AI\s+chips?|chips?|"
             r"superchips?|processeurs?\s+graphiques|puces?(?:\s+(?:graphiques|d['’]IA|IA))?|accélérateurs?|"
             r"cartes?\s+graphiques|superpuces?|TPUs?|XPUs?|LPUs?|NPUs?|processor\s+modules?|GPU)")
_NOUN_AT = re.compile(rf"{_GPU_NOUN}(?![\w])", re.IGNORECASE)
# "261 GPU nodes" counts nodes, "2.5K GPU hours" counts time: not accelerators
_NOT_A_COUNT = re.compile(r"\s*-?\s*(?:nodes?|servers?|systems?|instances?|racks?|hours?|boards?|"
                          r"trays?|chassis|sockets?|nœuds?|serveurs?|baies?|heures?|cores?|slots?|switch(?:es)?)\b",
                          re.IGNORECASE)
_CPU_AT = re.compile(r"(?:Grace\s+CPU|CPUs?|Xeon|EPYC|processeurs?\b(?!\s+graphiques))", re.IGNORECASE)
# Words that may sit between a figure and the accelerator it counts ("32,768 of the latest Nvidia
# A100 GPUs"); the scan stops at anything that starts a new phrase.
_SCAN_STOP = {"in", "at", "for", "to", "with", "and", "or", "per", "by", "on", "from", "into", "across", "over",
              "while", "which", "that", "than", "as", "each", "is", "are", "was", "were", "will", "has", "have",
              "et", "ou", "pour", "dans", "avec", "sur", "par", "chez", "à", "au", "aux", "en", "est", "sont", "qui"}
_SCAN_WORD = re.compile(r"[\w’'.&/-]+|[^\w\s]")
_MODEL_LEAD = re.compile(r"(?i)nvidia|amd|intel|google|aws|de|d['’]|type|modèle")  # "GPU Nvidia H100", "GPU de type H100"
MAX_SCAN_WORDS = 6
MAX_UNKNOWN_WORDS = 3


def _gpu_hardware(sent: str, pos: int) -> tuple[bool, str | None, int]:
    """Is the figure ending at POS a count of accelerators? Returns (yes, model, end of the phrase)."""
    tail = sent[pos:pos + 160]
    words = unknown = 0
    # "24,576-GPU cluster": the hyphen glues the figure to its noun
    first = 1 if tail.startswith("-") else 0
    for m in _SCAN_WORD.finditer(tail, first):
        at = m.start()
        if _CPU_AT.match(tail, at):
            return False, None, pos
        hw = hardware.hardware_at(tail, at)
        if hw:
            noun = _NOUN_AT.match(tail, _skip_space(tail, hw.end))
            end = noun.end() if noun else hw.end
            # "256 HGX H100 systems" counts servers; a Cerebras CS-2 system is itself the accelerator
            if _NOT_A_COUNT.match(tail, end) and not hw.whole_system:
                return False, None, pos
            return True, hw.name, pos + end
        noun = _NOUN_AT.match(tail, at)
        if noun:
            if _NOT_A_COUNT.match(tail, noun.end()):
                return False, None, pos
            # the model may follow the noun: "100 000 GPU Nvidia H100"
            for m2 in _SCAN_WORD.finditer(tail, noun.end()):
                hw2 = hardware.hardware_at(tail, m2.start())
                if hw2:
                    return True, hw2.name, pos + hw2.end
                if m2.start() - noun.end() > 25 or not _MODEL_LEAD.fullmatch(m2.group(0)):
                    break
            return True, None, pos + noun.end()
        word = m.group(0)
        words += 1
        if words > MAX_SCAN_WORDS or word.lower() in _SCAN_STOP or word[0].isdigit():
            return False, None, pos
        if word in (",",) and words <= 2:
            continue
        if not word[0].isalnum() and word not in ("-",):
            return False, None, pos
        if word[0].isupper() or word.endswith(("'s", "’s")):
            continue  # vendor, architecture or owner: "Nvidia", "Volta", "Longhorn’s", "GCP-"
        unknown += 1
        if unknown > MAX_UNKNOWN_WORDS:
            return False, None, pos
    return False, None, pos


# Cue lists are dispatched on their first letter and prefiltered on the words they need
# (extract/_fast_regex.py): the same matches, found with a few attempts per word instead of dozens.
_BUILD_WORDS = (r"built|build|building|construct(?:ed|ion)?|erected|stood\s+up|went\s+up|assembled|set\s+up|took|taking|"
                r"from\s+start\s+to\s+finish|record\s+time|cornfield|from\s+scratch|doubling|doubled|"
                r"réalisée?s?|construite?s?|bâtie?s?|montée?s?|édifiée?s?|assemblée?s?|mise?s?\s+en\s+place|installée?s?|"
                r"déployée?s?|deployed|du\s+début\s+à\s+la\s+fin|temps\s+record|chantier|doublement|a\s+pris|n['’]a\s+pris|"
                r"a\s+duré|n['’]a\s+duré")
_BUILD_CUE = Prefiltered(rf"\b(?:{dispatched(_BUILD_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)
# "in less than a year", "en moins de six mois": durations written in words
_WORD_DURATION = re.compile(
    r"\b(?:in|within|en|after|après)\s+(?P<bound>less\s+than|under|just|only|moins\s+d['’]|moins\s+de|à\s+peine|"
    r"seulement|about|around|environ)?\s*(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\s+(?P<u>years?|ans?|années?|months?|mois|weeks?|"
    r"semaines?|days?|jours?)\b", re.IGNORECASE)
_SMALL = {"a": 1, "an": 1, "one": 1, "un": 1, "une": 1, "two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4,
          "quatre": 4, "five": 5, "cinq": 5, "six": 6, "seven": 7, "sept": 7, "eight": 8, "huit": 8, "nine": 9,
          "neuf": 9, "ten": 10, "dix": 10, "eleven": 11, "onze": 11, "twelve": 12, "douze": 12}
# a duration that is the length of something else: "paused for 30 days", "pendant 30 jours"
_NOT_BUILD_LEAD = re.compile(r"\b(?:for|during|pendant|durant|every|each|chaque|per|par|ago|il\s+y\s+a)\s+$", re.IGNORECASE)
_NOT_COST_WORDS = (r"revenues?|revenus?|chiffre\s+d['’]affaires|valuation|valued|valorisation|valoris\w*|market\s+cap|"
                   r"capitalisation|profits?|bénéfices?|sales|ventes|raised|raises|raise|raising|levée|lève|levé|"
                   r"funding|funding\s+round|Series\s+[A-F]|salar(?:y|ies)|salaires?|net\s+worth|fortune|"
                   r"stocks?|shares?|actions?|income|earnings|résultat\s+net|pay\s+packages?|rémunérations?|"
                   r"obligations|backlog|carnet\s+de\s+commandes|market\s+for|marché|dividends?|losses|pertes")
_NOT_COST = Prefiltered(rf"\b(?:{dispatched(_NOT_COST_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)
MIN_COST_USD = 1_000_000  # smaller dollar figures in this news are prices and wages, not infrastructure
_TOTAL_AFTER = re.compile(r"\s+(?:in\s+all|in\s+total|total|au\s+total|en\s+tout|per\s+(?:cluster|pod|site|island)|"
                          r"par\s+(?:cluster|site))\b", re.IGNORECASE)
_PART_WHOLE_TARGET = re.compile(r"(?:\bto|\bà|atteindre|reach(?:ing)?|total(?:ling)?|of|de)\s*$", re.IGNORECASE)
_ONLINE_WORDS = (r"came\s+online|come\s+online|comes\s+online|coming\s+online|brought\s+(?:\w+\s+){0,4}online|"
                 r"bring\s+(?:\w+\s+){0,4}online|online|went\s+live|go\s+live|goes\s+live|switched\s+on|powered\s+on|"
                 r"turned\s+on|turn\s+on|up\s+and\s+running|operational|inaugurated|commissioned|launched|launch|"
                 r"start(?:s|ed)?\s+operating|operating\s+since|in\s+(?:full\s+)?production|(?:entered|entering|reached|enter)\s+(?:full\s+)?production|"
                 r"at\s+launch|au\s+lancement|opened|open(?:s)?\s+(?:in|to)|first\s+(?:batch|deliveries|delivery)|premières\s+livraisons|"
                 r"entrée?s?\s+en\s+production|deliveries|"
                 r"mise?s?\s+en\s+ligne|mettre\s+en\s+ligne|mise?s?\s+en\s+service|entr(?:é|ée|er|era|eront|ent)\s+en\s+service|"
                 r"en\s+service|en\s+production|opérationnel(?:le)?s?|inauguré(?:e)?|mise?\s+en\s+route|ouvert(?:e)?|ouvrir|"
                 r"ouvrira|lancée?|lancement|démarr(?:é|ée|era|er|age)|livraisons")
_ONLINE_CUE = Prefiltered(rf"\b(?:{dispatched(_ONLINE_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)
_ATTACHED_AFTER = re.compile(r"^\s*(?:of|de|du|d['’]|for|pour|at|à|in|chez)\s*(?:the\s+|l['’]|la\s+|le\s+|les\s+)?$",
                             re.IGNORECASE)
_SPEAKER = Prefiltered(
    r"(?:(?P<a>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)\s+(?:said|says|announced|wrote|told|tweeted|posted|confirmed|claimed)\b"
    r"|\b(?:said|says|announced|wrote|according\s+to)\s+(?P<b>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)"
    r"|\b(?:selon|d['’]après)\s+(?P<c>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)"
    r"|\ba\s+(?:déclaré|annoncé|affirmé|écrit|indiqué|confirmé|précisé)\s+(?P<d>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?))"
)
_NOT_SPEAKERS = {"The", "This", "It", "Il", "Elle", "Le", "La", "Les", "He", "She", "They", "We"}

# Cheaper still: a sentence with no figure can only hold a place or an online date
_MAYBE_PLACE_OR_ONLINE = re.compile(r"[A-ZÀ-Ý][\w'’.-]+,\s|\b(?:in|at|à|au|near|près|de|d['’])\s*[A-ZÀ-Ý]|online|ligne|service|"
                                    r"operat|opérat|inaugur|launch|lanc|live|switched|powered|product|ouv|open|démarr",
                                    re.IGNORECASE)
# Cheap test before any real work: a sentence can hold a claim only if it has a digit or a number word
# (the digit is looked for first, on its own, since re finds a lone class far faster than an alternation).
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = ("one two three four five six seven eight nine ten twelve twenty fifty hundred thousand million billion "
                 "thousands millions dozens un une deux trois quatre cinq dix cent mille milliers million milliard dizaines "
                 "centaines").split()
# whole words, so their order does not matter: a trie
_CANDIDATE = guarded(rf"\d|\b(?:{trie(sorted(_NUMBER_WORDS, key=len, reverse=True))})\b", re.IGNORECASE)


class _Lazy:
    """A value computed on first call and kept."""

    __slots__ = ("_fn", "_value", "_done")

    def __init__(self, fn):
        self._fn, self._value, self._done = fn, None, False

    def __call__(self):
        if not self._done:
            self._value, self._done = self._fn(), True
        return self._value


@dataclass
class _Ctx:
    text: str
    lang: str
    ref: date | None
    topic: Entity | None
    discovered: dict[str, Entity]


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\u00a0\u202f-":
        i += 1
    return i


_PARTNERS = re.compile(r"(?:\b(?:along\s+with|together\s+with|alongside|partners?|partenaires?|aux\s+côtés\s+de|avec\s+l['’]aide\s+de)"
                       r"(?:\s+(?:its|their|his|her|ses|leurs?|the|les?))?\s+)$", re.IGNORECASE)
_PHASE = Prefiltered(r"\b(?:phase|tranche|stage|étape)\s+(?P<n>\d+|I{1,3}|IV|one|two|three|un|deux|trois)\b|"
                    r"\b(?P<ord>first|second|third|première|deuxième|seconde|troisième)\s+(?:phase|tranche)\b", re.IGNORECASE)
_AND_BEFORE = re.compile(r"\band\s+$")
_INTO_BEFORE = re.compile(r"\b(?:in|into|dans|en)\s+$")
_OF_BEFORE = re.compile(r"(?:\bof|\bde|\bd['’]|\bdu)\s*(?:the\s+|l['’])?$")
_CLAUSE_PUNCT = re.compile(r"[,;.]")
_PHASE_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "one": 1, "two": 2, "three": 3, "un": 1, "deux": 2, "trois": 3,
                  "first": 1, "second": 2, "third": 3, "première": 1, "deuxième": 2, "seconde": 2, "troisième": 3}


def _subject(ctx: _Ctx, sent: str, start: int, end: int, mentions: list[EntityMention],
             attribute: str | None = None) -> Entity | None:
    """The subject of the figure at [start, end): the entity, or its phase when the text names one."""
    # "Along with its partners CoreWeave and NVIDIA, Inflection AI is building ...": partners are not the subject
    kept = [m for m in mentions if not _PARTNERS.search(sent[max(0, m.start - 40):m.start])
            and not _AND_BEFORE.search(sent[max(0, m.start - 5):m.start]) or not _PARTNERS.search(sent[:m.start])]
    ent = _base_subject(ctx, sent, start, end, kept, attribute)
    if ent is None or ent.kind == "company":
        return ent
    phase = _PHASE.search(sent)
    if phase and abs(phase.start() - start) < 80:
        raw = (phase.group("n") or phase.group("ord")).lower()
        n = int(raw) if raw.isdigit() else _PHASE_NUMBERS.get(raw)
        if n:
            return Entity(f"{ent.id}-phase-{n}", f"{ent.name} Phase {n}", ent.kind, ent.id, (), origin="discovered")
    return ent


def _base_subject(ctx: _Ctx, sent: str, start: int, end: int, mentions: list[EntityMention],
                  attribute: str | None = None) -> Entity | None:
    if attribute == "cost":
        # "an investment of $5 billion from Tesla in xAI": the money goes to what follows in/into/dans
        for m in mentions:
            if m.start >= end and _INTO_BEFORE.search(sent[end:m.start]) and len(sent[end:m.start]) < 60:
                return m.entity
    if attribute in ("online_date", "location"):
        # "brought its Colossus cluster online": the site, not its owner, goes online
        infra = [m for m in mentions if m.entity.kind != "company"]
        if infra:
            return min(infra, key=lambda m: min(abs(m.start - end), abs(m.end - start))).entity
    # 1. attached right after the figure: "10.6 exaflops of Aurora", "448 of Longhorn's GPUs"
    for m in mentions:
        if m.start >= end and _ATTACHED_AFTER.match(sent[end:m.start]) is not None:
            return m.entity
        if m.start >= end:
            gap = sent[end:m.start]
            if len(gap) < 45 and _OF_BEFORE.search(gap) and not _CLAUSE_PUNCT.search(gap):
                return m.entity
    # 2. nearest named before the figure, preferring infrastructure over its owner
    before = [m for m in mentions if m.end <= start]
    if before:
        ent = before[-1].entity
        if ent.kind == "company":
            infra = [m for m in before if m.entity.kind != "company"]
            if infra:
                ent = infra[-1].entity
            elif ctx.topic is not None and ctx.topic.parent == ent.id:
                ent = ctx.topic
        return ent
    # 3. a name the registry does not know, when it clearly is the subject ("Yotta will deploy",
    #    "ABCI 3.0 consists of", "Longhorn's GPUs"); else "ce système", "the cluster", "it": the topic
    if not mentions:
        cand = proper_nouns.best_name(sent, start, end)
        c0, _ = modality.clause_bounds(sent, start, end)
        if cand and (ctx.topic is None or cand.score >= 3 or (cand.score >= 1 and c0 <= cand.start)):
            return _discovered(ctx, cand.name)
    if ctx.topic is not None:
        return ctx.topic
    after = [m for m in mentions if m.start >= end]
    return after[0].entity if after else None


def resolve_subject(name: str) -> tuple[str, str | None]:
    """(canonical subject, entity id) for a cluster's name as written elsewhere ("xAI Colossus Memphis Phase 1")."""
    mentions = entities.find_entities(name)
    infra = [m for m in mentions if m.entity.kind != "company"] or mentions
    if not infra:
        return name, f"discovered-{_slug(name)}"
    ent = infra[0].entity
    phase = _PHASE.search(name)
    if phase:
        raw = (phase.group("n") or phase.group("ord")).lower()
        n = int(raw) if raw.isdigit() else _PHASE_NUMBERS.get(raw)
        if n:
            return f"{ent.name} Phase {n}", f"{ent.id}-phase-{n}"
    return ent.name, ent.id


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(name: str) -> str:
    return _NON_SLUG.sub("-", name.lower()).strip("-")


def _discovered(ctx: _Ctx, name: str) -> Entity:
    """The entity for a name found in text, the same object for every mention in an article."""
    if name not in ctx.discovered:
        ctx.discovered[name] = Entity(f"discovered-{_slug(name)}", name, "cluster", None, (name,), origin="discovered")
    return ctx.discovered[name]


def _named_topic(ctx: _Ctx, head: str) -> Entity | None:
    """For a text no registry entity is named in: the first strongly marked name ("the X cluster")."""
    for s0, s1 in nlp.sentences(head, ctx.lang):
        strong = [c for c in proper_nouns.name_candidates(head[s0:s1], 0, 0) if c.score >= 2]
        if strong:
            return _discovered(ctx, max(strong, key=lambda c: c.score).name)
    return None


def _speaker(sent: str) -> str | None:
    m = _SPEAKER.search(sent)
    if not m:
        return None
    name = next(g for g in m.groups() if g)
    return None if name.split()[0] in _NOT_SPEAKERS else name


def _as_of(ctx: _Ctx, sent: str, mode: str, date_mentions: list[dates.DateMention]) -> str | None:
    # a planned figure is dated by when it was stated, not by the future date it aims at
    for d in date_mentions:
        if ctx.ref is None or d.high <= ctx.ref or mode != "planned":
            if ctx.ref is not None and d.low > ctx.ref:
                continue
            return d.value.isoformat() if d.exact else d.value.isoformat()[:7] if d.low.day == 1 and d.high.month == d.low.month else d.value.isoformat()
    return ctx.ref.isoformat() if ctx.ref else None


_TIMES_OR_LETTER = re.compile(r"[A-Za-z×x]")
_SENTENCE_PUNCT = re.compile(r"[.;]")
_OPEN_PAREN = re.compile(r"\s*\(")
_NOT_GPUS_AFTER = re.compile(r"\s*(?:%|percent|pour\s+cent|people|employees|workers|homes|households|foyers|emplois|jobs)",
                             re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|et|or|ou))\s*$", re.IGNORECASE)


def _classify(ctx: _Ctx, sent: str, q: numbers.Quantity, quantities: list[numbers.Quantity]):
    """(attribute, unit, factor, hardware, phrase end) for a figure, or None."""
    got = _classify_one(ctx, sent, q, quantities)
    if got:
        return got
    # "30, 30, and 100 megawatts": the unit of the last figure of a list applies to all of them
    i = next((k for k, o in enumerate(quantities) if o is q), None)
    j = i
    while (j is not None and j + 1 < len(quantities) and not numbers.looks_like_year(sent, q)
           and _LIST_GAP.match(sent[quantities[j].end:quantities[j + 1].start])
           and quantities[j + 1].low == quantities[j + 1].high):
        j += 1
    if j is not None and j != i:
        last = _classify_one(ctx, sent, quantities[j], quantities)
        if last and last[0] != "cost":
            return last
    # "(approximately 15,000, 15,000, and 50,000-60,000 respectively)" after a GPU count: parts of it
    opened = sent.rfind("(", 0, q.start)
    if (opened > 0 and ")" not in sent[opened:q.start] and q.value >= 100
            and not _TIMES_OR_LETTER.match(sent, q.end)):
        before = [o for o in quantities if o.end <= opened and opened - o.end < 40]
        if before and _gpu_hardware(sent, before[-1].end)[0]:
            return "gpu_count", "count", 1.0, None, q.end
    return None


def _classify_one(ctx: _Ctx, sent: str, q: numbers.Quantity, quantities: list[numbers.Quantity]):
    cur = units.currency_around(sent, q.num_start, q.end)
    if cur:
        if _NOT_COST.search(sent) or q.value * cur.factor < MIN_COST_USD:
            return None
        return "cost", cur.unit, cur.factor, None, cur.end
    if q.money_suffix:
        return None
    for finder in (units.power_after, units.compute_after, units.water_after):
        u = finder(sent, q.end)
        if u:
            return u.attribute, u.unit, u.factor, None, u.end
    u = units.duration_after(sent, q.end)
    if u:
        if _BUILD_CUE.search(sent) and not _NOT_BUILD_LEAD.search(sent[:q.start]) and not q.scaled:
            return "build_time", "days", u.factor, None, u.end
        return None
    is_gpu, hw, end = _gpu_hardware(sent, q.end)
    if is_gpu and not q.vague and q.value != int(q.value):
        is_gpu = False  # "1.5 GPUs" is not a count
    if is_gpu:
        return "gpu_count", "count", 1.0, hw, end
    if numbers.looks_like_year(sent, q) and not q.scaled:
        return None
    # "... four V100 GPUs each, 1,044 in all", "H100 GPUs, up to 1,024 per cluster"
    if _TOTAL_AFTER.match(sent, q.end):
        before = sent[max(0, q.start - 60):q.start]
        nouns = list(_NOUN_AT.finditer(before))
        if nouns and not _SENTENCE_PUNCT.search(before, nouns[-1].end()):
            hws = hardware.find_hardware(before)
            return "gpu_count", "count", 1.0, hws[-1].name if hws else None, q.end
    # part and whole: "200 000 (50 000 H200)" — the whole is a GPU count too
    if q.value >= 1000 and _OPEN_PAREN.match(sent, q.end):
        inner = [o for o in quantities if o.start > q.end and o.start - q.end < 4]
        if inner and _gpu_hardware(sent, inner[0].end)[0]:
            return "gpu_count", "count", 1.0, None, q.end
    # "will double to 200,000" in a sentence about GPUs
    if q.value >= 1000 and _PART_WHOLE_TARGET.search(sent[:q.start]) and (
        _NOUN_AT.search(sent) or hardware.find_hardware(sent)
    ) and not _NOT_GPUS_AFTER.match(sent, q.end):
        return "gpu_count", "count", 1.0, None, q.end
    return None


def _numeric_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    out = []
    hw_spans = [(h.start, h.end) for h in hardware.find_hardware(sent)]
    # "Gaudi 3", "TPU v5p": a digit inside a model name is not a figure
    quantities = [q for q in numbers.find_quantities(sent, ctx.lang)
                  if not any(hs <= q.num_start < he for hs, he in hw_spans)]
    for q in quantities:
        got = _classify(ctx, sent, q, quantities)
        if not got:
            continue
        attribute, unit, factor, hw, _ = got
        ent = _subject(ctx, sent, q.start, q.end, mentions, attribute)
        mode = modality.modality(sent, q.start, q.end, ctx.lang, morph)
        value = round(q.value * factor, 6)
        low = None if q.low is None else round(q.low * factor, 6)
        high = None if q.high is None else round(q.high * factor, 6)
        if attribute in ("gpu_count",):
            value, low, high = (round(x) if x is not None else None for x in (value, low, high))
        out.append(Claim(
            subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute=attribute,
            hardware=hw, value=value, low=low, high=high, unit=unit, modality=mode,
            as_of=_as_of(ctx, sent, mode, date_mentions()), lang=ctx.lang, quote=sent, start=s0, end=s0 + len(sent),
            speaker=speaker(),
        ))
    return out


def _word_duration_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    if not _BUILD_CUE.search(sent):
        return []
    out = []
    for m in _WORD_DURATION.finditer(sent):
        u = units.duration_after(sent, m.start("u") - 1)
        if not u:
            continue
        value = _SMALL[m.group("n").lower()] * u.factor
        bound = (m.group("bound") or "").lower()
        low, high = (None, value) if bound.startswith(("less", "under", "moins", "à peine")) else (value, value)
        ent = _subject(ctx, sent, m.start(), m.end(), mentions, "build_time")
        mode = modality.modality(sent, m.start(), m.end(), ctx.lang, morph)
        out.append(Claim(
            subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute="build_time",
            hardware=None, value=round(value, 6), low=low if low is None else round(low, 6), high=round(high, 6),
            unit="days", modality=mode, as_of=_as_of(ctx, sent, mode, date_mentions()), lang=ctx.lang, quote=sent,
            start=s0, end=s0 + len(sent), speaker=speaker(),
        ))
    return out


_WEAK_ONLINE_CUE = re.compile(r"launch(?!\s)|launched|lanc|open|ouvr|ouvert|deliveries|livraisons", re.IGNORECASE)
_INFRA_OBJECT = re.compile(r"\b(?:cluster|supercluster|supercomputer|system|machine|data\s?cent(?:er|re)|campus|site|facility|"
                           r"supercalculateur|superordinateur|centre\s+de\s+données|partition|installation|phase|tranche)\b",
                           re.IGNORECASE)
MAX_CUE_DATE_CHARS = 100


def _online_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    cues = [c for c in _ONLINE_CUE.finditer(sent)
            # "launched Grok 3", "une lettre ouverte": launch and open speak of a site only next to one
            if not _WEAK_ONLINE_CUE.fullmatch(c.group(0)) or _INFRA_OBJECT.search(sent, max(0, c.start() - 60), c.end() + 60)
            or any(m.start >= c.end() and m.start - c.end() < 40 and m.entity.kind != "company" for m in mentions)]
    if not cues or not date_mentions():
        return []
    cue, d = min(((c, d) for c in cues for d in date_mentions()), key=lambda cd: abs(cd[1].start - cd[0].start()))
    # a date after the cue ("came online in April") may sit further than one before it
    if d.start - cue.start() > MAX_CUE_DATE_CHARS or cue.start() - d.end > MAX_CUE_DATE_CHARS // 2:
        return []
    ent = _subject(ctx, sent, min(d.start, cue.start()), max(d.end, cue.end()), mentions, "online_date")
    mode = modality.modality(sent, cue.start(), cue.end(), ctx.lang, morph)
    if mode == "actual" and ctx.ref is not None and d.low > ctx.ref:
        mode = "planned"
    if mode == "planned" and ctx.ref is not None and d.high < ctx.ref and d.year_implied:
        d = dates.next_year(d)  # "starting in August" said in July is this August, not last
    return [Claim(
        subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute="online_date",
        hardware=None, value=d.value.isoformat(), low=d.low.isoformat(), high=d.high.isoformat(), unit="date",
        modality=mode, as_of=ctx.ref.isoformat() if ctx.ref else None, lang=ctx.lang, quote=sent, start=s0,
        end=s0 + len(sent), speaker=speaker(),
    )]


def _location_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, speaker, opening: int = 0) -> list[Claim]:
    out = []
    for p in places.find_places(sent, opening):
        ent = _subject(ctx, sent, p.start, p.end, [m for m in mentions if not (p.start <= m.start < p.end)], "location")
        if ent is None:
            continue
        mode = modality.modality(sent, p.start, p.end, ctx.lang, morph)
        out.append(Claim(
            subject=ent.name, entity_id=ent.id, attribute="location", hardware=None, value=p.value, low=None,
            high=None, unit="place", modality=mode, as_of=ctx.ref.isoformat() if ctx.ref else None, lang=ctx.lang,
            quote=sent, start=s0, end=s0 + len(sent), speaker=speaker(),
        ))
    return out


def extract_claims(
    text: str, lang: str = "en", published: date | None = None, title: str | None = None
) -> list[Claim]:
    """All infrastructure claims of an article's clean text; offsets index TEXT."""
    lang = "fr" if lang == "fr" else "en"
    ref = published or dates.document_date(text, lang)
    discovered = {m.entity.name: m.entity for m in entities.discover_entities(text)}
    # registry names are found once in the whole text and read off per sentence
    text_mentions = entities.find_entities(text)
    mention_starts = [m.start for m in text_mentions]
    ctx = _Ctx(text, lang, ref, entities.topic_entity(title, text, text_mentions), discovered)
    if ctx.topic is None and discovered:
        ctx.topic = next(iter(discovered.values()))
    if ctx.topic is None:
        ctx.topic = _named_topic(ctx, text[:3000])
    claims: list[Claim] = []
    named: dict[str, re.Pattern] = {}  # compiled once per name; names found on the way join the dict
    for s0, s1 in nlp.sentences(text, lang):
        sent = text[s0:s1]
        if not (_DIGIT.search(sent) or _CANDIDATE.search(sent)) and not (_MAYBE_PLACE_OR_ONLINE.search(sent) and (
                _ONLINE_CUE.search(sent) or places.find_places(sent))):
            continue
        mentions = entities.mentions_within(text, s0, s1, text_mentions, mention_starts)
        if mentions is None:
            mentions = entities.find_entities(sent)
        for name, ent in discovered.items():
            rx = named.get(name) or named.setdefault(name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"))
            for m in rx.finditer(sent):
                mentions.append(EntityMention(ent, m.start(), m.end()))
        mentions.sort(key=lambda m: m.start)
        # the French tagger, the date reader and the speaker rule run only if a claim needs them
        morph = _Lazy(lambda sent=sent: nlp.morphology(sent, lang))
        # a dateline ("MEMPHIS, 2 September 2024 —") dates and places the report, not the claim
        opening = dates.dateline_end(sent)
        date_mentions = _Lazy(lambda sent=sent, opening=opening: [
            d for d in dates.find_dates(sent, ref, lang) if d.start >= opening])
        speaker = _Lazy(lambda sent=sent: _speaker(sent))
        claims += _numeric_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        claims += _word_duration_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        claims += _online_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        claims += _location_claims(ctx, s0, sent, mentions, morph, speaker, opening)
    return _dedupe(claims)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        key = (c.start, c.subject, c.attribute, c.hardware, c.value, c.low, c.high, c.modality)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
