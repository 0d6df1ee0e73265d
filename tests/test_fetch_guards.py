"""The Fetcher's guards: bodies of unwanted types left unread, the SSRF guard on every address that is
not public (checked again on the connected socket), and charsets decoded as browsers do."""
from __future__ import annotations

import time

import pytest

from crawler.fetch import Fetcher, FetchSettings, decode_body
from crawler.urls import UnsafeURLError, check_url, host_of
from httpserver import Route
from test_crawler import ARTICLE, UA

HTML_ONLY = ("text/html", "application/xhtml+xml", "")  # what the crawler keeps of a page
FRENCH = "<p>Le supercalculateur consomme 2,5 mégawatts ; les données sont à Orsay.</p>"


# -- content types: stop after the headers ------------------------------------------------------

def test_a_body_of_an_unwanted_type_is_not_read(route_server):
    # a body that never ends: read at all, it would run into the 5 MiB cap
    url = route_server.route("/blob", Route(endless=True, content_type="application/octet-stream"))
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as fetcher:
        refused = fetcher.get(url, content_types=HTML_ONLY)
        read = fetcher.get(url)  # a caller that names no types gets the body, as before
    assert refused.error == "content_type: application/octet-stream"
    assert refused.status == 200 and refused.body == b"" and refused.content_type == "application/octet-stream"
    assert refused.elapsed_ms < 1000
    assert read.error == "too_large" and len(read.body) > 4 * 1024 * 1024


def test_a_slow_endless_body_of_an_unwanted_type_costs_no_time(route_server):
    url = route_server.route("/drip.bin", Route(endless=True, drip_s=0.05, content_type="application/pdf"))
    with Fetcher(FetchSettings(UA, allow_private_hosts=True, total_timeout_s=3.0)) as fetcher:
        started = time.monotonic()
        resp = fetcher.get(url, content_types=HTML_ONLY)
    assert resp.error == "content_type: application/pdf"
    assert time.monotonic() - started < 1.0


def test_wanted_types_match_whatever_the_case_and_parameters(route_server):
    url = route_server.route("/a.html", Route(ARTICLE, content_type="Text/HTML; Charset=UTF-8"))
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as fetcher:
        resp = fetcher.get(url, content_types=HTML_ONLY)
    assert resp.ok and resp.text() == ARTICLE


def test_error_statuses_and_redirects_are_not_judged_by_their_content_type(route_server):
    page = route_server.route("/a.html", Route(ARTICLE))
    hop = route_server.route("/hop", Route("moved", status=302, headers={"Location": page}, content_type="text/plain"))
    gone = route_server.route("/gone", Route("no such page", status=404, content_type="text/plain"))
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as fetcher:
        followed = fetcher.get(hop, content_types=HTML_ONLY)
        missing = fetcher.get(gone, content_types=HTML_ONLY)
    assert followed.ok and followed.final_url == page and followed.body == ARTICLE.encode()
    assert missing.error == "http_404"


# -- SSRF guard: every address that is not public ----------------------------------------------

@pytest.mark.parametrize("url", [
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://100.127.255.254/",
    "http://0.1.2.3/",  # "this network"
    "http://192.0.0.8/",  # IETF protocol assignments
    "http://198.18.0.1/",  # benchmarking
    "http://198.19.255.1/",
    "http://224.0.0.251/",  # multicast
    "http://239.255.255.250/",
    "http://[ff0e::1]/",
    "http://[::ffff:10.0.0.1]/",  # private IPv4 written as IPv6
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:100.64.0.1]/",
    "http://[64:ff9b::a00:1]/",  # 10.0.0.1 through NAT64
    "http://[2002:a00:1::]/",  # 10.0.0.1 through 6to4
    "http://[::a00:1]/",  # IPv4-compatible, deprecated
])
def test_addresses_that_are_not_public_are_refused(url):
    with pytest.raises(UnsafeURLError, match="private address"):
        check_url(url, allow_private_hosts=False)
    check_url(url, allow_private_hosts=True)


@pytest.mark.parametrize("url", [
    "http://8.8.8.8/",
    "https://[2606:4700:4700::1111]/",
    "http://[::ffff:8.8.8.8]/",
    "http://[64:ff9b::808:808]/",  # 8.8.8.8 through NAT64, as an IPv6-only network reaches it
])
def test_public_addresses_pass(url):
    check_url(url, allow_private_hosts=False)


def test_a_private_peer_is_refused_after_connecting_before_the_request_is_sent(route_server):
    # DNS rebinding: a name resolved to a public address for check_url, then to a private one when
    # httpx connects. Fetcher._one is what runs after the check passed; the socket's peer decides.
    url = route_server.route("/a.html", Route(ARTICLE))
    with Fetcher(FetchSettings(UA)) as fetcher:
        resp = fetcher._one(url, {}, time.monotonic(), lambda event, info: None)
    assert resp.error and resp.error.startswith("unsafe_url") and "private address (127.0.0.1)" in resp.error
    assert route_server.hits == []


def test_private_peers_still_serve_when_allowed(route_server):
    url = route_server.route("/a.html", Route(ARTICLE))
    for settings in (FetchSettings(UA, allow_private_hosts=True),
                     FetchSettings(UA, private_allowlist=frozenset({host_of(url)}))):
        with Fetcher(settings) as fetcher:
            resp = fetcher.get(url)
        assert resp.ok and resp.body == ARTICLE.encode()


# -- charsets ----------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"])
def test_utf8_mislabelled_as_a_western_charset_is_read_as_utf8(label):
    assert decode_body(FRENCH.encode("utf-8"), f"text/html; charset={label}") == FRENCH


def test_utf8_mislabelled_in_the_meta_tag_is_read_as_utf8():
    html = f"<html><head><meta charset='iso-8859-1'></head><body>{FRENCH}</body></html>"
    assert decode_body(html.encode("utf-8"), "text/html") == html


@pytest.mark.parametrize("label, encoding", [("iso-8859-1", "latin-1"), ("windows-1252", "cp1252")])
def test_a_correct_western_label_still_wins(label, encoding):
    text = FRENCH + "<p>« L’équipe » — 15 €</p>" if encoding == "cp1252" else FRENCH
    assert decode_body(text.encode(encoding), f"text/html; charset={label}") == text


@pytest.mark.parametrize("bom, encoding", [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
], ids=["utf-8", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("content_type", ["text/html; charset=iso-8859-1", "text/html; charset=utf-8", "text/html"])
def test_a_byte_order_mark_wins_over_the_header(bom, encoding, content_type):
    assert decode_body(bom + FRENCH.encode(encoding), content_type) == FRENCH


def test_undecodable_bytes_after_a_bom_are_replaced():
    body = b"\xef\xbb\xbf" + FRENCH.encode("utf-8").replace(b"Orsay", b"Ors\xffy")
    assert decode_body(body, "text/html; charset=iso-8859-1") == FRENCH.replace("Orsay", "Ors\ufffdy")


def test_a_fetched_page_mislabelled_latin1_reads_as_utf8(route_server):
    url = route_server.route("/fr.html", Route(FRENCH.encode("utf-8"), content_type="text/html; charset=ISO-8859-1"))
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as fetcher:
        resp = fetcher.get(url)
    assert "mégawatts" in resp.text() and "données" in resp.text() and "Ã" not in resp.text()
