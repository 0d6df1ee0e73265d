"""The Streamlit dashboard, run for real with AppTest on DuckDB files built through db.writer."""
from __future__ import annotations

from datetime import date, datetime, timezone
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cli_inprocess import invoke
from dashboard import formatting
from dashboard.views import articles, entities, overview, sources, sql
from dashboard.views import contradictions as page
from db import reader
from db.companions import bodies_path
from db.connection import connection
from db.records import ArticleRecord, ClaimRecord
from db.writer import save_extraction
from infratrack.config import Config
from infratrack.demo import run_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
RUN_TIMEOUT_S = 60
CONTRADICTIONS = "views/contradictions.py"

QUOTE_LOW = "xAI said Colossus in Memphis now runs 100,000 Nvidia H100 GPUs."
QUOTE_HIGH = "Colossus has doubled and today houses 200,000 H100 accelerators."
QUOTE_AGREE = "The Memphis site operates 100,000 H100 chips, according to people familiar with it."
HOSTILE_QUOTE = "<script>alert(1)</script> **bold** Colossus runs 100,000 H100 GPUs."


def _article(n: int, publisher: str, quote: str, value: float, url: str | None = None) -> tuple[ArticleRecord, ClaimRecord]:
    """One article whose text carries QUOTE, and its gpu_count claim about xAI Colossus."""
    text = f"Intro paragraph number {n}. {quote} Closing remarks."
    start = text.index(quote)
    article = ArticleRecord(
        article_id=f"article-{n}",
        url=url or f"https://news{n}.example/colossus",
        text=text,
        publisher=publisher,
        content_hash=f"hash-{n}",
        extractor_version="test",
        title=f"Colossus story {n}",
        published_at=datetime(2024, 9, 1 + n, tzinfo=timezone.utc),
        lang="en",
    )
    claim = ClaimRecord(
        subject="xAI Colossus",
        attribute="gpu_count",
        unit="count",
        modality="actual",
        quote=quote,
        start=start,
        end=start + len(quote),
        extractor_version="test",
        entity_id="xai-colossus",
        hardware="H100",
        value=value,
        value_text=f"{value:,.0f}",
        as_of=date(2024, 9, 1 + n),
        lang="en",
    )
    return article, claim


def _build(path: Path, articles: list[tuple[ArticleRecord, ClaimRecord]]) -> Path:
    # closed before the app runs, publishing the snapshot the app's read-only connections open
    with connection(path) as con:
        for article, claim in articles:
            save_extraction(con, article, [claim])
    return path


def _open(monkeypatch: pytest.MonkeyPatch, path: Path, page_file: str | None = None) -> AppTest:
    """The app on the database at PATH, showing PAGE_FILE (relative to dashboard/) or the default page."""
    monkeypatch.setenv("INFRATRACK_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=RUN_TIMEOUT_S)
    # switch_page needs one run first: it resolves the file against the pages st.navigation registered
    at.run(timeout=RUN_TIMEOUT_S)
    if page_file:
        at.switch_page(page_file).run(timeout=RUN_TIMEOUT_S)
    return at


def _run(monkeypatch: pytest.MonkeyPatch, path: Path) -> AppTest:
    return _open(monkeypatch, path, CONTRADICTIONS)


def _texts(at: AppTest) -> list[str]:
    """Every text element, and each line of one (a claim's facts share one element)."""
    texts = [t.value for t in at.text]
    return texts + [line for t in texts if "\n" in t for line in t.splitlines()]


def _markdown_rendered(at: AppTest) -> list[str]:
    """Every value the frontend would read as markdown."""
    values = [m.value for m in at.markdown] + [c.value for c in at.caption]
    values += [h.value for h in (*at.title, *at.header, *at.subheader)]
    values += [e.value for e in (*at.info, *at.error, *at.warning, *at.success)]
    values += [m.label for m in at.metric]
    return values


def _link_urls(at: AppTest) -> list[str]:
    return [el.proto.url for el in at.get("link_button")]


@pytest.fixture
def conflicting_db(tmp_path: Path) -> Path:
    """Three publishers in one week: two say 100,000 H100, one says 200,000."""
    return _build(
        tmp_path / "conflict.duckdb",
        [
            _article(1, "Data Center Dynamics", QUOTE_LOW, 100_000),
            _article(2, "Tom's Hardware", QUOTE_HIGH, 200_000),
            _article(3, "The Information", QUOTE_AGREE, 100_000),
        ],
    )


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A contradiction whose quote, publisher and URL try to inject markup and script."""
    return _build(
        tmp_path / "hostile.duckdb",
        [
            _article(1, "**Evil** <b>Press</b>", HOSTILE_QUOTE, 100_000, url="javascript:alert(2)"),
            _article(2, "Tom's Hardware", QUOTE_HIGH, 200_000),
        ],
    )


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """The schema and nothing else."""
    return _build(tmp_path / "empty.duckdb", [])


def test_untrusted_text_is_shown_literally(monkeypatch, hostile_db):
    at = _run(monkeypatch, hostile_db)

    assert not at.exception
    texts = _texts(at)
    assert HOSTILE_QUOTE in texts
    assert "Publisher: **Evil** <b>Press</b>" in texts
    rendered = " ".join(_markdown_rendered(at))
    assert "<script>" not in rendered
    assert "alert(" not in rendered
    assert "**Evil**" not in rendered and "<b>" not in rendered
    # a javascript: URL is never made clickable, only printed
    assert _link_urls(at) == ["https://news2.example/colossus"]
    assert "Article (not a web link): javascript:alert(2)" in texts


def test_empty_database_says_there_are_no_contradictions(monkeypatch, empty_db):
    at = _run(monkeypatch, empty_db)

    assert not at.exception
    assert [i.value for i in at.info] == [page.NONE_FOUND]
    assert ("Open contradictions", "0") in {(m.label, m.value) for m in at.metric}
    assert not at.subheader


def test_missing_database_shows_an_error_not_a_traceback(monkeypatch, tmp_path):
    at = _run(monkeypatch, tmp_path / "absent.duckdb")

    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "absent" in message and "no such database" in message
    assert "infratrack demo" in message
    assert not at.metric


def test_severity_filter_hides_milder_contradictions(monkeypatch, conflicting_db):
    at = _run(monkeypatch, conflicting_db)
    assert len(at.subheader) == 1  # the 200,000 against both 100,000s: one dispute

    at.slider(key=page.SEVERITY_KEY).set_value(0.6).run()

    assert not at.exception
    assert not at.subheader
    assert [i.value for i in at.info] == [page.NONE_MATCH]


def test_attribute_filter_hides_other_attributes(monkeypatch, conflicting_db):
    at = _run(monkeypatch, conflicting_db)
    selector = at.multiselect(key=page.ATTRIBUTE_KEY)
    assert selector.options == ["GPU count"]

    selector.select("gpu_count").run()
    assert len(at.subheader) == 1

    at.multiselect(key=page.SUBJECT_KEY).select("xAI Colossus").run()
    at.slider(key=page.SEVERITY_KEY).set_value(0.5).run()
    assert len(at.subheader) == 1
    assert not at.info


@pytest.mark.parametrize(
    ("attribute", "value", "expected"),
    [
        ("gpu_count", 100_000.0, "100,000"),
        ("power", 150.0, "150 MW"),
        ("power", 1.5, "1.5 MW"),
        ("compute", 1.06e19, "10.6 EFLOP/s"),
        ("compute", 3e30, "3e30 FLOP/s"),
        ("cost", 5e9, "$5.0 billion"),
        ("cost", 250_000.0, "$250,000"),
        ("build_time", 122.0, "122 days"),
        ("build_time", 1.0, "1 day"),
        ("water", 5e6, "5,000,000 gal/day"),
        ("gpu_count", None, "n/a"),
    ],
)
def test_values_are_formatted_with_their_unit(attribute, value, expected):
    assert formatting.format_value(attribute, value) == expected


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.com/a", True),
        ("HTTP://example.com/a", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" https://example.com", False),
        ("data:text/html,<script>", False),
        ("https:///no-host", False),
        ("", False),
        (None, False),
    ],
)
def test_only_web_links_become_buttons(url, allowed):
    assert formatting.safe_link(url) == (url if allowed else None)


def test_escaped_markdown_keeps_every_character():
    text = "[x](javascript:y) **b** <i>"
    escaped = formatting.escape_markdown(text)
    assert escaped == r"\[x\]\(javascript\:y\) \*\*b\*\* \<i\>"
    assert escaped.replace("\\", "") == text


def test_highlight_escapes_text_and_merges_overlapping_claims():
    text = "A <b>bold</b> & 100 GPUs, 50 MW."
    spans = [(16, 24, "GPU count"), (16, 24, "GPU count"), (20, 31, "power"), (40, 50, "out of range"), (5, 3, "x")]
    out = formatting.highlight_html(text, spans)
    assert out == ("A &lt;b&gt;bold&lt;/b&gt; &amp; "
                   '<mark title="GPU count, power">100 GPUs, 50 MW</mark>.')


def test_highlight_escapes_labels_and_hostile_quotes():
    text = '<script>alert(1)</script> **x** "q"'
    out = formatting.highlight_html(text, [(0, len(text), '"><img src=x onerror=alert(2)>')])
    assert "<script>" not in out and "<img" not in out
    assert out.startswith('<mark title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;">&lt;script&gt;')
    assert out.count("<") == out.count("<mark") + out.count("</mark>")


# --- The whole app on the real demo database -------------------------------------------------

DEMO_QUOTE = "Colossus runs 100,000 Nvidia H100 GPUs."
DEMO_SOURCES = {"TechWire Daily", "Datacenter Ledger", "Le Journal de l'IA", "L'Écho du Calcul", "Demo sitemap"}


def build_demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site crawled and extracted, built once per session and shared by the dashboard tests."""
    # Cached by path in the session's base temp folder, so every test module asking for it
    # (each has its own session fixture) builds it once between them.
    target = tmp_path_factory.getbasetemp() / "dashboard-demo" / "demo.duckdb"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        building = target.with_name("building.duckdb")
        # port 0: the demo server binds a free port itself, with no race between picking and binding
        run_demo(Config(db_path=building, delay_s=0.01), port=0)
        bodies_path(building).rename(bodies_path(target))  # the page bodies go with the database file
        building.rename(target)
    return target


def copy_database(source: Path, target: Path) -> Path:
    """A private copy of SOURCE, with its page bodies, for a test that writes."""
    shutil.copyfile(source, target)
    shutil.copytree(bodies_path(source), bodies_path(target))
    return target


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo database, read-only by convention: tests that write use demo_copy."""
    return build_demo_database(tmp_path_factory)


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Path:
    """A copy of the demo database this test may change."""
    return copy_database(demo_db, tmp_path / "demo.duckdb")


def _table(at: AppTest, column: str):
    """The first table on the page with COLUMN, as a DataFrame."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _pair(path: Path, quote: str) -> dict:
    """The contradiction with QUOTE on one side."""
    res = reader.query(path, "SELECT * FROM contradictions WHERE quote_a = ? OR quote_b = ?", [quote, quote])
    assert len(res.rows) == 1, res.rows
    return res.records()[0]


def test_overview_shows_counts_last_run_and_source_health(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db)

    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Overview"]
    metrics = {m.label: m.value for m in at.metric}
    # the demo site is fixed, but what the extractor and the views find in it may evolve
    expected = reader.overview_counts(demo_db)
    assert metrics["Articles"] == "14"
    assert metrics["Claims"] == str(expected["claims"]) and expected["claims"] > 0
    assert metrics["Open contradictions"] == str(expected["open_contradictions"]) and expected["open_contradictions"] > 0
    assert metrics["Publishers"] == "4"
    assert any(t.startswith("Last run: extract, ok, ") for t in _texts(at))  # run_demo crawls, then extracts
    health = _table(at, "Last status")
    assert set(health["Source"]) == DEMO_SOURCES
    assert set(health["Last status"]) == {"ok"}
    assert [s.value for s in at.success] == [overview.NO_ERRORS]


def test_articles_search_finds_the_hyperion_articles(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, "views/articles.py")
    assert len(_table(at, "Title")) == 14  # empty search lists everything

    at.text_input(key=articles.SEARCH_KEY).input("hyperion").run()

    assert not at.exception and not at.error
    found = _table(at, "Title")
    assert sorted(found["Title"]) == ["Meta voit toujours plus grand avec ses centres de données pour l'IA",
                                      "Zuckerberg maps out Meta's supercluster ambitions"]
    body = at.get("html")[0].value
    assert body.count("<mark") >= 1 and "Hyperion" in body
    claims = _table(at, "Quote")
    assert "Meta Hyperion" in set(claims["Subject"])

    at.text_input(key=articles.SEARCH_KEY).input("100%").run()  # a literal %, not a wildcard
    assert [i.value for i in at.info] == [articles.NO_MATCH]


def test_sql_console_runs_a_query(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, "views/sql.py")

    at.text_area(key=sql.QUERY_KEY).input("SELECT count(*) AS n FROM articles")
    at.button(key=sql.RUN_KEY).click().run()

    assert not at.exception and not at.error
    assert at.dataframe[0].value["n"].tolist() == [14]
    assert len(at.get("download_button")) == 1

    at.selectbox(key=sql.EXAMPLE_KEY).set_value("Open contradictions, most severe first").run()
    assert "FROM open_contradictions" in at.text_area(key=sql.QUERY_KEY).value
    at.button(key=sql.RUN_KEY).click().run()
    assert len(at.dataframe[0].value) == reader.overview_counts(demo_db)["open_contradictions"]


def test_sql_console_refuses_writes_with_a_message(monkeypatch, demo_copy):
    at = _open(monkeypatch, demo_copy, "views/sql.py")
    before = reader.query(demo_copy, "SELECT count(*) FROM claims").rows
    assert before[0][0] > 0

    at.text_area(key=sql.QUERY_KEY).input("DROP TABLE claims")
    at.button(key=sql.RUN_KEY).click().run()

    assert not at.exception  # a message, not a traceback
    assert len(at.error) == 1 and "DROP is not allowed" in at.error[0].value
    assert reader.query(demo_copy, "SELECT count(*) FROM claims").rows == before

    at.text_area(key=sql.QUERY_KEY).input("SELEC nothing")
    at.button(key=sql.RUN_KEY).click().run()
    assert not at.exception and len(at.error) == 1 and "syntax error" in at.error[0].value.lower()


def test_sources_page_lists_the_demo_feeds(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, "views/sources.py")

    assert not at.exception and not at.error
    table = _table(at, "URL")
    assert set(table["Source"]) == DEMO_SOURCES
    feeds = table[table["Kind"] == "feed"]
    assert len(feeds) == 4 and (feeds["OK"] >= 4).all() and (feeds["Errors"] == 0).all()
    assert [s.value for s in at.success] == [sources.NO_ERRORS]


def _open_verdict_form(at: AppTest, conflict_id: str) -> None:
    """Open a pair's "Verdict on this pair" expander, as a click on it does (its controls are drawn once open)."""
    at.session_state[page.triage_key("open", conflict_id)] = True
    at.run()


def test_dismissing_a_pair_hides_it_and_survives_reextraction(monkeypatch, demo_copy):
    pair = _pair(demo_copy, DEMO_QUOTE)
    at = _open(monkeypatch, demo_copy, CONTRADICTIONS)
    assert DEMO_QUOTE in _texts(at)

    _open_verdict_form(at, pair["conflict_id"])
    at.text_input(key=page.triage_key("note", pair["conflict_id"])).input("a phase, not the whole cluster")
    at.button(key=page.triage_key("dismiss", pair["conflict_id"])).click().run()

    assert not at.exception and not at.error
    verdicts = reader.query(demo_copy, "SELECT claim_a, claim_b, status, note FROM triage").rows
    assert verdicts == [(pair["claim_a"], pair["claim_b"], "dismissed", "a phase, not the whole cluster")]
    assert _pair(demo_copy, DEMO_QUOTE)["status"] == "dismissed"
    # the default filter (open and confirmed) now hides it
    assert DEMO_QUOTE not in _texts(at)
    open_left = reader.overview_counts(demo_copy)["open_contradictions"]
    assert len(at.subheader) == open_left
    assert ("Open contradictions", str(open_left)) in {(m.label, m.value) for m in at.metric}
    assert [s.value for s in at.success][0].startswith("Dismissed: ")

    done = invoke("extract", "--all", "--db", str(demo_copy))
    assert done.returncode == 0, done.stderr
    after = _pair(demo_copy, DEMO_QUOTE)
    assert (after["claim_a"], after["claim_b"], after["status"]) == (pair["claim_a"], pair["claim_b"], "dismissed")
    assert after["note"] == "a phase, not the whole cluster"

    st.cache_data.clear()  # the app caches reads for 10 s; this run must see the re-extracted file
    at = _open(monkeypatch, demo_copy, CONTRADICTIONS)
    assert DEMO_QUOTE not in _texts(at)
    at.multiselect(key=page.STATUS_KEY).set_value(["dismissed"]).run()
    assert DEMO_QUOTE in _texts(at) and "Status: dismissed" in _texts(at)


def test_resolve_needs_a_value_and_reopen_forgets_the_verdict(monkeypatch, demo_copy):
    pair = _pair(demo_copy, DEMO_QUOTE)
    key = pair["conflict_id"]
    at = _open(monkeypatch, demo_copy, CONTRADICTIONS)
    assert not [b for b in at.button if b.label == "Resolve"]  # the controls are drawn once opened
    _open_verdict_form(at, key)

    at.button(key=page.triage_key("resolve", key)).click().run()
    assert not at.exception
    assert len(at.error) == 1 and "correct value" in at.error[0].value
    assert reader.query(demo_copy, "SELECT count(*) FROM triage").rows == [(0,)]

    at.number_input(key=page.triage_key("value", key)).set_value(100_000).run()
    at.button(key=page.triage_key("resolve", key)).click().run()
    assert not at.error
    assert reader.query(demo_copy, "SELECT status, correct_value FROM triage").rows == [("resolved", 100_000.0)]

    other = _pair(demo_copy, "Installé à Memphis (Tennessee), Colossus aligne 100 000 GPU Nvidia H100.")["conflict_id"]
    _open_verdict_form(at, other)
    at.button(key=page.triage_key("confirm", other)).click().run()
    at.multiselect(key=page.STATUS_KEY).set_value(["resolved", "confirmed"]).run()
    assert "Status: resolved · correct value 100,000" in _texts(at)
    assert "Status: confirmed" in _texts(at)

    _open_verdict_form(at, key)
    at.button(key=page.triage_key("reopen", key)).click().run()
    assert not at.exception
    assert reader.query(demo_copy, "SELECT status FROM triage").rows == [("confirmed",)]
    assert _pair(demo_copy, DEMO_QUOTE)["status"] == "open"
