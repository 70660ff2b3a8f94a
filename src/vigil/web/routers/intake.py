"""One form to report a violation with its victim, place and date.

The first submission only checks: it lists persons who are probably the same victim (same
name keys in either script, and agreeing place or date when given) so a team does not create
"ten people named Mohammad Hosseini". Saving needs a second, explicit submission: as a new
person, or attached to one of the persons listed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from vigil.domain.acts import ACT_CODES
from vigil.security.permissions import Action
from vigil.services.intake import Report, check_report, likely_same_persons, save_report
from vigil.services.sources import source_choices
from vigil.web import places
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings
from vigil.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

Short = Annotated[str, Form(max_length=300)]


def _ctx(s: DB, form: Report, **extra: object) -> dict[str, object]:
    return {
        "form": form,
        "places": places,
        "provinces": sorted(places.provinces().items(), key=lambda kv: kv[1][0]),
        "sources": source_choices(s),
        "act_codes": ACT_CODES,
        **extra,
    }


@router.get("/intake")
def intake_form(request: Request, s: DB, actor: CurrentActor, lang: CurrentLang) -> Response:
    actor.require(Action.EDIT_RECORDS)
    return page(request, "intake.html", _ctx(s, Report()), lang)


@router.post("/intake")
def intake_submit(
    request: Request,
    s: DB,
    actor: CurrentActor,
    lang: CurrentLang,
    settings: Settings,
    name: Short = "",
    father_name: Short = "",
    sex: Short = "",
    age: Short = "",
    date: Short = "",
    province: Short = "",
    city: Short = "",
    violation: Short = "",
    source: Short = "",
    notes: Annotated[str, Form(max_length=5000)] = "",
    witness_name: Short = "",
    witness_contact: Short = "",
    method: Short = "",
    weapon: Short = "",
    wound: Short = "",
    perpetrator: Short = "",
    perpetrator_by: Short = "",
    place_kind: Short = "",
    facility: Short = "",
    arrest_date: Short = "",
    arrest_place: Short = "",
    release_date: Short = "",
    died_in_custody: Short = "",
    care_denied: Short = "",
    sentence: Short = "",
    charges: Short = "",
    court: Short = "",
    court_branch: Short = "",
    sentence_date: Short = "",
    execution_date: Short = "",
    execution_place: Short = "",
    burial: Short = "",
    action: Short = "check",
    same_as: Short = "",
) -> Response:
    actor.require(Action.EDIT_RECORDS)
    form = Report(
        name=name,
        father_name=father_name,
        sex=sex,
        age=age,
        date=date,
        province=province,
        city=city,
        violation=violation,
        source=source,
        notes=notes,
        witness_name=witness_name,
        witness_contact=witness_contact,
        method=method,
        weapon=weapon,
        wound=wound,
        perpetrator=perpetrator,
        perpetrator_by=perpetrator_by,
        place_kind=place_kind,
        facility=facility,
        arrest_date=arrest_date,
        arrest_place=arrest_place,
        release_date=release_date,
        died_in_custody=died_in_custody,
        care_denied=care_denied,
        sentence=sentence,
        charges=charges,
        court=court,
        court_branch=court_branch,
        sentence_date=sentence_date,
        execution_date=execution_date,
        execution_place=execution_place,
        burial=burial,
    )
    parsed, errors = check_report(s, form)
    if errors or parsed is None:
        return page(request, "intake.html", _ctx(s, form, errors=errors), lang, status=422)
    if action != "save" and not same_as:
        matches = likely_same_persons(s, parsed)
        return page(request, "intake.html", _ctx(s, form, matches=matches, checked=True), lang)
    person_id = save_report(s, parsed, actor.username, same_as or None, settings.key_file)
    return RedirectResponse(f"/persons/{person_id}?saved=1", status_code=303)
