"""Place names for display and the map, from the bundled gazetteer (`vigil.places`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from vigil.places import Gazetteer, Place
from vigil.places import province_boundaries as _boundaries


def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@cache
def provinces() -> dict[str, tuple[str, str]]:
    """GeoNames admin-1 code -> (English name, Persian name)."""
    return {code: (p.name_en, p.name_fa or p.name_en) for code, p in gazetteer().provinces.items()}


def cities() -> dict[int, Place]:
    return gazetteer().places


def province_name(code: str | None, lang: str) -> str:
    if not code:
        return "—"
    names = provinces().get(code)
    if names is None:
        return code
    return names[1] if lang == "fa" else names[0]


def city_name(city_id: int | None, lang: str) -> str:
    if city_id is None:
        return "—"
    place = cities().get(city_id)
    if place is None:
        return str(city_id)
    return (place.name_fa or place.name_en) if lang == "fa" else place.name_en


@cache
def province_boundaries() -> dict[str, Any]:
    """Natural Earth admin-1 polygons of Iran, keyed by `province_code` (GeoNames)."""
    return _boundaries()
