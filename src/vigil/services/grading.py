"""Grade every person in the store from the rules, and say why.

Gathers `PersonFacts` (records, their sources' kinds and independence groups, linked
evidence kinds, human overrides) and writes `Person.grade` / `Person.grade_reasons`.
Each changed grade gets an audit entry, so the history shows when and why a person's
standing moved.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain.acts import ALSO, UNINFORMATIVE
from vigil.grading import GradeResult, GradingRules, PersonFacts, RecordFacts, grade_person
from vigil.grading import load_rules as _load_rules
from vigil.grading.rules import ATTRIBUTION_FIELDS
from vigil.services import audit
from vigil.store import Store
from vigil.store.models import (
    Act,
    Evidence,
    EvidenceLink,
    Person,
    PersonOverride,
    Source,
    SourceRecord,
)

# Coded act fields grading may compare between sources (`GradingRules.attribution_fields`).
_ACT_FACTS = tuple(sorted(ATTRIBUTION_FIELDS))
# Their columns of further codes one text named ("IRGC and Basij").
_ALSO_FACTS = tuple(f for f in _ACT_FACTS if f in ALSO)


def act_fact(code: str | None, also: list[str] | None) -> str | None:
    """A record's value of one act field as grading compares it: the code, or every code
    the text named, sorted ("basij and irgc"), so the order of naming is no disagreement.
    "unknown" beside known codes adds nothing."""
    if code is None:
        return None
    codes = sorted({code, *(str(c) for c in also or ())})
    if len(codes) > 1:
        codes = [c for c in codes if c not in UNINFORMATIVE]
    return " and ".join(codes)


@dataclass
class GradeReport:
    counts: dict[str, int]
    changed: int
    rules: str


def load_rules(path: str | Path | None = None) -> GradingRules:
    return _load_rules(path)


def gather_facts(session: Session, person_ids: list[str] | None = None) -> list[PersonFacts]:
    """PersonFacts for every person (or the given ones), in id order."""
    evidence: dict[int, set[str]] = defaultdict(set)
    for rid, kind in session.execute(
        select(EvidenceLink.record_id, Evidence.kind).join(
            Evidence, Evidence.sha256 == EvidenceLink.evidence_sha256
        )
    ):
        if kind:
            evidence[rid].add(kind)
    overrides: dict[str, PersonOverride] = {}
    for ruling in session.scalars(select(PersonOverride).order_by(PersonOverride.id)):
        overrides[ruling.person_id] = ruling  # the latest ruling wins
    q = (
        select(
            SourceRecord.id,
            SourceRecord.person_id,
            SourceRecord.name_raw,
            SourceRecord.age,
            SourceRecord.father_key,
            SourceRecord.sex,
            SourceRecord.province_code,
            SourceRecord.city_id,
            SourceRecord.date_start,
            SourceRecord.date_end,
            SourceRecord.violation,
            Source.name,
            Source.kind,
            Source.independence_group,
            *(getattr(Act, f) for f in _ACT_FACTS),
            *(getattr(Act, ALSO[f]) for f in _ALSO_FACTS),
        )
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(Act, Act.record_id == SourceRecord.id)
        .where(SourceRecord.person_id.is_not(None))
        .order_by(SourceRecord.id)
    )
    if person_ids is not None:
        q = q.where(SourceRecord.person_id.in_(person_ids))
    by_person: dict[str, list[RecordFacts]] = defaultdict(list)
    for row in session.execute(q):
        by_person[row.person_id].append(
            RecordFacts(
                record_id=row.id,
                source=row.name,
                source_kind=row.kind,
                group=row.independence_group,
                name=bool(row.name_raw and row.name_raw.strip()),
                age=row.age,
                father_key=row.father_key,
                sex=row.sex,
                place=bool(row.province_code or row.city_id),
                date_start=row.date_start,
                date_end=row.date_end,
                violation=row.violation,
                evidence_kinds=frozenset(evidence.get(row.id, ())),
                act=tuple(
                    (f, v)
                    for f in _ACT_FACTS
                    if (
                        v := act_fact(getattr(row, f), getattr(row, ALSO[f]) if f in ALSO else None)
                    )
                    is not None
                ),
            )
        )
    pq = select(Person.id, Person.active).order_by(Person.id)
    if person_ids is not None:
        pq = pq.where(Person.id.in_(person_ids))
    facts = []
    for pid, active in session.execute(pq):
        o = overrides.get(pid)
        facts.append(
            PersonFacts(
                person_id=pid,
                records=tuple(by_person.get(pid, ())),
                override_grade=o.grade if o else None,
                override_reason=o.reason if o else None,
                merged_away=not active,
            )
        )
    return facts


def grade_all(
    store: Store, rules: GradingRules | None = None, *, actor: str = "system"
) -> GradeReport:
    """(Re)compute every person's grade; returns counts by grade and how many changed."""
    rules = rules or load_rules()
    counts: Counter[str] = Counter()
    changed = 0
    with store.session() as s:
        audit.bind_actor(s, actor)
        persons = {p.id: p for p in s.scalars(select(Person))}
        for facts in gather_facts(s):
            result: GradeResult = grade_person(facts, rules)
            counts[result.grade.value] += 1
            p = persons[facts.person_id]
            reasons = list(result.reasons)
            if p.grade != result.grade.value or (p.grade_reasons or []) != reasons:
                before = {"grade": p.grade, "reasons": p.grade_reasons}
                p.grade = result.grade.value
                p.grade_reasons = reasons
                changed += 1
                audit.record(
                    s,
                    actor,
                    "grade",
                    "persons",
                    p.id,
                    before=before,
                    after={"grade": p.grade, "reasons": reasons},
                )
    return GradeReport(dict(counts), changed, rules.source)


def stored_grade(session: Session, person_id: str) -> str | None:
    """The grade `vigil grade` last stored for a person (None if never graded, or no such
    person), to say when the rules now give another."""
    person = session.get(Person, person_id)
    return person.grade if person is not None else None


def person_grade(
    session: Session, person_id: str, rules: GradingRules | None = None
) -> GradeResult:
    """The grade a person would get now (for `person show` and the web page)."""
    facts = gather_facts(session, [person_id]) or [PersonFacts(person_id, ())]
    return grade_person(facts[0], rules or load_rules())
