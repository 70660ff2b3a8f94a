"""Parallel tempering of the LCMCR sampler (`lcmcr.experimental.kernel.run_ladder`, `temperatures`).

Level 0 of a ladder must still sample the LCMCR posterior; a single level at b = 1 must be the
plain sampler bit for bit; a seed must fix the output whatever the threads; the tempered levels
must be proper (the design that tempers every person's list factors is not, see the kernel).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimate.mse import assert_same_n_posterior, table
from vigil.errors import InvalidValue
from vigil.estimate.lcmcr import LcmcrSettings, _initial_state, ladder, lcmcr, sample_chains
from vigil.estimate.lcmcr.experimental.kernel import run_ladder
from vigil.estimate.lcmcr.kernel import run_chain
from vigil.estimate.table import CaptureTable

KOREA = "korea_comfort_women_3list.csv"


def _arrays(t: CaptureTable) -> tuple[np.ndarray, np.ndarray]:
    return np.ascontiguousarray(t.patterns, np.uint8), np.ascontiguousarray(t.counts, np.int64)


@pytest.mark.parametrize("label_moves", [0, 1])
def test_one_level_ladder_is_the_plain_sampler_bit_for_bit(label_moves: int) -> None:
    """The experimental sweep with one level and its moves off draws exactly what the default
    sweep (`lcmcr.kernel.run_chain`, compiled without them) draws."""
    t = table("kosovo_1999_4list.csv")
    pat, cnt = _arrays(t)
    out = []
    for ladder_call in (False, True):
        rng = np.random.Generator(np.random.PCG64(7))
        lam, v, scal = _initial_state(t, 15, 1, 4, rng)
        n = np.zeros(300, np.int64)
        a = np.zeros(300)
        k = np.zeros(300, np.int64)
        st = np.zeros(9, np.int64)
        if ladder_call:
            run_ladder(
                rng, pat, cnt, np.ones(1), lam[None].copy(), v[None].copy(), scal[None].copy(),
                np.arange(15)[None].copy(), 0.25, 0.25, 1_500, 5, n, a, k, 1, st, 0,
                np.zeros((2, 1), np.int64), np.zeros(4, np.int64), 0, 2, label_moves,
            )  # fmt: skip
        else:
            args = (0.25, 0.25, 1_500, 5, n, a, k, 1, st, label_moves)
            run_chain(rng, pat, cnt, lam, v, scal, *args)
        out.append((n, a, k, st))
    assert all(np.array_equal(x, y) for x, y in zip(out[0], out[1], strict=True))
    assert out[0][3][0] == 1_500 and (out[0][3][7] > 0) == (label_moves > 0)


def test_cold_level_of_the_ladder_targets_the_lcmcr_posterior() -> None:
    """On Korea, quantiles of N from the tempered sampler's level 0 agree with plain Gibbs
    within Monte Carlo error, and swaps between levels are actually accepted."""
    t = table(KOREA)
    common = {"burnin": 2_000, "samples": 4_000, "thin": 10, "adapt": False, "chains": 2}
    plain = sample_chains(t, LcmcrSettings(seed=3, **common))  # type: ignore[arg-type]
    hot = sample_chains(t, LcmcrSettings(seed=4, temperatures=4, hottest=0.5, **common))  # type: ignore[arg-type]
    assert plain.temperatures == (1.0,) and plain.swap_acceptance == () and plain.round_trips == ()
    assert len(hot.temperatures) == 4 and hot.temperatures[0] == 1.0
    assert hot.temperatures[-1] == pytest.approx(0.5)
    assert len(hot.swap_acceptance) == 3 and all(0.05 < a < 1.0 for a in hot.swap_acceptance)
    assert len(hot.round_trips) == 2 and min(hot.round_trips) > 10
    assert_same_n_posterior(plain, hot)


def test_tempered_levels_are_proper_and_larger() -> None:
    """A lone level at b < 1 keeps n0 finite (tempering every person's list factors would send
    it to ~10^17 on Colombia) and, since the unobserved weigh less on lambda, imputes more."""
    t = table("colombia_verdata_reclutamiento_R1_hombre_1999_20list.csv")
    pat, cnt = _arrays(t)
    meds = []
    for b in (1.0, 0.5):
        rng = np.random.Generator(np.random.PCG64(3))
        lam, v, scal = _initial_state(t, 15, 0, 4, rng)
        n = np.zeros(200, np.int64)
        run_ladder(
            rng, pat, cnt, np.array([b]), lam[None].copy(), v[None].copy(), scal[None].copy(),
            np.arange(15)[None].copy(), 0.25, 0.25, 4_000, 20, n, np.zeros(200),
            np.zeros(200, np.int64), 1, np.zeros(5, np.int64), 0, np.zeros((2, 1), np.int64),
            np.zeros(4, np.int64),
        )  # fmt: skip
        meds.append(float(np.median(n[100:])))
    assert t.observed < meds[0] < meds[1] < 20 * t.observed


def test_tempered_run_is_deterministic_whatever_the_threads() -> None:
    t = table("kosovo_1999_4list.csv")
    s = LcmcrSettings(seed=42, burnin=500, samples=200, thin=3, max_sweeps=2_000, temperatures=3)
    a = sample_chains(t, s)
    b = sample_chains(t, LcmcrSettings(**{**s.__dict__, "workers": 1}))
    assert a.rounds > 1
    assert np.array_equal(a.n, b.n) and np.array_equal(a.alpha, b.alpha)
    assert a.swap_acceptance == b.swap_acceptance and a.round_trips == b.round_trips
    c = sample_chains(t, LcmcrSettings(**{**s.__dict__, "temperatures": 1}))
    assert not np.array_equal(a.n, c.n)


def test_diagnostics_report_the_ladder_and_mode_occupancy() -> None:
    e = lcmcr(
        table(KOREA),
        LcmcrSettings(seed=1, burnin=500, samples=200, adapt=False, temperatures=3, hottest=0.7),
    )
    d = e.diagnostics
    assert d["temperatures"] == pytest.approx([1.0, 0.7**0.5, 0.7])
    assert len(d["swap_acceptance"]) == 2 and len(d["round_trips"]) == 4
    assert len(d["per_chain_above_median"]) == 4
    assert all(0.0 <= x <= 1.0 for x in d["per_chain_above_median"])
    assert d["settings"]["temperatures"] == 3


def test_rejects_bad_ladders() -> None:
    with pytest.raises(InvalidValue):
        LcmcrSettings(temperatures=0).validate()
    with pytest.raises(InvalidValue):
        LcmcrSettings(hottest=1.0).validate()
    assert ladder(1, 0.6).tolist() == [1.0]
    assert ladder(3, 0.25).tolist() == pytest.approx([1.0, 0.5, 0.25])
