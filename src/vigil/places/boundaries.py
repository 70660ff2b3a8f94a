"""Iran's province boundaries (Natural Earth, public domain) for maps.

Features carry `province_code`, the GeoNames admin1 code the gazetteer uses, so a count
per province joins to its shape without going through out-of-date ISO codes.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

BOUNDARIES_FILE = "iran_provinces.geojson"


@cache
def _boundaries_text() -> str:
    return resources.files("vigil.places.data").joinpath(BOUNDARIES_FILE).read_text("utf-8")


def province_boundaries() -> dict[str, Any]:
    """A fresh GeoJSON FeatureCollection of the 31 provinces (safe for the caller to modify)."""
    data: dict[str, Any] = json.loads(_boundaries_text())
    return data
