"""The pair mode-jumping move (experimental, off by default: `LcmcrSettings.jump_every`).

`pair_jump` targets the collapsed posterior (`lcmcr.density.collapsed_logpost`, here in the
coordinates of `_pi_logdens`): an optional move of the sweep (`experimental.kernel.run_ladder`)
that jumps two classes at once between a merged and a split configuration.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.experimental.mvt import _t_draw, _t_logpdf
from vigil.estimate.lcmcr.experimental.pair_fit import (
    _pair_em,
    _pair_laplace,
    _pair_rest,
    _split_start,
)
from vigil.estimate.lcmcr.terms import (
    _TINY,
    _expit,
    _list_terms,
    _log_sigmoid,
    _logit,
    _marginal_loglik,
    _pick_class,
)

_MINOR_A = 0.1  # the minor class's share of the pair is Beta(_MINOR_A, 1) in the merge component


@nb.njit(cache=True, nogil=True)
def _pi_logdens(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
    alpha: float,
) -> float:
    """`collapsed_logpost` in the coordinates (lambda, class weights) instead of the sticks:
    the stick prior times |d sticks / d weights| = prod over k < K - 1 of 1 / tail_k, with
    log(1 - V_k) = log tail_k+1 - log tail_k (accurate for small tails). alpha's prior is left
    out (alpha is held fixed by the moves that use this)."""
    J, K = lam.shape
    logpi = np.empty(K)
    base = np.empty(K)
    dlog = np.empty((J, K))
    for k in range(K):
        logpi[k] = math.log(max(pi[k], _TINY))
    _list_terms(lam, logpi, base, dlog)
    out = _marginal_loglik(ones, n_ones, counts, n_obs, pi, logpi, base, dlog)
    tail_next = pi[K - 1]
    for k in range(K - 2, -1, -1):
        tail = tail_next + pi[k]
        out += math.log(alpha) + (alpha - 1.0) * (math.log(tail_next) - math.log(tail))
        out -= math.log(tail)
        tail_next = tail
    return out


@nb.njit(cache=True, nogil=True)
def _pair_logq(
    b: NDArray[np.float64],
    J: int,
    mode_m: NDArray[np.float64],
    chol_m: NDArray[np.float64],
    modes_s: NDArray[np.float64],
    chols_s: NDArray[np.float64],
    sw: NDArray[np.float64],
) -> float:
    """log density of the pair proposal at b = (logit lambda_k1, logit lambda_k2, log(pi_k1 /
    pi_k2)): an equal mixture of the merge component and the split components, each with the
    two classes' roles either way round (probability 1/2 each)."""
    n_s = modes_s.shape[0]
    n_c = 1 + n_s
    terms = np.empty(2 * n_c)
    d = 2 * J + 1
    for i in range(J):
        sw[i] = b[J + i]
        sw[J + i] = b[i]
    sw[2 * J] = -b[2 * J]
    lw = math.log(0.5 / n_c)
    i = 0
    for side in range(2):
        x = b if side == 0 else sw
        # merge: class "A" holds all but a Beta(_MINOR_A, 1) share t = sigmoid(-z); the other
        # class's lambdas are uniform (density lambda (1 - lambda) in logit coordinates)
        z = x[2 * J]
        t = lw + _t_logpdf(x[:J], mode_m, chol_m)
        for j in range(J):
            t += _log_sigmoid(x[J + j]) + _log_sigmoid(-x[J + j])
        t += math.log(_MINOR_A) + _MINOR_A * _log_sigmoid(-z) + _log_sigmoid(z)
        terms[i] = t
        i += 1
        for c in range(n_s):
            terms[i] = lw + _t_logpdf(x[:d], modes_s[c], chols_s[c])
            i += 1
    h = -np.inf
    for q in range(terms.shape[0]):
        h = max(h, terms[q])
    acc = 0.0
    for q in range(terms.shape[0]):
        acc += math.exp(terms[q] - h)
    return h + math.log(acc)


@nb.njit(cache=True, nogil=True)
def pair_jump(
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
    """One Metropolis-Hastings jump of two classes at once, in the space with N and every label
    summed out: the move that takes Colombia's chains out of the state with one class fewer.

    Why: there, leaving that state means a new class and some 700 more unobserved people at
    once; the Gibbs sampler, which holds n0 and the labels, cannot take that step, but with
    them summed out the merged and the split configurations are two modes of a smooth density
    over theta = (lambda, weights), and a proposal fitted to each can jump between them.

    Target: p(theta | data) (`collapsed_logpost`), which under the 1/N prior is the exact
    marginal of the LCMCR posterior; any Metropolis-Hastings move that leaves it invariant,
    followed by the usual exact Gibbs draws of the labels and n0 given theta, leaves the joint
    posterior invariant (the draws of labels and n0 come from their conditional given theta,
    so (theta, labels, n0) keeps the joint law). alpha is held fixed.

    Move: a pair {k1, k2} is picked by k1 with probability pi_k1 and k2 near it (weight
    2^-(|k2 - k1| - 1)); the ratio of the probabilities of picking the pair after and before
    enters the acceptance ratio. The pair's parameters b = (logit lambda_k1, logit lambda_k2,
    log(pi_k1 / pi_k2)) get an independence proposal given everything the move keeps (the
    other classes, s, the data): an equal mixture of a "merge" component (one class holding
    nearly all of s, its lambdas from a multivariate t around the mode of the one-class fit,
    the other class's lambdas uniform and its share Beta(0.1, 1)) and "split" components (two
    classes, multivariate t around the mode of the two-class fit started from the people on /
    not on each of the most-recorded lists), each with the roles of k1 and k2 either way.
    Modes by EM then Newton's method on the pair given the rest; scales from the Hessian.
    As the proposal depends only on what the move keeps, the same mixture serves the reverse
    move, and the acceptance ratio is p(b') q(b) / (p(b) q(b')), p the target in these
    coordinates (`_pi_logdens` times the Jacobians of the logits). Rejects outright (which
    keeps the chain where it is) when a fit fails, or when the new sticks would round to 1.
    Cost on Colombia (20 lists): about 14 ms, some 400 plain sweeps (EM and up to
    _NEWTON_STEPS Newton steps with finite-difference Hessians for each of the four fits).
    Measured there from the state where chains stick: about 1 proposal in 60 is accepted, nearly
    all of them reshuffling the two big classes, and a split that opens the high mode only once
    in several hundred proposals (a pair is not enough: a third class has to move with them).
    """
    m, J = patterns.shape
    K = v.shape[0]
    if K < 2:
        return False
    k1 = _pick_class(rng, pi)
    # k2 near k1 (weight 2^-(distance - 1)): the stick prior makes a heavy class far down the
    # order improbable, so a split into a distant empty class is rarely accepted.
    zsum = np.zeros(K)
    for a in range(K):
        for c in range(K):
            if c != a:
                zsum[a] += 0.5 ** (abs(c - a) - 1)
    u = rng.random() * zsum[k1]
    k2 = -1
    acc = 0.0
    for c in range(K):
        if c != k1:
            acc += 0.5 ** (abs(c - k1) - 1)
            if u < acc:
                k2 = c
                break
    if k2 < 0:
        k2 = K - 1 if k1 != K - 1 else K - 2
    s = pi[k1] + pi[k2]
    if not (s > 1e-8 and pi[k1] > 0.0 and pi[k2] > 0.0):
        return False
    for j in range(J):
        if not (0.0 < lam[j, k1] < 1.0 and 0.0 < lam[j, k2] < 1.0):
            return False
    lrest = np.empty(m)
    g_rest = _pair_rest(ones, n_ones, lam, pi, k1, k2, lrest)
    ctx = (ones, n_ones, counts, n_obs, lrest, g_rest, s, pi, k1, k2, alpha)
    # Starting profiles from the data: everyone, and the people on / not on each top list.
    n_s = tops.shape[0]
    d = 2 * J + 1
    init = np.empty((J, 2))
    mode_m = np.empty(J)
    chol_m = np.empty((J, J))
    modes_s = np.empty((n_s, d))
    chols_s = np.empty((n_s, d, d))
    for j in range(J):
        tot = 0.0
        for p in range(m):
            if patterns[p, j]:
                tot += counts[p]
        init[j, 0] = min(max(tot / n_obs, 0.01), 0.99)
    _pair_em(init[:, :1].copy(), 1, patterns, counts, n_obs, lrest, g_rest, s, mode_m)
    if not _pair_laplace(mode_m, 1, ctx, chol_m):
        return False
    for c in range(n_s):
        _split_start(patterns, counts, tops[c], init)
        _pair_em(init, 2, patterns, counts, n_obs, lrest, g_rest, s, modes_s[c])
        if not _pair_laplace(modes_s[c], 2, ctx, chols_s[c]):
            return False
    # Current and proposed pair parameters.
    b_old = np.empty(d)
    for j in range(J):
        b_old[j] = _logit(lam[j, k1])
        b_old[J + j] = _logit(lam[j, k2])
    b_old[2 * J] = math.log(pi[k1]) - math.log(pi[k2])
    b_new = np.empty(d)
    comp = int(rng.integers(0, 1 + n_s))
    if comp == 0:
        _t_draw(rng, mode_m, chol_m, b_new[:J])
        for j in range(J):
            x = rng.random()
            if x <= 0.0:
                return False
            b_new[J + j] = _logit(x)
        t = rng.beta(_MINOR_A, 1.0)
        if not 0.0 < t < 1.0:
            return False
        b_new[2 * J] = math.log1p(-t) - math.log(t)
    else:
        _t_draw(rng, modes_s[comp - 1], chols_s[comp - 1], b_new)
    if rng.random() < 0.5:
        for j in range(J):
            x = b_new[j]
            b_new[j] = b_new[J + j]
            b_new[J + j] = x
        b_new[2 * J] = -b_new[2 * J]
    # New state of the pair (weights from log(pi_k1 / pi_k2) = z and their sum s).
    z = b_new[2 * J]
    pi_new = pi.copy()
    pi_new[k1] = s * math.exp(_log_sigmoid(z))
    pi_new[k2] = s * math.exp(_log_sigmoid(-z))
    if not (pi_new[k1] > 0.0 and pi_new[k2] > 0.0):
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
    for j in range(J):
        lam_new[j, k1] = _expit(b_new[j])
        lam_new[j, k2] = _expit(b_new[J + j])
        if not (0.0 < lam_new[j, k1] < 1.0 and 0.0 < lam_new[j, k2] < 1.0):
            return False
    jac_old = _log_sigmoid(b_old[2 * J]) + _log_sigmoid(-b_old[2 * J])
    jac_new = _log_sigmoid(z) + _log_sigmoid(-z)
    for j in range(d - 1):
        jac_old += _log_sigmoid(b_old[j]) + _log_sigmoid(-b_old[j])
        jac_new += _log_sigmoid(b_new[j]) + _log_sigmoid(-b_new[j])
    sw = np.empty(d)
    # P(pick the pair) = w (pi_k1 / zsum_k1 + pi_k2 / zsum_k2): its ratio enters the acceptance.
    sel_old = pi[k1] / zsum[k1] + pi[k2] / zsum[k2]
    sel_new = pi_new[k1] / zsum[k1] + pi_new[k2] / zsum[k2]
    log_a = (
        math.log(sel_new)
        - math.log(sel_old)
        + _pi_logdens(ones, n_ones, counts, n_obs, lam_new, pi_new, alpha)
        + jac_new
        - _pi_logdens(ones, n_ones, counts, n_obs, lam, pi, alpha)
        - jac_old
        + _pair_logq(b_old, J, mode_m, chol_m, modes_s, chols_s, sw)
        - _pair_logq(b_new, J, mode_m, chol_m, modes_s, chols_s, sw)
    )
    if not (log_a >= 0.0 or math.log(rng.random()) < log_a):
        return False
    for j in range(J):
        lam[j, k1] = lam_new[j, k1]
        lam[j, k2] = lam_new[j, k2]
    for c in range(K):
        v[c] = v_new[c]
        pi[c] = pi_new[c]
    return True
