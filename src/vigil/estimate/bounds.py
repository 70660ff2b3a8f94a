"""Lower bounds that need no model of how lists depend on each other.

The documented count is a hard floor. Chao's lower bound (Chao 1987, Biometrics 43:783)
uses only how many people were recorded by exactly one list (f1) and exactly two (f2):
under heterogeneous capture probabilities it estimates a *lower bound* for N, not N itself.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from vigil.errors import InvalidValue
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable


def observed_count(table: CaptureTable) -> Estimate:
    """The documented count: the floor that any total must reach."""
    n = table.observed
    return Estimate(
        method="observed",
        observed=n,
        estimate=float(n),
        lower=float(n),
        upper=float(n),
        level=1.0,
        lists=table.lists,
        diagnostics={"meaning": "people recorded by at least one list"},
    )


def capture_frequencies(table: CaptureTable) -> dict[int, int]:
    """f_k: how many people were recorded by exactly k lists, for k = 1..J."""
    k = table.patterns.sum(axis=1).astype(int) if table.patterns.size else np.zeros(0, int)
    out = {i: 0 for i in range(1, table.n_lists + 1)}
    for kk, c in zip(k, table.counts, strict=True):
        out[int(kk)] += int(c)
    return out


def chao_lower_bound(
    table: CaptureTable, level: float = 0.95, bias_corrected: bool = False
) -> Estimate:
    """Chao's lower bound N >= n + ((t-1)/t) f1^2 / (2 f2) for t lists.

    The factor (t-1)/t is the finite-number-of-lists form. The variance is Chao's (1987)
    delta-method formula with that factor, and the interval is her log-transformed one,
    [n + f0/C, n + f0*C], so it never falls below the observed count. The bound is undefined
    when f2 = 0 (refused with that reason) unless `bias_corrected` is set, which uses
    ((t-1)/t) f1 (f1 - 1) / (2 (f2 + 1)); no variance is reported for that form.
    """
    if not 0 < level < 1:
        raise InvalidValue(f"level must be between 0 and 1, got {level}")
    n = table.observed
    t = table.n_lists
    freq = capture_frequencies(table)
    f1, f2 = freq.get(1, 0), freq.get(2, 0)
    diag: dict[str, object] = {"f1": f1, "f2": f2, "lists": t, "bias_corrected": bias_corrected}

    def refuse(reason: str) -> Estimate:
        return Estimate.refused("chao", n, reason, level=level, lists=table.lists, diagnostics=diag)

    if t < 2:
        return refuse("Chao's lower bound needs at least two lists")
    if n == 0:
        return refuse("the table has no observed people")
    k = (t - 1) / t
    if bias_corrected:
        f0 = k * f1 * (f1 - 1) / (2.0 * (f2 + 1))
        diag["interval"] = "not computed for the bias-corrected form"
        return Estimate(
            method="chao",
            observed=n,
            estimate=n + f0,
            lower=None,
            upper=None,
            level=level,
            lists=table.lists,
            diagnostics=diag,
        )
    if f2 == 0:
        return refuse(
            "Chao's lower bound is undefined: nobody was recorded by exactly two lists (f2 = 0); "
            "use bias_corrected=True for the bias-corrected form"
        )
    r = f1 / f2
    f0 = k * f1 * f1 / (2.0 * f2)
    var = f2 * (k * k * r**4 / 4.0 + k * k * r**3 + k * r**2 / 2.0)
    diag["variance"] = var
    diag["interval"] = "Chao (1987) log-transformed interval"
    if f0 <= 0:
        return Estimate(
            method="chao",
            observed=n,
            estimate=float(n),
            lower=float(n),
            upper=float(n),
            level=level,
            lists=table.lists,
            diagnostics=diag,
        )
    z = float(stats.norm.ppf(0.5 + level / 2))
    c = math.exp(z * math.sqrt(math.log(1.0 + var / (f0 * f0))))
    return Estimate(
        method="chao",
        observed=n,
        estimate=n + f0,
        lower=n + f0 / c,
        upper=n + f0 * c,
        level=level,
        lists=table.lists,
        diagnostics=diag,
    )
