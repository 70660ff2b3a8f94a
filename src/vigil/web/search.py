"""Victim search: persons whose records match every name typed, in either script, plus filters.

A typed name is cut into words and each word turned into the cross-script key that
`vigil.names` stores on every source record (given, family and father name keys), so
``Mohammad`` and ``محمد`` look up the same key. Filters narrow on the person (grade,
place, dates) or on their records (violation, source). Only one page is fetched, plus one
row to know whether another page follows: counting every match would cost more than the
search itself on a large store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session

from vigil.store.models import Person, SourceRecord, Violation
from vigil.web.names import query_keys


@dataclass(frozen=True)
class VictimFilter:
    q: str = ""
    province: str | None = None
    city: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    violation: str | None = None
    grade: str | None = None
    source: int | None = None
    page: int = 1

    def with_page(self, page: int) -> VictimFilter:
        return replace(self, page=page)

    def query_params(self) -> dict[str, str]:
        """The filter as URL parameters (for next/previous links)."""
        out: dict[str, str] = {}
        for key, value in self.__dict__.items():
            if value not in (None, "") and not (key == "page" and value == 1):
                out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


@dataclass(frozen=True)
class VictimRow:
    id: str
    display_name: str
    display_name_latin: str | None
    sex: str | None
    age: int | None
    province_code: str | None
    city_id: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    grade: str | None
    n_sources: int


@dataclass(frozen=True)
class VictimPage:
    rows: list[VictimRow]
    page: int
    has_next: bool
    keys: list[str]


def _name_condition(keys: list[str]) -> list[Any]:
    conds = []
    for key in keys:
        conds.append(
            exists(
                select(SourceRecord.id).where(
                    SourceRecord.person_id == Person.id,
                    or_(
                        SourceRecord.given_key == key,
                        SourceRecord.family_key == key,
                        SourceRecord.father_key == key,
                    ),
                )
            )
        )
    return conds


def victims_query(f: VictimFilter) -> tuple[Select[Any], list[str]]:
    """The SELECT for one filter (without paging), and the name keys it searched for."""
    keys = query_keys(f.q) if f.q.strip() else []
    conds: list[Any] = [Person.active.is_(True)]
    if keys:
        # Narrow through the name-key indexes first, then require every key.
        first = keys[0]
        candidates = (
            select(SourceRecord.person_id)
            .where(
                or_(
                    SourceRecord.family_key == first,
                    SourceRecord.given_key == first,
                    SourceRecord.father_key == first,
                )
            )
            .where(SourceRecord.person_id.is_not(None))
        )
        conds.append(Person.id.in_(candidates))
        conds.extend(_name_condition(keys[1:]))
    if f.grade:
        conds.append(Person.grade == f.grade)
    if f.province:
        conds.append(Person.province_code == f.province)
    if f.city is not None:
        conds.append(Person.city_id == f.city)
    if f.date_from:
        conds.append(or_(Person.date_end >= f.date_from, Person.date_start >= f.date_from))
    if f.date_to:
        conds.append(Person.date_start <= f.date_to)
    if f.violation:
        conds.append(
            or_(
                exists(
                    select(Violation.id).where(
                        Violation.person_id == Person.id, Violation.type == f.violation
                    )
                ),
                exists(
                    select(SourceRecord.id).where(
                        SourceRecord.person_id == Person.id,
                        SourceRecord.violation == f.violation,
                    )
                ),
            )
        )
    if f.source is not None:
        conds.append(
            exists(
                select(SourceRecord.id).where(
                    SourceRecord.person_id == Person.id, SourceRecord.source_id == f.source
                )
            )
        )
    stmt = select(
        Person.id,
        Person.display_name,
        Person.display_name_latin,
        Person.sex,
        Person.age,
        Person.province_code,
        Person.city_id,
        Person.date_start,
        Person.date_end,
        Person.grade,
        Person.n_sources,
    ).where(and_(*conds))
    return stmt, keys


def search_victims(s: Session, f: VictimFilter, page_size: int = 50) -> VictimPage:
    stmt, keys = victims_query(f)
    page = max(1, f.page)
    rows = s.execute(
        stmt.order_by(Person.id).limit(page_size + 1).offset((page - 1) * page_size)
    ).all()
    victims = [VictimRow(*r) for r in rows[:page_size]]
    return VictimPage(victims, page, len(rows) > page_size, keys)
