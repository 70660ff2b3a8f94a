"""The intake form: parsing one report, finding likely existing persons, saving it.

Values are read by the same normalizers as imported files (`vigil.normalize`,
`vigil.names`, `vigil.places`), so a report typed in the browser and a row of a CSV are
compared on equal terms by linkage later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigil.errors import InvalidValue, NotFound
from vigil.ingest.limits import field_problem
from vigil.linkage.ids import format_id, id_number
from vigil.names import father_key, name_keys, parse_name
from vigil.normalize.age import parse_age
from vigil.normalize.dates import parse_date
from vigil.normalize.sex import parse_sex
from vigil.normalize.violation import parse_violation
from vigil.places import Gazetteer
from vigil.security.crypto import record_aad
from vigil.services import audit
from vigil.services.sealing import get_sealer, sensitive_fields, split_and_seal
from vigil.store.models import Person, Source, SourceRecord, Violation

INTAKE_SOURCE = "web intake"


@dataclass
class IntakeForm:
    """The form as typed (kept to show it again with its problems)."""

    name: str = ""
    father_name: str = ""
    sex: str = ""
    age: str = ""
    date: str = ""
    province: str = ""
    city: str = ""
    violation: str = ""
    source: str = ""
    notes: str = ""
    witness_name: str = ""
    witness_contact: str = ""

    def parse(self, s: Session) -> tuple[ParsedReport | None, dict[str, str]]:
        """The normalized report, or the problems by field name."""
        errors: dict[str, str] = {}
        for field_name, text in vars(self).items():  # the importer's limits (ingest.limits)
            if isinstance(text, str) and (problem := field_problem(field_name, text)):
                errors[field_name] = problem
        if not self.name.strip():
            errors["name"] = "a name is required"

        def attempt(field: str, fn: Any, text: str) -> Any:
            try:
                return fn(text) if text.strip() else None
            except InvalidValue as e:
                errors[field] = str(e)
                return None

        sex = attempt("sex", parse_sex, self.sex)
        age = attempt("age", parse_age, self.age)
        date = attempt("date", parse_date, self.date)
        violation = attempt("violation", parse_violation, self.violation)
        if violation is None and "violation" not in errors:
            errors["violation"] = "say what happened (killed, arrested, ...)"
        place = Gazetteer.load().resolve(self.province or None, self.city or None)
        if (self.province or self.city) and not place.resolved and place.reason:
            place_note: str | None = place.reason
        else:
            place_note = None
        source_id: int | None = None
        if self.source.strip():
            try:
                source_id = int(self.source)
            except ValueError:
                errors["source"] = f"unknown source {self.source!r}"
            else:
                if s.get(Source, source_id) is None:
                    errors["source"] = f"unknown source {self.source!r}"
        if errors:
            return None, errors
        parsed = parse_name(self.name)
        return (
            ParsedReport(
                form=self,
                given=parsed.given,
                family=parsed.family,
                keys=asdict(name_keys(parsed)),
                father_key=father_key(self.father_name or None) or None,
                titles=" ".join(parsed.titles) or None,
                script=str(parsed.script),
                sex=sex.value if sex else None,
                age=age.exact if age else None,
                date_start=date.start if date else None,
                date_end=date.end if date else None,
                date_precision=date.precision.value if date else None,
                province_code=place.province_code,
                city_id=place.city_id,
                place_resolved=place.resolved,
                place_note=place_note,
                violation=violation.value if violation else None,
                source_id=source_id,
            ),
            {},
        )


@dataclass
class ParsedReport:
    form: IntakeForm
    given: str
    family: str
    keys: dict[str, str]
    father_key: str | None
    titles: str | None
    script: str
    sex: str | None
    age: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    province_code: str | None
    city_id: int | None
    place_resolved: bool
    place_note: str | None
    violation: str | None
    source_id: int | None


@dataclass
class Match:
    person: Person
    reasons: list[str]


def likely_same_persons(s: Session, r: ParsedReport, limit: int = 20) -> list[Match]:
    """Active persons with a record of the same given and family name keys (either order),
    ranked by how many of place, date, age and sex also agree."""
    gk, fk = r.keys["given_key"], r.keys["family_key"]
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
    matches = []
    for p in persons:
        reasons = ["same name"]
        if r.city_id is not None and p.city_id == r.city_id:
            reasons.append("same city")
        elif r.province_code and p.province_code == r.province_code:
            reasons.append("same province")
        if (
            r.date_start
            and p.date_start
            and p.date_end
            and p.date_start <= (r.date_end or r.date_start)
            and r.date_start <= p.date_end
        ):
            reasons.append("dates overlap")
        if r.age is not None and p.age is not None and abs(r.age - p.age) <= 2:
            reasons.append("similar age")
        if r.sex and p.sex == r.sex:
            reasons.append("same sex")
        matches.append(Match(p, reasons))
    matches.sort(key=lambda m: (-len(m.reasons), m.person.id))
    return matches[:limit]


def _intake_source(s: Session, actor: str) -> Source:
    source = s.scalar(select(Source).where(Source.name == INTAKE_SOURCE))
    if source is None:
        source = Source(
            name=INTAKE_SOURCE,
            kind="other",
            independence_group=INTAKE_SOURCE,
            notes="Reports entered through the web form",
            created_by=actor,
        )
        s.add(source)
        s.flush()
    return source


def _raw(form: IntakeForm) -> dict[str, Any]:
    return {k: v for k, v in asdict(form).items() if v not in ("", None) and k != "source"}


def save_report(
    s: Session, r: ParsedReport, actor: str, same_as: str | None, key_file: str | None = None
) -> str:
    """Store the report as a source record of its person; returns the person id.

    With `same_as`, the record joins that person (the reviewer said so); otherwise it
    starts a new person, graded weak (one source) until grading runs again.
    """
    source = s.get(Source, r.source_id) if r.source_id else _intake_source(s, actor)
    assert source is not None
    record_id = f"web-{uuid.uuid4().hex[:12]}"
    raw = _raw(r.form)
    sealer = get_sealer(s, key_file=Path(key_file) if key_file else None, create=True)
    public, sealed = split_and_seal(
        sealer,
        raw,
        sensitive_fields(s),
        record_aad(source.id, record_id),
        where="intake form",
    )
    notes = public.pop("notes", None)
    record = SourceRecord(
        source_id=source.id,
        source_record_id=record_id,
        raw=public,
        content_sha256=hashlib.sha256(
            json.dumps(public, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest(),
        name_raw=r.form.name.strip(),
        given_name=r.given or None,
        family_name=r.family or None,
        father_name=r.form.father_name.strip() or None,
        titles=r.titles,
        script=r.script,
        given_key=r.keys["given_key"] or None,
        family_key=r.keys["family_key"] or None,
        father_key=r.father_key,
        given_latin=r.keys["given_latin"] or None,
        family_latin=r.keys["family_latin"] or None,
        full_key=r.keys["full_key"] or None,
        sex=r.sex,
        age=r.age,
        date_start=r.date_start,
        date_end=r.date_end,
        date_precision=r.date_precision,
        province_code=r.province_code,
        city_id=r.city_id,
        place_resolved=r.place_resolved,
        place_note=r.place_note,
        violation=r.violation,
        notes=notes,
        sealed=sealed,
        created_by=actor,
    )
    if same_as:
        person = s.get(Person, same_as)
        if person is None or not person.active:
            raise NotFound(f"no person {same_as!r} to attach the report to")
    else:
        number = max((id_number(i) for i in s.scalars(select(Person.id))), default=0) + 1
        latin = " ".join(p for p in (r.keys["given_latin"], r.keys["family_latin"]) if p)
        person = Person(
            id=format_id(number),
            display_name=r.form.name.strip(),
            display_name_latin=latin or None,
            sex=r.sex,
            age=r.age,
            province_code=r.province_code,
            city_id=r.city_id,
            date_start=r.date_start,
            date_end=r.date_end,
            grade="weak",
            grade_reasons=["one source"],
            n_sources=0,
            n_groups=0,
            created_by=actor,
        )
        s.add(person)
        s.flush()
    record.person_id = person.id
    s.add(record)
    s.flush()
    if r.violation:
        s.add(
            Violation(
                person_id=person.id,
                record_id=record.id,
                type=r.violation,
                date_start=r.date_start,
                date_end=r.date_end,
                created_by=actor,
            )
        )
    groups = s.execute(
        select(Source.name, Source.independence_group)
        .join(SourceRecord, SourceRecord.source_id == Source.id)
        .where(SourceRecord.person_id == person.id)
    ).all()
    person.n_sources = len({n for n, _ in groups})
    person.n_groups = len({g for _, g in groups})
    audit.record(s, actor, "create", record)
    return person.id
