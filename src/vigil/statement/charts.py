"""Inline SVG charts for the statement, drawn in Python so the report needs no scripts.

Each function returns one `<svg>` element as text. Output is deterministic (fixed number
formatting, sorted input), so a re-rendered report is byte-identical.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

INK = "#222"
MUTED = "#777"
FLOOR = "#1b5e20"
TOTAL = "#2e7d32"
EST = "#1565c0"
CLAIM = "#8d6e63"
DOT = "#c62828"


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(w: int, h: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}" role="img" aria-label="{escape(label)}" font-family="sans-serif" '
        f'font-size="12">' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, s: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{escape(s)}</text>'


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


# --- map -------------------------------------------------------------------------------


def _rings(geom: Mapping[str, Any]) -> list[list[list[float]]]:
    if geom["type"] == "Polygon":
        return list(geom["coordinates"])
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["coordinates"] for ring in poly]
    return []


@dataclass(frozen=True)
class CityDot:
    name: str
    lat: float
    lon: float
    count: int


def iran_map(
    boundaries: Mapping[str, Any],
    by_province: Mapping[str, int],
    cities: Sequence[CityDot],
    *,
    width: int = 620,
) -> str:
    """Provinces shaded by documented count, a circle per city sized by its count."""
    feats = boundaries.get("features", [])
    pts = [pt for f in feats for ring in _rings(f["geometry"]) for pt in ring]
    if not pts:
        return _svg(width, 40, [_text(10, 25, "no boundaries available")], "map")
    lon0, lon1 = min(p[0] for p in pts), max(p[0] for p in pts)
    lat0, lat1 = min(p[1] for p in pts), max(p[1] for p in pts)
    k = math.cos(math.radians((lat0 + lat1) / 2))
    pad = 10
    scale = (width - 2 * pad) / ((lon1 - lon0) * k)
    height = int((lat1 - lat0) * scale + 2 * pad + 24)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return pad + (lon - lon0) * k * scale, pad + (lat1 - lat) * scale

    top = max(by_province.values(), default=0) or 1
    body = []
    for f in sorted(feats, key=lambda f: str(f["properties"].get("province_code"))):
        code = str(f["properties"].get("province_code"))
        n = by_province.get(code, 0)
        shade = 0.06 + 0.5 * (n / top) if n else 0.0
        d = " ".join(
            "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in (xy(*p[:2]) for p in ring)) + "Z"
            for ring in _rings(f["geometry"])
        )
        name = escape(str(f["properties"].get("name_en", code)))
        body.append(
            f'<path d="{d}" fill="{DOT}" fill-opacity="{shade:.2f}" stroke="#999" '
            f'stroke-width="0.6"><title>{name}: {n:,}</title></path>'
        )
    cmax = max((c.count for c in cities), default=1)
    rmax = 26.0
    ordered = sorted(cities, key=lambda c: (-c.count, c.name))
    for c in ordered:
        x, y = xy(c.lon, c.lat)
        r = max(2.0, rmax * math.sqrt(c.count / cmax))
        body.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{DOT}" fill-opacity="0.45" '
            f'stroke="{DOT}" stroke-width="0.8"><title>{escape(c.name)}: {c.count:,}</title>'
            "</circle>"
        )
    placed: list[tuple[float, float]] = []
    for c in ordered[:12]:
        x, y = xy(c.lon, c.lat)
        ly = y - 4 - rmax * math.sqrt(c.count / cmax)
        if any(abs(x - px) < 70 and abs(ly - py) < 14 for px, py in placed):
            continue  # keep labels from overlapping; the circle's tooltip still names it
        placed.append((x, ly))
        body.append(_text(x, ly, f"{c.name} {c.count:,}", "middle", font_size="11", fill=INK))
    body.append(
        _text(
            pad,
            height - 6,
            "circle area: documented dead by city; shading: by province",
            fill=MUTED,
            font_size="11",
        )
    )
    return _svg(width, height, body, "map of Iran with the documented dead by city")


# --- timeline --------------------------------------------------------------------------


def timeline(by_day: Mapping[str, int], *, width: int = 620, height: int = 200) -> str:
    """Documented dead per day (days known to the day only)."""
    import datetime as dt

    if not by_day:
        return _svg(width, 30, [_text(4, 20, "no deaths dated to the day", fill=MUTED)], "timeline")
    days = sorted(dt.date.fromisoformat(d) for d in by_day)
    first, last = days[0], days[-1]
    span = (last - first).days + 1
    left, bottom, top = 40, 30, 12
    plot_w, plot_h = width - left - 10, height - bottom - top
    ymax = _nice_max(max(by_day.values()))
    bw = plot_w / span
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        f'stroke="{INK}"/>'
    ]
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - frac)
        body.append(_text(left - 4, y + 4, f"{ymax * frac:,.0f}", "end", fill=MUTED))
    for d, n in sorted(by_day.items()):
        i = (dt.date.fromisoformat(d) - first).days
        h = plot_h * n / ymax
        body.append(
            f'<rect x="{_n(left + i * bw + 0.5)}" y="{_n(top + plot_h - h)}" '
            f'width="{_n(max(bw - 1, 1))}" height="{_n(h)}" fill="{DOT}">'
            f"<title>{d}: {n:,}</title></rect>"
        )
    step = max(1, math.ceil(span / 8))
    for i in range(0, span, step):
        day = first + dt.timedelta(days=i)
        body.append(_text(left + (i + 0.5) * bw, height - 12, day.strftime("%d %b"), "middle"))
    return _svg(width, height, body, "documented dead by day")


# --- horizontal bars -------------------------------------------------------------------


def age_sex_bars(by_age_sex: Mapping[str, Mapping[str, int]], *, width: int = 620) -> str:
    """Documented dead by age group, split by sex (stacked)."""
    colors = {"male": "#5c6bc0", "female": "#ec407a", "unknown": "#bdbdbd"}
    groups = list(by_age_sex)
    totals = [sum(by_age_sex[g].values()) for g in groups]
    xmax = _nice_max(max(totals, default=0))
    left, row = 70, 26
    height = row * len(groups) + 40
    plot_w = width - left - 60
    body = []
    for i, g in enumerate(groups):
        y = 8 + i * row
        body.append(_text(left - 6, y + 15, g, "end"))
        x = float(left)
        for sex in ("male", "female", "unknown"):
            n = by_age_sex[g].get(sex, 0)
            if not n:
                continue
            w = plot_w * n / xmax
            body.append(
                f'<rect x="{_n(x)}" y="{y}" width="{_n(w)}" height="{row - 6}" '
                f'fill="{colors[sex]}"><title>{escape(g)}, {sex}: {n:,}</title></rect>'
            )
            x += w
        body.append(_text(x + 4, y + 15, f"{totals[i]:,}", fill=MUTED))
    ly = height - 12
    lx = left
    for sex, col in colors.items():
        body.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{col}"/>')
        body.append(_text(lx + 16, ly, sex))
        lx += 90
    return _svg(width, height, body, "documented dead by age group and sex")


def grade_bar(by_grade: Mapping[str, int], *, width: int = 620) -> str:
    """One stacked bar of persons in scope by grade."""
    colors = {
        "confirmed": FLOOR,
        "fair": "#66bb6a",
        "weak": "#ffca28",
        "contested": "#ef6c00",
        "discounted": "#9e9e9e",
        "ungraded": "#e0e0e0",
    }
    total = sum(by_grade.values()) or 1
    body = []
    x = 0.0
    for g, n in by_grade.items():
        if not n:
            continue
        w = (width - 2) * n / total
        body.append(
            f'<rect x="{_n(x + 1)}" y="4" width="{_n(w)}" height="26" '
            f'fill="{colors.get(g, "#ccc")}"><title>{g}: {n:,}</title></rect>'
        )
        if w > 60:
            body.append(
                _text(
                    x + 1 + w / 2,
                    22,
                    f"{g} {n:,}",
                    "middle",
                    fill="#fff" if g in ("confirmed", "contested") else INK,
                )
            )
        x += w
    return _svg(width, 36, body, "persons by grade")


# --- claims against the evidence ---------------------------------------------------------


@dataclass(frozen=True)
class ClaimBar:
    label: str
    figure: int
    low: int | None = None
    high: int | None = None


def claims_chart(
    claims: Sequence[ClaimBar],
    *,
    floor: int,
    documented: int,
    lower: float | None,
    upper: float | None,
    estimate: float | None,
    width: int = 900,
) -> str:
    """Claims as bars on one axis with the documented floor, total and the estimate band."""
    left, row, top = 290, 26, 28
    height = top + row * (len(claims) + 3) + 30
    plot_w = width - left - 70
    values = [floor, documented, *(c.high or c.figure for c in claims)]
    if upper is not None:
        values.append(math.ceil(upper))
    xmax = _nice_max(max(values) * 1.05)

    def x(v: float) -> float:
        return left + plot_w * v / xmax

    bottom = top + row * (len(claims) + 2)
    body = []
    if lower is not None and upper is not None:
        body.append(
            f'<rect x="{_n(x(lower))}" y="{top - 8}" width="{_n(x(upper) - x(lower))}" '
            f'height="{bottom - top + 8}" fill="{EST}" fill-opacity="0.12"/>'
        )
    rows = [
        ("Documented floor (confirmed + fair)", floor, FLOOR, None, None),
        ("Documented total (all but discounted)", documented, TOTAL, None, None),
    ] + [(c.label, c.figure, CLAIM, c.low, c.high) for c in claims]
    for i, (label, v, col, lo, hi) in enumerate(rows):
        y = top + i * row
        body.append(_text(left - 8, y + 14, label, "end"))
        body.append(
            f'<rect x="{left}" y="{y + 2}" width="{_n(x(v) - left)}" height="{row - 10}" '
            f'fill="{col}"><title>{escape(label)}: {v:,}</title></rect>'
        )
        if lo is not None and hi is not None and hi > lo:
            yc = y + 2 + (row - 10) / 2
            body.append(
                f'<line x1="{_n(x(lo))}" y1="{_n(yc)}" x2="{_n(x(hi))}" y2="{_n(yc)}" '
                f'stroke="{INK}" stroke-width="2"/>'
            )
        body.append(_text(x(max(v, hi or 0)) + 4, y + 14, f"{v:,}", fill=INK))
    for v, col, dash in ((floor, FLOOR, "4,3"), (documented, TOTAL, "2,2")):
        body.append(
            f'<line x1="{_n(x(v))}" y1="{top - 8}" x2="{_n(x(v))}" y2="{bottom}" stroke="{col}" '
            f'stroke-dasharray="{dash}"/>'
        )
    if estimate is not None:
        body.append(
            f'<line x1="{_n(x(estimate))}" y1="{top - 8}" x2="{_n(x(estimate))}" y2="{bottom}" '
            f'stroke="{EST}" stroke-width="2"/>'
        )
        body.append(
            _text(
                x(estimate),
                top - 12,
                f"estimate {estimate:,.0f} [{lower:,.0f}–{upper:,.0f}]",
                "middle",
                fill=EST,
            )
        )
    body.append(
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" stroke="{INK}"/>'
    )
    for frac in (0, 0.25, 0.5, 0.75, 1.0):
        body.append(_text(x(xmax * frac), bottom + 16, f"{xmax * frac:,.0f}", "middle", fill=MUTED))
    return _svg(width, height + 4, body, "claims against the documented floor and the estimate")


# --- linkage range ---------------------------------------------------------------------


def linkage_chart(estimate: Mapping[str, Any], *, width: int = 620) -> str:
    """The main estimate with its interval, and each linkage variant's point estimate
    (thresholds and drawn clusterings), on one axis: how much the total moves with linkage."""
    link = estimate.get("linkage") or {}
    variants = [v for v in link.get("variants", []) if v.get("estimate") is not None]
    if estimate.get("estimate") is None and not variants:
        return ""
    values = [float(v["estimate"]) for v in variants]
    for k in ("estimate", "lower", "upper"):
        if estimate.get(k) is not None:
            values.append(float(estimate[k]))
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or max(hi * 0.05, 1.0)
    lo, hi = max(0.0, lo - pad), hi + pad
    left, right = 150, width - 20
    rows = 1 + len(variants)
    height = 40 + rows * 16

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    body = []
    y = 24
    if estimate.get("estimate") is not None:
        if estimate.get("lower") is not None and estimate.get("upper") is not None:
            x0, x1 = x(float(estimate["lower"])), x(float(estimate["upper"]))
            body.append(
                f'<rect x="{_n(x0)}" y="{_n(y - 5)}" width="{_n(max(x1 - x0, 1))}" '
                f'height="10" fill="#bbdefb"/>'
            )
        body.append(
            f'<circle cx="{_n(x(float(estimate["estimate"])))}" cy="{_n(y)}" r="4" fill="{DOT}"/>'
        )
        body.append(_text(left - 8, y + 4, "estimate (interval)", "end"))
    for v in variants:
        y += 16
        body.append(f'<circle cx="{_n(x(float(v["estimate"])))}" cy="{_n(y)}" r="3" fill="#555"/>')
        body.append(_text(left - 8, y + 4, str(v["name"]), "end"))
    axis_y = height - 10
    body.append(
        f'<line x1="{left}" y1="{axis_y - 6}" x2="{right}" y2="{axis_y - 6}" stroke="#999"/>'
    )
    body.append(_text(left, axis_y + 4, f"{lo:,.0f}", "start"))
    body.append(_text(right, axis_y + 4, f"{hi:,.0f}", "end"))
    return _svg(width, height, body, "The estimate under other linkages")
