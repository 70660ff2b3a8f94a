"""The review queue: uncertain pairs of the latest linkage run that nobody has decided yet.

A pair is uncertain when its match probability lies between the review bounds, or when it
is a same-letters pair the run stored without a score (`linking.SAME_LETTERS`: two persons'
names with the same letters in another order or spacing, which the model never compared or
scored below the stored pairs); it is shown, explained and decided by id like any other.
Pairs nearest the run's threshold come first (same-letters pairs at their prior,
`linking.LENIENT_CHANCE`), or those whose decision would move the total most. Pairs
already decided (in either order) leave the queue and stay decided after re-linking,
because decisions are stored by record, not by person. The web queue, `vigil review` and
the facade all read it here; the records are shown through `persons.record_fields`, the
one place sensitive fields are withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from vigil.linkage.pipeline import REVIEW_HIGH, REVIEW_LOW
from vigil.security.permissions import HasRole
from vigil.services.linking import SAME_LETTERS, SCORED, uncertain
from vigil.services.persons import explain_pair, record_fields
from vigil.services.sealing import sensitive_fields
from vigil.store.models import LinkDecision, LinkPair, LinkRun, Source, SourceRecord


@dataclass
class ReviewItem:
    pair_id: int
    probability: float
    weight: float
    explanation: dict[str, Any]
    left: dict[str, Any]  # the record as the viewer may see it, with id, person_id, source
    right: dict[str, Any]
    left_source: str
    right_source: str
    impact: float | None = None  # expected move of the total if decided (`by_impact`)
    kind: str = SCORED  # or SAME_LETTERS: no model score; `note` says why it is here
    note: str | None = None

    @property
    def record_l(self) -> int:
        return int(self.left["id"])

    @property
    def record_r(self) -> int:
        return int(self.right["id"])


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


def _pending(run_id: int, low: float, high: float) -> Any:
    return and_(LinkPair.run_id == run_id, uncertain(low, high), _undecided())


def _latest(s: Session) -> LinkRun | None:
    return s.scalars(select(LinkRun).order_by(LinkRun.id.desc()).limit(1)).first()


def pending_count(
    s: Session, low: float = REVIEW_LOW, high: float = REVIEW_HIGH, *, event: str | None = None
) -> int:
    """How many uncertain pairs of the latest run wait for a decision; with `event`, only
    those with at least one record in that event (`events.records_in_event`: deciding them
    can move the event's figures)."""
    run = _latest(s)
    if run is None:
        return 0
    if event is None:
        return s.scalar(select(func.count(LinkPair.id)).where(_pending(run.id, low, high))) or 0
    from vigil.services.events import records_in_event

    pairs = s.execute(
        select(LinkPair.record_l, LinkPair.record_r).where(_pending(run.id, low, high))
    ).all()
    inside = records_in_event(s, event, {r for pair in pairs for r in pair})
    return sum(1 for left, right in pairs if left in inside or right in inside)


def review_items(
    s: Session,
    viewer: HasRole | None,
    *,
    low: float = REVIEW_LOW,
    high: float = REVIEW_HIGH,
    limit: int = 20,
    by_impact: bool = False,
) -> list[ReviewItem]:
    """Undecided uncertain pairs, nearest the latest run's threshold first; with `by_impact`,
    those whose decision would move the total of deaths most first
    (`linking.rank_by_impact`), falling back to the threshold order when no estimate can
    rank them."""
    run = _latest(s)
    if run is None:
        return []
    impacts: dict[int, float] = {}
    pairs = _by_impact(s, low, high, limit, impacts) if by_impact else None
    if pairs is None:
        pairs = list(
            s.scalars(
                select(LinkPair)
                .where(_pending(run.id, low, high))
                .order_by(func.abs(LinkPair.match_probability - run.threshold), LinkPair.id)
                .limit(limit)
            )
        )
    ids = {p.record_l for p in pairs} | {p.record_r for p in pairs}
    records = {r.id: r for r in s.scalars(select(SourceRecord).where(SourceRecord.id.in_(ids)))}
    sources = {int(i): str(n) for i, n in s.execute(select(Source.id, Source.name)).all()}
    models: dict[int, Any] = {run.id: run.model}
    fields = sensitive_fields(s)
    items = []
    for p in pairs:
        left, right = records.get(p.record_l), records.get(p.record_r)
        if left is None or right is None:
            continue
        shown_l = _shown(left, viewer, sources, fields)
        shown_r = _shown(right, viewer, sources, fields)
        unscored = p.kind == SAME_LETTERS
        items.append(
            ReviewItem(
                p.id,
                p.match_probability,
                p.match_weight,
                {} if unscored else explain_pair(s, p, models),
                shown_l,
                shown_r,
                sources.get(left.source_id, "?"),
                sources.get(right.source_id, "?"),
                impacts.get(p.id),
                p.kind,
                _same_letters_note(p, shown_l, shown_r) if unscored else None,
            )
        )
    return items


def _same_letters_note(p: LinkPair, left: dict[str, Any], right: dict[str, Any]) -> str:
    """Why an unscored pair is in the queue, in the reviewer's words (names as shown to
    the viewer: a withheld name stays withheld)."""
    scored = (p.explanation or {}).get("model_probability")
    how = (
        "not scored by the model"
        if scored is None
        else f"scored only {float(scored):.3f} by the model (below the stored pairs)"
    )
    return (
        f"{how}: {_name(right)} has the same letters as {_name(left)} "
        "(consonants; order, spacing and vowels aside); same province, and sex, age and "
        "date do not contradict it"
    )


def _name(row: dict[str, Any]) -> str:
    name = row.get("name_raw")
    return f"«{name}»" if name else f"record {row.get('id')}"


def _by_impact(
    s: Session, low: float, high: float, limit: int, impacts: dict[int, float]
) -> list[LinkPair] | None:
    """Pairs ranked by expected move of the total; None when that cannot be computed."""
    from vigil.errors import VigilError
    from vigil.services.linking import rank_by_impact

    try:
        ranked = rank_by_impact(s, low=low, high=high, limit=limit)
    except VigilError:
        return None
    impacts.update({r.pair_id: r.impact for r in ranked})
    by_id = {
        p.id: p
        for p in s.scalars(select(LinkPair).where(LinkPair.id.in_([r.pair_id for r in ranked])))
    }
    return [by_id[r.pair_id] for r in ranked if r.pair_id in by_id]


def _shown(
    r: SourceRecord, viewer: HasRole | None, sources: dict[int, str], fields: tuple[str, ...]
) -> dict[str, Any]:
    row = record_fields(r, viewer, fields)
    row.update(
        id=r.id,
        person_id=r.person_id,
        source=sources.get(r.source_id, "?"),
        source_record_id=r.source_record_id,
    )
    return row
