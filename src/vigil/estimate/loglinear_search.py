"""Model choice for log-linear MSE: AIC/BIC search over hierarchical models, and the
forward stepwise p-value procedure of Chan, Silverman & Vincent (2021, JASA 116:1297).

Every candidate goes through the same existence/identifiability check as a named fit
(`loglinear.fit_model`); models that are refused are never selected. The interval reported
for a selected model is the profile-likelihood interval *given* that model: it does not
include the uncertainty of the selection itself, which can be large (Silverman, Chan &
Vincent 2024 report much wider bootstrap intervals over model choice).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

from scipy import stats

from vigil.errors import InvalidValue
from vigil.estimate.loglinear import (
    CellData,
    LoglinearFit,
    LoglinearModel,
    Term,
    fit_model,
    fit_to_estimate,
    too_many_lists,
)
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable


def candidate_terms(n_lists: int, max_order: int) -> list[Term]:
    """All interaction terms of size 2..max_order, by size then lexicographically."""
    return [
        frozenset(c)
        for k in range(2, min(max_order, n_lists) + 1)
        for c in itertools.combinations(range(n_lists), k)
    ]


def enumerate_hierarchical_models(n_lists: int, max_order: int = 2) -> Iterator[LoglinearModel]:
    """Every hierarchical model with all main effects and interactions up to `max_order`.

    For 4 lists and max_order 3 this yields the 113 models of Silverman et al. (2024).
    """
    terms = candidate_terms(n_lists, max_order)

    def rec(i: int, chosen: frozenset[Term]) -> Iterator[frozenset[Term]]:
        if i == len(terms):
            yield chosen
            return
        t = terms[i]
        yield from rec(i + 1, chosen)
        if len(t) == 2 or all(
            frozenset(s) in chosen for s in itertools.combinations(t, len(t) - 1)
        ):
            yield from rec(i + 1, chosen | {t})

    for chosen in rec(0, frozenset()):
        yield LoglinearModel(n_lists, chosen)


def count_hierarchical_models(n_lists: int, max_order: int = 2, stop_at: int | None = None) -> int:
    """How many models an exhaustive search would fit (stops counting at `stop_at`)."""
    n = 0
    for _ in enumerate_hierarchical_models(n_lists, max_order):
        n += 1
        if stop_at is not None and n >= stop_at:
            break
    return n


class _Fitter:
    """Caches fits by model, so searches never fit the same model twice."""

    def __init__(self, cells: CellData) -> None:
        self.cells = cells
        self.fits: dict[frozenset[Term], LoglinearFit] = {}

    def __call__(self, model: LoglinearModel) -> LoglinearFit:
        fit = self.fits.get(model.terms)
        if fit is None:
            fit = fit_model(self.cells, model)
            self.fits[model.terms] = fit
        return fit


def _neighbours(model: LoglinearModel, max_order: int) -> Iterator[LoglinearModel]:
    """Models one term away that stay hierarchical: add an allowed term or drop a maximal one."""
    for t in candidate_terms(model.n_lists, max_order):
        if t in model.terms:
            continue
        subs = [frozenset(s) for s in itertools.combinations(t, len(t) - 1)] if len(t) > 2 else []
        if all(s in model.terms for s in subs):
            yield LoglinearModel(model.n_lists, model.terms | {t})
    for t in model.generators():
        yield LoglinearModel(model.n_lists, model.terms - {t})


def _refusal(table: CaptureTable, level: float, reason: str, diag: dict[str, Any]) -> Estimate:
    return Estimate.refused(
        "loglinear", table.observed, reason, level=level, lists=table.lists, diagnostics=diag
    )


def search_loglinear(
    table: CaptureTable,
    criterion: str = "bic",
    max_order: int = 2,
    level: float = 0.95,
    exhaustive_max_lists: int = 5,
    max_models: int = 5000,
    interval: bool = True,
) -> Estimate:
    """Choose the hierarchical model with the smallest AIC or BIC and estimate the total.

    Exhaustive over all hierarchical models when there are at most `exhaustive_max_lists`
    lists and at most `max_models` of them; otherwise a greedy forward-backward search from
    the main-effects model (add or drop one term while the criterion improves).
    BIC uses log(number observed) per parameter; parameters pushed to -infinity by empty
    overlaps still count (as in SparseMSE's adjusted AIC).
    """
    if criterion not in ("aic", "bic"):
        raise InvalidValue(f"unknown criterion {criterion!r}; use 'aic' or 'bic'")
    if max_order < 1:
        raise InvalidValue(f"max_order must be at least 1, got {max_order}")
    diag: dict[str, Any] = {"selection": criterion, "max_order": max_order}
    if table.n_lists < 2:
        return _refusal(table, level, "log-linear estimation needs at least two lists", diag)
    if (reason := too_many_lists(table.n_lists)) is not None:
        return _refusal(table, level, reason, diag)
    cells = CellData(table)
    if cells.n <= 0:
        return _refusal(table, level, "the table has no observed people", diag)
    fitter = _Fitter(cells)
    exhaustive = table.n_lists <= exhaustive_max_lists and (
        count_hierarchical_models(table.n_lists, max_order, stop_at=max_models + 1) <= max_models
    )
    if exhaustive:
        for m in enumerate_hierarchical_models(table.n_lists, max_order):
            fitter(m)
    else:
        current = LoglinearModel(table.n_lists)
        cur_fit = fitter(current)
        cur_val = cur_fit.criterion(criterion) if cur_fit.ok else math.inf
        while True:
            best_val, best_model = cur_val, None
            for nb in _neighbours(current, max_order):
                f = fitter(nb)
                val = f.criterion(criterion) if f.ok else math.inf
                if val < best_val - 1e-9:
                    best_val, best_model = val, nb
            if best_model is None:
                break
            current, cur_val = best_model, best_val
    ok = [f for f in fitter.fits.values() if f.ok]
    diag.update(
        {
            "search": "exhaustive" if exhaustive else "greedy forward-backward",
            "models_fitted": len(fitter.fits),
            "models_refused": len(fitter.fits) - len(ok),
        }
    )
    if not ok:
        return _refusal(
            table,
            level,
            "no hierarchical model has a finite, identifiable estimate for this table",
            diag,
        )
    ok.sort(key=lambda f: f.criterion(criterion))
    best = ok[0]
    diag["top_models"] = [
        {
            "model": f.model.label(cells.lists),
            criterion: f.criterion(criterion),
            "estimate": cells.n + (f.n0 or 0.0),
        }
        for f in ok[:5]
    ]
    diag["interval_note"] = "profile-likelihood interval given the selected model"
    return fit_to_estimate(cells, best, level=level, interval=interval, diagnostics=diag)


def _overlap_pvalue(observed: float, expected: float) -> float:
    """min(P(X <= obs), P(X >= obs)) for X ~ Poisson(expected), as in Chan et al. (2021)."""
    if expected <= 0:
        return 1.0 if observed <= 0 else 0.0
    lower = float(stats.poisson.cdf(observed, expected))
    upper = float(stats.poisson.sf(observed - 1, expected))
    return min(lower, upper)


def stepwise_loglinear(
    table: CaptureTable, p_threshold: float = 0.02, level: float = 0.95, interval: bool = True
) -> Estimate:
    """Forward stepwise selection of two-list interactions (Chan, Silverman & Vincent 2021).

    Start from main effects. For each two-list pair not yet in the model, compare the
    observed number of people on both lists with its Poisson distribution under the current
    fit; a candidate whose model would fail the existence/identifiability check gets p = 1.
    Add the pair with the smallest p-value while it is below `p_threshold`.
    """
    if not 0 <= p_threshold <= 1:
        raise InvalidValue(f"p_threshold must be in [0, 1], got {p_threshold}")
    diag: dict[str, Any] = {"selection": "stepwise", "p_threshold": p_threshold}
    if table.n_lists < 2:
        return _refusal(table, level, "log-linear estimation needs at least two lists", diag)
    if (reason := too_many_lists(table.n_lists)) is not None:
        return _refusal(table, level, reason, diag)
    cells = CellData(table)
    if cells.n <= 0:
        return _refusal(table, level, "the table has no observed people", diag)
    fitter = _Fitter(cells)
    model = LoglinearModel(table.n_lists)
    fit = fitter(model)
    if not fit.ok:
        return fit_to_estimate(cells, fit, level=level, interval=False, diagnostics=diag)
    steps: list[dict[str, Any]] = []
    pairs = candidate_terms(table.n_lists, 2)
    while True:
        assert fit.mu is not None  # invariant: fit is ok (checked, or the cached ok candidate)
        best_p, best_pair = 1.0, None
        for pair in pairs:
            if pair in model.terms:
                continue
            col = cells.column(pair)
            p = _overlap_pvalue(cells.term_total(pair), float(fit.mu @ col))
            if p < best_p:
                cand = fitter(LoglinearModel(table.n_lists, model.terms | {pair}))
                if not cand.ok:
                    continue
                best_p, best_pair = p, pair
        if best_pair is None or best_p >= p_threshold:
            break
        model = LoglinearModel(table.n_lists, model.terms | {best_pair})
        fit = fitter(model)
        steps.append(
            {"added": ":".join(cells.lists[i] for i in sorted(best_pair)), "p_value": best_p}
        )
    diag["steps"] = steps
    diag["interval_note"] = "profile-likelihood interval given the selected model"
    return fit_to_estimate(cells, fit, level=level, interval=interval, diagnostics=diag)
