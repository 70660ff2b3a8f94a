"""Shared by the LCMCR tests: the published tables, and the check that an optional move leaves
the posterior of N as plain Gibbs samples it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vigil.estimate.lcmcr import ChainDraws
from vigil.estimate.table import CaptureTable

DATA = Path(__file__).parents[1] / "data" / "mse"


def table(name: str) -> CaptureTable:
    return CaptureTable.from_csv_text((DATA / name).read_text(), name=name)


def assert_same_n_posterior(plain: ChainDraws, moved: ChainDraws) -> None:
    """N's posterior deciles and quartiles agree within 4% (+3), about Monte Carlo error for the
    long Korea runs these tests use."""
    qs = [0.1, 0.25, 0.5, 0.75, 0.9]
    qp = np.quantile(plain.n, qs)
    qm = np.quantile(moved.n, qs)
    assert np.all(np.abs(qm - qp) <= 0.04 * qp + 3), (qp, qm)
