"""Share intervals against published values, and the counting rules for disputed persons."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.errors import InvalidValue
from vigil.statement.shares import (
    combined_share,
    exact_interval,
    field_shares,
    wilson_interval,
)

Z = 1.959963984540054


def test_wilson_at_zero_and_all() -> None:
    # 0/n: [0, z²/(n+z²)]; n/n: [n/(n+z²), 1] (closed forms of the score interval).
    assert wilson_interval(0, 10) == (0.0, pytest.approx(Z * Z / (10 + Z * Z)))
    assert wilson_interval(10, 10) == (pytest.approx(10 / (10 + Z * Z)), 1.0)
    assert wilson_interval(0, 10)[1] == pytest.approx(0.2775, abs=1e-4)


# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II:
# (k, n, Wilson score interval, Clopper-Pearson exact interval).
NEWCOMBE = [
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0, 0.1611), (0.0, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]


@pytest.mark.parametrize(("k", "n", "wilson", "exact"), NEWCOMBE)
def test_textbook_values(
    k: int, n: int, wilson: tuple[float, float], exact: tuple[float, float]
) -> None:
    assert wilson_interval(k, n) == pytest.approx(wilson, abs=1e-4)
    assert exact_interval(k, n) == pytest.approx(exact, abs=1e-4)


def test_exact_closed_forms_at_the_edges() -> None:
    assert exact_interval(0, 10)[1] == pytest.approx(1 - 0.025 ** (1 / 10))
    assert exact_interval(10, 10)[0] == pytest.approx(0.025 ** (1 / 10))


def test_empty_and_bad_input() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert exact_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(InvalidValue, match="0 <= k <= n"):
        wilson_interval(5, 3)
    with pytest.raises(InvalidValue, match="level"):
        wilson_interval(1, 3, level=1.5)


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_intervals_hold_the_estimate(kn: tuple[int, int]) -> None:
    k, n = kn
    for lo, hi in (wilson_interval(k, n), exact_interval(k, n)):
        assert 0.0 <= lo <= hi <= 1.0
        if n:
            assert lo <= k / n <= hi
            assert not math.isnan(lo + hi)


CODES = {
    "P1": {"head"},
    "P2": {"chest"},
    "P3": {"head", "limbs"},  # disputed: sources disagree
    "P4": {"unknown"},  # says nothing
    "P5": set(),
    "P6": {"limbs"},
}


def test_field_shares_rules() -> None:
    fs = field_shares("wound", CODES, ["P1", "P2", "P3", "P4", "P5", "P6", "P7"])
    assert (fs.persons, fs.known, fs.unknown, fs.disputed) == (7, 4, 3, 1)
    assert fs.unknown_share == pytest.approx(3 / 7)
    head = fs.get("head")
    assert head is not None and (head.count, head.known) == (2, 4)
    # a disputed person counts in each category a source gives: shares add up past 100%
    assert sum(s.count for s in fs.shares) == 5


def test_categories_listed_even_at_zero() -> None:
    fs = field_shares("wound", CODES, ["P1"], categories=["head", "neck"])
    neck = fs.get("neck")
    assert neck is not None and neck.count == 0 and neck.lower == 0.0
    assert [s.category for s in fs.shares] == ["head", "neck"]


def test_combined_share_counts_each_person_once() -> None:
    share, fs = combined_share("wound", {"head", "neck", "chest"}, CODES, list(CODES))
    assert (share.count, share.known) == (3, 4)  # P1, P2, P3 (once, though disputed)
    assert fs.disputed == 1  # P3: head|chest|neck and limbs


def test_overlapping_categories_are_not_disputes() -> None:
    codes = {"P1": {"died_in_custody", "care_denied"}, "P2": {"released"}}
    fs = field_shares("custody", codes, ["P1", "P2", "P3"], exclusive=False)
    assert (fs.known, fs.disputed, fs.unknown) == (2, 0, 1)
    assert fs.to_json()["disputed"] is None and fs.to_json()["exclusive"] is False


def test_one_source_naming_two_is_counted_in_both_but_is_no_dispute() -> None:
    from vigil.statement.shares import field_shares

    codes = {"a": {"irgc", "basij"}, "b": {"police", "irgc"}, "c": {"irgc"}, "d": set()}
    # "a": one source named IRGC and Basij; "b": two sources disagree.
    fs = field_shares("perpetrator", codes, "abcd", disputed_ids=["b"])
    assert {s.category: s.count for s in fs.shares} == {"basij": 1, "irgc": 3, "police": 1}
    assert (fs.persons, fs.known, fs.multiple, fs.disputed) == (4, 3, 2, 1)
    assert sum(s.count for s in fs.shares) > fs.known  # shares sum above 100%
    # Without the service's word on disputes, two codes count as one.
    assert field_shares("perpetrator", codes, "abcd").disputed == 2
