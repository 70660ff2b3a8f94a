"""The triple mode-jumping move: three LCMCR classes at once between two fitted classes plus a
spare and three fitted classes, in the space with N and the labels summed out.

Why: on Colombia the pair jump (`jump.pair_jump`) rarely opens the high mode, since
inserting its two new classes with a third class left as it is still scores far worse: a third
class has to change with them. Same construction as the pair jump (Laplace fits given the
rest, multivariate t proposals, exact Metropolis-Hastings ratio), with n classes' weights in
softmax coordinates z_c = log(w_c / w_last).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.experimental.jump import _MINOR_A, _pi_logdens
from vigil.estimate.lcmcr.experimental.mvt import _chol_solve, _t_draw, _t_logpdf
from vigil.estimate.lcmcr.experimental.pair_fit import (
    _NEWTON_STEPS,
    _damped_cholesky,
    _pair_em,
    _split_start,
)
from vigil.estimate.lcmcr.terms import _TINY, _expit, _log_sigmoid, _logit, _pick_class

_PERMS = np.array([[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]], np.int64)

MultiContext = tuple[
    NDArray[np.int64],  # ones
    NDArray[np.int64],  # n_ones
    NDArray[np.int64],  # counts
    int,  # n_obs
    NDArray[np.float64],  # lrest: log of the other classes' share of each pattern
    float,  # g_rest: their share of the all-zero pattern
    float,  # s: the moved classes' total weight
]


@nb.njit(cache=True, nogil=True)
def _multi_rest(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
    ks: NDArray[np.int64],
    lrest: NDArray[np.float64],
) -> float:
    """log of the unmoved classes' share of each observed pattern (into lrest) and their share
    of the all-zero pattern (returned)."""
    m = lrest.shape[0]
    J, K = lam.shape
    use = np.ones(K, np.bool_)
    for k in ks:
        use[k] = False
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
def _shares(x: NDArray[np.float64], n: int, J: int, u: NDArray[np.float64]) -> None:
    """Shares u_c = softmax(z_0, ..., z_{n-2}, 0)_c of the moved classes."""
    h = 0.0
    for c in range(n - 1):
        h = max(h, x[n * J + c])
    tot = math.exp(-h)
    for c in range(n - 1):
        tot += math.exp(x[n * J + c] - h)
    for c in range(n - 1):
        u[c] = math.exp(x[n * J + c] - h) / tot
    u[n - 1] = math.exp(-h) / tot


@nb.njit(cache=True, nogil=True)
def _multi_obj(
    x: NDArray[np.float64], n: int, ctx: MultiContext, grad: NDArray[np.float64]
) -> float:
    """Negative log density of n classes given the rest (uniform lambdas, flat shares, no stick
    prior: this only centres and scales proposals) and its gradient; x = (logit lambda of each
    class, z_0..z_{n-2})."""
    ones, n_ones, counts, n_obs, lrest, g_rest, s = ctx
    m = counts.shape[0]
    J = ones.shape[1]
    u = np.empty(n)
    _shares(x, n, J, u)
    lw = np.empty(n)
    for c in range(n):
        if not u[c] > 0.0:
            for i in range(grad.shape[0]):
                grad[i] = 0.0
            return np.inf
        lw[c] = math.log(s * u[c])
    for i in range(grad.shape[0]):
        grad[i] = 0.0
    val = 0.0
    lmiss = np.zeros(n)
    for c in range(n):
        for j in range(J):
            xi = x[c * J + j]
            l1 = _log_sigmoid(-xi)
            lmiss[c] += l1
            val += _log_sigmoid(xi) + l1
            grad[c * J + j] += 1.0 - 2.0 * _expit(xi)
    lf = np.empty(n)
    wf = np.empty(n)
    rsum = np.zeros(n)
    for p in range(m):
        h = lrest[p]
        for c in range(n):
            s_ = lw[c] + lmiss[c]
            for t in range(n_ones[p]):
                s_ += x[c * J + ones[p, t]]
            lf[c] = s_
            if s_ > h:
                h = s_
        tot = math.exp(lrest[p] - h) if lrest[p] > -np.inf else 0.0
        for c in range(n):
            wf[c] = math.exp(lf[c] - h)
            tot += wf[c]
        val += counts[p] * (h + math.log(tot))
        for c in range(n):
            r = counts[p] * wf[c] / tot
            if r == 0.0:
                continue
            rsum[c] += r
            for t in range(n_ones[p]):
                grad[c * J + ones[p, t]] += r
    p0 = g_rest
    wg = np.empty(n)  # w_c g_c
    for c in range(n):
        wg[c] = math.exp(lw[c] + lmiss[c])
        p0 += wg[c]
    if not p0 < 1.0:
        for i in range(grad.shape[0]):
            grad[i] = 0.0
        return np.inf
    val -= n_obs * math.log1p(-p0)
    f0 = n_obs / (1.0 - p0)
    for c in range(n):
        a = rsum[c] + f0 * wg[c]
        for j in range(J):
            grad[c * J + j] -= a * _expit(x[c * J + j])
    # Weights: d w_k / d z_c = w_k (delta_kc - u_c); Jacobian sum_k log u_k.
    rtot = 0.0
    wgtot = 0.0
    for c in range(n):
        rtot += rsum[c]
        wgtot += wg[c]
        val += math.log(u[c])
    for c in range(n - 1):
        grad[n * J + c] = (rsum[c] - u[c] * rtot) + f0 * (wg[c] - u[c] * wgtot) + 1.0 - n * u[c]
    for i in range(grad.shape[0]):
        grad[i] = -grad[i]
    return -val


@nb.njit(cache=True, nogil=True)
def _multi_laplace(
    x: NDArray[np.float64], n: int, ctx: MultiContext, chol: NDArray[np.float64]
) -> bool:
    """`pair_fit._pair_laplace` for `_multi_obj`: damped Newton steps, finite-difference
    Hessian; x becomes the last point, chol the Cholesky factor of the Hessian there. Kept as
    its own loop because numba cannot cache a function that takes the objective as an
    argument; the objective-free parts are shared (`_damped_cholesky`, `_split_start`)."""
    d = x.shape[0]
    g = np.empty(d)
    g2 = np.empty(d)
    hess = np.empty((d, d))
    xt = np.empty(d)
    f = _multi_obj(x, n, ctx, g)
    if not math.isfinite(f):
        return False
    last_step = np.inf
    for it in range(_NEWTON_STEPS + 1):
        for i in range(d):
            hs = 1e-4 * max(1.0, abs(x[i]))
            for q in range(d):
                xt[q] = x[q]
            xt[i] = x[i] + hs
            _multi_obj(xt, n, ctx, g2)
            for q in range(d):
                hess[i, q] = g2[q]
            xt[i] = x[i] - hs
            _multi_obj(xt, n, ctx, g2)
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
        f2 = f
        for _ in range(30):
            for q in range(d):
                xt[q] = x[q] - t * step[q]
            f2 = _multi_obj(xt, n, ctx, g2)
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


@nb.njit(cache=True, nogil=True)
def _triple_logq(
    b: NDArray[np.float64],
    J: int,
    modes2: NDArray[np.float64],
    chols2: NDArray[np.float64],
    modes3: NDArray[np.float64],
    chols3: NDArray[np.float64],
) -> float:
    """log density of the triple proposal at b = (logit lambda of the three classes, log(w_0 /
    w_2), log(w_1 / w_2)): an equal mixture over the fits (two classes plus a spare, or three
    classes) and the six ways of assigning their roles to the three classes."""
    n2 = modes2.shape[0]
    n3 = modes3.shape[0]
    terms = np.empty(6 * (n2 + n3))
    lw = -math.log(6.0 * (n2 + n3))
    y = np.empty(3 * J + 2)
    y2 = np.empty(2 * J + 1)
    lwt = np.empty(3)
    i = 0
    for pr in range(6):
        perm = _PERMS[pr]
        lwt[0] = b[3 * J]
        lwt[1] = b[3 * J + 1]
        lwt[2] = 0.0
        for r in range(3):
            for j in range(J):
                y[r * J + j] = b[perm[r] * J + j]
        y[3 * J] = lwt[perm[0]] - lwt[perm[2]]
        y[3 * J + 1] = lwt[perm[1]] - lwt[perm[2]]
        for c in range(n3):
            terms[i] = lw + _t_logpdf(y, modes3[c], chols3[c])
            i += 1
        # Two fitted classes (roles 0 and 1) and a spare (role 2): spare lambdas uniform, its
        # share t of the total Beta(_MINOR_A, 1); (z01, t) -> (y_3J, y_3J+1) has Jacobian t (1 - t).
        a0 = y[3 * J]
        a1 = y[3 * J + 1]
        h = max(0.0, max(a0, a1))
        lt = -h - math.log(math.exp(-h) + math.exp(a0 - h) + math.exp(a1 - h))  # log t
        l1t = math.log1p(-math.exp(lt)) if lt < -1e-12 else -np.inf
        for q in range(2 * J):
            y2[q] = y[q]
        y2[2 * J] = a0 - a1
        extra = math.log(_MINOR_A) + (_MINOR_A - 1.0) * lt + lt + l1t
        for j in range(J):
            extra += _log_sigmoid(y[2 * J + j]) + _log_sigmoid(-y[2 * J + j])
        for c in range(n2):
            terms[i] = lw + _t_logpdf(y2, modes2[c], chols2[c]) + extra
            i += 1
    h = -np.inf
    for q in range(terms.shape[0]):
        h = max(h, terms[q])
    if h == -np.inf:
        return h
    acc = 0.0
    for q in range(terms.shape[0]):
        acc += math.exp(terms[q] - h)
    return h + math.log(acc)


@nb.njit(cache=True, nogil=True)
def _near_weights(K: int) -> NDArray[np.float64]:
    """w[a, c] = 2^-(|c - a| - 1) for c != a, 0 on the diagonal."""
    w = np.zeros((K, K))
    for a in range(K):
        for c in range(K):
            if c != a:
                w[a, c] = 0.5 ** (abs(c - a) - 1)
    return w


@nb.njit(cache=True, nogil=True)
def _triple_sel(
    pi: NDArray[np.float64], ks: NDArray[np.int64], w: NDArray[np.float64], zs: NDArray[np.float64]
) -> float:
    """P(pick the set ks): a class x by its weight, then the other two given x with probability
    w[x, y] w[x, z] / zs[x]."""
    out = 0.0
    for r in range(3):
        x = ks[r]
        y = ks[(r + 1) % 3]
        z = ks[(r + 2) % 3]
        out += pi[x] * w[x, y] * w[x, z] / zs[x]
    return out


@nb.njit(cache=True, nogil=True)
def triple_jump(
    rng: np.random.Generator,
    patterns: NDArray[np.uint8],
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    tops: NDArray[np.int64],
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    pi: NDArray[np.float64],
    alpha: float,
) -> bool:
    """One Metropolis-Hastings jump of three classes at once, targeting `collapsed_logpost`
    (alpha fixed); see `jump.pair_jump` for why that leaves the joint posterior invariant.

    Selection: x by its weight, then an unordered pair {y, z} of the others with probability
    proportional to 2^-(|y - x| - 1) 2^-(|z - x| - 1); the set is put in ascending order, and
    P(set) before and after enters the ratio. Proposal for b = (logit lambda of the three,
    log(w_0 / w_2), log(w_1 / w_2)), independent of b given what the move keeps (the other
    classes, the three's total weight s, the data): an equal mixture over Laplace fits of two
    classes plus a spare (uniform lambdas, share of s Beta(0.1, 1)) and of three classes, each
    started from the people on / off one of the most-recorded lists, and over the six role
    assignments. Rejects outright when a fit fails or the new sticks would round to 1.
    Measured on Colombia from the N = 1,409 state (`bench/estimate.py --sticky 20000 --levels
    1 --jump-every 50 --jump-classes 3`): 4 of 1,612 proposals accepted, 3 of 4 chains above
    N = 1,700 for part of the run (pair jump, same start: 1 of 4); about twice the pair jump's
    cost per move (50 s against 23 s for the whole run).
    """
    m, J = patterns.shape
    K = v.shape[0]
    if K < 3:
        return False
    w = _near_weights(K)
    zs = np.zeros(K)
    for a in range(K):
        for c1 in range(K):
            for c2 in range(c1 + 1, K):
                zs[a] += w[a, c1] * w[a, c2]
    x0 = _pick_class(rng, pi)
    u = rng.random() * zs[x0]
    acc = 0.0
    y0 = -1
    z0 = -1
    for c1 in range(K):
        for c2 in range(c1 + 1, K):
            acc += w[x0, c1] * w[x0, c2]
            if y0 < 0 and u < acc and w[x0, c1] * w[x0, c2] > 0.0:
                y0 = c1
                z0 = c2
    if y0 < 0:
        return False
    ks = np.sort(np.array([x0, y0, z0], np.int64))
    s = pi[ks[0]] + pi[ks[1]] + pi[ks[2]]
    if not s > 1e-8:
        return False
    for r in range(3):
        if not pi[ks[r]] > 0.0:
            return False
        for j in range(J):
            if not 0.0 < lam[j, ks[r]] < 1.0:
                return False
    lrest = np.empty(m)
    g_rest = _multi_rest(ones, n_ones, lam, pi, ks, lrest)
    ctx = (ones, n_ones, counts, n_obs, lrest, g_rest, s)
    n_s = tops.shape[0]
    d2 = 2 * J + 1
    d3 = 3 * J + 2
    modes2 = np.empty((n_s, d2))
    chols2 = np.empty((n_s, d2, d2))
    modes3 = np.zeros((n_s, d3))
    chols3 = np.empty((n_s, d3, d3))
    everyone = np.empty(J)
    for j in range(J):
        tot = 0.0
        for p in range(m):
            if patterns[p, j]:
                tot += counts[p]
        everyone[j] = tot / n_obs
    init2 = np.empty((J, 2))
    init3 = np.empty((J, 3))
    for c in range(n_s):
        _split_start(patterns, counts, tops[c], init2)
        for j in range(J):
            init3[j, 0] = init2[j, 0]
            init3[j, 1] = init2[j, 1]
            init3[j, 2] = min(max(0.1 * everyone[j], 0.005), 0.99)  # a rarely recorded class
        _pair_em(init2, 2, patterns, counts, n_obs, lrest, g_rest, s, modes2[c])
        if not _multi_laplace(modes2[c], 2, ctx, chols2[c]):
            return False
        _pair_em(init3, 3, patterns, counts, n_obs, lrest, g_rest, s, modes3[c])
        if not _multi_laplace(modes3[c], 3, ctx, chols3[c]):
            return False
    b_old = np.empty(d3)
    for r in range(3):
        for j in range(J):
            b_old[r * J + j] = _logit(lam[j, ks[r]])
    b_old[3 * J] = math.log(pi[ks[0]]) - math.log(pi[ks[2]])
    b_old[3 * J + 1] = math.log(pi[ks[1]]) - math.log(pi[ks[2]])
    # Draw: a fit, then a role assignment.
    comp = int(rng.integers(0, 2 * n_s))
    perm = _PERMS[int(rng.integers(0, 6))]
    y = np.empty(d3)
    if comp < n_s:
        _t_draw(rng, modes3[comp], chols3[comp], y)
    else:
        y2 = np.empty(d2)
        _t_draw(rng, modes2[comp - n_s], chols2[comp - n_s], y2)
        for q in range(2 * J):
            y[q] = y2[q]
        for j in range(J):
            xu = rng.random()
            if xu <= 0.0:
                return False
            y[2 * J + j] = _logit(xu)
        t = rng.beta(_MINOR_A, 1.0)
        if not 0.0 < t < 1.0:
            return False
        # shares (1 - t) sigmoid(z01), (1 - t) sigmoid(-z01), t
        y[3 * J] = math.log1p(-t) + _log_sigmoid(y2[2 * J]) - math.log(t)
        y[3 * J + 1] = math.log1p(-t) + _log_sigmoid(-y2[2 * J]) - math.log(t)
    # role r of the fit goes to class slot perm[r]
    b_new = np.empty(d3)
    lwt = np.array([y[3 * J], y[3 * J + 1], 0.0])
    lslot = np.empty(3)
    for r in range(3):
        for j in range(J):
            b_new[perm[r] * J + j] = y[r * J + j]
        lslot[perm[r]] = lwt[r]
    b_new[3 * J] = lslot[0] - lslot[2]
    b_new[3 * J + 1] = lslot[1] - lslot[2]
    un = np.empty(3)
    _shares(b_new, 3, J, un)
    pi_new = pi.copy()
    for r in range(3):
        pi_new[ks[r]] = s * un[r]
        if not pi_new[ks[r]] > 0.0:
            return False
    v_new = np.empty(K)
    tail = 0.0
    for c in range(K - 1, -1, -1):
        tail += pi_new[c]
        if c < K - 1:
            v_new[c] = pi_new[c] / tail
            if not v_new[c] <= 1.0 - 1e-12:
                return False
        else:
            v_new[c] = 1.0
    lam_new = lam.copy()
    for r in range(3):
        for j in range(J):
            lam_new[j, ks[r]] = _expit(b_new[r * J + j])
            if not 0.0 < lam_new[j, ks[r]] < 1.0:
                return False
    uo = np.empty(3)
    _shares(b_old, 3, J, uo)
    jac_old = 0.0
    jac_new = 0.0
    for r in range(3):
        jac_old += math.log(uo[r])
        jac_new += math.log(un[r])
    for q in range(3 * J):
        jac_old += _log_sigmoid(b_old[q]) + _log_sigmoid(-b_old[q])
        jac_new += _log_sigmoid(b_new[q]) + _log_sigmoid(-b_new[q])
    log_a = (
        math.log(_triple_sel(pi_new, ks, w, zs))
        - math.log(_triple_sel(pi, ks, w, zs))
        + _pi_logdens(ones, n_ones, counts, n_obs, lam_new, pi_new, alpha)
        + jac_new
        - _pi_logdens(ones, n_ones, counts, n_obs, lam, pi, alpha)
        - jac_old
        + _triple_logq(b_old, J, modes2, chols2, modes3, chols3)
        - _triple_logq(b_new, J, modes2, chols2, modes3, chols3)
    )
    if not (log_a >= 0.0 or math.log(rng.random()) < log_a):
        return False
    for r in range(3):
        for j in range(J):
            lam[j, ks[r]] = lam_new[j, ks[r]]
    for c in range(K):
        v[c] = v_new[c]
        pi[c] = pi_new[c]
    return True
