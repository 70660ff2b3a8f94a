"""Randomized tamper test: single-cell edits made with sqlite3 behind Vigil's back.

A small store is built once by Vigil's own services from synthetic data
(`tests.audit.world`). Each edit is made on a fresh copy of that file with Python's sqlite3
(no Vigil code involved), then `audit.verify` runs on the copy. An edit is *caught* when
verification fails, and *named* when a problem names the table, the row and the column
(edits of the audit log itself are named by their entry). The table of edits, caught and
named by table is printed (run with ``-s`` to see it).

Every table a published figure, a grade, a person's facts or a permission rests on (users
and API tokens included) must have every edit caught and named. `link_pairs` is derived
(the scored candidate pairs of the latest run, used only to order and explain the review
queue; linkage recomputes them and no figure reads them), and so is `counters` (the next
person number: a hint, since allocation always starts above every stored person id, so an
edit can skip numbers but never reuse one); their edits are counted but not required.
`web_sessions`, `signin_limits`, `pending_uploads` and the field inbox's tables are
operational state (see docs/security.md and `tests.audit.tamper`).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Integer
from sqlalchemy.orm import sessionmaker

from tests.audit.tamper import NOT_REQUIRED, named, other_value, print_table, same
from tests.audit.world import build_store
from vigil.services import audit
from vigil.store.db import make_engine
from vigil.store.models import Base

SEED = 2019
EDITS = 520


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("tamper-world"))


def _edit(db: Path, rng: random.Random, table: str) -> tuple[str, str, str] | None:
    """One single-cell edit of `table`; (row key, column, note) or None if none possible."""
    t = Base.metadata.tables[table]
    pk = [c.name for c in t.primary_key.columns]
    con = sqlite3.connect(db)
    try:
        rows = con.execute(f'SELECT rowid, {", ".join(pk)} FROM "{table}"').fetchall()
        if not rows:
            return None
        for _ in range(20):
            rowid, *key = rng.choice(rows)
            column = rng.choice(list(t.columns))
            (old,) = con.execute(
                f'SELECT "{column.name}" FROM "{table}" WHERE rowid = ?', (rowid,)
            ).fetchone()
            new = other_value(rng, column.type, old)
            try:
                con.execute(
                    f'UPDATE "{table}" SET "{column.name}" = ? WHERE rowid = ?', (new, rowid)
                )
            except sqlite3.IntegrityError:
                con.rollback()
                continue  # refused by the database itself (NOT NULL, UNIQUE): no edit
            if column.primary_key and isinstance(column.type, Integer):
                rowid = new  # an INTEGER PRIMARY KEY is the rowid itself
            (now,) = con.execute(
                f'SELECT "{column.name}" FROM "{table}" WHERE rowid = ?', (rowid,)
            ).fetchone()
            if (type(now) is type(old) and now == old) or same(column.type, old, now):
                con.rollback()
                continue
            con.commit()
            return "/".join(str(k) for k in key), column.name, f"{old!r} -> {now!r}"
        return None
    finally:
        con.close()


def _problems(db: Path) -> list[str]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with sessionmaker(engine)() as s:
            return audit.verify(s).problems()
    finally:
        engine.dispose()


def test_randomized_single_cell_edits_are_caught_and_named(world_db: Path, tmp_path: Path) -> None:
    assert _problems(world_db) == [], "the untouched store must verify"
    rng = random.Random(SEED)
    tables = sorted(t for t in Base.metadata.tables)
    edits: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    named_: Counter[str] = Counter()
    missed: list[str] = []
    copy = tmp_path / "copy.db"
    for attempt in range(EDITS * 2):
        if sum(edits.values()) >= EDITS:
            break
        table = tables[attempt % len(tables)]  # every table in turn
        shutil.copyfile(world_db, copy)
        made = _edit(copy, rng, table)
        if made is None:
            continue
        key, column, note = made
        edits[table] += 1
        found = _problems(copy)
        if found:
            caught[table] += 1
        pk = [c.name for c in Base.metadata.tables[table].primary_key.columns]
        if named(found, table, key, column, pk):
            named_[table] += 1
        elif table not in NOT_REQUIRED:
            missed.append(f"{table} {key} {column}: {note} -> {found[:3]}")
    print_table(tables, edits, caught, named_)
    assert sum(edits.values()) >= 500
    assert not missed, "\n".join(missed[:20])
    for table in tables:
        if table not in NOT_REQUIRED:
            assert caught[table] == edits[table], table
