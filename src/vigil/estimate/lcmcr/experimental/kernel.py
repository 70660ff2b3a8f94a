"""The experimental LCMCR sweep: parallel tempering, split-merge, pair and triple jumps.

All of these are off by default (`LcmcrSettings`: temperatures=1, split_moves=0,
jump_every=0) because they did not make the chains agree on Colombia (README, "LCMCR
convergence, honestly"). They are kept, with their tests, for the record and for further
experiments; `sampler.sample_chains` imports this package only when a run asks for one of
them, so numba never compiles them on the default path. With one level and every experimental
move off, `run_ladder` gives exactly the draws of the default `kernel.run_chain`.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.experimental.jump import pair_jump
from vigil.estimate.lcmcr.experimental.split_merge import split_merge
from vigil.estimate.lcmcr.experimental.tempering import swap_levels
from vigil.estimate.lcmcr.experimental.triple import triple_jump
from vigil.estimate.lcmcr.kernel import (
    _draw_lambda,
    _draw_observed_labels,
    _draw_sticks_alpha,
    _draw_unobserved,
    _occupied,
    _sort_by_weight,
)
from vigil.estimate.lcmcr.labels import label_swaps
from vigil.estimate.lcmcr.ridge import ridge_move
from vigil.estimate.lcmcr.terms import _class_terms, _pattern_terms, _sparse_rows


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
    log(1 - q_b) (`tempering.swap_levels`, O(classes)); labels and n0 are redrawn at the
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
    rounds of the two label-switching moves (`labels.label_swaps`) follow the labels'
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
