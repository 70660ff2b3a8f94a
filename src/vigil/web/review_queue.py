"""The review queue: scored pairs of the latest linkage run that no person has decided.

A pair is uncertain when its match probability lies between the settings' review bounds;
pairs already decided (in either order) leave the queue, and stay decided after re-linking
because decisions are stored by record, not by person.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from vigil.linkage.explain import explain
from vigil.security.redaction import redact
from vigil.services.sealing import sensitive_fields
from vigil.store.models import LinkDecision, LinkPair, LinkRun, Source, SourceRecord


def explain_pair(
    s: Session, pair: LinkPair, models: dict[int, Any] | None = None
) -> dict[str, Any]:
    """Field-by-field weights of a stored pair, from the model of the run that scored it."""
    models = models if models is not None else {}
    if pair.run_id not in models:
        run = s.get(LinkRun, pair.run_id)
        models[pair.run_id] = run.model if run is not None else {}
    gamma = (pair.explanation or {}).get("gamma", {})
    return explain(models[pair.run_id], gamma, pair.match_weight, pair.match_probability).as_dict()


@dataclass
class ReviewItem:
    pair_id: int
    probability: float
    weight: float
    explanation: dict[str, Any]
    left: Any  # the record's shown columns (`_shown`), never the row itself
    right: Any
    left_source: str
    right_source: str


def _undecided() -> Any:
    return ~exists(
        select(LinkDecision.id).where(
            or_(
                and_(
                    LinkDecision.record_a == LinkPair.record_l,
                    LinkDecision.record_b == LinkPair.record_r,
                ),
                and_(
                    LinkDecision.record_a == LinkPair.record_r,
                    LinkDecision.record_b == LinkPair.record_l,
                ),
            )
        )
    )


def _pending(low: float, high: float) -> Any:
    latest = select(func.max(LinkRun.id)).scalar_subquery()
    return and_(
        LinkPair.run_id == latest,
        LinkPair.match_probability >= low,
        LinkPair.match_probability < high,
        _undecided(),
    )


def pending_count(s: Session, low: float, high: float) -> int:
    return s.scalar(select(func.count(LinkPair.id)).where(_pending(low, high))) or 0


_QUEUE_COLUMNS = (
    "id",
    "person_id",
    "name_raw",
    "father_name",
    "notes",
    "sex",
    "age",
    "city_id",
    "province_code",
    "date_start",
    "date_end",
    "violation",
)


def _shown(r: SourceRecord, fields: tuple[str, ...], sees_sensitive: bool) -> Any:
    """A record as the queue may show it (the one redaction rule)."""
    values = {c: getattr(r, c) for c in _QUEUE_COLUMNS}
    return SimpleNamespace(**redact(values, sees_sensitive=sees_sensitive, sensitive_fields=fields))


def review_items(
    s: Session,
    low: float,
    high: float,
    limit: int = 20,
    *,
    sees_sensitive: bool = False,
) -> list[ReviewItem]:
    pairs = list(
        s.scalars(
            select(LinkPair)
            .where(_pending(low, high))
            .order_by(func.abs(LinkPair.match_probability - 0.5), LinkPair.id)
            .limit(limit)
        )
    )
    ids = {p.record_l for p in pairs} | {p.record_r for p in pairs}
    records = {r.id: r for r in s.scalars(select(SourceRecord).where(SourceRecord.id.in_(ids)))}
    sources = {int(i): str(n) for i, n in s.execute(select(Source.id, Source.name)).all()}
    fields = sensitive_fields(s)
    items = []
    models: dict[int, Any] = {}
    for p in pairs:
        left, right = records.get(p.record_l), records.get(p.record_r)
        if left is None or right is None:
            continue
        items.append(
            ReviewItem(
                p.id,
                p.match_probability,
                p.match_weight,
                explain_pair(s, p, models),
                _shown(left, fields, sees_sensitive),
                _shown(right, fields, sees_sensitive),
                sources.get(left.source_id, "?"),
                sources.get(right.source_id, "?"),
            )
        )
    return items
