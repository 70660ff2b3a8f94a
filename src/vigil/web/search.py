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
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, and_, exists, func, intersect, or_, select
from sqlalchemy.orm import Session

from vigil.store.models import AuditEntry, Person, SourceRecord, Violation
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


# Above this many matching records, walking persons in id order and testing each is
# cheaper than collecting every match and sorting it (the page needs only the first few).
SCAN_FROM = 2_000


def _key_match(key: str) -> Any:
    return or_(
        SourceRecord.family_key == key,
        SourceRecord.given_key == key,
        SourceRecord.father_key == key,
    )


def _has_key(key: str) -> Any:
    """Whether the person has a record with `key`, looked up through the person index
    (coalesce keeps the planner off the key indexes, which would scan every namesake)."""
    return exists(
        select(SourceRecord.id).where(
            SourceRecord.person_id == Person.id,
            or_(
                func.coalesce(SourceRecord.family_key, "") == key,
                func.coalesce(SourceRecord.given_key, "") == key,
                func.coalesce(SourceRecord.father_key, "") == key,
            ),
        )
    )


def is_common(s: Session, key: str) -> bool:
    """Whether at least SCAN_FROM records carry `key` (a bounded, index-only count)."""
    probe = select(SourceRecord.id).where(_key_match(key)).limit(SCAN_FROM).subquery()
    return (s.scalar(select(func.count()).select_from(probe)) or 0) >= SCAN_FROM


def victims_query(f: VictimFilter, common: bool = False) -> tuple[Select[Any], list[str]]:
    """The SELECT for one filter (without paging), and the name keys it searched for.

    Several name words: the persons having every key, intersected through the name-key
    indexes. One word: through the index too, unless the name is `common` (see SCAN_FROM),
    then persons are walked in id order and each is tested.
    """
    keys = query_keys(f.q) if f.q.strip() else []
    conds: list[Any] = [Person.active.is_(True)]
    if len(keys) == 1 and common:
        conds.append(_has_key(keys[0]))
    elif keys:
        per_key = [
            select(SourceRecord.person_id).where(_key_match(k), SourceRecord.person_id.is_not(None))
            for k in keys
        ]
        conds.append(Person.id.in_(intersect(*per_key) if len(per_key) > 1 else per_key[0]))
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
    stmt: Select[Any] = select(  # type: ignore[assignment]
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
    keys = query_keys(f.q) if f.q.strip() else []
    stmt, keys = victims_query(f, len(keys) == 1 and is_common(s, keys[0]))
    page = max(1, f.page)
    rows = s.execute(
        stmt.order_by(Person.id).limit(page_size + 1).offset((page - 1) * page_size)
    ).all()
    victims = [VictimRow(*r) for r in rows[:page_size]]
    return VictimPage(victims, page, len(rows) > page_size, keys)


def data_version(s: Session) -> int:
    """The audit log head: every change to records, persons and decisions appends to it."""
    return s.scalar(select(func.max(AuditEntry.seq))) or 0


class SearchCache:
    """Recent result pages, valid while the store's audit head has not moved (and at most
    `ttl_s` seconds, for changes made outside Vigil). Many people search the same names."""

    def __init__(self, size: int = 1024, ttl_s: float = 60.0) -> None:
        self.size = size
        self.ttl_s = ttl_s
        self._pages: OrderedDict[tuple[VictimFilter, int, int], tuple[float, VictimPage]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def search(self, s: Session, f: VictimFilter, page_size: int) -> VictimPage:
        if self.size <= 0:
            return search_victims(s, f, page_size)
        key = (f, page_size, data_version(s))
        now = time.monotonic()
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None and now - hit[0] < self.ttl_s:
                self._pages.move_to_end(key)
                return hit[1]
        page = search_victims(s, f, page_size)
        with self._lock:
            self._pages[key] = (now, page)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page
