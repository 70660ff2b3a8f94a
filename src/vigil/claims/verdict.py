"""Compare a claimed figure with the documented floor, the documented total and the estimate.

Vigil states the comparison and its basis; it does not judge the claimant. Boundaries are
inclusive: a claim equal to the documented floor is within the documented range, a claim
equal to the estimate's upper bound is consistent with the estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class VerdictCode(StrEnum):
    BELOW_FLOOR = "below_documented_floor"
    WITHIN_DOCUMENTED = "within_documented_range"
    BELOW_ESTIMATE = "above_documented_below_estimate"
    CONSISTENT = "consistent_with_estimate"
    ABOVE_ESTIMATE = "above_estimate_upper_bound"
    ABOVE_DOCUMENTED = "above_documented_no_estimate"


LABELS = {
    VerdictCode.BELOW_FLOOR: "below the documented floor",
    VerdictCode.WITHIN_DOCUMENTED: "within the documented range",
    VerdictCode.BELOW_ESTIMATE: "above the documented total, below the estimate's interval",
    VerdictCode.CONSISTENT: "consistent with the estimate",
    VerdictCode.ABOVE_ESTIMATE: "above the estimate's upper bound",
    VerdictCode.ABOVE_DOCUMENTED: "above the documented total (no estimate to compare)",
}


@dataclass(frozen=True)
class ClaimFigure:
    figure: int
    figure_min: int | None = None
    figure_max: int | None = None


@dataclass(frozen=True)
class Baseline:
    """What the store documents and estimates for the claim's scope."""

    floor: int  # confirmed + fair
    documented: int  # every grade but discounted
    estimate: float | None = None
    lower: float | None = None
    upper: float | None = None
    level: float = 0.95
    method: str | None = None

    @property
    def has_estimate(self) -> bool:
        return self.lower is not None and self.upper is not None


@dataclass(frozen=True)
class Verdict:
    code: VerdictCode
    label: str
    reason: str


def _interval(b: Baseline) -> str:
    pct = round(b.level * 100)
    return f"[{b.lower:,.0f}, {b.upper:,.0f}] ({pct}% interval, {b.method or 'MSE'})"


def judge(claim: ClaimFigure, b: Baseline) -> Verdict:
    """The verdict for one claim against one baseline, with the numbers behind it."""
    f = claim.figure
    also = ""
    if b.has_estimate and b.lower is not None and b.upper is not None:
        inside = b.lower <= f <= b.upper
        also = f"; the estimate is {_interval(b)}, which {'includes' if inside else 'excludes'} it"
    if claim.figure_min is not None and claim.figure_max is not None:
        also += f"; the claim itself spans {claim.figure_min:,} to {claim.figure_max:,}"

    if f < b.floor:
        code = VerdictCode.BELOW_FLOOR
        reason = (
            f"{f:,} is fewer than the {b.floor:,} named victims corroborated as confirmed or fair"
            f" (contradicted by {b.floor - f:,} more named, corroborated victims){also}"
        )
    elif f <= b.documented:
        code = VerdictCode.WITHIN_DOCUMENTED
        reason = (
            f"{f:,} lies between the corroborated floor ({b.floor:,}) and all documented "
            f"victims ({b.documented:,}){also}"
        )
    elif not b.has_estimate or b.lower is None or b.upper is None:
        code = VerdictCode.ABOVE_DOCUMENTED
        reason = (
            f"{f:,} exceeds the {b.documented:,} documented victims by {f - b.documented:,}; "
            "no statistical estimate is available for this scope"
        )
    elif f < b.lower:
        code = VerdictCode.BELOW_ESTIMATE
        reason = (
            f"{f:,} exceeds the {b.documented:,} documented victims but is below the "
            f"estimate {_interval(b)}"
        )
    elif f <= b.upper:
        code = VerdictCode.CONSISTENT
        reason = (
            f"{f:,} exceeds the {b.documented:,} documented victims and lies within the "
            f"estimate {_interval(b)}"
        )
    else:
        code = VerdictCode.ABOVE_ESTIMATE
        reason = f"{f:,} is above the upper bound of the estimate {_interval(b)}"
    return Verdict(code, LABELS[code], reason)
