"""Sign-in, sign-out and per-user preferences (language, calendar)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from vigil.store.models import User
from vigil.web import passwords
from vigil.web.csrf import csrf_protect
from vigil.web.deps import DB, CurrentActor, CurrentLang
from vigil.web.i18n import CALENDARS, Lang, pick_language
from vigil.web.ratelimit import FailureLimiter
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
    s: DB,
    lang: CurrentLang,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    limiter: FailureLimiter = request.app.state.limiter
    client = f"ip:{request.client.host if request.client else '?'}"
    who = f"user:{username.strip().lower()}"
    wait = limiter.retry_after(client, who)
    if wait > 0:
        msg = lang.gettext("Too many failed sign-ins. Try again in %(n)s seconds.") % {
            "n": lang.number(int(wait) + 1)
        }
        return page(
            request,
            "login.html",
            {"next": _safe_next(next), "failed": msg},
            lang,
            status=429,
            headers={"Retry-After": str(int(wait) + 1)},
        )
    user = s.scalar(select(User).where(User.username == username.strip()))
    ok = passwords.verify(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        limiter.fail(client, who)
        msg = lang.gettext("Wrong user name or password.")
        return page(request, "login.html", {"next": _safe_next(next), "failed": msg}, lang, 401)
    limiter.clear(who)
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in user
    request.session.update(
        user=user.username,
        role=user.role,
        lang=pick_language(user.locale),
        csrf=secrets.token_urlsafe(32),
    )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
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
        user = s.scalar(select(User).where(User.username == actor.username))
        if user is not None:
            user.locale = code
    if calendar in CALENDARS:
        request.session["calendar"] = calendar
    return RedirectResponse(_safe_next(back), status_code=303)
