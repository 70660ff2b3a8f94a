"""The triple mode-jumping move (`lcmcr.experimental.triple.triple_jump`, `jump_classes=3`)
leaves the posterior unchanged, is reproducible for a seed, and differs from the pair jump."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimate.mse import assert_same_n_posterior, table
from vigil.errors import InvalidValue
from vigil.estimate.lcmcr import LcmcrSettings, sample_chains


def test_triple_jumps_leave_the_posterior_of_n_unchanged() -> None:
    """Korea mixes well under plain Gibbs; with a triple jump every sweep (about one in twenty
    accepted, some two thousand accepted jumps) the posterior of N, of the occupied classes
    and of alpha must match plain Gibbs within Monte Carlo error."""
    t = table("korea_comfort_women_3list.csv")
    common = {"burnin": 1_000, "samples": 4_000, "thin": 5, "adapt": False, "chains": 2}
    plain = sample_chains(t, LcmcrSettings(seed=3, **common))  # type: ignore[arg-type]
    jm = sample_chains(
        t,
        LcmcrSettings(seed=4, jump_every=1, jump_classes=3, **common),  # type: ignore[arg-type]
    )
    assert jm.jump_acceptance is not None and 0.01 < jm.jump_acceptance < 0.6
    assert_same_n_posterior(plain, jm)
    assert abs(float(np.mean(jm.occupied)) - float(np.mean(plain.occupied))) < 0.2
    ap, aj = float(np.median(plain.alpha)), float(np.median(jm.alpha))
    assert abs(aj - ap) < 0.15 * ap, (ap, aj)


def test_triple_jumps_are_deterministic_for_a_seed() -> None:
    t = table("kosovo_1999_4list.csv")
    s = LcmcrSettings(
        seed=9, burnin=300, samples=100, thin=2, adapt=False, jump_every=3, jump_classes=3
    )
    a = sample_chains(t, s)
    b = sample_chains(t, LcmcrSettings(**{**s.__dict__, "workers": 1}))
    assert np.array_equal(a.n, b.n) and a.jump_acceptance == b.jump_acceptance
    assert a.jump_acceptance is not None and a.jump_acceptance > 0.0
    # a different move from the pair jump: the draws differ
    c = sample_chains(t, LcmcrSettings(**{**s.__dict__, "jump_classes": 2}))
    assert not np.array_equal(a.n, c.n)


@pytest.mark.parametrize("k", [0, 1, 4])
def test_jump_classes_other_than_2_or_3_are_refused(k: int) -> None:
    with pytest.raises(InvalidValue):
        LcmcrSettings(jump_classes=k).validate()
