"""The session cookie: a random token naming a session kept in the store.

`ServerSessions` loads the session named by the ``vigil_session`` cookie (through
`vigil.services.sessions`, so every server process sees the same sessions) into
``request.session``, a plain dict that routes read and write as before, and writes back
what changed when the response starts. The cookie carries nothing but the token; the
store keeps only the token's SHA-256. Sign-in (`begin`) and sign-out (`end`) go through
the service, which creates or deletes the row; this module only sets or clears the cookie.

`SecureCookiesOverHttps` marks cookies Secure when the request came over https, even if
`https_only` is off (a server reached on loopback and through a TLS proxy needs it per
request).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigil.services import sessions, uploads
from vigil.services.sessions import SessionPolicy, SignInPolicy
from vigil.store import Store

COOKIE = "vigil_session"
_STATE = "vigil.session"
_FROM_ROW = ("user", "role")  # shown in request.session, kept in the row's own columns
PURGE_EVERY_S = 60.0


@dataclass
class _State:
    token: str | None  # the cookie's token, when it names a live session
    digest: str | None
    original: dict[str, Any] = field(default_factory=dict)
    new_token: str | None = None  # set by `begin` (sign-in)
    ended: bool = False  # set by `end` (sign-out)


def _state(request: Request) -> _State:
    state = request.scope.get(_STATE)
    if not isinstance(state, _State):
        raise RuntimeError("ServerSessions is not installed")
    return state


def current_token(request: Request) -> str | None:
    """The token of the browser's live session, if any (to end it on sign-in or sign-out)."""
    return _state(request).token


def begin(request: Request, token: str, data: dict[str, Any]) -> None:
    """Send the cookie of a session the service has just opened; `data` is what routes
    see in ``request.session`` from now on."""
    state = _state(request)
    state.new_token = token
    request.session.clear()
    request.session.update(data)


def end(request: Request) -> None:
    """Clear the cookie of a session the service has just ended."""
    state = _state(request)
    state.ended = True
    state.new_token = None
    request.session.clear()


def _stored(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _FROM_ROW}


class ServerSessions:
    def __init__(
        self,
        app: ASGIApp,
        store: Store,
        policy: SessionPolicy,
        signin: SignInPolicy,
        https_only: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.store = store
        self.policy = policy
        self.signin = signin
        self.https_only = https_only
        self.clock = clock
        self._next_purge = 0.0

    def _cookie(self, token: str | None) -> bytes:
        if token is None:
            value = f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        else:
            value = f"{COOKIE}={token}; Path=/; Max-Age={int(self.policy.absolute_s)}; "
            value += "HttpOnly; SameSite=Lax"
        if self.https_only:
            value += "; Secure"
        return value.encode("latin-1")

    def _load(self, token: str | None) -> sessions.LoadedSession | None:
        now = self.clock()
        if now >= self._next_purge:  # expired sessions, limits and uploads, now and then
            self._next_purge = now + PURGE_EVERY_S
            with self.store.session() as s:
                sessions.purge(s, self.policy, self.signin, now)
            with self.store.session() as s:
                uploads.purge_expired(s, now)
        if not token:
            return None
        return sessions.open_session(self.store, token, self.policy, now)

    def _persist(self, state: _State, data: dict[str, Any], had_cookie: bool) -> bytes | None:
        """Write back what the route changed; the Set-Cookie value to send, if any."""
        if state.new_token is not None:
            with self.store.session() as s:
                sessions.save_data(s, sessions.token_digest(state.new_token), _stored(data))
            return self._cookie(state.new_token)
        if state.ended:
            return self._cookie(None)
        stored = _stored(data)
        if state.digest is not None:
            if not data:  # cleared by a route: the session ends
                with self.store.session() as s:
                    sessions.revoke(s, state.token)
                return self._cookie(None)
            if stored != state.original:
                with self.store.session() as s:
                    sessions.save_data(s, state.digest, stored)
            return None
        if stored:  # an anonymous visitor's first state (a CSRF token, a language)
            with self.store.session() as s:
                token = sessions.create(s, None, stored, self.clock(), self.policy.secret)
            return self._cookie(token)
        return self._cookie(None) if had_cookie else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        token = None
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed Cookie header names no session
                    continue
                if COOKIE in jar:
                    token = jar[COOKIE].value
        loaded = await run_in_threadpool(self._load, token)
        data: dict[str, Any] = dict(loaded.data) if loaded else {}
        if loaded is not None and loaded.username is not None:
            data["user"] = loaded.username
            data["role"] = loaded.role
        state = _State(
            token if loaded else None, loaded.digest if loaded else None, _stored(dict(data))
        )
        scope["session"] = data
        scope[_STATE] = state

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await run_in_threadpool(
                    self._persist, state, scope["session"], token is not None
                )
                if cookie is not None:
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"], (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class SecureCookiesOverHttps:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = []
                for name, value in message.get("headers", []):
                    if name.lower() == b"set-cookie" and b"secure" not in value.lower():
                        value = value + b"; secure"
                    headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_secure)
