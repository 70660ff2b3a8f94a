"""LCMCR: Bayesian non-parametric latent-class capture-recapture (Manrique-Vallier 2016).

People differ in how likely each list is to record them; LCMCR models that heterogeneity
with up to K latent classes (truncated stick-breaking, concentration alpha ~ Gamma(a, b)),
lists independent within a class with inclusion probability lambda_jk ~ Beta(1, 1), and a
1/N prior on the population size. The Gibbs sweep itself is compiled (`lcmcr_kernel`).

Vigil runs several chains from dispersed starting points, in parallel threads, each with its
own random stream derived from `seed`, and pools their draws only after checking that they
agree (split rank-normalised R-hat and bulk ESS). When they do not, the result says so in
`diagnostics["converged"]` and `diagnostics["warning"]` instead of quietly reporting one chain.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

from vigil.errors import EstimationRefused, InvalidValue
from vigil.estimate.diagnostics import bulk_ess, rhat
from vigil.estimate.lcmcr_kernel import run_chain
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable

ProgressFn = Callable[[int, int], None]
"""Called with (sweeps done over all chains, total sweeps) from the sampling threads."""

RHAT_MAX = 1.05
ESS_MIN = 100.0
"""Pooled bulk ESS below this means the median and interval are Monte Carlo noise.

Vehtari et al. (2021) ask for 100 per chain before trusting R-hat itself; at HRDAG settings
LCMCR on Kosovo gives about 25-150 in all, so Vigil flags below 100 in all and reports the
ESS so a reader can judge."""


@dataclass(frozen=True)
class LcmcrSettings:
    """Sampler settings; the defaults are HRDAG's production ones (burn-in 10,000, 1,000 draws
    kept from 10,000 by thinning 10, K = min(2^J - 1, 15), a_alpha = b_alpha = 0.25)."""

    classes: int | None = None
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 1_000
    thin: int = 10
    chains: int = 4
    seed: int | None = None
    level: float = 0.95
    workers: int | None = None

    def validate(self) -> None:
        if self.classes is not None and self.classes < 1:
            raise InvalidValue(f"classes must be at least 1, got {self.classes}")
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            raise InvalidValue("a_alpha and b_alpha must be positive")
        if self.burnin < 0:
            raise InvalidValue(f"burn-in must be >= 0, got {self.burnin}")
        if self.samples < 4:
            raise InvalidValue(f"samples must be at least 4, got {self.samples}")
        if self.thin < 1:
            raise InvalidValue(f"thin must be at least 1, got {self.thin}")
        if self.chains < 1:
            raise InvalidValue(f"chains must be at least 1, got {self.chains}")
        if not 0.0 < self.level < 1.0:
            raise InvalidValue(f"level must be between 0 and 1, got {self.level}")
        if self.seed is not None and self.seed < 0:
            raise InvalidValue(f"seed must be a non-negative integer, got {self.seed}")


def default_classes(n_lists: int) -> int:
    """HRDAG's choice: K = min(2^J - 1, 15)."""
    return min(2**n_lists - 1, 15)


def check_table(table: CaptureTable) -> None:
    """Refuse tables that carry no information about the unobserved (EstimationRefused)."""
    if table.n_lists < 3:
        raise EstimationRefused(
            f"LCMCR needs at least 3 lists; the table has {table.n_lists} "
            f"({', '.join(table.lists)})"
        )
    if table.observed == 0:
        raise EstimationRefused("the table records nobody; there is nothing to estimate from")
    per_list = (table.patterns.astype(np.int64) * table.counts[:, None]).sum(axis=0)
    empty = [name for name, c in zip(table.lists, per_list, strict=True) if c == 0]
    if empty:
        raise EstimationRefused(f"list(s) {', '.join(empty)} record nobody; drop them first")
    overlap = int(table.counts[table.patterns.sum(axis=1) >= 2].sum())
    if overlap == 0:
        raise EstimationRefused(
            "no one appears on two or more lists; without overlaps the number missed by every "
            "list cannot be estimated"
        )


@dataclass(frozen=True)
class ChainDraws:
    """Raw output: one row per chain of thinned draws of N, alpha and occupied classes."""

    n: NDArray[np.int64]
    alpha: NDArray[np.float64]
    occupied: NDArray[np.int64]
    classes: int


def _initial_state(
    table: CaptureTable, classes: int, chain: int, chains: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Dispersed starts: chain c starts as if the total were n x r_c, r_c from 1.1 to 6.

    Inclusion probabilities start near n_j / (n r_c) with per-class jitter, so chains begin
    on both sides of any plausible posterior and disagreement between modes can show.
    """
    J = table.n_lists
    n = table.observed
    per_list = (table.patterns.astype(np.float64) * table.counts[:, None]).sum(axis=0)
    ratio = (
        1.1 if chains == 1 else math.exp(math.log(1.1) + chain * math.log(6 / 1.1) / (chains - 1))
    )
    base = per_list / (n * ratio)
    lam = np.clip(base[:, None] * rng.uniform(0.5, 1.5, size=(J, classes)), 0.01, 0.99)
    v = rng.beta(1.0, 1.0, size=classes)
    v[-1] = 1.0
    scal = np.array([1.0, n * (ratio - 1.0)])
    return lam, v, scal


def sample_chains(
    table: CaptureTable,
    settings: LcmcrSettings | None = None,
    progress: ProgressFn | None = None,
) -> ChainDraws:
    """Run the chains and return their thinned draws (no summary, no convergence verdict)."""
    s = settings or LcmcrSettings()
    s.validate()
    check_table(table)
    K = s.classes or default_classes(table.n_lists)
    patterns = np.ascontiguousarray(table.patterns, dtype=np.uint8)
    counts = np.ascontiguousarray(table.counts, dtype=np.int64)
    seeds = np.random.SeedSequence(s.seed).spawn(s.chains)
    out_n = np.zeros((s.chains, s.samples), np.int64)
    out_a = np.zeros((s.chains, s.samples), np.float64)
    out_k = np.zeros((s.chains, s.samples), np.int64)
    total = s.chains * (s.burnin + s.samples * s.thin)
    done = [0]
    lock = threading.Lock()
    # Chunks of whole thinning intervals, so results do not depend on chunking.
    chunk_draws = max(1, 2_000 // s.thin)

    def tick(k: int) -> None:
        if progress is not None:
            with lock:
                done[0] += k
                progress(done[0], total)

    def one(c: int) -> None:
        rng = np.random.Generator(np.random.PCG64(seeds[c]))
        lam, v, scal = _initial_state(table, K, c, s.chains, rng)
        never = s.burnin + 1
        left = s.burnin
        while left > 0:
            step = min(left, 2_000)
            empty_i = np.zeros(0, np.int64)
            run_chain(
                rng,
                patterns,
                counts,
                lam,
                v,
                scal,
                s.a_alpha,
                s.b_alpha,
                step,
                never,
                empty_i,
                np.zeros(0),
                empty_i,
            )
            left -= step
            tick(step)
        start = 0
        while start < s.samples:
            stop = min(s.samples, start + chunk_draws)
            run_chain(
                rng,
                patterns,
                counts,
                lam,
                v,
                scal,
                s.a_alpha,
                s.b_alpha,
                (stop - start) * s.thin,
                s.thin,
                out_n[c, start:stop],
                out_a[c, start:stop],
                out_k[c, start:stop],
            )
            tick((stop - start) * s.thin)
            start = stop

    workers = s.workers or min(s.chains, os.cpu_count() or 1)
    if workers <= 1 or s.chains == 1:
        for c in range(s.chains):
            one(c)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for f in [pool.submit(one, c) for c in range(s.chains)]:
                f.result()
    return ChainDraws(out_n, out_a, out_k, K)


def summarize(
    draws: ChainDraws | NDArray[np.int64] | NDArray[np.float64],
    level: float = 0.95,
) -> dict[str, object]:
    """Point estimate, interval and convergence verdict from (chains, draws) of N."""
    n = draws.n if isinstance(draws, ChainDraws) else np.asarray(draws)
    if n.ndim == 1:
        n = n[None, :]
    pooled = n.reshape(-1).astype(np.float64)
    q = (1.0 - level) / 2.0
    lo, med, hi = np.quantile(pooled, [q, 0.5, 1.0 - q])
    chains = n.shape[0]
    per_chain = [float(np.median(c)) for c in n]
    r = rhat(n) if chains > 1 else math.nan
    e = bulk_ess(n)
    need_ess = ESS_MIN
    problems: list[str] = []
    if chains < 2:
        problems.append("only one chain was run, so convergence cannot be checked")
    elif not r <= RHAT_MAX:
        problems.append(
            f"chains disagree (R-hat {r:.3f} > {RHAT_MAX}); per-chain medians "
            + ", ".join(f"{m:,.0f}" for m in per_chain)
        )
    if e < need_ess:
        problems.append(f"bulk effective sample size {e:.0f} < {need_ess:.0f}")
    converged = not problems
    return {
        "estimate": float(med),
        "lower": float(lo),
        "upper": float(hi),
        "mean": float(pooled.mean()),
        "per_chain_median": per_chain,
        "rhat": None if math.isnan(r) else float(r),
        "ess_bulk": float(e),
        "converged": converged,
        "warning": None
        if converged
        else "NOT CONVERGED: "
        + "; ".join(problems)
        + ". Do not report this interval; run longer (more burn-in, more thinning) or more chains.",
    }


def lcmcr(
    table: CaptureTable,
    settings: LcmcrSettings | None = None,
    progress: ProgressFn | None = None,
) -> Estimate:
    """Estimate the total population behind `table` with LCMCR (pooled multi-chain posterior).

    The point estimate is the posterior median, the interval equal-tailed at `settings.level`;
    `draws` holds the pooled draws of N (chain after chain) for summing strata.
    """
    s = settings or LcmcrSettings()
    cd = sample_chains(table, s, progress)
    summary = summarize(cd, s.level)
    diagnostics: dict[str, object] = {
        **{k: v for k, v in summary.items() if k not in ("estimate", "lower", "upper")},
        "classes": cd.classes,
        "alpha_median": float(np.median(cd.alpha)),
        "occupied_classes_median": float(np.median(cd.occupied)),
        "settings": {**asdict(s), "classes": cd.classes},
    }
    return Estimate(
        method="lcmcr",
        observed=table.observed,
        estimate=float(summary["estimate"]),  # type: ignore[arg-type]
        lower=float(summary["lower"]),  # type: ignore[arg-type]
        upper=float(summary["upper"]),  # type: ignore[arg-type]
        level=s.level,
        lists=table.lists,
        diagnostics=diagnostics,
        draws=cd.n.reshape(-1).astype(np.float64),
    )
