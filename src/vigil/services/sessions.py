"""Sign-in and server-side sessions: the one place a web user signs in, stays signed in
and is signed out, shared by every server process through the store.

A session is a row of `web_sessions` known by the SHA-256 of a random token; the browser
holds only the token. A session ends when

- its user signs out (`revoke`);
- its user's password, role or active flag changes (`revoke_user`, called by
  `vigil.services.users`);
- it has been idle for `SessionPolicy.idle_s` (default 30 minutes) or has lived for
  `SessionPolicy.absolute_s` (default 8 hours), whatever the cookie says;
- its row does not carry a valid `mac`: an HMAC-SHA256 of (token hash, user name, creation
  time) under a key derived from the server's secret. Someone who can write SQL but does
  not hold the secret cannot add a session row for a token they chose, move a session to
  another user or extend its lifetime; such a row signs nobody in and is deleted. The role
  is never stored here: it is read from `users` (covered by the audit chain) on each request.

Failed sign-ins are counted in `signin_limits`, per account and per client address: the
first `SignInPolicy.free_attempts` (default 5) cost nothing; from then on each failure
blocks that account or address for a back-off that doubles (15 s, 30 s, 1 min, ...) up
to `backoff_max_s` (15 minutes), and counts are forgotten after `forget_after_s` (1 hour)
without a failure. An attempt is counted *before* the password is checked, in its own
committed transaction, so that parallel attempts on several processes cannot slip past
the limit; a correct password then takes its attempt back. Nobody can lock a user out for
good: once the back-off has passed, the right password signs in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from vigil.errors import PermissionDenied
from vigil.store import Store
from vigil.store.locked_rows import ensure_locked
from vigil.store.models import SignInLimit, User, WebSession


@dataclass(frozen=True)
class SessionPolicy:
    idle_s: float = 30 * 60  # signed out after this long without a request
    absolute_s: float = 8 * 3600  # signed out this long after signing in, however active
    touch_s: float = 60.0  # `last_seen_at` is written at most this often per session
    secret: bytes = field(default=b"", repr=False)  # the server's secret; keys the row MACs


@dataclass(frozen=True)
class SignInPolicy:
    free_attempts: int = 5  # failures per account or address before the back-off starts
    backoff_s: float = 15.0  # the first wait; each further failure doubles it
    backoff_max_s: float = 900.0
    forget_after_s: float = 3600.0  # failure counts reset after this long without one
    pepper: bytes = b""  # the server's secret: keys the stored keys and new session rows

    def __post_init__(self) -> None:
        if self.free_attempts < 1:
            raise ValueError("free_attempts must be at least 1")
        if self.forget_after_s < self.backoff_max_s:
            raise ValueError("forget_after_s must be at least backoff_max_s")

    def backoff(self, failures: int) -> float:
        """Seconds blocked after the `failures`-th failure (0 while attempts are free)."""
        if failures < self.free_attempts:
            return 0.0
        return float(min(self.backoff_max_s, self.backoff_s * 2 ** (failures - self.free_attempts)))


class TooManyAttempts(PermissionDenied):
    """Sign-in refused without checking the password: wait `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(retry_after, 0.0)
        super().__init__(
            f"too many failed sign-ins; try again in {int(self.retry_after) + 1} seconds"
        )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


# --- sessions ---------------------------------------------------------------------------

_MAC_LABEL = b"vigil web_sessions row mac v1"


def row_mac(secret: bytes, digest: str, username: str | None, created_at: float) -> str:
    """The MAC that binds a session row to the server's secret: HMAC-SHA256, under a key
    derived from `secret` for this use only, of the token hash, user name and creation time
    (an unambiguous JSON array; None, an anonymous session, is not any user name)."""
    key = hmac.new(secret, _MAC_LABEL, hashlib.sha256).digest()
    msg = json.dumps([digest, username, float(created_at).hex()]).encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def _row_is_genuine(row: WebSession, secret: bytes) -> bool:
    expected = row_mac(secret, row.token_sha256, row.username, row.created_at)
    return hmac.compare_digest(expected, str(row.mac or ""))


@dataclass
class LoadedSession:
    digest: str
    username: str | None
    role: str | None
    data: dict[str, Any] = field(default_factory=dict)
    seen_at: float = 0.0


def create(
    s: Session, username: str | None, data: Mapping[str, Any], now: float, secret: bytes
) -> str:
    """A new session (anonymous when `username` is None), its row MACed under `secret` (the
    server's secret); returns its token."""
    token = new_token()
    digest = token_digest(token)
    s.add(
        WebSession(
            token_sha256=digest,
            username=username,
            data=dict(data),
            created_at=now,
            last_seen_at=now,
            mac=row_mac(secret, digest, username, now),
        )
    )
    return token


def load(
    s: Session, token: str, policy: SessionPolicy, now: float | None = None
) -> LoadedSession | None:
    """The live session for `token`, or None (unknown, revoked, idle, too old, its row not
    MACed under `policy.secret`, or its user gone or deactivated). Reads only;
    `open_session` also ends or marks it seen."""
    now = time.time() if now is None else now
    row = s.get(WebSession, token_digest(token))
    if row is None or not _row_is_genuine(row, policy.secret):
        return None
    if now - row.last_seen_at > policy.idle_s or now - row.created_at > policy.absolute_s:
        return None
    role: str | None = None
    if row.username is not None:
        user = s.scalar(select(User).where(User.username == row.username))
        if user is None or not user.active:
            return None
        role = user.role
    loaded = LoadedSession(row.token_sha256, row.username, role, dict(row.data or {}))
    loaded.seen_at = row.last_seen_at
    return loaded


def open_session(
    store: Store, token: str, policy: SessionPolicy, now: float | None = None
) -> LoadedSession | None:
    """`load`, then (each in a one-statement transaction, so that no read lock has to be
    upgraded on SQLite) delete a dead session's row or note that a live one was seen."""
    now = time.time() if now is None else now
    with store.session() as s:
        loaded = load(s, token, policy, now)
    if loaded is None:
        with store.session() as s:
            revoke(s, token)
    elif now - loaded.seen_at >= policy.touch_s:
        with store.session() as s:
            s.execute(
                update(WebSession)
                .where(WebSession.token_sha256 == loaded.digest)
                .values(last_seen_at=now)
            )
    return loaded


def save_data(s: Session, digest: str, data: Mapping[str, Any]) -> None:
    """Replace a live session's data (CSRF token, language, calendar)."""
    s.execute(update(WebSession).where(WebSession.token_sha256 == digest).values(data=dict(data)))


def revoke(s: Session, token: str | None) -> bool:
    """End one session (sign-out); True when there was one."""
    if not token:
        return False
    result = s.execute(delete(WebSession).where(WebSession.token_sha256 == token_digest(token)))
    return bool(getattr(result, "rowcount", 0))


def revoke_user(s: Session, username: str) -> int:
    """End every session of `username` (password, role or active flag changed)."""
    result = s.execute(delete(WebSession).where(WebSession.username == username))
    return int(getattr(result, "rowcount", 0) or 0)


def purge(s: Session, policy: SessionPolicy, signin: SignInPolicy, now: float) -> int:
    """Delete expired sessions and forgotten sign-in counts; returns how many rows."""
    sessions = s.execute(
        delete(WebSession).where(
            (WebSession.last_seen_at < now - policy.idle_s)
            | (WebSession.created_at < now - policy.absolute_s)
        )
    )
    limits = s.execute(
        delete(SignInLimit).where(SignInLimit.last_failure_at < now - signin.forget_after_s)
    )
    n = (getattr(sessions, "rowcount", 0) or 0) + (getattr(limits, "rowcount", 0) or 0)
    return int(n or 0)


# --- sign-in limits ---------------------------------------------------------------------


def limit_keys(username: str, client: str, policy: SignInPolicy) -> tuple[str, str]:
    """The stored keys of an account and a client address (HMACs: a user name mistyped
    with a password in it is not kept readable)."""

    def key(kind: str, value: str) -> str:
        msg = f"{kind}:{value}".encode()
        return hmac.new(policy.pepper, msg, hashlib.sha256).hexdigest()

    return key("user", username.strip().casefold()), key("client", client)


def _lock_rows(s: Session, keys: Sequence[str], now: float) -> dict[str, SignInLimit]:
    """Create missing rows and lock every one of `keys` for this transaction.

    See `vigil.store.locked_rows`: two processes cannot read the same count.
    """
    for k in sorted(keys):
        ensure_locked(
            s,
            SignInLimit,
            SignInLimit.key_sha256,
            {"key_sha256": k, "failures": 0, "last_failure_at": now, "blocked_until": None},
            SignInLimit.failures,
        )
    rows = s.scalars(
        select(SignInLimit)
        .where(SignInLimit.key_sha256.in_(keys))
        .execution_options(populate_existing=True)
    )
    return {r.key_sha256: r for r in rows}


def reserve_attempt(s: Session, keys: Sequence[str], policy: SignInPolicy, now: float) -> None:
    """Count one attempt against every key, or raise TooManyAttempts if any is blocked."""
    rows = _lock_rows(s, keys, now)
    wait = max((r.blocked_until or 0.0) - now for r in rows.values())
    if wait > 0:
        raise TooManyAttempts(wait)
    for r in rows.values():
        if now - r.last_failure_at > policy.forget_after_s:
            r.failures = 0
        r.failures += 1
        r.last_failure_at = now
        pause = policy.backoff(r.failures)
        r.blocked_until = now + pause if pause > 0 else None


def retry_after(s: Session, keys: Sequence[str], now: float) -> float:
    """Seconds until every key may try again (0 when none is blocked)."""
    until = s.scalars(select(SignInLimit.blocked_until).where(SignInLimit.key_sha256.in_(keys)))
    return max([0.0, *((u or 0.0) - now for u in until)])


def take_back_attempt(
    s: Session, account_key: str, client_key: str, policy: SignInPolicy, now: float
) -> None:
    """After a correct password: the account starts afresh, the address loses one count."""
    s.execute(delete(SignInLimit).where(SignInLimit.key_sha256 == account_key))
    row = _lock_rows(s, [client_key], now).get(client_key)
    if row is not None:
        row.failures = max(row.failures - 1, 0)
        # The attempt was let through, so any earlier block had passed: the block standing
        # now is this attempt's own, unless another failure has come in since.
        if row.last_failure_at == now:
            row.blocked_until = None


# --- sign-in ----------------------------------------------------------------------------


def sign_out(store: Store, token: str | None) -> None:
    with store.session() as s:
        revoke(s, token)
