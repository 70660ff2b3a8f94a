"""Sensitivity to a group that every list rarely records, on simulated data."""

from __future__ import annotations

import numpy as np
import pytest

from vigil.errors import InvalidValue
from vigil.estimate.loglinear_search import search_loglinear
from vigil.estimate.result import Estimate
from vigil.estimate.sensitivity import hidden_group_sensitivity, remove_group
from vigil.estimate.table import CaptureTable

LISTS = ("A", "B", "C", "D")
VISIBLE, HIDDEN = 3000, 600
VISIBLE_P = np.array([0.3, 0.25, 0.35, 0.2])
HIDDEN_P = 0.03


def simulate(seed: int) -> tuple[CaptureTable, CaptureTable]:
    """A visible population plus a hidden group recorded by each list with probability 0.03."""
    rng = np.random.default_rng(seed)
    vis = (rng.random((VISIBLE, 4)) < VISIBLE_P).astype(np.uint8)
    hid = (rng.random((HIDDEN, 4)) < HIDDEN_P).astype(np.uint8)
    everyone = CaptureTable.from_individuals(LISTS, np.vstack([vis, hid]))
    documented_hidden = CaptureTable.from_individuals(LISTS, hid)
    return everyone, documented_hidden


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mse_undercounts_and_scenarios_bracket_the_truth(seed: int) -> None:
    truth = VISIBLE + HIDDEN
    everyone, hidden = simulate(seed)
    mse = search_loglinear(everyone, "bic")
    assert mse.estimate is not None and mse.upper is not None
    assert mse.upper < truth  # the whole interval misses the hidden group

    base = search_loglinear(remove_group(everyone, hidden), "bic")
    sa = hidden_group_sensitivity(base, hidden.observed)
    rng = sa.total_range()
    assert rng is not None and rng[0] < truth < rng[1]
    rows = sa.rows()
    assert all(r["label"] and r["kind"] in ("per_list_capture", "ratio") for r in rows)
    near = [s for s in sa.scenarios if s.kind == "per_list_capture" and s.assumption == 0.02]
    far = [s for s in sa.scenarios if s.kind == "per_list_capture" and s.assumption == 0.05]
    assert near[0].total is not None and far[0].total is not None
    assert far[0].total < truth < near[0].total  # the true 0.03 lies between them


def test_scenario_arithmetic() -> None:
    base = Estimate(
        "loglinear", observed=900, estimate=1000.0, lower=950.0, upper=1100.0, lists=LISTS
    )
    sa = hidden_group_sensitivity(
        base, 40, capture_probabilities=(0.1,), ratios=(3.0,), absolute_sizes=(100.0,)
    )
    q, r, a = sa.scenarios
    h = 40 / (1 - 0.9**4)
    assert q.hidden_group_total == pytest.approx(h) and q.total == pytest.approx(1000 + h)
    assert q.lower == pytest.approx(950 + h) and q.upper == pytest.approx(1100 + h)
    assert r.total == pytest.approx(1120) and r.hidden_group_undocumented == pytest.approx(80)
    assert a.total == pytest.approx(1100)
    inc = hidden_group_sensitivity(
        base, 40, ratios=(3.0,), capture_probabilities=(), base_includes_documented=True
    )
    assert inc.scenarios[0].total == pytest.approx(1080)
    assert inc.to_json()["kind"].startswith("sensitivity analysis")


def test_refused_base_gives_no_totals() -> None:
    base = Estimate(
        "loglinear", observed=10, estimate=None, lower=None, upper=None, refusal="not identifiable"
    )
    sa = hidden_group_sensitivity(base, 5, n_lists=3)
    assert sa.total_range() is None and "refused" in sa.note


def test_bad_inputs_raise_invalid_value() -> None:
    base = Estimate(
        "loglinear", observed=10, estimate=20.0, lower=15.0, upper=30.0, lists=("A", "B", "C")
    )
    for kwargs in (
        {"capture_probabilities": (0.0,)},
        {"ratios": (0.5,)},
        {"absolute_sizes": (1.0,)},
    ):
        with pytest.raises(InvalidValue):
            hidden_group_sensitivity(base, 5, **kwargs)  # type: ignore[arg-type]
    t = CaptureTable.from_rows(("A", "B"), [(1, 0)], [3])
    with pytest.raises(InvalidValue):
        remove_group(t, CaptureTable.from_rows(("A", "B"), [(1, 0)], [4]))
