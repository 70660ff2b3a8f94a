"""The collapsed LCMCR density (`lcmcr.density.collapsed_logpost`) is the exact marginal.

Brute force on a tiny table: sum the joint density p(N, theta, data) over N under the 1/N prior,
the labels summed out through P(x | theta); differences between two parameter values must
match the closed form.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln
from scipy.stats import beta as beta_dist
from scipy.stats import gamma as gamma_dist

from vigil.estimate.lcmcr.density import collapsed_logpost

PATTERNS = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 1, 1]], np.uint8)
COUNTS = np.array([5, 4, 6, 2, 1, 1], np.int64)


def _brute(lam: np.ndarray, v: np.ndarray, alpha: float) -> float:
    K = v.size
    pi = v * np.concatenate([[1.0], np.cumprod(1.0 - v)[:-1]])
    px = np.array([np.sum(pi * np.prod(np.where(x[:, None] == 1, lam, 1.0 - lam), axis=0))
                   for x in PATTERNS])  # fmt: skip
    p0 = float(np.sum(pi * np.prod(1.0 - lam, axis=0)))
    n = int(COUNTS.sum())
    # sum over n0 of (1/N) multinomial(N; n0, n_x) P0^n0 prod P(x)^n_x
    terms = []
    for n0 in range(0, 4_000):
        big_n = n + n0
        terms.append(-math.log(big_n) + gammaln(big_n + 1) - gammaln(n0 + 1)
                     - float(np.sum(gammaln(COUNTS + 1))) + n0 * math.log(p0)
                     + float(COUNTS @ np.log(px)))  # fmt: skip
    t = np.array(terms)
    lik = float(t.max() + math.log(np.exp(t - t.max()).sum()))
    prior = float(gamma_dist.logpdf(alpha, 0.25, scale=1 / 0.25))
    prior += float(np.sum(beta_dist.logpdf(v[: K - 1], 1.0, alpha)))
    return lik + prior


def test_collapsed_density_matches_brute_force_sum_over_n() -> None:
    rng = np.random.default_rng(5)
    vals = []
    for _ in range(4):
        lam = rng.uniform(0.1, 0.7, size=(3, 4))
        v = rng.uniform(0.1, 0.9, size=4)
        v[-1] = 1.0
        alpha = float(rng.uniform(0.3, 2.0))
        pi = v * np.concatenate([[1.0], np.cumprod(1.0 - v)[:-1]])
        seen = 1.0 - float(np.sum(pi * np.prod(1.0 - lam, axis=0)))
        got = collapsed_logpost(PATTERNS, COUNTS, lam, v, alpha, 0.25, 0.25)
        vals.append((got, _brute(lam, v, alpha), got + math.log(seen)))
    # Equal up to one constant (the normalising one): every difference agrees.
    for a, b, _ in vals[1:]:
        assert abs((a - vals[0][0]) - (b - vals[0][1])) < 1e-6, vals
    # The check has power: (1 - P0)^-(n - 1) in place of ^-n (a Jeffreys-like prior) fails it.
    assert max(abs((w - vals[0][2]) - (b - vals[0][1])) for _, b, w in vals[1:]) > 1e-3
