"""The review queue: uncertain pairs with their explanation; confirm or separate in one click."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from vigil.security.permissions import Action
from vigil.web import places
from vigil.web.csrf import csrf_protect
from vigil.web.decisions import decide
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings
from vigil.web.render import page
from vigil.web.review_queue import pending_count, review_items

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/review")
def review(
    request: Request, s: DB, actor: CurrentActor, lang: CurrentLang, settings: Settings
) -> Response:
    actor.require(Action.READ_RECORDS)
    items = review_items(
        s,
        settings.review_low,
        settings.review_high,
        sees_sensitive=actor.can(Action.READ_SENSITIVE),
    )
    pending = pending_count(s, settings.review_low, settings.review_high)
    ctx = {
        "items": items,
        "pending": pending,
        "places": places,
        "can_decide": actor.can(Action.REVIEW_LINKS),
    }
    return page(request, "review.html", ctx, lang)


@router.post("/review/{pair_id}")
def review_decide(
    request: Request,
    pair_id: int,
    s: DB,
    actor: CurrentActor,
    lang: CurrentLang,
    decision: Annotated[str, Form(max_length=20)],
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    actor.require(Action.REVIEW_LINKS)
    person_id = decide(s, pair_id, decision, actor.username, note or None)
    if request.headers.get("hx-request"):
        msg = (
            lang.gettext("Confirmed: same person")
            if decision == "confirm"
            else (lang.gettext("Separated: different persons"))
        )
        return page(
            request,
            "_review_done.html",
            {"msg": msg, "person_id": person_id, "pair": pair_id},
            lang,
        )
    return RedirectResponse("/review", status_code=303)
