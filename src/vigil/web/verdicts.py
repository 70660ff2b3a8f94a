"""Claim verdicts and the estimate for the dashboard and API, as the statement services
compute them.

Vigil does not store "the latest estimate": `vigil.services.statement` computes it from
the store (capture histories of the documented dead by independence group, the
`EstimateSettings` estimator, fixed seed), and `vigil.services.claims.claim_verdicts`
judges each claim against the floor, the total and that estimate for the claim's scope.
The web shows the same figures a statement published now would carry. An MCMC estimate
takes seconds, so it is computed in a background thread once per audit-log head and
pages show the last finished result (saying when a newer one is on its way).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from vigil.errors import VigilError
from vigil.estimate.result import Estimate
from vigil.services.claims import ClaimVerdict, claim_verdicts
from vigil.services.figures import Figures
from vigil.services.linkage_range import linkage_range
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store
from vigil.web.search import data_version
from vigil.web.stats import Dashboard


@dataclass(frozen=True)
class ComputedFigures:
    """Estimate and verdicts for the default scope (every death) at one store version."""

    version: int
    floor: int
    documented: int
    estimate: Estimate | None
    verdicts: list[ClaimVerdict]
    error: str | None = None
    linkage: dict[str, Any] | None = None  # the estimate over other linkages (capture service)

    def estimate_json(self) -> dict[str, Any] | None:
        if self.estimate is None:
            return {"refusal": self.error} if self.error else None
        e = self.estimate
        return {
            "method": e.method,
            "observed": e.observed,
            "estimate": e.estimate,
            "lower": e.lower,
            "upper": e.upper,
            "level": e.level,
            "refusal": e.refusal,
            "linkage": self.linkage,
        }


def compute_figures(store: Store, settings: EstimateSettings) -> ComputedFigures:
    """One consistent read of the store: its version, the estimate and every verdict."""
    with store.session() as s:
        version = data_version(s)
        try:
            figures = Figures.load(s, settings)
            scope = Scope()
            estimate = figures.estimate_for(scope)
            verdicts = claim_verdicts(s, figures=figures)
            stats = figures.stats_for(scope)
            link = linkage_range(
                s,
                scope,
                method=settings.method,
                lists=settings.lists,
                seed=settings.seed,
                level=settings.level,
                main=estimate,
            )
            return ComputedFigures(
                version,
                stats.floor,
                stats.documented,
                estimate,
                verdicts,
                linkage=link.to_json() if link is not None else None,
            )
        except VigilError as e:
            return ComputedFigures(version, 0, 0, None, [], str(e))


class FiguresCache:
    """The latest `ComputedFigures`, recomputed in one background thread whenever the
    audit head has moved past the version they were computed at."""

    def __init__(self, store: Store, settings: EstimateSettings, wait_s: float = 2.0) -> None:
        self.store = store
        self.settings = settings
        self.wait_s = wait_s
        self._latest: ComputedFigures | None = None
        self._wanted = -1
        self._running = False
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)

    def get(self, version: int) -> tuple[ComputedFigures | None, bool]:
        """The figures for `version` if ready within `wait_s`, else the last finished ones;
        the flag says whether they are behind the store."""
        with self._changed:
            if self._latest is None or self._latest.version < version:
                self._wanted = max(self._wanted, version)
                if not self._running:
                    self._running = True
                    threading.Thread(target=self._work, name="vigil-figures", daemon=True).start()
                self._changed.wait_for(
                    lambda: self._latest is not None and self._latest.version >= version,
                    timeout=self.wait_s,
                )
            latest = self._latest
            return latest, latest is None or latest.version < version

    def _work(self) -> None:
        while True:
            try:
                done = compute_figures(self.store, self.settings)
            except Exception as e:
                with self._lock:
                    version = self._wanted
                done = ComputedFigures(version, 0, 0, None, [], f"estimate failed: {e}")
            with self._changed:
                self._latest = done
                self._changed.notify_all()
                if done.version >= self._wanted:
                    self._running = False
                    return


def attach_verdicts(cache: FiguresCache, version: int, d: Dashboard) -> None:
    """Fill the dashboard's estimate and each claim's verdict and reason."""
    figures, d.figures_pending = cache.get(version)
    if figures is None:
        return
    d.estimate = figures.estimate_json()
    d.claims_floor = figures.floor
    d.claims_total = figures.documented
    by_id = {v.id: v for v in figures.verdicts}
    for c in d.claims:
        v = by_id.get(c.id)
        if v is not None:
            c.verdict, c.reason = v.label, v.reason
            c.percent, c.share_of = v.percent, v.share_of
            c.restricted = bool(v.scope_filter.get("where"))
