"""Log-linear (Poisson GLM) multiple systems estimation for one named hierarchical model.

The 2^J - 1 observable capture patterns are cells of a Poisson log-linear model; the
all-zero pattern has every covariate 0, so its expected count is exp(intercept) and the
estimated total is n + exp(intercept).

Sparse tables often have observed-zero cells, and then a model may have no finite maximum
likelihood estimate or may not determine the unobserved cell at all (Chan, Silverman &
Vincent 2021, JASA 116:1297; Fienberg & Rinaldo 2012, Ann. Statist. 40:996). We do not
detect this from a diverging fit. Instead, a linear program finds the *facial set*: the cells
whose fitted value can be positive in the (extended) MLE. The extended MLE is fitted on those
cells. The unobserved cell is determined only if the intercept is estimable from them (e_0
lies in the row space of the design on the facial set). Otherwise a second linear program
shows whether the likelihood sends the unobserved cell to infinity (no finite MLE) or leaves
it free (not identifiable). Either way the model is refused and no number is given.

Intervals are profile-likelihood intervals for the unobserved cell (the intercept, with the
other parameters maximised out); a log-normal Wald interval is kept in the diagnostics too.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats
from scipy.special import gammaln

from vigil.errors import InvalidValue
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable

Term = frozenset[int]
FloatArray = NDArray[np.float64]

_TOL = 1e-9
MAX_LISTS = 12  # 2^J cells: beyond this the design and the linear programs get impractical


def too_many_lists(n_lists: int) -> str | None:
    """The refusal reason when a table has too many lists for a log-linear fit, else None."""
    if n_lists > MAX_LISTS:
        return (
            f"log-linear models work on all 2^J capture patterns; {n_lists} lists is more "
            f"than the {MAX_LISTS} supported (merge lists or use LCMCR)"
        )
    return None


@dataclass(frozen=True)
class LoglinearModel:
    """A hierarchical log-linear model: all main effects plus `terms` (interactions, size >= 2).

    `terms` is always closed downwards (every sub-interaction of a term is present).
    """

    n_lists: int
    terms: frozenset[Term] = frozenset()

    def __post_init__(self) -> None:
        closed = hierarchical_closure(self.terms)
        for t in closed:
            if len(t) < 2 or min(t) < 0 or max(t) >= self.n_lists:
                raise InvalidValue(f"interaction {sorted(t)} is not a set of >= 2 list indices")
        object.__setattr__(self, "terms", closed)

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: (len(t), sorted(t)))

    def generators(self) -> list[Term]:
        """Maximal interaction terms (the generating class without main effects)."""
        return [t for t in self.sorted_terms() if not any(t < u for u in self.terms)]

    def label(self, lists: Sequence[str]) -> str:
        gens = self.generators()
        if not gens:
            return "main effects"
        return " + ".join(":".join(lists[i] for i in sorted(t)) for t in gens)

    def n_params(self) -> int:
        return 1 + self.n_lists + len(self.terms)


def hierarchical_closure(terms: Iterable[Iterable[int]]) -> frozenset[Term]:
    """All interaction terms of size >= 2 implied by `terms` (each term's subsets included)."""
    out: set[Term] = set()
    for t in terms:
        s = tuple(sorted(set(t)))
        for k in range(2, len(s) + 1):
            out.update(frozenset(c) for c in itertools.combinations(s, k))
    return frozenset(out)


def parse_model(
    spec: Sequence[str | Sequence[str | int]] | str, lists: Sequence[str]
) -> LoglinearModel:
    """Build a model from interaction terms named by list names or 0-based indices.

    Accepted: ["D:E", "A:B:C"], [("D", "E")], [(3, 4)], or a generating class in the
    1-based digit notation of Chan et al. (2021), e.g. "[12,3]" or "[13,23,1,2]"
    (only for at most 9 lists). An empty spec is the main-effects model.
    """
    names = list(lists)
    if isinstance(spec, str):
        s = spec.strip()
        if re.fullmatch(r"\[\s*\d+(\s*,\s*\d+)*\s*\]", s):
            if len(names) > 9:
                raise InvalidValue("the digit notation [12,3] works only for at most 9 lists")
            terms: list[list[int]] = []
            for part in s[1:-1].split(","):
                digits = [int(ch) - 1 for ch in part.strip()]
                if any(i < 0 or i >= len(names) for i in digits) or len(set(digits)) != len(digits):
                    raise InvalidValue(
                        f"model {spec!r}: term {part.strip()!r} names no valid lists"
                    )
                terms.append(digits)
            return LoglinearModel(len(names), frozenset(frozenset(t) for t in terms if len(t) >= 2))
        spec = [p for p in re.split(r"[+,]", s) if p.strip()]
    out: list[frozenset[int]] = []
    for term in spec:
        parts: Sequence[str | int]
        parts = [p.strip() for p in re.split(r"[:*]", term)] if isinstance(term, str) else term
        idx: list[int] = []
        for p in parts:
            if isinstance(p, int) and not isinstance(p, bool):
                if not 0 <= p < len(names):
                    raise InvalidValue(f"list index {p} is out of range 0..{len(names) - 1}")
                idx.append(p)
            elif isinstance(p, str) and p in names:
                idx.append(names.index(p))
            else:
                raise InvalidValue(
                    f"interaction term {term!r}: {p!r} is not one of the lists {names}"
                )
        if len(set(idx)) != len(idx):
            raise InvalidValue(f"interaction term {term!r} repeats a list")
        if len(idx) >= 2:
            out.append(frozenset(idx))
    return LoglinearModel(len(names), frozenset(out))


class CellData:
    """All 2^J - 1 observable cells of a table, with design columns cached per term."""

    def __init__(self, table: CaptureTable) -> None:
        j = table.n_lists
        if j < 1:
            raise InvalidValue("a capture table needs at least one list")
        self.n_lists = j
        self.lists = table.lists
        codes = np.arange(1, 2**j, dtype=np.int64)
        # cell c has pattern bit i (list i) = (c >> i) & 1
        self.patterns = ((codes[:, None] >> np.arange(j)[None, :]) & 1).astype(np.float64)
        self.y = np.zeros(codes.size, dtype=np.float64)
        if table.patterns.shape[0]:
            pc = (table.patterns.astype(np.int64) << np.arange(j)[None, :]).sum(axis=1)
            np.add.at(self.y, pc - 1, table.counts.astype(np.float64))
        self.n = float(self.y.sum())
        self.log_y_fact = float(gammaln(self.y + 1.0).sum())
        self._cols: dict[Term, FloatArray] = {}

    def column(self, term: Term) -> FloatArray:
        col = self._cols.get(term)
        if col is None:
            col = np.prod(self.patterns[:, sorted(term)], axis=1)
            self._cols[term] = col
        return col

    def design(self, model: LoglinearModel) -> FloatArray:
        cols = [np.ones(self.y.size), *(self.patterns[:, i] for i in range(self.n_lists))]
        cols += [self.column(t) for t in model.sorted_terms()]
        return np.column_stack(cols)

    def term_total(self, term: Term) -> float:
        return float(self.y @ self.column(term))


@dataclass
class LoglinearFit:
    """The outcome of fitting one model: a finite estimate, or a refusal with its reason."""

    model: LoglinearModel
    status: str  # "ok", "not_identifiable", "no_mle", "empty"
    reason: str | None = None
    n_observed: float = 0.0
    n0: float | None = None  # estimated unobserved cell
    loglik: float | None = None
    n_params: int = 0
    df_residual: int = 0
    mu: FloatArray | None = None  # fitted values on all observable cells (0 off the facial set)
    intercept_se: float | None = None
    zero_fitted_cells: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def criterion(self, name: str) -> float:
        if self.loglik is None:
            return math.inf
        if name == "aic":
            return -2.0 * self.loglik + 2.0 * self.n_params
        if name == "bic":
            return -2.0 * self.loglik + math.log(max(self.n_observed, 2.0)) * self.n_params
        raise InvalidValue(f"unknown criterion {name!r}; use 'aic' or 'bic'")


def facial_set(x: FloatArray, y: FloatArray) -> NDArray[np.bool_]:
    """Cells whose fitted value can be positive in the extended MLE (Fienberg & Rinaldo 2012).

    A zero cell i lies outside the facial set iff some direction d in parameter space keeps
    every positive cell fixed ((Xd)_i = 0 there) and lowers cell i without raising any zero
    cell. One LP finds all such cells at once: maximise sum w_i with w_i <= -(Xd)_i, 0 <= w <= 1;
    the cone is scale-free, so every cell that can be lowered reaches w_i = 1.
    """
    pos = y > 0
    zero_idx = np.flatnonzero(~pos)
    face = np.ones(y.size, dtype=bool)
    if zero_idx.size == 0:
        return face
    p = x.shape[1]
    k = zero_idx.size
    c = np.concatenate([np.zeros(p), -np.ones(k)])
    a_ub = np.hstack([x[zero_idx], np.eye(k)])
    b_ub = np.zeros(k)
    a_eq = np.hstack([x[pos], np.zeros((int(pos.sum()), k))]) if pos.any() else None
    b_eq = np.zeros(int(pos.sum())) if pos.any() else None
    bounds = [(None, None)] * p + [(0.0, 1.0)] * k
    res = optimize.linprog(
        c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
    )
    if res.status != 0:  # pragma: no cover - the LP is always feasible (d = 0) and bounded
        raise InvalidValue(f"facial-set linear program failed: {res.message}")
    w = res.x[p:]
    face[zero_idx[w > 0.5]] = False
    return face


def _independent_columns(x: FloatArray) -> list[int]:
    """Greedy left-to-right column basis (keeps the intercept whenever it is estimable)."""
    keep: list[int] = []
    rank = 0
    for j in range(x.shape[1]):
        r = np.linalg.matrix_rank(x[:, [*keep, j]], tol=1e-8)
        if r > rank:
            keep.append(j)
            rank = r
    return keep


def _intercept_direction(x_face: FloatArray, x_off: FloatArray) -> tuple[float, float]:
    """Range of the intercept change d_0 over directions that keep the facial cells fixed and
    send every off-face cell to zero (X_F d = 0, X_off d <= -1). +-inf when unbounded."""
    p = x_face.shape[1]
    a_eq = x_face if x_face.shape[0] else None
    b_eq = np.zeros(x_face.shape[0]) if x_face.shape[0] else None
    a_ub = x_off if x_off.shape[0] else None
    b_ub = -np.ones(x_off.shape[0]) if x_off.shape[0] else None
    out: list[float] = []
    for sign in (1.0, -1.0):
        c = np.zeros(p)
        c[0] = sign
        res = optimize.linprog(
            c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(None, None)] * p, method="highs"
        )
        if res.status == 3:
            out.append(-math.inf)
        elif res.status == 0:
            out.append(float(res.fun))
        else:  # infeasible: no such direction at all
            return (math.nan, math.nan)
    return (out[0], -out[1])


def poisson_fit(
    x: FloatArray, y: FloatArray, offset: FloatArray | None = None, max_iter: int = 100
) -> tuple[FloatArray, FloatArray, float]:
    """Newton-Raphson for a Poisson log-linear model with full-rank design and existing MLE.

    Returns (beta, mu, kernel log-likelihood sum(y*eta - mu)). Step halving keeps every step
    an ascent step, so convergence does not depend on a good start.
    """
    off = np.zeros(y.size) if offset is None else offset
    if x.shape[1] == 0:
        mu = np.exp(off)
        return np.zeros(0), mu, float(y @ off - mu.sum())
    z = np.log(y + 0.5) - off
    beta: FloatArray = np.asarray(np.linalg.lstsq(x, z, rcond=None)[0], dtype=np.float64)

    def kernel(b: FloatArray) -> tuple[float, FloatArray, FloatArray]:
        eta = x @ b + off
        eta = np.minimum(eta, 700.0)
        mu = np.exp(eta)
        return float(y @ eta - mu.sum()), eta, mu

    ll, _, mu = kernel(beta)
    for _ in range(max_iter):
        grad = x.T @ (y - mu)
        hess = (x * mu[:, None]).T @ x
        try:
            step = np.asarray(np.linalg.solve(hess, grad), dtype=np.float64)
        except np.linalg.LinAlgError:
            step = np.asarray(np.linalg.lstsq(hess, grad, rcond=None)[0], dtype=np.float64)
        t = 1.0
        while True:
            ll_new, _, mu_new = kernel(beta + t * step)
            if ll_new >= ll - 1e-12 * max(1.0, abs(ll)) or t < 1e-10:
                break
            t *= 0.5
        beta = beta + t * step
        improvement = ll_new - ll
        ll, mu = ll_new, mu_new
        if abs(improvement) < 1e-11 * max(1.0, abs(ll)) and np.max(np.abs(t * step)) < 1e-7:
            break
    return beta, mu, ll


def fit_model(cells: CellData, model: LoglinearModel) -> LoglinearFit:
    """Fit one model: facial set, estimability of the unobserved cell, then the extended MLE."""
    if model.n_lists != cells.n_lists:
        raise InvalidValue(f"model has {model.n_lists} lists but the table has {cells.n_lists}")
    fit = LoglinearFit(model=model, status="ok", n_observed=cells.n, n_params=model.n_params())
    if cells.n <= 0:
        fit.status, fit.reason = "empty", "the table has no observed people"
        return fit
    x = cells.design(model)
    y = cells.y
    face = facial_set(x, y)
    xf = x[face]
    fit.zero_fitted_cells = int((~face).sum())
    rank_f = np.linalg.matrix_rank(xf, tol=1e-8)
    e0 = np.zeros((1, x.shape[1]))
    e0[0, 0] = 1.0
    estimable = np.linalg.matrix_rank(np.vstack([xf, e0]), tol=1e-8) == rank_f
    if not estimable:
        lo, hi = _intercept_direction(xf, x[~face])
        label = model.label(cells.lists)
        if lo > _TOL:
            fit.status = "no_mle"
            fit.reason = (
                f"model [{label}] has no finite maximum likelihood estimate: the likelihood "
                "increases without bound as the number unobserved grows (observed-zero cells "
                f"put the data on the boundary; {fit.zero_fitted_cells} cell(s) fitted as zero)"
            )
        elif hi < -_TOL:
            fit.status = "no_mle"
            fit.reason = (
                f"model [{label}] has no positive maximum likelihood estimate of the unobserved "
                "cell: the likelihood is maximised only as it shrinks to zero"
            )
        else:
            fit.status = "not_identifiable"
            fit.reason = (
                f"model [{label}] is not identifiable from these data: after the "
                f"{fit.zero_fitted_cells} cell(s) that the data force to zero are set aside, "
                f"the design has rank {rank_f} for {x.shape[1]} parameters and the unobserved "
                "cell can take any value with the same likelihood"
            )
        return fit
    cols = _independent_columns(xf)
    beta, mu_f, ll_kernel = poisson_fit(xf[:, cols], y[face])
    mu = np.zeros(y.size)
    mu[face] = mu_f
    fit.mu = mu
    fit.loglik = ll_kernel - cells.log_y_fact
    b0 = float(beta[0])
    fit.n0 = math.exp(b0) if b0 < 700 else math.inf
    xs = xf[:, cols]
    try:
        cov = np.linalg.inv((xs * mu_f[:, None]).T @ xs)
        fit.intercept_se = float(math.sqrt(max(cov[0, 0], 0.0)))
    except np.linalg.LinAlgError:  # pragma: no cover - full-rank design
        fit.intercept_se = None
    fit.df_residual = int(face.sum()) - len(cols)
    fit.extra = {"beta0": b0, "face": face, "cols": cols}
    if not math.isfinite(fit.n0):
        fit.status, fit.reason = "no_mle", "the fitted unobserved cell overflows"
    return fit


def profile_interval(
    cells: CellData, fit: LoglinearFit, level: float = 0.95, max_factor: float = 1e4
) -> tuple[float | None, float | None]:
    """Profile-likelihood interval for the unobserved cell (then add n for the total).

    The intercept is fixed at c, the other parameters are maximised, and the interval is
    {c : 2 (l_max - l(c)) <= chi2_1(level)}. Returns None for an end that stays open within
    `max_factor` times the observed count.
    """
    if not fit.ok or fit.loglik is None or fit.n0 is None:
        return (None, None)
    face = fit.extra["face"]
    cols = fit.extra["cols"]
    x = cells.design(fit.model)[face][:, cols]
    y = cells.y[face]
    rest = x[:, 1:]
    b0 = fit.extra["beta0"]
    crit = float(stats.chi2.ppf(level, 1))
    ll_max = fit.loglik + cells.log_y_fact

    def g(c: float) -> float:
        _, _, ll = poisson_fit(rest, y, offset=np.full(y.size, c))
        return 2.0 * (ll_max - ll) - crit

    c_min = math.log(1e-9)
    lower_c = b0 - 1.0
    while lower_c > c_min and g(lower_c) < 0:
        lower_c -= 2.0
    lower_c = max(lower_c, c_min)
    lo_val = math.exp(optimize.brentq(g, lower_c, b0, xtol=1e-8)) if g(lower_c) >= 0 else 0.0
    hi_val: float | None = None
    c_max = math.log(max_factor * max(cells.n, 1.0))
    upper_c = b0 + 1.0
    while upper_c < c_max and g(upper_c) < 0:
        upper_c += 1.0
    if g(min(upper_c, c_max)) >= 0:
        hi_c = optimize.brentq(g, b0, min(upper_c, c_max), xtol=1e-8)
        hi_val = math.exp(hi_c)
    return (lo_val, hi_val)


def fit_to_estimate(
    cells: CellData,
    fit: LoglinearFit,
    level: float = 0.95,
    interval: bool = True,
    diagnostics: dict[str, Any] | None = None,
) -> Estimate:
    """Turn a fit into the shared Estimate shape (refusals keep estimate=None)."""
    diag: dict[str, Any] = {
        "model": fit.model.label(cells.lists),
        "terms": [":".join(cells.lists[i] for i in sorted(t)) for t in fit.model.sorted_terms()],
        "status": fit.status,
        "zero_fitted_cells": fit.zero_fitted_cells,
    }
    if diagnostics:
        diag.update(diagnostics)
    observed = round(cells.n)
    if not fit.ok or fit.n0 is None:
        return Estimate.refused(
            "loglinear",
            observed,
            fit.reason or "the model has no finite estimate",
            level=level,
            lists=cells.lists,
            diagnostics=diag,
        )
    diag.update(
        {
            "unobserved": fit.n0,
            "loglik": fit.loglik,
            "aic": fit.criterion("aic"),
            "bic": fit.criterion("bic"),
            "n_params": fit.n_params,
            "df_residual": fit.df_residual,
            "deviance": _deviance(cells, fit),
            "interval_method": "profile likelihood for the unobserved cell",
        }
    )
    lower = upper = None
    if fit.intercept_se is not None:
        z = float(stats.norm.ppf(0.5 + level / 2))
        b0 = fit.extra["beta0"]
        diag["wald_lognormal_interval"] = [
            cells.n + math.exp(b0 - z * fit.intercept_se),
            cells.n + math.exp(b0 + z * fit.intercept_se),
        ]
    if interval:
        lo, hi = profile_interval(cells, fit, level)
        lower = None if lo is None else cells.n + lo
        upper = None if hi is None else cells.n + hi
        if hi is None:
            diag["interval_open_above"] = True
    return Estimate(
        method="loglinear",
        observed=observed,
        estimate=cells.n + fit.n0,
        lower=lower,
        upper=upper,
        level=level,
        lists=cells.lists,
        diagnostics=diag,
    )


def _deviance(cells: CellData, fit: LoglinearFit) -> float:
    assert fit.mu is not None  # invariant: called on ok fits only, and fit_model sets mu on those
    y, mu = cells.y, fit.mu
    pos = y > 0
    return float(2.0 * np.sum(y[pos] * np.log(y[pos] / mu[pos])) - 2.0 * np.sum(y - mu))


def fit_loglinear(
    table: CaptureTable,
    model: LoglinearModel | Sequence[str | Sequence[str | int]] | str = (),
    level: float = 0.95,
    interval: bool = True,
) -> Estimate:
    """Fit a named hierarchical model (default: main effects only) and estimate the total.

    A model with no finite MLE, or one that does not determine the unobserved cell, is
    returned with estimate=None and `refusal` saying why.
    """
    if not 0 < level < 1:
        raise InvalidValue(f"level must be between 0 and 1, got {level}")
    if table.n_lists < 2:
        return Estimate.refused(
            "loglinear",
            table.observed,
            "log-linear estimation needs at least two lists",
            level=level,
            lists=table.lists,
        )
    if (reason := too_many_lists(table.n_lists)) is not None:
        return Estimate.refused("loglinear", table.observed, reason, level=level, lists=table.lists)
    m = model if isinstance(model, LoglinearModel) else parse_model(model, table.lists)
    cells = CellData(table)
    return fit_to_estimate(cells, fit_model(cells, m), level=level, interval=interval)
