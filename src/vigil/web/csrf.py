"""CSRF protection: one random token per session, required on every state-changing request.

Forms carry it in a hidden ``csrf_token`` field; htmx requests send it in the
``X-CSRF-Token`` header (set once on <body>). The comparison is constant-time.
"""

from __future__ import annotations

import secrets

from fastapi import Request

from vigil.errors import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
HEADER = "x-csrf-token"
FIELD = "csrf_token"


def session_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


class CsrfFailed(PermissionDenied):
    """A state-changing request without the session's token."""


async def csrf_protect(request: Request) -> None:
    """Dependency for every router with forms: refuse unsafe requests lacking the token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(FIELD)
            sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfFailed("the form has expired or did not come from this site; reload the page")
