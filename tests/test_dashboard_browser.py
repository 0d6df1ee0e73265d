"""The dashboard served by `streamlit run` and driven in Debian's chromium through Playwright."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from db.connection import open_db
from db.records import ArticleRecord, ClaimRecord
from db.writer import save_extraction
from streamlit_server import streamlit_app
from test_dashboard import DEMO_QUOTE, DEMO_SOURCES, build_demo_database, copy_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 1000}

HOSTILE = "<script>alert(1)</script> **x**"
HOSTILE_URL = "javascript:alert(1)"
HOSTILE_PUBLISHER = "Evil <img src=x onerror=alert(2)> Press"
# A second article whose payloads set a flag instead of opening a dialog: a script that ran
# would leave window.__pwned behind even if no alert is ever shown
PWNED = "window.__pwned"
FLAG_TITLE = f'<img src=x onerror="{PWNED}=1">Colossus expands'
FLAG_QUOTE = f"<script>{PWNED}=2</script> Colossus adds 20,000 H100 GPUs, says <svg onload={PWNED}=4>."
FLAG_URL = f"javascript:{PWNED}=3"
FOOTER = "Read from"  # dashboard.data.footer: the last element of every page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; CI installs it)"
)]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo database shared with test_dashboard.py (built once per session)."""
    return build_demo_database(tmp_path_factory)


def _add_hostile_article(path: Path) -> None:
    """Articles whose title, quote, publisher and URL try to inject script, contradicting the demo's Colossus figures."""
    con = open_db(path)
    try:
        # 10,000 and 20,000 H100 in the same week as the demo's 100,000 and 200,000: contradictions with each
        for aid, title, quote, publisher, url, value, day in (
                ("hostile-article", HOSTILE, HOSTILE, HOSTILE_PUBLISHER, HOSTILE_URL, 10_000, 4),
                ("flag-article", FLAG_TITLE, FLAG_QUOTE, f"<b onmouseover={PWNED}=5>Wire</b>", FLAG_URL, 20_000, 5)):
            text = f"Intro. {quote} Closing."
            start = text.index(quote)
            article = ArticleRecord(
                article_id=aid, url=url, text=text, publisher=publisher, content_hash=aid, extractor_version="test",
                title=title, published_at=datetime(2024, 9, day, tzinfo=timezone.utc), lang="en",
            )
            claim = ClaimRecord(
                subject="xAI Colossus", attribute="gpu_count", unit="count", modality="actual", quote=quote,
                start=start, end=start + len(quote), extractor_version="test", entity_id="xai-colossus",
                hardware="H100", value=value, value_text=f"{value:,}", as_of=date(2024, 9, day), lang="en",
            )
            save_extraction(con, article, [claim])
    finally:
        con.close()  # the server must be able to open the file


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    """`streamlit run dashboard/app.py` on a copy of the demo database with the hostile article; yields its URL."""
    work = tmp_path_factory.mktemp("browser")
    db = copy_database(demo_db, work / "hostile.duckdb")
    _add_hostile_article(db)
    with streamlit_app(db, work / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records any dialog (alert, confirm ...) a script opens."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(PAGE_TIMEOUT_MS)
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def _open(page, url: str, ready: str | None = None) -> float:
    """Go to URL, wait for the footer (and the READY selector), return ms from navigation start."""
    page.goto(url, wait_until="domcontentloaded")
    return _settle(page, ready)


def _settle(page, ready: str | None = None) -> float:
    page.get_by_text(FOOTER).last.wait_for(state="visible")
    if ready:
        page.locator(ready).last.wait_for(state="visible")
    return page.evaluate("performance.now()")


def _see(locator) -> None:
    """Wait until one element of LOCATOR is visible (others may be hidden copies)."""
    locator.filter(visible=True).first.wait_for(timeout=5_000)


def _check(page, shot: Path, elapsed_ms: float, name: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, f"{name}: Streamlit shows an exception"
    # Streamlit scrolls inside its main container, so full_page alone stops at the viewport:
    # grow the viewport to the content for the shot, then restore it.
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height, VIEWPORT["height"]), 6000)})
    page.wait_for_timeout(300)  # let the charts and tables re-lay out at the new size
    page.screenshot(path=str(shot), full_page=True)
    page.set_viewport_size(VIEWPORT)
    print(f"\n[browser] {name}: rendered in {elapsed_ms:,.0f} ms (navigation start to last element)")


def _assert_no_script_ran(page) -> None:
    # several elements carry the text, some hidden (a selectbox's input ...): one visible is enough
    page.get_by_text("<script>alert(1)</script>", exact=False).filter(visible=True).first.wait_for(timeout=5_000)
    assert page.dialogs == [], f"a dialog fired: {page.dialogs}"
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], hrefs
    # nothing from the article became an element: no script or img carrying its payload
    assert page.locator("script:has-text('alert(1)')").count() == 0
    assert page.locator("img[src='x']").count() == 0


def test_every_page_renders_in_chromium(server, page, tmp_path):
    elapsed = _open(page, f"{server}/", '[data-testid="stMetric"]')
    page.get_by_text("Source health").wait_for()
    _see(page.get_by_text("Publishers"))
    _check(page, tmp_path / "overview.png", elapsed, "Overview")

    elapsed = _open(page, f"{server}/contradictions", '[data-testid="stText"]')
    _see(page.get_by_text(DEMO_QUOTE, exact=True))
    _see(page.get_by_text(HOSTILE, exact=True))
    # a claim's facts are lines of one text element
    _see(page.get_by_text(f"Publisher: {HOSTILE_PUBLISHER}"))
    _see(page.get_by_text(f"Article (not a web link): {HOSTILE_URL}"))
    _assert_no_script_ran(page)
    _check(page, tmp_path / "contradictions.png", elapsed, "Contradictions")

    # charts draw after the script ends: wait for Vega's canvas or SVG as well
    elapsed = _open(page, f"{server}/entities",
                    '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 3  # a timeline per attribute, and attention
    _see(page.get_by_text("Current figures"))
    _check(page, tmp_path / "entities.png", elapsed, "Entities")

    elapsed = _open(page, f"{server}/articles", "mark")
    search = page.get_by_role("textbox", name="Search titles and text")
    search.fill("alert(1)")
    search.press("Enter")
    title = page.locator(".infratrack-title")
    title.filter(has_text=HOSTILE).wait_for()
    elapsed_search = _settle(page, "mark")
    assert title.inner_text() == HOSTILE  # the title, literally
    assert page.locator("mark").first.inner_text() == HOSTILE  # the claim, highlighted and literal
    _see(page.get_by_text(f"Article (not a web link): {HOSTILE_URL}"))
    _assert_no_script_ran(page)
    _check(page, tmp_path / "articles.png", elapsed, "Articles")
    print(f"[browser] Articles search: results shown {elapsed_search - elapsed:,.0f} ms after the first render")

    elapsed = _open(page, f"{server}/sql", "textarea")
    page.get_by_role("button", name="Run").click()
    page.get_by_text("1 row.").wait_for()
    page.get_by_role("button", name="Download CSV").wait_for()
    _check(page, tmp_path / "sql.png", elapsed, "SQL")

    elapsed = _open(page, f"{server}/sources", '[data-testid="stDataFrame"]')
    _see(page.get_by_text(f"{len(DEMO_SOURCES)} sources, {len(DEMO_SOURCES)} enabled."))
    _check(page, tmp_path / "sources.png", elapsed, "Sources")
    print(f"[browser] screenshots in {tmp_path}")


def _assert_inert(page, where: str) -> None:
    """Nothing the articles supplied ran or became a link, on the page as it stands."""
    page.wait_for_timeout(500)  # give a script, an onerror or an onload the time to fire
    assert page.dialogs == [], f"{where}: a dialog fired: {page.dialogs}"
    assert page.evaluate(PWNED) is None, f"{where}: an article's script ran ({PWNED} = {page.evaluate(PWNED)})"
    hrefs = page.eval_on_selector_all("[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if "javascript:" in h.lower().replace(" ", "")], f"{where}: {hrefs}"
    assert page.locator("img[src='x'], svg[onload], [onerror], [onmouseover]").count() == 0, where


def test_article_supplied_text_never_runs_or_links(server, page):
    page.add_init_script(f"{PWNED} = null;")  # defined but empty: a payload that ran would set it

    _open(page, f"{server}/contradictions", '[data-testid="stText"]')
    _see(page.get_by_text(FLAG_QUOTE, exact=True))
    _see(page.get_by_text(f"Article (not a web link): {FLAG_URL}"))
    assert page.locator("a", has_text="javascript:").count() == 0  # shown as text, not as a link
    page.mouse.move(700, 400)  # hovering is how an onmouseover would fire
    _assert_inert(page, "Contradictions")

    _open(page, f"{server}/articles", "mark")
    search = page.get_by_role("textbox", name="Search titles and text")
    search.fill("20,000 H100")
    search.press("Enter")
    title = page.locator(".infratrack-title")
    title.filter(has_text=FLAG_TITLE).wait_for()
    assert title.inner_text() == FLAG_TITLE
    _see(page.get_by_text(f"Article (not a web link): {FLAG_URL}"))
    _assert_inert(page, "Articles")

    _open(page, f"{server}/entities", '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
    _assert_inert(page, "Entities")

    _open(page, f"{server}/sql", "textarea")
    query = page.get_by_role("textbox", name="Query")
    query.fill("SELECT title, url, publisher FROM articles WHERE article_id IN ('flag-article', 'hostile-article')")
    page.get_by_role("button", name="Run").click()
    page.get_by_text("2 rows.").wait_for()
    _assert_inert(page, "SQL")

    _open(page, f"{server}/", '[data-testid="stMetric"]')
    _assert_inert(page, "Overview")


def test_search_highlights_hits_and_survives_a_reload(server, page):
    page.add_init_script(f"{PWNED} = null;")
    _open(page, f"{server}/search")
    box = page.get_by_role("textbox", name="Search articles and quotes")
    box.fill("hyperion")
    box.press("Enter")
    page.get_by_text("2 articles match", exact=False).wait_for()
    marks = page.locator(".infratrack-hit mark")
    marks.first.wait_for()
    assert {m.inner_text() for m in marks.all()} == {"Hyperion"}
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'hyperion'")

    page.reload(wait_until="domcontentloaded")
    _settle(page, ".infratrack-hit mark")
    assert page.get_by_role("textbox", name="Search articles and quotes").input_value() == "hyperion"
    page.get_by_text("2 articles match", exact=False).wait_for()

    # a hit opens its article view, whose link carries the article's id
    page.locator(".infratrack-hit a").first.click()
    page.wait_for_url("**/articles?article=*")
    _settle(page, ".infratrack-title")
    page.get_by_text("Stored copy").wait_for()

    # the hostile article's words are found and shown literally, never run
    _open(page, f"{server}/search?q=alert", ".infratrack-hit mark")
    hit = page.locator(".infratrack-hit").filter(has_text="alert(1)").first
    assert "<script>alert(1)</script>" in hit.inner_text()
    _assert_inert(page, "Search")
