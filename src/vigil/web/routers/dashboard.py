"""The dashboard page (HTTP and charts only; the figures come from `services.dashboard`):
documented counts, the estimate, claims against evidence, map, timeline, of every death or
of one event (`?event=SLUG`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from vigil.security.permissions import Action
from vigil.services.dashboard import ClaimRow, DashboardFigures, dashboard
from vigil.statement.settings import Scope
from vigil.web import charts, places
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings
from vigil.web.i18n import Lang
from vigil.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _claim_label(c: ClaimRow, lang: Lang) -> str:
    return f"{c.actor} ({lang.date(c.date)})"


def scope_sentence(d: DashboardFigures, lang: Lang) -> str:
    """The dashboard's scope in the reader's language: every death, or those of one event
    (`Scope.describe` words any other scope, in English)."""
    _ = lang.gettext
    ev = d.event_info
    if replace(d.scope, event=None) != Scope() or (d.event and ev is None):
        return d.description
    if ev is None:
        return _("deaths in all provinces")
    return _("deaths of %(event)s in all provinces") % {"event": ev.name}


def dashboard_charts(d: DashboardFigures, lang: Lang) -> dict[str, Markup]:
    _ = lang.gettext
    grade_keys = list(d.by_grade)
    est = d.estimate or {}
    lower, upper = est.get("lower"), est.get("upper")
    interval = (float(lower), float(upper)) if lower is not None and upper is not None else None
    point = float(est["estimate"]) if est.get("estimate") is not None else None
    claim_bars = [
        charts.ClaimBar(_claim_label(c, lang), c.figure, c.figure_min, c.figure_max, c.verdict)
        for c in d.claims
        if c.figure is not None and c.percent is None and not c.restricted
    ]
    share_bars = [  # shares and sub-counts: charts of their own, never on the count axis
        charts.ShareBar(
            _claim_label(c, lang),
            c.percent,
            c.basis.get("share"),
            float(c.basis.get("lower") or 0.0),
            float(c.basis.get("upper") or 0.0),
            c.verdict,
            c.share_of or "",
        )
        for c in d.claims
        if c.percent is not None and c.basis
    ]
    subcount_bars = [
        charts.SubCountBar(
            _claim_label(c, lang),
            c.figure,
            c.figure_min,
            c.figure_max,
            int(c.basis.get("documented_floor") or 0),
            int(c.basis.get("documented_total") or 0),
            c.verdict,
            c.conditions or c.scope,
        )
        for c in d.claims
        if c.restricted and c.percent is None and c.figure is not None and c.basis
    ]
    out: dict[str, Markup] = {}
    if share_bars:
        out["shares"] = charts.share_claims_chart(
            share_bars,
            {
                "title": _("Claimed shares against the documented share"),
                "claimed": _("claimed share"),
                "documented": _("documented share"),
                "interval": _("95 per cent interval"),
            },
            lambda v: lang.number(round(v, 1)),
        )
    if subcount_bars:
        out["subcounts"] = charts.subcount_claims_chart(
            subcount_bars,
            {
                "title": _("Restricted counts against the documented sub-count"),
                "floor": _("documented floor"),
                "total": _("documented total"),
            },
            lambda v: lang.number(round(v)),
        )
    points = []
    for city_id, n in d.by_city.items():
        place = places.cities().get(city_id)
        if place is not None:
            points.append(
                charts.MapPoint(
                    place.lon,
                    place.lat,
                    n,
                    (place.name_fa or place.name_en) if lang.code == "fa" else place.name_en,
                )
            )

    def province_label(props: dict[str, Any]) -> str:
        code = str(props.get("province_code") or "")
        name = places.province_name(code, lang.code)
        return f"{name}: {lang.number(d.by_province.get(code, 0))}"

    return out | {
        "grades": charts.bar_chart(
            [(_(g), d.by_grade[g]) for g in grade_keys],
            _("Persons by grade"),
            lang.number,
            charts.COLORS,
            grade_keys,
        ),
        "claims": charts.claims_chart(
            claim_bars,
            d.documented_floor if d.claims_floor is None else d.claims_floor,
            d.documented_total if d.claims_total is None else d.claims_total,
            interval,
            point,
            {
                "title": _("Claims against the evidence"),
                "floor": _("documented floor"),
                "total": _("documented total"),
                "interval": _("estimate interval"),
            },
            lambda v: lang.number(round(v)),
        ),
        "map": charts.iran_map(
            places.province_boundaries(), points, _("The dead by city"), province_label
        ),
        "timeline": charts.timeline_chart(d.by_day, _("The dead by day"), lang.date),
        "age": charts.bar_chart(
            [(_(k) if k == "unknown" else lang.digits(k), v) for k, v in d.by_age.items()],
            _("The dead by age group"),
            lang.number,
        ),
        "sex": charts.bar_chart(
            [(_(k), v) for k, v in d.by_sex.items()], _("The dead by sex"), lang.number
        ),
    }


@router.get("/dashboard")
def show(
    request: Request,
    s: DB,
    actor: CurrentActor,
    lang: CurrentLang,
    settings: Settings,
    event: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    """Every death, or with `?event=SLUG` those of one event (404 naming the known events
    for a slug the store does not hold)."""
    actor.require(Action.READ_PUBLIC)
    d = dashboard(
        s,
        request.app.state.figures,
        event,
        review=(settings.review_low, settings.review_high),
        diagnostics=True,
    )
    context = {
        "d": d,
        "charts": dashboard_charts(d, lang),
        "scope_sentence": scope_sentence(d, lang),
    }
    return page(request, "dashboard.html", context, lang)
