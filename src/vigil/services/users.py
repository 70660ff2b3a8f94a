"""Users, authentication, and who is acting.

With no users in the store, the local operator acts as admin (a fresh single-person
install needs no log-in). Once the first user exists, every change needs a user name and
password; `resolve_actor` enforces this for the CLI, and `sign_in`
(the web's sign-in, with its limits and sessions) calls the same `authenticate`. Changing a
user's password, role or active flag ends all of that user's web sessions; changing the role or
deactivating the user also revokes all of the user's API tokens (`end_access`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.domain import Role
from vigil.errors import InputError, PermissionDenied
from vigil.security.passwords import dummy_hash, hash_password, verify_password
from vigil.security.permissions import Action, Actor, HasRole, require
from vigil.services import audit, sessions, tokens
from vigil.store import Store
from vigil.store.models import User

LOCAL_OPERATOR = "operator"
_BAD_LOGIN = "wrong user name or password"


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def parse_role(role: str) -> Role:
    try:
        return Role(role.strip().lower())
    except ValueError as e:
        roles = ", ".join(r.value for r in Role)
        raise InputError(f"unknown role {role!r}; choose one of {roles}") from e


def add_user(session: Session, actor: HasRole, username: str, role: str, password: str) -> User:
    """Create a user (admin only, except the very first user, who must be an admin)."""
    name = username.strip()
    if not name or len(name) > 100:
        raise InputError("a user name must have 1 to 100 characters")
    parsed = parse_role(role)
    if has_users(session):
        require(actor, Action.MANAGE_USERS)
    elif parsed is not Role.ADMIN:
        raise InputError("the first user must be an admin (otherwise nobody could add users)")
    if session.scalar(select(User).where(User.username == name)) is not None:
        raise InputError(f"user {name!r} already exists")
    by = getattr(actor, "name", LOCAL_OPERATOR)
    user = User(
        username=name,
        role=parsed.value,
        password_hash=hash_password(password, [name]),
        created_by=by,
    )
    session.add(user)
    audit.record(session, by, "user_add", user)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise InputError(f"no user {username.strip()!r}")
    return user


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse to demote or deactivate the last active admin (nobody could manage users)."""
    admins = session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active)
    )
    if user.role == Role.ADMIN.value and user.active and (admins or 0) <= 1:
        raise InputError(f"{user.username!r} is the last active admin; add another admin first")


def set_password(session: Session, actor: HasRole, username: str, password: str) -> User:
    """A new password (admins for anyone, others for themselves); every session of the
    user ends, on every server process."""
    by = getattr(actor, "name", LOCAL_OPERATOR)
    user = _user(session, username)
    if by != user.username:
        require(actor, Action.MANAGE_USERS)
    user.password_hash = hash_password(password, [user.username])
    audit.record(session, by, "user_password", user)
    sessions.revoke_user(session, user.username)
    return user


def end_access(session: Session, username: str, *, by: str, why: str | None = None) -> None:
    """End every web session of `username` and, when `why` is given (the role changed, the
    user was deactivated), revoke every API token of theirs too: one hook for both."""
    sessions.revoke_user(session, username)
    if why is not None:
        tokens.revoke_user(session, username, by=by, why=why)


def set_role(session: Session, actor: HasRole, username: str, role: str) -> User:
    """Change a user's role (admin only); the user's sessions end."""
    require(actor, Action.MANAGE_USERS)
    user = _user(session, username)
    parsed = parse_role(role)
    if parsed.value != user.role:
        if parsed is not Role.ADMIN:
            _keep_an_admin(session, user)
        old = user.role
        user.role = parsed.value
        by = getattr(actor, "name", LOCAL_OPERATOR)
        audit.record(session, by, "user_role", user)
        end_access(session, user.username, by=by, why=f"role changed from {old} to {user.role}")
    else:
        end_access(session, user.username, by=getattr(actor, "name", LOCAL_OPERATOR))
    return user


def set_active(session: Session, actor: HasRole, username: str, active: bool) -> User:
    """Deactivate (or reactivate) a user (admin only); a deactivated user's sessions end
    and they can no longer sign in. Users are never deleted: the history names them."""
    require(actor, Action.MANAGE_USERS)
    user = _user(session, username)
    if user.active != active:
        if not active:
            _keep_an_admin(session, user)
        user.active = active
        action = "user_activate" if active else "user_deactivate"
        audit.record(session, getattr(actor, "name", LOCAL_OPERATOR), action, user)
    if not active:
        by = getattr(actor, "name", LOCAL_OPERATOR)
        end_access(session, user.username, by=by, why="user deactivated")
    return user


def authenticate(session: Session, username: str, password: str) -> Actor:
    """The Actor for a correct user name and password, else PermissionDenied.

    A missing or inactive user costs the same Argon2 verification as a wrong password.
    """
    user = session.scalar(select(User).where(User.username == username.strip()))
    stored = user.password_hash if user is not None else dummy_hash()
    ok = verify_password(stored, password)
    if user is None or not user.active or not ok:
        raise PermissionDenied(_BAD_LOGIN)
    return Actor(user.username, Role(user.role))


def active_user(session: Session, username: str) -> User | None:
    """The user of a web session; None once the user is gone or deactivated (the web layer
    then ends the session)."""
    user = session.scalar(select(User).where(User.username == username))
    return user if user is not None and user.active else None


def locale_of(session: Session, username: str, default: str = "en") -> str:
    """The language `username` chose (`default` for an unknown user)."""
    user = session.scalar(select(User).where(User.username == username))
    return user.locale if user is not None else default


def set_locale(session: Session, username: str, code: str) -> None:
    """Remember the language `username` chose (the web app's language switch)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        user.locale = code


def resolve_actor(
    session: Session, username: str | None, password: Callable[[], str | None]
) -> Actor:
    """Who is acting at the command line.

    No users yet: the local operator, as admin. Otherwise `username` is required and
    `password()` (an environment variable or a prompt) must match.
    """
    if not has_users(session):
        return Actor(username or LOCAL_OPERATOR, Role.ADMIN)
    if not username:
        raise PermissionDenied(
            "this store has users: give --user NAME (or $VIGIL_USER) and a password "
            "($VIGIL_PASSWORD or the prompt)"
        )
    secret = password()
    if not secret:
        raise PermissionDenied(f"no password given for {username}")
    return authenticate(session, username, secret)


def authorize(
    session: Session,
    username: str | None,
    password: str | Callable[[], str | None] | None,
    action: Action | None = None,
) -> Actor:
    """The acting user (`resolve_actor`), checked against `action` when given
    (PermissionDenied otherwise) and named as the actor of this session's audit entries. The
    CLI and the Python facade both call this."""
    secret = password if callable(password) else (lambda: password)
    actor = resolve_actor(session, username, secret)
    if action is not None:
        require(actor, action)
    audit.bind_actor(session, actor.name)
    return actor


# --- the web sign-in ---------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    token: str  # the new session's token, for the cookie
    locale: str


def sign_in(
    store: Store,
    username: str,
    password: str,
    *,
    client: str,
    policy: sessions.SignInPolicy,
    data: Mapping[str, Any] | None = None,
    replaces: str | None = None,
    now: float | None = None,
) -> SignedIn:
    """Check a user name and password under the sign-in limits and open a session.

    Raises `sessions.TooManyAttempts` (nothing checked) or PermissionDenied (wrong user name or
    password, or an inactive user: one message for all). `replaces` is the token of the
    browser's anonymous session, ended so that its id cannot be fixed in advance.
    """
    now = time.time() if now is None else now
    account_key, client_key = sessions.limit_keys(username, client, policy)
    with store.session() as s:  # committed before the (slow) password check
        sessions.reserve_attempt(s, [account_key, client_key], policy, now)
    with store.session() as s:
        actor = authenticate(s, username, password)  # PermissionDenied: the attempt stays
        user = s.scalar(select(User).where(User.username == actor.name))
        locale = user.locale if user is not None else "en"
    with store.session() as s:
        sessions.take_back_attempt(s, account_key, client_key, policy, now)
        sessions.revoke(s, replaces)
        token = sessions.create(s, actor.name, dict(data or {}), now, policy.pepper)
    return SignedIn(actor, token, locale)
