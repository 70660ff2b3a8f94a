"""Benchmark of the estimators on the published tables (run: uv run python bench/estimate.py).

Prints LCMCR sweeps per second on Kosovo (4 lists) and Colombia (20 lists) at K = 15, one
chain on one core; the wall time of a full HRDAG-settings run (4 chains, burn-in 10,000,
1,000 draws thinned by 10) on the available cores, and of adaptive runs (extended until
R-hat <= 1.01 and bulk ESS >= 400, at most 1,300,000 sweeps per chain); the tempered sampler on
Colombia (`--levels` levels from 1 down to 0.6: sweeps per second of the recorded chain, and
HRDAG-length runs with their R-hat, swap acceptance and round trips); and the log-linear
model search time on the UK 6-list table when that estimator is present. Figures are medians
of `--repeats` runs. `--cold` prints only the first default estimate on Kosovo with an empty
numba cache (a fresh machine) and the second, each in its own process, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from vigil.estimate.diagnostics import rhat
from vigil.estimate.lcmcr import LcmcrSettings, _initial_state, ladder, lcmcr, sample_chains
from vigil.estimate.lcmcr.experimental.kernel import run_ladder
from vigil.estimate.lcmcr.kernel import run_chain
from vigil.estimate.table import CaptureTable

DATA = Path(__file__).parents[1] / "tests" / "data" / "mse"
TABLES = {
    "kosovo": "kosovo_1999_4list.csv",
    "colombia": "colombia_verdata_reclutamiento_R1_hombre_1999_20list.csv",
}


def load(name: str) -> CaptureTable:
    return CaptureTable.from_csv_text((DATA / name).read_text(), name=name)


def sweeps_per_second(
    table: CaptureTable,
    classes: int,
    sweeps: int,
    moves: int,
    splits: int = 0,
    jump_every: int = 0,
    labels: int = 0,
) -> float:
    """Sweeps of one chain on the calling thread (after a warm-up); `moves` ridge moves,
    `splits` split-merge proposals and `labels` rounds of label swaps each, a pair jump every
    `jump_every` sweeps on average."""
    rng = np.random.Generator(np.random.PCG64(1))
    lam, v, scal = _initial_state(table, classes, 0, 1, rng)
    none = np.zeros(0, np.int64)
    st = np.zeros(7, np.int64)
    pat = np.ascontiguousarray(table.patterns, np.uint8)
    cnt = np.ascontiguousarray(table.counts, np.int64)
    if splits or jump_every:  # the experimental sweep, with one level
        head = (rng, pat, cnt, np.ones(1), lam[None], v[None], scal[None], np.arange(classes)[None])
        tail = (moves, st, splits, np.zeros((2, 1), np.int64), np.zeros(4, np.int64), jump_every)
        run_ladder(*head, 0.25, 0.25, 2_000, 2_001, none, np.zeros(0), none, *tail, 2, labels)
        t0 = time.perf_counter()
        run_ladder(*head, 0.25, 0.25, sweeps, sweeps + 1, none, np.zeros(0), none, *tail, 2, labels)
        return sweeps / (time.perf_counter() - t0)
    args = (pat, cnt, lam, v, scal, 0.25, 0.25)
    # compile, burn-in
    run_chain(rng, *args, 2_000, 2_001, none, np.zeros(0), none, moves, st, labels)
    t0 = time.perf_counter()
    run_chain(rng, *args, sweeps, sweeps + 1, none, np.zeros(0), none, moves, st, labels)
    return sweeps / (time.perf_counter() - t0)


_COLD = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from vigil.estimate.lcmcr import LcmcrSettings, lcmcr
from vigil.estimate.table import CaptureTable
t = CaptureTable.from_csv_text(Path(sys.argv[1]).read_text(), name="kosovo")
t1, c1 = time.perf_counter(), time.process_time()
e = lcmcr(t, LcmcrSettings(seed=0))
loaded = {m.split(".")[3] for m in sys.modules if m.startswith("vigil.estimate.lcmcr.")}
print(time.perf_counter() - t1, time.process_time() - c1, time.perf_counter() - t0, e.estimate,
    "experimental" in loaded)
"""


def cold_start(repeats: int) -> None:
    """First and second default LCMCR estimate on Kosovo, each in a fresh process, sharing a
    numba cache that starts empty (as on a fresh machine); per run the ratio of the two and the
    load average (other work on the machine slows both), then medians over `repeats` caches of
    the estimate's wall time and of its CPU time (all threads: compiling is one thread, the
    four chains run on two), which a machine shared with other work disturbs less. The cache's
    files are counted before the first estimate (must be none) and after each: the second
    adds none when it reuses everything the first compiled."""
    firsts: list[float] = []
    seconds: list[float] = []
    cpu: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="vigil-numba-") as cache:
            env = dict(os.environ, NUMBA_CACHE_DIR=cache)
            files = [sum(len(f) for _, _, f in os.walk(cache))]
            if files[0]:
                raise RuntimeError(f"numba cache {cache} is not empty")
            for i, out in enumerate((firsts, seconds)):
                run = subprocess.run(
                    [sys.executable, "-c", _COLD, str(DATA / TABLES["kosovo"])],
                    env=env, capture_output=True, text=True, check=True,
                )  # fmt: skip
                estimate_s, cpu_s, process_s, median, experimental = run.stdout.split()
                out.append(float(estimate_s))
                cpu[i].append(float(cpu_s))
                files.append(sum(len(f) for _, _, f in os.walk(cache)))
                print(
                    f"lcmcr cold      kosovo {'first ' if i == 0 else 'second'} estimate "
                    f"{float(estimate_s):.1f} s, CPU {float(cpu_s):.1f} s (process "
                    f"{float(process_s):.1f} s), median {float(median):,.0f}, experimental "
                    f"moves imported: {experimental}; cache files {files[-2]} -> {files[-1]}; "
                    f"load average {os.getloadavg()[0]:.1f}"
                )
            print(
                f"lcmcr cold      kosovo this run: ratio first/second "
                f"{firsts[-1] / seconds[-1]:.1f} by wall time, "
                f"{cpu[0][-1] / cpu[1][-1]:.1f} by CPU time"
            )
    first, second = statistics.median(firsts), statistics.median(seconds)
    c_first, c_second = statistics.median(cpu[0]), statistics.median(cpu[1])
    ratios = [a / b for a, b in zip(firsts, seconds, strict=True)]
    c_ratios = [a / b for a, b in zip(cpu[0], cpu[1], strict=True)]
    print(
        f"lcmcr cold      kosovo default settings, empty numba cache, medians over {repeats} "
        f"runs: first estimate {first:.1f} s, second {second:.1f} s (ratio "
        f"{first / second:.1f}); CPU {c_first:.1f} s and {c_second:.1f} s (ratio "
        f"{c_first / c_second:.1f}); median of the per-run ratios {statistics.median(ratios):.1f} "
        f"by wall time, {statistics.median(c_ratios):.1f} by CPU time (target: at most 3)"
    )


def tempered_sweeps_per_second(table: CaptureTable, levels: int, sweeps: int) -> float:
    """Sweeps per second of the recorded level of one tempered ladder (one core, K = 15)."""
    rng = np.random.Generator(np.random.PCG64(1))
    st = [_initial_state(table, 15, 0, 1, rng) for _ in range(levels)]
    lam = np.stack([x[0] for x in st])
    v = np.stack([x[1] for x in st])
    scal = np.stack([x[2] for x in st])
    orders = np.tile(np.arange(15), (levels, 1))
    pt = np.zeros(2 + 2 * levels, np.int64)
    pt[2 : 2 + levels] = np.arange(levels)
    sw = np.zeros((2, levels - 1), np.int64)
    pat = np.ascontiguousarray(table.patterns, np.uint8)
    cnt = np.ascontiguousarray(table.counts, np.int64)
    none = np.zeros(0, np.int64)
    betas = ladder(levels, 0.6)
    head = (rng, pat, cnt, betas, lam, v, scal, orders, 0.25, 0.25)
    tail = (none, np.zeros(0), none, 1, np.zeros(5, np.int64), 0, sw, pt)
    run_ladder(*head, 1_000, 1_001, *tail)  # compile, burn-in
    t0 = time.perf_counter()
    run_ladder(*head, sweeps, sweeps + 1, *tail)
    return sweeps / (time.perf_counter() - t0)


def sticky_start(
    table: CaptureTable, sweeps: int, levels: int, jump_every: int = 0, jump_classes: int = 2
) -> None:
    """Four chains all started in the state where Colombia's chains stick (reached by a plain
    chain, seed 1, started high, after 10,000 sweeps): plain Gibbs, then a ladder of `levels`
    levels down to 0.6 (skipped for 1 level), then, with `jump_every`, plain Gibbs with pair
    jumps. Shows whether the sampler leaves that state and whether the diagnostics would notice
    (they cannot when every chain sits there)."""
    from vigil.estimate.diagnostics import bulk_ess, rhat

    rng = np.random.Generator(np.random.PCG64(1))
    lam, v, scal = _initial_state(table, 15, 3, 4, rng)
    pat = np.ascontiguousarray(table.patterns, np.uint8)
    cnt = np.ascontiguousarray(table.counts, np.int64)
    none = np.zeros(0, np.int64)
    run_chain(rng, pat, cnt, lam, v, scal, 0.25, 0.25, 10_000, 10_001, none, np.zeros(0), none, 1,
              np.zeros(5, np.int64), 0)  # fmt: skip
    variants = (
        [(1, 0)] + ([(levels, 0)] if levels > 1 else []) + ([(1, jump_every)] if jump_every else [])
    )
    for T, every in variants:
        out = np.zeros((4, sweeps // 10), np.int64)
        t0 = time.perf_counter()
        acc: list[float] = []
        jst = np.zeros(7, np.int64)
        for c in range(4):
            r = np.random.Generator(np.random.PCG64(100 + c))
            sw = np.zeros((2, max(T - 1, 1)), np.int64)
            pt = np.zeros(2 + 2 * T, np.int64)
            pt[2 : 2 + T] = np.arange(T)
            run_ladder(r, pat, cnt, ladder(T, 0.6), np.stack([lam] * T), np.stack([v] * T),
                       np.stack([scal] * T), np.tile(np.arange(15), (T, 1)), 0.25, 0.25, sweeps,
                       10, out[c], np.zeros(sweeps // 10), np.zeros(sweeps // 10, np.int64), 1,
                       jst, 0, sw, pt, every, jump_classes)  # fmt: skip
            acc = [float(a) / max(float(n), 1.0) for a, n in zip(sw[1], sw[0], strict=True)]
        what = "pair" if jump_classes == 2 else "triple"
        kind = f"{T} level(s)" if not every else f"{what} jump every {every} sweeps"
        print(
            f"lcmcr sticky    colombia {kind}, 4 chains x {sweeps:,} sweeps from N = "
            f"{table.observed + int(scal[1]):,}: {time.perf_counter() - t0:.0f} s; pooled median "
            f"{np.median(out):,.0f}, R-hat {rhat(out):.3f}, ESS {bulk_ess(out):.0f}; share of "
            f"draws above 1,700 per chain {[round(float(np.mean(x > 1_700)), 2) for x in out]}"
            + (f"; swap acceptance (last chain) {[round(x, 2) for x in acc]}" if T > 1 else "")
            + (f"; jumps accepted {jst[6]:,} of {jst[5]:,}" if every else "")
        )


def jump_figures(every: int, sweeps: int, repeats: int, seeds: int, classes: int = 2) -> None:
    """Cost of the pair jumps (sweeps/s with and without), then adaptive runs with them:
    Colombia seeds 0 .. seeds - 1 and Kosovo (reference medians 10,363-10,576)."""
    for key in ("kosovo", "colombia"):
        t = load(TABLES[key])
        for je in (0, every):
            rates = [sweeps_per_second(t, 15, sweeps, 1, 0, je) for _ in range(repeats)]
            print(
                f"lcmcr sweeps/s  {key:9s} K=15 ridge move + pair jump every {je} sweeps "
                f"(0: none): median {statistics.median(rates):,.0f} (min {min(rates):,.0f}) "
                f"over {repeats} runs, one chain, one core"
            )
    for key, seed_list in (("colombia", range(seeds)), ("kosovo", range(1))):
        t = load(TABLES[key])
        for seed in seed_list:
            t0 = time.perf_counter()
            e = lcmcr(t, LcmcrSettings(seed=seed, jump_every=every, jump_classes=classes))
            d = e.diagnostics
            print(
                f"lcmcr adaptive  {key:9s} seed {seed}, {classes}-class jump every {every} sweeps: "
                f"{time.perf_counter() - t0:.1f} s, {d['sweeps_per_chain']:,} sweeps/chain; median "
                f"{e.estimate:,.0f} [{e.lower:,.0f}, {e.upper:,.0f}], R-hat {d['rhat']:.3f}, "
                f"ESS {d['ess_bulk']:.0f}, converged {d['converged']}; jumps accepted "
                f"{d['jump_acceptance']:.4f}; chain medians "
                + ", ".join(f"{m:,.0f}" for m in d["per_chain_median"])
            )


def long_runs(sweeps: int, seeds: list[int], label_moves: int = 1, starts: int = 8) -> None:
    """Colombia at HRDAG's own length or any other: 4 chains, burn-in 10,000, `sweeps` more
    per chain kept as 1,000 draws; each chain's median in each fifth of the run and its
    collapsed log density show whether the chains ever leave the mode they start in."""
    t = load(TABLES["colombia"])
    for seed in seeds:
        t0 = time.perf_counter()
        s = LcmcrSettings(
            seed=seed,
            samples=1_000,
            thin=max(1, sweeps // 1_000),
            adapt=False,
            label_moves=label_moves,
            starts=starts,
        )
        cd = sample_chains(t, s)
        dens = cd.log_density if cd.log_density is not None else np.zeros((4, 1))
        print(
            f"lcmcr long run  colombia seed {seed}, 4 chains x {s.burnin + s.samples * s.thin:,} "
            f"sweeps (label moves {label_moves}, starts {starts}): "
            f"{time.perf_counter() - t0:.0f} s, R-hat {rhat(cd.n):.3f}, pooled median "
            f"{np.median(cd.n):,.0f} [{np.quantile(cd.n, 0.025):,.0f}, "
            f"{np.quantile(cd.n, 0.975):,.0f}]"
        )
        for c in range(cd.n.shape[0]):
            fifths = ", ".join(f"{np.median(b):,.0f}" for b in np.array_split(cd.n[c], 5))
            print(
                f"    chain {c}: median {np.median(cd.n[c]):,.0f} (by fifths {fifths}); "
                f"occupied classes {np.median(cd.occupied[c]):.0f}; log density "
                f"{np.median(dens[c]):,.1f}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sweeps", type=int, default=100_000)
    ap.add_argument("--adaptive-seeds", type=int, default=2)
    ap.add_argument("--levels", type=int, default=8, help="tempering levels for Colombia")
    ap.add_argument(
        "--sticky", type=int, default=0, help="sweeps of the sticky-start experiment (0: skip)"
    )
    ap.add_argument(
        "--jump-every", type=int, default=0,
        help="with --sticky or --jump-only: pair jumps every this many sweeps (0: none)",
    )  # fmt: skip
    ap.add_argument(
        "--jump-only", action="store_true",
        help="only the pair-jump figures: sweeps/s and adaptive Colombia/Kosovo runs with jumps",
    )  # fmt: skip
    ap.add_argument(
        "--jump-classes", type=int, default=2, choices=(2, 3),
        help="classes moved by each jump: 2 (pair jump) or 3 (triple jump)",
    )  # fmt: skip
    ap.add_argument(
        "--long", type=int, default=0,
        help="only Colombia long runs of this many recorded sweeps per chain (HRDAG: 5,000,000)",
    )  # fmt: skip
    ap.add_argument("--long-seeds", type=str, default="0", help="comma-separated, for --long")
    ap.add_argument("--label-moves", type=int, default=1, help="for --long (0: as R LCMCR)")
    ap.add_argument("--starts", type=int, default=8, help="for --long: candidate starts")
    ap.add_argument(
        "--cold", action="store_true",
        help="only the first and second estimate (Kosovo) with an empty numba cache",
    )  # fmt: skip
    a = ap.parse_args()
    if a.cold:
        cold_start(a.repeats)
        return
    if a.long:
        long_runs(a.long, [int(x) for x in a.long_seeds.split(",")], a.label_moves, a.starts)
        return
    if a.sticky:
        sticky_start(load(TABLES["colombia"]), a.sticky, a.levels, a.jump_every, a.jump_classes)
        return
    if a.jump_only:
        jump_figures(a.jump_every or 200, a.sweeps, a.repeats, a.adaptive_seeds, a.jump_classes)
        return
    for key, file in TABLES.items():
        t = load(file)
        for k in (15, 5) if key == "kosovo" else (15,):
            for moves, splits, labels in ((1, 0, 1), (1, 0, 0), (0, 0, 0), (1, 1, 0)):
                # split-merge costs time in proportion to N: fewer sweeps keep the bench short
                n = a.sweeps if not splits else max(2_000, a.sweeps // 50)
                rates = [
                    sweeps_per_second(t, k, n, moves, splits, labels=labels)
                    for _ in range(a.repeats)
                ]
                kind = {
                    (1, 0, 1): "default: ridge + labels",
                    (1, 0, 0): "with 1 ridge move      ",
                    (0, 0, 0): "plain Gibbs            ",
                    (1, 1, 0): "ridge + 1 split-merge  ",
                }[(moves, splits, labels)]
                print(
                    f"lcmcr sweeps/s  {key:9s} J={t.n_lists:2d} K={k:2d} "
                    f"patterns={len(t.counts):3d} {kind}: "
                    f"median {statistics.median(rates):,.0f} (min {min(rates):,.0f}, "
                    f"max {max(rates):,.0f}) over {a.repeats} runs, one chain, one core"
                )
    for key, file in TABLES.items():
        t = load(file)
        lcmcr(t, LcmcrSettings(seed=0, burnin=10, samples=10, adapt=False))  # warm caches
        walls = []
        for r in range(a.repeats):
            t0 = time.perf_counter()
            e = lcmcr(t, LcmcrSettings(seed=r, adapt=False))
            walls.append(time.perf_counter() - t0)
        print(
            f"lcmcr HRDAG run {key:9s} 4 chains x (10,000 burn-in + 1,000 x thin 10): median "
            f"{statistics.median(walls):.2f} s (min {min(walls):.2f}) over {a.repeats} runs; "
            f"last: median {e.estimate:,.0f} [{e.lower:,.0f}, {e.upper:,.0f}], "
            f"R-hat {e.diagnostics['rhat']:.3f}, ESS {e.diagnostics['ess_bulk']:.0f}, "
            f"converged {e.diagnostics['converged']}"
        )
        for seed in range(a.adaptive_seeds):
            t0 = time.perf_counter()
            e = lcmcr(t, LcmcrSettings(seed=seed))
            d = e.diagnostics
            print(
                f"lcmcr adaptive  {key:9s} seed {seed}: {time.perf_counter() - t0:.1f} s, "
                f"{d['sweeps_per_chain']:,} sweeps/chain in {d['rounds']} rounds; median "
                f"{e.estimate:,.0f} [{e.lower:,.0f}, {e.upper:,.0f}], R-hat {d['rhat']:.3f}, "
                f"ESS {d['ess_bulk']:.0f}, converged {d['converged']}; chain medians "
                + ", ".join(f"{m:,.0f}" for m in d["per_chain_median"])
            )
    col = load(TABLES["colombia"])
    rates = [
        tempered_sweeps_per_second(col, a.levels, max(2_000, a.sweeps // (5 * a.levels)))
        for _ in range(a.repeats)
    ]
    print(
        f"lcmcr tempered  colombia {a.levels} levels (1 .. 0.6): recorded-chain sweeps/s median "
        f"{statistics.median(rates):,.0f} (min {min(rates):,.0f}, max {max(rates):,.0f}) over "
        f"{a.repeats} runs, one chain, one core"
    )
    for seed in range(a.adaptive_seeds):
        t0 = time.perf_counter()
        e = lcmcr(col, LcmcrSettings(seed=seed, adapt=False, temperatures=a.levels))
        d = e.diagnostics
        print(
            f"lcmcr tempered  colombia seed {seed}, HRDAG length (20,000 sweeps/chain): "
            f"{time.perf_counter() - t0:.1f} s; median {e.estimate:,.0f} [{e.lower:,.0f}, "
            f"{e.upper:,.0f}], R-hat {d['rhat']:.3f}, ESS {d['ess_bulk']:.0f}, converged "
            f"{d['converged']}; chain medians "
            + ", ".join(f"{m:,.0f}" for m in d["per_chain_median"])
            + "; swap acceptance "
            + ", ".join(f"{x:.2f}" for x in d["swap_acceptance"])
            + f"; round trips {d['round_trips']}"
        )
    try:
        from vigil.estimate.loglinear_search import search_loglinear
    except ImportError:
        print("loglinear search: module not available")
        return
    uk = load("uk_modern_slavery_2013_6list.csv")
    walls = []
    for _ in range(max(1, min(a.repeats, 3))):
        t0 = time.perf_counter()
        e = search_loglinear(uk)
        walls.append(time.perf_counter() - t0)
    print(
        f"loglinear search UK 6 lists (BIC, default settings): median "
        f"{statistics.median(walls):.2f} s over {len(walls)} runs; estimate {e.estimate}"
    )


if __name__ == "__main__":
    main()
