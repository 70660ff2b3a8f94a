"""Intake of one report (the web form, the facade): checked, sealed and stored as a file row is.

A report is turned into a one-row table and goes through the importer's own validation
(`vigil.ingest.validate_rows`) and sealing (`importing.seal_record`): a witness's name or
contact, or any field the organization marked sensitive, is sealed and never stored in
plaintext beside its sealed copy. The record is then attached to a person: an existing one
the reporter chose, or a new one numbered by the store's person id counter.

`check_report` does no writing; `likely_same_persons` lists persons who are probably the
same victim so a team does not create "ten people named Mohammad Hosseini"; `save_report`
stores the checked report; `intake_report` does all three steps for callers with no
second look (the facade, scripts).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigil.domain import SourceKind
from vigil.errors import InputError, NotFound
from vigil.ingest import ColumnMapping, ValidatedRecord, validate_rows
from vigil.ingest.readers import RawRow, RawTable
from vigil.names import parse_name
from vigil.places import Gazetteer
from vigil.services import audit, sealing
from vigil.services.importing import (
    act_row,
    get_or_create_source,
    private_columns,
    seal_record,
    stored_row,
)
from vigil.services.persons import new_person_for, refresh_counts
from vigil.services.rekeying import key_columns
from vigil.store import Store, counters
from vigil.store.models import Act, Person, Source, SourceRecord, Violation

INTAKE_SOURCE = "web intake"
#: Where a report comes from, as error messages name it.
WHERE = "intake form"


@dataclass
class Report:
    """One report as typed (kept to show it again with its problems)."""

    name: str = ""
    father_name: str = ""
    sex: str = ""
    age: str = ""
    date: str = ""
    province: str = ""
    city: str = ""
    violation: str = ""
    source: str = ""  # a source id; empty: the "web intake" source
    notes: str = ""
    witness_name: str = ""
    witness_contact: str = ""
    # How it was done, as the reporter says (codes or free words; `vigil.ingest.acts`).
    method: str = ""
    weapon: str = ""
    wound: str = ""
    perpetrator: str = ""
    perpetrator_by: str = ""
    place_kind: str = ""
    facility: str = ""
    arrest_date: str = ""
    arrest_place: str = ""
    release_date: str = ""
    died_in_custody: str = ""
    care_denied: str = ""
    sentence: str = ""
    charges: str = ""
    court: str = ""
    court_branch: str = ""
    sentence_date: str = ""
    execution_date: str = ""
    execution_place: str = ""
    burial: str = ""

    def raw(self) -> dict[str, str]:
        """The typed fields as a file row would carry them (empty ones left out)."""
        return {k: v for k, v in asdict(self).items() if v.strip() and k != "source"}


@dataclass
class CheckedReport:
    """A report that passed validation, ready to be saved."""

    report: Report
    record: ValidatedRecord
    source_id: int | None
    keys: dict[str, Any]  # the record's name-key columns


def check_report(
    s: Session, report: Report, *, today: dt.date | None = None
) -> tuple[CheckedReport | None, dict[str, str]]:
    """The validated report, or the problems by field name (nothing is written)."""
    errors: dict[str, str] = {}
    source_id: int | None = None
    if report.source.strip():
        try:
            source_id = int(report.source)
        except ValueError:
            source_id = None
        if source_id is None or s.get(Source, source_id) is None:
            errors["source"] = f"unknown source {report.source!r}"
            source_id = None
    # The name column is always there, so a missing name is an error of this report
    # ("missing name") rather than of the form's shape.
    raw = {"source_record_id": f"web-{uuid.uuid4().hex[:12]}", "name": "", **report.raw()}
    sensitive = sealing.sensitive_fields(s)
    table = RawTable(Path(WHERE), list(raw), iter([RawRow(1, raw)]))
    rows = list(
        validate_rows(
            table,
            ColumnMapping(),
            Gazetteer.load(),
            today=today,
            private=private_columns(table.headers, sensitive),
        )
    )
    checked = rows[0]
    for e in checked.errors:
        field = "name" if e.column in ("name", "given_name", "family_name") else e.column
        errors.setdefault(field, e.reason)
    record = checked.record
    if record is not None and record.violation is None and "violation" not in errors:
        errors["violation"] = "say what happened (killed, arrested, ...)"
    if errors or record is None:
        return None, errors
    parsed = parse_name(record.name)
    return CheckedReport(report, record, source_id, key_columns(parsed, record.father_name)), {}


@dataclass
class Match:
    person: Person
    reasons: list[str]


def likely_same_persons(s: Session, c: CheckedReport, limit: int = 20) -> list[Match]:
    """Active persons with a record of the same given and family name keys (either order),
    ranked by how many of place, date, age and sex also agree."""
    gk, fk = c.keys.get("given_key"), c.keys.get("family_key")
    if not gk and not fk:
        return []
    same_name = (
        or_(
            (SourceRecord.given_key == gk) & (SourceRecord.family_key == fk),
            (SourceRecord.given_key == fk) & (SourceRecord.family_key == gk),
        )
        if gk and fk
        else (SourceRecord.given_key == (gk or fk))
    )
    ids = select(SourceRecord.person_id).where(same_name, SourceRecord.person_id.is_not(None))
    persons = s.scalars(
        select(Person).where(Person.id.in_(ids), Person.active.is_(True)).limit(200)
    ).all()
    rec = c.record
    start = rec.date.start if rec.date else None
    end = rec.date.end if rec.date else None
    age = rec.age.nominal if rec.age else None
    sex = rec.sex.value if rec.sex else None
    matches = []
    for p in persons:
        reasons = ["same name"]
        if rec.place.city_id is not None and p.city_id == rec.place.city_id:
            reasons.append("same city")
        elif rec.place.province_code and p.province_code == rec.place.province_code:
            reasons.append("same province")
        if (
            start
            and p.date_start
            and p.date_end
            and p.date_start <= (end or start)
            and start <= p.date_end
        ):
            reasons.append("dates overlap")
        if age is not None and p.age is not None and abs(age - p.age) <= 2:
            reasons.append("similar age")
        if sex and p.sex == sex:
            reasons.append("same sex")
        matches.append(Match(p, reasons))
    matches.sort(key=lambda m: (-len(m.reasons), m.person.id))
    return matches[:limit]


def save_report(
    s: Session,
    c: CheckedReport,
    actor: str,
    same_as: str | None = None,
    key_file: str | Path | None = None,
) -> str:
    """Store the report as a source record of its person; returns the person id.

    With `same_as`, the record joins that person (the reviewer said so); otherwise it
    starts a new person, graded weak (one source) until grading runs again.
    """
    counters.lock_writes(s)  # one writer of persons at a time (see vigil.store.counters)
    if c.source_id is not None:
        source = s.get(Source, c.source_id)
        if source is None:
            raise NotFound(f"no source {c.source_id}")
    else:
        source = get_or_create_source(
            s, INTAKE_SOURCE, kind=SourceKind.OTHER, group=INTAKE_SOURCE, actor=actor
        )
        if not source.notes:
            source.notes = "Reports entered through the web form"
    rec = c.record
    sensitive = sealing.sensitive_fields(s)
    private = private_columns(list(rec.raw), sensitive)
    sealer = (
        sealing.get_sealer(s, key_file=Path(key_file) if key_file else None, create=True)
        if private
        else None
    )
    sealed = seal_record(rec, source.id, sensitive, private, sealer, WHERE)
    row = stored_row(
        rec, sealed, source.id, None, actor, dt.datetime.now(dt.UTC), sensitive=sensitive
    )
    record = SourceRecord(**row)
    if same_as:
        person = s.get(Person, same_as)
        if person is None or not person.active:
            raise NotFound(f"no person {same_as!r} to attach the report to")
    else:
        person = new_person_for(s, record, actor, "one source")
    record.person_id = person.id
    s.add(record)
    s.flush()
    if record.violation:
        s.add(
            Violation(
                person_id=person.id,
                record_id=record.id,
                type=record.violation,
                date_start=record.date_start,
                date_end=record.date_end,
                created_by=actor,
            )
        )
    act = act_row(rec, record.id, actor, dt.datetime.now(dt.UTC))
    if act is not None:
        s.add(Act(**act))
    refresh_counts(s, person)
    audit.record(s, actor, "create", record)
    return person.id


def intake_report(
    store: Store,
    report: Report,
    *,
    actor: str = "system",
    same_as: str | None = None,
    key_file: str | Path | None = None,
) -> str:
    """Check and save one report in one transaction; InputError listing every problem."""
    with store.session() as s:
        checked, errors = check_report(s, report)
        if checked is None:
            problems = "; ".join(f"{k}: {v}" for k, v in sorted(errors.items()))
            raise InputError(f"{WHERE}: {problems}")
        return save_report(s, checked, actor, same_as, key_file)
