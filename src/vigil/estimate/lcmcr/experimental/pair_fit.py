"""Laplace fits of a pair of LCMCR classes given the others, which centre the pair jump's proposals.

With N and the labels summed out, the pair's parameters given everything else have a smooth
density; `jump.pair_jump` needs its modes (one merged class, or two classes) and the
curvature there. EM gives a start, damped Newton steps with a finite-difference Hessian the
mode and scale. The fit depends only on what the move keeps fixed, so it serves both ways.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.experimental.mvt import _chol_solve, _cholesky
from vigil.estimate.lcmcr.terms import _TINY, _expit, _log_sigmoid, _logit

_NEWTON_STEPS = 8  # after EM; the fit need not converge, it only has to be the same both ways

PairContext = tuple[
    NDArray[np.int64],  # ones
    NDArray[np.int64],  # n_ones
    NDArray[np.int64],  # counts
    int,  # n_obs
    NDArray[np.float64],  # lrest: log of the other classes' share of each pattern
    float,  # g_rest: their share of the all-zero pattern
    float,  # s: the pair's total weight
    NDArray[np.float64],  # pis: class weights
    int,  # k1
    int,  # k2
    float,  # alpha
]
"""What a pair fit holds fixed (`_pair_obj`, `_pair_laplace`)."""


@nb.njit(cache=True, nogil=True)
def _pair_rest(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
    k1: int,
    k2: int,
    lrest: NDArray[np.float64],
) -> float:
    """log of the other classes' share of each observed pattern's probability (into lrest) and
    their share of the all-zero pattern (returned): what stays fixed while the pair moves."""
    m = lrest.shape[0]
    J, K = lam.shape
    use = np.ones(K, np.bool_)
    use[k1] = False
    use[k2] = False
    base = np.zeros(K)
    dlog = np.zeros((J, K))
    g = 0.0
    for c in range(K):
        if use[c] and pi[c] > 0.0:
            s = 0.0
            for j in range(J):
                l1 = math.log1p(-min(lam[j, c], 1.0 - 1e-16))
                s += l1
                dlog[j, c] = math.log(max(lam[j, c], _TINY)) - l1
            g += pi[c] * math.exp(s)
            base[c] = math.log(pi[c]) + s
        else:
            use[c] = False
    terms = np.empty(K)
    for p in range(m):
        h = -np.inf
        for c in range(K):
            if use[c]:
                s = base[c]
                for t in range(n_ones[p]):
                    s += dlog[ones[p, t], c]
                terms[c] = s
                h = max(h, s)
        if h == -np.inf:
            lrest[p] = -np.inf
            continue
        tot = 0.0
        for c in range(K):
            if use[c]:
                tot += math.exp(terms[c] - h)
        lrest[p] = h + math.log(tot)
    return g


@nb.njit(cache=True, nogil=True)
def _pair_obj(
    x: NDArray[np.float64], n_cls: int, ctx: PairContext, grad: NDArray[np.float64]
) -> float:
    """Negative log density of the pair given the rest, in logit coordinates, and its gradient.

    x = (logit lambda of class A = k1, [logit lambda of class B = k2, logit of A's share u of
    the pair]); with n_cls = 1, A holds the whole share s and the stick prior is left out (this
    only centres and scales the proposals; the acceptance ratio uses the exact density). `pis`:
    the class weights (those of the pair are ignored)."""
    ones, n_ones, counts, n_obs, lrest, g_rest, s, pis, k1, k2, alpha = ctx
    m = counts.shape[0]
    J = ones.shape[1]
    lw = np.empty(2)
    if n_cls == 2:
        lw[0] = math.log(s) + _log_sigmoid(x[2 * J])
        lw[1] = math.log(s) + _log_sigmoid(-x[2 * J])
    else:
        lw[0] = math.log(s)
    for i in range(grad.shape[0]):
        grad[i] = 0.0
    val = 0.0
    lmiss = np.zeros(2)
    for c in range(n_cls):
        for j in range(J):
            xi = x[c * J + j]
            l1 = _log_sigmoid(-xi)
            lmiss[c] += l1
            val += _log_sigmoid(xi) + l1  # logit Jacobian of the uniform prior
            grad[c * J + j] += 1.0 - 2.0 * _expit(xi)
    lf = np.empty(2)
    wf = np.empty(2)
    rsum = np.zeros(2)  # expected observed people in each class
    du = 0.0  # d/du of the log likelihood (n_cls = 2)
    for p in range(m):
        h = lrest[p]
        for c in range(n_cls):
            s_ = lw[c] + lmiss[c]
            for t in range(n_ones[p]):
                j = ones[p, t]
                s_ += x[c * J + j]  # log lam - log(1 - lam) = logit
            lf[c] = s_
            if s_ > h:
                h = s_
        tot = math.exp(lrest[p] - h) if lrest[p] > -np.inf else 0.0
        for c in range(n_cls):
            wf[c] = math.exp(lf[c] - h)
            tot += wf[c]
        val += counts[p] * (h + math.log(tot))
        for c in range(n_cls):
            r = counts[p] * wf[c] / tot
            if r == 0.0:
                continue
            rsum[c] += r
            for t in range(n_ones[p]):
                grad[c * J + ones[p, t]] += r
        if n_cls == 2:  # d log P / du with w_A = s u, w_B = s (1 - u): s (f_A - f_B) / P
            fa = math.exp(min(lf[0] - lw[0] - h, 700.0))
            fb = math.exp(min(lf[1] - lw[1] - h, 700.0))
            du += counts[p] * s * (fa - fb) / tot
    # -n log(1 - P0), P0 = g_rest + sum_c w_c g_c
    p0 = g_rest
    gc = np.empty(2)
    for c in range(n_cls):
        gc[c] = math.exp(lmiss[c])
        p0 += math.exp(lw[c]) * gc[c]
    if not p0 < 1.0:
        for i in range(grad.shape[0]):
            grad[i] = 0.0
        return np.inf
    val -= n_obs * math.log1p(-p0)
    f0 = n_obs / (1.0 - p0)
    for c in range(n_cls):
        wg = rsum[c] + f0 * math.exp(lw[c]) * gc[c]
        for j in range(J):
            grad[c * J + j] -= wg * _expit(x[c * J + j])
    if n_cls == 2:
        z = x[2 * J]
        u = _expit(z)
        du += f0 * s * (gc[0] - gc[1])
        val += _log_sigmoid(z) + _log_sigmoid(-z)  # Jacobian of u -> logit u
        grad[2 * J] = du * u * (1.0 - u) + 1.0 - 2.0 * u
        # Stick prior in weight coordinates (see `_pi_logdens`) as a function of u.
        K = pis.shape[0]
        dp = s * u * (1.0 - u)
        t_next = 0.0
        dt_next = 0.0
        for c in range(K - 1, -1, -1):
            pc = s * u if c == k1 else (s * (1.0 - u) if c == k2 else pis[c])
            t_c = t_next + pc
            dt_c = dt_next + (dp if c == k1 else (-dp if c == k2 else 0.0))
            if c < K - 1:
                if not (t_c > 0.0 and t_next > 0.0):
                    return np.inf
                val += (alpha - 1.0) * (math.log(t_next) - math.log(t_c)) - math.log(t_c)
                grad[2 * J] += (alpha - 1.0) * (dt_next / t_next - dt_c / t_c) - dt_c / t_c
            t_next = t_c
            dt_next = dt_c
    for i in range(grad.shape[0]):
        grad[i] = -grad[i]
    return -val


@nb.njit(cache=True, nogil=True)
def _pair_em(
    init: NDArray[np.float64],
    n_cls: int,
    patterns: NDArray[np.uint8],
    counts: NDArray[np.int64],
    n_obs: int,
    lrest: NDArray[np.float64],
    g_rest: float,
    s: float,
    x: NDArray[np.float64],
) -> None:
    """EM of the pair's classes with the rest held fixed, from `init` (J, n_cls inclusion
    probabilities, equal shares), the unobserved counted at their expected number; the result
    goes to x in the coordinates of `_pair_obj`. A start for Newton's method."""
    m, J = patterns.shape
    lam = init.copy()
    w = np.full(n_cls, 1.0 / n_cls)
    num = np.empty((J, n_cls))
    den = np.empty(n_cls)
    lf = np.empty(n_cls)
    llam = np.empty((J, n_cls))
    l1lam = np.empty((J, n_cls))
    for _ in range(60):
        for c in range(n_cls):
            den[c] = 0.0
            for j in range(J):
                num[j, c] = 0.0
        for c in range(n_cls):
            for j in range(J):
                llam[j, c] = math.log(lam[j, c])
                l1lam[j, c] = math.log1p(-lam[j, c])
        for p in range(m):
            h = lrest[p]
            for c in range(n_cls):
                t = math.log(s * w[c])
                for j in range(J):
                    t += llam[j, c] if patterns[p, j] else l1lam[j, c]
                lf[c] = t
                if t > h:
                    h = t
            tot = math.exp(lrest[p] - h) if lrest[p] > -np.inf else 0.0
            for c in range(n_cls):
                lf[c] = math.exp(lf[c] - h)
                tot += lf[c]
            for c in range(n_cls):
                r = counts[p] * lf[c] / tot
                den[c] += r
                for j in range(J):
                    if patterns[p, j]:
                        num[j, c] += r
        p0 = g_rest
        gmiss = np.empty(n_cls)
        for c in range(n_cls):
            g = s * w[c]
            for j in range(J):
                g *= 1.0 - lam[j, c]
            gmiss[c] = g
            p0 += g
        n0 = n_obs * p0 / (1.0 - p0)
        tw = 0.0
        for c in range(n_cls):
            den[c] += n0 * gmiss[c] / p0
            tw += den[c]
        for c in range(n_cls):
            for j in range(J):
                lam[j, c] = min(max(num[j, c] / max(den[c], 1e-300), 1e-4), 1.0 - 1e-4)
            w[c] = max(den[c] / tw, 1e-6)
    for c in range(n_cls):
        for j in range(J):
            x[c * J + j] = _logit(lam[j, c])
    if n_cls == 2:
        x[2 * J] = _logit(min(max(w[0], 1e-6), 1.0 - 1e-6))


@nb.njit(cache=True, nogil=True)
def _split_start(
    patterns: NDArray[np.uint8], counts: NDArray[np.int64], js: int, init: NDArray[np.float64]
) -> None:
    """EM's start for two classes split on list js: init[:, 0] and init[:, 1] become each list's
    recording rate among the people on js and among the others (clipped to [0.01, 0.99])."""
    m, J = patterns.shape
    on = 0.0
    off = 0.0
    for j in range(J):
        init[j, 0] = 0.0
        init[j, 1] = 0.0
    for p in range(m):
        if patterns[p, js]:
            on += counts[p]
        else:
            off += counts[p]
        for j in range(J):
            if patterns[p, j]:
                if patterns[p, js]:
                    init[j, 0] += counts[p]
                else:
                    init[j, 1] += counts[p]
    for j in range(J):
        init[j, 0] = min(max(init[j, 0] / max(on, 1.0), 0.01), 0.99)
        init[j, 1] = min(max(init[j, 1] / max(off, 1.0), 0.01), 0.99)


@nb.njit(cache=True, nogil=True)
def _damped_cholesky(hess: NDArray[np.float64], chol: NDArray[np.float64]) -> float:
    """Symmetrise a finite-difference Hessian in place and factor it, adding damping mu (0, then
    1e-3 growing tenfold) until it is positive definite; returns mu, or -1 when 30 tries fail.
    The Newton steps of both Laplace fits (`_pair_laplace`, `triple._multi_laplace`)."""
    d = hess.shape[0]
    for i in range(d):
        for q in range(i):
            a = 0.5 * (hess[i, q] + hess[q, i])
            hess[i, q] = a
            hess[q, i] = a
    mu = 0.0
    for _ in range(30):
        if _cholesky(hess, mu, chol):
            return mu
        mu = 1e-3 if mu == 0.0 else mu * 10.0
    return -1.0


@nb.njit(cache=True, nogil=True)
def _pair_laplace(
    x: NDArray[np.float64], n_cls: int, ctx: PairContext, chol: NDArray[np.float64]
) -> bool:
    """At most _NEWTON_STEPS steps of Newton's method (damped, finite-difference Hessian, line
    search) from x towards the mode of `_pair_obj`; x becomes the last point and chol the lower
    Cholesky factor of the (damped) Hessian there. False when no damping makes it positive
    definite (the move is then rejected: the fit depends only on what the move keeps fixed)."""
    d = x.shape[0]
    g = np.empty(d)
    g2 = np.empty(d)
    hess = np.empty((d, d))
    xt = np.empty(d)
    f = _pair_obj(x, n_cls, ctx, g)
    if not math.isfinite(f):
        return False
    last_step = np.inf
    for it in range(_NEWTON_STEPS + 1):
        # Hessian by central differences of the gradient
        for i in range(d):
            hs = 1e-4 * max(1.0, abs(x[i]))
            for q in range(d):
                xt[q] = x[q]
            xt[i] = x[i] + hs
            _pair_obj(xt, n_cls, ctx, g2)
            for q in range(d):
                hess[i, q] = g2[q]
            xt[i] = x[i] - hs
            _pair_obj(xt, n_cls, ctx, g2)
            for q in range(d):
                hess[i, q] = (hess[i, q] - g2[q]) / (2.0 * hs)
        mu = _damped_cholesky(hess, chol)
        if mu < 0.0:
            return False
        if it == _NEWTON_STEPS or (it > 0 and mu == 0.0 and last_step < 1e-6):
            return True
        step = _chol_solve(chol, g)
        t = 1.0
        improved = False
        for _ in range(30):
            for q in range(d):
                xt[q] = x[q] - t * step[q]
            f2 = _pair_obj(xt, n_cls, ctx, g2)
            if f2 <= f:
                improved = True
                break
            t *= 0.5
        if not improved:
            return True
        last_step = 0.0
        for q in range(d):
            last_step = max(last_step, abs(x[q] - xt[q]))
            x[q] = xt[q]
            g[q] = g2[q]
        f = f2
    return False
