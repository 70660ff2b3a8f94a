"""The dashboard: documented counts, the estimate, claims against evidence, map, timeline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from vigil.security.permissions import Action
from vigil.services.events import list_events
from vigil.services.figures import headline_shares_for
from vigil.services.review import pending_count
from vigil.web import charts, places
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings
from vigil.web.i18n import Lang
from vigil.web.render import page
from vigil.web.search import data_version
from vigil.web.stats import Dashboard, dashboard
from vigil.web.verdicts import attach_verdicts

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def dashboard_charts(d: Dashboard, lang: Lang) -> dict[str, Markup]:
    _ = lang.gettext
    grade_keys = list(d.by_grade)
    est = d.estimate or {}
    lower, upper = est.get("lower"), est.get("upper")
    interval = (float(lower), float(upper)) if lower is not None and upper is not None else None
    point = float(est["estimate"]) if est.get("estimate") is not None else None
    claim_bars = [
        charts.ClaimBar(
            f"{c.actor} ({lang.date(c.date)})", c.figure, c.figure_min, c.figure_max, c.verdict
        )
        for c in d.claims
        if c.figure is not None and not c.restricted  # shares and sub-counts: other axes
    ]
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

    return {
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
    event: str | None = None,
) -> Response:
    actor.require(Action.READ_PUBLIC)
    d = dashboard(s)
    d.events = [e.to_json() for e in list_events(s)]
    d.event = event if event in {e["slug"] for e in d.events} else None
    d.attribution = headline_shares_for(s, d.event)
    attach_verdicts(request.app.state.figures, data_version(s), d)
    d.review_pending = pending_count(s, settings.review_low, settings.review_high)
    from vigil.services.linking import latest_diagnostics  # pandas: only when shown

    d.extra["linkage"] = latest_diagnostics(s)
    return page(request, "dashboard.html", {"d": d, "charts": dashboard_charts(d, lang)}, lang)
