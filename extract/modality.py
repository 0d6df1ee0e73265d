"""Is a figure actual, planned, reported (hedged) or hypothetical? Cue words per language
(data/cues_<lang>.toml), verb endings for the future and conditional where no tagger reads
them (German, Spanish), and for French the conditional mood from the morphologizer."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from extract import cues
from extract._fast_regex import Prefiltered, dispatched
from extract.nlp import MorphToken

# after an apostrophe too: French elides ("s'installera", "l'objectif")
_WORD = r"(?<!\w)(?:{})(?!\w)"


def _cue_rx(kind: str, lang: str) -> Prefiltered | re.Pattern:
    """Cue words of KIND, dispatched on their first letter, with the verb forms of KIND after them."""
    body = dispatched(cues.alternation("modality", kind, lang), re.IGNORECASE)
    forms = cues.words("modality", f"{kind}_forms", lang)
    pattern = _WORD.format("|".join([body, *forms]))
    clitics = cues.words("modality", f"{kind}_clitics", lang)
    if clitics:
        pattern = rf"(?:{pattern}|(?<=\w)(?:{'|'.join(clitics)})(?!\w))"
    # the hypothetical cues are short words ("if", "si"): a prefilter would not pay
    return re.compile(pattern, re.IGNORECASE) if kind == "hypothetical" else Prefiltered(pattern, re.IGNORECASE)


# each list of cues dispatched on its first letter: same matches, a few attempts per word instead of dozens
_RX = {(kind, lang): _cue_rx(kind, lang)
       for kind in ("hedged", "planned", "reported", "hypothetical", "spent", "exists", "derived") for lang in cues.LANGS}
# German "soll ... gekostet haben" reports a rumour, though "soll" alone plans: looked at first
_REPORTIVE = {lang: Prefiltered(_WORD.format("|".join(w)), re.IGNORECASE)
              for lang in cues.LANGS if (w := cues.words("modality", "reportive", lang))}
# Spanish conditionals read from endings; the nouns that end the same way are set aside
_CONDITIONAL = {lang: re.compile(_WORD.format("|".join(w)), re.IGNORECASE)
                for lang in cues.LANGS if (w := cues.words("modality", "conditional_forms", lang))}
_NOT_VERBS = {lang: frozenset(cues.words("modality", "not_verbs", lang)) for lang in cues.LANGS}
_POSSIBILITY = {lang: tuple(cues.words("modality", "possibility", lang)) for lang in cues.LANGS}
_SPEECH = {lang: re.compile(rf"(?<!\w)(?:{'|'.join(w)})", re.IGNORECASE)
           for lang in cues.LANGS if (w := cues.words("modality", "planned_speech", lang))}

# A clause ends at these; cues in another clause of the sentence do not colour the figure.
_CLAUSE_BREAK = re.compile(
    r";|:|—|–|\s-\s|\.\s"
    r"|,\s+(?:and|but|while|whereas|mais|tandis|alors|et|und|aber|während|doch|y|pero|mientras)\b"
    r"|\s(?:but|while|whereas|mais|tandis\s+que|alors\s+que|aber|während|pero|mientras\s+que)\s"
    r"|\s(?:and|et|und|y)\s+(?=\w+\s+(?:will|has|have|is|are|was|were|a|ont|est|sont|va|vont|hat|haben|ist|sind|wird|werden|"
    r"tiene|tienen|es|son|fue|será)\b)"
    # "... a coûté 3 milliards et doublera ...": a French or Spanish future right after "and"
    r"|\s(?:et|y)\s+(?=(?-i:[a-zéèêàâîôûçáíóúñ]{3,}(?:era|eront|ira|iront|dra|dront|rá|rán))\b)"
    # "... comprend 9 bâtiments et pourrait consommer ...": a conditional right after "and" too
    r"|\s(?:et|y)\s+(?=(?-i:[a-zéèêàâîôûçáíóúñ]{3,}(?:rait|raient|ría|rían))\b)"
    # "... since 2018 and will be ...": a verb of its own right after "and" (not "and a", "y es")
    r"|\s(?:and|et|und|y)\s+(?=(?:will|has|have|was|were|ont|sont|va|vont|hat|ist|sind|wird|tiene|tienen|fue|será)\s)")


def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of sentence[start:end]: from the previous clause break to the next."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, start):
        left = m.end()
    m = _CLAUSE_BREAK.search(sentence, end)
    right = m.start() if m else len(sentence)
    return left, right


# For modality only, a relative clause is a clause of its own ("the LUMI system, which is Europe's
# fastest at 429 petaflops"); subjects still look across it, since its antecedent is outside.
_RELATIVE = re.compile(r",\s+(?:which|whose|where|qui|dont|où|der|die|das|deren|dessen|wo|que|cuyo|cuya|cuyos|cuyas|"
                       r"donde"
                       # with a preposition: "2,000 GPUs, on which researchers will train", "mit denen", "con las que"
                       r"|(?:in|on|at|with|for|from|by|through|under)\s+which"
                       r"|(?:dans|avec|sur|par|pour|sous|chez)\s+(?:lequel|laquelle|lesquels|lesquelles|qui)"
                       r"|auxquel(?:le)?s|auquel|duquel|desquel(?:le)?s"
                       r"|(?:in|an|auf|mit|für|bei|von|zu|aus|über|unter|durch)\s+(?:dem|der|denen|den|die|das|welche[mnrs]?)"
                       r"|(?:en|con|por|para|sobre|de|a|desde)\s+(?:el|la|los|las|lo)\s+(?:que|cual|cuales))\b")


def _modality_clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    c0, c1 = clause_bounds(sentence, start, end)
    if c0 > 0 and sentence[c0 - 1] == ":":
        # what follows a colon spells out what precedes it ("The goal: 2 GW", "Deal: OpenAI to deploy 6 GW")
        c0 = clause_bounds(sentence, c0 - 1, c0 - 1)[0]
    for m in _RELATIVE.finditer(sentence, c0, start):
        c0 = m.end()
    m = _RELATIVE.search(sentence, end, c1)
    return c0, m.start() if m else c1


# Words that may be a French conditional ("consommerait", "disposeraient"); the tagger confirms,
# since "entrait" (imperfect) ends the same way. Only such sentences pay for the model.
_MAYBE_CONDITIONAL = Prefiltered(r"(?<![\w'’])[a-zéèêàâîôûç]{2,}(?:rait|raient)(?!\w)")


def _conditionals(sentence: str, lang: str, morph) -> list[str]:
    """The conditional verbs of the sentence, lower case: from the tagger in French, endings elsewhere."""
    if lang == "fr":
        if not _MAYBE_CONDITIONAL.search(sentence):
            return []
        tokens = morph() if callable(morph) else (morph or [])
        return [t.text.lower() for t in tokens if t.mood == "Cnd"]
    rx = _CONDITIONAL.get(lang)
    if rx is None:
        return []
    return [w for w in (m.group(0).lower() for m in rx.finditer(sentence)) if w not in _NOT_VERBS[lang]]


def modality(sentence: str, start: int, end: int, lang: str,
             morph: Callable[[], list[MorphToken]] | list[MorphToken] | None = None,
             attribute: str | None = None) -> str:
    """Modality of the figure at sentence[start:end]; MORPH gives the French tagger's tokens on demand.

    A cost (ATTRIBUTE "cost") is a plan unless the text says the money was spent: in this news the
    price of a site is nearly always an announced investment, a budget or a deal still to be paid."""
    lang = lang if lang in cues.LANGS else "en"
    c0, c1 = _modality_clause(sentence, start, end)
    clause = sentence[c0:c1]
    if lang in _REPORTIVE and _REPORTIVE[lang].search(clause):
        return "reported"
    # a rumour of a plan is a rumour; a plan a company states and is quoted on is a plan
    if _RX[("hedged", lang)].search(sentence):
        return "reported"
    # the writer's own arithmetic before the figure ("that implies 20,000 GPUs"), whatever the sentence plans
    if _RX[("derived", lang)].search(sentence, c0, start):
        return "hypothetical"
    cost = attribute == "cost"
    if cost and _RX[("spent", lang)].search(clause):
        return "actual"  # "the build cost $600 million", "a coûté", "kostete", "costó"
    mode = _cued(sentence, clause, lang, morph)
    return "planned" if cost and mode == "actual" else mode


def _cued(sentence: str, clause: str, lang: str, morph) -> str:
    """The modality its cue words give a figure, "actual" when none does."""
    if _RX[("planned", lang)].search(clause):
        return "planned"
    if _RX[("reported", lang)].search(sentence):
        return "reported"
    speech = _SPEECH[lang].search(sentence) if lang in _SPEECH else None
    if speech and (_MAYBE_CONDITIONAL.search(sentence, speech.end()) if lang == "fr"
                   else _conditionals(sentence[speech.end():], lang, None)):
        return "planned"  # "a déclaré qu'il ouvrirait": the future of a past statement
    # a conditional in another clause ("... 9 buildings and could draw ...") does not colour the figure
    low = clause.lower()
    cnd = [w for w in _conditionals(sentence, lang, morph) if w in low]
    if cnd:
        # "pourrait", "podría" are a possibility; "serait", "costaría" are hedged reports
        return "hypothetical" if all(w.startswith(_POSSIBILITY[lang]) for w in cnd) else "reported"
    if _RX[("hypothetical", lang)].search(clause):
        return "hypothetical"
    return "actual"


# Their own cue word carries the tense of these ("went online", "took 122 days"): an article's plans do not change it.
_OWN_TENSE = frozenset({"online_date", "build_time"})


def settle(claims: list) -> list:
    """CLAIMS with their default "actual" made "planned" where at least half the article's figures of
    the same subject are plans.

    A figure stated with no cue of its own ("the campus has a capacity of 2 GW") about a project the
    article otherwise describes in plans is part of the plan. A figure whose sentence says the thing
    exists ("currently", "operational", "since 2021") keeps "actual"."""
    tally: dict[str, list[int]] = {}
    for c in claims:
        t = tally.setdefault(c.entity_id or c.subject, [0, 0])
        t[0] += c.modality == "planned"
        t[1] += 1
    planned = {k for k, (p, n) in tally.items() if p * 2 >= n}
    return [replace(c, modality="planned")
            if c.modality == "actual" and c.attribute not in _OWN_TENSE and (c.entity_id or c.subject) in planned
            and not _RX[("exists", c.lang if c.lang in cues.LANGS else "en")].search(c.quote) else c
            for c in claims]
