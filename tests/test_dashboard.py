"""The Streamlit dashboard, run for real with AppTest on DuckDB files built through db.writer."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import formatting
from dashboard.views import contradictions as page
from db.connection import open_db
from db.records import ArticleRecord, ClaimRecord
from db.writer import save_extraction

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
RUN_TIMEOUT_S = 60

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
    con = open_db(path)
    try:
        for article, claim in articles:
            save_extraction(con, article, [claim])
    finally:
        # closed before the app runs: the app opens its own read-only connections
        con.close()
    return path


def _run(monkeypatch: pytest.MonkeyPatch, path: Path) -> AppTest:
    monkeypatch.setenv("INFRATRACK_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=RUN_TIMEOUT_S)
    return at.run(timeout=RUN_TIMEOUT_S)


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


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


def test_contradictions_are_shown_side_by_side(monkeypatch, conflicting_db):
    at = _run(monkeypatch, conflicting_db)

    assert not at.exception
    assert not at.error
    texts = _texts(at)
    for quote in (QUOTE_LOW, QUOTE_HIGH, QUOTE_AGREE):
        assert quote in texts
    for publisher in ("Data Center Dynamics", "Tom's Hardware", "The Information"):
        assert f"Publisher: {publisher}" in texts
    assert "Modality: actual" in texts
    assert "As of: 2024-09-03" in texts  # the 200,000 claim

    metrics = {(m.label, m.value) for m in at.metric}
    assert ("Articles", "3") in metrics
    assert ("Claims", "3") in metrics
    assert ("Open contradictions", "2") in metrics
    values = [m.value for m in at.metric if m.label in ("Claim A", "Claim B")]
    assert sorted(values) == ["100,000", "100,000", "200,000", "200,000"]
    assert [m.value for m in at.metric if m.label == "Severity"] == ["0.50", "0.50"]

    headings = [h.value for h in at.subheader]
    assert len(headings) == 2
    assert all("xAI Colossus" in h and "GPU count" in h and "H100" in h for h in headings)
    assert sorted(_link_urls(at)) == sorted(
        ["https://news1.example/colossus", "https://news2.example/colossus",
         "https://news2.example/colossus", "https://news3.example/colossus"]
    )
    assert not at.info


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
    assert len(at.subheader) == 2

    at.slider(key=page.SEVERITY_KEY).set_value(0.6).run()

    assert not at.exception
    assert not at.subheader
    assert [i.value for i in at.info] == [page.NONE_MATCH]


def test_attribute_filter_hides_other_attributes(monkeypatch, conflicting_db):
    at = _run(monkeypatch, conflicting_db)
    selector = at.multiselect(key=page.ATTRIBUTE_KEY)
    assert selector.options == ["GPU count"]

    selector.select("gpu_count").run()
    assert len(at.subheader) == 2

    at.multiselect(key=page.SUBJECT_KEY).select("xAI Colossus").run()
    at.slider(key=page.SEVERITY_KEY).set_value(0.5).run()
    assert len(at.subheader) == 2
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
