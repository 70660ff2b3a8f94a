"""Importing a file of reports from one source into the store, all or nothing.

The file is read and validated row by row (`vigil.ingest`), names are parsed and keyed
(`vigil.names`), and records are written in bulk inside ONE transaction: a file with any
bad row is refused whole (ImportRejected, nothing stored) unless `skip_invalid`, which
stores the good rows and writes the refused ones, with reasons, to a rejects file.

Re-importing adds nothing: the same file (by SHA-256) for the same source is recognised
at once, and a record whose (source, source_record_id) is already stored with the same
content is skipped. The same id with *different* content is refused, never overwritten:
raw reports are evidence and are not edited in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import Session

from vigil.domain import SourceKind
from vigil.errors import ImportRejected, InputError, RowError
from vigil.ingest import (
    CheckedRow,
    ColumnMapping,
    RawTable,
    ValidatedRecord,
    load_mapping,
    open_table,
    validate_rows,
    write_rejects,
)
from vigil.names import father_key, parse_name
from vigil.places import Gazetteer
from vigil.security.crypto import Sealer, record_aad
from vigil.security.redaction import shown
from vigil.services import audit, sealing
from vigil.services.rekeying import key_columns, stamp_if_unkeyed
from vigil.store import Store
from vigil.store.models import Base, ImportBatch, Source, SourceRecord

CHUNK = 5_000
# Standard columns an organization may declare sensitive (sealed, not stored in clear).
_SEALABLE_COLUMNS = frozenset({"notes", "father_name"})
# Called with (rows read so far, estimated total or None).
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class ImportResult:
    file: str
    source: str
    import_id: int | None
    rows_read: int
    rows_added: int
    rows_unchanged: int
    rows_rejected: int
    places_unresolved: int
    already_imported: bool = False
    rejects_file: str | None = None
    # Sensitive columns whose values the rejects file shows as "[withheld]".
    rejects_withheld: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.file}: already imported for {self.source!r} (import #{self.import_id})"
        parts = [
            f"{self.rows_added:,} added",
            f"{self.rows_unchanged:,} unchanged",
            f"{self.rows_rejected:,} rejected",
            f"{self.places_unresolved:,} with unresolved places",
        ]
        where = f" (rejects: {self.rejects_file})" if self.rejects_file else ""
        if self.rejects_file and self.rejects_withheld:
            where = (
                f" (rejects: {self.rejects_file}; sensitive column(s) withheld there: "
                f"{', '.join(self.rejects_withheld)})"
            )
        return f"{self.file} -> {self.source!r}: " + ", ".join(parts) + where


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def get_or_create_source(
    session: Session,
    name: str,
    *,
    kind: SourceKind | None,
    group: str | None,
    actor: str,
) -> Source:
    """The source called `name`; created (kind OTHER, its own group) when new.

    An existing source keeps its kind and group; asking for different ones is an error
    rather than a silent change, since both feed the estimate.
    """
    name = name.strip()
    if not name:
        raise InputError("a source needs a name (--source)")
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        source = Source(
            name=name,
            kind=(kind or SourceKind.OTHER).value,
            independence_group=(group or name).strip(),
            created_by=actor,
        )
        session.add(source)
        session.flush()
        return source
    if kind is not None and source.kind != kind.value:
        raise InputError(f"source {name!r} exists with kind {source.kind!r}, not {kind.value!r}")
    if group is not None and source.independence_group != group.strip():
        raise InputError(
            f"source {name!r} exists in group {source.independence_group!r}, not {group!r}"
        )
    return source


def father_from_name(
    father_column: str | None, father_in_name: str, notes: str | None
) -> tuple[str | None, str | None]:
    """(father_name, notes) once a father written into the name field (``... son of Ali``,
    ``فرزند علی``) is known: he fills an empty father column; when the column names
    another father (by key), the column is kept and the name's father is recorded in the
    notes, never dropped. The name as written stays verbatim in ``name_raw`` and ``raw``."""
    if not father_in_name:
        return father_column, notes
    if not (father_column and father_column.strip()):
        return father_in_name, notes
    if father_key(father_column) == father_key(father_in_name):
        return father_column, notes
    note = f"father in the name field: {father_in_name}"
    return father_column, f"{notes}; {note}" if notes else note


def record_row(
    rec: ValidatedRecord,
    source_id: int,
    import_id: int | None,
    actor: str,
    now: dt.datetime,
    *,
    sensitive: frozenset[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    """The `source_records` row for one validated record (names parsed and keyed).

    A father written into the name field goes to the father column (`father_from_name`),
    unless the father's name or the notes are sensitive (sealed) fields: then it stays only
    in the name as reported."""
    if rec.given_name is not None or rec.family_name is not None:
        parsed = parse_name(rec.name, rec.given_name, rec.family_name)
    else:
        parsed = parse_name(rec.name)
    father, notes = rec.father_name, rec.notes
    if parsed.father and "father_name" not in sensitive and "notes" not in sensitive:
        father, notes = father_from_name(father, parsed.father, notes)
    date = rec.date
    place = rec.place
    return {
        "source_id": source_id,
        "import_id": import_id,
        "source_record_id": rec.source_record_id,
        "line": rec.line,
        "raw": rec.raw,
        "content_sha256": rec.content_sha256,
        "name_raw": rec.name,
        "given_name": parsed.given or None,
        "family_name": parsed.family or None,
        "father_name": father,
        "titles": " ".join(parsed.titles) or None,
        "script": parsed.script,
        **key_columns(parsed, father),
        "sex": rec.sex.value if rec.sex else None,
        # An age band ("17-19") stays in `raw`; the column holds only an exact age.
        "age": rec.age.exact if rec.age else None,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision.value if date else None,
        "province_code": place.province_code,
        "city_id": place.city_id,
        "place_resolved": place.resolved,
        "place_note": (place.reason or "")[:300] or None,
        "violation": rec.violation.value if rec.violation else None,
        "notes": notes,
        "created_by": actor,
        "created_at": now,
    }


@dataclass(frozen=True)
class SealedRecord:
    """A validated record split for storage: public raw fields, sealed ones, its digest."""

    public: dict[str, Any]
    sealed: bytes | None
    digest: str
    blank: frozenset[str]  # standard columns kept only sealed, never in plaintext


def seal_record(
    rec: ValidatedRecord,
    source_id: int,
    sensitive: tuple[str, ...],
    private: frozenset[str],
    sealer: Sealer | None,
    where: str,
) -> SealedRecord:
    """Split `rec` into what is stored in clear and what is sealed (importer and intake).

    `private`: the input's columns that are sensitive. Their non-empty values are sealed
    with `sealer` (InputError naming them if there is no key), left out of `raw`, and the
    standard columns among them are blanked; the digest joins the public fields' hash with
    the sealed fields' keyed fingerprint.
    """
    if not private:
        return SealedRecord(rec.raw, None, rec.content_sha256, frozenset())
    public, secret = sealing.split_sensitive(rec.raw, sensitive)
    blank = frozenset(_SEALABLE_COLUMNS & set(sensitive))
    if not secret:
        return SealedRecord(public, None, rec.content_sha256, blank)
    sealer = sealing.need_sealer(sealer, secret, where)
    aad = record_aad(source_id, rec.source_record_id)
    digest = sealing.with_fingerprint(rec.content_sha256, sealer.fingerprint(secret, aad))
    return SealedRecord(public, sealer.seal(secret, aad), digest, blank)


def stored_row(
    rec: ValidatedRecord,
    sealed: SealedRecord,
    source_id: int,
    import_id: int | None,
    actor: str,
    now: dt.datetime,
    *,
    sensitive: frozenset[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    """The `source_records` row of a sealed record."""
    row = record_row(rec, source_id, import_id, actor, now, sensitive=sensitive)
    row["content_sha256"] = sealed.digest
    row["raw"] = sealed.public
    row["sealed"] = sealed.sealed
    for column in sealed.blank:
        row[column] = None  # never kept in plaintext beside its sealed copy
    return row


def act_row(
    rec: ValidatedRecord, record_id: int, actor: str, now: dt.datetime
) -> dict[str, Any] | None:
    """The ``acts`` row of a stored record, or None when it reports no act detail.

    Act values read from a sensitive (sealed) column never get here: validation leaves
    them out (`vigil.ingest.validate`)."""
    if rec.act is None:
        return None
    return {
        **rec.act.row(),
        "record_id": record_id,
        "created_by": actor,
        "created_at": now,
    }


def private_columns(headers: list[str], sensitive: tuple[str, ...]) -> frozenset[str]:
    """The input columns that hold sensitive fields."""
    return frozenset(h for h in headers if sealing.field_name(h) in sensitive)


def import_file(
    store: Store,
    path: str | Path,
    *,
    source: str,
    kind: SourceKind | None = None,
    group: str | None = None,
    mapping: ColumnMapping | str | Path | None = None,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    actor: str = "system",
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import one file for one source; see the module docstring for the guarantees."""
    file = Path(path)
    if not isinstance(mapping, ColumnMapping):
        mapping = load_mapping(mapping) if mapping is not None else ColumnMapping()
    sha = file_sha256(file) if file.is_file() else ""
    table = open_table(file, sheet=mapping.sheet)
    return import_table(
        store,
        table,
        sha256=sha,
        source=source,
        kind=kind,
        group=group,
        mapping=mapping,
        skip_invalid=skip_invalid,
        rejects=rejects,
        actor=actor,
        gazetteer=gazetteer,
        progress=progress,
        today=today,
    )


def import_table(
    store: Store,
    table: RawTable,
    *,
    sha256: str,
    source: str,
    kind: SourceKind | None = None,
    group: str | None = None,
    mapping: ColumnMapping | None = None,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    actor: str = "system",
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import rows already read (a file's table, or reports opened from the inbox) as one
    batch identified by `sha256`; the guarantees of `import_file`."""
    file = table.path
    sha = sha256
    mapping = mapping or ColumnMapping()
    gazetteer = gazetteer or Gazetteer.load()
    rejected: list[CheckedRow] = []
    counts = {"read": 0, "added": 0, "unchanged": 0, "unresolved": 0}

    with store.session() as s:
        src = get_or_create_source(s, source, kind=kind, group=group, actor=actor)
        previous = s.scalar(
            select(ImportBatch).where(
                ImportBatch.source_id == src.id, ImportBatch.file_sha256 == sha
            )
        )
        if previous is not None:
            s.rollback()
            return ImportResult(
                str(file), src.name, previous.id, 0, 0, 0, 0, 0, already_imported=True
            )
        stamp_if_unkeyed(s)
        batch = ImportBatch(
            source_id=src.id,
            file_name=file.name,
            file_sha256=sha,
            mapping=mapping.model_dump(),
            created_by=actor,
        )
        s.add(batch)
        s.flush()
        existing = s.execute(
            select(SourceRecord.source_record_id, SourceRecord.content_sha256).where(
                SourceRecord.source_id == src.id
            )
        )
        stored: dict[str, str] = {rid: digest for rid, digest in existing}
        now = dt.datetime.now(dt.UTC)
        # Sensitive columns (witness names, contacts, private notes) are sealed, never stored
        # in `raw` as plaintext; a key is needed only when the file has such columns.
        sensitive = sealing.sensitive_fields(s)
        private = private_columns(table.headers, sensitive)
        sealer = (
            sealing.get_sealer(
                s,
                key_file=store.config.key_file,
                passphrase=store.config.passphrase,
                actor=actor,
                create=True,
            )
            if private
            else None
        )
        # Each record's row hash goes into the import's audit entry, so its id is needed.
        # SQLite: this transaction already holds the write lock (the batch row above), so
        # ids after the current maximum are ours; a plain executemany is the fast path there
        # (RETURNING in parameter order falls back to one statement per row).
        # PostgreSQL: ids come from the sequence, returned in parameter order.
        records = _table("source_records")
        next_id: int | None = None
        if s.get_bind().dialect.name == "sqlite":
            next_id = int(s.scalar(select(func.max(records.c.id))) or 0) + 1
        returning = sa_insert(records).returning(records.c.id, sort_by_parameter_order=True)
        buffer: list[dict[str, Any]] = []
        buffered: list[ValidatedRecord] = []
        acts = _table("acts")
        row_hashes: list[tuple[int, str]] = []
        columns = audit.ColumnDigests("source_records")

        def flush() -> None:
            nonlocal next_id
            if not buffer:
                return
            if next_id is not None:
                for row in buffer:
                    row["id"] = next_id
                    next_id += 1
                _insert_sqlite(s, records, buffer)
            else:
                ids = s.execute(returning, buffer).scalars().all()
                for row, row_id in zip(buffer, ids, strict=True):
                    row["id"] = row_id
            row_hashes.extend((row["id"], columns.add(row)) for row in buffer)
            act_rows = [
                a
                for row, rec in zip(buffer, buffered, strict=True)
                if (a := act_row(rec, row["id"], actor, now)) is not None
            ]
            if act_rows:  # through the session, so the audit watches the acts row set
                s.execute(sa_insert(acts), act_rows)
            buffer.clear()
            buffered.clear()

        event_header = mapping.resolve(table.headers, file.name).get("event")
        named_events: list[tuple[int, str]] = []
        for checked in validate_rows(table, mapping, gazetteer, today=today, private=private):
            counts["read"] += 1
            if progress is not None and counts["read"] % 1000 == 0:
                progress(counts["read"], table.estimated_rows)
            rec = checked.record
            if rec is None:
                rejected.append(checked)
                continue
            sealed = seal_record(
                rec, src.id, sensitive, private, sealer, f"{file.name} line {rec.line}"
            )
            if rec.source_record_id in stored:
                if stored[rec.source_record_id] == sealed.digest:
                    counts["unchanged"] += 1
                    continue
                rejected.append(_changed(checked, rec, mapping, table.headers))
                continue
            if rejected and not skip_invalid:
                continue  # the file is refused; keep reading only to report every error
            if event_header is not None and str(rec.raw.get(event_header) or "").strip():
                named_events.append((rec.line, str(rec.raw[event_header]).strip()))
            counts["added"] += 1
            counts["unresolved"] += 0 if rec.place.resolved else 1
            buffer.append(
                stored_row(rec, sealed, src.id, batch.id, actor, now, sensitive=sensitive)
            )
            buffered.append(rec)
            if len(buffer) >= CHUNK:
                flush()
        if progress is not None:
            progress(counts["read"], counts["read"])
        if rejected and not skip_invalid:
            errors = [_withheld(e, sensitive) for row in rejected for e in row.errors]
            raise ImportRejected(str(file), errors)
        if named_events:  # a record may name its event: it must be one the store knows
            from vigil.services.events import unknown_named_events

            problems = unknown_named_events(s, named_events)
            if problems:
                raise InputError(f"{file}: " + "; ".join(problems[:20]))
        flush()
        if counts["added"] == 0:
            s.rollback()  # nothing new: leave no empty import behind
            batch_id = None
        else:
            batch.rows_total = counts["read"]
            batch.rows_added = counts["added"]
            batch.rows_rejected = len(rejected)
            audit.record_import(
                s, actor, batch, row_hashes=row_hashes, column_digests=columns.result()
            )
            batch_id = batch.id

    rejects_file = None
    withheld: tuple[str, ...] = ()
    if rejected:
        rejects_path = Path(rejects) if rejects else file.with_name(file.name + ".rejects.csv")
        # Sensitive values of refused rows never reach the rejects file in clear.
        seen = dict.fromkeys([*table.headers, *(k for row in rejected for k in row.raw)])
        withheld = tuple(h for h in seen if sealing.field_name(str(h)) in sensitive)
        write_rejects(rejects_path, table.headers, rejected, withheld=withheld)
        rejects_file = str(rejects_path)
    return ImportResult(
        str(file),
        source.strip(),
        batch_id,
        counts["read"],
        counts["added"],
        counts["unchanged"],
        len(rejected),
        counts["unresolved"],
        rejects_file=rejects_file,
        rejects_withheld=withheld,
    )


def _withheld(error: RowError, sensitive: tuple[str, ...]) -> RowError:
    """An error as it may be shown: a sensitive column's value withheld (one rule)."""
    value = shown(
        sealing.field_name(error.column),
        error.value,
        sees_sensitive=False,
        sensitive_fields=sensitive,
    )
    return (
        error if value == error.value else RowError(error.line, error.column, value, error.reason)
    )


def _insert_sqlite(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (same keys each) with one executemany of driver-level parameters.

    Values pass through each column type's own bind processor (SQLAlchemy's conversion of
    JSON, dates, booleans for this dialect), so what is stored is exactly what a Core
    insert would store; skipping Core's per-row parameter handling halves the insert time.
    """
    conn = session.connection()
    dialect = conn.dialect
    names = list(rows[0])
    procs = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    params = [
        tuple(
            v if (v := row[n]) is None or proc is None else proc(v)
            for n, proc in zip(names, procs, strict=True)
        )
        for row in rows
    ]
    conn.exec_driver_sql(sql, params)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _changed(
    checked: CheckedRow, rec: ValidatedRecord, mapping: ColumnMapping, headers: list[str]
) -> CheckedRow:
    column = mapping.columns.get("source_record_id") or next(
        (h for h in headers if h.strip().lower() in ("source_record_id", "id", "record_id")),
        "source_record_id",
    )
    error = RowError(
        rec.line,
        column,
        rec.source_record_id,
        "this id is already stored for this source with different content; "
        "records are never overwritten (give the corrected report a new id)",
    )
    return CheckedRow(checked.line, checked.raw, errors=(error,))
