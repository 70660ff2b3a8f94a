"""Figures for a scope from the store: persons, statistics, capture tables, estimates.

`person_rows` reads every active linked person once; `scope_statistics`, `scope_estimate`,
`scope_shares` (attribution: shares by method, wound, perpetrator... with intervals and the
unknown share, behind `vigil stats`) and `baseline` turn them into the numbers a statement,
a claim verdict or the dashboard (`services.dashboard`) shows. `Figures` computes them once
per scope and is shared by the statement (`services.statement`), the claims register
(`services.claims`) and the dashboard, which is why it lives apart from all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from vigil.claims import Baseline
from vigil.errors import EstimationRefused
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable
from vigil.services.capture import capture_table, check_usable, person_rows
from vigil.statement.attributes import FIELDS
from vigil.statement.settings import EstimateSettings, Scope
from vigil.statement.shares import FieldShares, IntervalMethod, scope_field_shares
from vigil.statement.stats import PersonRow, ScopeStats, compute_stats


def scope_statistics(session: Session, scope: Scope | None = None) -> ScopeStats:
    """Counts by grade, province, city, day, sex and age group for a scope."""
    from vigil.services.events import check_scope

    scope = scope or Scope()
    check_scope(session, scope)
    return compute_stats(person_rows(session), scope)


NO_WHERE_ESTIMATE = (
    "no estimate for a scope restricted by attributes: sources record them unevenly, so "
    "their overlaps do not measure what was missed"
)


def _refused(method: str, observed: int, level: float, reason: str) -> Estimate:
    return Estimate.refused(method, observed, reason, level=level)


def estimate_table(table: CaptureTable, settings: EstimateSettings) -> Estimate:
    """Run the configured estimator; a refusal comes back as an Estimate with its reason."""
    s = settings
    if s.method == "none":
        return _refused("none", table.observed, s.level, "no estimate was requested")
    try:
        check_usable(table, "this scope")
        if s.method == "lcmcr":
            from vigil.estimate.lcmcr import LcmcrSettings, lcmcr

            return lcmcr(
                table,
                LcmcrSettings(
                    seed=s.seed,
                    chains=s.chains,
                    burnin=s.burnin,
                    samples=s.samples,
                    thin=s.thin,
                    level=s.level,
                ),
            )
        if s.method == "dga":
            from vigil.estimate.dga import dga_estimate

            if table.n_lists > 5:
                raise EstimationRefused(
                    f"dga takes at most 5 lists; this scope has {table.n_lists}"
                )
            return dga_estimate(table, level=s.level, seed=s.seed)
        if s.method == "loglinear":
            from vigil.estimate.loglinear_search import search_loglinear

            return search_loglinear(table, level=s.level)
        from vigil.estimate.bounds import chao_lower_bound

        return chao_lower_bound(table, level=s.level)
    except EstimationRefused as e:
        return _refused(s.method, table.observed, s.level, str(e))


def scope_estimate(
    session: Session, scope: Scope | None = None, settings: EstimateSettings | None = None
) -> Estimate:
    """The MSE estimate of all victims in a scope (a refusal carries its reason)."""
    s = settings or EstimateSettings()
    return Figures.load(session, s).estimate_for(scope or Scope())


def make_baseline(stats: ScopeStats, est: Estimate | None) -> Baseline:
    ok = est is not None and est.refusal is None and est.lower is not None
    return Baseline(
        floor=stats.floor,
        documented=stats.documented,
        estimate=est.estimate if ok and est else None,
        lower=est.lower if ok and est else None,
        upper=est.upper if ok and est else None,
        level=est.level if est else 0.95,
        method=est.method if est else None,
    )


@dataclass
class Figures:
    """Statistics and estimate per scope, computed once per scope and reused."""

    rows: list[PersonRow]
    settings: EstimateSettings
    stats: dict[Scope, ScopeStats] = field(default_factory=dict)
    estimates: dict[Scope, Estimate] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, settings: EstimateSettings | None = None) -> Figures:
        return cls(person_rows(session), settings or EstimateSettings())

    def stats_for(self, scope: Scope) -> ScopeStats:
        if scope not in self.stats:
            self.stats[scope] = compute_stats(self.rows, scope)
        return self.stats[scope]

    def estimate_for(self, scope: Scope) -> Estimate:
        if scope not in self.estimates:
            table = capture_table(self.rows, scope, self.settings.lists)
            if scope.where:
                self.estimates[scope] = _refused(
                    self.settings.method, table.observed, self.settings.level, NO_WHERE_ESTIMATE
                )
            else:
                self.estimates[scope] = estimate_table(table, self.settings)
        return self.estimates[scope]

    def baseline(self, scope: Scope) -> Baseline:
        return make_baseline(self.stats_for(scope), self.estimate_for(scope))


def baseline(
    session: Session, scope: Scope | None = None, settings: EstimateSettings | None = None
) -> Baseline:
    """Documented floor, documented total and estimate interval for one scope."""
    f = Figures.load(session, settings)
    return f.baseline(scope or Scope())


@dataclass
class ScopeShares:
    """Shares of several fields for one scope (JSON-ready with `to_json`)."""

    scope: dict[str, Any]
    description: str
    fields: dict[str, FieldShares]

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "description": self.description,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
        }


def scope_shares(
    session: Session,
    scope: Scope | None = None,
    fields: tuple[str, ...] | list[str] = FIELDS,
    *,
    level: float = 0.95,
    method: IntervalMethod = "wilson",
) -> ScopeShares:
    """Shares of each field among the documented persons of a scope (default: deaths)."""
    from vigil.services.events import check_scope, event_names

    scope = scope or Scope()
    check_scope(session, scope)
    rows = person_rows(session)
    return ScopeShares(
        scope.to_json(),
        scope.describe(event_names=event_names(session)),
        {f: scope_field_shares(rows, scope, f, level=level, method=method) for f in fields},
    )
