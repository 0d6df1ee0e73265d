"""Which language a page is read in, and pages in other languages skipped with a counted reason."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from db.records import StoredPage
from extract.language import detect_language, identify, resolve_language
from infratrack.documents import claims_for
from extract.page_rows import extract_page
from infratrack.pipeline import ExtractSummary, _extract_batch

OURS = [
    ("en", "Microsoft said its new Wisconsin campus will house hundreds of thousands of Nvidia chips "
           "and draw more than a gigawatt once the second building is finished."),
    ("fr", "Le supercalculateur installé près de Grenoble disposera de plus de 1 500 accélérateurs et "
           "consommera environ 10 mégawatts, selon l'organisme qui l'exploite."),
    ("de", "Das Forschungszentrum in Jülich betreibt seit dem vergangenen Jahr einen Rechner mit knapp "
           "24.000 Beschleunigern, der rund 17 Megawatt Strom verbraucht."),
    ("es", "El nuevo centro de datos de Aragón contará con unos 2.000 millones de euros de inversión y "
           "una potencia de hasta 300 megavatios cuando esté terminado."),
]
OTHERS = [
    ("it", "Il nuovo campus per l'intelligenza artificiale vicino a Milano ospiterà oltre ventimila "
           "processori grafici e richiederà circa centocinquanta megawatt entro la fine del prossimo anno."),
    ("pt", "O novo centro de dados em Sines vai receber milhares de processadores gráficos e precisará "
           "de cerca de um gigawatt de energia quando estiver concluído, segundo a empresa."),
    ("nl", "Het nieuwe datacenter in de Eemshaven krijgt duizenden grafische processors en heeft volgens "
           "het bedrijf straks een vermogen van ongeveer tweehonderd megawatt nodig."),
]


@pytest.mark.parametrize("lang,text", OURS)
def test_our_four_languages_are_told_apart(lang, text):
    assert identify(text) == lang
    assert resolve_language("auto", None, text) == lang


@pytest.mark.parametrize("lang,text", OTHERS)
def test_another_language_is_named_not_mapped_onto_ours(lang, text):
    assert identify(text) == lang
    assert resolve_language(None, None, text) == lang
    assert detect_language(text) in ("en", "fr", "de", "es")


@pytest.mark.parametrize("text,lang", [
    ("Das Rechenzentrum hat 10.000 GPUs.", "de"),  # the identifier leans to Luxembourgish here
    ("El centro tiene 10.000 GPU.", "es"),
])
def test_a_short_line_in_one_of_ours_is_not_skipped(text, lang):
    assert identify(text) == lang


def test_figures_and_names_alone_are_read_as_english():
    assert identify("Stargate Abilene: 1.2 GW, 400,000 GB200") == "en"
    assert identify("El Capitan LLNL 1.742 exaflops") == "en"  # the identifier leans to Catalan
    assert identify("Reliance Jamnagar 3 GW") == "en"
    assert identify("") == "en"


def test_an_explicit_language_wins_and_a_declared_one_is_normalised():
    it = OTHERS[0][1]
    assert resolve_language("fr", None, it) == "fr"
    assert resolve_language("auto", "de-CH", OURS[0][1]) == "de"
    # a template's declared foreign language does not override what the text is
    assert resolve_language("auto", "it", OURS[0][1]) == "en"


def test_a_local_document_in_another_language_gives_no_claims_and_says_why():
    reasons = []
    assert claims_for("x.txt", OTHERS[0][1], "auto", on_skip=reasons.append) == []
    assert reasons == ["language it not supported (en, fr, de, es)"]
    assert claims_for("x.txt", OURS[2][1], "auto", on_skip=reasons.append)
    assert len(reasons) == 1


def _page(text: str, lang_hint: str | None = None) -> StoredPage:
    html = f"<html><head><title>Campus</title></head><body><article><p>{text}</p><p>{text}</p></article></body></html>"
    return StoredPage("h" + str(abs(hash(text))), "https://news.example/a", None, lang_hint, "c", html)


def test_the_pipeline_stores_a_foreign_article_without_reading_it():
    article, claims = extract_page(_page(OTHERS[0][1]), "v")
    assert article is not None and article.lang == "it" and claims == []
    article, claims = extract_page(_page(OURS[1][1]), "v")
    assert article.lang == "fr" and claims


def test_the_extract_run_counts_pages_skipped_for_their_language(tmp_path):
    from db import connection

    summary, events = ExtractSummary(), []
    with connection(tmp_path / "t.duckdb") as con:
        _extract_batch(con, [_page(OTHERS[1][1]), _page(OURS[0][1])], "v", summary, events.append)
    assert summary.unsupported_language == 1
    assert summary.as_dict()["unsupported_language"] == 1
    assert summary.articles == 2 and summary.claims > 0
    assert [e["reason"] for e in events if e["event"] == "skipped"] == ["language pt not supported (en, fr, de, es)"]


def test_the_claims_command_prints_nothing_for_italian_and_says_so_on_stderr(tmp_path):
    doc = tmp_path / "articolo.txt"
    doc.write_text(OTHERS[0][1], encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "infratrack", "claims", "--lang", "auto", str(doc)],
                       capture_output=True, text=True, env=os.environ.copy(), timeout=240)
    assert r.returncode == 0
    assert r.stdout == ""
    assert "language it not supported" in r.stderr


def test_a_backfill_counts_archived_pages_skipped_for_their_language():
    from datetime import datetime, timezone

    from backfill.shard import _ShardBuilder
    from backfill.warc_reader import WarcResponse

    builder = _ShardBuilder("t.warc.gz", "v")
    for i, (_, text) in enumerate([OTHERS[2], OURS[3]]):
        html = _page(" ".join([text] * 4)).html
        builder.add(WarcResponse(f"https://news.example/{i}", datetime(2026, 1, 5, tzinfo=timezone.utc), 200,
                                 "text/html; charset=utf-8", html.encode()))
    assert len(builder.articles) == 2
    assert builder.unsupported_language == 1
    assert builder.claim_count > 0
