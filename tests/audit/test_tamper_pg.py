"""The randomized tamper test on PostgreSQL: single-cell edits made with SQL behind Vigil's back.

The same world as `tests.audit.test_tamper` is built by Vigil's services in a schema of its
own. Each edit is one ``UPDATE`` made over a plain database connection inside a
transaction; `audit.verify` then reads the edited rows through that same connection, and
the transaction is rolled back, so every edit starts from the untouched store. PostgreSQL
refuses values of the wrong type that SQLite would keep (text in an integer column): such
an edit is refused by the database itself and not counted, as NOT NULL and UNIQUE
refusals are on SQLite.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.audit.tamper import NOT_REQUIRED, named, other_value, print_table, same
from tests.audit.world import build_world
from tests.conftest import PG_URL, pg_available
from vigil.services import audit
from vigil.store.models import Base

SEED = 1398
EDITS = 300

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def world_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if not pg_available():
        pytest.fail(f"PostgreSQL is required here but not reachable at {PG_URL}")
    schema = f"tamper_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    build_world(url, tmp_path_factory.mktemp("tamper-pg"))
    engine = create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _problems(conn: Connection) -> list[str]:
    with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
        return audit.verify(s).problems()


def _pg_value(kind: Any, value: Any) -> Any:
    """PostgreSQL takes booleans as booleans (SQLite's 0/1 would be refused)."""
    if isinstance(kind, Boolean) and isinstance(value, int):
        return bool(value)
    return value


def _cell(conn: Connection, table: str, column: str, where: str, key: dict[str, Any]) -> Any:
    """A cell as text (to tell a change) and as the driver reads it (as Vigil would)."""
    row = conn.exec_driver_sql(
        f'SELECT "{column}"::text, "{column}" FROM "{table}" WHERE {where}', key
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def _edit(conn: Connection, rng: random.Random, table: str) -> tuple[str, str, str] | None:
    """One single-cell edit inside the open transaction; (row key, column, note) or None."""
    t = Base.metadata.tables[table]
    pk = [c.name for c in t.primary_key.columns]
    cols = ", ".join(f'"{c}"' for c in pk)
    rows = conn.exec_driver_sql(f'SELECT {cols} FROM "{table}"').fetchall()
    if not rows:
        return None
    where = " AND ".join(f'"{c}" = %({c})s' for c in pk)
    for _ in range(20):
        key = dict(zip(pk, rng.choice(rows), strict=True))
        row_key = "/".join(str(v) for v in key.values())
        column = rng.choice(list(t.columns))
        old_text, old = _cell(conn, table, column.name, where, key)
        as_sqlite = old_text if isinstance(column.type, JSON | Date | DateTime) else old
        new = _pg_value(column.type, other_value(rng, column.type, as_sqlite))
        savepoint = conn.begin_nested()
        try:
            conn.exec_driver_sql(
                f'UPDATE "{table}" SET "{column.name}" = %(new)s WHERE {where}',
                {**key, "new": new},
            )
        except DBAPIError:
            savepoint.rollback()
            continue  # refused by the database itself (type, NOT NULL, UNIQUE): no edit
        if column.name in pk:
            key = {**key, column.name: new}
        now_text, now = _cell(conn, table, column.name, where, key)
        if now_text == old_text or same(column.type, old, now):
            savepoint.rollback()
            continue
        return row_key, column.name, f"{old_text!r} -> {now_text!r}"
    return None


def test_randomized_single_cell_edits_are_caught_and_named_on_postgresql(
    world_engine: Engine, tmp_path: Path
) -> None:
    with world_engine.connect() as conn:
        assert _problems(conn) == [], "the untouched store must verify"
    rng = random.Random(SEED)
    tables = sorted(Base.metadata.tables)
    edits: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    named_: Counter[str] = Counter()
    missed: list[str] = []
    for attempt in range(EDITS * 3):
        if sum(edits.values()) >= EDITS:
            break
        table = tables[attempt % len(tables)]  # every table in turn
        with world_engine.connect() as conn:
            trans = conn.begin()
            try:
                made = _edit(conn, rng, table)
                if made is None:
                    continue
                key, column, note = made
                edits[table] += 1
                found = _problems(conn)
            finally:
                trans.rollback()
        if found:
            caught[table] += 1
        pk = [c.name for c in Base.metadata.tables[table].primary_key.columns]
        if named(found, table, key, column, pk):
            named_[table] += 1
        elif table not in NOT_REQUIRED:
            missed.append(f"{table} {key} {column}: {note} -> {found[:3]}")
    print_table(tables, edits, caught, named_)
    assert sum(edits.values()) >= EDITS
    assert not missed, "\n".join(missed[:20])
    for table in tables:
        if table not in NOT_REQUIRED:
            assert caught[table] == edits[table], table
