"""dga: Bayesian model averaging over decomposable graphs, checked on Madigan & York (1997)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.errors import InvalidValue, VigilError
from vigil.estimate.dga import GammaPrior, decomposable_graphs, dga_estimate
from vigil.estimate.table import CaptureTable

DATA = Path(__file__).resolve().parents[1] / "data" / "mse"
MY_PRIOR = GammaPrior(shape=13.14, scale=55.17)


def load(name: str) -> CaptureTable:
    return CaptureTable.from_csv_text((DATA / f"{name}.csv").read_text(), name)


def test_number_of_decomposable_graphs() -> None:
    assert [len(decomposable_graphs(j)) for j in (2, 3, 4, 5)] == [2, 8, 61, 822]
    # the three 4-cycles are the only non-chordal graphs on 4 vertices
    edges4 = {g.edges for g in decomposable_graphs(4)}
    assert ((0, 1), (0, 2), (1, 3), (2, 3)) not in edges4


def test_spina_bifida_reproduces_madigan_york() -> None:
    e = dga_estimate(
        load("spina_bifida_3list_dga_MY1997"),
        delta=1.0,
        prior=MY_PRIOR,
        point="relative_squared_error",
    )
    top = e.diagnostics["model_probabilities"][0]
    assert top["model"] == "death_cert:med_rehab"
    assert top["probability"] == pytest.approx(0.37, abs=0.005)
    assert e.estimate == pytest.approx(731, abs=0.5)
    s = e.diagnostics["posterior_summaries"]
    assert s["mode"] == 728  # averaged
    assert e.diagnostics["top_model_posterior_mode"] == 729
    total = sum(m["probability"] for m in e.diagnostics["model_probabilities"])
    assert total == pytest.approx(1.0, abs=1e-3)
    assert e.lower is not None and e.upper is not None and e.lower < 731 < e.upper


def test_draws_are_seeded_and_follow_the_posterior() -> None:
    t = load("spina_bifida_3list_dga_MY1997")
    a = dga_estimate(t, delta=1.0, prior=MY_PRIOR, seed=7, n_draws=5000)
    b = dga_estimate(t, delta=1.0, prior=MY_PRIOR, seed=7, n_draws=5000)
    assert a.draws is not None and b.draws is not None
    assert np.array_equal(a.draws, b.draws)
    assert np.median(a.draws) == pytest.approx(
        a.diagnostics["posterior_summaries"]["median"], abs=3
    )
    assert a.draws.min() >= t.observed


def test_kosovo_in_supported_range() -> None:
    e = dga_estimate(load("kosovo_1999_4list"))
    assert e.lower is not None and e.upper is not None
    assert e.lower < 10401 < e.upper
    assert e.lower >= 6900 and e.upper <= 18000


def test_prior_matters_only_mildly_on_large_table() -> None:
    t = load("spina_bifida_3list_dga_MY1997")
    inv = dga_estimate(t, delta=1.0, prior="inverse").estimate
    uni = dga_estimate(t, delta=1.0, prior="uniform").estimate
    assert inv is not None and uni is not None and abs(inv - uni) < 10


def test_refusals_and_bad_arguments() -> None:
    six = dga_estimate(load("uk_modern_slavery_2013_6list"))
    assert six.estimate is None and six.refusal and "at most 5" in six.refusal
    one = CaptureTable.from_rows(("A",), [(1,)], [4])
    assert dga_estimate(one).refusal
    with pytest.raises(InvalidValue):
        dga_estimate(load("korea_comfort_women_3list"), delta=-1)
    with pytest.raises(InvalidValue):
        GammaPrior(0, 1)


def test_truncated_heavy_tail_is_flagged() -> None:
    e = dga_estimate(load("uk_modern_slavery_2013_5list"), max_missing=5000)
    assert "warning" in e.diagnostics


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 4).flatmap(
        lambda j: st.tuples(
            st.just(j), st.lists(st.integers(0, 40), min_size=2**j - 1, max_size=2**j - 1)
        )
    )
)
def test_any_valid_table_gives_result_or_refusal(case: tuple[int, list[int]]) -> None:
    j, counts = case
    cells = [tuple((c >> i) & 1 for i in range(j)) for c in range(1, 2**j)]
    table = CaptureTable.from_rows([f"L{i}" for i in range(j)], cells, counts)
    try:
        e = dga_estimate(table, n_draws=50)
    except VigilError:
        return
    if e.estimate is None:
        assert e.refusal
    else:
        assert e.lower is not None and e.upper is not None
        assert table.observed <= e.lower <= e.estimate <= e.upper
