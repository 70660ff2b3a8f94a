"""Pure scope rules and counts (no store)."""

from __future__ import annotations

import datetime as dt

import pytest

from vigil.statement.settings import Scope
from vigil.statement.stats import PersonRow, compute_stats, in_scope

D = dt.date


def row(**kw: object) -> PersonRow:
    base: dict[str, object] = dict(
        id="P-1",
        grade="fair",
        province_code="26",
        date_start=D(2019, 11, 16),
        date_end=D(2019, 11, 16),
        violations=frozenset({"killed"}),
    )
    base.update(kw)
    return PersonRow(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope.of(date_from="2019-11-16"), True),  # starts on the day
        (Scope.of(date_to="2019-11-16"), True),  # ends on the day
        (Scope.of(date_from="2019-11-17"), False),
        (Scope.of(date_to="2019-11-15"), False),
        (Scope.of(provinces=["26"]), True),
        (Scope.of(provinces=["15"]), False),
        (Scope.of(violations=["injured"]), False),
    ],
)
def test_scope_boundaries(scope: Scope, expected: bool) -> None:
    assert in_scope(row(), scope) is expected


def test_partial_dates_overlap_a_range_and_undated_people_fall_out_of_dated_scopes() -> None:
    month = row(date_start=D(2019, 11, 1), date_end=D(2019, 11, 30))
    assert in_scope(month, Scope.of(date_from="2019-11-20", date_to="2019-11-21"))
    undated = row(date_start=None, date_end=None)
    assert in_scope(undated, Scope())
    assert not in_scope(undated, Scope.of(date_from="2019-11-01"))


def test_counts_split_floor_total_and_unknowns() -> None:
    rows = [
        row(id="a", grade="confirmed", sex="male", age=20, city_id=1),
        row(id="b", grade="weak", date_end=D(2019, 11, 18)),  # not known to the day
        row(id="c", grade="discounted"),
        row(id="d", grade=None, violations=frozenset({"executed"})),
        row(id="e", grade="fair", violations=frozenset({"arrested"})),  # out of scope
    ]
    st = compute_stats(rows, Scope())
    assert st.persons == 4
    assert st.by_grade["confirmed"] == 1 and st.by_grade["ungraded"] == 1
    assert st.floor == 1 and st.documented == 3
    assert st.by_day == {"2019-11-16": 2} and st.day_unknown == 1
    assert st.by_city == {"1": 1, "unknown": 2}
    assert st.by_sex == {"male": 1, "unknown": 2}
    assert st.by_age_sex["18-29"] == {"male": 1}
