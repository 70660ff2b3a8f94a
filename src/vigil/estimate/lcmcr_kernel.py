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
def _class_terms(
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    pi: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
) -> None:
    """Class weights from the sticks, and per-class log terms of the pattern probabilities:
    log P(x, class k) = base[k] + sum of dlog[j, k] over the lists j that record x."""
    J, K = lam.shape
    rest = 1.0
    for k in range(K):
        pi[k] = v[k] * rest
        rest *= 1.0 - v[k]
        logpi[k] = math.log(max(pi[k], _TINY))
    for k in range(K):
        s = logpi[k]
        for j in range(J):
            lk = lam[j, k]
            l1 = math.log(max(1.0 - lk, _TINY))
            s += l1
            dlog[j, k] = math.log(max(lk, _TINY)) - l1
        base[k] = s


@nb.njit(cache=True, nogil=True)
def _logit(x: float) -> float:
    return math.log(x) - math.log1p(-x)


@nb.njit(cache=True, nogil=True)
def _expit(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@nb.njit(cache=True, nogil=True)
def _pattern_terms(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
    e: NDArray[np.float64],
    mx: NDArray[np.float64],
    tot: NDArray[np.float64],
) -> None:
    """P(x_p, class k) = exp(mx[p]) e[p, k] for every observed pattern p; tot[p] = sum_k e[p, k].

    Shared by the ridge moves (which need P(x_p)) and the allocation of the observed people
    (which needs the weights e[p, :])."""
    m = e.shape[0]
    K = e.shape[1]
    for p in range(m):
        h = -np.inf
        for k in range(K):
            s = base[k]
            for t in range(n_ones[p]):
                s += dlog[ones[p, t], k]
            e[p, k] = s
            if s > h:
                h = s
        total = 0.0
        for k in range(K):
            x = math.exp(e[p, k] - h)
            e[p, k] = x
            total += x
        mx[p] = h
        tot[p] = total


@nb.njit(cache=True, nogil=True)
def ridge_move(
    rng: np.random.Generator,
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    alpha: float,
    pi: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    dlog: NDArray[np.float64],
    e: NDArray[np.float64],
    mx: NDArray[np.float64],
    tot: NDArray[np.float64],
    scratch: NDArray[np.float64],
    v_new: NDArray[np.float64],
    scales: NDArray[np.float64],
    b: float = 1.0,
) -> bool:
    """One Metropolis-Hastings move along the ridge that traps the Gibbs sampler.

    Why: with many lists, a class of people whom every list rarely records can hold many or
    few unobserved people with almost the same fit to the observed table; the Gibbs sampler
    moves along that ridge only through the imputed unobserved count, a small step per sweep,
    so chains sit in one mode for 10^5 sweeps. This move shifts all of one class's inclusion
    probabilities by a common amount on the logit scale and changes the class weight so that
    the share of the observed people it explains stays put (plus noise): one step along the
    ridge.

    It targets p(lambda, pi | alpha, data) with N and the class labels summed out, which under
    the 1/N prior is the prior times prod_x (P(x) / (1 - pi0))^n_x, so a sweep made of these
    moves and the Gibbs updates still leaves the LCMCR posterior unchanged. The class is picked
    with probability pi_k; the other weights are rescaled in proportion. In the coordinates
    (logit lambda_.k, logit pi_k, proportions of the other classes) the proposal is a
    volume-preserving shear plus symmetric noise, so the acceptance ratio is the ratio of the
    target densities in those coordinates (Jacobians of lambda -> logit, of the sticks ->
    weights, of the weights -> (logit pi_k, proportions)) times the ratio of the selection
    probabilities. On acceptance every cached term (pi, logpi, base, dlog, e, tot) is updated.

    At a tempered level b < 1 (`run_ladder`) the same argument holds with 1 - pi0 replaced by
    1 - q_b, q_b = sum_k pi_k (prod_j (1 - lambda_jk))^b: only the chance of being seen by
    some list is computed with the power b.
    """
    J, K = lam.shape
    m = counts.shape[0]
    u = rng.random()
    k = K - 1
    acc = 0.0
    for c in range(K):
        acc += pi[c]
        if u < acc:
            k = c
            break
    pk = pi[k]
    if not 0.0 < pk < 1.0:
        return False
    scale = scales[rng.integers(0, scales.shape[0])]
    delta = scale * rng.standard_normal()
    eta = 0.25 * scale * rng.standard_normal()
    # scratch[0, :] new lambdas of class k, scratch[1, :] their log odds.
    log_jac = 0.0
    miss_old = 0.0
    miss_new = 0.0
    for j in range(J):
        lo = lam[j, k]
        ln = _expit(_logit(lo) + delta)
        if not 0.0 < ln < 1.0:
            return False
        scratch[0, j] = ln
        l1 = math.log1p(-ln)
        scratch[1, j] = math.log(ln) - l1
        log_jac += math.log(ln) + l1 - math.log(lo) - math.log1p(-lo)
        miss_old += math.log1p(-lo)
        miss_new += l1
    seen_old = -math.expm1(b * miss_old)
    seen_new = -math.expm1(b * miss_new)
    if not (seen_old > 0.0 and seen_new > 0.0):
        return False
    pk_new = _expit(_logit(pk) + math.log(seen_old) - math.log(seen_new) + eta)
    if not 0.0 < pk_new < 1.0:
        return False
    log_r = math.log1p(-pk_new) - math.log1p(-pk)
    r = math.exp(log_r)
    # Sticks of the new weights, from suffix sums (accurate when the tail is small).
    log_prior = 0.0
    tail_old = 0.0
    tail_new = 0.0
    for c in range(K - 1, -1, -1):
        pc_new = pk_new if c == k else pi[c] * r
        tail_old += pi[c]
        tail_new += pc_new
        if c < K - 1:
            vn = pc_new / tail_new
            if not 0.0 < vn < 1.0:
                return False
            v_new[c] = vn
            # Beta(1, alpha) prior of the stick, and the Jacobian sticks -> weights.
            log_prior += (alpha - 1.0) * (math.log1p(-vn) - math.log1p(-v[c]))
            log_prior -= math.log(tail_new) - math.log(tail_old)
        else:
            v_new[c] = 1.0
    # Weights -> (logit pi_k, proportions of the others), and the selection probabilities.
    log_prior += (K - 1.0) * log_r + 2.0 * (math.log(pk_new) - math.log(pk))
    # Observed-data likelihood: sum_x n_x [log P(x) - log(1 - pi0)].
    base_k_new = math.log(pk_new) + miss_new
    seen_rest = 0.0
    for c in range(K):
        if c != k:
            seen_rest += pi[c] * -math.expm1(b * (base[c] - logpi[c]))
    loglik = -n_obs * (
        math.log(pk_new * seen_new + r * seen_rest) - math.log(pk * seen_old + seen_rest)
    )
    for p in range(m):
        s_new = base_k_new - mx[p]
        for t in range(n_ones[p]):
            s_new += scratch[1, ones[p, t]]
        ek = e[p, k]
        rest = tot[p] - ek
        if ek > 0.5 * tot[p]:  # avoid cancellation: add the other classes up again
            rest = 0.0
            for c in range(K):
                if c != k:
                    rest += e[p, c]
        e_new = math.exp(s_new)
        scratch[2, p] = e_new
        loglik += counts[p] * (math.log(rest * r + e_new) - math.log(tot[p]))
    log_acc = loglik + log_prior + log_jac
    if not (log_acc >= 0.0 or math.log(rng.random()) < log_acc):
        return False
    for c in range(K):
        v[c] = v_new[c]
        if c != k:
            pi[c] *= r
            logpi[c] += log_r
            base[c] += log_r
    pi[k] = pk_new
    logpi[k] = math.log(pk_new)
    base[k] = base_k_new
    for j in range(J):
        lam[j, k] = scratch[0, j]
        dlog[j, k] = scratch[1, j]
    for p in range(m):
        total = 0.0
        for c in range(K):
            if c == k:
                e[p, c] = scratch[2, p]
            else:
                e[p, c] *= r
            total += e[p, c]
        if not 1e-150 < total < 1e150:  # keep the row in range
            f = 1.0 / total
            for c in range(K):
                e[p, c] *= f
            mx[p] += math.log(total)
            total = 1.0
        tot[p] = total
    return True


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


@nb.njit(cache=True, nogil=True)
def _log_seen(
    pi: NDArray[np.float64], logpi: NDArray[np.float64], base: NDArray[np.float64], b: float
) -> float:
    """log(1 - q_b), q_b = sum_k pi_k (prod_j (1 - lambda_jk))^b: the tempered chance of being
    recorded by some list (base[k] - logpi[k] is the log of the product)."""
    seen = 0.0
    for k in range(pi.shape[0]):
        seen += pi[k] * -math.expm1(b * (base[k] - logpi[k]))
    return math.log(max(seen, _TINY))


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
    log(1 - q_b) (`_log_seen`, O(classes)); labels and n0 are redrawn at the start of each sweep.
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
    accepted] over all levels; `swaps[0, t]` / `swaps[1, t]`
    the swaps proposed / accepted between levels t and t + 1. With T = 1 nothing of this runs
    and no random number is spent on it: level 0 is then exactly the untempered sampler.
    """
    m, J = patterns.shape
    T = betas.shape[0]
    K = lams.shape[2]
    n_obs = 0
    for p in range(m):
        n_obs += counts[p]
    # Sparse rows: which lists record each pattern.
    # Row m is the all-zero pattern of the unobserved (used by the split-merge move).
    n_ones = np.zeros(m + 1, np.int64)
    ones = np.zeros((m + 1, J), np.int64)
    for p in range(m):
        c = 0
        for j in range(J):
            if patterns[p, j] != 0:
                ones[p, c] = j
                c += 1
        n_ones[p] = c

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
            for t in range(pt[0] % 2, T - 1, 2):
                swaps[0, t] += 1
                ra = pt[2 + t]
                rb = pt[3 + t]
                ba = betas[t]
                bb = betas[t + 1]
                log_a = -n_obs * (
                    _log_seen(pi[rb], logpi[rb], base[rb], ba)
                    + _log_seen(pi[ra], logpi[ra], base[ra], bb)
                    - _log_seen(pi[ra], logpi[ra], base[ra], ba)
                    - _log_seen(pi[rb], logpi[rb], base[rb], bb)
                )
                if log_a >= 0.0 or math.log(rng.random()) < log_a:
                    swaps[1, t] += 1
                    pt[2 + t] = rb
                    pt[3 + t] = ra
            pt[0] += 1
            # Round trips: replicas reaching level 0 after visiting the hottest level.
            pt[2 + T + pt[2 + T - 1]] = -1
            r0 = pt[2]
            if pt[2 + T + r0] == -1:
                pt[1] += 1
            pt[2 + T + r0] = 1
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
                if pair_jump(
                    rng, patterns, ones[:m], n_ones[:m], counts, n_obs, tops, lam, v, pi[r], alpha
                ):
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
            pr = pi[r]
            # Heaviest classes first (insertion sort: K is small and the order changes little).
            for i in range(1, K):
                c = order[i]
                q = i - 1
                while q >= 0 and pr[order[q]] < pr[c]:
                    order[q + 1] = order[q]
                    q -= 1
                order[q + 1] = c
            for k in range(K):
                nk[k] = 0
                for j in range(J):
                    onesk[j, k] = 0
            # Allocate each observed pattern's people to classes.
            er = e[r]
            for p in range(m):
                _multinomial_into(rng, counts[p], er[p], order, alloc)
                for k in range(K):
                    a = alloc[k]
                    A[p, k] = a
                    if a != 0:
                        nk[k] += a
                        for q in range(n_ones[p]):
                            onesk[ones[p, q], k] += a
            # Unobserved people: n0 ~ NegBin(n, 1 - pi0) under the 1/N prior, then their classes;
            # at a tempered level with pi_k (prod_j (1 - lambda_jk))^b in place of P(0, k).
            br = base[r]
            hb = -np.inf
            if b == 1.0:
                for k in range(K):
                    w[k] = br[k]
            else:
                lp = logpi[r]
                for k in range(K):
                    w[k] = lp[k] + b * (br[k] - lp[k])
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
                A[m, k] = 0
            if n0 > 0:
                _multinomial_into(rng, int(n0), w, order, alloc)
                for k in range(K):
                    nk[k] += alloc[k]
                    A[m, k] = alloc[k]
            if splits > 0 and t == 0:
                n_all = n_obs + int(n0)
                if lf.shape[0] < n_all + 3:  # log i and log i! tables, grown as N grows
                    size = 2 * n_all + 3
                    ll = np.zeros(size)
                    lf = np.zeros(size)
                    for i in range(1, size):
                        ll[i] = math.log(i)
                        lf[i] = lf[i - 1] + ll[i]
                    seq = np.empty(size, np.int64)
                for _ in range(splits):
                    stats[2] += 1
                    res = split_merge(rng, ones, n_ones, A, nk, onesk, alpha, lf, ll, seq, work)
                    if res > 0:
                        stats[2 + res] += 1
            # List inclusion probabilities, Beta(1, 1) prior; at a tempered level the
            # unobserved people count b times each.
            for k in range(K):
                if nk[k] == 0:  # Beta(1, 1) posterior of an empty class: a uniform is cheaper
                    for j in range(J):
                        lam[j, k] = rng.random()
                elif b == 1.0:
                    for j in range(J):
                        lam[j, k] = rng.beta(1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k])
                else:
                    shed = (1.0 - b) * A[m, k]
                    for j in range(J):
                        lam[j, k] = rng.beta(1.0 + onesk[j, k], 1.0 + nk[k] - onesk[j, k] - shed)
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
            scals[r, 0] = alpha
            scals[r, 1] = float(n0)
            if t == 0 and (sweep + 1) % thin == 0 and rec < out_n.shape[0]:
                out_n[rec] = n_obs + n0
                out_alpha[rec] = alpha
                occ = 0
                for k in range(K):
                    if nk[k] > 0:
                        occ += 1
                out_kstar[rec] = occ
                rec += 1


@nb.njit(cache=True, nogil=True)
def collapsed_logpost(
    patterns: NDArray[np.uint8],
    counts: NDArray[np.int64],
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    alpha: float,
    a_alpha: float,
    b_alpha: float,
) -> float:
    """log p(lambda, sticks, alpha | data) up to a constant, with N and every label summed out.

    Under the 1/N prior, sum over n0 of (1/N) N! / (n0! prod n_x!) P0^n0 prod P(x)^n_x is
    (n - 1)! / prod n_x! prod P(x)^n_x (1 - P0)^-n, so the density is the prior (Beta(1, 1)
    inclusion probabilities, Beta(1, alpha) sticks, Gamma(a, b) alpha) times prod over the
    observed patterns of (P(x) / (1 - P0))^n_x, P(x) = sum_k pi_k prod_j lambda_jk^x_j
    (1 - lambda_jk)^(1 - x_j), P0 = P(nobody records). It compares states of different chains
    on one scale: the Gibbs sampler cannot, since it moves in the space augmented with n0 and
    the labels, where a state can trap it although its marginal density is far lower. Cost
    O(patterns x classes x lists).
    """
    m, J = patterns.shape
    K = v.shape[0]
    pi = np.empty(K)
    logpi = np.empty(K)
    base = np.empty(K)
    dlog = np.empty((J, K))
    _class_terms(lam, v, pi, logpi, base, dlog)
    n_ones = np.zeros(m, np.int64)
    ones = np.zeros((m, J), np.int64)
    for p in range(m):
        c = 0
        for j in range(J):
            if patterns[p, j] != 0:
                ones[p, c] = j
                c += 1
        n_ones[p] = c
    e = np.empty((m, K))
    mx = np.empty(m)
    tot = np.empty(m)
    _pattern_terms(ones, n_ones, base, dlog, e, mx, tot)
    n = 0
    s = 0.0
    for p in range(m):
        n += counts[p]
        s += counts[p] * (mx[p] + math.log(tot[p]))
    s -= n * _log_seen(pi, logpi, base, 1.0)
    # Priors: Gamma(a, b) on alpha, Beta(1, alpha) on the K - 1 free sticks.
    s += (a_alpha - 1.0) * math.log(alpha) - b_alpha * alpha
    for k in range(K - 1):
        s += math.log(alpha) + (alpha - 1.0) * math.log1p(-min(v[k], 1.0 - 1e-12))
    return s


# ---------------------------------------------------------------------------------------------
# Mode-jumping move on a pair of classes, in the space with N and the labels summed out.

_DF = 8.0  # degrees of freedom of the multivariate t proposals
_MINOR_A = 0.1  # the minor class's share of the pair is Beta(_MINOR_A, 1) in the merge component
_NEWTON_STEPS = 8  # after EM; the fit need not converge, it only has to be the same both ways


@nb.njit(cache=True, nogil=True)
def _log_sigmoid(x: float) -> float:
    if x >= 0.0:
        return -math.log1p(math.exp(-x))
    return x - math.log1p(math.exp(x))


@nb.njit(cache=True, nogil=True)
def _pair_rest(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
    k1: int,
    k2: int,
    lrest: NDArray[np.float64],
) -> float:
    """log of the other classes' share of each observed pattern's probability (into lrest) and
    their share of the all-zero pattern (returned): what stays fixed while the pair moves."""
    m = lrest.shape[0]
    J, K = lam.shape
    use = np.ones(K, np.bool_)
    use[k1] = False
    use[k2] = False
    base = np.zeros(K)
    dlog = np.zeros((J, K))
    g = 0.0
    for c in range(K):
        if use[c] and pi[c] > 0.0:
            s = 0.0
            for j in range(J):
                l1 = math.log1p(-min(lam[j, c], 1.0 - 1e-16))
                s += l1
                dlog[j, c] = math.log(max(lam[j, c], _TINY)) - l1
            g += pi[c] * math.exp(s)
            base[c] = math.log(pi[c]) + s
        else:
            use[c] = False
    terms = np.empty(K)
    for p in range(m):
        h = -np.inf
        for c in range(K):
            if use[c]:
                s = base[c]
                for t in range(n_ones[p]):
                    s += dlog[ones[p, t], c]
                terms[c] = s
                h = max(h, s)
        if h == -np.inf:
            lrest[p] = -np.inf
            continue
        tot = 0.0
        for c in range(K):
            if use[c]:
                tot += math.exp(terms[c] - h)
        lrest[p] = h + math.log(tot)
    return g


@nb.njit(cache=True, nogil=True)
def _pair_obj(
    x: NDArray[np.float64],
    n_cls: int,
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    lrest: NDArray[np.float64],
    g_rest: float,
    s: float,
    grad: NDArray[np.float64],
    pis: NDArray[np.float64],
    k1: int,
    k2: int,
    alpha: float,
) -> float:
    """Negative log density of the pair given the rest, in logit coordinates, and its gradient.

    x = (logit lambda of class A = k1, [logit lambda of class B = k2, logit of A's share u of
    the pair]); with n_cls = 1, A holds the whole share s and the stick prior is left out (this
    only centres and scales the proposals; the acceptance ratio uses the exact density). `pis`:
    the class weights (those of the pair are ignored)."""
    m = counts.shape[0]
    J = ones.shape[1]
    lw = np.empty(2)
    if n_cls == 2:
        lw[0] = math.log(s) + _log_sigmoid(x[2 * J])
        lw[1] = math.log(s) + _log_sigmoid(-x[2 * J])
    else:
        lw[0] = math.log(s)
    for i in range(grad.shape[0]):
        grad[i] = 0.0
    val = 0.0
    lmiss = np.zeros(2)
    for c in range(n_cls):
        for j in range(J):
            xi = x[c * J + j]
            l1 = _log_sigmoid(-xi)
            lmiss[c] += l1
            val += _log_sigmoid(xi) + l1  # logit Jacobian of the uniform prior
            grad[c * J + j] += 1.0 - 2.0 * _expit(xi)
    lf = np.empty(2)
    wf = np.empty(2)
    rsum = np.zeros(2)  # expected observed people in each class
    du = 0.0  # d/du of the log likelihood (n_cls = 2)
    for p in range(m):
        h = lrest[p]
        for c in range(n_cls):
            s_ = lw[c] + lmiss[c]
            for t in range(n_ones[p]):
                j = ones[p, t]
                s_ += x[c * J + j]  # log lam - log(1 - lam) = logit
            lf[c] = s_
            if s_ > h:
                h = s_
        tot = math.exp(lrest[p] - h) if lrest[p] > -np.inf else 0.0
        for c in range(n_cls):
            wf[c] = math.exp(lf[c] - h)
            tot += wf[c]
        val += counts[p] * (h + math.log(tot))
        for c in range(n_cls):
            r = counts[p] * wf[c] / tot
            if r == 0.0:
                continue
            rsum[c] += r
            for t in range(n_ones[p]):
                grad[c * J + ones[p, t]] += r
        if n_cls == 2:  # d log P / du with w_A = s u, w_B = s (1 - u): s (f_A - f_B) / P
            fa = math.exp(min(lf[0] - lw[0] - h, 700.0))
            fb = math.exp(min(lf[1] - lw[1] - h, 700.0))
            du += counts[p] * s * (fa - fb) / tot
    # -n log(1 - P0), P0 = g_rest + sum_c w_c g_c
    p0 = g_rest
    gc = np.empty(2)
    for c in range(n_cls):
        gc[c] = math.exp(lmiss[c])
        p0 += math.exp(lw[c]) * gc[c]
    if not p0 < 1.0:
        for i in range(grad.shape[0]):
            grad[i] = 0.0
        return np.inf
    val -= n_obs * math.log1p(-p0)
    f0 = n_obs / (1.0 - p0)
    for c in range(n_cls):
        wg = rsum[c] + f0 * math.exp(lw[c]) * gc[c]
        for j in range(J):
            grad[c * J + j] -= wg * _expit(x[c * J + j])
    if n_cls == 2:
        z = x[2 * J]
        u = _expit(z)
        du += f0 * s * (gc[0] - gc[1])
        val += _log_sigmoid(z) + _log_sigmoid(-z)  # Jacobian of u -> logit u
        grad[2 * J] = du * u * (1.0 - u) + 1.0 - 2.0 * u
        # Stick prior in weight coordinates (see `_pi_logdens`) as a function of u.
        K = pis.shape[0]
        dp = s * u * (1.0 - u)
        t_next = 0.0
        dt_next = 0.0
        for c in range(K - 1, -1, -1):
            pc = s * u if c == k1 else (s * (1.0 - u) if c == k2 else pis[c])
            t_c = t_next + pc
            dt_c = dt_next + (dp if c == k1 else (-dp if c == k2 else 0.0))
            if c < K - 1:
                if not (t_c > 0.0 and t_next > 0.0):
                    return np.inf
                val += (alpha - 1.0) * (math.log(t_next) - math.log(t_c)) - math.log(t_c)
                grad[2 * J] += (alpha - 1.0) * (dt_next / t_next - dt_c / t_c) - dt_c / t_c
            t_next = t_c
            dt_next = dt_c
    for i in range(grad.shape[0]):
        grad[i] = -grad[i]
    return -val


@nb.njit(cache=True, nogil=True)
def _pair_em(
    init: NDArray[np.float64],
    n_cls: int,
    patterns: NDArray[np.uint8],
    counts: NDArray[np.int64],
    n_obs: int,
    lrest: NDArray[np.float64],
    g_rest: float,
    s: float,
    x: NDArray[np.float64],
) -> None:
    """EM of the pair's classes with the rest held fixed, from `init` (J, n_cls inclusion
    probabilities, equal shares), the unobserved counted at their expected number; the result
    goes to x in the coordinates of `_pair_obj`. A start for Newton's method."""
    m, J = patterns.shape
    lam = init.copy()
    w = np.full(n_cls, 1.0 / n_cls)
    num = np.empty((J, n_cls))
    den = np.empty(n_cls)
    lf = np.empty(n_cls)
    llam = np.empty((J, n_cls))
    l1lam = np.empty((J, n_cls))
    for _ in range(60):
        for c in range(n_cls):
            den[c] = 0.0
            for j in range(J):
                num[j, c] = 0.0
        for c in range(n_cls):
            for j in range(J):
                llam[j, c] = math.log(lam[j, c])
                l1lam[j, c] = math.log1p(-lam[j, c])
        for p in range(m):
            h = lrest[p]
            for c in range(n_cls):
                t = math.log(s * w[c])
                for j in range(J):
                    t += llam[j, c] if patterns[p, j] else l1lam[j, c]
                lf[c] = t
                if t > h:
                    h = t
            tot = math.exp(lrest[p] - h) if lrest[p] > -np.inf else 0.0
            for c in range(n_cls):
                lf[c] = math.exp(lf[c] - h)
                tot += lf[c]
            for c in range(n_cls):
                r = counts[p] * lf[c] / tot
                den[c] += r
                for j in range(J):
                    if patterns[p, j]:
                        num[j, c] += r
        p0 = g_rest
        gmiss = np.empty(n_cls)
        for c in range(n_cls):
            g = s * w[c]
            for j in range(J):
                g *= 1.0 - lam[j, c]
            gmiss[c] = g
            p0 += g
        n0 = n_obs * p0 / (1.0 - p0)
        tw = 0.0
        for c in range(n_cls):
            den[c] += n0 * gmiss[c] / p0
            tw += den[c]
        for c in range(n_cls):
            for j in range(J):
                lam[j, c] = min(max(num[j, c] / max(den[c], 1e-300), 1e-4), 1.0 - 1e-4)
            w[c] = max(den[c] / tw, 1e-6)
    for c in range(n_cls):
        for j in range(J):
            x[c * J + j] = _logit(lam[j, c])
    if n_cls == 2:
        x[2 * J] = _logit(min(max(w[0], 1e-6), 1.0 - 1e-6))


@nb.njit(cache=True, nogil=True)
def _pair_laplace(
    x: NDArray[np.float64],
    n_cls: int,
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    lrest: NDArray[np.float64],
    g_rest: float,
    s: float,
    chol: NDArray[np.float64],
    pis: NDArray[np.float64],
    k1: int,
    k2: int,
    alpha: float,
) -> bool:
    """At most _NEWTON_STEPS steps of Newton's method (damped, finite-difference Hessian, line
    search) from x towards the mode of `_pair_obj`; x becomes the last point and chol the lower
    Cholesky factor of the (damped) Hessian there. False when no damping makes it positive
    definite (the move is then rejected: the fit depends only on what the move keeps fixed)."""
    d = x.shape[0]
    g = np.empty(d)
    g2 = np.empty(d)
    hess = np.empty((d, d))
    xt = np.empty(d)
    f = _pair_obj(x, n_cls, ones, n_ones, counts, n_obs, lrest, g_rest, s, g, pis, k1, k2, alpha)
    if not math.isfinite(f):
        return False
    last_step = np.inf
    for it in range(_NEWTON_STEPS + 1):
        # Hessian by central differences of the gradient
        for i in range(d):
            hs = 1e-4 * max(1.0, abs(x[i]))
            for q in range(d):
                xt[q] = x[q]
            xt[i] = x[i] + hs
            _pair_obj(
                xt, n_cls, ones, n_ones, counts, n_obs, lrest, g_rest, s, g2, pis, k1, k2, alpha
            )
            for q in range(d):
                hess[i, q] = g2[q]
            xt[i] = x[i] - hs
            _pair_obj(
                xt, n_cls, ones, n_ones, counts, n_obs, lrest, g_rest, s, g2, pis, k1, k2, alpha
            )
            for q in range(d):
                hess[i, q] = (hess[i, q] - g2[q]) / (2.0 * hs)
        for i in range(d):
            for q in range(i):
                a = 0.5 * (hess[i, q] + hess[q, i])
                hess[i, q] = a
                hess[q, i] = a
        # Cholesky with growing damping until positive definite
        mu = 0.0
        ok = False
        for _ in range(30):
            ok = _cholesky(hess, mu, chol)
            if ok:
                break
            mu = 1e-3 if mu == 0.0 else mu * 10.0
        if not ok:
            return False
        if it == _NEWTON_STEPS or (it > 0 and mu == 0.0 and last_step < 1e-6):
            return True
        step = _chol_solve(chol, g)
        t = 1.0
        improved = False
        for _ in range(30):
            for q in range(d):
                xt[q] = x[q] - t * step[q]
            f2 = _pair_obj(
                xt, n_cls, ones, n_ones, counts, n_obs, lrest, g_rest, s, g2, pis, k1, k2, alpha
            )
            if f2 <= f:
                improved = True
                break
            t *= 0.5
        if not improved:
            return True
        last_step = 0.0
        for q in range(d):
            last_step = max(last_step, abs(x[q] - xt[q]))
            x[q] = xt[q]
            g[q] = g2[q]
        f = f2
    return False


@nb.njit(cache=True, nogil=True)
def _cholesky(a: NDArray[np.float64], mu: float, out: NDArray[np.float64]) -> bool:
    """Lower Cholesky factor of a + mu I into out; False if not positive definite."""
    d = a.shape[0]
    for i in range(d):
        for q in range(d):
            out[i, q] = 0.0
    for i in range(d):
        for q in range(i + 1):
            s = a[i, q] + (mu if i == q else 0.0)
            for r in range(q):
                s -= out[i, r] * out[q, r]
            if i == q:
                if not s > 0.0:
                    return False
                out[i, i] = math.sqrt(s)
            else:
                out[i, q] = s / out[q, q]
    return True


@nb.njit(cache=True, nogil=True)
def _chol_solve(chol: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Solve (L L^T) y = b."""
    d = b.shape[0]
    y = np.empty(d)
    for i in range(d):
        s = b[i]
        for r in range(i):
            s -= chol[i, r] * y[r]
        y[i] = s / chol[i, i]
    for i in range(d - 1, -1, -1):
        s = y[i]
        for r in range(i + 1, d):
            s -= chol[r, i] * y[r]
        y[i] = s / chol[i, i]
    return y


@nb.njit(cache=True, nogil=True)
def _t_logpdf(
    x: NDArray[np.float64], mode: NDArray[np.float64], chol: NDArray[np.float64]
) -> float:
    """Multivariate t (_DF degrees of freedom) with location `mode` and precision L L^T."""
    d = x.shape[0]
    quad = 0.0
    logdet = 0.0
    for q in range(d):  # (L^T (x - mode))_q
        s = 0.0
        for i in range(q, d):
            s += chol[i, q] * (x[i] - mode[i])
        quad += s * s
        logdet += math.log(chol[q, q])
    return (
        math.lgamma(0.5 * (_DF + d))
        - math.lgamma(0.5 * _DF)
        - 0.5 * d * math.log(_DF * math.pi)
        + logdet
        - 0.5 * (_DF + d) * math.log1p(quad / _DF)
    )


@nb.njit(cache=True, nogil=True)
def _t_draw(
    rng: np.random.Generator,
    mode: NDArray[np.float64],
    chol: NDArray[np.float64],
    out: NDArray[np.float64],
) -> None:
    d = mode.shape[0]
    z = np.empty(d)
    for i in range(d):
        z[i] = rng.standard_normal()
    y = np.empty(d)
    for i in range(d - 1, -1, -1):  # L^T y = z
        s = z[i]
        for r in range(i + 1, d):
            s -= chol[r, i] * y[r]
        y[i] = s / chol[i, i]
    w = math.sqrt(rng.gamma(0.5 * _DF, 2.0) / _DF)
    for i in range(d):
        out[i] = mode[i] + y[i] / w


@nb.njit(cache=True, nogil=True)
def _pi_logdens(
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
    alpha: float,
) -> float:
    """`collapsed_logpost` in the coordinates (lambda, class weights) instead of the sticks:
    the stick prior times |d sticks / d weights| = prod over k < K - 1 of 1 / tail_k, with
    log(1 - V_k) = log tail_k+1 - log tail_k (accurate for small tails). alpha's prior is left
    out (alpha is held fixed by the moves that use this)."""
    J, K = lam.shape
    logpi = np.empty(K)
    base = np.empty(K)
    dlog = np.empty((J, K))
    for k in range(K):
        logpi[k] = math.log(max(pi[k], _TINY))
        s = logpi[k]
        for j in range(J):
            lk = lam[j, k]
            l1 = math.log(max(1.0 - lk, _TINY))
            s += l1
            dlog[j, k] = math.log(max(lk, _TINY)) - l1
        base[k] = s
    m = counts.shape[0]
    e = np.empty((m, K))
    mx = np.empty(m)
    tot = np.empty(m)
    _pattern_terms(ones, n_ones, base, dlog, e, mx, tot)
    out = 0.0
    for p in range(m):
        out += counts[p] * (mx[p] + math.log(tot[p]))
    out -= n_obs * _log_seen(pi, logpi, base, 1.0)
    tail_next = pi[K - 1]
    for k in range(K - 2, -1, -1):
        tail = tail_next + pi[k]
        out += math.log(alpha) + (alpha - 1.0) * (math.log(tail_next) - math.log(tail))
        out -= math.log(tail)
        tail_next = tail
    return out


@nb.njit(cache=True, nogil=True)
def _pair_logq(
    b: NDArray[np.float64],
    J: int,
    mode_m: NDArray[np.float64],
    chol_m: NDArray[np.float64],
    modes_s: NDArray[np.float64],
    chols_s: NDArray[np.float64],
    sw: NDArray[np.float64],
) -> float:
    """log density of the pair proposal at b = (logit lambda_k1, logit lambda_k2, log(pi_k1 /
    pi_k2)): an equal mixture of the merge component and the split components, each with the
    two classes' roles either way round (probability 1/2 each)."""
    n_s = modes_s.shape[0]
    n_c = 1 + n_s
    terms = np.empty(2 * n_c)
    d = 2 * J + 1
    for i in range(J):
        sw[i] = b[J + i]
        sw[J + i] = b[i]
    sw[2 * J] = -b[2 * J]
    lw = math.log(0.5 / n_c)
    i = 0
    for side in range(2):
        x = b if side == 0 else sw
        # merge: class "A" holds all but a Beta(_MINOR_A, 1) share t = sigmoid(-z); the other
        # class's lambdas are uniform (density lambda (1 - lambda) in logit coordinates)
        z = x[2 * J]
        t = lw + _t_logpdf(x[:J], mode_m, chol_m)
        for j in range(J):
            t += _log_sigmoid(x[J + j]) + _log_sigmoid(-x[J + j])
        t += math.log(_MINOR_A) + _MINOR_A * _log_sigmoid(-z) + _log_sigmoid(z)
        terms[i] = t
        i += 1
        for c in range(n_s):
            terms[i] = lw + _t_logpdf(x[:d], modes_s[c], chols_s[c])
            i += 1
    h = -np.inf
    for q in range(terms.shape[0]):
        h = max(h, terms[q])
    acc = 0.0
    for q in range(terms.shape[0]):
        acc += math.exp(terms[q] - h)
    return h + math.log(acc)


@nb.njit(cache=True, nogil=True)
def pair_jump(
    rng: np.random.Generator,
    patterns: NDArray[np.uint8],
    ones: NDArray[np.int64],
    n_ones: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    tops: NDArray[np.int64],
    lam: NDArray[np.float64],
    v: NDArray[np.float64],
    pi: NDArray[np.float64],
    alpha: float,
) -> bool:
    """One Metropolis-Hastings jump of two classes at once, in the space with N and every label
    summed out: the move that takes Colombia's chains out of the state with one class fewer.

    Why: there, leaving that state means a new class and some 700 more unobserved people at
    once; the Gibbs sampler, which holds n0 and the labels, cannot take that step, but with
    them summed out the merged and the split configurations are two modes of a smooth density
    over theta = (lambda, weights), and a proposal fitted to each can jump between them.

    Target: p(theta | data) (`collapsed_logpost`), which under the 1/N prior is the exact
    marginal of the LCMCR posterior; any Metropolis-Hastings move that leaves it invariant,
    followed by the usual exact Gibbs draws of the labels and n0 given theta, leaves the joint
    posterior invariant (the draws of labels and n0 come from their conditional given theta,
    so (theta, labels, n0) keeps the joint law). alpha is held fixed.

    Move: a pair {k1, k2} is picked by k1 with probability pi_k1 and k2 near it (weight
    2^-(|k2 - k1| - 1)); the ratio of the probabilities of picking the pair after and before
    enters the acceptance ratio. The pair's parameters b = (logit lambda_k1, logit lambda_k2,
    log(pi_k1 / pi_k2)) get an independence proposal given everything the move keeps (the
    other classes, s, the data): an equal mixture of a "merge" component (one class holding
    nearly all of s, its lambdas from a multivariate t around the mode of the one-class fit,
    the other class's lambdas uniform and its share Beta(0.1, 1)) and "split" components (two
    classes, multivariate t around the mode of the two-class fit started from the people on /
    not on each of the most-recorded lists), each with the roles of k1 and k2 either way.
    Modes by EM then Newton's method on the pair given the rest; scales from the Hessian.
    As the proposal depends only on what the move keeps, the same mixture serves the reverse
    move, and the acceptance ratio is p(b') q(b) / (p(b) q(b')), p the target in these
    coordinates (`_pi_logdens` times the Jacobians of the logits). Rejects outright (which
    keeps the chain where it is) when a fit fails, or when the new sticks would round to 1.
    Cost on Colombia (20 lists): about 14 ms, some 400 plain sweeps (EM and up to
    _NEWTON_STEPS Newton steps with finite-difference Hessians for each of the four fits).
    Measured there from the state where chains stick: about 1 proposal in 60 is accepted, nearly
    all of them reshuffling the two big classes, and a split that opens the high mode only once
    in several hundred proposals (a pair is not enough: a third class has to move with them).
    """
    m, J = patterns.shape
    K = v.shape[0]
    if K < 2:
        return False
    u = rng.random()
    k1 = K - 1
    acc = 0.0
    for c in range(K):
        acc += pi[c]
        if u < acc:
            k1 = c
            break
    # k2 near k1 (weight 2^-(distance - 1)): the stick prior makes a heavy class far down the
    # order improbable, so a split into a distant empty class is rarely accepted.
    zsum = np.zeros(K)
    for a in range(K):
        for c in range(K):
            if c != a:
                zsum[a] += 0.5 ** (abs(c - a) - 1)
    u = rng.random() * zsum[k1]
    k2 = -1
    acc = 0.0
    for c in range(K):
        if c != k1:
            acc += 0.5 ** (abs(c - k1) - 1)
            if u < acc:
                k2 = c
                break
    if k2 < 0:
        k2 = K - 1 if k1 != K - 1 else K - 2
    s = pi[k1] + pi[k2]
    if not (s > 1e-8 and pi[k1] > 0.0 and pi[k2] > 0.0):
        return False
    for j in range(J):
        if not (0.0 < lam[j, k1] < 1.0 and 0.0 < lam[j, k2] < 1.0):
            return False
    lrest = np.empty(m)
    g_rest = _pair_rest(ones, n_ones, lam, pi, k1, k2, lrest)
    # Starting profiles from the data: everyone, and the people on / not on each top list.
    n_s = tops.shape[0]
    d = 2 * J + 1
    init = np.empty((J, 2))
    mode_m = np.empty(J)
    chol_m = np.empty((J, J))
    modes_s = np.empty((n_s, d))
    chols_s = np.empty((n_s, d, d))
    for j in range(J):
        tot = 0.0
        for p in range(m):
            if patterns[p, j]:
                tot += counts[p]
        init[j, 0] = min(max(tot / n_obs, 0.01), 0.99)
    _pair_em(init[:, :1].copy(), 1, patterns, counts, n_obs, lrest, g_rest, s, mode_m)
    if not _pair_laplace(
        mode_m, 1, ones, n_ones, counts, n_obs, lrest, g_rest, s, chol_m, pi, k1, k2, alpha
    ):
        return False
    for c in range(n_s):
        js = tops[c]
        on = 0.0
        off = 0.0
        for j in range(J):
            init[j, 0] = 0.0
            init[j, 1] = 0.0
        for p in range(m):
            if patterns[p, js]:
                on += counts[p]
            else:
                off += counts[p]
            for j in range(J):
                if patterns[p, j]:
                    if patterns[p, js]:
                        init[j, 0] += counts[p]
                    else:
                        init[j, 1] += counts[p]
        for j in range(J):
            init[j, 0] = min(max(init[j, 0] / max(on, 1.0), 0.01), 0.99)
            init[j, 1] = min(max(init[j, 1] / max(off, 1.0), 0.01), 0.99)
        _pair_em(init, 2, patterns, counts, n_obs, lrest, g_rest, s, modes_s[c])
        if not _pair_laplace(
            modes_s[c],
            2,
            ones,
            n_ones,
            counts,
            n_obs,
            lrest,
            g_rest,
            s,
            chols_s[c],
            pi,
            k1,
            k2,
            alpha,
        ):
            return False
    # Current and proposed pair parameters.
    b_old = np.empty(d)
    for j in range(J):
        b_old[j] = _logit(lam[j, k1])
        b_old[J + j] = _logit(lam[j, k2])
    b_old[2 * J] = math.log(pi[k1]) - math.log(pi[k2])
    b_new = np.empty(d)
    comp = int(rng.integers(0, 1 + n_s))
    if comp == 0:
        _t_draw(rng, mode_m, chol_m, b_new[:J])
        for j in range(J):
            x = rng.random()
            if x <= 0.0:
                return False
            b_new[J + j] = _logit(x)
        t = rng.beta(_MINOR_A, 1.0)
        if not 0.0 < t < 1.0:
            return False
        b_new[2 * J] = math.log1p(-t) - math.log(t)
    else:
        _t_draw(rng, modes_s[comp - 1], chols_s[comp - 1], b_new)
    if rng.random() < 0.5:
        for j in range(J):
            x = b_new[j]
            b_new[j] = b_new[J + j]
            b_new[J + j] = x
        b_new[2 * J] = -b_new[2 * J]
    # New state of the pair (weights from log(pi_k1 / pi_k2) = z and their sum s).
    z = b_new[2 * J]
    pi_new = pi.copy()
    pi_new[k1] = s * math.exp(_log_sigmoid(z))
    pi_new[k2] = s * math.exp(_log_sigmoid(-z))
    if not (pi_new[k1] > 0.0 and pi_new[k2] > 0.0):
        return False
    v_new = np.empty(K)
    tail = 0.0
    for c in range(K - 1, -1, -1):
        tail += pi_new[c]
        if c < K - 1:
            v_new[c] = pi_new[c] / tail
            if not v_new[c] <= 1.0 - 1e-12:
                return False
        else:
            v_new[c] = 1.0
    lam_new = lam.copy()
    for j in range(J):
        lam_new[j, k1] = _expit(b_new[j])
        lam_new[j, k2] = _expit(b_new[J + j])
        if not (0.0 < lam_new[j, k1] < 1.0 and 0.0 < lam_new[j, k2] < 1.0):
            return False
    jac_old = _log_sigmoid(b_old[2 * J]) + _log_sigmoid(-b_old[2 * J])
    jac_new = _log_sigmoid(z) + _log_sigmoid(-z)
    for j in range(d - 1):
        jac_old += _log_sigmoid(b_old[j]) + _log_sigmoid(-b_old[j])
        jac_new += _log_sigmoid(b_new[j]) + _log_sigmoid(-b_new[j])
    sw = np.empty(d)
    # P(pick the pair) = w (pi_k1 / zsum_k1 + pi_k2 / zsum_k2): its ratio enters the acceptance.
    sel_old = pi[k1] / zsum[k1] + pi[k2] / zsum[k2]
    sel_new = pi_new[k1] / zsum[k1] + pi_new[k2] / zsum[k2]
    log_a = (
        math.log(sel_new)
        - math.log(sel_old)
        + _pi_logdens(ones, n_ones, counts, n_obs, lam_new, pi_new, alpha)
        + jac_new
        - _pi_logdens(ones, n_ones, counts, n_obs, lam, pi, alpha)
        - jac_old
        + _pair_logq(b_old, J, mode_m, chol_m, modes_s, chols_s, sw)
        - _pair_logq(b_new, J, mode_m, chol_m, modes_s, chols_s, sw)
    )
    if not (log_a >= 0.0 or math.log(rng.random()) < log_a):
        return False
    for j in range(J):
        lam[j, k1] = lam_new[j, k1]
        lam[j, k2] = lam_new[j, k2]
    for c in range(K):
        v[c] = v_new[c]
        pi[c] = pi_new[c]
    return True
