"""The collapsed LCMCR posterior density, with N and every label summed out.

`collapsed_logpost` compares states of different chains on one scale: the sampler
(`sampler.sample_chains`) uses it to choose among candidate starts and to report each chain's
density; the experimental mode-jumping moves (`experimental.jump`) target it.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.terms import _class_terms, _marginal_loglik, _sparse_rows


@nb.njit(cache=True, nogil=True)
def collapsed_logpost(
    patterns: NDArray[np.uint8],
    counts: NDArray[np.int64],
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    alpha: float,
    a_alpha: float,
    b_alpha: float,
) -> float:
    """log p(lambda, sticks, alpha | data) up to a constant, with N and every label summed out.

    Under the 1/N prior, sum over n0 of (1/N) N! / (n0! prod n_x!) P0^n0 prod P(x)^n_x is
    (n - 1)! / prod n_x! prod P(x)^n_x (1 - P0)^-n, so the density is the prior (Beta(1, 1)
    inclusion probabilities, Beta(1, alpha) sticks, Gamma(a, b) alpha) times prod over the
    observed patterns of (P(x) / (1 - P0))^n_x, P(x) = sum_k pi_k prod_j lambda_jk^x_j
    (1 - lambda_jk)^(1 - x_j), P0 = P(nobody records). It compares states of different chains
    on one scale: the Gibbs sampler cannot, since it moves in the space augmented with n0 and
    the labels, where a state can trap it although its marginal density is far lower. Cost
    O(patterns x classes x lists).
    """
    J = patterns.shape[1]
    K = v.shape[0]
    pi = np.empty(K)
    logpi = np.empty(K)
    base = np.empty(K)
    dlog = np.empty((J, K))
    _class_terms(lam, v, pi, logpi, base, dlog)
    ones, n_ones = _sparse_rows(patterns, np.int64(0))
    n_obs = np.int64(0)  # a loop, not counts.sum(): that would compile numpy's reduction too
    for p in range(counts.shape[0]):
        n_obs += counts[p]
    s = _marginal_loglik(ones, n_ones, counts, n_obs, pi, logpi, base, dlog)
    # Priors: Gamma(a, b) on alpha, Beta(1, alpha) on the K - 1 free sticks.
    s += (a_alpha - 1.0) * math.log(alpha) - b_alpha * alpha
    for k in range(K - 1):
        s += math.log(alpha) + (alpha - 1.0) * math.log1p(-min(v[k], 1.0 - 1e-12))
    return s
