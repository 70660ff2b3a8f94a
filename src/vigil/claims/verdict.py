"""Compare a claimed figure with the documented floor, the documented total and the estimate.

Vigil states the comparison and its basis; it does not judge the claimant. Boundaries are
inclusive: a claim equal to the documented floor is within the documented range, a claim
equal to the estimate's upper bound is consistent with the estimate.

Claims about a share ("25% were shot with non-standard weapons", `judge_share`) and counts
restricted by attributes ("40 arrested in hospital", `judge_count`) follow the same
discipline: the verdict states what is documented, with its interval and the fraction that
is unknown, and says "cannot be judged" when the unknowns alone could decide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vigil.statement.shares import IntervalMethod, interval


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
    code: VerdictCode | ShareVerdictCode | CountVerdictCode
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


# --- shares and counts restricted by attributes ----------------------------------------------


class ShareVerdictCode(StrEnum):
    BELOW = "below_documented_share"
    CONSISTENT = "consistent_with_documented_share"
    ABOVE = "above_documented_share"
    CANNOT_JUDGE = "cannot_be_judged"


SHARE_LABELS = {
    ShareVerdictCode.BELOW: "below the documented share's interval",
    ShareVerdictCode.CONSISTENT: "consistent with the documented share",
    ShareVerdictCode.ABOVE: "above the documented share's interval",
    ShareVerdictCode.CANNOT_JUDGE: "cannot be judged: too much is unknown",
}


@dataclass(frozen=True)
class ShareBaseline:
    """What the store documents for a share: `count` of the `known` persons (field known)
    have the attribute, `unknown` more persons in scope have the field unknown.

    `lower`/`upper` bound the share among the known (`level` interval, `method`);
    `widest_lower`/`widest_upper` bound it whatever the unknowns turn out to be: the lower
    end of the interval for `count` of everyone (no unknown has the attribute) and the upper
    end for `count + unknown` of everyone (all have it), same method and level.
    """

    attribute: str  # in words, e.g. "weapon non standard"
    count: int
    known: int
    unknown: int
    lower: float
    upper: float
    widest_lower: float
    widest_upper: float
    level: float = 0.95
    method: str = "wilson"

    @property
    def share(self) -> float | None:
        return self.count / self.known if self.known else None

    @classmethod
    def of(
        cls,
        attribute: str,
        count: int,
        known: int,
        unknown: int,
        level: float = 0.95,
        method: IntervalMethod = "wilson",
    ) -> ShareBaseline:
        """The baseline from counts, with both intervals computed."""
        lo, hi = interval(count, known, level, method)
        everyone = known + unknown
        wlo = interval(count, everyone, level, method)[0]
        whi = interval(count + unknown, everyone, level, method)[1]
        return cls(attribute, count, known, unknown, lo, hi, wlo, whi, level, method)


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def judge_share(percent: float, b: ShareBaseline) -> Verdict:
    """The verdict for a claimed share (in percent) against what is documented.

    Boundaries are inclusive. Consistent: the claim lies in the interval of the share among
    the known. Otherwise, when the claim lies between the widest bounds (assigning every
    unknown one way or the other could carry the documented share to it), the claim cannot
    be judged: the unknown fraction is too large. Beyond the widest bounds: below or above.
    No known person at all: cannot be judged.
    """
    p = percent / 100
    lvl = round(b.level * 100)
    everyone = b.known + b.unknown
    unknown = (
        f"{b.unknown:,} of {everyone:,} persons in scope ({_pct(b.unknown / everyone)}) have "
        "it unknown"
        if everyone
        else "no person is in scope"
    )
    if b.known == 0 or b.share is None:
        code = ShareVerdictCode.CANNOT_JUDGE
        reason = (
            f"{percent:g}% cannot be compared: no person in scope has the field known ({unknown})"
        )
        return Verdict(code, SHARE_LABELS[code], reason)
    doc = (
        f"{b.count:,} of the {b.known:,} persons with the field known ({_pct(b.share)}) have "
        f"{b.attribute}, {lvl}% interval [{_pct(b.lower)}, {_pct(b.upper)}] ({b.method}); "
        f"{unknown}"
    )
    if b.lower <= p <= b.upper:
        code = ShareVerdictCode.CONSISTENT
        reason = f"{percent:g}% lies within the documented share: {doc}"
    elif b.widest_lower <= p <= b.widest_upper:
        code = ShareVerdictCode.CANNOT_JUDGE
        reason = (
            f"{percent:g}% lies outside the documented share, but the unknowns could move the "
            f"share anywhere from {_pct(b.widest_lower)} to {_pct(b.widest_upper)}: {doc}"
        )
    elif p < b.widest_lower:
        code = ShareVerdictCode.BELOW
        reason = (
            f"{percent:g}% is below the documented share even if no unknown had "
            f"{b.attribute} (at least {_pct(b.widest_lower)}): {doc}"
        )
    else:
        code = ShareVerdictCode.ABOVE
        reason = (
            f"{percent:g}% is above the documented share even if every unknown had "
            f"{b.attribute} (at most {_pct(b.widest_upper)}): {doc}"
        )
    return Verdict(code, SHARE_LABELS[code], reason)


class CountVerdictCode(StrEnum):
    BELOW_FLOOR = "below_documented_floor"
    WITHIN_DOCUMENTED = "within_documented_range"
    CANNOT_JUDGE = "cannot_be_judged"
    ABOVE_DOCUMENTED = "above_documented_including_unknown"


COUNT_LABELS = {
    CountVerdictCode.BELOW_FLOOR: "below the documented floor",
    CountVerdictCode.WITHIN_DOCUMENTED: "within the documented range",
    CountVerdictCode.CANNOT_JUDGE: "cannot be judged: too much is unknown",
    CountVerdictCode.ABOVE_DOCUMENTED: "above the documented count, unknowns included",
}


@dataclass(frozen=True)
class CountBaseline:
    """A count restricted by attributes: `floor` (confirmed + fair) and `documented` persons
    with the attributes; `unknown` persons in the scope without the attributes have one of
    the attribute fields unknown (they might have them)."""

    attribute: str
    floor: int
    documented: int
    unknown: int


def judge_count(figure: int, b: CountBaseline) -> Verdict:
    """The verdict for a count restricted by attributes (no statistical estimate: attributes
    are recorded unevenly across lists, so MSE is not run on them).

    Inclusive boundaries: below the floor; within [floor, documented]; above the documented
    count but within what the unknowns could add (cannot be judged); above even that.
    """
    f = figure
    if f < b.floor:
        code = CountVerdictCode.BELOW_FLOOR
        reason = (
            f"{f:,} is fewer than the {b.floor:,} named victims with {b.attribute} corroborated "
            f"as confirmed or fair"
        )
    elif f <= b.documented:
        code = CountVerdictCode.WITHIN_DOCUMENTED
        reason = (
            f"{f:,} lies between the corroborated floor ({b.floor:,}) and all documented "
            f"victims with {b.attribute} ({b.documented:,})"
        )
    elif f <= b.documented + b.unknown:
        code = CountVerdictCode.CANNOT_JUDGE
        reason = (
            f"{f:,} exceeds the {b.documented:,} documented victims with {b.attribute}, but "
            f"{b.unknown:,} more in scope have the field unknown and could account for it"
        )
    else:
        code = CountVerdictCode.ABOVE_DOCUMENTED
        reason = (
            f"{f:,} exceeds the {b.documented:,} documented victims with {b.attribute} even "
            f"counting all {b.unknown:,} in scope with the field unknown; no statistical "
            "estimate is made for counts restricted by attributes"
        )
    return Verdict(code, COUNT_LABELS[code], reason)
