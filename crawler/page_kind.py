"""Is a fetched page an article, a consent wall or a paywall teaser? Such pages are marked,
not stored as articles, so a cookie banner never becomes an article of ours."""
from __future__ import annotations

import json
import re

from lxml import html as lxml_html
from lxml.etree import ParserError

ARTICLE, CONSENT_WALL, PAYWALL = "article", "consent_wall", "paywall"

_CONSENT_WORDS = re.compile(
    r"\b(?:cookies?|consent|consentement|accept\s+all|tout\s+accepter|accepter\s+et\s+fermer|privacy\s+choices|"
    r"vos\s+choix|partenaires|partners|GDPR|RGPD|TCF)\b", re.IGNORECASE)
_CMP_MARKERS = re.compile(r"didomi|onetrust|quantcast|sourcepoint|cookiebot|usercentrics|consentmanager|trustarc|"
                          r"sp_message|cmp-container|gdpr-consent|consent-wall|cookiewall", re.IGNORECASE)
_PAYWALL_MARKERS = re.compile(r"\b(?:paywall|subscriber-only|subscribers-only|premium-content|article-locked|"
                              r"reserved-subscribers|réservé aux abonnés|réservé à nos abonnés|subscribe to continue|"
                              r"subscribe to read|abonnez-vous pour lire|already a subscriber|déjà abonné)", re.IGNORECASE)
MIN_ARTICLE_WORDS = 120  # below this, a page with a wall marker holds no real article text


def page_kind(html: str, words: int) -> str:
    """article, consent_wall or paywall, from markers and how much text the page has."""
    head = html[:400_000]
    if words < MIN_ARTICLE_WORDS:
        if _CMP_MARKERS.search(head) and len(_CONSENT_WORDS.findall(head)) >= 3:
            return CONSENT_WALL
        if _PAYWALL_MARKERS.search(head) or _not_free(head):
            return PAYWALL
    elif _not_free(head) and _PAYWALL_MARKERS.search(head) and words < 2 * MIN_ARTICLE_WORDS:
        return PAYWALL
    return ARTICLE


def _not_free(html: str) -> bool:
    # schema.org's own paywall flag, the one publishers set for search engines
    for m in re.finditer(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", html, re.IGNORECASE | re.DOTALL):
        try:
            data = json.loads(m.group(1))
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict) and str(obj.get("isAccessibleForFree", "")).lower() in ("false", "0"):
                return True
    return False


def declared_canonical(html: str) -> str | None:
    """rel=canonical, else og:url, as declared by the page."""
    try:
        doc = lxml_html.fromstring(html[:400_000])
    except (ParserError, ValueError):
        return None
    for href in doc.xpath("//link[@rel='canonical']/@href") + doc.xpath("//meta[@property='og:url']/@content"):
        href = href.strip()
        if href.startswith(("http://", "https://")):
            return href
    return None
