"""The documented count and Chao's lower bound."""

from __future__ import annotations

import math

import pytest

from vigil.estimate.bounds import capture_frequencies, chao_lower_bound, observed_count
from vigil.estimate.table import CaptureTable


def table() -> CaptureTable:
    # f1 = 50 + 40 + 30 = 120, f2 = 10 + 5 + 5 = 20, f3 = 2
    rows = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1)]
    return CaptureTable.from_rows(("A", "B", "C"), rows, [50, 40, 30, 10, 5, 5, 2])


def test_observed_count_is_the_floor() -> None:
    e = observed_count(table())
    assert e.method == "observed" and e.estimate == e.lower == e.upper == 142


def test_capture_frequencies() -> None:
    assert capture_frequencies(table()) == {1: 120, 2: 20, 3: 2}


def test_chao_closed_form_and_interval() -> None:
    e = chao_lower_bound(table())
    k = 2 / 3
    f0 = k * 120**2 / (2 * 20)
    assert e.estimate == pytest.approx(142 + f0)
    r = 120 / 20
    var = 20 * (k * k * r**4 / 4 + k * k * r**3 + k * r**2 / 2)
    assert e.diagnostics["variance"] == pytest.approx(var)
    c = math.exp(1.959964 * math.sqrt(math.log(1 + var / f0**2)))
    assert e.lower == pytest.approx(142 + f0 / c, rel=1e-5)
    assert e.upper == pytest.approx(142 + f0 * c, rel=1e-5)
    assert e.lower > 142


def test_chao_undefined_without_doubletons() -> None:
    t = CaptureTable.from_rows(("A", "B", "C"), [(1, 0, 0), (0, 1, 0), (1, 1, 1)], [5, 6, 2])
    e = chao_lower_bound(t)
    assert e.estimate is None and e.refusal and "f2 = 0" in e.refusal
    bc = chao_lower_bound(t, bias_corrected=True)
    assert bc.estimate == pytest.approx(13 + (2 / 3) * 11 * 10 / 2)
    assert bc.lower is None


def test_chao_is_below_loglinear_on_kosovo() -> None:
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "mse" / "kosovo_1999_4list.csv"
    e = chao_lower_bound(CaptureTable.from_csv_text(data.read_text()))
    assert e.estimate is not None and 4400 < e.estimate < 10401
