"""Applying a reviewer's decision on a pair right away, so pages and counts follow it.

The decision is stored as a `LinkDecision` (by record ids, so it survives re-linking, which
reads decisions as hard constraints) and logged. Until the next linkage run, the person
table is updated here: *confirm* merges the two persons (the one with more records, then
the lower id, keeps its id; the other is marked inactive), *separate* moves the right-hand
record to a person of its own when both were in one.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.errors import InvalidValue, NotFound
from vigil.linkage.ids import format_id, id_number
from vigil.services import audit
from vigil.store.models import LinkDecision, LinkPair, Person, Source, SourceRecord, Violation

DECISIONS = ("confirm", "separate")


def _refresh_counts(s: Session, person: Person) -> None:
    rows = s.execute(
        select(Source.name, Source.independence_group)
        .join(SourceRecord, SourceRecord.source_id == Source.id)
        .where(SourceRecord.person_id == person.id)
    ).all()
    person.n_sources = len({name for name, _ in rows})
    person.n_groups = len({group for _, group in rows})


def _new_person_for(s: Session, record: SourceRecord, actor: str) -> Person:
    ids = s.scalars(select(Person.id)).all()
    number = max((id_number(i) for i in ids), default=0) + 1
    person = Person(
        id=format_id(number),
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
        grade_reasons=["one source (split from a person by review)"],
        created_by=actor,
    )
    s.add(person)
    s.flush()
    return person


def decide(s: Session, pair_id: int, decision: str, actor: str, note: str | None = None) -> str:
    """Record `decision` on pair `pair_id` and apply it; returns the person id to show."""
    if decision not in DECISIONS:
        raise InvalidValue(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    pair = s.get(LinkPair, pair_id)
    if pair is None:
        raise NotFound(f"no review pair {pair_id}")
    a, b = sorted((pair.record_l, pair.record_r))
    existing = s.scalar(
        select(LinkDecision).where(LinkDecision.record_a == a, LinkDecision.record_b == b)
    )
    if existing is None:
        row = LinkDecision(record_a=a, record_b=b, decision=decision, note=note, created_by=actor)
        s.add(row)
        s.flush()
        audit.record(s, actor, "link_decision", row)
    else:
        before = {"decision": existing.decision}
        existing.decision = decision
        existing.note = note
        audit.record(
            s, actor, "link_decision", "link_decisions", existing.id, before, {"decision": decision}
        )
    left, right = s.get(SourceRecord, pair.record_l), s.get(SourceRecord, pair.record_r)
    if left is None or right is None:
        raise NotFound(f"a record of pair {pair_id} no longer exists")
    if decision == "confirm":
        return _merge(s, left, right, actor)
    return _separate(s, left, right, actor)


def _merge(s: Session, left: SourceRecord, right: SourceRecord, actor: str) -> str:
    if left.person_id is None and right.person_id is None:
        person = _new_person_for(s, left, actor)
        left.person_id = right.person_id = person.id
        _refresh_counts(s, person)
        return person.id
    if left.person_id is None or right.person_id is None or left.person_id == right.person_id:
        pid = left.person_id or right.person_id
        assert pid is not None
        left.person_id = right.person_id = pid
        found = s.get(Person, pid)
        if found is not None:
            _refresh_counts(s, found)
        return pid
    sizes: dict[str | None, int] = {
        pid: n
        for pid, n in s.execute(
            select(SourceRecord.person_id, func.count())
            .where(SourceRecord.person_id.in_([left.person_id, right.person_id]))
            .group_by(SourceRecord.person_id)
        ).all()
    }
    keep_id, drop_id = sorted(
        (left.person_id, right.person_id), key=lambda p: (-sizes.get(p, 0), id_number(p))
    )
    keep, drop = s.get(Person, keep_id), s.get(Person, drop_id)
    assert keep is not None and drop is not None
    for record in s.scalars(select(SourceRecord).where(SourceRecord.person_id == drop_id)):
        record.person_id = keep_id
    for violation in s.scalars(select(Violation).where(Violation.person_id == drop_id)):
        violation.person_id = keep_id
    drop.active = False
    s.flush()
    _refresh_counts(s, keep)
    _refresh_counts(s, drop)
    audit.record(
        s, actor, "merge", "persons", keep_id, {"persons": [keep_id, drop_id]}, {"kept": keep_id}
    )
    return keep_id


def _separate(s: Session, left: SourceRecord, right: SourceRecord, actor: str) -> str:
    if left.person_id is None or left.person_id != right.person_id:
        return left.person_id or right.person_id or ""
    old = s.get(Person, left.person_id)
    person = _new_person_for(s, right, actor)
    right.person_id = person.id
    for violation in s.scalars(select(Violation).where(Violation.record_id == right.id)):
        violation.person_id = person.id
    s.flush()
    _refresh_counts(s, person)
    if old is not None:
        _refresh_counts(s, old)
    audit.record(
        s, actor, "split", "persons", person.id, {"person": left.person_id}, {"new": person.id}
    )
    return left.person_id
