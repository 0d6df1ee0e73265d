"""The Disputes and Entities pages in Debian's chromium: the dispute view, permalinks, and URL state
that survives a reload. Screenshots of the pages on the demo database go to $INFRATRACK_SHOTS (or a
temporary folder)."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from db import disputes
from db.reader import ContradictionFilter
from test_dashboard import build_demo_database, copy_database
from streamlit_server import streamlit_app
from test_dashboard_browser import CHROMIUM, FOOTER, VIEWPORT, browser, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; CI installs it)"
)]

CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
COLOSSUS_HIGH = "Colossus is already running 200,000 Nvidia H100 GPUs"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A private copy of the demo database."""
    work = tmp_path_factory.mktemp("disputes-browser")
    return copy_database(build_demo_database(tmp_path_factory), work / "demo.duckdb")


@pytest.fixture(scope="module")
def server(demo, tmp_path_factory):
    """`streamlit run dashboard/app.py` on the demo copy; yields its base URL."""
    log_path = tmp_path_factory.mktemp("disputes-log") / "streamlit.log"
    with streamlit_app(demo, log_path) as base:
        yield base


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go."""
    folder = Path(os.environ.get("INFRATRACK_SHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _settle(pg, ready: str | None = None) -> None:
    pg.get_by_text(FOOTER).last.wait_for(state="visible")
    if ready:
        pg.locator(ready).last.wait_for(state="visible")
    pg.wait_for_timeout(400)  # the URL is written by the same script run, just before the footer


def _shoot(pg, path: Path) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, f"{path.name}: Streamlit shows an exception"
    height = pg.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height, VIEWPORT["height"]), 6000)})
    pg.wait_for_timeout(400)
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size(VIEWPORT)


def _query(pg) -> dict[str, list[str]]:
    return parse_qs(urlsplit(pg.url).query)


def _visible(pg, text: str) -> int:
    return pg.get_by_text(text, exact=False).filter(visible=True).count()


def _local_only(pg, base: str) -> list[str]:
    """Every request the page makes, recorded so a test can check none leaves 127.0.0.1."""
    seen: list[str] = []
    pg.on("request", lambda request: seen.append(request.url))
    return seen


def test_dispute_view_groups_links_and_opens_claims(server, page, demo, shots):  # noqa: F811
    requests = _local_only(page, server)
    page.goto(f"{server}/contradictions", wait_until="domcontentloaded")
    _settle(page, CHART)

    page.get_by_role("heading", name="Disputes").first.wait_for()
    # the 200,000 figure two sources contradict: one card, its quote once
    assert _visible(page, COLOSSUS_HIGH) == 1
    assert _visible(page, "The figures are 50% apart where their rounding and the floor allow 5%") == 2
    assert page.locator('[data-testid="stVerticalBlockBorderWrapper"] h3, h3').filter(
        has_text="xAI Colossus · GPU count · H100").count() >= 1
    _shoot(page, shots / "disputes.png")

    # the permalink of that dispute: one card, the chart with the claim in focus
    high = next(d for d in disputes.dispute_page(demo, ContradictionFilter(), 10)[2] if d.claim["quote"].startswith(COLOSSUS_HIGH))
    page.locator(f'a[href*="dispute={high.dispute_id}"]').first.click()
    # Streamlit switches pages in the browser, without a new load: wait for the address instead
    page.wait_for_function(f"() => location.pathname.endsWith('/contradictions') && location.search === '?dispute={high.dispute_id}'")
    _settle(page, CHART)
    # the footer and chart of the list can still be on screen under load: wait for the dispute's own button
    page.get_by_role("button", name="All disputes").wait_for()
    assert _visible(page, COLOSSUS_HIGH) == 1
    assert page.get_by_role("button", name="All disputes").count() == 1
    _shoot(page, shots / "dispute.png")

    # a claim opens with its quote, its article and its stored copy
    rival = high.rivals[0]
    page.locator(f'a[href*="claim={rival["claim_id"]}"]').first.click()
    page.wait_for_function(f"() => location.search.includes('claim={rival['claim_id']}')")
    _settle(page)
    page.get_by_role("heading", name="Claim: xAI Colossus · GPU count · H100").wait_for()
    stored = page.locator(f'a[href*="article={rival["article_id"]}"]')
    assert stored.count() >= 1 and stored.first.get_attribute("href") == f"articles?article={rival['article_id']}"
    _shoot(page, shots / "claim.png")
    # reloading the page keeps both the dispute and the claim open
    page.reload(wait_until="domcontentloaded")
    _settle(page, CHART)
    assert _query(page) == {"dispute": [high.dispute_id], "claim": [rival["claim_id"]]}
    page.get_by_role("heading", name="Claim: xAI Colossus · GPU count · H100").wait_for()

    outside = [u for u in requests if not (u.startswith(server) or u.startswith(("data:", "blob:")))]
    assert outside == [], outside


def test_filters_and_entity_survive_a_reload(server, page, demo, shots):  # noqa: F811
    requests = _local_only(page, server)
    page.goto(f"{server}/contradictions", wait_until="domcontentloaded")
    _settle(page, CHART)
    before = page.locator("h3").filter(has_text=" · ").count()
    slider = page.get_by_role("slider").first
    slider.focus()
    for _ in range(11):  # 0.00 -> 0.55 in steps of 0.05: only the 60% Hyperion gap is left
        slider.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('min_severity=0.55')")
    strong = disputes.dispute_page(demo, ContradictionFilter(min_severity=0.55, statuses=("open", "confirmed")), 10)[0]
    shown = f"Showing disputes 1–{strong:,} of {strong:,} ("
    page.get_by_text(shown).wait_for()
    page.get_by_role("heading", name="Meta Hyperion · power").first.wait_for()
    page.wait_for_function(f"() => [...document.querySelectorAll('h3')].filter(h => h.innerText.includes(' · ')).length === {strong}")
    after = page.locator("h3").filter(has_text=" · ").count()
    assert after == strong < before

    page.reload(wait_until="domcontentloaded")
    _settle(page)
    assert _query(page)["min_severity"] == ["0.55"]
    assert page.locator('[data-testid="stSliderThumbValue"]').first.inner_text() == "0.55"
    page.get_by_role("heading", name="Meta Hyperion · power").first.wait_for()
    page.get_by_text(shown).wait_for()
    _settle(page)
    assert page.locator("h3").filter(has_text=" · ").count() == after

    page.goto(f"{server}/entities?entity=stargate", wait_until="domcontentloaded")
    _settle(page)
    page.get_by_role("heading", name="Stargate", exact=True).wait_for()
    _shoot(page, shots / "entity-stargate.png")
    page.locator('a[href*="entity=openai-stargate-abilene"]').first.click()
    page.wait_for_function("() => location.search.includes('entity=openai-stargate-abilene')")
    _settle(page)
    page.reload(wait_until="domcontentloaded")
    _settle(page)
    page.get_by_role("heading", name="OpenAI Stargate Abilene", exact=True).wait_for()

    page.goto(f"{server}/entities", wait_until="domcontentloaded")
    _settle(page, CHART)
    assert _query(page) == {"entity": ["xai-colossus"]}
    _shoot(page, shots / "entities.png")
    page.goto(f"{server}/", wait_until="domcontentloaded")
    _settle(page)
    page.get_by_role("heading", name="Newest disputes").wait_for()
    _shoot(page, shots / "overview.png")

    outside = [u for u in requests if not (u.startswith(server) or u.startswith(("data:", "blob:")))]
    assert outside == [], outside
