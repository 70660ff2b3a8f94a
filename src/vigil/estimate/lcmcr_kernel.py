"""Compiled Gibbs sweep of the LCMCR model (Manrique-Vallier 2016), written for Vigil.

The sweep works on distinct capture patterns, never on individuals: given the parameters,
the class labels of the people who share a pattern are exchangeable, so only the number of
them in each class matters and one multinomial draw per pattern replaces n categorical ones.
Cost is O(patterns x classes x ones-per-pattern + lists x classes) whatever n is.

Random numbers come from a `numpy.random.Generator` passed in, so a chain's stream belongs to
the chain (not to a thread): a chain can be run in chunks, on any thread, and a fixed seed
gives bit-identical draws. The functions release the GIL so chains run in parallel threads.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

# State is kept in plain arrays so the Python side can start, pause and resume a chain:
#   lam (J, K)  list inclusion probabilities per class
#   v   (K,)    stick-breaking fractions (v[K-1] == 1)
#   scal (2,)   [alpha, n0]

_TINY = 1e-300


@nb.njit(cache=True, nogil=True)
def _binomial(rng: np.random.Generator, n: int, p: float) -> int:
    """Binomial draw; small means by inversion from one uniform (cheaper than the general path).

    Inversion walks the pmf from 0 with the recurrence f(x+1) = f(x) (n-x)/(x+1) p/q, so it
    costs O(mean) and is exact; larger means use numpy's BTPE.
    """
    flip = p > 0.5
    pp = 1.0 - p if flip else p
    if n * pp >= 12.0:
        return rng.binomial(n, p)
    q = 1.0 - pp
    s = pp / q
    r = q**n
    u = rng.random()
    x = 0
    while u > r and x < n:
        u -= r
        x += 1
        r *= s * (n - x + 1) / x
        if r <= 0.0:
            break
    return n - x if flip else x


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
            x = _binomial(rng, rem, p)
            out[k] = x
            rem -= x
            if rem == 0:
                return
        total -= w[k]
    out[last] += rem


@nb.njit(cache=True, nogil=True)
def run_chain(
    rng: np.random.Generator,
    patterns: NDArray[np.uint8],
    counts: NDArray[np.int64],
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    scal: NDArray[np.float64],
    a_alpha: float,
    b_alpha: float,
    n_sweeps: int,
    thin: int,
    out_n: NDArray[np.int64],
    out_alpha: NDArray[np.float64],
    out_kstar: NDArray[np.int64],
) -> None:
    """Run `n_sweeps` Gibbs sweeps, updating (lam, v, scal) in place.

    Every `thin`-th sweep writes N = n + n0, alpha and the number of occupied classes to the
    next slot of the output arrays (which must hold n_sweeps // thin values; pass thin larger
    than n_sweeps to record nothing, e.g. during burn-in).
    """
    m, J = patterns.shape
    K = lam.shape[1]
    n_obs = 0
    for p in range(m):
        n_obs += counts[p]
    # Sparse rows: which lists record each pattern.
    n_ones = np.zeros(m, np.int64)
    ones = np.zeros((m, J), np.int64)
    for p in range(m):
        c = 0
        for j in range(J):
            if patterns[p, j] != 0:
                ones[p, c] = j
                c += 1
        n_ones[p] = c

    logpi = np.empty(K)
    base = np.empty(K)
    dlog = np.empty((J, K))
    w = np.empty(K)
    alloc = np.empty(K, np.int64)
    nk = np.empty(K, np.int64)
    onesk = np.empty((J, K), np.int64)
    pi = np.empty(K)
    order = np.arange(K)

    alpha = scal[0]
    n0 = np.int64(scal[1])
    rec = 0
    for sweep in range(n_sweeps):
        # Class weights from the sticks.
        rest = 1.0
        for k in range(K):
            pi[k] = v[k] * rest
            rest *= 1.0 - v[k]
            logpi[k] = math.log(max(pi[k], _TINY))
        # Heaviest classes first (insertion sort: K is small and the order changes little).
        for i in range(1, K):
            c = order[i]
            t = i - 1
            while t >= 0 and pi[order[t]] < pi[c]:
                order[t + 1] = order[t]
                t -= 1
            order[t + 1] = c
        for k in range(K):
            s = logpi[k]
            for j in range(J):
                lk = lam[j, k]
                l1 = math.log(max(1.0 - lk, _TINY))
                s += l1
                dlog[j, k] = math.log(max(lk, _TINY)) - l1
            base[k] = s
        for k in range(K):
            nk[k] = 0
            for j in range(J):
                onesk[j, k] = 0
        # Allocate each observed pattern's people to classes.
        for p in range(m):
            mx = -np.inf
            for k in range(K):
                s = base[k]
                for t in range(n_ones[p]):
                    s += dlog[ones[p, t], k]
                w[k] = s
                if s > mx:
                    mx = s
            for k in range(K):
                w[k] = math.exp(w[k] - mx)
            _multinomial_into(rng, counts[p], w, order, alloc)
            for k in range(K):
                a = alloc[k]
                if a != 0:
                    nk[k] += a
                    for t in range(n_ones[p]):
                        onesk[ones[p, t], k] += a
        # Unobserved people: n0 ~ NegBin(n, 1 - pi0) under the 1/N prior, then their classes.
        mx = -np.inf
        for k in range(K):
            if base[k] > mx:
                mx = base[k]
        tot = 0.0
        for k in range(K):
            w[k] = math.exp(base[k] - mx)
            tot += w[k]
        pi0 = min(math.exp(mx) * tot, 1.0 - 1e-15)
        g = rng.gamma(float(n_obs), 1.0)
        n0 = np.int64(rng.poisson(g * pi0 / (1.0 - pi0))) if pi0 > 0.0 else np.int64(0)
        if n0 > 0:
            _multinomial_into(rng, int(n0), w, order, alloc)
            for k in range(K):
                nk[k] += alloc[k]
        # List inclusion probabilities, Beta(1, 1) prior.
        for k in range(K):
            if nk[k] == 0:  # Beta(1, 1) posterior of an empty class: a uniform is cheaper
                for j in range(J):
                    lam[j, k] = rng.random()
            else:
                for j in range(J):
                    lam[j, k] = rng.beta(1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k])
        # Sticks and the concentration alpha.
        above = 0
        for k in range(K):
            above += nk[k]
        slog = 0.0
        for k in range(K - 1):
            above -= nk[k]
            vk = rng.beta(1.0 + nk[k], alpha + above)
            if vk > 1.0 - 1e-12:
                vk = 1.0 - 1e-12
            v[k] = vk
            slog += math.log(1.0 - vk)
        v[K - 1] = 1.0
        alpha = rng.gamma(a_alpha + K - 1.0, 1.0 / (b_alpha - slog))
        if alpha < 1e-10:
            alpha = 1e-10
        if (sweep + 1) % thin == 0 and rec < out_n.shape[0]:
            out_n[rec] = n_obs + n0
            out_alpha[rec] = alpha
            occ = 0
            for k in range(K):
                if nk[k] > 0:
                    occ += 1
            out_kstar[rec] = occ
            rec += 1
    scal[0] = alpha
    scal[1] = float(n0)
