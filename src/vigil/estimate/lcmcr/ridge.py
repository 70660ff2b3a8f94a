"""The LCMCR ridge move: a Metropolis-Hastings step along the ridge that traps the Gibbs sampler.

Kept apart from the sweep (`kernel`) because it is a self-contained, optional move with
its own derivation; it reads and updates the sweep's cached pattern terms (`terms`).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.draws import below
from vigil.estimate.lcmcr.terms import _expit, _logit, _pick_class


@nb.njit(cache=True, nogil=True)
def ridge_move(
    rng: np.random.Generator,
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int | np.int64,
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    alpha: float,
    pi: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
    e: NDArray[np.float64],
    mx: NDArray[np.float64],
    tot: NDArray[np.float64],
    scratch: NDArray[np.float64],
    v_new: NDArray[np.float64],
    scales: NDArray[np.float64],
    b: float = 1.0,
) -> bool:
    """One Metropolis-Hastings move along the ridge that traps the Gibbs sampler.

    Why: with many lists, a class of people whom every list rarely records can hold many or
    few unobserved people with almost the same fit to the observed table; the Gibbs sampler
    moves along that ridge only through the imputed unobserved count, a small step per sweep,
    so chains sit in one mode for 10^5 sweeps. This move shifts all of one class's inclusion
    probabilities by a common amount on the logit scale and changes the class weight so that
    the share of the observed people it explains stays put (plus noise): one step along the
    ridge.

    It targets p(lambda, pi | alpha, data) with N and the class labels summed out, which under
    the 1/N prior is the prior times prod_x (P(x) / (1 - pi0))^n_x, so a sweep made of these
    moves and the Gibbs updates still leaves the LCMCR posterior unchanged. The class is picked
    with probability pi_k; the other weights are rescaled in proportion. In the coordinates
    (logit lambda_.k, logit pi_k, proportions of the other classes) the proposal is a
    volume-preserving shear plus symmetric noise, so the acceptance ratio is the ratio of the
    target densities in those coordinates (Jacobians of lambda -> logit, of the sticks ->
    weights, of the weights -> (logit pi_k, proportions)) times the ratio of the selection
    probabilities. On acceptance every cached term (pi, logpi, base, dlog, e, tot) is updated.

    At a tempered level b < 1 (`run_ladder`) the same argument holds with 1 - pi0 replaced by
    1 - q_b, q_b = sum_k pi_k (prod_j (1 - lambda_jk))^b: only the chance of being seen by
    some list is computed with the power b.
    """
    J, K = lam.shape
    m = counts.shape[0]
    k = _pick_class(rng, pi)
    pk = pi[k]
    if not 0.0 < pk < 1.0:
        return False
    scale = scales[below(rng, scales.shape[0])]
    delta = scale * rng.standard_normal()
    eta = 0.25 * scale * rng.standard_normal()
    # scratch[0, :] new lambdas of class k, scratch[1, :] their log odds.
    log_jac = 0.0
    miss_old = 0.0
    miss_new = 0.0
    for j in range(J):
        lo = lam[j, k]
        ln = _expit(_logit(lo) + delta)
        if not 0.0 < ln < 1.0:
            return False
        scratch[0, j] = ln
        l1 = math.log1p(-ln)
        scratch[1, j] = math.log(ln) - l1
        log_jac += math.log(ln) + l1 - math.log(lo) - math.log1p(-lo)
        miss_old += math.log1p(-lo)
        miss_new += l1
    seen_old = -math.expm1(b * miss_old)
    seen_new = -math.expm1(b * miss_new)
    if not (seen_old > 0.0 and seen_new > 0.0):
        return False
    pk_new = _expit(_logit(pk) + math.log(seen_old) - math.log(seen_new) + eta)
    if not 0.0 < pk_new < 1.0:
        return False
    log_r = math.log1p(-pk_new) - math.log1p(-pk)
    r = math.exp(log_r)
    # Sticks of the new weights, from suffix sums (accurate when the tail is small).
    log_prior = 0.0
    tail_old = 0.0
    tail_new = 0.0
    for c in range(K - 1, -1, -1):
        pc_new = pk_new if c == k else pi[c] * r
        tail_old += pi[c]
        tail_new += pc_new
        if c < K - 1:
            vn = pc_new / tail_new
            if not 0.0 < vn < 1.0:
                return False
            v_new[c] = vn
            # Beta(1, alpha) prior of the stick, and the Jacobian sticks -> weights.
            log_prior += (alpha - 1.0) * (math.log1p(-vn) - math.log1p(-v[c]))
            log_prior -= math.log(tail_new) - math.log(tail_old)
        else:
            v_new[c] = 1.0
    # Weights -> (logit pi_k, proportions of the others), and the selection probabilities.
    log_prior += (K - 1.0) * log_r + 2.0 * (math.log(pk_new) - math.log(pk))
    # Observed-data likelihood: sum_x n_x [log P(x) - log(1 - pi0)].
    base_k_new = math.log(pk_new) + miss_new
    seen_rest = 0.0
    for c in range(K):
        if c != k:
            seen_rest += pi[c] * -math.expm1(b * (base[c] - logpi[c]))
    loglik = -n_obs * (
        math.log(pk_new * seen_new + r * seen_rest) - math.log(pk * seen_old + seen_rest)
    )
    for p in range(m):
        s_new = base_k_new - mx[p]
        for t in range(n_ones[p]):
            s_new += scratch[1, ones[p, t]]
        ek = e[p, k]
        rest = tot[p] - ek
        if ek > 0.5 * tot[p]:  # avoid cancellation: add the other classes up again
            rest = 0.0
            for c in range(K):
                if c != k:
                    rest += e[p, c]
        e_new = math.exp(s_new)
        scratch[2, p] = e_new
        loglik += counts[p] * (math.log(rest * r + e_new) - math.log(tot[p]))
    log_acc = loglik + log_prior + log_jac
    if not (log_acc >= 0.0 or math.log(rng.random()) < log_acc):
        return False
    for c in range(K):
        v[c] = v_new[c]
        if c != k:
            pi[c] *= r
            logpi[c] += log_r
            base[c] += log_r
    pi[k] = pk_new
    logpi[k] = math.log(pk_new)
    base[k] = base_k_new
    for j in range(J):
        lam[j, k] = scratch[0, j]
        dlog[j, k] = scratch[1, j]
    for p in range(m):
        total = 0.0
        for c in range(K):
            if c == k:
                e[p, c] = scratch[2, p]
            else:
                e[p, c] *= r
            total += e[p, c]
        if not 1e-150 < total < 1e150:  # keep the row in range
            f = 1.0 / total
            for c in range(K):
                e[p, c] *= f
            mx[p] += math.log(total)
            total = 1.0
        tot[p] = total
    return True
