"""Importing a file of reports from one source into the store, all or nothing.

The file is read and validated row by row (`vigil.ingest`), names are parsed and keyed
(`vigil.names`), and records are written in bulk inside ONE transaction: a file with any
bad row is refused whole (ImportRejected, nothing stored) unless `skip_invalid`, which
stores the good rows and writes the refused ones, with reasons, to a rejects file.

Re-importing adds nothing: the same file (by SHA-256) for the same source is recognised
at once, and a record whose (source, source_record_id) is already stored with the same
content is skipped. The same id with *different* content is refused, never overwritten:
raw reports are evidence and are not edited in place.

A file (`import_file`) and a batch of records sent to the write API (`import_records`) go
through the same function, `import_table`: one validation, one sealing, one way of storing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
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
    RawRow,
    RawTable,
    ValidatedRecord,
    load_mapping,
    open_table,
    standard_field,
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


def parse_kind(value: str | SourceKind | None) -> SourceKind | None:
    """A source kind as typed (`--kind`, the facade's `kind=`), or InputError naming the
    kinds there are."""
    if value is None or isinstance(value, SourceKind):
        return value
    try:
        return SourceKind(value.strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise InputError(f"unknown source kind {value!r} (one of: {known})") from None


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
        # A narrow band ("17-19") is stored as its middle year, as "about 18" is stored as
        # 18 (`Age.nominal`); a wider one ("20s") stays only in `raw`.
        "age": rec.age.nominal if rec.age else None,
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


@dataclass(frozen=True)
class RowOutcome:
    """What became of one input row: added, unchanged (already stored with the same
    content), conflict (its id is stored with other content) or rejected (invalid)."""

    line: int
    record_id: str | None
    status: str
    errors: tuple[RowError, ...] = ()


@dataclass
class _Imported:
    """What `import_table` did; `import_file` and `import_records` report it their way."""

    source: str
    batch_id: int | None
    counts: dict[str, int]
    rejected: list[CheckedRow]
    sensitive: tuple[str, ...]
    previous: int | None = None  # the earlier import of the same file, if recognised


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
    return import_read_table(
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


def import_read_table(
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
    """Rows already read (a file's table, or reports opened from the inbox) as one batch
    known by `sha256`, reported as a file import is (rejects file included)."""
    file = table.path
    done = import_table(
        store,
        table,
        source=source,
        kind=kind,
        group=group,
        mapping=mapping or ColumnMapping(),
        skip_invalid=skip_invalid,
        actor=actor,
        gazetteer=gazetteer,
        progress=progress,
        today=today,
        batch_name=file.name,
        batch_sha256=sha256,
        where=str(file),
    )
    if done.previous is not None:
        return ImportResult(
            str(file), done.source, done.previous, 0, 0, 0, 0, 0, already_imported=True
        )
    rejected, counts, sensitive = done.rejected, done.counts, done.sensitive
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
        done.batch_id,
        counts["read"],
        counts["added"],
        counts["unchanged"],
        len(rejected),
        counts["unresolved"],
        rejects_file=rejects_file,
        rejects_withheld=withheld,
    )


def import_table(
    store: Store,
    table: RawTable,
    *,
    source: str,
    kind: SourceKind | None,
    group: str | None,
    mapping: ColumnMapping,
    skip_invalid: bool,
    actor: str,
    batch_name: str,
    batch_sha256: str,
    where: str,
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    recognise_repeat: bool = True,
    outcomes: list[RowOutcome] | None = None,
    only_ids: Sequence[str] | None = None,
) -> _Imported:
    """Validate, seal and store the rows of an opened table (a file's, or an API batch's)
    in one transaction: the one import path behind `import_file` and `import_records`.

    `recognise_repeat`: an earlier import with the same `batch_sha256` for the source
    means the whole table is already imported (files). `outcomes`, when given, receives
    one `RowOutcome` per row, in order (sensitive values in its errors withheld).
    `only_ids`: every record id the table can hold (as validation reads them), so that only
    those stored records are read back (an API batch), not all of the source's.
    """
    gazetteer = gazetteer or Gazetteer.load()
    rejected: list[CheckedRow] = []
    counts = {"read": 0, "added": 0, "unchanged": 0, "unresolved": 0}

    with store.session() as s:
        src = get_or_create_source(s, source, kind=kind, group=group, actor=actor)
        src_name = src.name
        # Imports of one source follow one another on PostgreSQL (SQLite has one writer
        # anyway), so two at once cannot both add the same record id.
        s.execute(select(Source.id).where(Source.id == src.id).with_for_update())
        previous = (
            s.scalar(
                select(ImportBatch).where(
                    ImportBatch.source_id == src.id, ImportBatch.file_sha256 == batch_sha256
                )
            )
            if recognise_repeat
            else None
        )
        if previous is not None:
            previous_id = previous.id
            s.rollback()
            return _Imported(src_name, previous_id, counts, [], (), previous=previous_id)
        stamp_if_unkeyed(s)
        batch = ImportBatch(
            source_id=src.id,
            file_name=batch_name,
            file_sha256=batch_sha256,
            mapping=mapping.model_dump(),
            created_by=actor,
        )
        s.add(batch)
        s.flush()
        stored: dict[str, str] = {}
        known = select(SourceRecord.source_record_id, SourceRecord.content_sha256).where(
            SourceRecord.source_id == src.id
        )
        if only_ids is None:
            stored.update((rid, digest) for rid, digest in s.execute(known))
        else:  # a small batch: look up its own ids, not the whole source
            ids = sorted(set(only_ids))
            for lo in range(0, len(ids), 1000):
                chunk = ids[lo : lo + 1000]
                found = s.execute(known.where(SourceRecord.source_record_id.in_(chunk)))
                stored.update((rid, digest) for rid, digest in found)
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

        event_header = mapping.resolve(table.headers, batch_name).get("event")
        named_events: list[tuple[int, str]] = []

        def outcome(checked: CheckedRow, rid: str | None, status: str) -> None:
            if outcomes is not None:
                errors = tuple(_withheld(e, sensitive) for e in checked.errors)
                outcomes.append(RowOutcome(checked.line, rid, status, errors))

        for checked in validate_rows(table, mapping, gazetteer, today=today, private=private):
            counts["read"] += 1
            if progress is not None and counts["read"] % 1000 == 0:
                progress(counts["read"], table.estimated_rows)
            rec = checked.record
            if rec is None:
                rejected.append(checked)
                outcome(checked, None, "rejected")
                continue
            sealed = seal_record(
                rec, src.id, sensitive, private, sealer, f"{batch_name} line {rec.line}"
            )
            if rec.source_record_id in stored:
                if stored[rec.source_record_id] == sealed.digest:
                    counts["unchanged"] += 1
                    outcome(checked, rec.source_record_id, "unchanged")
                    continue
                conflict = _changed(checked, rec, mapping, table.headers)
                rejected.append(conflict)
                outcome(conflict, rec.source_record_id, "conflict")
                continue
            outcome(checked, rec.source_record_id, "added")
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
            raise ImportRejected(where, errors)
        if named_events:  # a record may name its event: it must be one the store knows
            from vigil.services.events import unknown_named_events

            problems = unknown_named_events(s, named_events)
            if problems:
                raise InputError(f"{where}: " + "; ".join(problems[:20]))
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
    return _Imported(src_name, batch_id, counts, rejected, sensitive)


#: An API batch names the id `record_id`; every other standard field by its own name.
API_MAPPING = ColumnMapping(columns={"source_record_id": "record_id"})
#: Where an API batch's errors say they are.
API_BATCH = "API batch"
MAX_FIELD_NAME = 100


@dataclass(frozen=True)
class BatchResult:
    """An API batch imported: one outcome per record, in the order sent (`line` = 1 + its
    index)."""

    source: str
    import_id: int | None
    outcomes: tuple[RowOutcome, ...]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def _batch_field_problem(key: str) -> str | None:
    if not key or len(key) > MAX_FIELD_NAME or not key.isprintable():
        return f"field names must be printable, 1 to {MAX_FIELD_NAME} characters"
    if key == "record_id":
        return None
    std = standard_field(key)
    if std is not None and (key != std or std == "source_record_id"):
        return f"is read as {'record_id' if std == 'source_record_id' else std}; send it so"
    return None


def import_records(
    store: Store,
    records: Sequence[Mapping[str, str | None]],
    *,
    source: str,
    kind: SourceKind | None = None,
    group: str | None = None,
    actor: str = "system",
    batch_name: str = API_BATCH,
    today: dt.date | None = None,
) -> BatchResult:
    """Import a batch of records given as field -> text (the write API), through the same
    validation, sealing and storage as a file (`import_table`).

    Each record is one row (`record_id` is its id); good records are stored and bad ones
    reported per record, as ``--skip-invalid`` does for a file. Idempotent by (source,
    record id): a record already stored with the same content is ``unchanged``, one with
    other content a ``conflict`` (records are never overwritten). A field name that the
    importer would read as another field (``Gender``, ``source_record_id``) is refused
    for the whole batch (InputError naming the record and field), as a file's header is.
    """
    rows: list[dict[str, str]] = []
    for i, rec in enumerate(records):
        row: dict[str, str] = {}
        for key, value in rec.items():
            if problem := _batch_field_problem(str(key)):
                raise InputError(f"{API_BATCH}: record {i}: field {str(key)[:60]!r} {problem}")
            if value is not None and str(value).strip():
                row[str(key)] = str(value)
        row.setdefault("record_id", "")
        rows.append(row)
    if not rows:
        raise InputError(f"{API_BATCH}: no records")
    # `name` is always a column, so a record without any name is refused by itself
    # ("missing name"), not the batch for lacking a name column.
    headers = list(dict.fromkeys(["record_id", "name", *(k for r in rows for k in r)]))
    table = RawTable(
        Path(API_BATCH),
        headers,
        iter([RawRow(i + 1, r) for i, r in enumerate(rows)]),
        len(rows),
    )
    # The batch row's digest: the records plus a random request id. API batches are not
    # recognised as a whole (a record is, by its id), so the digest need only be unique.
    body = json.dumps([source, rows], ensure_ascii=False, sort_keys=True)
    sha = hashlib.sha256(f"{body}\n{uuid.uuid4()}".encode()).hexdigest()
    # The ids as validation reads them (runs of whitespace collapsed), to look up.
    ids = [" ".join(r["record_id"].split()) for r in rows]
    outcomes: list[RowOutcome] = []
    done = import_table(
        store,
        table,
        source=source,
        kind=kind,
        group=group,
        mapping=API_MAPPING,
        skip_invalid=True,
        actor=actor,
        batch_name=batch_name[:500],
        batch_sha256=sha,
        where=API_BATCH,
        today=today,
        recognise_repeat=False,
        outcomes=outcomes,
        only_ids=[i for i in ids if i],
    )
    return BatchResult(done.source, done.batch_id, tuple(outcomes))


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
