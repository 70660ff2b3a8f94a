"""MCMC convergence checks across chains: split rank-normalised R-hat and bulk ESS.

Following Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021, Bayesian Analysis 16:667):
chains are split in half (so a drift inside one chain shows up as disagreement), pooled draws
are replaced by normal scores of their ranks (so heavy tails of N do not hide disagreement),
and R-hat compares between- and within-chain variance. Bulk ESS uses the same normal scores
with Geyer's initial monotone sequence estimator of the autocorrelation time.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from vigil.errors import InvalidValue


def _as_chains(draws: ArrayLike) -> NDArray[np.float64]:
    x = np.asarray(draws, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] < 4:
        raise InvalidValue("diagnostics need a (chains, draws) array with at least 4 draws")
    if not np.all(np.isfinite(x)):
        raise InvalidValue("diagnostics need finite draws")
    return x


def split_chains(draws: ArrayLike) -> NDArray[np.float64]:
    """(M, N) -> (2M, N//2): each chain's first and second halves as separate chains."""
    x = _as_chains(draws)
    half = x.shape[1] // 2
    return np.concatenate([x[:, :half], x[:, x.shape[1] - half :]], axis=0)


def rank_normalize(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Normal scores of the pooled ranks (ties get average ranks), same shape as x."""
    r = stats.rankdata(x, method="average").reshape(x.shape)
    s = x.size
    return np.asarray(stats.norm.ppf((r - 0.375) / (s + 0.25)), dtype=np.float64)


def _rhat_basic(x: NDArray[np.float64]) -> float:
    m, n = x.shape
    w = float(np.mean(np.var(x, axis=1, ddof=1)))
    b_over_n = float(np.var(np.mean(x, axis=1), ddof=1)) if m > 1 else 0.0
    if w <= 0.0:
        # Constant within every chain: agree only if all chains sit on the same value.
        return 1.0 if b_over_n == 0.0 else math.inf
    var_plus = w * (n - 1) / n + b_over_n
    return math.sqrt(var_plus / w)


def rhat(draws: ArrayLike) -> float:
    """Split, rank-normalised R-hat: max of the bulk and the folded (tail) versions.

    Values near 1 mean the chains agree; above about 1.01-1.05 they do not.
    """
    x = split_chains(draws)
    bulk = _rhat_basic(rank_normalize(x))
    folded = np.abs(x - np.median(x))
    tail = _rhat_basic(rank_normalize(folded))
    return max(bulk, tail)


def _autocovariance(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Autocovariance of one chain at every lag, by FFT (biased, divides by n)."""
    n = x.shape[0]
    y = x - x.mean()
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(y, size)
    ac = np.fft.irfft(f * np.conj(f), size)[:n]
    return np.asarray(ac / n, dtype=np.float64)


def ess(draws: ArrayLike, *, split: bool = True, rank: bool = False) -> float:
    """Effective sample size of (chains, draws) with Geyer's initial monotone sequence."""
    x = split_chains(draws) if split else _as_chains(draws)
    if rank:
        x = rank_normalize(x)
    m, n = x.shape
    acov = np.stack([_autocovariance(c) for c in x])
    chain_var = acov[:, 0] * n / (n - 1)
    w = float(np.mean(chain_var))
    b_over_n = float(np.var(x.mean(axis=1), ddof=1)) if m > 1 else 0.0
    var_plus = w * (n - 1) / n + b_over_n
    if var_plus <= 0.0:
        return float(m * n)
    rho = 1.0 - (w - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Sum autocorrelations in pairs while the pair sums stay positive, forcing them monotone.
    total = 0.0
    prev = math.inf
    t = 0
    while t + 1 < n:
        pair = float(rho[t] + rho[t + 1])
        if pair < 0.0:
            break
        pair = min(pair, prev)
        total += pair
        prev = pair
        t += 2
    tau = max(-1.0 + 2.0 * total, 1.0 / math.log10(max(m * n, 10)))
    return float(m * n / tau)


def bulk_ess(draws: ArrayLike) -> float:
    """Bulk effective sample size: ESS of the split, rank-normalised chains."""
    return ess(draws, split=True, rank=True)
