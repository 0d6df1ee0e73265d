"""db/search.py: the inverted index kept current by the writers, and searches with facets."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from db import search
from db.connection import connection, transaction
from db.records import ArticleRecord, ClaimRecord, EntityRecord
from db.search import SearchFilter, Word, match_spans, parse_query
from db.writer import save_extraction, upsert_entities


def _article(aid: str, text: str, *, publisher: str = "Grid Weekly", lang: str = "en", title: str | None = None,
             day: date = date(2025, 3, 4), origin: str = "news") -> ArticleRecord:
    return ArticleRecord(article_id=aid, url=f"https://example.org/{aid}", text=text, publisher=publisher,
                         content_hash=f"h-{aid}-{hash(text)}", extractor_version="test", title=title or f"Story {aid}",
                         published_at=datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc), lang=lang,
                         origin=origin)


def _claim(text: str, quote: str, subject: str, entity: str | None, attribute: str = "power",
           modality: str = "actual", value: float | None = 300.0, value_text: str | None = None) -> ClaimRecord:
    start = text.index(quote)
    unit = {"power": "MW", "location": "place", "gpu_count": "count"}[attribute]
    return ClaimRecord(subject=subject, attribute=attribute, unit=unit, modality=modality, quote=quote, start=start,
                       end=start + len(quote), extractor_version="test", entity_id=entity, value=value,
                       value_text=value_text, lang="en")


ABILENE = ("Crusoe is building the Abilene campus for the Stargate venture. "
           "The campus will draw 1,200 megawatts once its eight buildings are finished. "
           "Abilene, Texas, was picked for its wind power.")
LEIPZIG = ("Ein neues Rechenzentrum in Leipzig soll 2027 ans Netz gehen. "
           "Der Betreiber plant eine Leistung von 200 Megawatt für die Anlage.")
ENERGIE = "L'énergie du campus d'Abilene viendra en partie de turbines à gaz installées sur place."


@pytest.fixture
def db(db_path: Path) -> Path:
    with connection(db_path) as con:
        upsert_entities(con, [EntityRecord("openai", "OpenAI", "company"),
                              EntityRecord("stargate", "Stargate", "programme", "openai"),
                              EntityRecord("stargate-abilene", "Stargate Abilene", "site", "stargate")])
        save_extraction(con, _article("abilene", ABILENE, day=date(2025, 1, 20)), [
            _claim(ABILENE, "The campus will draw 1,200 megawatts once its eight buildings are finished.",
                   "Stargate Abilene", "stargate-abilene", modality="planned", value=1200.0),
            _claim(ABILENE, "Abilene, Texas, was picked for its wind power.", "Stargate Abilene", "stargate-abilene",
                   attribute="location", value=None, value_text="Abilene, Texas, US"),
        ])
        save_extraction(con, _article("leipzig", LEIPZIG, publisher="Netz Kurier", lang="de", day=date(2025, 2, 11)), [
            _claim(LEIPZIG, "Der Betreiber plant eine Leistung von 200 Megawatt für die Anlage.", "Leipzig DC", None,
                   modality="planned", value=200.0),
        ])
        save_extraction(con, _article("energie", ENERGIE, publisher="Le Courrier", lang="fr", day=date(2025, 2, 20),
                                      title="Turbines à Abilene"), [])
    return db_path


def _ids(result: search.SearchResult) -> list[str]:
    return [a["article_id"] for a in result.articles]


def test_every_word_must_appear_in_any_order(db):
    assert _ids(search.search(db, "megawatts Abilene")) == ["abilene"]
    assert _ids(search.search(db, "abilene")) == ["energie", "abilene"]  # newest first; the title counts
    assert search.search(db, "abilene leipzig").total == 0


def test_case_and_accents_do_not_matter_and_star_matches_a_prefix(db):
    assert _ids(search.search(db, "ENERGIE")) == ["energie"]
    assert _ids(search.search(db, "rechenzentr*")) == ["leipzig"]
    assert search.search(db, "rechenzentr").total == 0  # without the star, whole words only


def test_the_index_follows_a_re_extraction_and_a_removal(db):
    changed = "The Abilene campus now plans 1,400 megawatts, its operator said."
    with connection(db) as con:
        save_extraction(con, _article("abilene", changed), [])
        save_extraction(con, None, [], page_url_hash="leipzig")
    assert search.search(db, "eight buildings").total == 0  # words of the old text are gone
    assert _ids(search.search(db, "operator said")) == ["abilene"]
    assert search.search(db, "Leipzig").total == 0


def test_index_written_in_order_again_finds_the_same(db, monkeypatch):
    monkeypatch.setattr(search, "UNORDERED_SHARE", 0.0)  # every write rewrites the index in order
    with connection(db) as con:
        save_extraction(con, _article("late", "Memphis turbines draw scrutiny."), [])
        rows = con.execute("SELECT term FROM search_terms").fetchall()
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)
        assert con.execute("SELECT unordered_rows FROM search_index_state").fetchone()[0] == 0
    assert _ids(search.search(db, "memphis")) == ["late"]
    assert _ids(search.search(db, "megawatts")) == ["abilene"]


def test_rebuild_indexes_rows_written_with_plain_sql(db):
    with connection(db) as con:
        with transaction(con):
            con.execute("""INSERT INTO articles (article_id, url, publisher, text, content_hash, extractor_version,
                                                 extracted_at, origin)
                           VALUES ('raw', 'https://example.org/raw', 'Raw Wire', 'Hyperion grows in Louisiana', 'x',
                                   'test', now(), 'news')""")
        assert search.search(db, "louisiana").total == 0
        with transaction(con):
            search.rebuild(con)
    assert _ids(search.search(db, "louisiana")) == ["raw"]
    assert _ids(search.search(db, "megawatts")) == ["abilene"]


def test_reference_rows_are_never_search_hits(db):
    with connection(db) as con:
        save_extraction(con, _article("ref", "Abilene row of a curated table", origin="reference"), [])
    assert "ref" not in _ids(search.search(db, "abilene"))


def test_quotes_that_hold_every_word_are_listed(db):
    result = search.search(db, "megawatts campus")
    assert [q["quote"] for q in result.quotes] == [
        "The campus will draw 1,200 megawatts once its eight buildings are finished."]
    assert search.search(db, "wind").quotes[0]["attribute"] == "location"


def test_facets_count_articles_and_combine_with_the_query(db):
    result = search.search(db, "")
    assert result.total == 3
    assert dict(result.facets["lang"]) == {"en": 1, "de": 1, "fr": 1}
    assert dict(result.facets["modality"]) == {"planned": 2, "actual": 1}
    # a site's owner is found through its programme; its country through its location claim
    assert dict(result.facets["owner"]) == {"OpenAI": 1}
    assert dict(result.facets["country"]) == {"US": 1}
    assert result.months == [(date(2025, 1, 1), 1), (date(2025, 2, 1), 2)]

    planned = search.search(db, "", SearchFilter(modality=("planned",)))
    assert _ids(planned) == ["leipzig", "abilene"]
    # a facet's own counts ignore its own choice, so the alternatives stay visible
    assert dict(planned.facets["modality"]) == {"planned": 2, "actual": 1}
    assert dict(planned.facets["lang"]) == {"en": 1, "de": 1}

    both = search.search(db, "megawatt*", SearchFilter(lang=("de",), modality=("planned",)))
    assert _ids(both) == ["leipzig"]


def test_claim_choices_hold_for_one_and_the_same_claim(db):
    # the Abilene article has a planned claim and a location claim, but no planned location claim
    assert search.search(db, "", SearchFilter(attribute=("location",), modality=("planned",))).total == 0
    assert _ids(search.search(db, "", SearchFilter(attribute=("location",), modality=("actual",)))) == ["abilene"]


def test_month_range_and_paging(db):
    february = search.search(db, "", SearchFilter(start=date(2025, 2, 1), end=date(2025, 2, 28)))
    assert _ids(february) == ["energie", "leipzig"]
    assert len(february.months) == 2  # the histogram ignores the range it is used to choose
    assert _ids(search.search(db, "", limit=1, offset=1)) == ["leipzig"]


def test_a_chosen_value_stays_listed_even_without_matches(db):
    result = search.search(db, "leipzig", SearchFilter(publisher=("Grid Weekly",)))
    assert result.total == 0
    assert ("Grid Weekly", 0) in result.facets["publisher"]


def test_query_words_and_highlight_spans():
    assert parse_query("Énergie  hyper* énergie") == (Word("energie"), Word("hyper", prefix=True))
    text = "Énergie: the Hyperion site, hyper-scale and energies."
    assert [text[s:e] for s, e in match_spans(text, parse_query("energie hyper*"))] == ["Énergie", "Hyperion", "hyper"]
    assert match_spans(text, ()) == []
