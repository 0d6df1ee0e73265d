"""URL canonicalisation: one article, one URL, one page key, however a feed spells the link."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crawler.urls import canonical_url, host_of
from hypothesis_setup import COMMON


@pytest.mark.parametrize("given_url, canonical", [
    # IPv6 literals keep their brackets, with or without a port
    ("https://[2606:4700::1111]/x", "https://[2606:4700::1111]/x"),
    ("https://[2606:4700::1111]:443/x", "https://[2606:4700::1111]/x"),
    ("http://[2606:4700::1111]:8080/x", "http://[2606:4700::1111]:8080/x"),
    ("https://[2606:4700:0:0::1111]/x", "https://[2606:4700::1111]/x"),
    # percent-encoding: unreserved characters unescaped, escapes upper-case, raw non-ASCII escaped as UTF-8
    ("https://news.example/a%7eb/%c3%a9t%c3%a9", "https://news.example/a~b/%C3%A9t%C3%A9"),
    ("https://news.example/actualité/été 2025", "https://news.example/actualit%C3%A9/%C3%A9t%C3%A9%202025"),
    ("https://news.example/p?q=%c3%a9", "https://news.example/p?q=%C3%A9"),
    # internationalised host names in their ASCII (punycode) form, the one DNS and httpx use
    ("https://Bücher.Example/x", "https://xn--bcher-kva.example/x"),
    ("https://xn--bcher-kva.example/x", "https://xn--bcher-kva.example/x"),
    # query order does not matter; tracking parameters go, whatever their case
    ("https://news.example/p?b=2&a=1", "https://news.example/p?a=1&b=2"),
    ("https://news.example/p?utm_source=x&id=7&FBCLID=y&page=2", "https://news.example/p?id=7&page=2"),
    # what canonicalisation always did
    ("HTTPS://News.Example.:443/a#comments", "https://news.example/a"),
    ("http://news.example", "http://news.example/"),
])
def test_canonical_forms(given_url, canonical):
    assert canonical_url(given_url) == canonical
    assert canonical_url(canonical) == canonical


def test_the_ipv6_host_is_the_politeness_unit():
    assert host_of("https://[2606:4700::1111]/x") == "[2606:4700::1111]"
    assert host_of("http://[::1]:8080/x") == "[::1]:8080"


_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_segment = st.from_regex(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%20|%2F|%C3%A9){1,12}", fullmatch=True).filter(
    lambda s: s not in (".", ".."))
_param = st.tuples(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True),
                   st.text(alphabet="abcXYZ019._~*+-/: é&=?#%", max_size=8))


@COMMON
@given(st.sampled_from(["http", "https"]), st.lists(_label, min_size=2, max_size=4),
       st.sampled_from(["", ":8080"]), st.lists(_segment, max_size=5), st.booleans(),
       st.lists(_param, max_size=4, unique_by=lambda kv: kv[0]))
def test_an_already_canonical_url_keeps_its_spelling_and_so_its_page_key(scheme, labels, port, segments, slash, params):
    """Page keys are hashes of canonical URLs: every URL the earlier canonicalisation stored with
    an ASCII host, a plain path and a query in order (almost every news URL) is unchanged."""
    params = [(k, v) for k, v in sorted(params) if not k.startswith(("utm_", "mc_", "pk_", "mtm_"))]
    path = "/" + "/".join(segments) + ("/" if slash and segments else "")
    assume(not path.endswith(";"))  # an empty ;params at the end is dropped: the one spelling that changes
    query = urlencode(params)  # as the earlier canonicalisation wrote every query
    url = f"{scheme}://{'.'.join(labels)}{port}{path}" + (f"?{query}" if query else "")
    assert canonical_url(url) == url
