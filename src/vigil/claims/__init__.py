"""Public claims about a toll, and how each compares with what is documented and estimated."""

from vigil.claims.verdict import (
    Baseline,
    ClaimFigure,
    CountBaseline,
    CountVerdictCode,
    ShareBaseline,
    ShareVerdictCode,
    Verdict,
    VerdictCode,
    judge,
    judge_count,
    judge_share,
)

__all__ = [
    "Baseline",
    "ClaimFigure",
    "CountBaseline",
    "CountVerdictCode",
    "ShareBaseline",
    "ShareVerdictCode",
    "Verdict",
    "VerdictCode",
    "judge",
    "judge_count",
    "judge_share",
]
