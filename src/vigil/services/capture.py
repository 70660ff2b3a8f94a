"""Capture histories from the store: which lists recorded each linked person, per stratum.

A list is a source or, by default, an independence group of sources (sources that copy each
other are one list to MSE; treating them as separate lists inflates overlaps and shrinks the
estimate). Strata split people by one field; each stratum gets its own table, keeping only
the lists that recorded someone in it, and is refused when the table cannot carry MSE.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain import age_group
from vigil.errors import EstimationRefused, InvalidValue
from vigil.estimate.table import CaptureTable
from vigil.store.models import Person, Source, SourceRecord, Violation

ListKind = Literal["source", "group"]
STRATA_FIELDS = ("province", "sex", "age_group", "violation", "month", "week")
MIN_LISTS = 3
MIN_OVERLAP = 5
"""Fewest people seen on two or more lists before overlaps are taken to carry information."""


@dataclass(frozen=True)
class _PersonRow:
    id: str
    sex: str | None
    age: int | None
    province: str | None
    date: str | None
    week: str | None


def _stratum_key(field: str) -> Callable[[_PersonRow, dict[str, str]], str]:
    if field not in STRATA_FIELDS:
        raise InvalidValue(
            f"unknown stratification field {field!r}; choose one of {', '.join(STRATA_FIELDS)}"
        )

    def key(p: _PersonRow, violation: dict[str, str]) -> str:
        if field == "province":
            return p.province or "unknown"
        if field == "sex":
            return p.sex or "unknown"
        if field == "age_group":
            return str(age_group(p.age))
        if field == "violation":
            return violation.get(p.id, "unknown")
        if field == "month":
            return p.date or "unknown"
        return p.week or "unknown"

    return key


def check_usable(table: CaptureTable, where: str = "the data") -> None:
    """Refuse a table with fewer than three lists or too thin overlaps, saying why."""
    if table.n_lists < MIN_LISTS:
        raise EstimationRefused(
            f"{where}: only {table.n_lists} usable list(s) ({', '.join(table.lists) or 'none'}); "
            f"MSE needs at least {MIN_LISTS}"
        )
    overlap = int(table.counts[table.patterns.sum(axis=1) >= 2].sum())
    if overlap < MIN_OVERLAP:
        raise EstimationRefused(
            f"{where}: only {overlap} of {table.observed} people are on two or more lists "
            f"(at least {MIN_OVERLAP} needed); the overlaps are too thin to estimate the missed"
        )


def capture_tables(
    session: Session, *, lists: ListKind = "group", strata: str | None = None
) -> dict[str, CaptureTable]:
    """One capture table per stratum (key "all" without strata) from active linked persons.

    Lists that recorded nobody in a stratum are dropped from its table; every table is
    checked with `check_usable`, and all refusals are reported together.
    """
    if lists not in ("source", "group"):
        raise InvalidValue(f"--lists must be 'source' or 'group', got {lists!r}")
    label = Source.name if lists == "source" else Source.independence_group
    rows = session.execute(
        select(
            Person.id,
            Person.sex,
            Person.age,
            Person.province_code,
            Person.date_start,
            label,
        )
        .join(SourceRecord, SourceRecord.person_id == Person.id)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(Person.active.is_(True))
    ).all()
    if not rows:
        raise EstimationRefused("the store has no linked persons; import and link records first")
    people: dict[str, _PersonRow] = {}
    on: dict[str, set[str]] = defaultdict(set)
    for pid, sex, age, prov, date, lab in rows:
        if pid not in people:
            iso = date.isocalendar() if date is not None else None
            people[pid] = _PersonRow(
                pid,
                sex,
                age,
                prov,
                date.strftime("%Y-%m") if date is not None else None,
                f"{iso.year}-W{iso.week:02d}" if iso is not None else None,
            )
        on[pid].add(str(lab))
    violation: dict[str, str] = {}
    if strata == "violation":
        for pid, vtype in session.execute(
            select(Violation.person_id, Violation.type).order_by(Violation.id)
        ).all():
            violation.setdefault(pid, vtype)  # a person counts once: in their first violation
    key = _stratum_key(strata) if strata else (lambda _p, _v: "all")
    groups: dict[str, list[str]] = defaultdict(list)
    for pid, person in people.items():
        groups[key(person, violation)].append(pid)
    tables: dict[str, CaptureTable] = {}
    refused: list[str] = []
    for name in sorted(groups):
        pids = groups[name]
        names = sorted({lab for pid in pids for lab in on[pid]})
        col = {n: i for i, n in enumerate(names)}
        hist = np.zeros((len(pids), len(names)), np.uint8)
        for r, pid in enumerate(pids):
            for lab in on[pid]:
                hist[r, col[lab]] = 1
        table = CaptureTable.from_individuals(names, hist)
        try:
            check_usable(table, f"stratum {strata}={name}" if strata else "the data")
        except EstimationRefused as e:
            refused.append(str(e))
            continue
        tables[name] = table
    if refused:
        raise EstimationRefused("; ".join(refused))
    return tables
