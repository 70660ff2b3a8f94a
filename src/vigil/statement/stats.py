"""Counts of the documented victims in a scope: by grade, place, day, sex and age group.

Pure: the service turns persons in the store into `PersonRow`s; this module filters them by
a `Scope` and counts. The *documented floor* is confirmed + fair (corroborated); the
*documented total* is every person in scope but the discounted. Breakdowns count the
documented total, so each one adds up to it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vigil.domain import AgeGroup, Grade, age_group
from vigil.statement.settings import Scope

FLOOR_GRADES = frozenset({Grade.CONFIRMED.value, Grade.FAIR.value})
UNKNOWN = "unknown"
UNGRADED = "ungraded"


@dataclass(frozen=True)
class PersonRow:
    """One linked person as the statement sees them (public facts and provenance)."""

    id: str
    grade: str | None
    display_name: str = ""
    display_name_latin: str | None = None
    sex: str | None = None
    age: int | None = None
    province_code: str | None = None
    city_id: int | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    violations: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    records: tuple[str, ...] = ()  # content hashes of the supporting records
    events: frozenset[str] = frozenset()  # slugs of the events the person belongs to
    # attribute field -> every code a record gives (vigil.statement.attributes)
    attrs: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)
    # attribute fields on which the person's sources differ (one source naming two codes is
    # no dispute); None when not read, and then two codes count as a dispute
    disputed: frozenset[str] | None = None

    @property
    def counted(self) -> bool:
        return self.grade != Grade.DISCOUNTED.value

    @property
    def day(self) -> dt.date | None:
        """The day of death when it is known to the day."""
        if self.date_start is not None and self.date_end in (None, self.date_start):
            return self.date_start
        return None


def in_scope(p: PersonRow, scope: Scope, *, any_violation: bool = False) -> bool:
    """Whether the person belongs to the scope (see `Scope` for the rules); with
    `any_violation`, whatever their violations (the persons a dashboard lists)."""
    if not any_violation and not p.violations & set(scope.violations):
        return False
    if scope.provinces and p.province_code not in scope.provinces:
        return False
    if scope.event is not None and scope.event not in p.events:
        return False
    for name, values in scope.where:
        if not p.attrs.get(name, frozenset()) & set(values):
            return False
    if scope.date_from or scope.date_to:
        if p.date_start is None:
            return False
        end = p.date_end or p.date_start
        if scope.date_from and end < scope.date_from:
            return False
        if scope.date_to and p.date_start > scope.date_to:
            return False
    return True


def select_scope(
    rows: list[PersonRow], scope: Scope, *, any_violation: bool = False
) -> list[PersonRow]:
    return [p for p in rows if in_scope(p, scope, any_violation=any_violation)]


def grade_counts(rows: list[PersonRow]) -> dict[str, int]:
    """Persons by grade: every grade (0 when none), then "ungraded" if any."""
    by_grade = {g.value: 0 for g in Grade}
    for p in rows:
        key = p.grade if p.grade in by_grade else UNGRADED
        by_grade[key] = by_grade.get(key, 0) + 1
    return by_grade


@dataclass
class ScopeStats:
    """Every count the statement publishes for one scope (plain data, JSON-ready)."""

    scope: dict[str, Any]
    persons: int
    by_grade: dict[str, int]
    floor: int
    documented: int
    by_province: dict[str, int] = field(default_factory=dict)
    by_city: dict[str, int] = field(default_factory=dict)
    by_day: dict[str, int] = field(default_factory=dict)
    day_unknown: int = 0
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age_group: dict[str, int] = field(default_factory=dict)
    by_age_sex: dict[str, dict[str, int]] = field(default_factory=dict)
    floor_by_province: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "persons_in_scope": self.persons,
            "by_grade": self.by_grade,
            "documented_floor": self.floor,
            "documented_total": self.documented,
            "by_province": self.by_province,
            "floor_by_province": self.floor_by_province,
            "by_city": self.by_city,
            "by_day": self.by_day,
            "day_unknown": self.day_unknown,
            "by_sex": self.by_sex,
            "by_age_group": self.by_age_group,
            "by_age_sex": self.by_age_sex,
        }


def _sorted(c: Counter[str]) -> dict[str, int]:
    return {k: c[k] for k in sorted(c)}


def compute_stats(rows: list[PersonRow], scope: Scope) -> ScopeStats:
    """Counts for the persons of `rows` that are in `scope`."""
    chosen = select_scope(rows, scope)
    by_grade = grade_counts(chosen)
    counted = [p for p in chosen if p.counted]
    floor = sum(1 for p in chosen if p.grade in FLOOR_GRADES)
    province: Counter[str] = Counter()
    floor_province: Counter[str] = Counter()
    city: Counter[str] = Counter()
    day: Counter[str] = Counter()
    sex: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    age_sex: dict[str, Counter[str]] = {g.value: Counter() for g in AgeGroup}
    day_unknown = 0
    for p in counted:
        prov = p.province_code or UNKNOWN
        province[prov] += 1
        if p.grade in FLOOR_GRADES:
            floor_province[prov] += 1
        city[str(p.city_id) if p.city_id is not None else UNKNOWN] += 1
        if p.day is not None:
            day[p.day.isoformat()] += 1
        else:
            day_unknown += 1
        s = p.sex or UNKNOWN
        g = age_group(p.age).value
        sex[s] += 1
        ages[g] += 1
        age_sex[g][s] += 1
    return ScopeStats(
        scope=scope.to_json(),
        persons=len(chosen),
        by_grade=by_grade,
        floor=floor,
        documented=len(counted),
        by_province=_sorted(province),
        floor_by_province=_sorted(floor_province),
        by_city=_sorted(city),
        by_day=_sorted(day),
        day_unknown=day_unknown,
        by_sex=_sorted(sex),
        by_age_group={g.value: ages[g.value] for g in AgeGroup},
        by_age_sex={g: _sorted(c) for g, c in age_sex.items()},
    )
