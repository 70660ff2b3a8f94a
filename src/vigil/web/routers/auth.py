"""Sign-in, sign-out and per-user preferences (language, calendar)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from vigil.errors import PermissionDenied
from vigil.services import sessions, users
from vigil.web.cookies import begin, current_token, end
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang, Settings, StoreDep
from vigil.web.i18n import CALENDARS, Lang, pick_language
from vigil.web.ratelimit import request_client
from vigil.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the sign-in form cannot bounce a user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, lang: CurrentLang, next: str = "/") -> Response:
    return page(request, "login.html", {"next": _safe_next(next), "failed": None}, lang)


@router.post("/login")
def login(
    request: Request,
    store: StoreDep,
    settings: Settings,
    lang: CurrentLang,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """HTTP only: the check, the limits and the new session are `services.users.sign_in`."""
    client = request_client(request, settings.trusted_proxies)
    csrf = secrets.token_urlsafe(32)  # a fresh CSRF token for the signed-in session
    try:
        done = users.sign_in(
            store,
            username,
            password,
            client=client,
            policy=settings.signin_policy,
            data={"csrf": csrf},
            replaces=current_token(request),
        )
    except sessions.TooManyAttempts as e:
        wait = int(e.retry_after) + 1
        msg = lang.gettext("Too many failed sign-ins. Try again in %(n)s seconds.") % {
            "n": lang.number(wait)
        }
        return page(
            request,
            "login.html",
            {"next": _safe_next(next), "failed": msg},
            lang,
            status=429,
            headers={"Retry-After": str(wait)},
        )
    except PermissionDenied:
        msg = lang.gettext("Wrong user name or password.")
        return page(request, "login.html", {"next": _safe_next(next), "failed": msg}, lang, 401)
    begin(
        request,
        done.token,
        {
            "user": done.actor.name,
            "role": done.actor.role.value,
            "lang": pick_language(done.locale),
            "csrf": csrf,
        },
    )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, store: StoreDep) -> Response:
    """Ends the session in the store: the cookie no longer opens it, on any process."""
    sessions.sign_out(store, current_token(request))
    end(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/prefs")
def preferences(
    request: Request,
    s: DB,
    actor: CurrentActor,
    lang: Annotated[str | None, Form(max_length=10)] = None,
    calendar: Annotated[str | None, Form(max_length=20)] = None,
    back: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Language and calendar, chosen per user (the language is saved on the user)."""
    if lang is not None:
        code = pick_language(lang, Lang("en").code)
        request.session["lang"] = code
        users.set_locale(s, actor.username, code)
    if calendar in CALENDARS:
        request.session["calendar"] = calendar
    return RedirectResponse(_safe_next(back), status_code=303)
