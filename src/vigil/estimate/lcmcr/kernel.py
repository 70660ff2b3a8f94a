"""Compiled Gibbs sweep of the LCMCR model (Manrique-Vallier 2016), written for Vigil.

The sweep works on distinct capture patterns, never on individuals: given the parameters,
the class labels of the people who share a pattern are exchangeable, so only the number of
them in each class matters and one multinomial draw per pattern replaces n categorical ones.
Cost is O(patterns x classes x ones-per-pattern + lists x classes) whatever n is.

Random numbers come from a `numpy.random.Generator` passed in, so a chain's stream belongs to
the chain (not to a thread): a chain can be run in chunks, on any thread, and a fixed seed
gives bit-identical draws. Gamma, beta, binomial and Poisson draws come from `draws`, built on
the generator's uniform and normal draws, because numba's own versions took about a third of
the compile time of a fresh machine's first estimate. The functions release the GIL so chains
run in parallel threads.

This module holds the state, the Gibbs steps and the default sweep (`run_chain`): the ridge
move (`ridge`) and the label-switching moves (`labels`), both on by default. The moves that
are off by default (tempering, split-merge, pair and triple jumps) live in
`lcmcr.experimental`, with their own sweep (`experimental.kernel.run_ladder`), so that numba
compiles them only when a run asks for one; with all of them off, `run_ladder` with one level
gives exactly `run_chain`'s draws (tests/estimate/test_lcmcr_tempering.py).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.draws import beta, poisson, std_gamma
from vigil.estimate.lcmcr.labels import label_swaps
from vigil.estimate.lcmcr.ridge import ridge_move
from vigil.estimate.lcmcr.terms import _class_terms, _multinomial_into, _pattern_terms, _sparse_rows

# State is kept in plain arrays so the Python side can start, pause and resume a chain:
#   lam (J, K)  list inclusion probabilities per class
#   v   (K,)    stick-breaking fractions (v[K-1] == 1)
#   scal (2,)   [alpha, n0]


@nb.njit(cache=True, nogil=True, inline="always")
def _sort_by_weight(order: NDArray[np.int64], pi: NDArray[np.float64]) -> None:
    """Heaviest classes first (insertion sort: K is small and the order changes little), so the
    sequential binomials of `_multinomial_into` usually stop after the occupied classes."""
    K = order.shape[0]
    for i in range(1, K):
        c = order[i]
        q = i - 1
        while q >= 0 and pi[order[q]] < pi[c]:
            order[q + 1] = order[q]
            q -= 1
        order[q + 1] = c


@nb.njit(cache=True, nogil=True, inline="always")
def _draw_observed_labels(
    rng: np.random.Generator,
    counts: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    e: NDArray[np.float64],
    order: NDArray[np.int64],
    alloc: NDArray[np.int64],
    A: NDArray[np.int64],
    nk: NDArray[np.int64],
    onesk: NDArray[np.int64],
) -> None:
    """Allocate each observed pattern's people to classes (weights e[p, :]); A[p, k] gets the
    people of pattern p in class k, nk and onesk (people of class k on list j) start afresh."""
    J, K = onesk.shape
    for k in range(K):
        nk[k] = 0
        for j in range(J):
            onesk[j, k] = 0
    for p in range(counts.shape[0]):
        _multinomial_into(rng, counts[p], e[p], order, alloc)
        for k in range(K):
            a = alloc[k]
            A[p, k] = a
            if a != 0:
                nk[k] += a
                for q in range(n_ones[p]):
                    onesk[ones[p, q], k] += a


@nb.njit(cache=True, nogil=True, inline="always")
def _draw_unobserved(
    rng: np.random.Generator,
    n_obs: int | np.int64,
    base: NDArray[np.float64],
    logpi: NDArray[np.float64],
    b: float,
    order: NDArray[np.int64],
    w: NDArray[np.float64],
    alloc: NDArray[np.int64],
    a0: NDArray[np.int64],
    nk: NDArray[np.int64],
) -> np.int64:
    """Unobserved people: n0 ~ NegBin(n, 1 - pi0) under the 1/N prior (a Poisson with Gamma
    mean), then their classes into a0 and nk; at a tempered level b < 1 with pi_k (prod_j
    (1 - lambda_jk))^b in place of P(0, k). Returns n0."""
    K = base.shape[0]
    hb = -np.inf
    if b == 1.0:
        for k in range(K):
            w[k] = base[k]
    else:
        for k in range(K):
            w[k] = logpi[k] + b * (base[k] - logpi[k])
    for k in range(K):
        if w[k] > hb:
            hb = w[k]
    wsum = 0.0
    for k in range(K):
        w[k] = math.exp(w[k] - hb)
        wsum += w[k]
    pi0 = min(math.exp(hb) * wsum, 1.0 - 1e-15)
    g = std_gamma(rng, float(n_obs))
    n0 = np.int64(poisson(rng, g * pi0 / (1.0 - pi0))) if pi0 > 0.0 else np.int64(0)
    for k in range(K):
        a0[k] = 0
    if n0 > 0:
        _multinomial_into(rng, int(n0), w, order, alloc)
        for k in range(K):
            nk[k] += alloc[k]
            a0[k] = alloc[k]
    return n0


@nb.njit(cache=True, nogil=True, inline="always")
def _draw_lambda(
    rng: np.random.Generator,
    lam: NDArray[np.float64],
    nk: NDArray[np.int64],
    onesk: NDArray[np.int64],
    a0: NDArray[np.int64],
    b: float,
) -> None:
    """List inclusion probabilities, Beta(1, 1) prior; at a tempered level the unobserved
    people (a0) count b times each."""
    J, K = lam.shape
    for k in range(K):
        if nk[k] == 0:  # Beta(1, 1) posterior of an empty class: a uniform is cheaper
            for j in range(J):
                lam[j, k] = rng.random()
        elif b == 1.0:
            for j in range(J):
                lam[j, k] = beta(rng, 1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k])
        else:
            shed = (1.0 - b) * a0[k]
            for j in range(J):
                lam[j, k] = beta(rng, 1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k] - shed)


@nb.njit(cache=True, nogil=True, inline="always")
def _draw_sticks_alpha(
    rng: np.random.Generator,
    v: NDArray[np.float64],
    nk: NDArray[np.int64],
    alpha: float,
    a_alpha: float,
    b_alpha: float,
) -> float:
    """Sticks v given the class sizes, then the concentration alpha given the sticks (Gamma
    prior); returns the new alpha."""
    K = v.shape[0]
    above = 0
    for k in range(K):
        above += nk[k]
    slog = 0.0
    for k in range(K - 1):
        above -= nk[k]
        vk = beta(rng, 1.0 + nk[k], alpha + above)
        if vk > 1.0 - 1e-12:
            vk = 1.0 - 1e-12
        v[k] = vk
        slog += math.log(1.0 - vk)
    v[K - 1] = 1.0
    alpha = std_gamma(rng, a_alpha + K - 1.0) / (b_alpha - slog)
    if alpha < 1e-10:
        alpha = 1e-10
    return alpha


@nb.njit(cache=True, nogil=True, inline="always")
def _occupied(nk: NDArray[np.int64]) -> int:
    occ = 0
    for k in range(nk.shape[0]):
        if nk[k] > 0:
            occ += 1
    return occ


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
    moves: int,
    stats: NDArray[np.int64],
    label_moves: int = 0,
) -> None:
    """Run `n_sweeps` sweeps of one chain from the state lam (J, K), v (K,), scal (2,) [alpha,
    n0], updated in place; the classes start each call in the identity order.

    A sweep: `moves` ridge moves (`ridge_move`; 0 gives the plain Gibbs sampler), the Gibbs
    draws of the labels and of n0, `label_moves` rounds of the two label-switching moves
    (`label_swaps`), then lambda, the sticks and alpha. Every `thin`-th sweep writes N = n +
    n0, alpha and the number of occupied classes to the next slot of the output arrays (which
    must hold n_sweeps // thin values; pass thin larger than n_sweeps to record nothing, e.g.
    during burn-in). `stats` accumulates [ridge moves proposed, accepted, and (if it has 9
    entries) at 7, 8 label swaps proposed, accepted].
    """
    m, J = patterns.shape
    K = lam.shape[1]
    # np.int64, not a literal: numba would also compile each callee for Literal[int](0).
    n_obs = np.int64(0)
    for p in range(m):
        n_obs += counts[p]
    ones, n_ones = _sparse_rows(patterns, np.int64(1))
    logpi = np.empty(K)
    base = np.empty(K)
    dlog = np.empty((J, K))
    pi = np.empty(K)
    e = np.empty((m, K))
    mx = np.empty(m)
    tot = np.empty(m)
    w = np.empty(K)
    alloc = np.empty(K, np.int64)
    nk = np.empty(K, np.int64)
    onesk = np.empty((J, K), np.int64)
    scratch = np.empty((3, max(J, m)))
    v_new = np.empty(K)
    scales = np.empty(3)  # not np.array([...]): a list literal compiles a reflected list too
    scales[0], scales[1], scales[2] = 0.2, 0.6, 1.5
    A = np.zeros((m + 1, K), np.int64)  # people of each pattern in each class; row m unobserved
    order = np.empty(K, np.int64)
    for k in range(K):
        order[k] = k

    rec = 0
    for sweep in range(n_sweeps):
        _class_terms(lam, v, pi, logpi, base, dlog)
        _pattern_terms(ones, n_ones, base, dlog, e, mx, tot)
        alpha = scal[0]
        for _ in range(moves):
            stats[0] += 1
            if ridge_move(
                rng, ones, n_ones, counts, n_obs, lam, v, alpha, pi, logpi, base, dlog, e, mx,
                tot, scratch, v_new, scales, 1.0,
            ):  # fmt: skip
                stats[1] += 1
        _sort_by_weight(order, pi)
        _draw_observed_labels(rng, counts, ones, n_ones, e, order, alloc, A, nk, onesk)
        n0 = _draw_unobserved(rng, n_obs, base, logpi, 1.0, order, w, alloc, A[m], nk)
        for _ in range(label_moves):
            swapped = label_swaps(rng, v, lam, nk, onesk, A)
            if stats.shape[0] >= 9:
                stats[7] += 2
                stats[8] += swapped
        _draw_lambda(rng, lam, nk, onesk, A[m], 1.0)
        alpha = _draw_sticks_alpha(rng, v, nk, alpha, a_alpha, b_alpha)
        scal[0] = alpha
        scal[1] = float(n0)
        if (sweep + 1) % thin == 0 and rec < out_n.shape[0]:
            out_n[rec] = n_obs + n0
            out_alpha[rec] = alpha
            out_kstar[rec] = _occupied(nk)
            rec += 1
