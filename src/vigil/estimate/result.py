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
