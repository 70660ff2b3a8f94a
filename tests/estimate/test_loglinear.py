"""Log-linear MSE: named models, existence/identifiability refusals, model search, stepwise.

Published figures come from tests/data/mse/README.md (Chan, Silverman & Vincent 2021; Ball,
Shin & Yang 2018; Ball et al. 2002; Silverman, Chan & Vincent 2024; Bales, Hesketh &
Silverman 2015).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.errors import InvalidValue, VigilError
from vigil.estimate.loglinear import (
    CellData,
    LoglinearModel,
    facial_set,
    fit_loglinear,
    parse_model,
)
from vigil.estimate.loglinear_search import (
    count_hierarchical_models,
    enumerate_hierarchical_models,
    search_loglinear,
    stepwise_loglinear,
)
from vigil.estimate.table import CaptureTable

DATA = Path(__file__).resolve().parents[1] / "data" / "mse"


def load(name: str) -> CaptureTable:
    return CaptureTable.from_csv_text((DATA / f"{name}.csv").read_text(), name)


# --- the artificial fixture of Chan et al. (2021), Table 2 -------------------------------


def test_artificial_fully_interacted_model_is_not_identifiable() -> None:
    e = fit_loglinear(load("artificial_3list_nonidentifiable"), "[12,13,23]")
    assert e.estimate is None and e.lower is None and e.upper is None
    assert e.refusal is not None and "not identifiable" in e.refusal
    assert e.diagnostics["status"] == "not_identifiable"


def test_artificial_model_12_3_has_no_mle() -> None:
    e = fit_loglinear(load("artificial_3list_nonidentifiable"), "[12,3]")
    assert e.estimate is None
    assert e.refusal is not None and "no finite maximum likelihood" in e.refusal
    assert e.diagnostics["status"] == "no_mle"


def test_artificial_model_13_23_is_fine_and_matches_closed_form() -> None:
    # Cells 101, 011, 111 are fitted as zero; the rest is saturated, so the unobserved
    # cell is n100 * n010 / n110 = 40 * 30 / 6 = 200.
    e = fit_loglinear(load("artificial_3list_nonidentifiable"), "[13,23,1,2]")
    assert e.refusal is None
    assert e.estimate == pytest.approx(96 + 200, rel=1e-9)
    assert e.diagnostics["zero_fitted_cells"] == 3
    assert e.lower is not None and e.upper is not None
    assert e.lower < e.estimate < e.upper


def test_facial_set_finds_cells_forced_to_zero() -> None:
    cells = CellData(load("artificial_3list_nonidentifiable"))
    x = cells.design(LoglinearModel(3, frozenset({frozenset({0, 2}), frozenset({1, 2})})))
    face = facial_set(x, cells.y)
    # cells are bitmask-ordered 1..7: A, B, AB, C, AC, BC, ABC
    assert face.tolist() == [True, True, True, True, False, False, False]
    # with main effects only, every cell can be positive
    assert facial_set(cells.design(LoglinearModel(3)), cells.y).all()


# --- published point estimates -------------------------------------------------------------


@pytest.mark.parametrize(("spec", "published"), [("[12,3]", 268.78), ("[12,23]", 157.17)])
def test_korea_named_models(spec: str, published: float) -> None:
    e = fit_loglinear(load("korea_comfort_women_3list"), spec)
    assert e.estimate == pytest.approx(published, abs=0.01)


def test_new_orleans_main_effects_and_its_interval() -> None:
    e = fit_loglinear(load("new_orleans_trafficking_8list"))
    assert e.estimate == pytest.approx(997, abs=0.5)
    # the log-normal Wald interval is the one SparseMSE prints: (644, 1,618)
    lo, hi = e.diagnostics["wald_lognormal_interval"]
    assert lo == pytest.approx(644, abs=1) and hi == pytest.approx(1618, abs=1)
    assert e.lower is not None and e.upper is not None and e.lower < 997 < e.upper


def test_new_orleans_stepwise_selects_d_e() -> None:
    e = stepwise_loglinear(load("new_orleans_trafficking_8list"), p_threshold=0.02)
    assert [s["added"] for s in e.diagnostics["steps"]] == ["D:E"]
    assert e.diagnostics["steps"][0]["p_value"] < 0.02
    assert e.estimate == pytest.approx(1184, abs=0.5)
    named = fit_loglinear(load("new_orleans_trafficking_8list"), ["D:E"])
    assert named.estimate == pytest.approx(e.estimate, rel=1e-9)


def test_stepwise_on_other_published_tables() -> None:
    assert stepwise_loglinear(load("new_orleans_trafficking_5list")).estimate == pytest.approx(
        1034, abs=0.5
    )
    west = stepwise_loglinear(load("us_western_site_trafficking_5list"))
    assert [s["added"] for s in west.diagnostics["steps"]] == ["A:E"]
    assert west.estimate == pytest.approx(2483, abs=0.5)


def test_stepwise_threshold_zero_is_main_effects() -> None:
    e = stepwise_loglinear(load("new_orleans_trafficking_8list"), p_threshold=0.0)
    assert e.estimate == pytest.approx(997, abs=0.5)


def test_kosovo_bic_over_113_models_matches_published_loglinear_estimate() -> None:
    t = load("kosovo_1999_4list")
    e = search_loglinear(t, "bic", max_order=3)
    assert e.diagnostics["models_fitted"] == 113
    assert e.estimate == pytest.approx(10356, abs=1)  # Ball et al. (2002)
    assert e.lower is not None and e.upper is not None
    assert e.lower < 10401 < e.upper  # the later near-census
    assert e.lower >= 6900 and e.upper <= 18000  # inside the model-selection BCa interval


def test_kosovo_independence_is_far_too_low() -> None:
    e = fit_loglinear(load("kosovo_1999_4list"))
    assert e.estimate == pytest.approx(7400, rel=0.01)
    assert e.upper is not None and e.upper < 10401


@pytest.mark.parametrize("name", ["uk_modern_slavery_2013_5list", "uk_modern_slavery_2013_6list"])
def test_uk_standard_model_within_home_office_range(name: str) -> None:
    e = stepwise_loglinear(load(name))
    assert e.estimate is not None and 10_000 <= e.estimate <= 13_000
    if name.endswith("5list"):
        assert e.estimate == pytest.approx(11313, abs=1)  # the Home Office's central figure


def test_uk_6list_search_is_fast() -> None:
    t = load("uk_modern_slavery_2013_6list")
    start = time.perf_counter()
    e = search_loglinear(t, "bic")
    elapsed = time.perf_counter() - start
    assert e.diagnostics["search"] == "greedy forward-backward"
    assert e.estimate is not None and e.estimate > t.observed
    assert elapsed < 20


# --- model bookkeeping -------------------------------------------------------------------


def test_model_counts() -> None:
    assert count_hierarchical_models(3, 2) == 8
    assert count_hierarchical_models(4, 2) == 64
    assert count_hierarchical_models(4, 3) == 113  # Silverman, Chan & Vincent (2024)
    for m in enumerate_hierarchical_models(4, 3):
        for t in m.terms:
            if len(t) == 3:
                assert all(t - {i} in m.terms for i in t)


def test_parse_model_forms_agree() -> None:
    lists = ("A", "B", "C", "D")
    a = parse_model(["A:B", "C*D"], lists)
    b = parse_model([("A", "B"), (2, 3)], lists)
    c = parse_model("[12,34]", lists)
    d = parse_model("A:B + C:D", lists)
    assert a == b == c == d
    assert (
        parse_model("[123]", lists).terms
        == parse_model(["A:B", "A:C", "B:C", "A:B:C"], lists).terms
    )
    assert parse_model([], lists).terms == frozenset()


@pytest.mark.parametrize("bad", [["A:Z"], ["A:A"], "[15]", [(0, 9)]])
def test_parse_model_rejects_bad_terms(bad: object) -> None:
    with pytest.raises(InvalidValue):
        parse_model(bad, ("A", "B", "C", "D"))  # type: ignore[arg-type]


def test_two_lists_main_effects_is_lincoln_petersen() -> None:
    t = CaptureTable.from_rows(("A", "B"), [(1, 0), (0, 1), (1, 1)], [30, 20, 10])
    e = fit_loglinear(t)
    assert e.estimate == pytest.approx(60 + 30 * 20 / 10, rel=1e-9)


def test_three_list_no_three_way_model_matches_closed_form() -> None:
    # Without the 3-way term, n000 = n100 n010 n001 n111 / (n110 n101 n011).
    t = load("spina_bifida_3list_dga_MY1997")
    e = fit_loglinear(t, "[12,13,23]")
    n0 = 247 * 49 * 60 * 12 / (142 * 112 * 4)
    assert e.estimate == pytest.approx(t.observed + n0, rel=1e-8)


def test_profile_interval_brackets_estimate_and_differs_from_wald() -> None:
    e = fit_loglinear(load("korea_comfort_women_3list"), "[12,3]")
    assert e.lower is not None and e.upper is not None and e.estimate is not None
    assert e.lower < e.estimate < e.upper
    assert e.diagnostics["interval_method"].startswith("profile likelihood")
    _wlo, whi = e.diagnostics["wald_lognormal_interval"]
    assert not math.isclose(e.upper, whi, rel_tol=1e-6)


def test_saturated_model_is_refused() -> None:
    e = fit_loglinear(load("kosovo_1999_4list"), "[1234]")
    assert e.estimate is None and e.diagnostics["status"] == "not_identifiable"


def test_degenerate_tables_are_refused() -> None:
    one = CaptureTable.from_rows(("A",), [(1,)], [5])
    assert fit_loglinear(one).refusal is not None
    empty = CaptureTable.from_rows(("A", "B", "C"), [], [])
    for e in (fit_loglinear(empty), stepwise_loglinear(empty), search_loglinear(empty)):
        assert e.estimate is None and e.refusal


# --- property: any valid table gives a number or a clear refusal --------------------------


@st.composite
def tables_and_models(draw: st.DrawFn) -> tuple[CaptureTable, list[tuple[int, int]]]:
    j = draw(st.integers(min_value=2, max_value=4))
    cells = [tuple((c >> i) & 1 for i in range(j)) for c in range(1, 2**j)]
    counts = draw(
        st.lists(st.integers(min_value=0, max_value=60), min_size=len(cells), max_size=len(cells))
    )
    pairs = [(a, b) for a in range(j) for b in range(a + 1, j)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs), unique=True))
    names = [f"L{i}" for i in range(j)]
    return CaptureTable.from_rows(names, cells, counts), chosen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_and_models())
def test_any_valid_table_gives_result_or_refusal(case: tuple[CaptureTable, list]) -> None:
    table, pairs = case
    for run in (
        lambda: fit_loglinear(table, [tuple(p) for p in pairs]),
        lambda: stepwise_loglinear(table),
        lambda: search_loglinear(table, "aic", max_order=2),
    ):
        try:
            e = run()
        except VigilError:
            continue
        if e.estimate is None:
            assert e.refusal
        else:
            assert e.refusal is None
            assert np.isfinite(e.estimate) and e.estimate >= table.observed - 1e-6
            if e.lower is not None:
                assert e.lower <= e.estimate + 1e-6
            if e.upper is not None:
                assert e.upper >= e.estimate - 1e-6


def test_too_many_lists_is_refused_not_attempted() -> None:
    t = load("colombia_verdata_reclutamiento_R1_hombre_1999_20list")
    for e in (fit_loglinear(t), stepwise_loglinear(t), search_loglinear(t)):
        assert e.estimate is None and e.refusal and "20 lists" in e.refusal
