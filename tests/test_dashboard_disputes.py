"""The Disputes, Entities and Overview pages and the URL state they keep, run with AppTest on real DuckDB files."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, url_state
from dashboard.formatting import attribute_label
from dashboard.reasons import conflict_reason
from dashboard.views import contradictions as page
from dashboard.views import entities, overview
from db import disputes, reader
from test_dashboard import (
    APP, QUOTE_AGREE, QUOTE_HIGH, QUOTE_LOW, RUN_TIMEOUT_S, _article, _build, _link_urls, _markdown_rendered,
    _table, build_demo_database, copy_database,
)

DISPUTES = "views/contradictions.py"
ENTITIES = "views/entities.py"


def _open(monkeypatch: pytest.MonkeyPatch, path: Path, page_file: str | None = None, **params) -> AppTest:
    """The app on PATH showing PAGE_FILE as if opened from a link carrying PARAMS."""
    monkeypatch.setenv("INFRATRACK_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=RUN_TIMEOUT_S)
    at.run(timeout=RUN_TIMEOUT_S)
    if page_file:
        at.switch_page(page_file)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run(timeout=RUN_TIMEOUT_S)


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def _page_links(at: AppTest) -> list[tuple[str, str, str]]:
    """(url_path, query string, label) of every page link."""
    return [(p.proto.page, p.proto.query_string, p.proto.label) for p in at.get("page_link")]


def _claim_id(path: Path, quote: str) -> str:
    (claim_id,), = reader.query(path, "SELECT claim_id FROM claims WHERE quote = ?", [quote]).rows
    return claim_id


def _param(at: AppTest, name: str):
    return at.query_params.get(name)


@pytest.fixture
def conflicting_db(tmp_path: Path) -> Path:
    """Three publishers in one week: two say 100,000 H100, one says 200,000."""
    return _build(tmp_path / "conflict.duckdb", [
        _article(1, "Data Center Dynamics", QUOTE_LOW, 100_000),
        _article(2, "Tom's Hardware", QUOTE_HIGH, 200_000),
        _article(3, "The Information", QUOTE_AGREE, 100_000),
    ])


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo database shared with test_dashboard.py (built once per session)."""
    return build_demo_database(tmp_path_factory)


# --- Grouping, reasons, charts: the pieces ---------------------------------------------------------

def test_a_figure_against_several_sources_is_one_dispute(conflicting_db):
    count, pairs, found = disputes.dispute_page(conflicting_db, reader.ContradictionFilter(), 10)

    assert (count, pairs) == (1, 2)
    dispute, = found
    assert dispute.claim["quote"] == QUOTE_HIGH and dispute.claim["value"] == 200_000
    assert dispute.dispute_id == _claim_id(conflicting_db, QUOTE_HIGH)
    assert sorted(r["quote"] for r in dispute.rivals) == sorted([QUOTE_LOW, QUOTE_AGREE])
    assert {r["article_id"] for r in dispute.rivals} == {"article-1", "article-3"}
    assert dispute.claim["article_id"] == "article-2"
    # one of the rivals, opened by its permalink, is disputed by the 200,000 only
    low = disputes.dispute(conflicting_db, _claim_id(conflicting_db, QUOTE_LOW))
    assert low.claim["quote"] == QUOTE_LOW and [r["quote"] for r in low.rivals] == [QUOTE_HIGH]
    assert disputes.dispute(conflicting_db, "no-such-claim") is None


def test_consensus_band_is_the_agreeing_majority_and_the_odd_figure_an_outlier(conflicting_db):
    points, band = disputes.claim_series(conflicting_db, "xai-colossus", "gpu_count")

    assert (band.median, band.publishers, band.hardware) == (100_000, 2, "H100")
    assert band.low < 100_000 < band.high < 200_000
    by_quote = {p["quote"]: p for p in points}
    assert by_quote[QUOTE_LOW]["in_band"] and by_quote[QUOTE_AGREE]["in_band"]
    assert by_quote[QUOTE_HIGH]["outlier"] and not by_quote[QUOTE_HIGH]["in_band"]
    assert not by_quote[QUOTE_LOW]["outlier"]


@pytest.mark.parametrize(
    ("pair", "attribute", "expected"),
    [
        ({"kind": "disagreement", "gap_pct": 50.0, "tolerance_pct": 5.0, "days_apart": 7}, "gpu_count",
         "The figures are 50% apart where their rounding and the floor allow 5%; reported 7 days apart."),
        ({"kind": "disagreement", "gap_pct": 12.5, "tolerance_pct": 3.3, "days_apart": 0, "level_a": "site",
          "level_b": "cluster"}, "power",
         "The figures are 12.5% apart where their rounding and the floor allow 3.3%; reported the same day; "
         "levels cluster and site."),
        ({"kind": "unit_slip", "why": "one figure is 10^3 times the other: a scale word or unit slip; level cluster",
          "days_apart": 400}, "power",
         "Unit slip: one figure is 10^3 times the other: a scale word or unit slip; reported 400 days apart."),
        ({"kind": "disagreement", "why": '"Abilene, Texas" and "Ohio": neither place contains the other',
          "days_apart": None}, "location",
         'Places apart: "Abilene, Texas" and "Ohio": neither place contains the other; '
         "compared whenever reported (it happens once)."),
        ({"kind": "disagreement", "why": "periods 2025-01-01 to 2025-03-31 and 2026-01-01 to 2026-12-31 cannot "
          "overlap (276 days between)", "days_apart": 1}, "online_date",
         "Dates apart: periods 2025-01-01 to 2025-03-31 and 2026-01-01 to 2026-12-31 cannot overlap "
         "(276 days between); reported 1 day apart."),
    ],
)
def test_each_conflict_says_why_in_words(pair, attribute, expected):
    assert conflict_reason(pair, attribute) == expected


def test_a_publisher_has_one_colour_everywhere():
    colour = charts.publisher_colour("Datacenter Ledger")
    assert colour in charts.PALETTE
    assert charts.publisher_colour("Datacenter Ledger") == colour
    assert len({charts.publisher_colour(f"Publisher {i}") for i in range(40)}) > 10
    scale = charts.publisher_scale(["B", "A", "B"]).to_dict()
    assert scale == {"domain": ["A", "B"], "range": [charts.publisher_colour("A"), charts.publisher_colour("B")]}


@pytest.mark.parametrize(
    ("values", "log"),
    [([1.0, 50.0], False), ([1.0, 100.0], True), ([5e17, 1e20], True), ([0.0, 1e6], False), ([], False)],
)
def test_log_scale_where_figures_span_orders_of_magnitude(values, log):
    assert charts.needs_log(values) is log


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _publisher_colours(spec: dict) -> dict[str, str]:
    """Publisher -> colour as the chart's colour scales map them."""
    found = {}
    for node in _walk(spec):
        colour = node.get("color") if isinstance(node.get("color"), dict) else None
        if colour and colour.get("field") == "publisher":
            scale = colour["scale"]
            found.update(zip(scale["domain"], scale["range"]))
    return found


# --- The Disputes page -----------------------------------------------------------------------------

def test_disputes_page_shows_each_claim_once_with_every_rival_and_why(monkeypatch, conflicting_db):
    at = _open(monkeypatch, conflicting_db, DISPUTES)

    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Disputes"]
    assert [h.value for h in at.subheader] == ["xAI Colossus · GPU count · H100"]
    texts = _texts(at)
    # every quote once: the 200,000 is not repeated for each source it disagrees with
    assert [texts.count(q) for q in (QUOTE_HIGH, QUOTE_LOW, QUOTE_AGREE)] == [1, 1, 1]
    assert [m.value for m in at.metric if m.label == "Disputed figure"] == ["200,000"]
    assert [m.value for m in at.metric if m.label == "Against"] == ["100,000", "100,000"]
    reasons = [t for t in texts if t.startswith("The figures are")]
    assert len(reasons) == 2 and all("50% apart" in r and "allow 5%" in r for r in reasons)
    assert {r.split("; ")[-1] for r in reasons} == {"reported 1 day apart."}  # 2 September and 4 against 3
    assert ("Open contradictions", "2") in {(m.label, m.value) for m in at.metric}
    assert texts.count("Status: open") == 2 and [e.label for e in at.expander].count("Verdict on this pair") == 2
    assert sorted(_link_urls(at)) == ["https://news1.example/colossus", "https://news2.example/colossus",
                                      "https://news3.example/colossus"]
    high = _claim_id(conflicting_db, QUOTE_HIGH)
    links = _page_links(at)
    for article in ("article-1", "article-2", "article-3"):
        assert ("articles", f"article={article}", "Stored copy") in links
    assert ("contradictions", f"dispute={high}", "Permalink") in links
    assert ("contradictions", f"claim={high}", "Claim") in links
    assert ("entities", "entity=xai-colossus&link=1", "Entity") in links
    assert "2 publishers agreeing on 100\\,000 H100" in " ".join(c.value for c in at.caption)
    spec, = _specs(at)
    assert "%b %Y" in json.dumps(spec)  # years on the date axis
    marks = [n.get("mark", {}).get("type") if isinstance(n.get("mark"), dict) else n.get("mark") for n in spec["layer"]]
    assert "rect" in marks  # the consensus band
    assert json.dumps(spec).count(charts.OUTLIER_COLOUR) == 1  # the 200,000 ringed


def test_filters_and_page_are_written_to_the_url(monkeypatch, tmp_path):
    # eight publishers, eight figures all apart beyond 5%: 28 pairs in 7 disputes, two pages
    values = [100_000 * 1.2 ** i for i in range(8)]
    path = _build(tmp_path / "many.duckdb", [_article(i + 1, f"Publisher {i}", f"It runs {v:,.0f} H100 GPUs.", v)
                                              for i, v in enumerate(values)])
    at = _open(monkeypatch, path, DISPUTES)
    assert not at.exception
    assert len(at.subheader) == page.PAGE_SIZE
    shown = [float(m.value) for m in at.metric if m.label == "Severity"]
    assert shown == sorted(shown, reverse=True)  # most severe first
    assert _param(at, "page") is None and _param(at, "min_severity") is None  # defaults stay out of the link

    at.number_input(key=page.PAGE_KEY).set_value(2).run()
    assert len(at.subheader) == 2 and _param(at, "page") == "2"
    at.slider(key=page.SEVERITY_KEY).set_value(0.6).run()
    assert _param(at, "min_severity") == "0.6"
    assert _param(at, "page") is None  # one page is left, so the page number went
    at.multiselect(key=page.STATUS_KEY).set_value(["dismissed"]).run()
    assert at.query_params.get("status") in ("dismissed", ["dismissed"])
    assert [i.value for i in at.info] == [page.NONE_MATCH]


def test_a_link_with_state_reproduces_the_view(monkeypatch, tmp_path, conflicting_db):
    at = _open(monkeypatch, conflicting_db, DISPUTES, min_severity="0.6")
    assert not at.exception
    assert at.slider(key=page.SEVERITY_KEY).value == pytest.approx(0.6)
    assert [i.value for i in at.info] == [page.NONE_MATCH]

    at = _open(monkeypatch, conflicting_db, DISPUTES, status="dismissed", attribute="gpu_count")
    assert at.multiselect(key=page.STATUS_KEY).value == ["dismissed"]
    assert at.multiselect(key=page.ATTRIBUTE_KEY).value == ["gpu_count"]
    assert not at.subheader

    at = _open(monkeypatch, conflicting_db, DISPUTES, **{"from": "2024-09-10", "to": "2024-09-30"})
    assert at.date_input(key=page.DATES_KEY).value == (date(2024, 9, 10), date(2024, 9, 30))
    assert not at.subheader  # the pairs' dates end on 2024-09-04

    # a hand-edited or stale link falls back to the defaults instead of failing
    at = _open(monkeypatch, conflicting_db, DISPUTES, min_severity="lots", status="nonsense", attribute="nope",
               **{"from": "yesterday"})
    assert not at.exception and not at.error
    assert at.slider(key=page.SEVERITY_KEY).value == 0.0
    assert [h.value for h in at.subheader] == ["xAI Colossus · GPU count · H100"]


def test_dispute_permalink_shows_one_claim_against_its_rivals_in_time(monkeypatch, conflicting_db):
    low = _claim_id(conflicting_db, QUOTE_LOW)
    at = _open(monkeypatch, conflicting_db, DISPUTES, dispute=low)

    assert not at.exception and not at.error
    assert [m.value for m in at.metric if m.label == "Disputed figure"] == ["100,000"]
    assert [m.value for m in at.metric if m.label == "Against"] == ["200,000"]
    assert not any(label == "Permalink" for *_, label in _page_links(at))  # it is the permalink
    spec, = _specs(at)
    assert json.dumps(spec).count("#222222") == 1  # the claim in focus, ringed
    assert page.SEVERITY_KEY not in [s.key for s in at.slider]  # no filters on a permalink

    at.button(key="disputes.back").click().run()
    assert _param(at, "dispute") is None
    assert page.SEVERITY_KEY in [s.key for s in at.slider]

    at = _open(monkeypatch, conflicting_db, DISPUTES, dispute="gone")
    assert [i.value for i in at.info] == [page.NO_DISPUTE]


def test_claim_permalink_opens_quote_article_and_stored_copy(monkeypatch, conflicting_db):
    high = _claim_id(conflicting_db, QUOTE_HIGH)
    at = _open(monkeypatch, conflicting_db, DISPUTES, claim=high)

    assert not at.exception and not at.error
    texts = _texts(at)
    facts = next(t for t in texts if t.startswith("Publisher: Tom's Hardware\nArticle: Colossus story 2"))
    assert "Hardware: H100" in facts and "Modality: actual" in facts and "As of: 2024-09-03" in facts
    assert "Verdict on this claim: none" in facts
    assert texts.count(QUOTE_HIGH) == 2  # in the panel and in its dispute below
    links = _page_links(at)
    assert ("contradictions", f"dispute={high}", "Its dispute") in links
    assert links.count(("articles", "article=article-2", "Stored copy")) == 2

    at.button(key="claim.close").click().run()
    assert _param(at, "claim") is None
    assert _texts(at).count(QUOTE_HIGH) == 1

    # picking a claim of the chart opens it, as a click on its point does
    pick = f"{page.PICK_KEY}.{page.CHART_KEY}.xai-colossus:gpu_count"
    low = _claim_id(conflicting_db, QUOTE_LOW)
    at.selectbox(key=pick).set_value(low).run()
    assert _param(at, "claim") == low
    assert any(t.startswith("Publisher: Data Center Dynamics\nArticle:") for t in _texts(at))

    at = _open(monkeypatch, conflicting_db, DISPUTES, claim="gone")
    assert page.NO_CLAIM in [i.value for i in at.info]


def test_a_claim_verdict_settles_its_dispute_and_shows_on_the_claim(monkeypatch, conflicting_db):
    high = _claim_id(conflicting_db, QUOTE_HIGH)
    at = _open(monkeypatch, conflicting_db, DISPUTES)

    assert not [b for b in at.button if b.label == "Figure wrong"]  # drawn once the claim's expander is opened
    at.session_state[page.verdict_key("open", f"{high}.{high}")] = True
    at.run()
    at.button(key=page.verdict_key("wrong", f"{high}.{high}")).click().run()

    assert not at.exception and not at.error
    assert reader.query(conflicting_db, "SELECT claim_id, verdict FROM claim_verdicts").rows == [(high, "wrong")]
    assert [s.value for s in at.success][0].startswith("Claim judged wrong: Tom")
    assert [i.value for i in at.info] == [page.NONE_MATCH]  # both pairs resolved, hidden by default
    at = _open(monkeypatch, conflicting_db, DISPUTES, claim=high)
    assert any("Verdict on this claim: wrong" in t for t in _texts(at))
    at.button(key=page.verdict_key("clear", f"panel.{high}")).click().run()
    assert reader.query(conflicting_db, "SELECT count(*) FROM claim_verdicts").rows == [(0,)]


def test_untrusted_text_stays_text_in_links_and_captions(monkeypatch, tmp_path):
    evil = "**Evil** [x](javascript:alert(1)) <b>Press</b>"
    path = _build(tmp_path / "evil.duckdb", [_article(1, evil, QUOTE_LOW, 100_000),
                                             _article(2, "Tom's Hardware", QUOTE_HIGH, 200_000)])
    for params in ({}, {"dispute": _claim_id(path, QUOTE_HIGH)}):
        at = _open(monkeypatch, path, DISPUTES, **params)
        assert not at.exception
        rendered = " ".join(_markdown_rendered(at) + [label for *_, label in _page_links(at)])
        assert "**Evil**" not in rendered and "<b>" not in rendered and "](javascript" not in rendered
        assert f"Publisher: {evil}" in "\n".join(_texts(at))
    at = _open(monkeypatch, path)
    labels = [label for *_, label in _page_links(at)]
    assert labels and not any("**Evil**" in label or "](javascript" in label for label in labels)


# --- On the demo database ----------------------------------------------------------------------------

def test_demo_disputes_group_the_pairs(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, DISPUTES)

    assert not at.exception and not at.error
    pairs = len(reader.contradictions(demo_db).rows)
    count, _, _ = disputes.dispute_page(demo_db, reader.ContradictionFilter(statuses=("open", "confirmed")), 100)
    assert len(at.subheader) == count < pairs  # a Colossus figure disputed by two sources is one dispute
    assert [e.label for e in at.expander].count("Verdict on this pair") == pairs
    assert "Colossus runs 100,000 Nvidia H100 GPUs." in _texts(at)
    assert at.multiselect(key=page.STATUS_KEY).value == ["open", "confirmed"]

    at.date_input(key=page.DATES_KEY).set_value((date(2025, 7, 1), date(2025, 7, 31))).run()
    assert [h.value for h in at.subheader] == ["Meta Hyperion · power"]
    assert (_param(at, "from"), _param(at, "to")) == ("2025-07-01", "2025-07-31")


def test_entity_page_shows_family_figures_timelines_and_attention(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db, ENTITIES)
    assert not at.exception and not at.error
    assert at.selectbox(key=entities.SUBJECT_KEY).value == "xai-colossus"
    assert _param(at, "entity") == "xai-colossus"  # the address is a permalink
    figures = _table(at, "Status")
    assert {"contested", "agreed", "planned"} <= set(figures["Status"])
    charted = disputes.charted_attributes(demo_db, "xai-colossus")
    specs = _specs(at)
    # the attention chart, and the timelines of the attributes with most claims; the others one click away
    assert len(charted) > entities.TIMELINES_DRAWN
    assert len(specs) == entities.TIMELINES_DRAWN + 1
    assert [e.label for e in at.expander] == [entities._capital(attribute_label(a)) for a in charted[entities.TIMELINES_DRAWN:]]
    for attribute in charted[entities.TIMELINES_DRAWN:]:
        at.session_state[entities.timeline_key("xai-colossus", attribute)] = True
    at.run()
    specs = _specs(at)
    assert len(specs) == len(charted) + 1  # a timeline per attribute with dated figures, and attention
    assert all("%b %Y" in json.dumps(s) for s in specs)
    # one colour per publisher across every chart, the app-wide one
    colours = [_publisher_colours(s) for s in specs]
    seen = {p: c for mapping in colours for p, c in mapping.items()}
    assert len(seen) >= 3 and all(c == charts.publisher_colour(p) for p, c in seen.items())
    assert ("entities", "entity=xai&link=1", "xAI \\(company\\)") in _page_links(at)

    at = _open(monkeypatch, demo_db, ENTITIES, entity="stargate")
    assert at.selectbox(key=entities.SUBJECT_KEY).value == "stargate"
    links = _page_links(at)
    assert ("entities", "entity=openai&link=1", "OpenAI \\(company\\)") in links
    assert any(p == "entities" and q == "entity=openai-stargate-abilene&link=1" for p, q, _ in links)

    at.selectbox(key=entities.SUBJECT_KEY).set_value("jean-zay").run()
    assert _param(at, "entity") == "jean-zay"
    # a link to this page (a child's, a parent's) replaces the subject the session holds
    at.query_params["entity"] = "openai-stargate-abilene"
    at.query_params["link"] = "1"
    at.run()
    assert at.selectbox(key=entities.SUBJECT_KEY).value == "openai-stargate-abilene"
    assert _param(at, "link") is None  # taken out, so the user's next choice is not overridden
    at.selectbox(key=entities.SUBJECT_KEY).set_value("jean-zay").run()
    assert _param(at, "entity") == "jean-zay"
    at = _open(monkeypatch, demo_db, ENTITIES, entity="no-such-subject")
    assert not at.exception and at.selectbox(key=entities.SUBJECT_KEY).value == "xai-colossus"


def test_log_scale_on_an_entity_whose_figures_span_orders_of_magnitude(monkeypatch, tmp_path):
    path = _build(tmp_path / "span.duckdb", [_article(1, "A", "It runs 1,000 H100 GPUs.", 1_000),
                                             _article(2, "B", "It runs 200,000 H100 GPUs.", 200_000)])
    at = _open(monkeypatch, path, ENTITIES)
    timeline = _specs(at)[1]
    assert '"type": "log"' in json.dumps(timeline)


def test_overview_leads_with_newest_disputes_and_claims(monkeypatch, demo_db):
    at = _open(monkeypatch, demo_db)

    assert not at.exception and not at.error
    assert [h.value for h in at.header][:2] == ["Newest disputes", "Newest claims"]
    count, _, newest = disputes.dispute_page(demo_db, overview.OPEN, overview.NEWEST_DISPUTES, 0, "newest")
    links = [(p, q) for p, q, _ in _page_links(at) if q.startswith("dispute=")]
    assert links == [("contradictions", f"dispute={d.dispute_id}") for d in newest] and links
    claims = _table(at, "Quote")
    assert len(claims) == overview.NEWEST_CLAIMS
    assert all(link.startswith("contradictions?claim=") for link in claims["Claim"])
    texts = _texts(at)
    last = next(t for t in texts if t.startswith("Last run: "))
    assert last.startswith("Last run: extract, ok, started ") and "claims" in last
    assert not any("{" in t for t in texts)  # no raw JSON counters


def test_url_state_helpers_round_trip():
    assert url_state.link("entities", entity="a b", empty="", none=None) == "entities?entity=a+b"
    assert url_state.link("contradictions") == "contradictions"
    assert url_state._text(date(2024, 9, 1)) == "2024-09-01" and url_state._text(0.6) == "0.6"


def test_dismissed_demo_pair_leaves_its_dispute(monkeypatch, demo_db, tmp_path):
    db = copy_database(demo_db, tmp_path / "demo.duckdb")
    at = _open(monkeypatch, db, DISPUTES)
    before = len(at.subheader)
    pair = reader.query(db, "SELECT * FROM contradictions WHERE attribute = 'power' AND subject = 'xAI Colossus'").records()[0]
    at.session_state[page.triage_key("open", pair["conflict_id"])] = True
    at.run()
    at.button(key=page.triage_key("dismiss", pair["conflict_id"])).click().run()
    assert not at.exception and not at.error
    assert len(at.subheader) == before - 1
    assert [s.value for s in at.success][0].startswith("Dismissed: xAI Colossus · power")


def test_a_figure_against_many_sources_draws_its_most_severe_rivals_and_counts_the_rest(monkeypatch, tmp_path):
    # one 300,000 against eight publishers' 100,000 (seven to draw past the cap): one dispute of eight pairs
    many = page.RIVALS_SHOWN + 3
    db = _build(tmp_path / "many.duckdb", [_article(1, "Outlier Weekly", QUOTE_HIGH, 300_000)] + [
        _article(n, f"Publisher {n}", f"{QUOTE_LOW} (report {n})", 100_000) for n in range(2, 2 + many)])
    at = _open(monkeypatch, db, DISPUTES)
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(f"disagrees with {many} sources" in c and c.endswith(", and 3 more") for c in captions)
    assert "3 less severe rivals not shown: the dispute's permalink lists more." in captions
    against = [m for m in at.metric if m.label == "Against"]
    assert len(against) == page.RIVALS_SHOWN
    # the permalink lists them all
    at = _open(monkeypatch, db, DISPUTES, dispute=_claim_id(db, QUOTE_HIGH))
    assert len([m for m in at.metric if m.label == "Against"]) == many
