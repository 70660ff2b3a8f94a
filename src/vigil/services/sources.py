"""The sources of a store: the list `vigil sources` prints and the choices the intake form
and the victims page's filter offer (one query each, not one per caller)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.store.models import Source, SourceRecord


@dataclass(frozen=True)
class SourceInfo:
    """A source with its kind, independence group and number of records."""

    id: int
    name: str
    kind: str
    group: str
    records: int


def list_sources(s: Session) -> list[SourceInfo]:
    """Every source in id order, with its record count."""
    counts = dict(
        s.execute(
            select(SourceRecord.source_id, func.count()).group_by(SourceRecord.source_id)
        ).all()
    )
    return [
        SourceInfo(src.id, src.name, src.kind, src.independence_group, counts.get(src.id, 0))
        for src in s.scalars(select(Source).order_by(Source.id))
    ]


def source_choices(s: Session) -> list[tuple[int, str]]:
    """(id, name) of every source, by name: what a form offers to choose from (no counting,
    which would read every record)."""
    return [(i, n) for i, n in s.execute(select(Source.id, Source.name).order_by(Source.name))]
