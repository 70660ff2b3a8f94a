"""The collapsed LCMCR posterior density, with N and every label summed out.

`collapsed_logpost` compares states of different chains on one scale: the sampler
(`sampler.sample_chains`) uses it to choose among candidate starts and to report each chain's
density; the experimental mode-jumping moves (`experimental.jump`) target the same density
through the compiled `terms._marginal_loglik`. It is plain numpy: the sampler calls it from
Python a few dozen times per chain, so compiling it would only lengthen a fresh machine's first
estimate (about 1 s of numba compile time).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

_TINY = 1e-300


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
    rest = np.concatenate([[1.0], np.cumprod(1.0 - v)[:-1]])
    pi = v * rest  # class weights from the sticks, as `terms._class_terms`
    logpi = np.log(np.maximum(pi, _TINY))
    miss = np.log(np.maximum(1.0 - lam, _TINY))  # (J, K)
    base = logpi + miss.sum(axis=0)  # log P(nobody records, class k)
    dlog = np.log(np.maximum(lam, _TINY)) - miss
    s = base + patterns.astype(np.float64) @ dlog  # log P(x_p, class k), (patterns, K)
    mx = s.max(axis=1)
    log_px = mx + np.log(np.exp(s - mx[:, None]).sum(axis=1))
    seen = float(np.sum(pi * -np.expm1(base - logpi)))  # 1 - P0
    n_obs = int(counts.sum())
    out = float(counts @ log_px) - n_obs * np.log(max(seen, _TINY))
    # Priors: Gamma(a, b) on alpha, Beta(1, alpha) on the K - 1 free sticks.
    out += (a_alpha - 1.0) * np.log(alpha) - b_alpha * alpha
    free = np.minimum(v[:-1], 1.0 - 1e-12)
    out += float(np.sum(np.log(alpha) + (alpha - 1.0) * np.log1p(-free)))
    return float(out)
