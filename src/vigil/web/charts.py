"""Charts drawn on the server as inline SVG: no JavaScript, no network, prints as it shows.

Each function takes plain numbers and labels and returns SVG markup; the page embeds it.
Coordinates are fixed to the left-to-right drawing even on Persian pages (labels are
still shaped and ordered right-to-left by the browser).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

FONT = 'font-family="Vazirmatn, Noto Sans Arabic, DejaVu Sans, sans-serif" font-size="12"'
COLORS = {
    "confirmed": "#1b5e20",
    "fair": "#43a047",
    "weak": "#f9a825",
    "contested": "#ef6c00",
    "discounted": "#9e9e9e",
    "ungraded": "#90a4ae",
}
BAR = "#5c6bc0"


def _svg(width: int, height: int, body: str, label: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" direction="ltr" {FONT}>'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def bar_chart(
    items: Sequence[tuple[str, int]],
    title: str,
    fmt: Callable[[int], str] = str,
    colors: dict[str, str] | None = None,
    keys: Sequence[str] | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value); `keys` pick colours from `colors`."""
    width, row, left = 460, 24, 150
    height = max(row * len(items) + 10, 40)
    top = max((v for _, v in items), default=0) or 1
    parts = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        w = (width - left - 60) * value / top
        color = (colors or {}).get(keys[i] if keys else label, BAR)
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{color}">'
            f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{y + 15}">{escape(fmt(value))}</text>'
        )
    return _svg(width, height, "".join(parts), title)


def timeline_chart(
    by_day: dict[dt.date, int], title: str, day_label: Callable[[dt.date], str]
) -> Markup:
    """Columns by day, every day between the first and the last shown (gaps as zero)."""
    if not by_day:
        return _svg(460, 40, f'<text x="10" y="24">{escape(title)}: —</text>', title)
    first, last = min(by_day), max(by_day)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)][:400]
    width, height, left, bottom = 720, 200, 36, 40
    top = max(by_day.values()) or 1
    step = (width - left - 10) / len(days)
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" '
        'stroke="#999"/>',
        f'<text x="{left - 4}" y="16" text-anchor="end">{top}</text>',
    ]
    label_every = max(1, math.ceil(len(days) / 8))
    for i, day in enumerate(days):
        n = by_day.get(day, 0)
        h = (height - bottom - 20) * n / top
        x = left + i * step
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="#c62828"><title>{escape(day_label(day))}: {n}</title></rect>'
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="10">{escape(day_label(day))}</text>'
            )
    return _svg(width, height, "".join(parts), title)


@dataclass(frozen=True)
class ClaimBar:
    label: str
    figure: int
    low: int | None
    high: int | None
    verdict: str | None


def _claim_bar(
    label: str, left: int, y: int, row: int, end: float, title: str, css: str = ""
) -> str:
    """One claim's row: its label right-aligned before `left` and its bar from `left` to
    `end` (`title`, already escaped, as the bar's tooltip)."""
    klass = f' class="{css}"' if css else ""
    return (
        f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
        f'<rect x="{left}" y="{y + 4}" width="{end - left:.1f}" height="{row - 10}" '
        f'fill="#7e57c2" opacity="0.85"{klass}><title>{title}</title></rect>'
    )


def claims_chart(
    claims: Sequence[ClaimBar],
    floor: int,
    total: int,
    interval: tuple[float, float] | None,
    estimate: float | None,
    labels: dict[str, str],
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
) -> Markup:
    """Each claim as a bar (with its range) against the documented floor and total and the
    estimate's interval, all on one axis."""
    n = len(claims)
    # Room for the longest claim label on the left (about 7 px a character at 12 px) and
    # the legend on its own lines below the bars.
    longest = max((len(c.label) for c in claims), default=10)
    width, row, right = 760, 26, 60
    left = int(min(max(120, 12 + 7 * longest), 380))
    legend_lines = 3 if interval else 2
    bars_bottom = 30 + row * max(n, 1)
    height = bars_bottom + 18 * legend_lines + 8
    values = [float(floor), float(total)]
    values += [float(c.high or c.figure) for c in claims]
    if interval:
        values.append(interval[1])
    top = max(values) * 1.05 or 1.0
    span = width - left - right

    def x(v: float) -> float:
        return left + span * v / top

    parts = []
    if interval:
        x0, x1 = x(interval[0]), x(interval[1])
        parts.append(
            f'<rect x="{x0:.1f}" y="20" width="{max(x1 - x0, 1):.1f}" height="{bars_bottom - 20}" '
            f'fill="#bbdefb"><title>{escape(labels["interval"])}: {fmt(interval[0])}–'
            f"{fmt(interval[1])}</title></rect>"
        )
        if estimate is not None:
            parts.append(
                f'<line x1="{x(estimate):.1f}" y1="20" x2="{x(estimate):.1f}" y2="{bars_bottom}" '
                'stroke="#1565c0" stroke-dasharray="4 3"/>'
            )
    for value, color, key in ((floor, "#1b5e20", "floor"), (total, "#f9a825", "total")):
        parts.append(
            f'<line x1="{x(value):.1f}" y1="16" x2="{x(value):.1f}" y2="{bars_bottom}" '
            f'stroke="{color}" stroke-width="2"><title>{escape(labels[key])}: {fmt(value)}'
            "</title></line>"
        )
    for i, c in enumerate(claims):
        y = 26 + i * row
        verdict = f" — {escape(c.verdict)}" if c.verdict else ""
        title = f"{escape(c.label)}: {fmt(c.figure)}{verdict}"
        parts.append(
            _claim_bar(c.label, left, y, row, x(c.figure), title)
            + f'<text x="{x(c.figure) + 4:.1f}" y="{y + 14}">{fmt(c.figure)}</text>'
        )
        if c.low is not None and c.high is not None:
            parts.append(
                f'<line x1="{x(c.low):.1f}" y1="{y + 10}" x2="{x(c.high):.1f}" y2="{y + 10}" '
                'stroke="#311b92" stroke-width="2"/>'
            )
    legend = [
        ("#1b5e20", f"{labels['floor']} {fmt(floor)}"),
        ("#b58900", f"{labels['total']} {fmt(total)}"),
    ]
    if interval:
        point = f" ({fmt(estimate)})" if estimate is not None else ""
        legend.append(
            ("#1565c0", f"{labels['interval']} {fmt(interval[0])}–{fmt(interval[1])}{point}")
        )
    for i, (color, text) in enumerate(legend):
        parts.append(
            f'<text x="{left}" y="{bars_bottom + 18 * (i + 1)}" fill="{color}">'
            f"■ {escape(text)}</text>"
        )
    return _svg(width, height, "".join(parts), labels["title"])


def _legend(parts: list[str], left: int, top: float, items: Sequence[tuple[str, str]]) -> None:
    for i, (color, text) in enumerate(items):
        parts.append(
            f'<text x="{left}" y="{top + 18 * (i + 1)}" fill="{color}">■ {escape(text)}</text>'
        )


@dataclass(frozen=True)
class ShareBar:
    """A claimed share (per cent) beside the documented share (0–1) and its interval."""

    label: str
    claimed: float
    share: float | None  # None when nobody in scope has the field known
    lower: float
    upper: float
    verdict: str | None
    of: str = ""  # what the share is of (the attribute's values, in words)


_WIDTH, _ROW = 760, 26


def _rows_layout(labels: Sequence[str], tails: Sequence[str]) -> tuple[int, int, int, int]:
    """(left, span, bars_bottom, height) of a chart of one row per claim with text after
    each bar: room for the longest label on the left, the longest tail on the right and a
    two-line legend below."""
    longest = max((len(t) for t in labels), default=10)
    tail = max((len(t) for t in tails), default=0)
    right = int(min(max(90, 100 + 7 * tail), 300))
    left = int(min(max(120, 12 + 7 * longest), 380))
    bars_bottom = 30 + _ROW * max(len(labels), 1)
    return left, _WIDTH - left - right, bars_bottom, bars_bottom + 18 * 2 + 8


def share_claims_chart(
    claims: Sequence[ShareBar], labels: dict[str, str], fmt: Callable[[float], str]
) -> Markup:
    """Claims about a share on a 0–100% axis of their own (never beside a count): the
    claimed share as a bar, the documented share as a dot on its interval."""
    left, span, bars_bottom, height = _rows_layout(
        [c.label for c in claims], [c.of for c in claims]
    )
    row = _ROW

    def x(pct: float) -> float:
        return left + span * min(max(pct, 0.0), 100.0) / 100.0

    parts = []
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="18" x2="{x(tick):.1f}" y2="{bars_bottom}" '
            f'stroke="#e0e0e0"/><text x="{x(tick):.1f}" y="14" text-anchor="middle" '
            f'font-size="10">{escape(fmt(tick))}%</text>'
        )
    for i, c in enumerate(claims):
        y = 26 + i * row
        verdict = f" — {escape(c.verdict)}" if c.verdict else ""
        title = f"{escape(c.label)}: {escape(labels['claimed'])} {escape(fmt(c.claimed))}%"
        parts.append(
            _claim_bar(c.label, left, y, row, x(c.claimed), title + verdict, "claimed-share")
        )
        if c.share is not None:
            lo, hi, mid = c.lower * 100, c.upper * 100, c.share * 100
            parts.append(
                f'<g class="documented-share"><title>{escape(labels["documented"])} '
                f"{escape(fmt(mid))}% ({escape(labels['interval'])} {escape(fmt(lo))}–"
                f"{escape(fmt(hi))}%)</title>"
                f'<line x1="{x(lo):.1f}" y1="{y + 10}" x2="{x(hi):.1f}" y2="{y + 10}" '
                'stroke="#1565c0" stroke-width="3"/>'
                f'<circle cx="{x(mid):.1f}" cy="{y + 10}" r="4" fill="#1565c0"/></g>'
            )
        shown = f"{fmt(c.claimed)}%" + (f" / {fmt(c.share * 100)}%" if c.share is not None else "")
        shown += f" — {c.of}" if c.of else ""
        parts.append(
            f'<text x="{x(max(c.claimed, c.upper * 100)) + 6:.1f}" y="{y + 14}">'
            f"{escape(shown)}</text>"
        )
    _legend(
        parts,
        left,
        bars_bottom,
        [
            ("#7e57c2", labels["claimed"]),
            ("#1565c0", f"{labels['documented']} ({labels['interval']})"),
        ],
    )
    return _svg(_WIDTH, height, "".join(parts), labels["title"])


@dataclass(frozen=True)
class SubCountBar:
    """A count restricted by attributes beside the documented floor and total of its own
    sub-scope."""

    label: str
    figure: int
    low: int | None
    high: int | None
    floor: int
    total: int
    verdict: str | None
    conditions: str = ""  # the attributes the count is restricted to, in words


def subcount_claims_chart(
    claims: Sequence[SubCountBar], labels: dict[str, str], fmt: Callable[[float], str]
) -> Markup:
    """Restricted counts, each with the floor and total documented for its own conditions
    (a tick of each on its row: rows have different sub-scopes)."""
    left, span, bars_bottom, height = _rows_layout(
        [c.label for c in claims], [c.conditions for c in claims]
    )
    row = _ROW
    values = [float(max(c.high or c.figure, c.floor, c.total)) for c in claims]
    top = max(values, default=0.0) * 1.05 or 1.0

    def x(v: float) -> float:
        return left + span * v / top

    parts = []
    for i, c in enumerate(claims):
        y = 26 + i * row
        verdict = f" — {escape(c.verdict)}" if c.verdict else ""
        title = f"{escape(c.label)}: {escape(fmt(c.figure))}{verdict}"
        parts.append(_claim_bar(c.label, left, y, row, x(c.figure), title))
        if c.low is not None and c.high is not None:
            parts.append(
                f'<line x1="{x(c.low):.1f}" y1="{y + 10}" x2="{x(c.high):.1f}" y2="{y + 10}" '
                'stroke="#311b92" stroke-width="2"/>'
            )
        for value, color, key in ((c.floor, "#1b5e20", "floor"), (c.total, "#f9a825", "total")):
            parts.append(
                f'<line x1="{x(value):.1f}" y1="{y + 1}" x2="{x(value):.1f}" y2="{y + row - 3}" '
                f'stroke="{color}" stroke-width="3"><title>{escape(labels[key])}: '
                f"{escape(fmt(value))}</title></line>"
            )
        parts.append(
            f'<text x="{x(max(c.figure, c.floor, c.total)) + 6:.1f}" y="{y + 14}">'
            f"{escape(fmt(c.figure))} / {escape(fmt(c.floor))}–{escape(fmt(c.total))}"
            f"{escape(' — ' + c.conditions) if c.conditions else ''}</text>"
        )
    _legend(parts, left, bars_bottom, [("#1b5e20", labels["floor"]), ("#b58900", labels["total"])])
    return _svg(_WIDTH, height, "".join(parts), labels["title"])


# Iran's extent (lon, lat), with a margin; an equirectangular projection scaled by cos(lat).
LON0, LON1, LAT0, LAT1 = 43.5, 64.0, 24.5, 40.2


def _project(lon: float, lat: float, scale: float) -> tuple[float, float]:
    k = math.cos(math.radians((LAT0 + LAT1) / 2))
    return ((lon - LON0) * scale * k, (LAT1 - lat) * scale)


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    count: int
    label: str


def iran_map(
    boundaries: dict[str, Any] | None,
    points: Sequence[MapPoint],
    title: str,
    province_label: Callable[[dict[str, Any]], str] = lambda props: "",
) -> Markup:
    """Province outlines with one circle per city, its area proportional to the dead."""
    scale = 36.0
    width = int(_project(LON1, LAT0, scale)[0]) + 1
    height = int(_project(LON0, LAT0, scale)[1]) + 1
    parts = [f'<rect width="{width}" height="{height}" fill="#e3f2fd"/>']
    for feature in (boundaries or {}).get("features", []):
        d = []
        for ring in _rings(feature.get("geometry") or {}):
            pts = [_project(lon, lat, scale) for lon, lat, *_ in ring]
            if pts:
                d.append("M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in pts) + "Z")
        name = province_label(feature.get("properties") or {})
        parts.append(
            f'<path d="{"".join(d)}" fill="#fafafa" stroke="#8d6e63" stroke-width="0.8">'
            f"<title>{escape(name)}</title></path>"
        )
    top = max((p.count for p in points), default=1) or 1
    for p in sorted(points, key=lambda p: -p.count):
        px, py = _project(p.lon, p.lat, scale)
        r = 3 + 17 * math.sqrt(p.count / top)
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{r:.1f}" fill="#c62828" fill-opacity="0.6" '
            f'stroke="#7f0000" stroke-width="0.8"><title>{escape(p.label)}: {p.count}</title>'
            "</circle>"
        )
    return _svg(width, height, "".join(parts), title)
