"""The report page: self-contained, labelled synthetic, charts drawn from the figures."""

from __future__ import annotations

import re
from typing import Any

from vigil.places import Gazetteer
from vigil.statement.charts import ClaimBar, claims_chart, timeline
from vigil.statement.html import render_html


def _payload(synthetic: bool) -> dict[str, Any]:
    gaz = Gazetteer.load()
    tehran = gaz.find_places("Tehran")[0]
    shiraz = gaz.find_places("Shiraz")[0]
    cities = {
        str(c.id): {
            "name_en": c.name_en,
            "name_fa": c.name_fa,
            "province": c.province,
            "lat": c.lat,
            "lon": c.lon,
        }
        for c in (tehran, shiraz)
    }
    return {
        "title": "Toll statement",
        "synthetic": synthetic,
        "created": "2020-01-01T00:00:00+00:00",
        "vigil_version": "0.1.0",
        "scope": {"description": "deaths in all provinces"},
        "figures": {
            "persons_in_scope": 12,
            "by_grade": {"confirmed": 2, "fair": 3, "weak": 6, "contested": 0, "discounted": 1},
            "documented_floor": 5,
            "documented_total": 11,
            "by_province": {tehran.province: 7, shiraz.province: 4},
            "floor_by_province": {tehran.province: 3, shiraz.province: 2},
            "by_city": {str(tehran.id): 7, str(shiraz.id): 3, "unknown": 1},
            "by_day": {"2019-11-16": 8, "2019-11-18": 2},
            "day_unknown": 1,
            "by_sex": {"male": 10, "female": 1},
            "by_age_group": {"0-17": 1, "18-29": 6, "30-49": 3, "50+": 0, "unknown": 1},
            "by_age_sex": {
                "0-17": {"male": 1},
                "18-29": {"male": 5, "female": 1},
                "30-49": {"male": 3},
                "50+": {},
                "unknown": {"male": 1},
            },
        },
        "places": {"provinces": {}, "cities": cities, "credit": "GeoNames (geonames.org)"},
        "estimate": {
            "method": "chao",
            "estimate": 20.0,
            "lower": 14.0,
            "upper": 31.0,
            "level": 0.95,
            "lists": ["A", "B", "C"],
            "refusal": None,
            "settings": {},
        },
        "claims": [
            {
                "actor": "Ministry",
                "kind": "official",
                "date": "2020-01-01",
                "figure": 4,
                "figure_min": 3,
                "figure_max": 5,
                "label": "below the documented floor",
                "reason": "4 is fewer than 5",
                "scope": "deaths",
                "citation": "press",
            }
        ],
    }


def test_synthetic_banner_only_for_synthetic_data() -> None:
    assert "SYNTHETIC DATA" in render_html(_payload(True))
    assert "SYNTHETIC" not in render_html(_payload(False))


def test_page_is_self_contained() -> None:
    page = render_html(_payload(True))
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    refs = set(re.findall(r"https?://[^\s\"'<]+", page))
    assert refs <= {"http://www.w3.org/2000/svg"}


def test_map_draws_one_circle_per_placed_city_and_all_provinces() -> None:
    page = render_html(_payload(True))
    svg_map = page[page.index("<h2>Where</h2>") : page.index("<h2>When</h2>")]
    assert svg_map.count("<circle") == 2
    assert svg_map.count("<path") == 31
    assert "1 documented victim(s) without a known city" in svg_map


def test_timeline_bars_match_days() -> None:
    svg = timeline({"2019-11-16": 8, "2019-11-18": 2})
    assert svg.count("<rect") == 2 and "2019-11-16: 8" in svg


def test_claims_chart_shows_floor_total_estimate_and_each_claim() -> None:
    svg = claims_chart(
        [ClaimBar("A", 100), ClaimBar("B", 2000, 1500, 2500)],
        floor=50, documented=120, lower=300.0, upper=900.0, estimate=500.0,
    )  # fmt: skip
    for text in ("Documented floor", "Documented total", "estimate 500 [300–900]", ">2,000<"):
        assert text in svg
    assert svg.count("<rect") == 5  # estimate band + floor + total + two claims
