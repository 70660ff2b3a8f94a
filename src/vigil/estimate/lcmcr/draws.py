"""Random draws of the LCMCR sweep, built on uniform and normal draws (written for Vigil).

Why not numpy's own `Generator.gamma`, `beta`, `poisson`, `binomial` and `integers` inside the
compiled code: numba compiles each of them, with the chain of helpers under it, as separate
functions that every caller links and optimises again; on a fresh machine that was about a
third of the first estimate's compile time. These are the standard exact algorithms, on top of
`Generator.random` and `Generator.standard_normal` only; each is checked against its target
distribution in tests/estimate/test_lcmcr_draws.py.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np


@nb.njit(cache=True, nogil=True, inline="always")
def below(rng: np.random.Generator, n: int | np.int64) -> int:
    """Uniform integer in 0 .. n - 1 (n >= 1), from one uniform: floor(U n), bias below n 2^-53."""
    return int(min(int(rng.random() * n), n - 1))


@nb.njit(cache=True, nogil=True)
def std_gamma(rng: np.random.Generator, a: float) -> float:
    """Gamma(a, 1) for a > 0: Marsaglia & Tsang (2000, ACM TOMS 26:363) for a >= 1, and for
    a < 1 Gamma(a + 1) U^(1/a) (Stuart's theorem). About 1.02 normal draws per value."""
    boost = 1.0
    if a < 1.0:
        boost = rng.random() ** (1.0 / a)
        a += 1.0
    d = a - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = rng.standard_normal()
        t = 1.0 + c * x
        if t <= 0.0:
            continue
        v = t * t * t
        u = rng.random()
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:  # squeeze: accepts most draws without a log
            return d * v * boost
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v * boost


@nb.njit(cache=True, nogil=True)
def beta(rng: np.random.Generator, a: float, b: float) -> float:
    """Beta(a, b) as X / (X + Y), X ~ Gamma(a), Y ~ Gamma(b). When both shapes are below 1 both
    gammas can underflow to 0, so the ratio is then taken in logs."""
    if a < 1.0 and b < 1.0:
        lx = math.log(std_gamma(rng, a + 1.0)) + math.log(rng.random()) / a
        ly = math.log(std_gamma(rng, b + 1.0)) + math.log(rng.random()) / b
        if lx == -math.inf:
            return 0.0
        return 1.0 / (1.0 + math.exp(ly - lx))
    x = std_gamma(rng, a)
    return x / (x + std_gamma(rng, b))


@nb.njit(cache=True, nogil=True)
def binomial(rng: np.random.Generator, n: int | np.int64, p: float) -> int:
    """Binomial(n, p), exact. Mean below 12: inversion from one uniform, walking the pmf from
    0 with f(x+1) = f(x) (n-x)/(x+1) p/q, O(mean). Above: order statistics (Devroye 1986,
    "Non-Uniform Random Variate Generation", X.4): the count of n uniforms below p. The i-th
    smallest, i near np, is X ~ Beta(i, n + 1 - i); given X the others are uniform below and
    above it, so if X <= p the count is i + Binomial(n - i, (p - X) / (1 - X)), else
    Binomial(i - 1, p / X). Each step leaves a mean of order sqrt(npq), so two or three steps
    reach the inversion."""
    x = 0
    nn = int(n)
    while True:
        flip = p > 0.5
        pp = 1.0 - p if flip else p
        if nn * pp < 12.0:
            break
        i = min(max(int((nn + 1) * p), 1), nn)
        t = beta(rng, float(i), float(nn + 1 - i))
        if t <= p:
            x += i
            nn -= i
            p = (p - t) / (1.0 - t)
        else:
            nn = i - 1
            p = p / t
    if nn <= 0 or pp <= 0.0:
        return x + (nn if flip else 0)
    q = 1.0 - pp
    s = pp / q
    r = q**nn
    u = rng.random()
    k = 0
    while u > r and k < nn:
        u -= r
        k += 1
        r *= s * (nn - k + 1) / k
        if r <= 0.0:
            break
    return x + (nn - k if flip else k)


@nb.njit(cache=True, nogil=True)
def poisson(rng: np.random.Generator, mu: float) -> int:
    """Poisson(mu), exact. The count of a unit-rate Poisson process's points below mu: the m-th
    point, m = 7 mu / 8, is X ~ Gamma(m); if X < mu the count is m + Poisson(mu - X), else the
    m - 1 points before X are uniform on (0, X) and the count is Binomial(m - 1, mu / X)
    (Ahrens & Dieter 1974; Knuth, TAOCP 3.4.1). Below 16, inversion from one uniform."""
    k = 0
    while mu > 16.0:
        m = int(0.875 * mu)
        t = std_gamma(rng, float(m))
        if t >= mu:
            return k + binomial(rng, m - 1, mu / t)
        k += m
        mu -= t
    f = math.exp(-mu)
    u = rng.random()
    x = 0
    while u > f and f > 0.0:
        u -= f
        x += 1
        f *= mu / x
    return k + x
