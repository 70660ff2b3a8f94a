"""One person as a reader sees it, and new person ids.

`person_view` gathers everything shown about a person (records side by side with their
source and evidence, the scored pairs that explain the links, decisions, the timeline of
violations, the history) for the web page, `vigil person show` and the facade alike.
`record_fields` and `open_sealed` are the one place where a record's sensitive fields are
withheld from a reader who may not see them; the review queue uses them too.

`list_records`, `get_record` and `person_detail` are the same reading for the JSON API and
the facade: their dataclasses are the API's response models (FastAPI documents them), so a
row is defined once.

`new_person_id` is the one way to number a person outside a linkage run (which takes its
numbers from the same counter, see `vigil.store.counters`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigil.errors import NotFound, VigilError
from vigil.linkage.explain import explain
from vigil.linkage.ids import format_id
from vigil.security.crypto import Sealer
from vigil.security.permissions import WITHHELD, Action, HasRole, can, redact_record
from vigil.services.acts import FieldAcross, person_acts
from vigil.services.sealing import get_sealer, read_sensitive, sensitive_fields
from vigil.services.search import VictimRow
from vigil.store import counters
from vigil.store.models import (
    AuditEntry,
    Evidence,
    EvidenceLink,
    LinkDecision,
    LinkPair,
    LinkRun,
    Person,
    Source,
    SourceRecord,
    Violation,
)


def new_person_id(s: Session) -> str:
    """A fresh person id, never handed out before in this store (safe across processes)."""
    return format_id(counters.allocate(s, counters.PERSON_IDS, 1))


def new_person_for(s: Session, record: SourceRecord, actor: str, reason: str) -> Person:
    """A new person holding only `record` (an intake report, a record split off by review):
    its facts are the record's, graded weak until grading runs again."""
    person = Person(
        id=new_person_id(s),
        display_name=record.name_raw,
        display_name_latin=" ".join(p for p in (record.given_latin, record.family_latin) if p)
        or None,
        sex=record.sex,
        age=record.age,
        province_code=record.province_code,
        city_id=record.city_id,
        date_start=record.date_start,
        date_end=record.date_end,
        grade="weak",
        grade_reasons=[reason],
        n_sources=0,
        n_groups=0,
        created_by=actor,
    )
    s.add(person)
    s.flush()
    return person


def refresh_counts(s: Session, person: Person) -> None:
    """The person's numbers of sources and independent groups, from its records."""
    rows = s.execute(
        select(Source.name, Source.independence_group)
        .join(SourceRecord, SourceRecord.source_id == Source.id)
        .where(SourceRecord.person_id == person.id)
    ).all()
    person.n_sources = len({name for name, _ in rows})
    person.n_groups = len({group for _, group in rows})


# --- what a reader may see of a record --------------------------------------------------------

SHOWN_FIELDS = (
    "name_raw",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "age",
    "date_start",
    "date_end",
    "date_precision",
    "province_code",
    "city_id",
    "place_note",
    "violation",
    "notes",
    "match_probability",
)


def record_fields(
    r: SourceRecord, viewer: HasRole | None, fields: tuple[str, ...]
) -> dict[str, Any]:
    """The record's columns and raw input, as `viewer` may see them; `fields` is the store's
    list of sensitive fields (`sealing.sensitive_fields`)."""
    row = {name: getattr(r, name) for name in SHOWN_FIELDS}
    row["raw"] = dict(r.raw or {})
    return redact_record(row, viewer, sensitive_fields=fields)


def open_sealed(
    s: Session, r: SourceRecord, viewer: HasRole | None, key_file: str | Path | None
) -> dict[str, Any] | None:
    """Sealed sensitive fields: withheld unless the role may read them and the key is here."""
    if r.sealed is None:
        return None
    if not can(viewer, Action.READ_SENSITIVE):
        return read_sensitive(s, r, None, viewer)
    try:
        sealer = get_sealer(s, key_file=Path(key_file) if key_file else None)
        return read_sensitive(s, r, sealer, viewer)
    except VigilError as e:
        return {"sealed": f"[does not open: {e}]"}


def explain_pair(
    s: Session, pair: LinkPair, models: dict[int, Any] | None = None
) -> dict[str, Any]:
    """Field-by-field weights of a stored pair, from the model of the run that scored it."""
    models = models if models is not None else {}
    if pair.run_id not in models:
        run = s.get(LinkRun, pair.run_id)
        models[pair.run_id] = run.model if run is not None else {}
    gamma = (pair.explanation or {}).get("gamma", {})
    return explain(models[pair.run_id], gamma, pair.match_weight, pair.match_probability).as_dict()


# --- the person view ----------------------------------------------------------------------------


@dataclass
class RecordView:
    id: int
    source: str
    source_kind: str
    group: str
    source_record_id: str
    fields: dict[str, Any]
    sensitive: dict[str, Any] | None
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class TimelineEntry:
    type: str
    date_start: dt.date | None
    date_end: dt.date | None
    record_id: int | None


@dataclass
class PersonView:
    person: Person
    records: list[RecordView]
    pairs: list[dict[str, Any]]  # stored pairs touching this person's records, strongest first
    decisions: list[LinkDecision]
    timeline: list[TimelineEntry]
    history: list[AuditEntry]
    # How it happened, per act field, every source's value side by side (`services.acts`).
    acts: list[FieldAcross] = field(default_factory=list)


# The input column an act field's value comes from (for the store's sensitive field list).
_ACT_INPUT = {"place_kind": "place_kind", "arrest_place_kind": "arrest_place",
              "sentence_kind": "sentence", "sentence_years": "sentence"}  # fmt: skip


def shown_acts(
    s: Session, person_id: str, viewer: HasRole | None, fields: tuple[str, ...]
) -> list[FieldAcross]:
    """The person's act fields some source gave, side by side, as `viewer` may see them:
    a field the organization marked sensitive reads as withheld (one rule with
    `record_fields`), its source kept."""
    out = []
    sees = can(viewer, Action.READ_SENSITIVE)
    for across in person_acts(s, person_id).shown():
        hide_value = not sees and _ACT_INPUT.get(across.field, across.field) in fields
        hide_by = not sees and "perpetrator_by" in fields
        if hide_value or hide_by:
            values = [
                replace(
                    v,
                    value=WITHHELD if hide_value else v.value,
                    raw=WITHHELD if hide_value and v.raw is not None else v.raw,
                    by=WITHHELD if hide_by and v.by is not None else v.by,
                )
                for v in across.values
            ]
            across = replace(across, values=values)
        out.append(across)
    return out


def person_view(
    s: Session, person_id: str, viewer: HasRole | None, key_file: str | Path | None = None
) -> PersonView:
    """Everything shown about one person, redacted for `viewer`."""
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person {person_id!r}")
    rows = s.execute(
        select(SourceRecord, Source)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.person_id == person_id)
        .order_by(SourceRecord.date_start, SourceRecord.id)
    ).all()
    record_ids = [r.id for r, _ in rows]
    evidence: dict[int, list[dict[str, Any]]] = {}
    if record_ids:
        for link, ev in s.execute(
            select(EvidenceLink, Evidence)
            .join(Evidence, Evidence.sha256 == EvidenceLink.evidence_sha256)
            .where(EvidenceLink.record_id.in_(record_ids))
        ).all():
            evidence.setdefault(link.record_id, []).append(
                {
                    "sha256": ev.sha256,
                    "media_type": ev.media_type,
                    "kind": ev.kind,
                    "size": ev.size,
                    "name": ev.original_name
                    if can(viewer, Action.READ_EVIDENCE_ORIGINAL)
                    else WITHHELD,
                    "note": link.note,
                }
            )
    fields = sensitive_fields(s)
    records = [
        RecordView(
            r.id,
            src.name,
            src.kind,
            src.independence_group,
            r.source_record_id,
            record_fields(r, viewer, fields),
            open_sealed(s, r, viewer, key_file),
            evidence.get(r.id, []),
        )
        for r, src in rows
    ]
    pairs: list[dict[str, Any]] = []
    decisions: list[LinkDecision] = []
    if record_ids:
        models: dict[int, Any] = {}
        for p in s.scalars(
            select(LinkPair)
            .where(LinkPair.record_l.in_(record_ids) | LinkPair.record_r.in_(record_ids))
            .where(LinkPair.kind == "scored")  # same-letters pairs are review candidates only
            .order_by(LinkPair.match_probability.desc())
            .limit(100)
        ):
            pairs.append(
                {
                    "record_l": p.record_l,
                    "record_r": p.record_r,
                    "probability": p.match_probability,
                    "weight": p.match_weight,
                    "explanation": explain_pair(s, p, models),
                }
            )
        decisions = list(
            s.scalars(
                select(LinkDecision).where(
                    LinkDecision.record_a.in_(record_ids) | LinkDecision.record_b.in_(record_ids)
                )
            )
        )
    timeline = [
        TimelineEntry(v.type, v.date_start, v.date_end, v.record_id)
        for v in s.scalars(select(Violation).where(Violation.person_id == person_id))
    ]
    if not timeline:
        timeline = [
            TimelineEntry(r.violation, r.date_start, r.date_end, r.id)
            for r, _ in rows
            if r.violation
        ]
    timeline.sort(key=lambda t: (t.date_start or dt.date.max, t.type))
    history: list[AuditEntry] = []
    if can(viewer, Action.READ_AUDIT):
        # Audit entries name their table ("persons", "source_records"); an id alone would
        # also match claim or import number 3 for record 3.
        history = list(
            s.scalars(
                select(AuditEntry)
                .where(
                    or_(
                        AuditEntry.entity.in_(("person", "persons"))
                        & (AuditEntry.entity_id == person_id),
                        (AuditEntry.entity == "source_records")
                        & AuditEntry.entity_id.in_([str(i) for i in record_ids]),
                    )
                )
                .order_by(AuditEntry.seq)
                .limit(200)
            )
        )
    acts = shown_acts(s, person_id, viewer, fields)
    return PersonView(person, records, pairs, decisions, timeline, history, acts)


# --- records and persons as data (the JSON API, the facade) -------------------------------------


@dataclass(frozen=True)
class RecordRow:
    """One source record as a reader may see it: sensitive fields read as withheld, and
    dropped from `raw` (the fields as reported) for a reader who may not see them."""

    id: int
    source: str
    source_record_id: str
    person_id: str | None
    name_raw: str
    given_name: str | None
    family_name: str | None
    father_name: str | None
    sex: str | None
    age: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    province_code: str | None
    city_id: int | None
    place_resolved: bool  # whether the place named was found in the gazetteer
    violation: str | None
    notes: str | None
    match_probability: float | None
    raw: dict[str, Any]


_ROW_FIELDS = tuple(f for f in RecordRow.__dataclass_fields__ if f not in ("source", "raw"))


def record_row(
    r: SourceRecord, source: str, viewer: HasRole | None, fields: tuple[str, ...]
) -> RecordRow:
    """`r` as `viewer` may see it; `fields` is the store's sensitive field list."""
    values = {name: getattr(r, name) for name in _ROW_FIELDS}
    values["source"] = source
    values["raw"] = dict(r.raw or {})
    shown = redact_record(values, viewer, sensitive_fields=fields)
    if not can(viewer, Action.READ_SENSITIVE):
        shown["raw"] = {k: v for k, v in shown["raw"].items() if k not in fields}
    return RecordRow(**shown)


def list_records(
    s: Session,
    viewer: HasRole | None,
    *,
    source: int | None = None,
    person: str | None = None,
    text: str | None = None,
    newest_first: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[RecordRow]:
    """Source records in id order (`newest_first`: the reverse), optionally of one source or
    one person, or holding `text` in the name as written or in Latin, the source's record id
    or the notes (`vigil records --search`)."""
    stmt = select(SourceRecord, Source.name).join(Source, Source.id == SourceRecord.source_id)
    if source is not None:
        stmt = stmt.where(SourceRecord.source_id == source)
    if person is not None:
        stmt = stmt.where(SourceRecord.person_id == person)
    if text and text.strip():
        like = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                SourceRecord.name_raw.ilike(like),
                SourceRecord.source_record_id.ilike(like),
                SourceRecord.given_latin.ilike(like),
                SourceRecord.family_latin.ilike(like),
                SourceRecord.notes.ilike(like),
            )
        )
    order = SourceRecord.id.desc() if newest_first else SourceRecord.id
    rows = s.execute(stmt.order_by(order).limit(limit).offset(offset)).all()
    fields = sensitive_fields(s)
    return [record_row(r, name, viewer, fields) for r, name in rows]


def get_record(s: Session, record_id: int, viewer: HasRole | None) -> RecordRow:
    """One source record by id (`NotFound` if there is none)."""
    row = s.execute(
        select(SourceRecord, Source.name)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.id == record_id)
    ).first()
    if row is None:
        raise NotFound(f"no source record {record_id}")
    return record_row(row[0], row[1], viewer, sensitive_fields(s))


def record_as_stored(
    s: Session,
    record_id: int,
    viewer: HasRole | None,
    open_sealer: Callable[[], Sealer | None],
) -> dict[str, Any]:
    """Every stored column of one source record with its sealed fields, as `viewer` may see
    them (`vigil record show`; `get_record` is the API's narrower row). `open_sealer` is
    called only when the record is sealed and `viewer` may read sensitive fields, so a key
    is asked for only when it will be used."""
    rec = s.get(SourceRecord, record_id)
    if rec is None:
        raise NotFound(f"no source record with id {record_id}")
    fields = sensitive_fields(s)
    sealer = None
    if rec.sealed is not None and can(viewer, Action.READ_SENSITIVE):
        sealer = open_sealer()
    data = {c.name: getattr(rec, c.name) for c in SourceRecord.__table__.columns}
    data.update(read_sensitive(s, rec, sealer, viewer))
    return redact_record(data, viewer, sensitive_fields=fields)


@dataclass(frozen=True)
class PersonDetail(VictimRow):
    """A person with its grade's reasons, every record and how it happened (the API's
    `GET /api/persons/{id}`; the person page shows more, see `person_view`)."""

    grade_reasons: list[Any] = field(default_factory=list)
    n_groups: int = 0
    active: bool = True
    records: list[RecordRow] = field(default_factory=list)
    acts: list[FieldAcross] = field(default_factory=list)  # every source side by side


def person_detail(s: Session, person_id: str, viewer: HasRole | None) -> PersonDetail:
    """One person as data, redacted for `viewer` (`NotFound` if there is none)."""
    p = s.get(Person, person_id)
    if p is None:
        raise NotFound(f"no person {person_id!r}")
    fields = sensitive_fields(s)
    rows = s.execute(
        select(SourceRecord, Source.name)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.person_id == p.id)
        .order_by(SourceRecord.id)
    ).all()
    base = {name: getattr(p, name) for name in VictimRow.__dataclass_fields__}
    return PersonDetail(
        **base,
        grade_reasons=list(p.grade_reasons or []),
        n_groups=p.n_groups,
        active=p.active,
        records=[record_row(r, name, viewer, fields) for r, name in rows],
        acts=shown_acts(s, p.id, viewer, fields),
    )
