"""Raw cells, and the row sets of derived tables, for the audit service.

Two things live here, both used by `vigil.services.audit`:

**Cells read as stored.** `read_rows` reads a table with the driver's own values (no
SQLAlchemy type processing) and `normalize` turns each cell into the Python value the ORM
would have produced, or flags it as malformed. A cell that someone set to ``'garbage'`` in a
date column is therefore *reported*, never a traceback, and SQLite and PostgreSQL give the
same canonical values.

**Row sets.** Persons, violations, acts and the record-to-person links (``source_records.person_id``
and ``match_probability``) are written in bulk by linkage, grading and link decisions, with
Core statements that the ORM safety net does not see. Every transaction that writes one of
them is watched: the first write statement (or ORM flush) to a set's table takes a picture
of that set,
and at commit the rows that changed are appended to the chain as ``rows`` entries with their
full canonical values (``{"columns": [...], "rows": {pk: [values]}, "deleted": [pk]}``).
Only what the transaction itself changed is recorded, so an edit made behind Vigil's back
before that transaction is never absorbed into the history. `verify_sets` replays those
entries and compares every current cell with the value the history gives it, naming table,
row and column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    bindparam,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from vigil.audit import jsonable
from vigil.store.models import Base


@dataclass(frozen=True)
class Malformed:
    """A stored cell that is not a value of its column's type."""

    reason: str
    raw: str

    def __repr__(self) -> str:
        return f"malformed({self.reason})"


def _table(name: str) -> Table:
    table = Base.metadata.tables[name]
    if not isinstance(table, Table):  # pragma: no cover - metadata holds tables only
        raise TypeError(name)
    return table


def normalize(kind: TypeEngine[Any], raw: Any) -> Any:
    """The value the ORM would give for `raw` (a driver value), or a `Malformed` marker."""
    if raw is None:
        return None
    if isinstance(raw, memoryview):
        raw = bytes(raw)
    if isinstance(kind, Boolean):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        return Malformed("not a boolean", repr(raw)[:60])
    if isinstance(kind, Integer | BigInteger):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        return Malformed("not an integer", repr(raw)[:60])
    if isinstance(kind, Float):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw)
        return Malformed("not a number", repr(raw)[:60])
    if isinstance(kind, DateTime):
        if isinstance(raw, dt.datetime):
            return raw
        if isinstance(raw, str):
            try:
                return dt.datetime.fromisoformat(raw)
            except ValueError:
                pass
        return Malformed("not a timestamp", repr(raw)[:60])
    if isinstance(kind, Date):
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
        return Malformed("not a date", repr(raw)[:60])
    if isinstance(kind, JSON):
        if isinstance(raw, str):
            try:
                return json.loads(raw)
            except ValueError:
                return Malformed("not JSON", repr(raw)[:60])
        if isinstance(raw, dict | list | int | float | bool):
            return raw
        return Malformed("not JSON", repr(raw)[:60])
    if isinstance(kind, LargeBinary):
        if isinstance(raw, bytes):
            return raw
        return Malformed("not binary", repr(raw)[:60])
    if isinstance(kind, String | Text):
        if isinstance(raw, str):
            return raw
        return Malformed("not text", repr(raw)[:60])
    return raw


def cell_json(value: Any) -> Any:
    """The JSON form of a normalized cell, as kept in history (malformed cells: a marker)."""
    if isinstance(value, Malformed):
        return {"__malformed__": value.reason, "raw": value.raw}
    return jsonable(value)


def _quote(session: Session, name: str) -> str:
    return str(session.get_bind().dialect.identifier_preparer.quote(name))


def read_raw(
    session: Session,
    table: str,
    columns: Iterable[str] | None = None,
    *,
    where_in: tuple[str, list[Any]] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows of `table` as the driver returns them: (primary key values..., columns...)."""
    t = _table(table)
    pk = [c.name for c in t.primary_key.columns]
    cols = list(columns) if columns is not None else [c.name for c in t.columns]
    names = ", ".join(_quote(session, c) for c in [*pk, *cols])
    sql = f"SELECT {names} FROM {_quote(session, table)}"
    params: dict[str, Any] = {}
    stmt: Any
    if where_in is not None:
        col, keys = where_in
        if not keys:
            return iter(())
        sql += f" WHERE {_quote(session, col)} IN :keys"
        stmt = text(sql).bindparams(bindparam("keys", expanding=True))
        params = {"keys": keys}
    else:
        stmt = text(sql)
    return (tuple(r) for r in session.execute(stmt, params))


def read_rows(
    session: Session, table: str, *, where_in: tuple[str, list[Any]] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(primary key text, {column: normalized value}) for every row of `table`."""
    t = _table(table)
    pk_n = len(t.primary_key.columns)
    cols = list(t.columns)
    for raw in read_raw(session, table, where_in=where_in):
        key = "/".join(str(v) for v in raw[:pk_n])
        yield key, {c.name: normalize(c.type, v) for c, v in zip(cols, raw[pk_n:], strict=True)}


# --- row sets --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSet:
    """Columns of a table whose rows are recorded as `rows` entries when they change."""

    name: str  # the entry's entity
    table: str
    columns: tuple[str, ...]
    # A row whose columns are all None counts as absent (record links before linkage).
    none_is_absent: bool = False


def _all_columns(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in _table(table).columns)


ROW_SETS: tuple[RowSet, ...] = (
    RowSet("persons", "persons", _all_columns("persons")),
    RowSet("violations", "violations", _all_columns("violations")),
    # How each record's violation was done (vigil.domain.acts): shares and grades read it.
    RowSet("acts", "acts", _all_columns("acts")),
    RowSet(
        "source_records.link",
        "source_records",
        ("person_id", "match_probability"),
        none_is_absent=True,
    ),
)
SET_TABLES = frozenset(r.table for r in ROW_SETS)
_PICTURE = "vigil_audit_sets_before"
CHUNK = 5000


def _picture(session: Session, rs: RowSet) -> dict[str, tuple[Any, ...]]:
    t = _table(rs.table)
    pk_n = len(t.primary_key.columns)
    out: dict[str, tuple[Any, ...]] = {}
    for raw in read_raw(session, rs.table, rs.columns):
        values = raw[pk_n:]
        if rs.none_is_absent and all(v is None for v in values):
            continue
        out["/".join(str(v) for v in raw[:pk_n])] = values
    return out


def watch(session: Session, table: str | None = None) -> None:
    """Take the picture of the row sets on `table` (all of them when None) before this
    transaction's first write to it; each set is pictured once per transaction, so an
    import that writes acts does not read the persons or the record links."""
    pictures: dict[str, dict[str, tuple[Any, ...]]] = session.info.setdefault(_PICTURE, {})
    for rs in ROW_SETS:
        if rs.name not in pictures and (table is None or rs.table == table):
            pictures[rs.name] = _picture(session, rs)


def forget(session: Session) -> None:
    session.info.pop(_PICTURE, None)


def changes(session: Session) -> list[tuple[str, dict[str, Any]]]:
    """(entity, entry body) for what this transaction changed in each row set; clears."""
    before: dict[str, dict[str, tuple[Any, ...]]] | None = session.info.pop(_PICTURE, None)
    if not before:
        return []
    return _diff(session, before, tuple(rs for rs in ROW_SETS if rs.name in before))


def unlogged_rows(
    session: Session, entries: Iterable[Mapping[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """Entry bodies holding the current rows of each row set that no entry ever named
    (`audit.adopt`); rows with history are left out, edited or not."""
    logged: dict[str, set[str]] = {rs.name: set() for rs in ROW_SETS}
    for e in entries:
        body = e.get("after")
        if e.get("action") != "rows" or e.get("entity") not in logged or not isinstance(body, dict):
            continue
        logged[str(e["entity"])].update(str(k) for k in body.get("rows") or {})
        logged[str(e["entity"])].update(str(k) for k in body.get("deleted") or [])
    out: list[tuple[str, dict[str, Any]]] = []
    for rs in ROW_SETS:
        current = _picture(session, rs)
        # Pretend the logged rows were unchanged, so only the unlogged ones are written.
        before = {k: v for k, v in current.items() if k in logged[rs.name]}
        out += _diff(session, {rs.name: before}, (rs,), after={rs.name: current})
    return out


def _diff(
    session: Session,
    before: Mapping[str, dict[str, tuple[Any, ...]]],
    sets: tuple[RowSet, ...],
    *,
    after: Mapping[str, dict[str, tuple[Any, ...]]] | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for rs in sets:
        old = before[rs.name]
        new = after[rs.name] if after is not None else _picture(session, rs)
        changed = [k for k, v in new.items() if old.get(k) != v]
        deleted = sorted(k for k in old if k not in new)
        if not changed and not deleted:
            continue
        kinds = [_table(rs.table).c[c].type for c in rs.columns]
        changed.sort()
        for lo in range(0, max(len(changed), 1), CHUNK):
            rows = {
                k: [cell_json(normalize(t, v)) for t, v in zip(kinds, new[k], strict=True)]
                for k in changed[lo : lo + CHUNK]
            }
            body: dict[str, Any] = {"columns": list(rs.columns), "rows": rows, "deleted": []}
            if lo == 0:
                body["deleted"] = deleted
            out.append((rs.name, body))
    return out


@dataclass
class CellProblem:
    where: str
    detail: str


def verify_sets(session: Session, entries: Iterable[Mapping[str, Any]]) -> list[CellProblem]:
    """Replay the `rows` entries and compare every current cell of every row set."""
    problems: list[CellProblem] = []
    by_name = {rs.name: rs for rs in ROW_SETS}
    state: dict[str, dict[str, tuple[int, dict[str, Any]]]] = {rs.name: {} for rs in ROW_SETS}
    for e in entries:
        if e.get("action") != "rows" or e.get("entity") not in by_name:
            continue
        body = e.get("after")
        if not isinstance(body, dict):
            continue  # an edited entry: the chain check reports it
        seq = int(e["seq"]) if isinstance(e.get("seq"), int) else 0
        cols, deleted, rows = body.get("columns"), body.get("deleted"), body.get("rows")
        if not all(isinstance(v, list | None) for v in (cols, deleted)) or not isinstance(
            rows, dict | None
        ):
            continue  # an edited entry (a list turned into text): the chain check reports it
        cols = cols or []
        target = state[str(e["entity"])]
        for key in deleted or []:
            target.pop(str(key), None)
        for key, values in (rows or {}).items():
            if isinstance(values, list) and len(values) == len(cols):
                target[str(key)] = (seq, dict(zip(cols, values, strict=True)))
    for rs in ROW_SETS:
        expected = state[rs.name]
        t = _table(rs.table)
        pk_n = len(t.primary_key.columns)
        kinds = [t.c[c].type for c in rs.columns]
        seen: set[str] = set()
        for raw in read_raw(session, rs.table, rs.columns):
            key = "/".join(str(v) for v in raw[:pk_n])
            values = [normalize(k, v) for k, v in zip(kinds, raw[pk_n:], strict=True)]
            if rs.none_is_absent and all(v is None for v in values):
                if key in expected:
                    seen.add(key)
                    seq = expected[key][0]
                    cols = [c for c in rs.columns if expected[key][1].get(c) is not None]
                    problems.append(
                        CellProblem(
                            f"{rs.table} {key}",
                            f"column(s) {', '.join(cols)} emptied outside the history "
                            f"(audit entry {seq})",
                        )
                    )
                continue
            seen.add(key)
            where = f"{rs.table} {key}"
            if key not in expected:
                problems.append(CellProblem(where, "row is not in the audit history"))
                continue
            seq, want = expected[key]
            for col, value in zip(rs.columns, values, strict=True):
                if cell_json(value) != want.get(col):
                    note = f" ({value.reason})" if isinstance(value, Malformed) else ""
                    problems.append(
                        CellProblem(
                            where,
                            f"column {col} does not match audit entry {seq}{note}",
                        )
                    )
        for key, (seq, _want) in expected.items():
            if key not in seen:
                detail = (
                    f"link columns emptied or row deleted outside the history (entry {seq})"
                    if rs.none_is_absent
                    else f"row is missing (deleted outside the history; see entry {seq})"
                )
                problems.append(CellProblem(f"{rs.table} {key}", detail))
    return problems
