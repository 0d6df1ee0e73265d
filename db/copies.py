"""Which stored page a new page copies: the same canonical URL or text, or a SimHash within
NEAR_DUPLICATE_BITS bits. The one place these rules live: db.writer builds an index from the few
stored pages that can match a batch (same URL, text hash or SimHash band) and the batch itself."""
from __future__ import annotations

from collections import defaultdict

NEAR_DUPLICATE_BITS = 3  # pages whose SimHash differ in at most this many bits are copies of one story

_MASK = (1 << 64) - 1


def bands(h: int) -> list[int]:
    """The four 16-bit bands of a SimHash, high to low: two hashes within NEAR_DUPLICATE_BITS
    differing bits share at least one (pigeonhole)."""
    return [(h >> shift) & 0xFFFF for shift in (48, 32, 16, 0)]


class CopyIndex:
    """Fingerprints of stored pages, oldest first, and of the pages being stored after them."""

    def __init__(self, rows: list[tuple] = ()):
        self._by_url: dict[str, str] = {}
        self._by_text: dict[str, str] = {}
        self._bands: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        for url_hash, url, canonical, text_hash, simhash in rows:
            self.add(url_hash, url, canonical, text_hash, simhash)

    def add(self, url_hash: str, url: str, canonical: str | None, text_hash: str | None, simhash: int | None) -> None:
        """Remember a stored page; the first page with a text or canonical URL stays its original."""
        self._by_url.setdefault(url, url_hash)
        if canonical:
            self._by_url.setdefault(canonical, url_hash)
        if text_hash:
            self._by_text.setdefault(text_hash, url_hash)
        if simhash is not None:
            for band in enumerate(bands(simhash)):
                self._bands[band].append((url_hash, simhash))

    def find(self, url_hash: str, url: str, canonical: str | None, text_hash: str | None,
             simhash: int | None) -> tuple[str | None, str | None]:
        """(duplicate_of, near_duplicate_of) for a page about to be stored."""
        if canonical and canonical != url:
            dup = self._by_url.get(canonical)
            if dup and dup != url_hash:
                return dup, None
        if text_hash:
            dup = self._by_text.get(text_hash)
            if dup and dup != url_hash:
                return dup, None
        if simhash is not None:
            for band in enumerate(bands(simhash)):
                for other, h in self._bands.get(band, ()):
                    if other != url_hash and bin((h ^ simhash) & _MASK).count("1") <= NEAR_DUPLICATE_BITS:
                        return None, other
        return None, None
