"""R-hat and ESS on sequences whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from vigil.errors import InvalidValue
from vigil.estimate.diagnostics import bulk_ess, ess, rhat, split_chains


def test_independent_chains_agree() -> None:
    x = np.random.default_rng(0).normal(size=(4, 2000))
    assert rhat(x) == pytest.approx(1.0, abs=0.01)
    # White noise: ESS close to the number of draws.
    assert 0.85 * x.size < bulk_ess(x) < 1.15 * x.size


def test_shifted_chain_is_flagged() -> None:
    x = np.random.default_rng(1).normal(size=(4, 1000))
    x[2] += 3.0
    assert rhat(x) > 1.3


def test_drift_inside_one_chain_is_flagged_by_splitting() -> None:
    # One long chain that moves from one level to another: the halves disagree.
    x = np.concatenate([np.zeros(500), np.ones(500) * 5]) + np.random.default_rng(2).normal(
        size=1000
    )
    assert rhat(x[None, :]) > 1.5


def test_wider_chain_is_flagged_by_folding() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 2000))
    x[0] *= 4.0  # same centre, different spread: only the folded (tail) R-hat sees it
    assert rhat(x) > 1.05


def test_ar1_ess_matches_theory() -> None:
    # AR(1) with coefficient phi has integrated autocorrelation time (1 + phi) / (1 - phi).
    phi, n, m = 0.9, 20_000, 4
    rng = np.random.default_rng(4)
    x = np.zeros((m, n))
    e = rng.normal(size=(m, n))
    for t in range(1, n):
        x[:, t] = phi * x[:, t - 1] + e[:, t]
    expected = m * n * (1 - phi) / (1 + phi)
    assert ess(x) == pytest.approx(expected, rel=0.15)


def test_split_chains_shape() -> None:
    assert split_chains(np.zeros((3, 11))).shape == (6, 5)


def test_bad_input_refused() -> None:
    with pytest.raises(InvalidValue):
        rhat(np.zeros((2, 2)))
    with pytest.raises(InvalidValue):
        rhat(np.array([[1.0, 2.0, np.nan, 4.0, 5.0]]))
