"""Terms of the LCMCR likelihood shared by the Gibbs sweep and the moves (written for Vigil).

The sweep and every move work on distinct capture patterns, never on individuals: a pattern's
probability in class k is exp(base[k] + sum of dlog[j, k] over the lists j that record it),
computed here once per state, and the people sharing a pattern are split over the classes by
one multinomial draw. Kept apart so that the sampler (`kernel`), the ridge move
(`ridge`) and the pair jump (`jump`) compute them the same way, bit for bit
(`density.collapsed_logpost` computes the same terms in numpy).

Helpers with one caller, or tiny ones, are inlined into their callers at numba's IR level
(`inline="always"`): each separately compiled function is a library that every caller links
and optimises again, which lengthened a fresh machine's first estimate.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.draws import binomial

_TINY = 1e-300


@nb.njit(cache=True, nogil=True)
def _multinomial_into(
    rng: np.random.Generator,
    n: int,
    w: NDArray[np.float64],
    order: NDArray[np.int64],
    out: NDArray[np.int64],
) -> None:
    """Split n over len(w) cells with probabilities proportional to w (sequential binomials).

    Cells are visited in `order` (heaviest classes first), so the remainder is usually used up
    after the few occupied classes and the empty tail costs nothing.
    """
    K = w.shape[0]
    total = 0.0
    for k in range(K):
        total += w[k]
        out[k] = 0
    last = order[K - 1]
    if n == 1:
        u = rng.random() * total
        acc = 0.0
        for i in range(K):
            k = order[i]
            acc += w[k]
            if u < acc:
                out[k] = 1
                return
        out[last] = 1
        return
    rem = n
    for i in range(K - 1):
        k = order[i]
        if total <= 0.0:
            break
        p = w[k] / total
        if p >= 1.0:
            out[k] = rem
            return
        if p > 0.0:
            x = binomial(rng, rem, p)
            out[k] = x
            rem -= x
            if rem == 0:
                return
        total -= w[k]
    out[last] += rem


@nb.njit(cache=True, nogil=True, inline="always")
def _class_terms(
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    pi: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
) -> None:
    """Class weights from the sticks, and per-class log terms of the pattern probabilities:
    log P(x, class k) = base[k] + sum of dlog[j, k] over the lists j that record x."""
    K = lam.shape[1]
    rest = 1.0
    for k in range(K):
        pi[k] = v[k] * rest
        rest *= 1.0 - v[k]
        logpi[k] = math.log(max(pi[k], _TINY))
    _list_terms(lam, logpi, base, dlog)


@nb.njit(cache=True, nogil=True, inline="always")
def _list_terms(
    lam: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
) -> None:
    """base[k] = log pi_k + sum_j log(1 - lambda_jk), dlog[j, k] = logit lambda_jk: the terms
    of `_class_terms` given the log weights (the moves that work on weights start here)."""
    J, K = lam.shape
    for k in range(K):
        s = logpi[k]
        for j in range(J):
            lk = lam[j, k]
            l1 = math.log(max(1.0 - lk, _TINY))
            s += l1
            dlog[j, k] = math.log(max(lk, _TINY)) - l1
        base[k] = s


@nb.njit(cache=True, nogil=True, inline="always")
def _logit(x: float) -> float:
    return math.log(x) - math.log1p(-x)


@nb.njit(cache=True, nogil=True, inline="always")
def _expit(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@nb.njit(cache=True, nogil=True, inline="always")
def _pattern_terms(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
    e: NDArray[np.float64],
    mx: NDArray[np.float64],
    tot: NDArray[np.float64],
) -> None:
    """P(x_p, class k) = exp(mx[p]) e[p, k] for every observed pattern p; tot[p] = sum_k e[p, k].

    Shared by the ridge moves (which need P(x_p)) and the allocation of the observed people
    (which needs the weights e[p, :])."""
    m = e.shape[0]
    K = e.shape[1]
    for p in range(m):
        h = -np.inf
        for k in range(K):
            s = base[k]
            for t in range(n_ones[p]):
                s += dlog[ones[p, t], k]
            e[p, k] = s
            if s > h:
                h = s
        total = 0.0
        for k in range(K):
            x = math.exp(e[p, k] - h)
            e[p, k] = x
            total += x
        mx[p] = h
        tot[p] = total


@nb.njit(cache=True, nogil=True)
def _log_seen(
    pi: NDArray[np.float64], logpi: NDArray[np.float64], base: NDArray[np.float64], b: float
) -> float:
    """log(1 - q_b), q_b = sum_k pi_k (prod_j (1 - lambda_jk))^b: the tempered chance of being
    recorded by some list (base[k] - logpi[k] is the log of the product)."""
    seen = 0.0
    for k in range(pi.shape[0]):
        seen += pi[k] * -math.expm1(b * (base[k] - logpi[k]))
    return math.log(max(seen, _TINY))


@nb.njit(cache=True, nogil=True)
def _log_sigmoid(x: float) -> float:
    if x >= 0.0:
        return -math.log1p(math.exp(-x))
    return x - math.log1p(math.exp(x))


@nb.njit(cache=True, nogil=True, inline="always")
def _pick_class(rng: np.random.Generator, pi: NDArray[np.float64]) -> int:
    """A class drawn with probability pi_k (the last one if rounding leaves u past the sum)."""
    K = pi.shape[0]
    u = rng.random()
    k = K - 1
    acc = 0.0
    for c in range(K):
        acc += pi[c]
        if u < acc:
            k = c
            break
    return k


@nb.njit(cache=True, nogil=True, inline="always")
def _sparse_rows(
    patterns: NDArray[np.uint8], extra: int | np.int64
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Which lists record each pattern: ones[p, :n_ones[p]]; `extra` all-zero rows follow the
    observed ones (the sampler keeps one for the unobserved people)."""
    m, J = patterns.shape
    n_ones = np.zeros(m + extra, np.int64)
    ones = np.zeros((m + extra, J), np.int64)
    for p in range(m):
        c = 0
        for j in range(J):
            if patterns[p, j] != 0:
                ones[p, c] = j
                c += 1
        n_ones[p] = c
    return ones, n_ones


@nb.njit(cache=True, nogil=True)
def _marginal_loglik(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int | np.int64,
    pi: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
) -> float:
    """sum over observed patterns x of n_x log(P(x) / (1 - P0)): the likelihood with N and the
    labels summed out under the 1/N prior (up to a constant)."""
    m = counts.shape[0]
    K = base.shape[0]
    e = np.empty((m, K))
    mx = np.empty(m)
    tot = np.empty(m)
    _pattern_terms(ones, n_ones, base, dlog, e, mx, tot)
    s = 0.0
    for p in range(m):
        s += counts[p] * (mx[p] + math.log(tot[p]))
    s -= n_obs * _log_seen(pi, logpi, base, 1.0)
    return s
