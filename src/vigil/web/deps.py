"""Request dependencies: the store, the signed-in user, their language, permission checks.

Every route that shows or changes data depends on `signed_in`; permission questions go
to `vigil.security.permissions` (the one place the CLI and the web both ask).

The JSON API (`api_actor`) also takes an API token, ``Authorization: Bearer vgl_...``
(`vigil.services.tokens`): the actor is then the token's user at their current role,
narrowed by the token's scopes. A request that sends the header is judged by it alone
(a bad token is refused, 401, even if a session cookie came too).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from vigil.domain import Role
from vigil.security.permissions import Action, can, require
from vigil.services import tokens, users
from vigil.store import Store
from vigil.web.i18n import Lang, pick_language
from vigil.web.ratelimit import RateLimited, limiter, request_client
from vigil.web.settings import WebSettings


class NotSignedIn(Exception):
    """No valid session: pages redirect to the sign-in form, the API answers 401."""


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the web layer sees them."""

    username: str
    role: Role
    locale: str
    # Set when acting through an API token: what its scopes allow (None: a web session).
    scopes: frozenset[str] | None = None
    token_id: str | None = None

    @property
    def by_token(self) -> bool:
        return self.scopes is not None

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
    user = users.active_user(s, username)
    if user is None:
        request.session.clear()
        raise NotSignedIn()
    return Actor(user.username, Role(user.role), user.locale)


bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="apiToken",
    description="An API token made with `vigil token new USER --scope SCOPE` "
    "(`vgl_<id>_<secret>`). It acts as its user, within its scopes: `read` (GET endpoints) "
    "and `records:write` (POST /api/records).",
)
cookie_scheme = APIKeyCookie(
    name="vigil_session",
    auto_error=False,
    scheme_name="session",
    description="The web app's session cookie (sign in at /login). Unsafe requests made "
    "with it also need the session's CSRF token in the `X-CSRF-Token` header.",
)


def api_actor(
    request: Request,
    s: Annotated[Session, Depends(db_session)],
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    _cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> Actor:
    """The actor of an API request: an API token if the request sends one, else the
    signed-in session (`current_actor`). A bad token is `tokens.BadToken` (401)."""
    header = request.headers.get("authorization")
    if header is None:
        return current_actor(request, s)
    settings = settings_of(request)
    client = request_client(request, settings.trusted_proxies)
    failures = limiter(request, "api_token_failures", settings.api_token_failures_per_minute)
    wait = failures.retry_after(client)
    if wait > 0:
        raise RateLimited("bad API tokens from this address", wait)
    scheme, _, value = header.partition(" ")
    try:
        if scheme.lower() != "bearer" or not value.strip():
            raise tokens.BadToken("send the API token as `Authorization: Bearer vgl_...`")
        who = tokens.authenticate(s, value.strip())
    except tokens.BadToken:
        failures.hit(client)
        raise
    locale = users.locale_of(s, who.name)
    return Actor(who.name, who.role, locale, who.scopes, who.token_id)


def language(request: Request) -> Lang:
    settings = settings_of(request)
    code = pick_language(request.session.get("lang"), settings.default_locale)
    cal = request.session.get("calendar")
    return Lang(code, cal if cal in ("gregorian", "jalali") else "gregorian")


async def request_language(request: Request) -> Lang:
    return language(request)


DB = Annotated[Session, Depends(db_session)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
ApiActor = Annotated[Actor, Depends(api_actor)]
CurrentLang = Annotated[Lang, Depends(request_language)]
Settings = Annotated[WebSettings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
