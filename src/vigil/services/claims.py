"""The claims register: add and import public claims, and compare each with the evidence.

Each claim is judged (`vigil.claims.judge`) against the documented floor, the documented
total and the estimate for the claim's own scope (its `scope_filter`, else the default
scope: every death). A claim about a share (`--percent 25 --where weapon=non_standard`)
is judged by `judge_share` against the documented share, its interval and the unknown
fraction; a count restricted by attributes (`--figure 40 --where place_kind=hospital`) by
`judge_count`, without an estimate. Adding a claim is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.claims import (
    ClaimFigure,
    CountBaseline,
    ShareBaseline,
    Verdict,
    judge,
    judge_count,
    judge_share,
)
from vigil.claims.register import (
    ClaimedShare,
    ClaimInput,
    filter_json,
    parse_claims_file,
    split_filter,
)
from vigil.estimate.result import Estimate
from vigil.services import audit
from vigil.services.figures import Figures, make_baseline
from vigil.statement.attributes import describe_where
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store
from vigil.store.models import Claim


@dataclass
class ClaimVerdict:
    """A claim as registered, with its verdict, the reason and the figures behind it."""

    id: int
    actor: str
    kind: str
    figure: int | None
    figure_min: int | None
    figure_max: int | None
    date: dt.date
    scope: str
    scope_filter: dict[str, Any]
    citation: str
    verdict: str
    label: str
    reason: str
    baseline: dict[str, Any]
    percent: float | None = None  # a claim about a share (of `share_of`)
    share_of: str | None = None

    @property
    def stated(self) -> str:
        """The claim's figure or share, in words."""
        if self.percent is not None:
            return f"{self.percent:g}% {self.share_of or ''}".strip()
        return f"{self.figure:,}" if self.figure is not None else ""

    def to_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["date"] = self.date.isoformat()
        return d


def _same(c: Claim, ci: ClaimInput) -> bool:
    return (c.actor, c.figure, c.date, c.scope, c.citation, c.scope_filter) == (
        ci.actor,
        ci.figure,
        ci.date,
        ci.scope,
        ci.citation,
        filter_json(ci.scope_filter, ci.share),
    ) or (
        c.scope_filter is None
        and ci.scope_filter is None
        and ci.share is None
        and (c.actor, c.figure, c.date, c.scope, c.citation)
        == (ci.actor, ci.figure, ci.date, ci.scope, ci.citation)
    )


def _check_event(s: Session, ci: ClaimInput) -> None:
    if ci.scope_filter is not None and ci.scope_filter.event:
        from vigil.services.events import get_event

        get_event(s, ci.scope_filter.event)


def _add(s: Session, ci: ClaimInput, actor: str) -> Claim:
    _check_event(s, ci)
    claim = Claim(
        actor=ci.actor,
        kind=ci.kind,
        figure=ci.figure,
        figure_min=ci.figure_min,
        figure_max=ci.figure_max,
        date=ci.date,
        scope=ci.scope,
        scope_filter=filter_json(ci.scope_filter, ci.share),
        citation=ci.citation,
        created_by=actor,
    )
    s.add(claim)
    s.flush()
    audit.record(s, actor, "create", claim)
    return claim


def add_claim(store: Store, ci: ClaimInput, *, actor: str = "system") -> int:
    """Register one claim; returns its id."""
    with store.session() as s:
        audit.bind_actor(s, actor)
        return _add(s, ci, actor).id


def import_claims(store: Store, path: str | Path, *, actor: str = "system") -> tuple[int, int]:
    """Register every claim of a YAML file (all or none); claims already registered with the
    same actor, figure, date, scope and citation are skipped. Returns (added, skipped)."""
    items = parse_claims_file(path)
    added = skipped = 0
    with store.session() as s:
        audit.bind_actor(s, actor)
        existing = list(s.scalars(select(Claim)))
        for ci in items:
            if any(_same(c, ci) for c in existing):
                skipped += 1
                continue
            existing.append(_add(s, ci, actor))
            added += 1
    return added, skipped


def claim_scope(c: Claim, default: Scope | None = None) -> Scope:
    return claim_filter(c, default)[0]


def claim_filter(c: Claim, default: Scope | None = None) -> tuple[Scope, ClaimedShare | None]:
    """The claim's scope (its own, else `default`, else every death) and stated share.

    A claim without a scope of its own takes the default's date range, provinces, violation
    types and event, never its attribute conditions."""
    scope, share = split_filter(c.scope_filter, f"claim {c.id}")
    if scope is None:
        scope = (default or Scope()).without_where()
    return scope, share


def _share_verdict(
    f: Figures, scope: Scope, share: ClaimedShare, level: float
) -> tuple[Verdict, dict[str, Any]]:
    from vigil.statement.shares import scope_combined_share

    got, fs = scope_combined_share(f.rows, scope, share.field, share.values, level=level)
    words = describe_where(((share.field, share.values),))
    b = ShareBaseline.of(words, got.count, got.known, fs.unknown, level)
    return judge_share(share.percent, b), {
        "field": share.field,
        "values": list(share.values),
        "count": b.count,
        "known": b.known,
        "unknown": b.unknown,
        "share": b.share,
        "lower": b.lower,
        "upper": b.upper,
        "widest_lower": b.widest_lower,
        "widest_upper": b.widest_upper,
        "level": b.level,
        "interval": b.method,
        "disputed": fs.disputed,
    }


def _count_verdict(f: Figures, scope: Scope, figure: int) -> tuple[Verdict, dict[str, Any]]:
    """A count restricted by attributes: persons of the wider scope (without the
    conditions) who lack one of the attributes' fields could still have them."""
    from vigil.statement.stats import select_scope

    stats = f.stats_for(scope)
    inside = {p.id for p in select_scope(f.rows, scope)}
    fields = [name for name, _ in scope.where]
    unknown = sum(
        1
        for p in select_scope(f.rows, scope.without_where())
        if p.counted and p.id not in inside and any(not p.attrs.get(n) for n in fields)
    )
    b = CountBaseline(describe_where(scope.where), stats.floor, stats.documented, unknown)
    return judge_count(figure, b), {
        "documented_floor": b.floor,
        "documented_total": b.documented,
        "unknown": b.unknown,
        "estimate": None,
        "lower": None,
        "upper": None,
    }


def claim_verdicts(
    session: Session,
    *,
    default_scope: Scope | None = None,
    settings: EstimateSettings | None = None,
    figures: Figures | None = None,
    estimate_for: Callable[[Scope], Estimate | None] | None = None,
    about: Callable[[Scope], bool] | None = None,
) -> list[ClaimVerdict]:
    """Every claim (by date) with its verdict for its own scope; with `about`, only the
    claims whose scope it accepts (no estimate is run for the others).

    Estimates are run once per distinct scope with `settings`; pass `estimate_for` to use
    estimates made elsewhere (e.g. the web dashboard's saved one) instead.
    """
    f = figures or Figures.load(session, settings)
    out = []
    for c in session.scalars(select(Claim).order_by(Claim.date, Claim.id)):
        scope, share = claim_filter(c, default_scope)
        if about is not None and not about(scope):
            continue
        if share is not None:
            v, base = _share_verdict(f, scope, share, f.settings.level)
        elif scope.where or c.figure is None:
            v, base = _count_verdict(f, scope, c.figure or 0)
        else:
            est = estimate_for(scope) if estimate_for else f.estimate_for(scope)
            b = make_baseline(f.stats_for(scope), est)
            v = judge(ClaimFigure(c.figure, c.figure_min, c.figure_max), b)
            base = {
                "documented_floor": b.floor,
                "documented_total": b.documented,
                "estimate": b.estimate,
                "lower": b.lower,
                "upper": b.upper,
                "level": b.level,
                "method": b.method,
            }
        out.append(
            ClaimVerdict(
                id=c.id,
                actor=c.actor,
                kind=c.kind,
                figure=c.figure,
                figure_min=c.figure_min,
                figure_max=c.figure_max,
                date=c.date,
                scope=c.scope,
                scope_filter=scope.to_json(),
                citation=c.citation,
                verdict=v.code.value,
                label=v.label,
                reason=v.reason,
                baseline=base,
                percent=share.percent if share else None,
                share_of=describe_where(((share.field, share.values),)) if share else None,
            )
        )
    return out
