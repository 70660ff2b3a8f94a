"""Everything the person page shows, gathered in one place and redacted for the viewer.

Records are shown side by side with their source and evidence; the scored pairs between
them explain why they were linked; the timeline lists the violations by date; the history
comes from the audit log entries of the person and of their records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigil.errors import NotFound, VigilError
from vigil.security.permissions import WITHHELD, Action, can, redact_record
from vigil.services.sealing import get_sealer, read_sensitive, sensitive_fields
from vigil.store.models import (
    AuditEntry,
    Evidence,
    EvidenceLink,
    LinkDecision,
    LinkPair,
    Person,
    Source,
    SourceRecord,
    Violation,
)
from vigil.web.deps import Actor
from vigil.web.review_queue import explain_pair


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
    pairs: list[dict[str, Any]]
    decisions: list[LinkDecision]
    timeline: list[TimelineEntry]
    history: list[AuditEntry]


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


def record_fields(r: SourceRecord, actor: Actor, fields: tuple[str, ...]) -> dict[str, Any]:
    """The record's columns and raw input, as `actor` may see them (store's sensitive list)."""
    row = {name: getattr(r, name) for name in SHOWN_FIELDS}
    row["raw"] = dict(r.raw or {})
    return redact_record(row, actor, sensitive_fields=fields)


def open_sealed(
    s: Session, r: SourceRecord, actor: Actor, key_file: str | None
) -> dict[str, Any] | None:
    """Sealed sensitive fields: withheld unless the role may read them and the key is here."""
    if r.sealed is None:
        return None
    if not can(actor, Action.READ_SENSITIVE):
        return read_sensitive(s, r, None, actor)
    try:
        sealer = get_sealer(s, key_file=Path(key_file) if key_file else None, use_env=False)
        return read_sensitive(s, r, sealer, actor)
    except VigilError as e:
        return {"sealed": f"[does not open: {e}]"}


def person_view(s: Session, person_id: str, actor: Actor, key_file: str | None) -> PersonView:
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
                    if can(actor, Action.READ_EVIDENCE_ORIGINAL)
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
            record_fields(r, actor, fields),
            open_sealed(s, r, actor, key_file),
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
    if can(actor, Action.READ_AUDIT):
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
    return PersonView(person, records, pairs, decisions, timeline, history)
