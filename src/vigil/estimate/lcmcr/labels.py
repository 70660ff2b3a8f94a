"""Label-switching moves for LCMCR's truncated stick-breaking classes.

Why: the stick-breaking prior is not exchangeable over class positions: class k's weight is
v_k prod_{i<k} (1 - v_i), so early positions get most of the mass. The Gibbs sweep never moves
a class to another position, so a chain whose large classes sit in one order samples the
posterior given that order. On the 20-list Colombia table that shows as chains whose medians
stay apart for 5,000,000 sweeps (1,480 to 2,150). Papaspiliopoulos & Roberts (2008, Biometrika
95:169) and Hastie, Liverani & Richardson (2015, Statistics and Computing 25:1023) describe
the remedy: Metropolis-Hastings moves that exchange the positions of two classes. Both moves
here act on the labels of every person (observed and imputed unobserved) with the classes'
inclusion probabilities, so the data's likelihood is unchanged and only the weights' factors
enter the acceptance ratio. Cost O(lists x patterns) only when a move is accepted.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.draws import below


@nb.njit(cache=True, nogil=True, inline="always")
def _swap_classes(
    a: int | np.int64,
    b: int | np.int64,
    lam: NDArray[np.float64],
    nk: NDArray[np.int64],
    onesk: NDArray[np.int64],
    people: NDArray[np.int64],
) -> None:
    """Exchange everything that belongs to classes a and b except their stick fractions."""
    for j in range(lam.shape[0]):
        lam[j, a], lam[j, b] = lam[j, b], lam[j, a]
        onesk[j, a], onesk[j, b] = onesk[j, b], onesk[j, a]
    for p in range(people.shape[0]):
        people[p, a], people[p, b] = people[p, b], people[p, a]
    nk[a], nk[b] = nk[b], nk[a]


@nb.njit(cache=True, nogil=True)
def label_swaps(
    rng: np.random.Generator,
    v: NDArray[np.float64],
    lam: NDArray[np.float64],
    nk: NDArray[np.int64],
    onesk: NDArray[np.int64],
    people: NDArray[np.int64],
) -> int:
    """One proposal of each move, with the labels just drawn; returns how many were accepted.

    1. Two occupied classes a, b exchange positions, weights staying where they are
       (Papaspiliopoulos & Roberts): accepted with probability min(1, (w_a / w_b)^(n_b - n_a)),
       w the classes' weights, n their sizes.
    2. Neighbours k, k + 1 (k uniform below K - 2) exchange positions and stick fractions
       (Hastie et al., their second move): accepted with probability
       min(1, (1 - v_{k+1})^n_k / (1 - v_k)^n_{k+1}); the weights of every other class are
       unchanged. The last position (v = 1) is never involved.
    Each proposal is its own reverse and is chosen symmetrically. `people` is the (patterns + 1,
    K) table of people per pattern and class (last row: the unobserved), `onesk` the list
    memberships per class; all are permuted with the classes.
    """
    K = v.shape[0]
    accepted = 0
    occupied = np.int64(0)  # not a literal: `below` would also compile for Literal[int](0)
    for k in range(K):
        if nk[k] > 0:
            occupied += 1
    if occupied >= 2:
        i = below(rng, occupied)
        j = below(rng, occupied - 1)
        if j >= i:
            j += 1
        a: int | np.int64 = np.int64(-1)  # not a literal: `_swap_classes` is compiled once
        b: int | np.int64 = np.int64(-1)
        seen = 0
        for k in range(K):
            if nk[k] > 0:
                if seen == i:
                    a = k
                if seen == j:
                    b = k
                seen += 1
        log_wa = math.log(max(v[a], 1e-300))
        log_wb = math.log(max(v[b], 1e-300))
        for k in range(max(a, b)):
            if k < a:
                log_wa += math.log1p(-min(v[k], 1.0 - 1e-12))
            if k < b:
                log_wb += math.log1p(-min(v[k], 1.0 - 1e-12))
        log_r = (nk[b] - nk[a]) * (log_wa - log_wb)
        if math.log(rng.random()) < log_r:
            _swap_classes(a, b, lam, nk, onesk, people)
            accepted += 1
    if K >= 3:
        k = below(rng, K - 2)
        log_r = nk[k] * math.log1p(-min(v[k + 1], 1.0 - 1e-12)) - nk[k + 1] * math.log1p(
            -min(v[k], 1.0 - 1e-12)
        )
        if math.log(rng.random()) < log_r:
            _swap_classes(k, k + 1, lam, nk, onesk, people)
            v[k], v[k + 1] = v[k + 1], v[k]
            accepted += 1
    return accepted
