"""Request limits kept in the store, so `vigil serve --workers N` limits as one process.

A limit is at most `limit` events per key in a fixed window of `window_s` seconds. The key
is stored only as an HMAC under the server's secret (a client address or a user name is
not kept readable). Counting is one upsert that locks the row (SQLite: the write lock;
PostgreSQL: the row lock until commit), so two workers never both take the last event.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vigil.store.locked_rows import ensure_locked
from vigil.store.models import RequestWindow

#: Rows whose window ended this long ago are deleted as new events come in.
FORGET_AFTER_S = 3600.0


def window_key(secret: bytes, limit_name: str, key: str) -> str:
    """The stored key of `key` under the limit `limit_name`."""
    return hmac.new(secret, f"{limit_name}:{key}".encode(), hashlib.sha256).hexdigest()


def retry_after(s: Session, key: str, limit: int, now: float) -> float:
    """Seconds until `key` may have another event (0: now); counts nothing."""
    row = s.get(RequestWindow, key)
    if row is None or row.expires_at <= now or row.count < limit:
        return 0.0
    return row.expires_at - now


def hit(s: Session, key: str, limit: int, window_s: float, now: float) -> float:
    """Count one event for `key`: 0 when allowed, else the seconds until one would be (the
    refused event is not counted)."""
    s.execute(delete(RequestWindow).where(RequestWindow.expires_at < now - FORGET_AFTER_S))
    ensure_locked(
        s,
        RequestWindow,
        RequestWindow.key_sha256,
        {"key_sha256": key, "window_start": now, "expires_at": now + window_s, "count": 0},
        RequestWindow.count,
    )
    row = s.scalars(
        select(RequestWindow)
        .where(RequestWindow.key_sha256 == key)
        .execution_options(populate_existing=True)
    ).one()
    if row.expires_at <= now:
        row.window_start, row.expires_at, row.count = now, now + window_s, 0
    if row.count >= limit:
        return row.expires_at - now
    row.count += 1
    return 0.0
