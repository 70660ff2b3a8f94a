"""Request dependencies: the store, the signed-in user, their language, permission checks.

Every route that shows or changes data depends on `signed_in`; permission questions go
to `vigil.security.permissions` (the one place the CLI and the web both ask).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain import Role
from vigil.security.permissions import Action, can, require
from vigil.store import Store
from vigil.store.models import User
from vigil.web.i18n import Lang, pick_language
from vigil.web.settings import WebSettings


class NotSignedIn(Exception):
    """No valid session: pages redirect to the sign-in form, the API answers 401."""


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the web layer sees them."""

    username: str
    role: Role
    locale: str

    def can(self, action: Action) -> bool:
        return can(self, action)

    def require(self, action: Action) -> None:
        require(self, action)

    @property
    def sees_sensitive(self) -> bool:
        return can(self, Action.READ_SENSITIVE)


# The dependencies that do no I/O are coroutines: FastAPI runs plain functions in its
# thread pool, and that hand-off costs more than the work on every request.


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


async def get_settings(request: Request) -> WebSettings:
    return settings_of(request)


def db_session(store: Annotated[Store, Depends(get_store)]) -> Iterator[Session]:
    """One transaction per request (committed when the route returns without error)."""
    with store.session() as s:
        yield s


def current_actor(request: Request, s: Annotated[Session, Depends(db_session)]) -> Actor:
    username = request.session.get("user")
    if not isinstance(username, str):
        raise NotSignedIn()
    user = s.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        request.session.clear()
        raise NotSignedIn()
    return Actor(user.username, Role(user.role), user.locale)


def language(request: Request) -> Lang:
    settings = settings_of(request)
    code = pick_language(request.session.get("lang"), settings.default_locale)
    cal = request.session.get("calendar")
    return Lang(code, cal if cal in ("gregorian", "jalali") else "gregorian")


async def request_language(request: Request) -> Lang:
    return language(request)


DB = Annotated[Session, Depends(db_session)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
CurrentLang = Annotated[Lang, Depends(request_language)]
Settings = Annotated[WebSettings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
