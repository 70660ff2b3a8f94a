"""Split-merge proposals on the LCMCR class labels, with lambda and the weights integrated out.

An optional move of the sweep (`experimental.kernel.run_ladder`, `splits`), kept apart because it
works in its own state (labelled people per pattern and class) and needs its own marginal
likelihoods (`_class_loglik`, `_sticks_logprior`, `_pred_logp`).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray


@nb.njit(cache=True, nogil=True)
def _class_loglik(
    J: int, nk: int, onesk: NDArray[np.int64], k: int, lf: NDArray[np.float64]
) -> float:
    """log of the marginal likelihood of a class's members with lambda_.k integrated out
    (Beta(1, 1) priors): sum_j log B(1 + s_j, 1 + n - s_j); `lf[i]` is log(i!)."""
    s = 0.0
    for j in range(J):
        s += lf[onesk[j, k]] + lf[nk - onesk[j, k]] - lf[nk + 1]
    return s


@nb.njit(cache=True, nogil=True)
def _sticks_logprior(nk: NDArray[np.int64], alpha: float) -> float:
    """log p(labels | alpha) with the truncated stick-breaking weights integrated out:
    sum over k < K of log B(1 + n_k, alpha + n_{>k}) - log B(1, alpha)."""
    K = nk.shape[0]
    above = 0
    for k in range(K):
        above += nk[k]
    s = 0.0
    for k in range(K - 1):
        above -= nk[k]
        s += (
            math.lgamma(1.0 + nk[k])
            + math.lgamma(alpha + above)
            - math.lgamma(1.0 + alpha + nk[k] + above)
            + math.log(alpha)
        )
    return s


@nb.njit(cache=True, nogil=True)
def _pred_logp(
    p: int,
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    J: int,
    n: int,
    s: NDArray[np.float64],
    ll: NDArray[np.float64],
) -> float:
    """log predictive probability of pattern p (row m = nobody) for a class holding n people
    with s[j] of them on list j (Beta(1, 1) priors); `ll[i]` is log(i)."""
    out = -J * ll[n + 2]
    t = 0
    for j in range(J):
        if t < n_ones[p] and ones[p, t] == j:
            out += ll[int(s[j]) + 1]
            t += 1
        else:
            out += ll[n - int(s[j]) + 1]
    return out


@nb.njit(cache=True, nogil=True)
def split_merge(
    rng: np.random.Generator,
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    A: NDArray[np.int64],
    nk: NDArray[np.int64],
    onesk: NDArray[np.int64],
    alpha: float,
    lf: NDArray[np.float64],
    ll: NDArray[np.float64],
    seq: NDArray[np.int64],
    work: NDArray[np.float64],
) -> int:
    """One sequentially-allocated split-merge proposal (Dahl 2003; Jain & Neal 2004) on the
    class labels of all N people, with lambda and the weights integrated out.

    Why: the Gibbs sampler changes one person's class at a time given lambda, so it cannot
    create a class that takes over part of a big one (Colombia: a class specialised on one
    list, next to a class nobody records); a split proposes exactly that in one step.

    State: A[p, k] people of pattern p in class k (row m: the unobserved, all-zero pattern);
    N and alpha are held fixed. Target: p(labels | N, alpha, data) with labelled people, i.e.
    the stick-breaking prior of the labels times the Beta-Bernoulli marginal likelihood of each
    class (people of a pattern are exchangeable, so it depends on A only). Two distinct people
    i, j are drawn uniformly. Same class c: split it, i stays in c, j opens an empty class c'
    (uniform among the E empty ones), the others of c follow in a uniformly random order, each
    to c or c' with probability proportional to size times predictive likelihood; accept with
    p(split) / p(now) / (q_seq / E). Different classes: merge into i's class, accept with
    p(merged) / p(now) * q_seq(the current split) / E', where E' counts the empty classes after
    the merge. The random order is an auxiliary variable drawn the same way in both directions.
    Returns 0 (rejected or impossible), 1 (split accepted), 2 (merge accepted); A, nk and
    onesk are updated on acceptance.
    """
    m1, K = A.shape
    J = onesk.shape[0]
    N = 0
    for k in range(K):
        N += nk[k]
    if N < 2:
        return 0
    # Draw person i, then person j != i; a person is (pattern, class) by cumulative counts.
    ui = rng.integers(0, N)
    uj = rng.integers(0, N - 1)
    if uj >= ui:
        uj += 1
    pi_ = -1
    ci = -1
    pj = -1
    cj = -1
    acc = 0
    for p in range(m1):
        for k in range(K):
            a = A[p, k]
            if a == 0:
                continue
            if ci < 0 and ui < acc + a:
                pi_ = p
                ci = k
            if cj < 0 and uj < acc + a:
                pj = p
                cj = k
            acc += a
        if ci >= 0 and cj >= 0:
            break
    empty = 0
    for k in range(K):
        if nk[k] == 0:
            empty += 1
    split = ci == cj
    if split:
        if empty == 0:
            return 0
        r = rng.integers(0, empty)
        c2 = -1
        for k in range(K):
            if nk[k] == 0:
                if r == 0:
                    c2 = k
                    break
                r -= 1
        c1 = ci
        n_e = empty  # empty classes in the merged state
    else:
        c1 = ci
        c2 = cj
        n_e = empty + 1
    # Members of the merged set except the anchors, as a sequence of patterns, shuffled.
    L = 0
    for p in range(m1):
        cnt = A[p, c1] + (A[p, c2] if not split else 0)
        if p == pi_:
            cnt -= 1
        if p == pj:
            cnt -= 1
        for _ in range(cnt):
            seq[L] = p
            L += 1
    for t in range(L - 1, 0, -1):
        u = rng.integers(0, t + 1)
        tmp = seq[t]
        seq[t] = seq[u]
        seq[u] = tmp
    # work rows: 0/1 running list counts of the two parts; 2/3 how many of each pattern are
    # still to place from class c1 / c2 (merge direction: the actual split being scored).
    s1 = work[0]
    s2 = work[1]
    for j in range(J):
        s1[j] = 0.0
        s2[j] = 0.0
    for t in range(n_ones[pi_]):
        s1[ones[pi_, t]] += 1.0
    for t in range(n_ones[pj]):
        s2[ones[pj, t]] += 1.0
    n1 = 1
    n2 = 1
    if not split:
        for p in range(m1):
            work[2, p] = A[p, c1]
            work[3, p] = A[p, c2]
        work[2, pi_] -= 1.0
        work[3, pj] -= 1.0
    new1 = np.zeros(m1, np.int64)  # split direction: people of each pattern sent to c1
    if split:
        new1[pi_] += 1
    logq = 0.0
    for t in range(L):
        p = seq[t]
        l1 = math.log(n1) + _pred_logp(p, ones, n_ones, J, n1, s1, ll)
        l2 = math.log(n2) + _pred_logp(p, ones, n_ones, J, n2, s2, ll)
        h = max(l1, l2)
        lse = h + math.log(math.exp(l1 - h) + math.exp(l2 - h))
        if split:
            to1 = math.log(rng.random()) < l1 - lse
        else:
            # Which of the remaining people of pattern p comes next: uniform among them.
            r1 = work[2, p]
            r2 = work[3, p]
            to1 = rng.random() * (r1 + r2) < r1
            if to1:
                work[2, p] = r1 - 1.0
            else:
                work[3, p] = r2 - 1.0
        if to1:
            logq += l1 - lse
            n1 += 1
            for t2 in range(n_ones[p]):
                s1[ones[p, t2]] += 1.0
            if split:
                new1[p] += 1
        else:
            logq += l2 - lse
            n2 += 1
            for t2 in range(n_ones[p]):
                s2[ones[p, t2]] += 1.0
    # Target ratio. Class sizes and list counts of the split and merged states.
    old1 = nk[c1]
    old2 = nk[c2]
    on_old1 = onesk[:, c1].copy()
    on_old2 = onesk[:, c2].copy()
    nm = old1 + old2
    on_m = on_old1 + on_old2
    if split:
        # current = merged (c1 holds everyone), proposal = (n1, s1), (n2, s2)
        lik_split = 0.0
        lik_merged = 0.0
        for j in range(J):
            a1 = int(s1[j])
            a2 = int(s2[j])
            lik_split += lf[a1] + lf[n1 - a1] - lf[n1 + 1] + lf[a2] + lf[n2 - a2] - lf[n2 + 1]
            lik_merged += lf[on_m[j]] + lf[nm - on_m[j]] - lf[nm + 1]
        nk[c1] = n1
        nk[c2] = n2
        pr_split = _sticks_logprior(nk, alpha)
        nk[c1] = nm
        nk[c2] = 0
        pr_merged = _sticks_logprior(nk, alpha)
        log_a = lik_split + pr_split - lik_merged - pr_merged - logq + math.log(n_e)
    else:
        lik_split = 0.0
        lik_merged = 0.0
        for j in range(J):
            lik_split += lf[on_old1[j]] + lf[old1 - on_old1[j]] - lf[old1 + 1]
            lik_split += lf[on_old2[j]] + lf[old2 - on_old2[j]] - lf[old2 + 1]
            lik_merged += lf[on_m[j]] + lf[nm - on_m[j]] - lf[nm + 1]
        pr_split = _sticks_logprior(nk, alpha)
        nk[c1] = nm
        nk[c2] = 0
        pr_merged = _sticks_logprior(nk, alpha)
        nk[c1] = old1
        nk[c2] = old2
        log_a = lik_merged + pr_merged - lik_split - pr_split + logq - math.log(n_e)
    if not (log_a >= 0.0 or math.log(rng.random()) < log_a):
        return 0
    if split:
        for p in range(m1):
            moved = A[p, c1] - new1[p]
            A[p, c1] = new1[p]
            A[p, c2] = moved
        nk[c1] = n1
        nk[c2] = n2
        for j in range(J):
            onesk[j, c1] = int(s1[j])
            onesk[j, c2] = int(s2[j])
        return 1
    for p in range(m1):
        A[p, c1] += A[p, c2]
        A[p, c2] = 0
    nk[c1] = nm
    nk[c2] = 0
    for j in range(J):
        onesk[j, c1] = on_m[j]
        onesk[j, c2] = 0
    return 2
