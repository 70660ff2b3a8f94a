"""The claims register: add and import public claims, and compare each with the evidence.

Each claim is judged (`vigil.claims.judge`) against the documented floor, the documented
total and the estimate for the claim's own scope (its `scope_filter`, else the default
scope: every death). Adding a claim is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.claims import ClaimFigure, judge
from vigil.claims.register import ClaimInput, parse_claims_file
from vigil.estimate.result import Estimate
from vigil.services import audit
from vigil.services.figures import Figures, make_baseline
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store
from vigil.store.models import Claim


@dataclass
class ClaimVerdict:
    """A claim as registered, with its verdict, the reason and the figures behind it."""

    id: int
    actor: str
    kind: str
    figure: int
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

    def to_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["date"] = self.date.isoformat()
        return d


def _same(c: Claim, ci: ClaimInput) -> bool:
    return (c.actor, c.figure, c.date, c.scope, c.citation) == (
        ci.actor,
        ci.figure,
        ci.date,
        ci.scope,
        ci.citation,
    )


def _add(s: Session, ci: ClaimInput, actor: str) -> Claim:
    claim = Claim(
        actor=ci.actor,
        kind=ci.kind,
        figure=ci.figure,
        figure_min=ci.figure_min,
        figure_max=ci.figure_max,
        date=ci.date,
        scope=ci.scope,
        scope_filter=ci.scope_filter.to_json() if ci.scope_filter else None,
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
    return (
        Scope.from_json(c.scope_filter, f"claim {c.id}") if c.scope_filter else default or Scope()
    )


def claim_verdicts(
    session: Session,
    *,
    default_scope: Scope | None = None,
    settings: EstimateSettings | None = None,
    figures: Figures | None = None,
    estimate_for: Callable[[Scope], Estimate | None] | None = None,
) -> list[ClaimVerdict]:
    """Every claim (by date) with its verdict for its own scope.

    Estimates are run once per distinct scope with `settings`; pass `estimate_for` to use
    estimates made elsewhere (e.g. the web dashboard's saved one) instead.
    """
    f = figures or Figures.load(session, settings)
    out = []
    for c in session.scalars(select(Claim).order_by(Claim.date, Claim.id)):
        scope = claim_scope(c, default_scope)
        est = estimate_for(scope) if estimate_for else f.estimate_for(scope)
        b = make_baseline(f.stats_for(scope), est)
        v = judge(ClaimFigure(c.figure, c.figure_min, c.figure_max), b)
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
                baseline={
                    "documented_floor": b.floor,
                    "documented_total": b.documented,
                    "estimate": b.estimate,
                    "lower": b.lower,
                    "upper": b.upper,
                    "level": b.level,
                    "method": b.method,
                },
            )
        )
    return out
