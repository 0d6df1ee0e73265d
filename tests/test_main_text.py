"""main_text keeps the article body of a page and drops the furniture around it."""
from __future__ import annotations

import pytest

from extract import main_text
from extract._ensemble import block_text, merge, overlap

PARAGRAPHS = [
    "The regional grid operator approved a new substation on Tuesday that will feed a data center "
    "campus planned on the edge of the old rail yard, ending a review that lasted nearly two years.",
    "Engineers told the board that the first phase would draw about 90 megawatts once the halls are "
    "filled, and that the cooling plant would reuse water from a treatment works across the river.",
    "Residents who spoke at the hearing were split: some welcomed the construction jobs, while others "
    "asked why the town should carry the noise of diesel generators that run during monthly tests.",
    "The developer said it would plant a screen of trees along the northern fence and publish the "
    "generator test schedule a week ahead, a promise the board wrote into the final permit.",
    "Construction is expected to start in the spring, with the first building handed over to its "
    "tenant eighteen months later if the transformer deliveries arrive on time.",
]

BOILERPLATE = [
    "We use cookies to improve your experience. Accept all cookies or manage your preferences.",
    "Subscribe to our newsletter for the best stories every morning",
    "Share this story on Facebook",
    "Five gadgets you will want this winter",
    "Why the price of coffee keeps climbing",
    "Great article, but what about the traffic on the bypass road?",
    "Advertisement: Luxury watches at half price this weekend only",
    "Home | Business | Technology | Sport | Weather",
]


def page(*, with_comments: bool = True) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    comments = f"""
      <section id="comments" class="comments"><h3>2 comments</h3>
        <div class="comment"><p>{BOILERPLATE[5]}</p></div>
        <div class="comment"><p>Reply from the editor: thanks, we will follow up.</p></div>
      </section>""" if with_comments else ""
    return f"""<!DOCTYPE html><html lang="en"><head><title>Substation approved</title>
      <script>var tracking = {{"id": 42}};</script><style>p {{ color: #222; }}</style></head>
      <body>
      <div id="cookie-banner" class="cookie-consent"><p>{BOILERPLATE[0]}</p><button>Accept</button></div>
      <header><nav class="main-nav"><a href="/">Home</a> | <a href="/b">Business</a> |
        <a href="/t">Technology</a> | <a href="/s">Sport</a> | <a href="/w">Weather</a></nav></header>
      <div class="ad-slot"><p>{BOILERPLATE[6]}</p></div>
      <main><article>
        <h1>Substation approved for rail-yard data center</h1>
        <div class="byline">By A. Reporter, 3 March 2024</div>
        <div class="share"><a href="#">{BOILERPLATE[2]}</a></div>
        {body}
        <div class="newsletter"><p>{BOILERPLATE[1]}</p></div>
      </article></main>
      <aside class="related"><h3>Related</h3><ul>
        <li><a href="/g">{BOILERPLATE[3]}</a></li><li><a href="/c">{BOILERPLATE[4]}</a></li></ul></aside>
      {comments}
      <footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer>
      </body></html>"""


def test_article_body_is_kept_in_order_with_paragraph_breaks():
    text = main_text(page(), "https://news.example.com/2024/03/substation")
    assert text is not None
    positions = [text.find(p) for p in PARAGRAPHS]
    assert all(pos >= 0 for pos in positions), text
    assert positions == sorted(positions)
    assert len([line for line in text.splitlines() if line.strip()]) >= len(PARAGRAPHS)


@pytest.mark.parametrize("with_comments", [True, False])
def test_boilerplate_around_the_article_is_dropped(with_comments):
    text = main_text(page(with_comments=with_comments))
    assert text is not None
    for junk in BOILERPLATE:
        assert junk not in text, junk
    assert "tracking" not in text and "color: #222" not in text
    assert "Copyright 2024" not in text


def test_embedded_post_in_a_blockquote_is_kept():
    quote = ("The new substation is the biggest change to our part of the grid in a decade, "
             "and we are glad the review is finally over.")
    html = page().replace(f"<p>{PARAGRAPHS[2]}</p>",
                          f'<p>{PARAGRAPHS[2]}</p><blockquote class="twitter-tweet"><p>{quote}</p></blockquote>')
    text = main_text(html)
    assert text is not None and quote in text and PARAGRAPHS[3] in text


@pytest.mark.parametrize("garbage", [
    "", "   \n\t ", "\x00\x00\x00", "<", "<html>", "<html><body></body></html>", "just some words",
    bytes(range(256)).decode("latin-1") * 20, "\ud800 lone surrogate <p>x</p>",
    "<div>" * 5000 + "deep" + "</div>" * 5000, "<table>" + "<tr><td>1</td></tr>" * 3000 + "</table>",
    None, b"<html><body><p>bytes are not a str</p></body></html>", 12345,
])
def test_garbage_returns_none_or_text_without_raising(garbage):
    result = main_text(garbage)  # type: ignore[arg-type]
    assert result is None or (isinstance(result, str) and result.strip())


def test_empty_and_markup_only_pages_give_none():
    assert main_text("") is None
    assert main_text("<html><head><title>t</title></head><body><div></div></body></html>") is None
    assert main_text("\x00" * 100) is None


def test_merge_drops_lines_the_other_extractor_does_not_back():
    base = "\n".join([PARAGRAPHS[0], BOILERPLATE[2], PARAGRAPHS[1], BOILERPLATE[1]])
    other = "\n".join([PARAGRAPHS[0], PARAGRAPHS[1], "A photo caption that only this one kept."])
    assert merge(base, other) == "\n".join(PARAGRAPHS[:2])


def test_merge_adds_back_a_long_run_the_base_missed():
    # the base stopped after two paragraphs; the other text goes on for several more
    more = [p.replace("the", "that") for p in PARAGRAPHS[2:]]
    other = "\n".join(PARAGRAPHS + more)
    assert merge("\n".join(PARAGRAPHS[:2]), other) == other
    # a lone caption-like sentence the base lacks is not enough to be taken
    assert merge("\n".join(PARAGRAPHS[:2]), "\n".join(PARAGRAPHS[:3])) == "\n".join(PARAGRAPHS[:2])


def test_overlap_and_block_text():
    import lxml.html
    assert overlap(PARAGRAPHS[0], PARAGRAPHS[0]) == 1.0
    assert overlap(PARAGRAPHS[0], PARAGRAPHS[1]) == 0.0
    root = lxml.html.fromstring("<div><p>one <b>two</b></p>three<ul><li>four</li><li>five</li></ul></div>")
    assert block_text(root) == "one two\nthree\nfour\nfive"
