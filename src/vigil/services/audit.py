"""The audit log service: append entries inside the caller's transaction; verify history.

How other services log (one call, inside the same ``with store.session() as s:``)::

    from vigil.services import audit
    audit.record(s, actor, "create", claim)              # an ORM row: snapshot + row hash
    audit.record(s, actor, "link_run", "link_runs", str(run.id), after={"pairs": n})
    audit.record_import(s, actor, batch)                 # ONE entry for a whole import

``record(session, actor, action, entity, entity_id="", before=None, after=None)``:
`entity` is a table/topic name (then `entity_id`, `before`, `after` are stored as given,
after conversion to JSON) or a mapped ORM object (then its table name and primary key are
used and `after` defaults to a snapshot of the row with its ``_sha256`` content hash).
Entries are written with the caller's transaction, so a rolled-back change leaves no entry.
Never put plaintext of sensitive fields in `before`/`after`: snapshots show sealed and
password columns only as digests.

Safety net: `install(store.sessions)` (called by `open_store`) makes every ORM insert,
update or delete of a tracked table (TRACKED) that was not explicitly recorded get an entry
at commit, with the row read back from the database. Changes made with raw SQL bypass it,
and `verify` reports them as rows that do not match the history.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, event, insert, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from vigil.audit import ChainProblem, content_hash, entry_hash, jsonable, verify_chain
from vigil.audit.chain import GENESIS
from vigil.errors import IntegrityError
from vigil.services import audit_state
from vigil.store.models import AuditEntry, Base, ImportBatch, SourceRecord

# Tables whose rows are checked against the history by `verify`.
TRACKED: tuple[str, ...] = (
    "sources",
    "imports",
    "source_records",
    "claims",
    "link_decisions",
    "person_overrides",
    "evidence",
    "evidence_links",
    "users",
    "settings",
    "link_runs",
    "incidents",
    "events",
    "api_tokens",
)
# Columns left out of row hashes: set by linkage, which is logged per run, not per row.
EXCLUDED: Mapping[str, frozenset[str]] = {
    "source_records": frozenset({"person_id", "match_probability"}),
}
# Columns shown in snapshots only as a digest (never as their content).
DIGEST_ONLY = frozenset({"password_hash", "sealed", "secret_sha256"})

_PG_LOCK_ID = 748_211_019  # advisory lock serializing appends on PostgreSQL
_PENDING = "vigil_audit_pending"
_ACTOR = "vigil_audit_actor"
_BUSY_NET = "vigil_audit_net_busy"


@dataclass(frozen=True)
class Appended:
    seq: int
    hash: str


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _table(name: str) -> Table:
    table: Table = Base.metadata.tables[name]
    return table


def _digest(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(
        value, audit_state.Malformed
    ):  # never a digest the history holds: reported as changed
        return "malformed:" + hashlib.sha256(value.raw.encode("utf-8", "replace")).hexdigest()
    raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


# The canonical JSON of `vigil.audit.canonical`, for values that are already JSON-ready.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@functools.cache
def _hashed_columns(table: str) -> tuple[tuple[str, bool], ...]:
    """(column, shown only as a digest) for every column that enters a row hash."""
    skip = EXCLUDED.get(table, frozenset())
    return tuple(
        (c.name, c.name in DIGEST_ONLY) for c in _table(table).columns if c.name not in skip
    )


def _plain(value: Any) -> Any:
    """`jsonable(value)`, short-cut for the common cases (text, numbers, flat text dicts)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict and all(type(k) is str and type(v) is str for k, v in value.items()):
        return value
    return jsonable(value)


_SIMPLE = frozenset({str, int, bool, type(None)})


def _row_values(table: str, values: Mapping[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, secret in _hashed_columns(table):
        value = values.get(name)
        if secret:
            out[name] = _digest(value)
        elif type(value) in _SIMPLE:
            out[name] = value
        else:
            out[name] = _plain(value)
    return out


def row_hash(table: str, values: Mapping[Any, Any]) -> str:
    """The ``_sha256`` of `snapshot(table, values)`, without building the snapshot twice.

    Same canonical form as `vigil.audit.content_hash` (the values are already JSON-ready,
    so `jsonable` would leave them unchanged); used for every row of an import and of
    `verify`, where the general path dominated the run time.
    """
    body = _CANONICAL.encode(_row_values(table, values)).encode("utf-8")
    return hashlib.sha256(body).hexdigest()


def snapshot(table: str, values: Mapping[Any, Any]) -> dict[str, Any]:
    """A row as stored in history: JSON values, secrets as digests, plus its ``_sha256``."""
    snap = _row_values(table, values)
    snap["_sha256"] = content_hash(snap)
    return snap


def orm_values(obj: Any) -> dict[str, Any]:
    """Column name -> value of a mapped object as loaded (no refresh)."""
    return _orm_values(obj)


def _orm_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {attr.columns[0].name: state.dict.get(attr.key) for attr in state.mapper.column_attrs}


def _pk_text(table: str, values: Mapping[Any, Any]) -> str:
    return "/".join(str(values.get(c.name)) for c in _table(table).primary_key.columns)


def _read_row(session: Session, table: str, entity_id: str) -> dict[str, Any] | None:
    t = _table(table)
    pk_cols = list(t.primary_key.columns)
    parts = entity_id.split("/")
    if len(parts) != len(pk_cols):
        return None
    conds = [
        c == (int(p) if c.type.python_type is int else p)
        for c, p in zip(pk_cols, parts, strict=True)
    ]
    row = session.execute(select(t).where(*conds)).mappings().first()
    return dict(row) if row is not None else None


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest entry; (0, GENESIS) for an empty log."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _append(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any,
    after: Any,
) -> Appended:
    _lock(session)
    seq, prev = head(session)
    entry = {
        "seq": seq + 1,
        "ts": now_iso(),
        "actor": str(actor),
        "action": str(action),
        "entity": str(entity),
        "entity_id": str(entity_id),
        "before": jsonable(before),
        "after": jsonable(after),
        "prev_hash": prev,
    }
    entry["hash"] = entry_hash(prev, entry)
    session.execute(insert(AuditEntry).values(**entry))
    return Appended(entry["seq"], entry["hash"])


def recent(session: Session, limit: int = 20) -> list[AuditEntry]:
    """The newest `limit` entries of the log, oldest first (`vigil audit log`)."""
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit))
    return list(reversed(rows.all()))


def bind_actor(session: Session, actor: str) -> None:
    """Name the actor for safety-net entries of this session (else the row's created_by)."""
    session.info[_ACTOR] = actor


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str | Any,
    entity_id: str | int = "",
    before: Any = None,
    after: Any = None,
) -> Appended:
    """Append one audit entry inside the caller's transaction (see the module docstring)."""
    session.info.setdefault(_ACTOR, actor)
    if isinstance(entity, str):
        return _append(session, actor, action, entity, str(entity_id), before, after)
    # A mapped object: log its table, primary key and the row as stored.
    session.flush()
    table = entity.__table__.name
    values = _orm_values(entity)
    key = _pk_text(table, values)
    pending: dict[tuple[str, str], dict[str, Any]] = session.info.get(_PENDING, {})
    seen = pending.pop((table, key), None)
    if before is None and seen is not None:
        before = seen.get("before")
    if after is None and action != "delete":
        row = _read_row(session, table, key)
        after = snapshot(table, row) if row is not None else None
    return _append(session, actor, action, table, key, before, after)


ROW_HASH_CHARS = 20  # per-record hashes kept in an import's entry (80 bits each)


class ColumnDigests:
    """Per-column digests of a batch of rows, fed in id order (names an edited column).

    A column's digest hashes its canonical values in blocks of `BLOCK` rows; `verify`
    recomputes it the same way, so a single edited cell shows up as one column.
    """

    BLOCK = 1024

    def __init__(self, table: str) -> None:
        self.table = table
        self.columns = [c for c, _ in _hashed_columns(table)]
        self._hashers = {c: hashlib.sha256() for c in self.columns}
        self._buffer: dict[str, list[Any]] = {c: [] for c in self.columns}
        self._n = 0

    def add(self, values: Mapping[Any, Any]) -> str:
        """Add one row; returns its row hash (as `row_hash`)."""
        row = _row_values(self.table, values)
        for c in self.columns:
            self._buffer[c].append(row[c])
        self._n += 1
        if self._n % self.BLOCK == 0:
            self._flush()
        return hashlib.sha256(_CANONICAL.encode(row).encode("utf-8")).hexdigest()

    def add_snapshot(self, row: Mapping[str, Any]) -> None:
        """Add a row already in history form (a snapshot's column values)."""
        for c in self.columns:
            self._buffer[c].append(row.get(c))
        self._n += 1
        if self._n % self.BLOCK == 0:
            self._flush()

    def _flush(self) -> None:
        for c in self.columns:
            self._hashers[c].update(_CANONICAL.encode(self._buffer[c]).encode("utf-8"))
            self._buffer[c].clear()

    def result(self) -> dict[str, str]:
        if any(self._buffer[c] for c in self.columns):
            self._flush()
        return {c: h.hexdigest() for c, h in self._hashers.items()}


def _row_hashes(session: Session, import_id: int) -> tuple[list[tuple[int, str]], dict[str, str]]:
    t = _table("source_records")
    rows = session.execute(select(t).where(t.c.import_id == import_id).order_by(t.c.id))
    digests = ColumnDigests("source_records")
    pairs = [(int(r["id"]), digests.add(r)) for r in rows.mappings()]
    return pairs, digests.result()


def batch_digest(row_hashes: Sequence[str]) -> str:
    """One hash for a batch of rows: the hash of their row hashes in id order."""
    return content_hash(list(row_hashes))


def record_import(
    session: Session,
    actor: str,
    batch: ImportBatch,
    *,
    row_hashes: Iterable[tuple[int, str]] | None = None,
    column_digests: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Appended:
    """ONE entry for a whole import: the batch row plus a digest of every record it added.

    Call it at the end of the import, inside the import's transaction. `row_hashes`:
    (id, `row_hash("source_records", values)`) of every record as inserted; an importer
    computes them from the values it writes, so the records need not be read back (without
    them they are read). `column_digests`: a `ColumnDigests` result over the same rows in id
    order. `verify` recomputes both from the stored rows: a changed record is named by its
    id, and its changed column by the column digests.
    """
    session.flush()
    if row_hashes is None:
        pairs, column_digests = _row_hashes(session, batch.id)
    else:
        pairs = sorted(row_hashes)
    hashes = [h for _, h in pairs]
    row = _read_row(session, "imports", str(batch.id))
    after = snapshot("imports", row or {})
    after["rows"] = len(hashes)
    after["rows_sha256"] = batch_digest(hashes)
    after["row_sha256"] = {str(i): h[:ROW_HASH_CHARS] for i, h in pairs}
    if column_digests is not None:
        after["column_sha256"] = dict(column_digests)
    if extra:
        after["extra"] = dict(extra)
    pending: dict[tuple[str, str], dict[str, Any]] = session.info.get(_PENDING, {})
    pending.pop(("imports", str(batch.id)), None)
    return _append(session, actor, "import", "imports", str(batch.id), None, after)


# --- safety net -----------------------------------------------------------------------


def _changed_columns(obj: Any, table: str) -> set[str]:
    state = inspect(obj)
    changed = set()
    for attr in state.mapper.column_attrs:
        if state.attrs[attr.key].history.has_changes():
            changed.add(attr.columns[0].name)
    return changed - EXCLUDED.get(table, frozenset())


def _old_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    values = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        name = attr.columns[0].name
        if hist.deleted:
            values[name] = hist.deleted[0]
        elif hist.unchanged:
            values[name] = hist.unchanged[0]
        else:
            values[name] = state.dict.get(attr.key)
    return values


def _table_of(obj: Any) -> str | None:
    return getattr(getattr(obj, "__table__", None), "name", None)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(_BUSY_NET):
        return
    tables = {_table_of(obj) for obj in (*session.new, *session.dirty, *session.deleted)}
    for table in tables & audit_state.SET_TABLES:
        with session.no_autoflush:
            audit_state.watch(session, table)


def _no_links(parameters: Any) -> bool:
    rows = parameters if isinstance(parameters, list) else [parameters]
    return bool(rows) and all(
        isinstance(r, Mapping) and r.get("person_id") is None and r.get("match_probability") is None
        for r in rows
    )


def _on_execute(state: Any) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.session.info.get(_BUSY_NET):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table == "source_records" and state.is_insert and _no_links(state.parameters):
        return  # new records without a person: the link set is unchanged (imports)
    if table in audit_state.SET_TABLES:
        with state.session.no_autoflush:
            audit_state.watch(state.session, table)


def _after_flush(session: Session, _ctx: Any) -> None:
    if session.info.get(_BUSY_NET):
        return
    pending: dict[tuple[str, str], dict[str, Any]] = session.info.setdefault(_PENDING, {})
    for obj in session.new:
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table not in TRACKED or table == "imports":
            continue
        if isinstance(obj, SourceRecord) and obj.import_id is not None:
            continue  # covered by the import's batch entry
        key = _pk_text(table, _orm_values(obj))
        pending.setdefault(
            (table, key), {"action": "create", "before": None, "actor": obj_actor(obj)}
        )
    for obj in session.dirty:
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table not in TRACKED or not _changed_columns(obj, table):
            continue
        key = _pk_text(table, _orm_values(obj))
        old = snapshot(table, _old_values(obj))
        pending.setdefault((table, key), {"action": "update", "before": old, "actor": None})
    for obj in session.deleted:
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table not in TRACKED:
            continue
        values = _orm_values(obj)
        key = _pk_text(table, values)
        prior = pending.get((table, key))
        if prior is not None and prior["action"] == "create":
            pending.pop((table, key))  # created and deleted in one transaction
            continue
        before = prior["before"] if prior else snapshot(table, _old_values(obj))
        pending[(table, key)] = {"action": "delete", "before": before, "actor": None}


def obj_actor(obj: Any) -> str | None:
    return getattr(obj, "created_by", None)


def _before_commit(session: Session) -> None:
    if session.info.get(_BUSY_NET):
        return
    session.flush()
    session.info[_BUSY_NET] = True
    try:
        pending: dict[tuple[str, str], dict[str, Any]] = session.info.pop(_PENDING, {})
        for (table, key), item in pending.items():
            actor = session.info.get(_ACTOR) or item.get("actor") or "system"
            after = None
            if item["action"] != "delete":
                row = _read_row(session, table, key)
                if row is None:
                    continue
                after = snapshot(table, row)
            _append(session, actor, item["action"], table, key, item["before"], after)
        actor = session.info.get(_ACTOR) or "system"
        for entity, body in audit_state.changes(session):
            _append(session, actor, "rows", entity, "", None, body)
    finally:
        session.info[_BUSY_NET] = False


def _after_end(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)
    audit_state.forget(session)


# Session factories that have the safety net. Weak, so an entry dies with its factory: a
# new factory later allocated at the same address is not mistaken for one that has it.
# (`event.contains` was used before and is keyed on id(factory); SQLAlchemy keeps that key
# after the factory is collected, so a reused address skipped the install and that store
# silently logged no ORM changes.)
_INSTALLED: weakref.WeakSet[sessionmaker[Session]] = weakref.WeakSet()


def install(sessions: sessionmaker[Session]) -> None:
    """Attach the safety net to a sessionmaker (idempotent)."""
    if sessions in _INSTALLED:
        return
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_rollback", _after_end)
    _INSTALLED.add(sessions)


# --- verification ---------------------------------------------------------------------


@dataclass
class Problem:
    """A stored row, or an audit entry, that does not match the recorded history."""

    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


@dataclass
class Report:
    entries: int
    head_seq: int
    head_hash: str
    chain: list[ChainProblem] = field(default_factory=list)
    rows: list[Problem] = field(default_factory=list)
    rows_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.chain and not self.rows

    def problems(self) -> list[str]:
        return [str(p) for p in self.chain] + [str(p) for p in self.rows]


def _entries(session: Session) -> list[dict[str, Any]]:
    """The audit log as stored; malformed cells are kept (as markers) for the chain check."""
    t = _table("audit_log")
    kinds = {c.name: c.type for c in t.columns}
    names = [c.name for c in t.columns]
    out: list[dict[str, Any]] = []
    for raw in audit_state.read_raw(session, "audit_log", names[1:]):
        entry: dict[str, Any] = {}
        for name, value in zip(names, raw, strict=True):
            v = audit_state.normalize(kinds[name], value)
            entry[name] = v.raw if isinstance(v, audit_state.Malformed) else v
        out.append(entry)
    out.sort(
        key=lambda e: (not isinstance(e["seq"], int), e["seq"] if isinstance(e["seq"], int) else 0)
    )
    return out


def _has_hash(entry: Mapping[str, Any], key: str = "_sha256") -> bool:
    after = entry.get("after")
    return isinstance(after, dict) and key in after


def _differing(table: str, current: Mapping[str, Any], logged: Any) -> list[str]:
    """Columns of `current` whose history form differs from the logged snapshot."""
    if not isinstance(logged, dict):
        return []
    now = _row_values(table, current)
    return [
        c + (f" ({current[c].reason})" if isinstance(current.get(c), audit_state.Malformed) else "")
        for c in now
        if now[c] != logged.get(c)
    ]


def _columns_text(cols: Sequence[str]) -> str:
    if not cols:
        return "row content"
    return ("column " if len(cols) == 1 else "columns ") + ", ".join(cols)


def verify(session: Session, *, anchor: str | None = None) -> Report:
    """Check the chain, every tracked row and every row-set cell against the history.

    Collects all problems; each names the table, the row and, where the history holds
    enough to tell, the column. Cells are read as stored, so a malformed one is reported
    rather than raising.
    """
    entries = _entries(session)
    chain = verify_chain(entries, anchor=anchor)
    seq, h = (entries[-1]["seq"], entries[-1]["hash"]) if entries else (0, GENESIS)
    report = Report(len(entries), int(seq) if isinstance(seq, int) else 0, str(h), chain)

    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in entries:
        by_key.setdefault((str(e["entity"]), str(e["entity_id"])), []).append(e)

    def latest(table: str, key: str) -> dict[str, Any] | None:
        for e in reversed(by_key.get((table, key), [])):
            if e["action"] == "delete" or _has_hash(e):
                return e
        return None

    def check_row(table: str, key: str, current: Mapping[str, Any] | None) -> None:
        e = latest(table, key)
        where = f"{table} {key}"
        if e is None:
            if current is not None:
                report.rows.append(Problem(where, "row is not in the audit history"))
            return
        if e["action"] == "delete":
            if current is not None:
                report.rows.append(
                    Problem(where, f"row exists but entry {e['seq']} records its deletion")
                )
            return
        if current is None:
            report.rows.append(
                Problem(where, f"row is missing (deleted outside the history; see {e['seq']})")
            )
        elif row_hash(table, current) != e["after"]["_sha256"]:
            cols = _differing(table, current, e["after"])
            report.rows.append(
                Problem(where, f"{_columns_text(cols)} does not match audit entry {e['seq']}")
            )

    for table in TRACKED:
        if table in ("source_records", "imports"):
            continue
        present: set[str] = set()
        for key, row in audit_state.read_rows(session, table):
            present.add(key)
            report.rows_checked += 1
            check_row(table, key, row)
        for (ent, key), _ in by_key.items():
            if ent == table and key not in present:
                check_row(table, key, None)

    _verify_records(session, report, by_key, latest, check_row)
    for p in audit_state.verify_sets(session, entries):
        report.rows.append(Problem(p.where, p.detail))
    return report


def _verify_records(
    session: Session,
    report: Report,
    by_key: dict[tuple[str, str], list[dict[str, Any]]],
    latest: Any,
    check_row: Any,
) -> None:
    """Imports: per-record hashes and column digests; records: their own entries."""
    current: dict[str, dict[str, Any]] = {}
    batch_of: dict[str, Any] = {}
    for key, row in audit_state.read_rows(session, "source_records"):
        current[key] = row
        batch_of[key] = row["import_id"]
        report.rows_checked += 1

    # Records with entries of their own (manual, edited, sealed or deleted).
    own = {k for (ent, k) in by_key if ent == "source_records"}
    for key in own:
        check_row("source_records", key, current.get(key))
    for key, batch in batch_of.items():
        if batch is None and key not in own:
            report.rows.append(Problem(f"source_records {key}", "row is not in the audit history"))

    # A record's values when first logged on its own = as imported.
    original: dict[str, dict[str, Any]] = {}
    for key in own:
        first = by_key[("source_records", key)][0]
        before = first.get("before")
        if isinstance(before, dict) and "_sha256" in before:
            original[key] = before

    def hash_now(key: str) -> str:
        if key in original:
            return str(original[key]["_sha256"])
        return row_hash("source_records", current[key])

    members: dict[str, list[str]] = {}
    for key, batch in batch_of.items():
        if batch is not None:
            members.setdefault(str(batch), []).append(key)
    for key, before in original.items():
        if key not in current and before.get("import_id") is not None:
            members.setdefault(str(before["import_id"]), []).append(key)

    present: set[str] = set()
    for key, row in audit_state.read_rows(session, "imports"):
        present.add(key)
        report.rows_checked += 1
        where = f"imports {key}"
        e = latest("imports", key)
        if e is None:
            report.rows.append(Problem(where, "import is not in the audit history"))
            continue
        if e["action"] == "delete":
            report.rows.append(Problem(where, f"entry {e['seq']} records its deletion"))
            continue
        if row_hash("imports", row) != e["after"]["_sha256"]:
            cols = _differing("imports", row, e["after"])
            report.rows.append(
                Problem(where, f"{_columns_text(cols)} does not match audit entry {e['seq']}")
            )
        ids = sorted(members.pop(key, []), key=lambda k: (len(k), k))
        _check_batch(report, key, e, ids, hash_now, current, original)
    for (ent, key), _ in by_key.items():
        if ent == "imports" and key not in present:
            e = latest("imports", key)
            if e is not None and e["action"] != "delete":
                report.rows.append(Problem(f"imports {key}", "import row is missing"))
    for batch, keys in members.items():
        for key in keys:
            report.rows.append(
                Problem(
                    f"source_records {key}",
                    f"column import_id names import {batch}, which does not exist",
                )
            )


def _check_batch(
    report: Report,
    batch: str,
    e: Mapping[str, Any],
    ids: list[str],
    hash_now: Any,
    current: Mapping[str, dict[str, Any]],
    original: Mapping[str, dict[str, Any]],
) -> None:
    after = e["after"]
    logged = after.get("row_sha256")
    if not isinstance(logged, dict):  # an entry written before per-record hashes
        expected = after.get("rows_sha256")
        if expected is None:
            report.rows.append(
                Problem(f"imports {batch}", "no digest of its records in the history")
            )
        elif batch_digest([hash_now(k) for k in ids]) != expected:
            report.rows.append(
                Problem(
                    f"imports {batch}",
                    f"its {len(ids)} record(s) no longer match the {after.get('rows')} logged in "
                    f"entry {e['seq']} (a record was edited, added or deleted outside the history)",
                )
            )
        return
    edited: list[str] = []
    for key in ids:
        if key not in logged:
            report.rows.append(
                Problem(f"source_records {key}", f"record is not among import {batch}'s records")
            )
        elif hash_now(key)[:ROW_HASH_CHARS] != logged[key]:
            edited.append(key)
    for key in sorted(set(logged) - set(ids), key=lambda k: (len(k), k)):
        if key in current:
            detail = f"column import_id changed (the record came with import {batch})"
        else:
            detail = (
                f"row is missing (deleted outside the history; import {batch}, entry {e['seq']})"
            )
        report.rows.append(Problem(f"source_records {key}", detail))
    if not edited:
        return
    cols: list[str] = []
    digests = after.get("column_sha256")
    if isinstance(digests, dict) and set(ids) == set(logged):
        acc = ColumnDigests("source_records")
        for key in ids:
            if key in original:
                acc.add_snapshot(original[key])
            else:
                acc.add(current[key])
        now = acc.result()
        cols = [c for c in acc.columns if now.get(c) != digests.get(c)]
    for key in edited:
        bad = [
            f"{c} ({v.reason})"
            for c, v in current.get(key, {}).items()
            if isinstance(v, audit_state.Malformed)
        ]
        shown = bad or cols
        report.rows.append(
            Problem(
                f"source_records {key}",
                f"{_columns_text(shown)} does not match import {batch} (audit entry {e['seq']})",
            )
        )


def adopt(session: Session, actor: str) -> dict[str, int]:
    """Take rows that have no history at all into it, as they are now (``adopt`` entries).

    For a store made before its tables were covered (persons, violations, record links,
    settings, link runs, incidents): afterwards `verify` checks them like any other row.
    Rows that already have history are never touched, so an edit made behind Vigil's back
    to a covered row stays reported (a row *inserted* behind its back would be adopted:
    run `verify` first and read what it reports). The
    entries name the actor: adopting is an admin's statement that the current state is
    accepted. Returns the number of rows adopted per table.
    """
    entries = _entries(session)
    known = {(str(e["entity"]), str(e["entity_id"])) for e in entries}
    counts: dict[str, int] = {}
    for table in TRACKED:
        if table == "imports":
            continue
        for key, row in audit_state.read_rows(session, table):
            if (table, key) in known:
                continue
            if table == "source_records" and row.get("import_id") is not None:
                continue  # covered by its import's entry
            _append(session, actor, "adopt", table, key, None, snapshot(table, row))
            counts[table] = counts.get(table, 0) + 1
    for entity, body in audit_state.unlogged_rows(session, entries):
        _append(session, actor, "rows", entity, "adopt", None, body)
        counts[entity] = counts.get(entity, 0) + len(body["rows"])
    return counts


def verify_or_raise(session: Session, *, anchor: str | None = None) -> Report:
    report = verify(session, anchor=anchor)
    if not report.ok:
        shown = "\n  ".join(report.problems()[:50])
        raise IntegrityError(
            f"audit verification failed: {len(report.problems())} problem(s)\n  {shown}"
        )
    return report
