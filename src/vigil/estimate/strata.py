"""Stratified estimation: one estimate per stratum, totals summed posterior draw by draw.

Summing the strata's lower bounds (or upper bounds) gives an interval that is too wide; the
total's posterior is the distribution of the sum, so draw i of the total is the sum of draw i
of every stratum (the strata's chains are independent). Draws are aligned after a seeded
shuffle so that chain order inside one stratum does not pair with chain order in another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from vigil.errors import EstimationRefused
from vigil.estimate.lcmcr import LcmcrSettings, lcmcr
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable


@dataclass
class StratifiedEstimate:
    """The total (draw-by-draw sum) and the estimate of each stratum."""

    total: Estimate
    strata: dict[str, Estimate] = field(default_factory=dict)


def sum_draws(
    estimates: Mapping[str, Estimate], *, level: float = 0.95, seed: int | None = None
) -> Estimate:
    """Total of independent strata from their posterior draws (all must carry `draws`)."""
    if not estimates:
        raise EstimationRefused("no strata to sum")
    missing = [k for k, e in estimates.items() if e.draws is None or e.draws.size == 0]
    if missing:
        raise EstimationRefused(
            f"strata {', '.join(missing)} have no posterior draws; only Bayesian methods "
            "(lcmcr) can be summed draw by draw"
        )
    sizes = {e.draws.size for e in estimates.values() if e.draws is not None}
    size = min(sizes)
    rng = np.random.default_rng(seed)
    total = np.zeros(size)
    for e in estimates.values():
        assert e.draws is not None  # invariant: strata without draws were refused above
        d = rng.permutation(e.draws)[:size]
        total += d
    q = (1.0 - level) / 2.0
    lo, med, hi = np.quantile(total, [q, 0.5, 1.0 - q])
    converged = all(bool(e.diagnostics.get("converged", False)) for e in estimates.values())
    not_conv = [k for k, e in estimates.items() if not e.diagnostics.get("converged", False)]
    methods = sorted({e.method for e in estimates.values()})
    diagnostics: dict[str, object] = {
        "strata": len(estimates),
        "draws": int(size),
        "converged": converged,
        "warning": None
        if converged
        else f"NOT CONVERGED in strata {', '.join(not_conv)}: the total inherits their problems",
    }
    return Estimate(
        method="+".join(methods) + " (stratified)",
        observed=sum(e.observed for e in estimates.values()),
        estimate=float(med),
        lower=float(lo),
        upper=float(hi),
        level=level,
        lists=next(iter(estimates.values())).lists,
        diagnostics=diagnostics,
        draws=total,
    )


def estimate_strata(
    tables: Mapping[str, CaptureTable],
    settings: LcmcrSettings | None = None,
    on_stratum: Callable[[str], None] | None = None,
) -> StratifiedEstimate:
    """LCMCR per stratum (each with its own seed derived from settings.seed), summed draws.

    Strata whose tables cannot support an estimate are refused together, naming each one,
    since a total that silently skipped a stratum would be an undercount.
    """
    s = settings or LcmcrSettings()
    children = np.random.SeedSequence(s.seed).generate_state(len(tables) + 1)
    out: dict[str, Estimate] = {}
    refused: list[str] = []
    for i, (name, table) in enumerate(sorted(tables.items())):
        if on_stratum is not None:
            on_stratum(name)
        try:
            out[name] = lcmcr(table, replace(s, seed=int(children[i])))
        except EstimationRefused as e:
            refused.append(f"{name}: {e}")
    if refused:
        raise EstimationRefused(
            "cannot estimate every stratum (merge thin strata or drop the stratification):\n  "
            + "\n  ".join(refused)
        )
    total = sum_draws(out, level=s.level, seed=int(children[-1]))
    return StratifiedEstimate(total=total, strata=out)
