"""The Search page and the Articles page's article view, run for real with AppTest."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views import articles
from dashboard.views import search as page
from db.connection import connection
from db.records import ArticleRecord, PageRecord
from db.writer import save_extraction, save_page
from test_dashboard import DEMO_SOURCES, build_demo_database, copy_database

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
RUN_TIMEOUT_S = 60
SEARCH = "views/search.py"
ARTICLES = "views/articles.py"

HOSTILE_TITLE = "<img src=x onerror=alert(1)> Colossus **grows**"
HOSTILE_TEXT = "Colossus <script>alert(2)</script> now draws 300 MW, [a link](javascript:alert(3))."
# the page's own markup (a script, an image, a style) and, escaped in it, text that looks like markup
HOSTILE_HTML = (f"<html><head><title>t</title><script>alert(4)</script></head><body><h1>{HOSTILE_TITLE}</h1>"
                f"<p>{HOSTILE_TEXT}</p><p>Shown: &lt;b onclick=alert(5)&gt;bold&lt;/b&gt;</p>"
                "<style>p {color: red}</style></body></html>")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return build_demo_database(tmp_path_factory)


@pytest.fixture(scope="module")
def hostile_db(demo_db, tmp_path_factory) -> Path:
    """The demo database, a hostile crawled article with its stored page, and a reference row dated 2030."""
    db = copy_database(demo_db, tmp_path_factory.mktemp("hostile") / "hostile.duckdb")
    with connection(db) as con:
        url = "https://evil.example/colossus"
        save_page(con, PageRecord(url=url, final_url=url, html=HOSTILE_HTML, content_hash="evil"))
        aid = con.execute("SELECT url_hash FROM pages WHERE url = ?", [url]).fetchone()[0]
        save_extraction(con, ArticleRecord(
            article_id=aid, url=url, text=HOSTILE_TEXT, publisher="Evil Wire", content_hash="evil",
            extractor_version="test", title=HOSTILE_TITLE, published_at=datetime(2024, 9, 9, tzinfo=timezone.utc),
            lang="en"), [], page_url_hash=aid, page_content_hash="evil")
        save_extraction(con, ArticleRecord(
            article_id="epoch-row", url="https://epoch.ai/data/gpu-clusters", text="Reference row: Colossus",
            publisher="Epoch AI", content_hash="ref", extractor_version="epoch-csv.test", title="Reference Colossus",
            published_at=datetime(2030, 1, 1, tzinfo=timezone.utc), lang="en", origin="reference"), [])
    return db


def _open(monkeypatch: pytest.MonkeyPatch, path: Path, page_file: str, params: dict | None = None) -> AppTest:
    """The app on PATH showing PAGE_FILE, as a browser opening a URL with PARAMS would."""
    monkeypatch.setenv("INFRATRACK_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=RUN_TIMEOUT_S)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run(timeout=RUN_TIMEOUT_S)
    at.switch_page(page_file).run(timeout=RUN_TIMEOUT_S)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _param(at: AppTest, key: str) -> list[str]:
    """The URL's values for KEY (AppTest keeps one value as a string, several as a list)."""
    value = at.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def _html(at: AppTest) -> list[str]:
    return [h.value for h in at.get("html")]


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_search_highlights_hits_and_keeps_the_query_in_the_url(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, SEARCH)
    at.text_input(key="search.q").input("hyperion").run()

    assert not at.exception
    assert _param(at, "q") == ["hyperion"]
    assert "2 articles match, newest first; 1 to 2 shown." in _captions(at)
    hits = [h for h in _html(at) if "infratrack-hit" in h]
    assert len(hits) == 2 and all("<mark" in h and ">Hyperion</mark>" in h for h in hits)
    assert all('href="articles?article=' in h for h in hits)  # each hit opens its article view
    quotes = [h for h in _html(at) if "infratrack-quote" in h]
    assert quotes and all(">Hyperion</mark>" in q for q in quotes)


def test_facets_narrow_the_hits_and_live_in_the_url(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, SEARCH, {"q": "colossus"})
    assert "6 articles match, newest first; 1 to 6 shown." in _captions(at)
    languages = at.multiselect(key="search.lang")
    assert languages.options == ["en (3)", "fr (3)"]  # counts shown with each value

    languages.select("fr").run()
    assert "3 articles match, newest first; 1 to 3 shown." in _captions(at)
    assert _param(at, "lang") == ["fr"] and _param(at, "q") == ["colossus"]

    at.multiselect(key="search.attribute").select("power").run()
    assert "2 articles match, newest first; 1 to 2 shown." in _captions(at)
    assert _param(at, "attribute") == ["power"]


def test_a_link_reproduces_the_search(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, SEARCH, {"q": "colossus", "lang": "fr", "attribute": "power"})
    assert at.text_input(key="search.q").value == "colossus"
    assert at.multiselect(key="search.lang").value == ["fr"]
    assert "2 articles match, newest first; 1 to 2 shown." in _captions(at)


def test_month_range_from_the_url(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, SEARCH, {"from": "2025-01", "to": "2025-02"})
    # the demo's Stargate (January 2025) and Grok 3 (February 2025) stories
    assert "4 articles match, newest first; 1 to 4 shown." in _captions(at)
    at.selectbox(key="search.to").set_value(page.ANY_MONTH).run()
    assert "to" not in at.query_params


def test_search_shows_page_text_literally(monkeypatch, hostile_db):
    at = _open(monkeypatch, hostile_db, SEARCH, {"q": "alert"})
    hits = [h for h in _html(at) if "infratrack-hit" in h]
    assert len(hits) == 1
    assert "<script>" not in hits[0] and "<img" not in hits[0]
    assert "&lt;script&gt;<mark" in hits[0] or "&lt;script&gt;" in hits[0]
    assert "<mark" in hits[0]


def test_no_match_says_so(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, SEARCH, {"q": "zeppelin"})
    assert [i.value for i in at.info] == [page.NO_MATCH]


def test_reference_rows_are_not_listed_as_articles(monkeypatch, hostile_db):
    at = _open(monkeypatch, hostile_db, ARTICLES)
    titles = list(at.dataframe[0].value["Title"])
    assert "Reference Colossus" not in titles
    assert titles[0] == "Microsoft unveils Fairwater, its flagship AI datacenter in Wisconsin"  # the newest news
    assert any("1 row of reference data" in c for c in _captions(at))


def test_article_link_opens_the_article_with_its_stored_copy_as_text(monkeypatch, hostile_db):
    with connection(hostile_db) as con:
        aid = con.execute("SELECT article_id FROM articles WHERE publisher = 'Evil Wire'").fetchone()[0]
    at = _open(monkeypatch, hostile_db, ARTICLES, {articles.ARTICLE_PARAM: aid})

    assert at.selectbox(key=articles.ARTICLE_KEY).value == aid
    assert _param(at, articles.ARTICLE_PARAM) == [aid]
    body = next(h for h in _html(at) if "infratrack-article" in h)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img" not in body
    texts = [t.value for t in at.text]
    # the stored page's text: markup gone, its script and style dropped, its words kept literally
    stored = next(t for t in texts if "now draws 300 MW" in t)
    assert stored.splitlines() == ["Colossus **grows**", "Colossus now draws 300 MW, [a link](javascript:alert(3)).",
                                   "Shown: <b onclick=alert(5)>bold</b>"]
    assert at.get("code")[0].value == HOSTILE_HTML  # the source, shown as code


def test_choosing_an_article_puts_it_in_the_url(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, ARTICLES)
    first = at.selectbox(key=articles.ARTICLE_KEY).value
    assert _param(at, articles.ARTICLE_PARAM) == [first]  # the article shown is always linkable

    at.selectbox(key=articles.ARTICLE_KEY).select_index(3).run()
    picked = at.selectbox(key=articles.ARTICLE_KEY).value
    assert not at.exception and picked != first
    assert _param(at, articles.ARTICLE_PARAM) == [picked]


def test_a_missing_stored_body_is_explained(monkeypatch, demo_db, tmp_path):
    import shutil

    from db.companions import bodies_path

    db = tmp_path / "nobodies.duckdb"
    shutil.copyfile(demo_db, db)  # without its bodies folder
    at = _open(monkeypatch, db, ARTICLES)
    assert not at.exception
    assert [w.value for w in at.warning][0].startswith("The stored copy cannot be read:")
    assert not bodies_path(db).exists()


def test_sources_page_shows_what_each_run_got_from_each_source(monkeypatch, demo_db, tmp_path):
    db = copy_database(demo_db, tmp_path / "runs.duckdb")
    with connection(db) as con:
        # one TechWire page whose extraction now finds no article, as when a site's layout changes
        emptied = con.execute("""SELECT p.url_hash FROM pages p JOIN sources s USING (source_id)
                                 WHERE s.name = 'TechWire Daily' ORDER BY p.url LIMIT 1""").fetchone()[0]
        save_extraction(con, None, [], page_url_hash=emptied)
    at = _open(monkeypatch, db, "views/sources.py")

    assert "Runs per source" in [h.value for h in at.header]
    per_source = next(d.value for d in at.dataframe if "Pages without text" in d.value.columns).set_index("Source")
    assert per_source.loc["TechWire Daily", "Pages"] == 4
    assert per_source.loc["TechWire Daily", "Articles"] == 3
    assert per_source.loc["TechWire Daily", "Pages without text"] == "1 (25%)"
    assert per_source.loc["Datacenter Ledger", "Pages without text"] == "0 (0%)"
    # the sitemap lists only pages the feeds listed first: its run found no article of its own
    assert per_source.loc["Demo sitemap", "Runs without articles"] == 1
    assert [w.value for w in at.warning] == ["1 run fetched a source and found no article in it."]
    every_run = next(d.value for d in at.dataframe if "Without text" in d.value.columns)
    assert len(every_run) == len(DEMO_SOURCES) and every_run["Articles"].sum() == 13
