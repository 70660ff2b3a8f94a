"""Per-user API tokens for integrations: created, listed, revoked, and checked on each use.

A token reads ``vgl_<id>_<secret>``: `id` (12 hex digits) finds its row, `secret` is 32
random bytes (URL-safe base64). The token is shown once, when it is made; the store keeps
only the SHA-256 of the whole token (a copied database opens nothing; 256 random bits need
no slow hash). A token

- acts as its user: what it may do is what the user's role allows *now* AND what its
  scopes allow (`vigil.security.permissions.SCOPE_ACTIONS`), never more; a scope the
  user's role does not cover is refused when the token is made;
- is refused once revoked, past its expiry, or when its user is deactivated;
- is revoked, with every other token of its user, when the user's role changes or the
  user is deactivated (`revoke_user`, called by `vigil.services.users` beside the web
  sessions' own revocation).

Rows are never deleted: a revoked token stays listed with who revoked it, when and why.
`api_tokens` is covered by the audit log (a token is a permission).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain import Role
from vigil.errors import InputError, NotFound, PermissionDenied
from vigil.security.permissions import (
    Action,
    HasRole,
    Scope,
    can,
    parse_scope,
    require,
    role_allows_scope,
)
from vigil.services import audit
from vigil.store.models import ApiToken, User

PREFIX = "vgl_"
_TOKEN = re.compile(r"vgl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
MAX_EXPIRY_DAYS = 3650


class BadToken(PermissionDenied):
    """A bearer token that opens nothing (malformed, unknown, revoked, expired, or its user
    deactivated); the message says which, once the token's secret has been matched."""


@dataclass(frozen=True)
class TokenActor:
    """Who acts through a token: the user's name and current role, narrowed by `scopes`."""

    name: str
    role: Role
    scopes: frozenset[str]
    token_id: str

    @property
    def username(self) -> str:
        return self.name


@dataclass(frozen=True)
class NewToken:
    row: ApiToken
    token: str  # shown once; never stored


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _actor_name(actor: HasRole) -> str:
    return str(getattr(actor, "name", None) or getattr(actor, "username", "operator"))


def _user(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise InputError(f"no user {username.strip()!r}")
    return user


def create_token(
    s: Session,
    actor: HasRole,
    username: str,
    scopes: Iterable[str],
    *,
    expires_days: int | None = None,
    label: str | None = None,
    now: dt.datetime | None = None,
) -> NewToken:
    """A new token for `username` (admins for anyone, a user for themselves).

    Refused for an inactive user, with no scope, or with a scope the user's role does not
    cover (a viewer's token cannot write records)."""
    by = _actor_name(actor)
    user = _user(s, username)
    if by != user.username:
        require(actor, Action.MANAGE_USERS)
    if not user.active:
        raise InputError(f"user {user.username!r} is deactivated; activate them first")
    wanted = sorted({parse_scope(x) for x in scopes}, key=lambda sc: sc.value)
    if not wanted:
        known = ", ".join(sc.value for sc in Scope)
        raise InputError(f"a token needs at least one scope (--scope): {known}")
    role = Role(user.role)
    for scope in wanted:
        if not role_allows_scope(role, scope):
            raise PermissionDenied(
                f"{user.username} is {role.value}; a token of theirs cannot have scope "
                f"{scope.value!r} (a token never goes beyond its user's role)"
            )
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise InputError(f"--expires-days must be between 1 and {MAX_EXPIRY_DAYS}")
    if label is not None and (len(label) > 200 or any(not c.isprintable() for c in label)):
        raise InputError("a token label must be printable and at most 200 characters")
    now = now or dt.datetime.now(dt.UTC)
    token_id = secrets.token_hex(6)
    while s.get(ApiToken, token_id) is not None:  # pragma: no cover - 48 random bits
        token_id = secrets.token_hex(6)
    token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    row = ApiToken(
        id=token_id,
        username=user.username,
        label=label or None,
        scopes=[sc.value for sc in wanted],
        secret_sha256=digest(token),
        expires_at=now + dt.timedelta(days=expires_days) if expires_days else None,
        created_by=by,
        created_at=now,
    )
    s.add(row)
    s.flush()
    audit.record(s, by, "token_new", row)
    return NewToken(row, token)


def list_tokens(s: Session, actor: HasRole, username: str | None = None) -> list[ApiToken]:
    """Tokens (revoked ones too), newest first: every user's for admins, else one's own."""
    by = _actor_name(actor)
    stmt = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id)
    if not can(actor, Action.MANAGE_USERS):
        if username is not None and username.strip() != by:
            require(actor, Action.MANAGE_USERS)
        username = by
    if username is not None:
        stmt = stmt.where(ApiToken.username == username.strip())
    return list(s.scalars(stmt))


def revoke_token(s: Session, actor: HasRole, token_id: str, *, why: str = "revoked") -> ApiToken:
    """Revoke one token (its owner or an admin); revoking twice changes nothing."""
    row = s.get(ApiToken, token_id.strip().removeprefix(PREFIX).split("_")[0])
    by = _actor_name(actor)
    if row is None or (row.username != by and not can(actor, Action.MANAGE_USERS)):
        raise NotFound(f"no API token {token_id.strip()!r}")
    if row.revoked_at is None:
        row.revoked_at = dt.datetime.now(dt.UTC)
        row.revoked_by = by
        row.revoked_why = why[:200]
        audit.record(s, by, "token_revoke", row)
    return row


def revoke_user(s: Session, username: str, *, by: str, why: str) -> int:
    """Revoke every live token of `username` (role changed, user deactivated, on request)."""
    rows = s.scalars(
        select(ApiToken).where(ApiToken.username == username, ApiToken.revoked_at.is_(None))
    ).all()
    now = dt.datetime.now(dt.UTC)
    for row in rows:
        row.revoked_at = now
        row.revoked_by = by
        row.revoked_why = why[:200]
        audit.record(s, by, "token_revoke", row)
    return len(rows)


def revoke_all_of(s: Session, actor: HasRole, username: str) -> int:
    """`vigil token revoke --user NAME`: the user themselves or an admin."""
    by = _actor_name(actor)
    user = _user(s, username)
    if user.username != by:
        require(actor, Action.MANAGE_USERS)
    return revoke_user(s, user.username, by=by, why="revoked with all of the user's tokens")


def authenticate(s: Session, token: str, now: dt.datetime | None = None) -> TokenActor:
    """The actor a bearer token stands for, or BadToken saying why not.

    The secret is compared (constant time) before anything about the row is told, so only
    the token's holder learns that it was revoked or has expired."""
    m = _TOKEN.fullmatch(token.strip())
    if m is None:
        raise BadToken("not a Vigil API token (expected vgl_<id>_<secret>, as `vigil token new`)")
    row = s.get(ApiToken, m.group(1))
    expected = row.secret_sha256 if row is not None else "0" * 64
    if not hmac.compare_digest(expected, digest(token.strip())) or row is None:
        raise BadToken("unknown API token")
    now = now or dt.datetime.now(dt.UTC)
    if row.revoked_at is not None:
        raise BadToken(f"this API token was revoked ({row.revoked_why or 'revoked'})")
    expires = _utc(row.expires_at)
    if expires is not None and now >= expires:
        raise BadToken(f"this API token expired on {expires:%Y-%m-%d %H:%M} UTC")
    user = s.scalar(select(User).where(User.username == row.username))
    if user is None or not user.active:
        raise BadToken(f"the user of this API token ({row.username}) is deactivated")
    try:
        role = Role(user.role)
    except ValueError:
        raise BadToken(f"the user of this API token has no valid role ({user.role!r})") from None
    scopes = frozenset(str(x) for x in (row.scopes or []) if isinstance(x, str))
    return TokenActor(user.username, role, scopes, row.id)


def status(row: ApiToken, now: dt.datetime | None = None) -> str:
    """'active', 'revoked' or 'expired', for listings."""
    if row.revoked_at is not None:
        return "revoked"
    expires = _utc(row.expires_at)
    if expires is not None and (now or dt.datetime.now(dt.UTC)) >= expires:
        return "expired"
    return "active"
