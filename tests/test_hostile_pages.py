"""Pages that try to hurt the crawler or the extractor: 50 MB of HTML, binary served as HTML,
markup nested 100,000 deep, broken UTF-8, a gzip bomb for a sitemap, a server that never stops
trickling, redirects towards private addresses. Each costs one row with its reason; the run goes on."""
from __future__ import annotations

import gzip
import os
import zlib

import pytest

from crawler import Source
from crawler.fetch import Fetcher, FetchSettings, decode_body
from crawler.sitemaps import MAX_SITEMAP_BYTES, SitemapError, parse_sitemap
from crawler.urls import canonical_url, host_of
from db import connection, writer
from extract import article_from_html, extract_claims
from httpserver import Route
from infratrack.pipeline import run_extract
from test_crawler import ARTICLE, UA, crawl

STORY = ("<p>Jupiter, the first European exascale supercomputer, was inaugurated at Forschungszentrum Jülich "
         "on Friday. The system runs about 24,000 Nvidia GH200 superchips and draws 17 megawatts.</p>")
FRENCH = ("<html lang='fr'><head><meta charset='utf-8'><title>Jean Zay</title></head><body><article>"
          "<p>Le supercalculateur Jean Zay consomme désormais 2,5 mégawatts après son extension à Orsay.</p>"
          "<p>L'équipe prévoit d'ajouter {bad} des accélérateurs H100 d'ici à l'été prochain.</p>"
          "</article></body></html>")


def _rows(db_path, url: str) -> list[tuple]:
    with connection(db_path) as con:
        return con.execute("SELECT outcome, reason FROM fetches WHERE url = ?", [canonical_url(url)]).fetchall()


def test_a_50_mb_page_is_cut_while_streaming_and_the_run_goes_on(route_server, db_path):
    body = ("<html><body>" + "<p>" + "padding text " * 80 + "</p>\n") * 50_000
    assert len(body) > 50_000_000
    big = route_server.route("/huge.html", Route(body, chunked=True))
    good = route_server.route("/good.html", Route(ARTICLE))
    summary, pages, _ = crawl(db_path, [Source(big, "seed", big), Source(good, "seed", good)])
    assert pages == [canonical_url(good)]
    assert _rows(db_path, big) == [("error", "too_large")]
    assert summary.failures["too_large"] == 1
    # no Content-Length to refuse it up front: the cap stopped the download part way
    assert route_server.routes["/huge.html"].sent_bytes < len(body) // 2


@pytest.mark.parametrize("name, body", [
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(40_000)),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5000 /Filter /FlateDecode >>\nstream\n"
            + zlib.compress(os.urandom(30_000))),
    ("gzip", gzip.compress(ARTICLE.encode() * 50)),  # compressed twice by a broken server
    ("noise", os.urandom(100_000)),
])
def test_binary_served_as_html_is_detected_recorded_and_not_stored(route_server, db_path, name, body):
    url = route_server.route(f"/{name}.html", Route(body, content_type="text/html; charset=utf-8"))
    good = route_server.route("/good.html", Route(ARTICLE))
    summary, pages, _ = crawl(db_path, [Source(url, "seed", url), Source(good, "seed", good)])
    assert pages == [canonical_url(good)]
    [(outcome, reason)] = _rows(db_path, url)
    assert outcome == "skipped" and reason.startswith("binary_body") and "text/html" in reason
    assert summary.counts["binary_body"] == 1 and summary.failed == 0
    with connection(db_path) as con:
        assert con.execute("SELECT state FROM frontier WHERE url = ?", [canonical_url(url)]).fetchone() == ("skipped",)


def _nested(depth: int, tag: str = "div") -> str:
    return (f"<html lang='en'><head><title>Jupiter opens</title></head><body>{f'<{tag}>' * depth}{STORY}"
            f"{f'</{tag}>' * depth}</body></html>")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("tag", ["div", "span", "b"])
def test_markup_nested_100k_deep_keeps_its_text_and_claims(tag):
    html = _nested(100_000, tag)
    article = article_from_html(html, "https://hpc.example/jupiter")
    assert article is not None and article.title == "Jupiter opens"
    assert "24,000 Nvidia GH200 superchips" in article.text
    claims = extract_claims(article.text, article.lang, None, article.title)
    assert ("gpu_count", 24_000) in {(c.attribute, c.value) for c in claims}


@pytest.mark.timeout(120)
def test_deeply_nested_page_and_json_ld_go_through_crawl_and_extract(route_server, db_path):
    ld = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    deep = route_server.route("/deep.html", Route(_nested(100_000).replace("</head>", ld + "</head>")))
    good = route_server.route("/good.html", Route(ARTICLE))
    summary, pages, _ = crawl(db_path, [Source(deep, "seed", deep), Source(good, "seed", good)])
    assert sorted(pages) == sorted([canonical_url(deep), canonical_url(good)]) and summary.failed == 0
    result = run_extract(db_path)
    assert result.failed == 0 and result.articles == 2
    with connection(db_path) as con:
        values = con.execute("SELECT value FROM claims c JOIN articles a USING (article_id) WHERE a.url = ? "
                             "AND c.attribute = 'gpu_count'", [canonical_url(deep)]).fetchall()
    assert values == [(24_000,)]


def test_invalid_utf8_in_a_utf8_page_is_replaced_and_the_text_kept(route_server, db_path):
    body = FRENCH.encode("utf-8").replace(b"{bad}", b"\xff\xfe\xc3\x28")
    url = route_server.route("/jean-zay.html", Route(body, content_type="text/html; charset=utf-8"))
    crawl(db_path, [Source(url, "seed", url)])
    with connection(db_path) as con:
        page = next(writer.pages_to_extract(con))
    assert "désormais 2,5 mégawatts" in page.html and "prévoit" in page.html  # not mojibake from a guessed charset
    assert "\ufffd" in page.html
    run_extract(db_path)
    with connection(db_path) as con:
        text, lang = con.execute("SELECT text, lang FROM articles").fetchone()
        power = con.execute("SELECT value FROM claims WHERE attribute = 'power'").fetchall()
    assert "consomme désormais 2,5 mégawatts" in text and lang == "fr"
    assert power == [(2.5,)]


def test_a_legacy_charset_page_mislabelled_utf8_is_still_detected():
    text = ("<html><body><p>Le supercalculateur français consomme 150 mégawatts à Orsay, déjà "
            "l'un des plus gros sites d'Europe, précise l'équipe.</p></body></html>")
    decoded = decode_body(text.encode("cp1252"), "text/html; charset=utf-8")
    # no valid UTF-8 sequence at all: a charset is detected rather than every é replaced
    assert "\ufffd" not in decoded and "mégawatts" in decoded and "précise l'équipe" in decoded


def test_a_gzip_bomb_sitemap_is_refused(route_server, db_path):
    bomb = gzip.compress(b"<" + b" " * (MAX_SITEMAP_BYTES + 1_000_000), compresslevel=9)
    assert len(bomb) < 200_000
    with pytest.raises(SitemapError, match="too large"):
        parse_sitemap(bomb)
    url = route_server.route("/sitemap.xml.gz", Route(bomb, content_type="application/gzip"))
    summary, pages, fetches = crawl(db_path, [Source("s", "sitemap", url)])
    assert pages == [] and summary.failures["bad_sitemap"] == 1
    assert [(o, r.split(":")[0]) for k, o, r, u in fetches if k == "sitemap" and r] == [("error", "bad_sitemap")]


def test_a_server_that_trickles_forever_hits_the_total_time_limit(route_server, db_path):
    url = route_server.route("/drip.html", Route(endless=True, drip_s=0.05))
    good = route_server.route("/good.html", Route(ARTICLE))
    summary, pages, _ = crawl(db_path, [Source(url, "seed", url), Source(good, "seed", good)], total_timeout_s=1.0)
    assert pages == [canonical_url(good)]
    assert _rows(db_path, url) == [("error", "timeout_total")]


@pytest.mark.parametrize("target", [
    "http://localhost:{port}/inside.html",
    "http://[::1]:{port}/inside.html",
    "http://2130706433:{port}/inside.html",  # 127.0.0.1 written as one number
    "http://0.0.0.0:{port}/inside.html",
    "http://169.254.169.254/latest/meta-data/",  # a cloud metadata service
    "file:///etc/passwd",
    "gopher://127.0.0.1:{port}/_",
])
def test_every_redirect_hop_passes_the_ssrf_guard(route_server, other_server, target):
    # the start host is allow-listed (an intranet feed); where it redirects to is not
    other_server.route("/inside.html", Route(ARTICLE))
    port = other_server.base_url.rsplit(":", 1)[1]
    url = route_server.route("/hop", Route("", status=302, headers={"Location": target.format(port=port)}))
    with Fetcher(FetchSettings(UA, private_allowlist=frozenset({host_of(url)}))) as fetcher:
        resp = fetcher.get(url)
    assert resp.error and resp.error.startswith("unsafe_url"), resp.error
    assert other_server.hits == []


def test_a_refused_redirect_is_a_failure_row_in_a_crawl(route_server, other_server, db_path):
    inside = other_server.route("/inside.html", Route(ARTICLE))
    hop = route_server.route("/hop", Route("", status=301, headers={"Location": inside}))
    summary, pages, _ = crawl(db_path, [Source(hop, "seed", hop)], allow_private=False,
                              private_allowlist=frozenset({host_of(hop)}))
    assert pages == [] and other_server.hits == []
    [(outcome, reason)] = _rows(db_path, hop)
    assert outcome == "error" and reason.startswith("unsafe_url") and "private address" in reason
