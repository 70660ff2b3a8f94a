from __future__ import annotations

import pytest

from vigil.claims import Baseline, ClaimFigure, VerdictCode, judge

B = Baseline(floor=304, documented=420, estimate=900, lower=700, upper=1400, method="lcmcr")


@pytest.mark.parametrize(
    ("figure", "code"),
    [
        (200, VerdictCode.BELOW_FLOOR),
        (303, VerdictCode.BELOW_FLOOR),
        (304, VerdictCode.WITHIN_DOCUMENTED),  # equal to the floor: not below it
        (420, VerdictCode.WITHIN_DOCUMENTED),  # equal to the documented total
        (421, VerdictCode.BELOW_ESTIMATE),
        (699, VerdictCode.BELOW_ESTIMATE),
        (700, VerdictCode.CONSISTENT),  # equal to the lower bound
        (1400, VerdictCode.CONSISTENT),  # equal to the upper bound
        (1401, VerdictCode.ABOVE_ESTIMATE),
        (1500, VerdictCode.ABOVE_ESTIMATE),
    ],
)
def test_verdicts_at_the_boundaries(figure: int, code: VerdictCode) -> None:
    assert judge(ClaimFigure(figure), B).code is code


def test_below_floor_names_how_many_named_victims_contradict_it() -> None:
    v = judge(ClaimFigure(200), B)
    assert "104 more named, corroborated victims" in v.reason
    assert "304" in v.reason
    assert "liar" not in v.reason.lower()


def test_without_estimate() -> None:
    b = Baseline(floor=10, documented=20)
    assert judge(ClaimFigure(21), b).code is VerdictCode.ABOVE_DOCUMENTED
    assert judge(ClaimFigure(15), b).code is VerdictCode.WITHIN_DOCUMENTED
    assert "no statistical estimate" in judge(ClaimFigure(21), b).reason


def test_reason_mentions_claimed_range() -> None:
    v = judge(ClaimFigure(210, 200, 225), B)
    assert "200 to 225" in v.reason
