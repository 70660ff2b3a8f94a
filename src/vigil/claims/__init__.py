"""Public claims about a toll, and how each compares with what is documented and estimated."""

from vigil.claims.verdict import Baseline, ClaimFigure, Verdict, VerdictCode, judge

__all__ = ["Baseline", "ClaimFigure", "Verdict", "VerdictCode", "judge"]
