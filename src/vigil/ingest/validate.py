"""Row validation: raw fields in, normalized record or every reason it was refused out.

Nothing here touches the store. Each row is checked in full (a row with a bad date *and*
a bad sex gets two errors), so one pass over a file reports every problem at once.
Places never make a row invalid: an unresolved place is kept and flagged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from vigil.domain import PartialDate, Sex, ViolationType
from vigil.errors import ImportRejected, InputError, InvalidValue, RowError
from vigil.ingest.acts import ReportedAct, read_act
from vigil.ingest.limits import LIMITS, cell_problem, field_problem
from vigil.ingest.mapping import ColumnMapping
from vigil.ingest.readers import RawTable
from vigil.normalize import Age, parse_age, parse_date, parse_sex, parse_violation
from vigil.places import Gazetteer, PlaceMatch

MAX_ID_LENGTH = 200
MAX_NAME_LENGTH = 500
# The JSON form hashed into content digests (json.dumps(..., ensure_ascii=False,
# sort_keys=True)); one encoder, built once, since it runs on every row.
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class ValidatedRecord:
    """One report, normalized; `raw` holds every field of the row verbatim."""

    line: int
    source_record_id: str
    raw: dict[str, str]
    content_sha256: str
    name: str
    given_name: str | None
    family_name: str | None
    father_name: str | None
    sex: Sex | None
    age: Age | None
    date: PartialDate | None
    place: PlaceMatch
    violation: ViolationType | None
    notes: str | None
    # How the violation was done, as this row reports it (None: the row says nothing).
    act: ReportedAct | None = None


@dataclass(frozen=True)
class CheckedRow:
    """A row after validation: a record, or the errors that refused it."""

    line: int
    raw: dict[str, str]
    record: ValidatedRecord | None = None
    errors: tuple[RowError, ...] = field(default=())


def content_hash(
    raw: dict[str, str], defaults: dict[str, str], private: frozenset[str] = frozenset()
) -> str:
    """Digest of what a row said (plus the mapping's fixed values): equal reports, equal hash.

    Columns in `private` (sensitive ones, sealed by the importer) are left out: a plain hash
    of a witness's name could be brute-forced; the importer adds a keyed fingerprint instead.
    """
    if private:
        raw = {k: v for k, v in raw.items() if k not in private}
    payload = _HASH_JSON.encode([raw, defaults])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _preview(value: str, size: int = 50) -> str:
    """A short, printable form of a refused value (control characters escaped)."""
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in value[:size])
    return shown + ("…" if len(value) > size else "")


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = " ".join(value.split())
    return stripped or None


def validate_rows(
    table: RawTable,
    mapping: ColumnMapping,
    gazetteer: Gazetteer,
    *,
    today: dt.date | None = None,
    private: frozenset[str] = frozenset(),
) -> Iterator[CheckedRow]:
    """Validate every row of `table`, in order; duplicate ids within the file are errors.

    `private`: headers of sensitive columns, left out of each record's content hash.
    """
    if not table.headers:  # JSON Lines without one readable object: every line is an error
        empty = True
        for row in table.rows:
            empty = False
            yield CheckedRow(row.line, row.values, errors=(row.error and (row.error,)) or ())
        if empty:
            raise InputError(f"{table.path}: no records in the file")
        return
    columns = mapping.resolve(table.headers, str(table.path))
    today = today or dt.date.today()
    seen: dict[str, int] = {}
    for row in table.rows:
        if row.error is not None:
            yield CheckedRow(row.line, row.values, errors=(row.error,))
            continue
        checked = _validate_row(row.line, row.values, columns, mapping, gazetteer, today, private)
        id_column = columns["source_record_id"]
        record_id = _text(row.values.get(id_column))
        if record_id is not None:
            first = seen.setdefault(record_id, row.line)
            if first != row.line:
                error = RowError(
                    row.line,
                    id_column,
                    record_id,
                    f"duplicate id: already used on line {first} of this file",
                )
                checked = CheckedRow(row.line, row.values, errors=(*checked.errors, error))
        yield checked


def _validate_row(
    line: int,
    raw: dict[str, str],
    columns: dict[str, str],
    mapping: ColumnMapping,
    gazetteer: Gazetteer,
    today: dt.date,
    private: frozenset[str] = frozenset(),
) -> CheckedRow:
    errors: list[RowError] = []
    for header, cell in raw.items():
        if isinstance(cell, str) and (problem := cell_problem(cell)):
            errors.append(RowError(line, str(header), _preview(cell), problem))
    for std, header in columns.items():
        given = raw.get(header)
        if not isinstance(given, str) or cell_problem(given):
            continue
        if std in ("name", "source_record_id") and len(given) > LIMITS[std]:
            continue  # reported below with the name or id
        if problem := field_problem(std, given):
            errors.append(RowError(line, header, _preview(given), problem))

    def get(std: str) -> str | None:
        header = columns.get(std)
        value = _text(raw.get(header)) if header is not None else None
        return value if value is not None else _text(mapping.defaults.get(std))

    def parse(std: str, parser: Callable[[str | None], Any]) -> Any:
        value = get(std)
        try:
            return parser(value)
        except InvalidValue as e:
            errors.append(RowError(line, columns.get(std, std), value or "", str(e)))
            return None

    record_id = get("source_record_id")
    if record_id is None:
        errors.append(
            RowError(
                line, columns.get("source_record_id", "source_record_id"), "", "missing record id"
            )
        )
    elif len(record_id) > MAX_ID_LENGTH:
        errors.append(
            RowError(
                line,
                columns["source_record_id"],
                record_id[:50] + "…",
                f"id longer than {MAX_ID_LENGTH} characters",
            )
        )
    name, given, family = get("name"), get("given_name"), get("family_name")
    full_name = name or " ".join(p for p in (given, family) if p) or None
    if full_name is None:
        errors.append(
            RowError(
                line,
                columns.get("name", "name"),
                "",
                "missing name (give name, or given_name/family_name)",
            )
        )
    elif len(full_name) > MAX_NAME_LENGTH:
        errors.append(
            RowError(
                line,
                columns.get("name", "name"),
                full_name[:50] + "…",
                f"name longer than {MAX_NAME_LENGTH} characters",
            )
        )
    sex = parse("sex", parse_sex)
    age = parse("age", parse_age)
    date = parse("date", lambda v: parse_date(v, today=today))
    violation = parse("violation", parse_violation)

    def act_text(std: str) -> str | None:
        # A sensitive column is sealed by the importer: its value never enters the act row.
        header = columns.get(std)
        if header is None:
            return _text(mapping.defaults.get(std)) if mapping.defaults else None
        return None if header in private else get(std)

    act, act_errors = read_act(
        act_text, terms=mapping.terms, parse_date=lambda v: parse_date(v, today=today)
    )
    errors += [RowError(line, columns.get(std, std), value, why) for std, value, why in act_errors]
    if errors or record_id is None or full_name is None:  # (both missing are errors above)
        return CheckedRow(line, raw, errors=tuple(errors))
    place = gazetteer.resolve(get("province"), get("city"))
    record = ValidatedRecord(
        line=line,
        source_record_id=record_id,
        raw=raw,
        content_sha256=content_hash(raw, mapping.defaults, private),
        name=full_name,
        given_name=given,
        family_name=family,
        father_name=get("father_name"),
        sex=sex,
        age=age,
        date=date,
        place=place,
        violation=violation,
        notes=get("notes"),
        act=act,
    )
    return CheckedRow(line, raw, record=record)


def check_all(file: str, rows: Iterable[CheckedRow]) -> list[ValidatedRecord]:
    """Every record of a file, or ImportRejected carrying every error of every row."""
    records: list[ValidatedRecord] = []
    errors: list[RowError] = []
    for row in rows:
        if row.record is not None:
            records.append(row.record)
        errors.extend(row.errors)
    if errors:
        raise ImportRejected(file, errors)
    return records
