"""Page metadata read from the tree the main text is extracted from: the same answers as parsing
the page's head on its own, the article's own date only, and the tree left as it was."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from extract import article_from_html, main_text
from extract.main_text import main_text_of_tree, parse_page
from extract.metadata import _declared_part, extract_metadata

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
BODY = ("<p>Operators of the new campus in the valley said on Monday that the first hall is running, "
        "with about 20,000 accelerators installed over the spring and a second hall due next year.</p>"
        "<p>The county approved a substation that will feed the site, after a review of the water plan "
        "that lasted most of the winter and drew comments from two neighbouring towns.</p>")


def page(head: str = "", body_extra: str = "", lang: str = ' lang="en-GB"') -> str:
    return (f"<!DOCTYPE html><html{lang}><head><meta charset='utf-8'>{head}</head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Hall one is running</h1>{BODY}</article>"
            f"{body_extra}<footer>© Example</footer></body></html>")


JSONLD = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Hall one is running", '
          '"datePublished": "2025-03-04T09:00:00Z", "author": {"name": "A. Writer"}, '
          '"publisher": {"name": "Valley Wire"}}</script>')
PAGES = {
    "json-ld in head": page(JSONLD),
    "json-ld in body": page("<title>Hall one | Valley Wire</title>", JSONLD),
    "opengraph": page('<meta property="og:title" content="Hall one"><meta property="og:site_name" content="Valley Wire">'
                      '<meta property="article:published_time" content="2025-02-01T08:00:00+01:00">'
                      '<link rel="canonical" href="https://valley.example/hall-one">'),
    "related block in body": page("<title>Hall one</title>",
                                  '<aside><meta property="article:published_time" content="2024-01-01">'
                                  '<meta name="author" content="Someone Else"><a href="/x">Older story</a></aside>'),
    "svg title in body": page("", '<svg><title>An icon</title></svg>'),
    "no lang, locale": page('<meta property="og:locale" content="fr_FR">', lang=""),
    "future date": page('<meta property="article:published_time" content="2031-01-01T00:00:00Z">'),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_shared_tree_gives_what_the_head_alone_gives(name):
    html = PAGES[name]
    assert extract_metadata(html, "https://valley.example/a", NOW, tree=parse_page(html)) == \
        extract_metadata(html, "https://valley.example/a", NOW)


def test_json_ld_in_the_body_is_the_articles_declaration():
    meta = extract_metadata(PAGES["json-ld in body"], None, NOW, tree=parse_page(PAGES["json-ld in body"]))
    assert (meta.title, meta.publisher, meta.author, meta.lang) == ("Hall one is running", "Valley Wire", "A. Writer", "en")
    assert meta.published_at == datetime(2025, 3, 4, 9, tzinfo=timezone.utc)


def test_declarations_in_a_related_block_are_not_the_articles():
    html = PAGES["related block in body"]
    meta = extract_metadata(html, None, NOW, tree=parse_page(html))
    assert meta.author is None and meta.title == "Hall one"


def test_a_future_date_is_never_the_publication_date():
    html = PAGES["future date"]
    assert extract_metadata(html, None, NOW, tree=parse_page(html)).published_at is None


def test_an_undeclared_date_is_found_on_the_shared_tree_and_the_tree_is_left_intact():
    html = page("<title>Hall one</title>", "").replace("<h1>", '<time datetime="2025-05-02">2 May 2025</time><h1>')
    tree = parse_page(html)
    meta = extract_metadata(html, None, NOW, tree=tree)
    assert meta.published_at == datetime(2025, 5, 2, tzinfo=timezone.utc)
    assert main_text_of_tree(tree, html) == main_text(html)


def test_an_article_is_the_same_from_one_parse():
    html = PAGES["opengraph"]
    art = article_from_html(html, "https://valley.example/a")
    assert art.text == main_text(html)
    assert (art.title, art.publisher, art.canonical_url, art.lang) == \
        ("Hall one", "Valley Wire", "https://valley.example/hall-one", "en")


def test_only_a_page_whose_body_declares_nothing_is_read_from_the_shared_tree():
    assert _declared_part(parse_page(PAGES["opengraph"])) is not None
    assert _declared_part(parse_page(PAGES["related block in body"])) is None
    assert _declared_part(parse_page(PAGES["svg title in body"])) is None


def test_a_year_written_in_the_body_is_no_publication_date():
    from extract.metadata import extract_metadata
    page = ("<html><head><title>How the centre grew</title></head><body><article><p>We deployed the first "
            "system in about 2011; its successor has been running since last winter.</p></article></body></html>")
    assert extract_metadata(page, "https://news.example/how-the-centre-grew").published_at is None


def test_a_date_in_the_markup_is_still_read_when_no_metadata_declares_one():
    from extract.metadata import extract_metadata
    page = ("<html><head><title>Campus opens</title></head><body><article><time datetime=\"2025-09-24\">24 September "
            "2025</time><p>The campus opened today.</p></article></body></html>")
    assert extract_metadata(page, "https://news.example/campus-opens").published_at.date().isoformat() == "2025-09-24"
