"""Compiled Gibbs sweep of the LCMCR model (Manrique-Vallier 2016), written for Vigil.

The sweep works on distinct capture patterns, never on individuals: given the parameters,
the class labels of the people who share a pattern are exchangeable, so only the number of
them in each class matters and one multinomial draw per pattern replaces n categorical ones.
Cost is O(patterns x classes x ones-per-pattern + lists x classes) whatever n is.

Random numbers come from a `numpy.random.Generator` passed in, so a chain's stream belongs to
the chain (not to a thread): a chain can be run in chunks, on any thread, and a fixed seed
gives bit-identical draws. The functions release the GIL so chains run in parallel threads.

This module holds the state, the Gibbs steps and the sweep (`run_ladder`, and `run_chain`, its
one-level case); the optional moves live in their own modules (`lcmcr_ridge`,
`lcmcr_split_merge`, `lcmcr_jump`) and so do the swaps between tempered levels
(`lcmcr_tempering`). Each Gibbs step is a small compiled function shared by every level of
the ladder; splitting the sweep so cost about 1-2% of plain sweeps/s (bench/estimate.py).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr_jump import pair_jump
from vigil.estimate.lcmcr_labels import label_swaps
from vigil.estimate.lcmcr_ridge import ridge_move
from vigil.estimate.lcmcr_split_merge import split_merge
from vigil.estimate.lcmcr_tempering import swap_levels
from vigil.estimate.lcmcr_terms import _class_terms, _multinomial_into, _pattern_terms, _sparse_rows
from vigil.estimate.lcmcr_triple import triple_jump

# State is kept in plain arrays so the Python side can start, pause and resume a chain:
#   lam (J, K)  list inclusion probabilities per class
#   v   (K,)    stick-breaking fractions (v[K-1] == 1)
#   scal (2,)   [alpha, n0]


@nb.njit(cache=True, nogil=True)
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


@nb.njit(cache=True, nogil=True)
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


@nb.njit(cache=True, nogil=True)
def _draw_unobserved(
    rng: np.random.Generator,
    n_obs: int,
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
    g = rng.gamma(float(n_obs), 1.0)
    n0 = np.int64(rng.poisson(g * pi0 / (1.0 - pi0))) if pi0 > 0.0 else np.int64(0)
    for k in range(K):
        a0[k] = 0
    if n0 > 0:
        _multinomial_into(rng, int(n0), w, order, alloc)
        for k in range(K):
            nk[k] += alloc[k]
            a0[k] = alloc[k]
    return n0


@nb.njit(cache=True, nogil=True)
def _log_tables(
    size: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """log i and log i! for i < size, and a work array of that size, for `split_merge`."""
    ll = np.zeros(size)
    lf = np.zeros(size)
    for i in range(1, size):
        ll[i] = math.log(i)
        lf[i] = lf[i - 1] + ll[i]
    return ll, lf, np.empty(size, np.int64)


@nb.njit(cache=True, nogil=True)
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
                lam[j, k] = rng.beta(1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k])
        else:
            shed = (1.0 - b) * a0[k]
            for j in range(J):
                lam[j, k] = rng.beta(1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k] - shed)


@nb.njit(cache=True, nogil=True)
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
        vk = rng.beta(1.0 + nk[k], alpha + above)
        if vk > 1.0 - 1e-12:
            vk = 1.0 - 1e-12
        v[k] = vk
        slog += math.log(1.0 - vk)
    v[K - 1] = 1.0
    alpha = rng.gamma(a_alpha + K - 1.0, 1.0 / (b_alpha - slog))
    if alpha < 1e-10:
        alpha = 1e-10
    return alpha


@nb.njit(cache=True, nogil=True)
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
    splits: int = 0,
    jump_every: int = 0,
    jump_classes: int = 2,
    label_moves: int = 0,
) -> None:
    """One chain without tempering: `run_ladder` with the single level b = 1."""
    J, K = lam.shape
    orders = np.empty((1, K), np.int64)
    for k in range(K):
        orders[0, k] = k
    run_ladder(
        rng,
        patterns,
        counts,
        np.ones(1),
        lam.reshape((1, J, K)),
        v.reshape((1, K)),
        scal.reshape((1, 2)),
        orders,
        a_alpha,
        b_alpha,
        n_sweeps,
        thin,
        out_n,
        out_alpha,
        out_kstar,
        moves,
        stats,
        splits,
        np.zeros((2, 1), np.int64),
        np.zeros(4, np.int64),
        jump_every,
        jump_classes,
        label_moves,
    )


@nb.njit(cache=True, nogil=True)
def run_ladder(
    rng: np.random.Generator,
    patterns: NDArray[np.uint8],
    counts: NDArray[np.int64],
    betas: NDArray[np.float64],
    lams: NDArray[np.float64],
    vs: NDArray[np.float64],
    scals: NDArray[np.float64],
    orders: NDArray[np.int64],
    a_alpha: float,
    b_alpha: float,
    n_sweeps: int,
    thin: int,
    out_n: NDArray[np.int64],
    out_alpha: NDArray[np.float64],
    out_kstar: NDArray[np.int64],
    moves: int,
    stats: NDArray[np.int64],
    splits: int,
    swaps: NDArray[np.int64],
    pt: NDArray[np.int64],
    jump_every: int = 0,
    jump_classes: int = 2,
    label_moves: int = 0,
) -> None:
    """Run `n_sweeps` sweeps of a parallel-tempering ladder of T = len(betas) chains; level 0
    (betas[0] = 1: the LCMCR posterior) is the one recorded.

    Why: on Colombia (20 lists) chains stick for 10^5 sweeps and more in a state with one class
    fewer and N near 1,400: the imputed unobserved people pull the inclusion probabilities of
    their class down, that class then predicts few unobserved, and n0 and the classes can only
    change together. Tempering is meant to loosen that pull; measured there, it lets chains
    started apart keep moving between N near 1,500 and near 2,100, but a ladder down to b = 0.6
    did not bring chains out of the N = 1,409 state within 20,000 sweeps, although a lone chain
    at b = 0.6 leaves it at once (README). Level t: the factor prod_j (1 - lambda_jk) of each
    unobserved person is raised to the power b = betas[t] < 1 (the observed people's factors
    are left alone). Conditionals stay conjugate: n0 ~ NegBin(n, 1 - q_b), q_b = sum_k pi_k
    (prod_j (1 - lambda_jk))^b; the unobserved people's classes proportional to pi_k (prod_j
    (1 - lambda_jk))^b; lambda_jk ~ Beta(1 + s_jk, 1 + n_k - s_jk - (1 - b) u_k), u_k the
    unobserved people in class k; observed labels, sticks and alpha as usual. With the labels
    and n0 summed out, level b's density of theta = (lambda, sticks, alpha) is the prior times
    prod_x P(x)^n_x (1 - q_b)^-n. That is proper for every b in (0, 1]: 1 - m^b >= b (1 - m)
    on [0, 1], so (1 - q_b)^-n <= b^-n (1 - q_1)^-n. (Raising the observed people's factors to
    the power b as well would not be: on the ray lambda -> 0 the density grows like
    lambda^(b S - n), S the total list memberships, which diverges once b < (n - 1) / S, 0.56
    on Colombia.)

    Swaps: since only (1 - q_b)^-n depends on b, exchanging the states A, B of levels t, t + 1
    is accepted with probability min(1, exp(-n [l_t(B) + l_t+1(A) - l_t(A) - l_t+1(B)])), l_b =
    log(1 - q_b) (`lcmcr_tempering.swap_levels`, O(classes)); labels and n0 are redrawn at the
    start of each sweep.
    Swaps are proposed after the pattern terms of every state are computed, between neighbours
    (t, t + 1) for every even t on even sweeps and every odd t on odd ones: the non-reversible
    "deterministic even-odd" scheme (Syed, Bouchard-Cote, Deligiannidis & Doucet 2022, JRSS B
    84:321), which moves states along the ladder in fewer sweeps than random pairs.

    A level's sweep: with probability 1 / `jump_every` (b = 1 only; 0: never, and then no
    random number is spent on it) one pair jump (`pair_jump`), `moves` ridge moves
    (`ridge_move`, tempered the same way; 0 gives the plain Gibbs sampler), the Gibbs draws
    of the labels and of n0, `splits` split-merge proposals (`split_merge`; level 0 only),
    then lambda, the sticks and alpha. States live in replica
    slots: lams (T, J, K), vs (T, K), scals (T, 2) [alpha, n0], orders (T, K). `pt` = [sweeps
    done, round trips, replica at each level (T), direction of each replica (T): +1 if it last
    visited level 0, -1 if the hottest] is carried between calls; a round trip is a replica
    reaching level 0 after having visited the hottest level. Every `thin`-th sweep writes level
    0's N = n + n0, alpha and number of occupied classes to the next slot of the output arrays
    (which must hold n_sweeps // thin values; pass thin larger than n_sweeps to record nothing,
    e.g. during burn-in). `stats` accumulates [ridge moves proposed, accepted, split-merge
    proposed, splits accepted, merges accepted, (if it has 7 entries) pair jumps proposed,
    accepted, (if it has 9 entries) label swaps proposed, accepted] over all levels; `label_moves`
    rounds of the two label-switching moves (`lcmcr_labels.label_swaps`) follow the labels'
    draw; `swaps[0, t]` / `swaps[1, t]`
    the swaps proposed / accepted between levels t and t + 1. With T = 1 nothing of this runs
    and no random number is spent on it: level 0 is then exactly the untempered sampler.
    """
    m, J = patterns.shape
    T = betas.shape[0]
    K = lams.shape[2]
    n_obs = 0
    for p in range(m):
        n_obs += counts[p]
    # Row m is the all-zero pattern of the unobserved (used by the split-merge move).
    ones, n_ones = _sparse_rows(patterns, 1)

    # Pattern terms of each replica's state (they do not depend on the level).
    logpi = np.empty((T, K))
    base = np.empty((T, K))
    dlog = np.empty((T, J, K))
    pi = np.empty((T, K))
    e = np.empty((T, m, K))
    mx = np.empty((T, m))
    tot = np.empty((T, m))
    w = np.empty(K)
    alloc = np.empty(K, np.int64)
    nk = np.empty(K, np.int64)
    onesk = np.empty((J, K), np.int64)
    scratch = np.empty((3, max(J, m)))
    v_new = np.empty(K)
    scales = np.array([0.2, 0.6, 1.5])
    A = np.zeros((m + 1, K), np.int64)  # people of each pattern in each class
    seq = np.empty(1, np.int64)
    lf = np.empty(1)
    ll = np.empty(1)
    work = np.empty((4, max(J, m + 1)))
    # The most-recorded lists start the split components of `pair_jump`.
    rank = np.argsort(-(patterns.astype(np.int64) * counts.reshape((m, 1))).sum(axis=0))
    tops = rank[: min(3, J)].copy()

    rec = 0
    for sweep in range(n_sweeps):
        for r in range(T):
            _class_terms(lams[r], vs[r], pi[r], logpi[r], base[r], dlog[r])
            _pattern_terms(ones, n_ones, base[r], dlog[r], e[r], mx[r], tot[r])
        if T > 1:
            swap_levels(rng, betas, n_obs, pi, logpi, base, swaps, pt)
        for t in range(T):
            r = pt[2 + t] if T > 1 else 0
            b = betas[t]
            lam = lams[r]
            v = vs[r]
            order = orders[r]
            alpha = scals[r, 0]
            if jump_every > 0 and b == 1.0 and rng.random() * jump_every < 1.0:
                if stats.shape[0] >= 7:
                    stats[5] += 1
                if jump_classes == 3:
                    jumped = triple_jump(
                        rng, patterns, ones[:m], n_ones[:m], counts, n_obs, tops, lam, v, pi[r],
                        alpha,
                    )  # fmt: skip
                else:
                    jumped = pair_jump(
                        rng, patterns, ones[:m], n_ones[:m], counts, n_obs, tops, lam, v, pi[r],
                        alpha,
                    )  # fmt: skip
                if jumped:
                    if stats.shape[0] >= 7:
                        stats[6] += 1
                    _class_terms(lam, v, pi[r], logpi[r], base[r], dlog[r])
                    _pattern_terms(ones, n_ones, base[r], dlog[r], e[r], mx[r], tot[r])
            for _ in range(moves):
                stats[0] += 1
                if ridge_move(
                    rng,
                    ones,
                    n_ones,
                    counts,
                    n_obs,
                    lam,
                    v,
                    alpha,
                    pi[r],
                    logpi[r],
                    base[r],
                    dlog[r],
                    e[r],
                    mx[r],
                    tot[r],
                    scratch,
                    v_new,
                    scales,
                    b,
                ):
                    stats[1] += 1
            _sort_by_weight(order, pi[r])
            _draw_observed_labels(rng, counts, ones, n_ones, e[r], order, alloc, A, nk, onesk)
            n0 = _draw_unobserved(rng, n_obs, base[r], logpi[r], b, order, w, alloc, A[m], nk)
            for _ in range(label_moves):
                swapped = label_swaps(rng, v, lam, nk, onesk, A)
                if stats.shape[0] >= 9:
                    stats[7] += 2
                    stats[8] += swapped
            if splits > 0 and t == 0:
                n_all = n_obs + int(n0)
                if lf.shape[0] < n_all + 3:  # log i and log i! tables, grown as N grows
                    ll, lf, seq = _log_tables(2 * n_all + 3)
                for _ in range(splits):
                    stats[2] += 1
                    res = split_merge(rng, ones, n_ones, A, nk, onesk, alpha, lf, ll, seq, work)
                    if res > 0:
                        stats[2 + res] += 1
            _draw_lambda(rng, lam, nk, onesk, A[m], b)
            alpha = _draw_sticks_alpha(rng, v, nk, alpha, a_alpha, b_alpha)
            scals[r, 0] = alpha
            scals[r, 1] = float(n0)
            if t == 0 and (sweep + 1) % thin == 0 and rec < out_n.shape[0]:
                out_n[rec] = n_obs + n0
                out_alpha[rec] = alpha
                out_kstar[rec] = _occupied(nk)
                rec += 1
