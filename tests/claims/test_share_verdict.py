"""Share and sub-count claim verdicts at their boundaries, including "cannot be judged"."""

from __future__ import annotations

import pytest

from vigil.claims import (
    CountBaseline,
    CountVerdictCode,
    ShareBaseline,
    ShareVerdictCode,
    judge_count,
    judge_share,
)

# 30 of 100 known (Wilson 95%: 21.9% to 39.6%), 10 unknown: widest bounds are the Wilson
# lower end of 30/110 (19.8%) and the upper end of 40/110 (45.67%).
B = ShareBaseline.of("weapon non standard", count=30, known=100, unknown=10)


def test_baseline_intervals() -> None:
    assert B.lower == pytest.approx(0.2189, abs=1e-4)
    assert B.upper == pytest.approx(0.3958, abs=1e-4)
    assert B.widest_lower == pytest.approx(0.1982, abs=1e-4)
    assert B.widest_upper == pytest.approx(0.4567, abs=1e-4)


@pytest.mark.parametrize(
    ("percent", "code"),
    [
        (5, ShareVerdictCode.BELOW),
        (19.0, ShareVerdictCode.BELOW),
        (20.0, ShareVerdictCode.CANNOT_JUDGE),  # the unknowns could carry the share there
        (21.0, ShareVerdictCode.CANNOT_JUDGE),
        (30, ShareVerdictCode.CONSISTENT),
        (39.5, ShareVerdictCode.CONSISTENT),
        (40, ShareVerdictCode.CANNOT_JUDGE),
        (45.6, ShareVerdictCode.CANNOT_JUDGE),
        (45.7, ShareVerdictCode.ABOVE),
        (90, ShareVerdictCode.ABOVE),
    ],
)
def test_share_verdicts(percent: float, code: ShareVerdictCode) -> None:
    assert judge_share(percent, B).code is code


def test_share_boundaries_are_inclusive() -> None:
    assert judge_share(B.lower * 100, B).code is ShareVerdictCode.CONSISTENT
    assert judge_share(B.upper * 100, B).code is ShareVerdictCode.CONSISTENT
    assert judge_share(B.widest_upper * 100, B).code is ShareVerdictCode.CANNOT_JUDGE
    assert judge_share(B.widest_lower * 100, B).code is ShareVerdictCode.CANNOT_JUDGE


def test_no_unknowns_means_no_cannot_judge_zone() -> None:
    b = ShareBaseline.of("wound head", count=30, known=100, unknown=0)
    assert judge_share(21.0, b).code is ShareVerdictCode.BELOW
    assert judge_share(40.0, b).code is ShareVerdictCode.ABOVE


def test_mostly_unknown_cannot_be_judged() -> None:
    b = ShareBaseline.of("weapon non standard", count=9, known=10, unknown=90)
    v = judge_share(25, b)  # far below the 90% among the known, but 90 of 100 are unknown
    assert v.code is ShareVerdictCode.CANNOT_JUDGE
    assert "90 of 100 persons in scope (90.0%)" in v.reason


def test_nobody_known_cannot_be_judged() -> None:
    b = ShareBaseline.of("weapon non standard", count=0, known=0, unknown=12)
    v = judge_share(25, b)
    assert v.code is ShareVerdictCode.CANNOT_JUDGE
    assert "no person in scope has the field known" in v.reason


def test_reason_states_the_documented_share_and_interval() -> None:
    v = judge_share(30, B)
    assert "30 of the 100 persons with the field known (30.0%)" in v.reason
    assert "95% interval [21.9%, 39.6%] (wilson)" in v.reason
    assert "10 of 110 persons in scope (9.1%) have it unknown" in v.reason


C = CountBaseline("place kind hospital", floor=10, documented=15, unknown=5)


@pytest.mark.parametrize(
    ("figure", "code"),
    [
        (9, CountVerdictCode.BELOW_FLOOR),
        (10, CountVerdictCode.WITHIN_DOCUMENTED),
        (15, CountVerdictCode.WITHIN_DOCUMENTED),
        (16, CountVerdictCode.CANNOT_JUDGE),
        (20, CountVerdictCode.CANNOT_JUDGE),
        (21, CountVerdictCode.ABOVE_DOCUMENTED),
    ],
)
def test_count_verdicts(figure: int, code: CountVerdictCode) -> None:
    assert judge_count(figure, C).code is code
