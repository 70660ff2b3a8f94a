"""A row made if missing and locked for the rest of the transaction, on either backend.

One ``INSERT ... ON CONFLICT DO UPDATE`` that changes nothing: being a write, it takes
SQLite's write lock at once, and on PostgreSQL it locks the row until commit. Two server
processes counting against the same key (sign-in failures, request windows) therefore
never both read the same count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session


def ensure_locked(
    session: Session,
    model: type[Any],
    key: InstrumentedAttribute[Any],
    values: Mapping[str, Any],
    unchanged: InstrumentedAttribute[Any],
) -> None:
    """Insert `values` as a row of `model` unless its `key` exists; lock the row either way
    (the conflict sets `unchanged` to itself)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(model).values(**values)
    session.execute(
        stmt.on_conflict_do_update(index_elements=[key], set_={unchanged.key: unchanged})
    )
