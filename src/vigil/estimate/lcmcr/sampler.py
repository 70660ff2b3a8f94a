"""LCMCR: Bayesian non-parametric latent-class capture-recapture (Manrique-Vallier 2016).

People differ in how likely each list is to record them; LCMCR models that heterogeneity
with up to K latent classes (truncated stick-breaking, concentration alpha ~ Gamma(a, b)),
lists independent within a class with inclusion probability lambda_jk ~ Beta(1, 1), and a
1/N prior on the population size. The Gibbs sweep itself is compiled (`kernel`).

Vigil runs several chains from dispersed starting points, in parallel threads, each with its
own random stream derived from `seed`, and pools their draws only after checking that they
agree (split rank-normalised R-hat and bulk ESS). When they do not, the result says so in
`diagnostics["converged"]` and `diagnostics["warning"]` instead of quietly reporting one chain.

Two additions to the reference sampler make chains agree on many-list tables such as the
20-list Colombia one, where R LCMCR's chains stay apart: label-switching moves
(`labels`), without which a chain keeps its classes in one stick-breaking order, and
candidate starts (`LcmcrSettings.starts`), which keep a burn-in from ending in a state with one
class fewer whose collapsed density is far below the others'. The moves leave the posterior
unchanged; the candidates only choose where a chain begins. README, "LCMCR convergence,
honestly", gives the measurements.

Each chain can be run as a parallel-tempering ladder (`temperatures`), with split-merge moves
(`split_moves`) or pair and triple jumps (`jump_every`, `jump_classes`); all are off by default
(they did not help on Colombia) and live in `lcmcr.experimental`, which is imported, and so
compiled by numba, only when a run turns one of them on (`LcmcrSettings.experimental`).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from vigil.errors import EstimationRefused, InvalidValue
from vigil.estimate.diagnostics import bulk_ess, rhat
from vigil.estimate.lcmcr.density import collapsed_logpost
from vigil.estimate.lcmcr.kernel import run_chain
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable

_D = TypeVar("_D", np.int64, np.float64)

ProgressFn = Callable[[int, int], None]
"""Called with (sweeps done over all chains, total sweeps) from the sampling threads."""

RHAT_MAX = 1.01
ESS_MIN = 400.0
"""Convergence targets of Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021, Bayesian
Analysis 16:667): split rank-normalised R-hat below 1.01 and a bulk effective sample size of
at least 400 over 4 chains (100 per chain), so the median and the interval ends are not Monte
Carlo noise. Runs that stop short of them are reported as not converged."""


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
    ridge_moves: int = 1
    """Metropolis-Hastings ridge moves per sweep (`ridge.ridge_move`); 0: plain Gibbs."""
    split_moves: int = 0
    """Split-merge proposals on the latent classes per sweep (`experimental.split_merge`).
    Off by default: the move is exact, but on Colombia it is accepted for about 1 in 7,000
    proposals, makes a sweep about 3.7 times slower, and did not make the chains agree."""
    label_moves: int = 1
    """Rounds of the two label-switching moves per sweep (`labels.label_swaps`; 0: none,
    the former sampler, with `starts=1` bit for bit). They let classes change places in the
    stick-breaking order, which the Gibbs sweep alone never does."""
    adapt: bool = True
    """Keep sampling the same chains, doubling the run, until the targets are met."""
    max_sweeps: int = 1_300_000
    """Cap on sweeps per chain (burn-in included, other candidate starts' probes not) for the
    adaptive extension. On Colombia two seeds in 16 needed 667,500; a run that reaches the
    cap takes about 80 s there, and a few seconds on four-list tables such as Kosovo."""
    target_rhat: float = RHAT_MAX
    target_ess: float = ESS_MIN
    temperatures: int = 1
    """Levels of the parallel-tempering ladder per chain (1: no tempering, the plain sampler bit
    for bit). Each level costs a sweep, so a chain's sweep costs about this many plain sweeps;
    only level 0, the LCMCR posterior, is recorded."""
    jump_every: int = 0
    """Mean number of sweeps between mode-jumping moves on a pair of classes
    (`jump.pair_jump`; 0: none). Off by default: the move is exact but costs about 14 ms
    (some 400 plain sweeps on Colombia), and there it rarely proposes an accepted split: from
    the N = 1,409 state, 1 of 4 chains left within 20,000 sweeps at one jump every 50."""
    jump_classes: int = 2
    """Classes moved by each mode-jumping move: 2 (`jump.pair_jump`) or 3
    (`triple.triple_jump`: two fitted classes plus a spare against three fitted ones)."""
    starts: int = 8
    """Candidate starting points tried per chain (1: the dispersed start alone). Together they
    run twice the burn-in (2,500 sweeps each by default); the one whose state has the highest
    posterior density with N and the labels summed out (`density.collapsed_logpost`,
    averaged over three points) goes on. This only chooses where a chain starts (every recorded
    draw comes from the sampler as before) and each chain chooses among its own candidates.
    Why: on the 20-list Colombia table about one burn-in in five ends in a state with one
    latent class fewer (N near 1,410) that the sampler keeps for millions of sweeps, although
    its collapsed log density is 50-100 below the other chains' (README, "LCMCR convergence,
    honestly")."""
    hottest: float = 0.6
    """Power b of the hottest level; the levels are spaced geometrically from 1 down to it. On
    Colombia a lone chain at b = 0.6 started in the low state leaves it (every draw of 20,000
    sweeps above N = 1,700), a ladder down to 0.8 does not; 8 levels down to 0.6 (a factor of
    0.93 apart) give swap acceptance 0.23-0.50."""

    @property
    def experimental(self) -> bool:
        """True when a move of `lcmcr.experimental` is on (tempering, split-merge, jumps)."""
        return self.temperatures > 1 or self.split_moves > 0 or self.jump_every > 0

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
        if self.ridge_moves < 0:
            raise InvalidValue(f"ridge_moves must be >= 0, got {self.ridge_moves}")
        if self.split_moves < 0:
            raise InvalidValue(f"split_moves must be >= 0, got {self.split_moves}")
        if self.label_moves < 0:
            raise InvalidValue(f"label_moves must be >= 0, got {self.label_moves}")
        if self.max_sweeps < 1:
            raise InvalidValue(f"max_sweeps must be positive, got {self.max_sweeps}")
        if self.seed is not None and self.seed < 0:
            raise InvalidValue(f"seed must be a non-negative integer, got {self.seed}")
        if self.jump_every < 0:
            raise InvalidValue(f"jump_every must be >= 0, got {self.jump_every}")
        if self.jump_classes not in (2, 3):
            raise InvalidValue(f"jump_classes must be 2 or 3, got {self.jump_classes}")
        if self.temperatures < 1:
            raise InvalidValue(f"temperatures must be at least 1, got {self.temperatures}")
        if self.starts < 1:
            raise InvalidValue(f"starts must be at least 1, got {self.starts}")
        if not 0.0 < self.hottest < 1.0:
            raise InvalidValue(f"hottest must be between 0 and 1, got {self.hottest}")


def default_classes(n_lists: int) -> int:
    """HRDAG's choice: K = min(2^J - 1, 15)."""
    return min(2**n_lists - 1, 15)


def ladder(levels: int, hottest: float) -> NDArray[np.float64]:
    """Powers of the tempering levels: 1, then geometrically down to `hottest`."""
    if levels == 1:
        return np.ones(1)
    return np.exp(np.linspace(0.0, math.log(hottest), levels))


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
    thin: int = 1
    sweeps_per_chain: int = 0
    rounds: int = 1
    ridge_acceptance: float | None = None
    split_acceptance: float | None = None
    """Share of split-merge proposals accepted (splits and merges together)."""
    jump_acceptance: float | None = None
    """Share of pair mode-jumping proposals accepted."""
    label_acceptance: float | None = None
    """Share of label-switching proposals accepted (both moves together)."""
    temperatures: tuple[float, ...] = (1.0,)
    swap_acceptance: tuple[float, ...] = ()
    """Per neighbouring pair of levels, share of swaps accepted (all chains)."""
    round_trips: tuple[int, ...] = ()
    """Per chain, states that went from the hottest level back down to level 0."""
    start_log_density: NDArray[np.float64] | None = None
    """(chains, starts): each candidate start's collapsed log density after its probe."""
    log_density: NDArray[np.float64] | None = None
    """(chains, stretches): the collapsed log posterior density (`collapsed_logpost`, N and
    labels summed out) of each chain's state after each recorded stretch of about 2,000
    sweeps; None when tempered. Chains stuck in different modes differ here too. It is not a
    mode's posterior mass: a broad mode has lower typical density than a narrow one of equal
    mass, so it shows where chains are, not which is right."""


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


def _targets_met(n: NDArray[np.int64], s: LcmcrSettings) -> bool:
    if n.shape[0] < 2:
        return False
    return bool(rhat(n) <= s.target_rhat and bulk_ess(n) >= s.target_ess)


def _every_other(old: NDArray[_D], new: NDArray[_D]) -> NDArray[_D]:
    """Every other draw of a doubled run: same number of draws, twice the thinning."""
    return np.concatenate([old, new], axis=1)[:, 1::2].copy()


def sample_chains(
    table: CaptureTable,
    settings: LcmcrSettings | None = None,
    progress: ProgressFn | None = None,
) -> ChainDraws:
    """Run the chains and return their thinned draws (no summary, no convergence verdict).

    With `adapt`, when the draws miss the targets (R-hat, bulk ESS) the same chains go on for
    as many sweeps again, and every other draw is dropped, so each round doubles the run and
    the thinning while keeping `samples` draws per chain, until the targets are met or the next
    round would pass `max_sweeps`. The decision depends only on the draws, so a fixed seed
    still gives identical output.
    """
    s = settings or LcmcrSettings()
    s.validate()
    check_table(table)
    K = s.classes or default_classes(table.n_lists)
    patterns = np.ascontiguousarray(table.patterns, dtype=np.uint8)
    counts = np.ascontiguousarray(table.counts, dtype=np.int64)
    T = s.temperatures
    experimental = s.experimental
    if experimental:
        from vigil.estimate.lcmcr.experimental.kernel import run_ladder
    betas = ladder(T, s.hottest)
    seeds = np.random.SeedSequence(s.seed).spawn(s.chains)
    rngs = [np.random.Generator(np.random.PCG64(sd)) for sd in seeds]
    # One state per level; level t of chain c starts near chain c's dispersed start.
    starts = [
        [_initial_state(table, K, c, s.chains, rngs[c]) for _ in range(T)] for c in range(s.chains)
    ]
    states = [
        (
            np.stack([x[0] for x in st]),
            np.stack([x[1] for x in st]),
            np.stack([x[2] for x in st]),
        )
        for st in starts
    ]
    orders = [np.tile(np.arange(K), (T, 1)) for _ in range(s.chains)]
    swaps = np.zeros((s.chains, 2, max(T - 1, 1)), np.int64)
    pts = np.zeros((s.chains, 2 + 2 * T), np.int64)
    pts[:, 2 : 2 + T] = np.arange(T)
    stats = np.zeros((s.chains, 9), np.int64)
    out_n = np.zeros((s.chains, s.samples), np.int64)
    out_a = np.zeros((s.chains, s.samples), np.float64)
    out_k = np.zeros((s.chains, s.samples), np.int64)
    # Candidate starts (`LcmcrSettings.starts`): together they probe for twice the burn-in.
    multi = T == 1 and s.starts > 1 and s.burnin > 0
    probe = 2 * s.burnin // s.starts if multi else 0
    start_lp = np.full((s.chains, s.starts if multi else 1), np.nan)
    total = [s.chains * (s.burnin + s.samples * s.thin + (s.starts - 1) * probe)]
    densities: list[list[float]] = [[] for _ in range(s.chains)]
    done = [0]
    lock = threading.Lock()

    def tick(k: int) -> None:
        if progress is not None:
            with lock:
                done[0] += k
                progress(done[0], total[0])

    def sweep(
        c: int,
        n_sweeps: int,
        thin: int,
        on: NDArray[np.int64],
        oa: NDArray[np.float64],
        ok: NDArray[np.int64],
    ) -> None:
        lam, v, scal = states[c]
        if not experimental:
            # The default sweep: compiled without the experimental moves.
            run_chain(
                rngs[c], patterns, counts, lam[0], v[0], scal[0], s.a_alpha, s.b_alpha,
                n_sweeps, thin, on, oa, ok, s.ridge_moves, stats[c], s.label_moves,
            )  # fmt: skip
            return
        if T == 1:
            # As `run_chain` does, each call starts from the identity class order, so the
            # untempered sampler's draws stay what they were, bit for bit.
            orders[c][0] = np.arange(K)
        run_ladder(
            rngs[c],
            patterns,
            counts,
            betas,
            lam,
            v,
            scal,
            orders[c],
            s.a_alpha,
            s.b_alpha,
            n_sweeps,
            thin,
            on,
            oa,
            ok,
            s.ridge_moves,
            stats[c],
            s.split_moves,
            swaps[c],
            pts[c],
            s.jump_every,
            s.jump_classes,
            s.label_moves,
        )

    def density(c: int) -> float:
        lam, v, scal = states[c]
        a = float(scal[0, 0])
        return float(collapsed_logpost(patterns, counts, lam[0], v[0], a, s.a_alpha, s.b_alpha))

    def choose_start(c: int) -> None:
        """Probe each candidate start of chain c; keep the one of highest collapsed density."""
        empty_i = np.zeros(0, np.int64)
        chosen = states[c]
        for i in range(s.starts):
            lam, v, scal = _initial_state(table, K, c + s.chains * i, s.chains * s.starts, rngs[c])
            states[c] = (lam[None].copy(), v[None].copy(), scal[None].copy())
            seen = []
            for part in range(5):
                step = probe * (part + 1) // 5 - probe * part // 5
                if step > 0:
                    sweep(c, step, step + 1, empty_i, np.zeros(0), empty_i)
                    tick(step)
                if part >= 2:
                    seen.append(density(c))
            start_lp[c, i] = float(np.mean(seen))
            if start_lp[c, i] >= np.max(start_lp[c, : i + 1]):
                chosen = states[c]
        states[c] = chosen

    def run_round(
        c: int,
        burnin: int,
        thin: int,
        n: NDArray[np.int64],
        a: NDArray[np.float64],
        k: NDArray[np.int64],
    ) -> None:
        empty_i = np.zeros(0, np.int64)
        left = burnin
        if multi and burnin > 0:
            choose_start(c)
            left -= probe
        while left > 0:
            step = min(left, 2_000)
            sweep(c, step, burnin + 1, empty_i, np.zeros(0), empty_i)
            left -= step
            tick(step)
        # Chunks of whole thinning intervals, so results do not depend on chunking.
        chunk = max(1, 2_000 // thin)
        start = 0
        while start < n.shape[0]:
            stop = min(n.shape[0], start + chunk)
            sweep(c, (stop - start) * thin, thin, n[start:stop], a[start:stop], k[start:stop])
            tick((stop - start) * thin)
            if T == 1:
                densities[c].append(density(c))
            start = stop

    workers = s.workers or min(s.chains, os.cpu_count() or 1)

    def run_all(
        burnin: int, thin: int, n: NDArray[np.int64], a: NDArray[np.float64], k: NDArray[np.int64]
    ) -> None:
        if workers <= 1 or s.chains == 1:
            for c in range(s.chains):
                run_round(c, burnin, thin, n[c], a[c], k[c])
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(run_round, c, burnin, thin, n[c], a[c], k[c]) for c in range(s.chains)
            ]
            for f in futures:
                f.result()

    thin = s.thin
    run_all(s.burnin, thin, out_n, out_a, out_k)
    used = s.burnin + s.samples * thin
    rounds = 1
    while s.adapt and used + s.samples * thin <= s.max_sweeps and not _targets_met(out_n, s):
        more_n = np.zeros_like(out_n)
        more_a = np.zeros_like(out_a)
        more_k = np.zeros_like(out_k)
        total[0] += s.chains * s.samples * thin
        run_all(0, thin, more_n, more_a, more_k)
        used += s.samples * thin
        out_n = _every_other(out_n, more_n)
        out_a = _every_other(out_a, more_a)
        out_k = _every_other(out_k, more_k)
        thin *= 2
        rounds += 1
    proposed = int(stats[:, 0].sum())
    sm_proposed = int(stats[:, 2].sum())
    jumps = int(stats[:, 5].sum())
    labels = int(stats[:, 7].sum())
    swap_tried = swaps[:, 0, : T - 1].sum(axis=0)
    swap_acc = swaps[:, 1, : T - 1].sum(axis=0)
    return ChainDraws(
        out_n,
        out_a,
        out_k,
        K,
        thin=thin,
        sweeps_per_chain=used + (s.starts - 1) * probe,
        rounds=rounds,
        ridge_acceptance=float(stats[:, 1].sum()) / proposed if proposed else None,
        split_acceptance=float(stats[:, 3:5].sum()) / sm_proposed if sm_proposed else None,
        jump_acceptance=float(stats[:, 6].sum()) / jumps if jumps else None,
        label_acceptance=float(stats[:, 8].sum()) / labels if labels else None,
        temperatures=tuple(float(b) for b in betas),
        swap_acceptance=tuple(
            float(a) / float(n) if n else 0.0 for a, n in zip(swap_acc, swap_tried, strict=True)
        ),
        round_trips=tuple(int(x) for x in pts[:, 1]) if T > 1 else (),
        start_log_density=start_lp if multi else None,
        log_density=np.array(densities) if T == 1 else None,
    )


def summarize(
    draws: ChainDraws | NDArray[np.int64] | NDArray[np.float64],
    level: float = 0.95,
    rhat_max: float = RHAT_MAX,
    ess_min: float = ESS_MIN,
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
    # Mode occupancy: a chain stuck in one mode of a two-mode posterior sits almost entirely
    # above or below the pooled median; well-mixed chains are near one half each.
    above = [float(np.mean(c > med)) for c in n]
    r = rhat(n) if chains > 1 else math.nan
    e = bulk_ess(n)
    need_ess = ess_min
    problems: list[str] = []
    if chains < 2:
        problems.append("only one chain was run, so convergence cannot be checked")
    elif not r <= rhat_max:
        problems.append(
            f"chains disagree (R-hat {r:.3f} > {rhat_max}); per-chain medians "
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
        "per_chain_above_median": above,
        "rhat": None if math.isnan(r) else float(r),
        "ess_bulk": float(e),
        "converged": converged,
        "warning": None
        if converged
        else "NOT CONVERGED: "
        + "; ".join(problems)
        + ". Do not report this interval; raise max_sweeps (--max-sweeps) or run more chains."
        " If chains stay apart in a long run, the posterior has modes that the sampler does"
        " not cross (README, 'LCMCR convergence, honestly').",
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
    summary = summarize(cd, s.level, s.target_rhat, s.target_ess)
    diagnostics: dict[str, object] = {
        **{k: v for k, v in summary.items() if k not in ("estimate", "lower", "upper")},
        "targets": {"rhat_max": s.target_rhat, "ess_min": s.target_ess},
        "sweeps_per_chain": cd.sweeps_per_chain,
        "rounds": cd.rounds,
        "thin_used": cd.thin,
        "ridge_acceptance": cd.ridge_acceptance,
        "split_acceptance": cd.split_acceptance,
        "jump_acceptance": cd.jump_acceptance,
        "label_acceptance": cd.label_acceptance,
        "temperatures": list(cd.temperatures),
        "swap_acceptance": list(cd.swap_acceptance),
        "round_trips": list(cd.round_trips),
        "per_chain_log_density": None
        if cd.log_density is None
        else [round(float(np.median(d)), 1) for d in cd.log_density],
        "start_log_density": None
        if cd.start_log_density is None
        else [[round(float(x), 1) for x in row] for row in cd.start_log_density],
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
