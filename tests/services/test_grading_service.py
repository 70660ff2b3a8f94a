from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from vigil.services.grading import grade_all, person_grade
from vigil.store import Store
from vigil.store.models import (
    AuditEntry,
    Evidence,
    EvidenceLink,
    Person,
    PersonOverride,
    Source,
    SourceRecord,
)

D = dt.date(2019, 11, 16)


def _seed(store: Store) -> None:
    with store.session() as s:
        srcs = [
            Source(name="Net A", kind="field_network", independence_group="A"),
            Source(name="Paper A2", kind="media", independence_group="A"),
            Source(name="NGO B", kind="ngo", independence_group="B"),
            Source(name="Ministry", kind="official", independence_group="GOV"),
        ]
        s.add_all(srcs)
        s.add_all(
            [Person(id=f"P-{i:06d}", display_name=f"person {i}") for i in range(1, 6)]
            + [Person(id="P-000006", display_name="merged", active=False)]
        )
        s.flush()

        def rec(n: int, src: Source, pid: str, **kw: object) -> SourceRecord:
            base: dict[str, object] = dict(
                source_id=src.id,
                source_record_id=f"r{n}",
                raw={},
                content_sha256=f"{n:064d}",
                name_raw="محمد حسینی",
                age=24,
                province_code="15",
                date_start=D,
                date_end=D,
                violation="killed",
                person_id=pid,
            )
            base.update(kw)
            return SourceRecord(**base)  # type: ignore[arg-type]

        a, a2, b, gov = srcs
        s.add_all(
            [
                rec(1, a, "P-000001"),  # weak: one record
                rec(2, a, "P-000002"),  # weak: two outlets, one group
                rec(3, a2, "P-000002"),
                rec(4, a, "P-000003"),  # fair: two groups
                rec(5, b, "P-000003"),
                rec(6, gov, "P-000004"),  # confirmed: official admission
                rec(7, a, "P-000005"),  # contested: reported alive
                rec(8, b, "P-000005", violation="reported_alive"),
            ]
        )
        s.flush()
        ev = Evidence(
            sha256="e" * 64,
            size=1,
            media_type="image/png",
            original_name="x.png",
            kind="death_certificate",
        )
        s.add(ev)
        s.flush()
        s.add(EvidenceLink(evidence_sha256=ev.sha256, record_id=1))


def test_grade_all_writes_grades_reasons_and_audit(store: Store) -> None:
    _seed(store)
    report = grade_all(store, actor="analyst1")
    with store.session() as s:
        grades = {p.id: p.grade for p in s.scalars(select(Person))}
        p1 = s.get(Person, "P-000001")
        assert p1 is not None and p1.grade_reasons
        assert "death certificate" in p1.grade_reasons[0]
        n_audit = len(s.scalars(select(AuditEntry).where(AuditEntry.action == "grade")).all())
    assert grades == {
        "P-000001": "confirmed",  # a death certificate is linked to its record
        "P-000002": "weak",
        "P-000003": "fair",
        "P-000004": "confirmed",
        "P-000005": "contested",
        "P-000006": "discounted",
    }
    assert report.counts == {"confirmed": 2, "weak": 1, "fair": 1, "contested": 1, "discounted": 1}
    assert report.changed == 6 and n_audit == 6
    # Re-grading with nothing new changes nothing and logs nothing.
    assert grade_all(store).changed == 0


def test_override_discounts_and_person_grade_explains(store: Store) -> None:
    _seed(store)
    with store.session() as s:
        s.add(PersonOverride(person_id="P-000003", grade="discounted", reason="not a protester"))
    grade_all(store)
    with store.session() as s:
        res = person_grade(s, "P-000003")
    assert res.grade.value == "discounted"
    assert "not a protester" in res.reasons[0]
