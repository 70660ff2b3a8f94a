"""Capture histories: which lists recorded each counted person in a scope, per stratum.

This is the one definition of what Vigil counts. `capture_table` turns the statement's
person rows into the table MSE reads: the documented (not discounted) persons in a `Scope`
(default: every death, anywhere, any time). `vigil estimate`, the statement, the dashboard
and the API all call it, so for one scope they report the same observed persons.

A list is a source or, by default, an independence group of sources (sources that copy each
other are one list to MSE; treating them as separate lists inflates overlaps and shrinks the
estimate). Strata split people by one field; each stratum gets its own table, keeping only
the lists that recorded someone in it, and is refused when the table cannot carry MSE.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain import age_group
from vigil.errors import EstimationRefused, InvalidValue
from vigil.estimate.table import CaptureTable
from vigil.statement.settings import Scope
from vigil.statement.stats import PersonRow, select_scope
from vigil.store.db import plain_rows
from vigil.store.models import Person, Source, SourceRecord, Violation

ListKind = Literal["source", "group"]
STRATA_FIELDS = ("province", "sex", "age_group", "violation", "month", "week")
MIN_LISTS = 3
MIN_OVERLAP = 5
"""Fewest people seen on two or more lists before overlaps are taken to carry information."""


def counted_in_scope(rows: Sequence[PersonRow], scope: Scope) -> list[PersonRow]:
    """The persons a scope counts: in scope (see `Scope`) and not discounted."""
    return [p for p in select_scope(list(rows), scope) if p.counted]


def _stratum_key(field: str, scope: Scope) -> Callable[[PersonRow], str]:
    if field not in STRATA_FIELDS:
        raise InvalidValue(
            f"unknown stratification field {field!r}; choose one of {', '.join(STRATA_FIELDS)}"
        )
    wanted = set(scope.violations)

    def key(p: PersonRow) -> str:
        if field == "province":
            return p.province_code or "unknown"
        if field == "sex":
            return p.sex or "unknown"
        if field == "age_group":
            return str(age_group(p.age))
        if field == "violation":  # a person counts once: in the first of their scope's types
            kinds = sorted(p.violations & wanted)
            return kinds[0] if kinds else "unknown"
        if p.date_start is None:
            return "unknown"
        if field == "month":
            return p.date_start.strftime("%Y-%m")
        iso = p.date_start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

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


def _table(people: Sequence[PersonRow], lists: str) -> CaptureTable:
    on = [p.groups if lists == "group" else p.sources for p in people]
    names = sorted({n for s in on for n in s})
    col = {n: i for i, n in enumerate(names)}
    hist = np.zeros((len(people), len(names)), np.uint8)
    for r, labels in enumerate(on):
        for lab in labels:
            hist[r, col[lab]] = 1
    return CaptureTable.from_individuals(names, hist)


def read_capture_table(path: Path) -> CaptureTable:
    """A capture table from a CSV file (`vigil estimate-table`): one 0/1 column per list and
    a `count`. A file that cannot be read, or is not UTF-8 text, is refused naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InvalidValue(
            f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8 CSV"
        ) from None
    except OSError as e:
        raise InvalidValue(f"{path}: cannot read ({e.strerror})") from None
    table = CaptureTable.from_csv_text(text, name=str(path))
    if table.observed == 0:
        raise EstimationRefused(f"{path}: the table records nobody")
    return table


def capture_table(rows: Sequence[PersonRow], scope: Scope, lists: str = "group") -> CaptureTable:
    """Capture histories of the counted persons in scope (persons on no list drop out)."""
    if lists not in ("source", "group"):
        raise InvalidValue(f"--lists must be 'source' or 'group', got {lists!r}")
    return _table(counted_in_scope(rows, scope), lists)


def capture_tables_from_rows(
    rows: Sequence[PersonRow],
    *,
    scope: Scope | None = None,
    lists: ListKind | str = "group",
    strata: str | None = None,
) -> dict[str, CaptureTable]:
    """One checked capture table per stratum (key "all" without strata) of a scope."""
    scope = scope or Scope()
    if lists not in ("source", "group"):
        raise InvalidValue(f"--lists must be 'source' or 'group', got {lists!r}")
    key = _stratum_key(strata, scope) if strata else (lambda _p: "all")
    people = [p for p in counted_in_scope(rows, scope) if p.sources]
    if not people:
        raise EstimationRefused(
            f"no linked persons in scope ({scope.describe()}); import and link records first"
        )
    groups: dict[str, list[PersonRow]] = defaultdict(list)
    for p in people:
        groups[key(p)].append(p)
    tables: dict[str, CaptureTable] = {}
    refused: list[str] = []
    for name in sorted(groups):
        table = _table(groups[name], lists)
        try:
            check_usable(table, f"stratum {strata}={name}" if strata else "the data")
        except EstimationRefused as e:
            refused.append(str(e))
            continue
        tables[name] = table
    if refused:
        raise EstimationRefused("; ".join(refused))
    return tables


def capture_tables(
    session: Session,
    *,
    scope: Scope | None = None,
    lists: ListKind | str = "group",
    strata: str | None = None,
) -> dict[str, CaptureTable]:
    """One capture table per stratum (key "all" without strata) from the store's persons.

    Counts what the statement counts: active, not discounted persons in `scope` (default:
    deaths). Lists that recorded nobody in a stratum are dropped from its table; every table
    is checked with `check_usable`, and all refusals are reported together.
    """
    if scope is not None:
        from vigil.services.events import check_scope

        check_scope(session, scope)
    return capture_tables_from_rows(person_rows(session), scope=scope, lists=lists, strata=strata)


def person_rows(session: Session) -> list[PersonRow]:
    """Every active person with their violations, sources, groups, record hashes, events
    (`services.events`) and attribute codes (`services.attribution`)."""
    violations: dict[str, set[str]] = defaultdict(set)
    for vid, vtype in plain_rows(session, select(Violation.person_id, Violation.type)).all():
        violations[vid].add(vtype)
    sources: dict[str, set[str]] = defaultdict(set)
    groups: dict[str, set[str]] = defaultdict(set)
    hashes: dict[str, list[str]] = defaultdict(list)
    for rid, rtype, sha, src, group in plain_rows(
        session,
        select(
            SourceRecord.person_id,
            SourceRecord.violation,
            SourceRecord.content_sha256,
            Source.name,
            Source.independence_group,
        )
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.person_id.is_not(None))
        .order_by(SourceRecord.id),
    ).all():  # one fetch: row by row takes a third longer
        if rid is None:
            continue
        if rtype:
            violations[rid].add(rtype)
        sources[rid].add(src)
        groups[rid].add(group)
        hashes[rid].append(sha)
    from vigil.services.attribution import read_attributes
    from vigil.services.events import person_events

    persons = plain_rows(  # columns, not ORM objects: a third of the time on 20,000
        session,
        select(
            Person.id,
            Person.grade,
            Person.display_name,
            Person.display_name_latin,
            Person.sex,
            Person.age,
            Person.province_code,
            Person.city_id,
            Person.date_start,
            Person.date_end,
        )
        .where(Person.active.is_(True))
        .order_by(Person.id),
    ).all()
    events = person_events(session, {p.id: (p.date_start, p.date_end) for p in persons})
    attrs, disputes = read_attributes(session)
    rows = []
    for p in persons:
        rows.append(
            PersonRow(
                id=p.id,
                grade=p.grade,
                display_name=p.display_name,
                display_name_latin=p.display_name_latin,
                sex=p.sex,
                age=p.age,
                province_code=p.province_code,
                city_id=p.city_id,
                date_start=p.date_start,
                date_end=p.date_end,
                violations=frozenset(violations.get(p.id, ())),
                sources=frozenset(sources.get(p.id, ())),
                groups=frozenset(groups.get(p.id, ())),
                records=tuple(sorted(hashes.get(p.id, ()))),
                events=events.get(p.id, frozenset()),
                attrs=attrs.get(p.id, {}),
                disputed=disputes.get(p.id, frozenset()),
            )
        )
    return rows
