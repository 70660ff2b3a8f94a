"""Frequentist coverage of the LCMCR interval on data that latent classes can describe."""

from __future__ import annotations

import numpy as np
import pytest

from vigil.estimate.lcmcr import LcmcrSettings, lcmcr
from vigil.estimate.table import CaptureTable

N_TRUE = 2_000
# Three kinds of people who differ in which lists record them (e.g. city protesters seen by
# media and hospitals, detainees seen by prison lists), lists independent within each kind.
# Such heterogeneity biases the independence model; latent classes can describe it.
WEIGHTS = np.array([0.5, 0.3, 0.2])
LAMBDA = np.array(
    [
        [0.50, 0.40, 0.45, 0.15, 0.20],
        [0.15, 0.20, 0.10, 0.50, 0.45],
        [0.30, 0.25, 0.30, 0.25, 0.30],
    ]
)


def simulate(seed: int) -> CaptureTable:
    rng = np.random.default_rng(seed)
    cls = rng.choice(len(WEIGHTS), size=N_TRUE, p=WEIGHTS)
    hist = (rng.random((N_TRUE, LAMBDA.shape[1])) < LAMBDA[cls]).astype(np.uint8)
    return CaptureTable.from_individuals([f"L{j}" for j in range(LAMBDA.shape[1])], hist)


@pytest.mark.slow
def test_interval_covers_truth_in_at_least_90_percent_of_seeds() -> None:
    covered = 0
    for seed in range(20):
        table = simulate(seed)
        e = lcmcr(table, LcmcrSettings(seed=1000 + seed))
        assert e.lower is not None and e.upper is not None
        covered += e.lower <= N_TRUE <= e.upper
    assert covered >= 18, f"covered the truth in {covered} of 20 seeds"
