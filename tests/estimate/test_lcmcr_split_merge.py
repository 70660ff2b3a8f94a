"""The split-merge move leaves the LCMCR posterior unchanged.

Exact check: on a table small enough to list every allocation of its people to classes, a
chain of split-merge moves alone visits each allocation as often as its exact probability
p(labels | N, alpha, data) (lambda and the weights integrated out) says. Then, end to end, the
posterior of N with and without the move agrees on Korea.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
from numpy.typing import NDArray

from tests.estimate.mse import assert_same_n_posterior, table
from vigil.estimate.lcmcr import LcmcrSettings, sample_chains
from vigil.estimate.lcmcr.experimental.split_merge import (
    _class_loglik,
    _sticks_logprior,
    split_merge,
)

PATTERNS = np.array([[1, 0, 0], [0, 1, 1], [1, 1, 0], [0, 0, 0]], np.int64)  # last: unobserved
COUNTS = (2, 1, 1, 2)
K = 3


def _stats(A: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    return A.sum(axis=0).astype(np.int64), (PATTERNS.T @ A).astype(np.int64)


def _exact(alpha: float, lf: NDArray[np.float64]) -> dict[tuple[int, ...], float]:
    """Probability of every count table A[p, k] (labelled people, times the ways to label)."""
    J = PATTERNS.shape[1]

    def splits(n: int) -> list[tuple[int, ...]]:
        return [c for c in itertools.product(range(n + 1), repeat=K) if sum(c) == n]

    logp = {}
    for rows in itertools.product(*[splits(n) for n in COUNTS]):
        A = np.array(rows, np.int64)
        nk, onesk = _stats(A)
        lp = _sticks_logprior(nk, alpha)
        lp += sum(_class_loglik(J, int(nk[k]), onesk, k, lf) for k in range(K))
        lp += sum(
            math.lgamma(n + 1) - sum(math.lgamma(a + 1) for a in r)
            for n, r in zip(COUNTS, rows, strict=True)
        )
        logp[tuple(A.ravel().tolist())] = lp
    top = max(logp.values())
    z = sum(math.exp(v - top) for v in logp.values())
    return {k: math.exp(v - top) / z for k, v in logp.items()}


def test_split_merge_alone_samples_the_exact_label_posterior() -> None:
    alpha = 0.7
    J = PATTERNS.shape[1]
    m1 = len(COUNTS)
    ones = np.zeros((m1, J), np.int64)
    n_ones = np.zeros(m1, np.int64)
    for p in range(m1):
        on = np.flatnonzero(PATTERNS[p])
        ones[p, : on.size] = on
        n_ones[p] = on.size
    size = 40
    ll = np.zeros(size)
    ll[1:] = np.log(np.arange(1, size))
    lf = np.cumsum(ll)
    rng = np.random.default_rng(1)
    A = np.zeros((m1, K), np.int64)
    A[:, 0] = COUNTS  # everyone in one class: only split-merge moves can leave it
    nk, onesk = _stats(A)
    seq = np.empty(size, np.int64)
    work = np.empty((4, max(J, m1)))
    tally: Counter[tuple[int, ...]] = Counter()
    n_it = 200_000
    moved = 0
    for _ in range(n_it):
        moved += split_merge(rng, ones, n_ones, A, nk, onesk, alpha, lf, ll, seq, work) > 0
        tally[tuple(A.ravel().tolist())] += 1
    now_nk, now_onesk = _stats(A)
    assert np.array_equal(now_nk, nk) and np.array_equal(now_onesk, onesk)  # caches agree
    assert 0.2 < moved / n_it < 0.9
    exact = _exact(alpha, lf)
    assert set(tally) <= set(exact)
    tv = 0.5 * sum(abs(tally.get(k, 0) / n_it - p) for k, p in exact.items())
    assert tv < 0.04, tv  # Monte Carlo noise alone gives about 0.02 here
    # The check has power: the same draws are far from the posterior under another alpha.
    wrong = _exact(3.0, lf)
    tv_wrong = 0.5 * sum(abs(tally.get(k, 0) / n_it - p) for k, p in wrong.items())
    assert tv_wrong > 0.1, tv_wrong


def test_split_merge_leaves_the_posterior_of_n_unchanged() -> None:
    t = table("korea_comfort_women_3list.csv")
    common = {"burnin": 2_000, "samples": 4_000, "thin": 10, "adapt": False, "chains": 2}
    plain = sample_chains(t, LcmcrSettings(seed=3, **common))  # type: ignore[arg-type]
    sm = sample_chains(t, LcmcrSettings(seed=4, split_moves=3, **common))  # type: ignore[arg-type]
    assert plain.split_acceptance is None
    assert sm.split_acceptance is not None and 0.01 < sm.split_acceptance < 0.9
    assert_same_n_posterior(plain, sm)
    assert abs(float(np.mean(sm.occupied)) - float(np.mean(plain.occupied))) < 0.15


def test_split_merge_is_deterministic_for_a_seed() -> None:
    t = table("kosovo_1999_4list.csv")
    s = LcmcrSettings(seed=9, burnin=300, samples=100, thin=2, adapt=False, split_moves=2)
    a = sample_chains(t, s)
    b = sample_chains(t, LcmcrSettings(**{**s.__dict__, "workers": 1}))
    assert np.array_equal(a.n, b.n) and a.split_acceptance == b.split_acceptance
