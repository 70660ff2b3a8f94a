"""statement.html: the readable toll statement, one self-contained file that works offline.

Everything is inline (CSS, SVG charts drawn by `charts`), nothing is fetched. The page is
rendered from the statement payload alone, so anyone can re-render it from statement.json
and compare.
"""

from __future__ import annotations

from html import escape
from typing import Any

from vigil.places import province_boundaries
from vigil.security.spreadsheet import RULE as SPREADSHEET_RULE
from vigil.statement import charts

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;
background:#fafafa;line-height:1.45}
main{max-width:960px;margin:0 auto;padding:16px 24px 48px;background:#fff}
h1{margin:.2em 0 .1em;font-size:28px}h2{margin-top:1.6em;border-bottom:1px solid #ddd;
padding-bottom:4px;font-size:20px}
.synthetic{background:#b71c1c;color:#fff;padding:10px 16px;font-weight:700;font-size:18px;
text-align:center;letter-spacing:.04em}
.meta{color:#666;font-size:13px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{flex:1 1 200px;border:1px solid #ddd;border-radius:6px;padding:10px 14px}
.card .n{font-size:30px;font-weight:700}.card .l{font-size:13px;color:#555}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border-bottom:1px solid #e5e5e5;padding:4px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-weight:600}.small{font-size:12px;color:#555}
svg{max-width:100%;height:auto}
"""

GRADE_MEANING = {
    "confirmed": "a document (death or burial certificate), an official admission, or three "
    "or more independent groups giving full identity",
    "fair": "two independent groups giving full identity (name, place, date and age or "
    "father's name)",
    "weak": "one independent group only",
    "contested": "reports contradict each other (reported alive or released, conflicting "
    "identity or dates)",
    "discounted": "shown to be a duplicate, not a victim, or out of scope; not counted",
    "ungraded": "not graded yet",
}


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _n(v: Any) -> str:
    return "—" if v is None else f"{v:,.0f}"


def _headline(p: dict[str, Any]) -> str:
    f, e = p["figures"], p["estimate"]
    cards = [
        (_n(f["documented_floor"]), "documented floor: named victims graded confirmed or fair"),
        (_n(f["documented_total"]), "documented total: every named victim not discounted"),
    ]
    if e.get("estimate") is not None:
        pct = round(e["level"] * 100)
        cards.append(
            (
                f"{_n(e['lower'])}–{_n(e['upper'])}",
                f"estimated total ({pct}% interval, {e['method']}); point estimate "
                f"{_n(e['estimate'])}",
            )
        )
    else:
        cards.append(("—", f"no estimate: {e.get('refusal') or 'not computed'}"))
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="n">{escape(n)}</div><div class="l">{escape(label)}'
            "</div></div>"
            for n, label in cards
        )
        + "</div>"
    )


def _grades(p: dict[str, Any]) -> str:
    by = p["figures"]["by_grade"]
    rows = "".join(
        f"<tr><td>{escape(g)}</td><td class=n>{n:,}</td><td>{escape(GRADE_MEANING.get(g, ''))}"
        "</td></tr>"
        for g, n in by.items()
    )
    return (
        charts.grade_bar(by)
        + "<table><tr><th>grade</th><th class=n>persons</th><th>meaning</th></tr>"
        + rows
        + "</table>"
    )


def _stated(c: dict[str, Any]) -> str:
    if c.get("percent") is not None:
        return f"{c['percent']:g}%<div class=small>{escape(c.get('share_of') or '')}</div>"
    out = f"{c['figure']:,}"
    if c["figure_min"] is not None:
        out += f"<div class=small>{c['figure_min']:,}–{c['figure_max']:,}</div>"
    return out


def _pct(x: Any) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _attribution(p: dict[str, Any]) -> str:
    """Shares of the documented victims by how, by whom and where, with their intervals."""
    a = p.get("attribution")
    if not a:
        return ""
    heads = a["headlines"]
    lvl = round(heads[0]["level"] * 100) if heads else 95
    cards = "".join(
        f'<div class="card"><div class="n">{_pct(h["share"])}</div><div class="l">'
        f"{escape(h['label'])}: {h['count']:,} of the {h['known']:,} with it known "
        f"({lvl}% interval {_pct(h['lower'])}–{_pct(h['upper'])}); unknown for "
        f"{h['unknown']:,} of {h['persons']:,} ({_pct(h['unknown_share'])})</div></div>"
        for h in heads
        if h["known"]
    )
    tables = []
    for field, fs in a["fields"].items():
        if not fs["known"]:
            tables.append(
                f"<p class=small><b>{escape(field.replace('_', ' '))}</b>: unknown for all "
                f"{fs['persons']:,} documented victims.</p>"
            )
            continue
        rows = "".join(
            f"<tr><td>{escape(sh['category'].replace('_', ' '))}</td><td class=n>"
            f"{sh['count']:,}</td><td class=n>{_pct(sh['share'])}</td><td class=n>"
            f"{_pct(sh['lower'])}–{_pct(sh['upper'])}</td></tr>"
            for sh in fs["shares"]
            if sh["count"]
        )
        tables.append(
            f"<h3>{escape(field.replace('_', ' '))}</h3><table><tr><th>category</th>"
            f"<th class=n>persons</th><th class=n>share of the {fs['known']:,} known</th>"
            f"<th class=n>{lvl}% interval</th></tr>{rows}</table><p class=small>Unknown for "
            f"{fs['unknown']:,} of {fs['persons']:,} ({_pct(fs['unknown_share'])}); "
            + (
                f"{fs['disputed']:,} person(s) with sources that disagree, counted in each "
                "category a source gives.</p>"
                if fs.get("exclusive", True)
                else "the categories overlap: one person can be in several.</p>"
            )
        )
    return (
        (f'<div class="cards">{cards}</div>' if cards else "")
        + "<p>Shares are among the documented victims whose records say (the field known); "
        "the share for whom no record says is given beside each. A victim whose sources "
        "disagree counts in every category a source gives, so a field's shares can add up "
        f"to more than 100%. Intervals are {lvl}% Wilson score intervals: they describe the "
        "sampling noise among the documented, not how the undocumented differ.</p>"
        + "".join(tables)
    )


def _claims(p: dict[str, Any]) -> str:
    claims = p["claims"]
    if not claims:
        return "<p>No claims are registered.</p>"
    f, e = p["figures"], p["estimate"]
    bars = [
        charts.ClaimBar(
            _short(c["actor"], 40) + f" ({c['date'][:7]})",
            c["figure"],
            c["figure_min"],
            c["figure_max"],
        )
        for c in claims
        if c["figure"] is not None and not (c.get("scope_filter") or {}).get("where")
    ]
    chart = charts.claims_chart(
        bars,
        floor=f["documented_floor"],
        documented=f["documented_total"],
        lower=e.get("lower"),
        upper=e.get("upper"),
        estimate=e.get("estimate"),
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(c['date'])}</td><td>{escape(c['actor'])}<div class=small>"
        f"{escape(c['kind'])}</div></td>"
        f"<td class=n>{_stated(c)}"
        + f"</td><td><span class=verdict>{escape(c['label'])}</span><div class=small>"
        f"{escape(c['reason'])}</div></td><td class=small>{escape(c['scope'])}<br>"
        f"{escape(c['citation'])}</td></tr>"
        for c in claims
    )
    return (
        chart
        + "<p class=small>Shaded band: the estimate's interval. Each claim is compared with the "
        "figures for its own scope; Vigil states the comparison and does not judge the "
        "claimant.</p><table><tr><th>date</th><th>who</th><th class=n>figure</th>"
        "<th>verdict</th><th>scope and source</th></tr>" + rows + "</table>"
    )


def _places(p: dict[str, Any]) -> str:
    f, places = p["figures"], p["places"]
    dots = [
        charts.CityDot(c["name_en"], c["lat"], c["lon"], f["by_city"][cid])
        for cid, c in sorted(places["cities"].items())
    ]
    unplaced = f["by_city"].get("unknown", 0)
    rows = "".join(
        f"<tr><td>{escape(places['provinces'].get(code, {}).get('name_en', code))}</td>"
        f"<td class=n>{n:,}</td><td class=n>{f['floor_by_province'].get(code, 0):,}</td></tr>"
        for code, n in sorted(f["by_province"].items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        charts.iran_map(province_boundaries(), f["by_province"], dots)
        + (
            f"<p class=small>{unplaced:,} documented victim(s) without a known city are not on "
            "the map.</p>"
            if unplaced
            else ""
        )
        + "<table><tr><th>province</th><th class=n>documented</th><th class=n>floor</th></tr>"
        + rows
        + "</table>"
    )


def _linkage(e: dict[str, Any]) -> str:
    """A sentence and a figure: how much the estimate moves under other linkages."""
    link = e.get("linkage")
    if not link:
        return ""
    combined = ""
    if link.get("combined_lower") is not None and link.get("combined_upper") is not None:
        combined = (
            f" Taken together with the sampling interval, the total lies between "
            f"{_n(link['combined_lower'])} and {_n(link['combined_upper'])}."
        )
    return (
        "<p>The estimate rests on how the reports were linked into persons. Computed again "
        f"over {len(link['variants'])} other plausible linkages of the same reports, it "
        f"ranges from <b>{_n(link['lower'])}</b> to <b>{_n(link['upper'])}</b> (the "
        f"<b>linkage range</b>).{combined}</p>"
        + (
            f"<p class=warning><b>Warning:</b> {escape(str(link['warning']))}.</p>"
            if link.get("warning")
            else ""
        )
        + charts.linkage_chart(e)
        + f"<p class=small>{escape(str(link.get('note', '')))}.</p>"
    )


def _method(p: dict[str, Any]) -> str:
    e = p["estimate"]
    settings = e.get("settings", {})
    lists = ", ".join(e.get("lists") or e.get("table", {}).get("lists", [])) or "none"
    if e.get("estimate") is not None:
        est = (
            f"<p>The number of victims no list recorded is estimated by <b>multiple systems "
            f"estimation</b> ({escape(e['method'])}) from how the {len(e.get('lists', []))} "
            f"independent lists overlap ({escape(lists)}): if the lists rarely name the same "
            "people, many victims are likely missing from all of them. Sources that copy one "
            "another form one list. The interval is the range of totals the data support at "
            f"the {round(e['level'] * 100)}% level; the estimator's seed and settings are in "
            "the MANIFEST, so the figure can be recomputed exactly.</p>"
        )
    else:
        est = f"<p>No statistical estimate is given: {escape(str(e.get('refusal')))}.</p>"
    est += _linkage(e)
    return (
        "<p>Every report from every source was kept as received. Reports of the same person "
        "were linked across sources and scripts (Persian and Latin) into one person each. "
        "Each person was then graded by how well independent sources corroborate them; "
        "sources that copy each other count once. The <b>documented floor</b> counts the "
        "confirmed and fair; the <b>documented total</b> adds the weak and contested; the "
        "discounted are not counted.</p>"
        + est
        + f"<p class=small>Estimator settings: {escape(str(settings))}.</p>"
        "<p>The statement is signed: its MANIFEST lists the SHA-256 of every file and of the "
        "data it was made from, and carries an Ed25519 signature. Check it with "
        "<code>vigil statement verify DIR --key PUBLIC_KEY</code>; with <code>--db</code> "
        "every figure is recomputed from the store and every difference is listed.</p>"
        f"<p class=small>victims.csv: {escape(SPREADSHEET_RULE)}</p>"
    )


def render_html(p: dict[str, Any]) -> str:
    """The statement page for a payload (see services.statement.build)."""
    f = p["figures"]
    banner = (
        '<div class="synthetic">SYNTHETIC DATA — these are not real victims; the figures '
        "only demonstrate the method</div>"
        if p["synthetic"]
        else ""
    )
    title = p["title"] + (" (SYNTHETIC)" if p["synthetic"] else "")
    unknown_day = f["day_unknown"]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        + banner
        + "<main>"
        + f"<h1>{escape(title)}</h1>"
        + f"<p><b>Scope:</b> {escape(p['scope']['description'])}</p>"
        + (
            f"<p><b>Event:</b> {escape(p['event']['name'])} ({escape(p['event']['date_start'])}"
            f" to {escape(p['event']['date_end'])})</p>"
            if p.get("event")
            else ""
        )
        + f"<p class=meta>Made {escape(p['created'])} by Vigil {escape(p['vigil_version'])}. "
        f"{f['persons_in_scope']:,} linked persons in scope.</p>"
        + _headline(p)
        + "<h2>Corroboration</h2>"
        + _grades(p)
        + '<section id="attribution"><h2>How, by whom, where</h2>'
        + _attribution(p)
        + "</section>"
        + "<h2>Claims compared with the evidence</h2>"
        + _claims(p)
        + "<h2>Where</h2>"
        + _places(p)
        + "<h2>When</h2>"
        + charts.timeline(f["by_day"])
        + (
            f"<p class=small>{unknown_day:,} victim(s) not dated to the day are not shown.</p>"
            if unknown_day
            else ""
        )
        + "<h2>Who</h2>"
        + charts.age_sex_bars(f["by_age_sex"])
        + "<h2>Method</h2>"
        + _method(p)
        + f"<p class=small>{escape(p['places']['credit'])}</p>"
        + "</main></body></html>\n"
    )
