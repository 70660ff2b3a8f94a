"""The victims list: cross-script name search and filters, one page at a time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from vigil.errors import InvalidValue
from vigil.normalize.dates import parse_date
from vigil.normalize.digits import to_ascii_digits
from vigil.security.permissions import Action
from vigil.services.search import SearchCache, VictimFilter, data_version
from vigil.services.sources import source_choices
from vigil.web import places
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings
from vigil.web.render import fragment, page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

Text = Annotated[str | None, Query(max_length=200)]


def _date(text: str | None, end: bool, problems: list[str]) -> dt.date | None:
    try:
        d = parse_date(text)
    except InvalidValue as e:
        problems.append(str(e))
        return None
    if d is None:
        return None
    return d.end if end else d.start


def _int(text: str | None, name: str, problems: list[str]) -> int | None:
    if not text:
        return None
    try:
        return int(to_ascii_digits(text))
    except ValueError:
        problems.append(f"{name}: not a number: {text!r}")
        return None


def parse_filter(
    q: str | None,
    province: str | None,
    city: str | None,
    date_from: str | None,
    date_to: str | None,
    violation: str | None,
    grade: str | None,
    source: str | None,
    page: str | None,
    after: str | None = None,
) -> tuple[VictimFilter, list[str]]:
    """A filter from query parameters; problems are reported, never a server error."""
    problems: list[str] = []
    f = VictimFilter(
        q=(q or "").strip(),
        province=province or None,
        city=_int(city, "city", problems),
        date_from=_date(date_from, False, problems),
        date_to=_date(date_to, True, problems),
        violation=violation or None,
        grade=grade or None,
        source=_int(source, "source", problems),
        page=max(1, min(_int(page, "page", problems) or 1, 10_000)),
        after=after or None,
    )
    return f, problems


@router.get("/")
def home(actor: CurrentActor) -> Response:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/victims")
def victims(
    request: Request,
    s: DB,
    actor: CurrentActor,
    lang: CurrentLang,
    settings: Settings,
    q: Text = None,
    province: Text = None,
    city: Text = None,
    date_from: Text = None,
    date_to: Text = None,
    violation: Text = None,
    grade: Text = None,
    source: Text = None,
    page_no: Annotated[str | None, Query(alias="page", max_length=10)] = None,
    after: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    actor.require(Action.READ_RECORDS)
    f, problems = parse_filter(
        q, province, city, date_from, date_to, violation, grade, source, page_no, after
    )
    cache: SearchCache = request.app.state.search_cache
    version = data_version(s)
    raw = {"date_from": date_from or "", "date_to": date_to or "", "city": city or ""}
    partial = bool(request.headers.get("hx-request")) and (
        request.headers.get("hx-target") == "results"
    )
    name = "_victim_results.html" if partial else "_victims_body.html"

    def render() -> str:
        context = {
            "f": f,
            "result": cache.search(s, f, settings.page_size, version),
            "problems": problems,
            "places": places,
            "sources": source_choices(s),
            "provinces": sorted(places.provinces().items(), key=lambda kv: kv[1][0]),
            "raw": raw,
        }
        return fragment(request, name, context, lang)

    key = (name, f, tuple(raw.values()), tuple(problems), settings.page_size, lang)
    body = Markup(cache.fragment(key, version, render))
    if partial:
        return HTMLResponse(body)
    return page(request, "victims.html", {"body": body}, lang)
