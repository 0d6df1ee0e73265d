"""Loading what the extract stage needs before the first article rather than during it."""
from __future__ import annotations

from extract import entities, gazetteer, hardware, nlp


def preload(languages: tuple[str, ...] = ("en", "fr")) -> None:
    """Load the sentence splitters, the French morphology model, the registries and the gazetteer now.

    Each loads itself on first use anyway, which costs the article that happens to need it
    seconds; a long extraction run calls this once first, and so does the benchmark, which
    measures the steady state. The language identifier is left to load on the first page that
    does not declare its language, since many runs never meet one."""
    for lang in languages:
        nlp.sentences("Warm. Up.", lang)
        nlp.morphology("Il le ferait.", lang)  # loads the model only for a language that has one
    entities.find_entities("Colossus")
    hardware.find_hardware("H100")
    gazetteer.lookup("Memphis")
