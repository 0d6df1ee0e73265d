"""Is a fetched page an article, a consent wall or a paywall teaser? Such pages are marked,
not stored as articles, so a cookie banner never becomes an article of ours."""
from __future__ import annotations

import json
import re


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
        except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict) and str(obj.get("isAccessibleForFree", "")).lower() in ("false", "0"):
                return True
    return False


_CANONICAL_TAG = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.IGNORECASE)
_OG_URL_TAG = re.compile(r"<meta\b[^>]*\bproperty\s*=\s*[\"']og:url[\"'][^>]*>", re.IGNORECASE)
_ATTR = {name: re.compile(rf"\b{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE) for name in ("href", "content")}


def declared_canonical(html: str) -> str | None:
    """rel=canonical, else og:url, as declared by the page."""
    # a tag scan of the head, not a second parse of the whole page: this runs for every page fetched
    head = html[:200_000]
    for tag_rx, attr in ((_CANONICAL_TAG, "href"), (_OG_URL_TAG, "content")):
        for tag in tag_rx.finditer(head):
            m = _ATTR[attr].search(tag.group(0))
            value = next((g for g in m.groups() if g is not None), "").strip() if m else ""
            if value.startswith(("http://", "https://")):
                return value
    return None
