"""The relevance prefilter on raw bytes: every annotated article passes, everyday news does not,
whatever the encoding, and the catalogue and registry stay in it."""
from __future__ import annotations

from pathlib import Path

import pytest

from backfill.prefilter import is_relevant
from extract.entities import OWNER_KINDS, find_entities, registry
from extract.hardware import catalogue, find_hardware
from warc_fixtures import BAKERY, COLOSSUS, JUPITER, VELO, page_html

CLAIMS_SET = Path(__file__).parent / "fixtures" / "claims_set"


@pytest.mark.parametrize("path", sorted(CLAIMS_SET.glob("*.txt")), ids=lambda p: p.name)
def test_every_annotated_article_passes(path):
    assert is_relevant(path.read_bytes())


@pytest.mark.parametrize("story", [BAKERY, VELO], ids=lambda s: s.key)
def test_everyday_news_in_both_languages_is_left_out(story):
    assert not is_relevant(page_html(story, "https://example.org/a.html").encode("utf-8"))


@pytest.mark.parametrize("text", [
    "Le nouveau centre de données consommera 40 MW.",
    "le centre de donn&eacute;es de Marseille",
    "Un campus de 1,5 GW",
    "une puce d’IA conçue en France",
    "trois supercalculateurs",
    "HYPERSCALERS ARE SPENDING",
    "the company bought 20,000 H100s",
    "Nvidia’s GB200 NVL72 racks",
    "Der Konzern plant einen Rechenzentrumscampus in Brandenburg.",
    "ein neuer H&ouml;chstleistungsrechner in Stuttgart",
    "La compañía invertirá en tres campus de centros de datos.",
    "una potencia de 200 megavatios",
])
def test_terms_in_any_case_and_form(text):
    assert is_relevant(text.encode("utf-8"))


def test_french_pages_in_latin_1_pass():
    assert is_relevant("Un nouveau centre de données à Marseille".encode("latin-1"))
    assert is_relevant(page_html(JUPITER, "https://example.fr/j.html").encode("cp1252"))


def test_registry_names_are_case_sensitive_like_the_extractor():
    assert is_relevant(b"Frontier remains at Oak Ridge.")
    assert not is_relevant(b"the frontier of modern art")
    assert not is_relevant(b"Company names alone, such as Google or Meta, are not enough.")


def test_whatever_the_extractor_reads_as_hardware_or_infrastructure_passes():
    checked = 0
    for entry in catalogue():
        text = f"They ordered {entry['name']} parts."
        if find_hardware(text):
            checked += 1
            assert is_relevant(text.encode()), entry["name"]
    for entity in registry():
        for alias in entity.aliases:
            text = f"News about {alias} today."
            if entity.kind not in OWNER_KINDS and find_entities(text):  # owners alone are not enough
                checked += 1
                assert is_relevant(text.encode()), alias
    assert checked > 80


def test_a_relevant_page_is_found_anywhere_in_a_long_page():
    filler = page_html(BAKERY, "https://example.org/b.html") * 40
    assert not is_relevant(filler.encode())
    assert is_relevant((filler + page_html(COLOSSUS, "https://example.org/c.html")).encode())
