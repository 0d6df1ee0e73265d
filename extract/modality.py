"""Is a figure actual, planned, reported (hedged) or hypothetical? Cues in English and French,
and for French the future tense and conditional mood from the morphologizer."""
from __future__ import annotations

import re
from typing import Callable

from extract._fast_regex import Prefiltered, dispatched
from extract.nlp import MorphToken

_PLANNED_EN = (r"will|'ll|’ll|shall|plans?|planned|planning|plan\s+to|aims?\s+to|aiming|expected\s+to|expects?|"
               r"intends?|intended|set\s+to|slated|scheduled|going\s+to|to\s+be\s+(?:built|deployed|added|installed|expanded|doubled)|"
               r"proposed|proposes?|upcoming|targets?|targeted|targeting|envisions?|under\s+construction|"
               r"to\s+double|doubling|would\s+expand|expansion\s+to|by\s+(?:the\s+end\s+of\s+)?20\d\d|next\s+year|"
               r"in\s+the\s+coming\s+(?:months|years|weeks)|in\s+a\s+few\s+months|ordered|committed\s+to|pledged|announced\s+plans")
_PLANNED_FR = (r"prévoit|prévoient|prévu(?:e|s|es)?|projette|projettent|projet\s+de|envisage|envisagent|ambitionne|vise|visent|"
               r"compte\s+(?:\w+\s+)?(?:déployer|installer|ajouter|doubler|atteindre)|doit|doivent|devrait|devraient|"
               r"va\s+\w+er|vont\s+\w+er|d['’]ici|à\s+terme|prochainement|dans\s+les\s+(?:mois|années|semaines)\s+à\s+venir|"
               r"dans\s+quelques\s+mois|proposé|proposée|propose|souhaite|en\s+construction|commandé|commandés")
# The small French model misses many futures ("atteindra" after a comma), so the future
# endings of lower-case verbs are cues too; capitalised words ("Alexandra") are left alone.
_FUTURE_FR = (r"(?-i:[a-zéèêàâîôûç]{2,}(?:era|eront|erons|irai?|iront|dra|dront))|sera|seront|aura|auront|fera|feront|"
              r"devra|devront|ira|iront|verra|verront|tiendra|viendra|faudra")
_REPORTED_EN = (r"reportedly|according\s+to|reports?\s+(?:suggest|say|said|indicate|claim)s?|is\s+said\s+to|are\s+said\s+to|"
                r"sources?\s+(?:say|said|familiar)|people\s+familiar|allegedly|rumou?red|rumou?rs?|is\s+believed\s+to|"
                r"are\s+believed\s+to|estimated\s+at|estimates?|unconfirmed|reported(?:ly)?|citing")
_REPORTED_FR = (r"selon|d['’]après|des\s+rapports|rapporte|rapportent|rapporté|rapportée|aux\s+dernières\s+nouvelles|"
                r"à\s+en\s+croire|il\s+semblerait|serait|seraient|aurait|auraient|estimée?s?\s+à|supposément|rumeurs?|"
                r"non\s+confirmé|de\s+source")
_HYPO_EN = r"if|could|might|(?-i:may)|would|hypothetical(?:ly)?|potentially|in\s+theory|theoretically"
_HYPO_FR = r"si|pourrait|pourraient|éventuellement|théoriquement|en\s+théorie|potentiellement|hypothétique"

# each list of cues dispatched on its first letter: same matches, a few attempts per word instead of dozens
_RX = {
    ("planned", "en"): Prefiltered(rf"(?<![\w'’])(?:{dispatched(_PLANNED_EN, re.IGNORECASE)})(?!\w)", re.IGNORECASE),
    ("planned", "fr"): Prefiltered(rf"(?<![\w'’])(?:{dispatched(_PLANNED_FR, re.IGNORECASE)}|{_FUTURE_FR})(?!\w)", re.IGNORECASE),
    ("reported", "en"): Prefiltered(rf"(?<![\w'’])(?:{dispatched(_REPORTED_EN, re.IGNORECASE)})(?!\w)", re.IGNORECASE),
    ("reported", "fr"): Prefiltered(rf"(?<![\w'’])(?:{dispatched(_REPORTED_FR, re.IGNORECASE)})(?!\w)", re.IGNORECASE),
    ("hypothetical", "en"): re.compile(rf"(?<![\w'’])(?:{dispatched(_HYPO_EN, re.IGNORECASE)})(?!\w)", re.IGNORECASE),
    ("hypothetical", "fr"): re.compile(rf"(?<![\w'’])(?:{dispatched(_HYPO_FR, re.IGNORECASE)})(?!\w)", re.IGNORECASE),
}

# A clause ends at these; cues in another clause of the sentence do not colour the figure.
_CLAUSE_BREAK = re.compile(r";|:|—|–|\s-\s|,\s+(?:and|but|while|whereas|mais|tandis|alors|et)\b|\s(?:but|while|whereas|mais|tandis\s+que|alors\s+que)\s"
                           r"|\.\s|\s(?:and|et)\s+(?=\w+\s+(?:will|has|have|is|are|was|were|a|ont|est|sont|va|vont)\b)")



def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of sentence[start:end]: from the previous clause break to the next."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, start):
        left = m.end()
    m = _CLAUSE_BREAK.search(sentence, end)
    right = m.start() if m else len(sentence)
    return left, right


# Words that may be a French conditional ("consommerait", "disposeraient"); the tagger confirms,
# since "entrait" (imperfect) ends the same way. Only such sentences pay for the model.
_MAYBE_CONDITIONAL = Prefiltered(r"(?<![\w'’])[a-zéèêàâîôûç]{2,}(?:rait|raient)(?!\w)")


def modality(sentence: str, start: int, end: int, lang: str,
             morph: Callable[[], list[MorphToken]] | list[MorphToken] | None = None) -> str:
    """Modality of the figure at sentence[start:end]; MORPH gives the French tagger's tokens on demand."""
    lang = "fr" if lang == "fr" else "en"
    c0, c1 = clause_bounds(sentence, start, end)
    clause = sentence[c0:c1]
    if _RX[("planned", lang)].search(clause):
        return "planned"
    if _RX[("reported", lang)].search(sentence):
        return "reported"
    if lang == "fr" and _MAYBE_CONDITIONAL.search(sentence):
        tokens = morph() if callable(morph) else (morph or [])
        cnd = [t for t in tokens if t.mood == "Cnd"]
        if cnd:
            # "pourrait" is a possibility; "serait", "aurait", "consommerait" are hedged reports
            return "hypothetical" if all(t.text.lower().startswith("pourr") for t in cnd) else "reported"
    if _RX[("hypothetical", lang)].search(clause):
        return "hypothetical"
    return "actual"
