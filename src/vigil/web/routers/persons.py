"""One person: every source record side by side, evidence, why linked, grade, timeline, history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from vigil.security.permissions import Action
from vigil.services.persons import person_view
from vigil.web import places
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings
from vigil.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/persons/{person_id}")
def person(
    request: Request,
    person_id: str,
    s: DB,
    actor: CurrentActor,
    lang: CurrentLang,
    settings: Settings,
) -> Response:
    actor.require(Action.READ_RECORDS)
    view = person_view(s, person_id[:40], actor, settings.key_file)
    return page(request, "person.html", {"v": view, "places": places, "actor": actor}, lang)
