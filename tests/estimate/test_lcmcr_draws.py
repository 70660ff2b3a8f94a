"""The LCMCR sweep's own random draws (`lcmcr.draws`) follow their target distributions.

Each sampler is compared with scipy's distribution at a fixed seed: a Kolmogorov-Smirnov test
(for the discrete ones on the draws plus an independent uniform, which makes them continuous
with a known CDF) and the mean and variance against the exact ones. The parameters cover
every branch (shapes below and above 1, binomial means below and above the inversion limit,
p on both sides of 1/2, Poisson means below and above 16). The tolerances fail for a swapped
shape/scale, an off-by-one in a count or a biased branch (checked below on such mistakes).
"""

from __future__ import annotations

from collections.abc import Callable

import numba as nb
import numpy as np
import pytest
import scipy.stats as st

from vigil.estimate.lcmcr.draws import below, beta, binomial, poisson, std_gamma

N = 40_000


@nb.njit(cache=False)
def _gammas(rng: np.random.Generator, a: float, n: int) -> np.ndarray:
    out = np.empty(n)
    for i in range(n):
        out[i] = std_gamma(rng, a)
    return out


@nb.njit(cache=False)
def _betas(rng: np.random.Generator, a: float, b: float, n: int) -> np.ndarray:
    out = np.empty(n)
    for i in range(n):
        out[i] = beta(rng, a, b)
    return out


@nb.njit(cache=False)
def _binomials(rng: np.random.Generator, m: int, p: float, n: int) -> np.ndarray:
    out = np.empty(n, np.int64)
    for i in range(n):
        out[i] = binomial(rng, m, p)
    return out


@nb.njit(cache=False)
def _poissons(rng: np.random.Generator, mu: float, n: int) -> np.ndarray:
    out = np.empty(n, np.int64)
    for i in range(n):
        out[i] = poisson(rng, mu)
    return out


@nb.njit(cache=False)
def _belows(rng: np.random.Generator, m: int, n: int) -> np.ndarray:
    out = np.empty(n, np.int64)
    for i in range(n):
        out[i] = below(rng, m)
    return out


def _discrete_ks(x: np.ndarray, dist: st.rv_discrete, rng: np.random.Generator) -> float:
    """KS p-value of integer draws: x + U has the continuous CDF F(k - 1) + f(k) (y - k)."""
    y = x + rng.random(x.size)

    def cdf(t: np.ndarray) -> np.ndarray:
        k = np.floor(t)
        return dist.cdf(k - 1) + dist.pmf(k) * (t - k)

    return float(st.kstest(y, cdf).pvalue)


def _moments_ok(x: np.ndarray, mean: float, var: float) -> bool:
    """Sample mean within 5 standard errors, sample variance within 5% (N = 40,000)."""
    return abs(x.mean() - mean) < 5 * np.sqrt(var / x.size) and abs(x.var() / var - 1) < 0.05


@pytest.mark.parametrize("a", [0.05, 0.3, 1.0, 2.5, 14.25, 4_400.0])
def test_gamma(a: float) -> None:
    x = _gammas(np.random.default_rng(1), a, N)
    assert st.kstest(x, st.gamma(a).cdf).pvalue > 1e-3
    assert _moments_ok(x, a, a)


@pytest.mark.parametrize(
    ("a", "b"), [(1.0, 1.0), (1.0, 0.3), (0.3, 0.6), (2.0, 0.5), (5.0, 2.0), (1_500.0, 2_000.0)]
)
def test_beta(a: float, b: float) -> None:
    x = _betas(np.random.default_rng(2), a, b, N)
    d = st.beta(a, b)
    assert st.kstest(x, d.cdf).pvalue > 1e-3
    assert _moments_ok(x, float(d.mean()), float(d.var()))


@pytest.mark.parametrize(
    ("m", "p"),
    [(0, 0.4), (7, 0.0), (7, 1.0), (34, 0.95), (200, 0.3), (3_000, 0.4), (5_000, 0.999),
     (20_000, 0.02), (100_000, 0.5)],
)  # fmt: skip
def test_binomial(m: int, p: float) -> None:
    rng = np.random.default_rng(3)
    x = _binomials(rng, m, p, N)
    d = st.binom(m, p)
    assert x.min() >= 0 and x.max() <= m
    if 0.0 < p < 1.0 and m > 0:
        assert _discrete_ks(x, d, rng) > 1e-3
        assert _moments_ok(x, m * p, m * p * (1 - p))
    else:
        assert np.all(x == round(m * p))


@pytest.mark.parametrize("mu", [0.5, 15.9, 16.1, 40.0, 6_000.0])
def test_poisson(mu: float) -> None:
    rng = np.random.default_rng(4)
    x = _poissons(rng, mu, N)
    assert _discrete_ks(x, st.poisson(mu), rng) > 1e-3
    assert _moments_ok(x, mu, mu)


def test_below_is_uniform() -> None:
    x = _belows(np.random.default_rng(5), 7, N)
    counts = np.bincount(x, minlength=7)
    assert counts.size == 7
    assert st.chisquare(counts).pvalue > 1e-3


@pytest.mark.parametrize(
    ("wrong", "dist"),
    [
        (lambda r: _gammas(r, 2.5, N) * 1.05, st.gamma(2.5)),  # scale 5% off
        (lambda r: _gammas(r, 2.7, N), st.gamma(2.5)),  # shape off by 0.2
        (lambda r: _betas(r, 5.0, 2.0, N), st.beta(2.0, 5.0)),  # shapes swapped
        (lambda r: _binomials(r, 3_000, 0.4, N) + 1, st.binom(3_000, 0.4)),  # off by one
        (lambda r: _poissons(r, 40.0, N) + 1, st.poisson(40.0)),  # off by one
    ],
)
def test_the_checks_have_power(
    wrong: Callable[[np.random.Generator], np.ndarray], dist: st.rv_frozen
) -> None:
    """The same checks reject draws from a mistaken parametrisation."""
    rng = np.random.default_rng(6)
    x = wrong(rng)
    if isinstance(dist.dist, st.rv_discrete):
        p = _discrete_ks(x, dist, rng)
    else:
        p = float(st.kstest(x, dist.cdf).pvalue)
    assert p < 1e-6 or not _moments_ok(x, float(dist.mean()), float(dist.var()))
