"""The one result shape every estimator returns, so the CLI, claims and statement share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass
class Estimate:
    """A point estimate of the total population with an interval.

    `estimate`, `lower` and `upper` are None when the method refuses to give a number
    (for example a non-identifiable log-linear model); `refusal` then says why.
    `draws` holds posterior draws of N for Bayesian methods, so strata can be summed
    draw by draw.
    """

    method: str
    observed: int
    estimate: float | None
    lower: float | None
    upper: float | None
    level: float = 0.95
    lists: tuple[str, ...] = ()
    diagnostics: dict[str, Any] = field(default_factory=dict)
    refusal: str | None = None
    draws: NDArray[np.float64] | None = None

    @classmethod
    def refused(
        cls,
        method: str,
        observed: int,
        reason: str,
        *,
        level: float = 0.95,
        lists: tuple[str, ...] = (),
        diagnostics: dict[str, Any] | None = None,
    ) -> Estimate:
        """A result that gives no number, only the reason (never a silent None)."""
        return cls(
            method=method,
            observed=observed,
            estimate=None,
            lower=None,
            upper=None,
            level=level,
            lists=lists,
            diagnostics=diagnostics or {},
            refusal=reason,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "observed": self.observed,
            "estimate": self.estimate,
            "lower": self.lower,
            "upper": self.upper,
            "level": self.level,
            "lists": list(self.lists),
            "refusal": self.refusal,
            "diagnostics": self.diagnostics,
        }
