"""Dashboard figures, computed from the store on each request so they follow every change.

Counts are of active persons (records merged into one person count once); "dead" means a
person with at least one death violation (killed, died in custody, executed) in the
violation table or, before that table is filled, in their records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from vigil.domain import AgeGroup, Grade, ViolationType, age_group
from vigil.store.models import Claim, Person, SourceRecord, Violation

DEATHS = [v.value for v in ViolationType if v.is_death]


@dataclass
class ClaimRow:
    id: int
    actor: str
    kind: str
    figure: int | None  # None for a claim about a share
    figure_min: int | None
    figure_max: int | None
    date: dt.date
    scope: str
    citation: str
    verdict: str | None = None
    reason: str | None = None
    percent: float | None = None
    share_of: str | None = None
    restricted: bool = False  # a count restricted by attributes (not on the claims chart)


@dataclass
class Dashboard:
    records: int
    persons: int
    unlinked: int
    dead: int
    by_grade: dict[str, int]
    documented_floor: int
    documented_total: int
    by_city: dict[int, int]
    by_province: dict[str, int]
    by_day: dict[dt.date, int]
    by_age: dict[str, int]
    by_sex: dict[str, int]
    claims: list[ClaimRow]
    estimate: dict[str, Any] | None
    review_pending: int = 0
    figures_pending: bool = False  # the estimate and verdicts are behind the store
    claims_floor: int | None = None  # floor and total of the deaths scope the claims are
    claims_total: int | None = None  # judged against (see vigil.web.verdicts)
    attribution: list[dict[str, Any]] = field(default_factory=list)  # headline shares
    events: list[dict[str, Any]] = field(default_factory=list)
    event: str | None = None  # the event the attribution section is scoped to
    extra: dict[str, Any] = field(default_factory=dict)


def death_condition() -> Any:
    return or_(
        exists(
            select(Violation.id).where(Violation.person_id == Person.id, Violation.type.in_(DEATHS))
        ),
        exists(
            select(SourceRecord.id).where(
                SourceRecord.person_id == Person.id, SourceRecord.violation.in_(DEATHS)
            )
        ),
    )


def claims(s: Session) -> list[ClaimRow]:
    return [
        ClaimRow(
            c.id,
            c.actor,
            c.kind,
            c.figure,
            c.figure_min,
            c.figure_max,
            c.date,
            c.scope,
            c.citation,
        )
        for c in s.scalars(select(Claim).order_by(Claim.date, Claim.id))
    ]


def dashboard(s: Session) -> Dashboard:
    active = Person.active.is_(True)
    records = s.scalar(select(func.count(SourceRecord.id))) or 0
    unlinked = (
        s.scalar(select(func.count(SourceRecord.id)).where(SourceRecord.person_id.is_(None))) or 0
    )
    by_grade_rows = s.execute(
        select(Person.grade, func.count(Person.id)).where(active).group_by(Person.grade)
    ).all()
    by_grade = {g.value: 0 for g in Grade}
    ungraded = 0
    for grade, n in by_grade_rows:
        if grade in by_grade:
            by_grade[grade] = n
        else:
            ungraded += n
    if ungraded:
        by_grade["ungraded"] = ungraded
    persons = sum(by_grade.values())
    floor = by_grade[Grade.CONFIRMED] + by_grade[Grade.FAIR]
    total = persons - by_grade[Grade.DISCOUNTED]

    dead = select(Person).where(active, death_condition()).subquery()
    n_dead = s.scalar(select(func.count()).select_from(dead)) or 0
    by_city = {
        int(c): n
        for c, n in s.execute(select(dead.c.city_id, func.count()).group_by(dead.c.city_id)).all()
        if c is not None
    }
    by_province = {
        str(p): n
        for p, n in s.execute(
            select(dead.c.province_code, func.count()).group_by(dead.c.province_code)
        ).all()
        if p is not None
    }
    by_day: dict[dt.date, int] = {}
    for d, n in s.execute(
        select(dead.c.date_start, func.count())
        .where(or_(dead.c.date_end.is_(None), dead.c.date_end == dead.c.date_start))
        .group_by(dead.c.date_start)
    ).all():
        if d is not None:
            by_day[d] = n
    ages: Counter[str] = Counter()
    for age, n in s.execute(select(dead.c.age, func.count()).group_by(dead.c.age)).all():
        ages[age_group(age).value] += n
    by_age = {g.value: ages.get(g.value, 0) for g in AgeGroup}
    by_sex: dict[str, int] = {}
    for sex, n in s.execute(select(dead.c.sex, func.count()).group_by(dead.c.sex)).all():
        by_sex[sex or "unknown"] = by_sex.get(sex or "unknown", 0) + n
    return Dashboard(
        records=records,
        persons=persons,
        unlinked=unlinked,
        dead=n_dead,
        by_grade=by_grade,
        documented_floor=floor,
        documented_total=total,
        by_city=by_city,
        by_province=by_province,
        by_day=dict(sorted(by_day.items())),
        by_age=by_age,
        by_sex=by_sex,
        claims=claims(s),
        estimate=None,
    )
