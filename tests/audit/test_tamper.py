"""Randomized tamper test: single-cell edits made with sqlite3 behind Vigil's back.

A small store is built once by Vigil's own services from synthetic data
(`tests.audit.world`). Each edit is made on a fresh copy of that file with Python's sqlite3
(no Vigil code involved), then `audit.verify` runs on the copy. An edit is *caught* when
verification fails, and *named* when a problem names the table, the row and the column
(edits of the audit log itself are named by their entry). The table of edits, caught and
named by table is printed (run with ``-s`` to see it).

Every table a published figure, a grade, a person's facts or a permission rests on (users
and API tokens included) must have every edit caught and named. `link_pairs` is derived (the
scored candidate pairs of the latest run, used only to order and explain the review queue;
linkage recomputes them and no figure reads them), and so is `counters` (the next person
number: a hint, since allocation always starts above every stored person id, so an edit can
skip numbers but never reuse one); their edits are counted but not required. `web_sessions`,
`signin_limits` and `pending_uploads` are the web server's operational state (see
docs/security.md), empty in this store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary
from sqlalchemy.orm import sessionmaker

from tests.audit.world import build_store
from vigil.services import audit
from vigil.services.audit_state import Malformed, normalize
from vigil.store.db import make_engine
from vigil.store.models import Base

SEED = 2019
EDITS = 520
DERIVED = frozenset({"link_pairs", "counters"})  # see the module docstring and the README
# Operational state of the web server, not evidence: no figure, grade or role reads them.
OPERATIONAL = frozenset({"web_sessions", "signin_limits", "pending_uploads"})
NOT_REQUIRED = DERIVED | OPERATIONAL


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("tamper-world"))


def _other_value(rng: random.Random, kind: Any, old: Any) -> Any:
    """A value for a cell of column type `kind` that differs from `old`."""
    if old is not None and rng.random() < 0.12:
        return None
    if rng.random() < 0.06:
        return rng.choice(["garbage", "", "\x00", "1e999", "-"])  # malformed for most types
    if isinstance(kind, Boolean):
        return 0 if old else 1
    if isinstance(kind, Integer):
        return (old if isinstance(old, int) else 0) + rng.choice([1, -1, 7, 300])
    if isinstance(kind, Float):
        return (old if isinstance(old, float | int) else 0.0) + rng.choice([0.125, -0.5, 3.0])
    if isinstance(kind, DateTime):
        base = dt.datetime(2020, 1, 1)
        if isinstance(old, str):
            with contextlib.suppress(ValueError):
                base = dt.datetime.fromisoformat(old)
        return (base + dt.timedelta(seconds=rng.choice([1, 3600, -86400]))).isoformat(" ")
    if isinstance(kind, Date):
        base_d = dt.date(2019, 11, 16)
        if isinstance(old, str):
            with contextlib.suppress(ValueError):
                base_d = dt.date.fromisoformat(old)
        return (base_d + dt.timedelta(days=rng.choice([1, -1, 365]))).isoformat()
    if isinstance(kind, JSON):
        try:
            value = json.loads(old) if isinstance(old, str) else None
        except ValueError:
            value = None
        if isinstance(value, dict) and value and rng.random() < 0.6:
            key = rng.choice(sorted(value))
            value[key] = "tampered"
            return json.dumps(value)
        if isinstance(value, list) and rng.random() < 0.6:
            return json.dumps([*value, "tampered"])
        return json.dumps({"tampered": True})
    if isinstance(kind, LargeBinary):
        raw = bytes(old) if isinstance(old, bytes) else b"\x00"
        return bytes([raw[0] ^ 1]) + raw[1:]
    text = old if isinstance(old, str) else ""
    return rng.choice([text + "x", text[:-1] if text else "y", "=HYPERLINK(1)", text.upper() + "!"])


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
            new = _other_value(rng, column.type, old)
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
            if (type(now) is type(old) and now == old) or _same(column.type, old, now):
                con.rollback()
                continue
            con.commit()
            return "/".join(str(k) for k in key), column.name, f"{old!r} -> {now!r}"
        return None
    finally:
        con.close()


def _same(kind: Any, old: Any, now: Any) -> bool:
    """Vigil reads both as one value (JSON 'null' and SQL NULL): no change was made."""
    a, b = normalize(kind, old), normalize(kind, now)
    return not isinstance(a, Malformed) and type(a) is type(b) and a == b


def _problems(db: Path) -> list[str]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with sessionmaker(engine)() as s:
            return audit.verify(s).problems()
    finally:
        engine.dispose()


def _named(problems: list[str], table: str, key: str, column: str, pk: list[str]) -> bool:
    if table == "audit_log":  # named as the edited entry, or as the one now missing
        return any(p.startswith(f"audit entry {key}:") or f"entries {key}.." in p for p in problems)
    head = f"{table} {key}:"
    if column in pk:  # a changed key: the old row is missing, a new one appeared
        return any(p.startswith(head) for p in problems)
    return any(p.startswith(head) and column in p for p in problems)


def test_randomized_single_cell_edits_are_caught_and_named(world_db: Path, tmp_path: Path) -> None:
    assert _problems(world_db) == [], "the untouched store must verify"
    rng = random.Random(SEED)
    tables = sorted(t for t in Base.metadata.tables)
    edits: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    named: Counter[str] = Counter()
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
        if _named(found, table, key, column, pk):
            named[table] += 1
        elif table not in NOT_REQUIRED:
            missed.append(f"{table} {key} {column}: {note} -> {found[:3]}")
    print(f"\n{'table':<18}{'edits':>7}{'caught':>8}{'named':>7}{'not caught':>12}")
    for table in tables:
        print(
            f"{table:<18}{edits[table]:>7}{caught[table]:>8}{named[table]:>7}"
            f"{edits[table] - caught[table]:>12}"
        )
    print(f"{'all':<18}{sum(edits.values()):>7}{sum(caught.values()):>8}{sum(named.values()):>7}")
    assert sum(edits.values()) >= 500
    assert not missed, "\n".join(missed[:20])
    for table in tables:
        if table not in NOT_REQUIRED:
            assert caught[table] == edits[table], table
