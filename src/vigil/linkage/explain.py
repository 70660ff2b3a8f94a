"""Why two records were (or were not) linked, field by field.

Each comparison contributes a match weight log2(m/u) for the level the pair fell in; the
prior and any term-frequency adjustment (common names count for less) make up the rest
of the total. Computed from the saved model, so any stored pair can be explained later.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldWeight:
    field: str
    level: str
    weight: float  # log2 Bayes factor; positive is evidence for the same person

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "level": self.level, "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class Explanation:
    prior: float
    fields: list[FieldWeight]
    adjustment: float  # term-frequency adjustments and rounding
    total: float
    probability: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "prior": round(self.prior, 3),
            "fields": [f.as_dict() for f in self.fields],
            "adjustment": round(self.adjustment, 3),
            "total": round(self.total, 3),
            "probability": self.probability,
        }


def _levels(comparison: Mapping[str, Any]) -> dict[int, Mapping[str, Any]]:
    """Gamma value -> level, as Splink numbers them (null -1, then highest first)."""
    levels = list(comparison["comparison_levels"])
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    out: dict[int, Mapping[str, Any]] = {}
    for lv in levels:
        if lv.get("is_null_level"):
            out[-1] = lv
    for i, lv in enumerate(non_null):
        out[len(non_null) - 1 - i] = lv
    return out


def _weight(level: Mapping[str, Any]) -> float:
    if level.get("is_null_level"):
        return 0.0
    m, u = level.get("m_probability"), level.get("u_probability")
    if not m or not u:
        return 0.0
    return math.log2(float(m) / float(u))


def level_label(level: Mapping[str, Any]) -> str:
    return str(level.get("label_for_charts") or level.get("sql_condition") or "?")


def explain(
    model: Mapping[str, Any],
    gammas: Mapping[str, int],
    match_weight: float | None = None,
    probability: float | None = None,
) -> Explanation:
    """Field-by-field weights of a pair from its comparison levels (gamma_<field>)."""
    p = float(model.get("probability_two_random_records_match") or 1e-4)
    prior = math.log2(p / (1 - p))
    fields: list[FieldWeight] = []
    for comp in model.get("comparisons", []):
        name = str(comp["output_column_name"])
        g = gammas.get(name, gammas.get(f"gamma_{name}"))
        if g is None:
            continue
        level = _levels(comp).get(int(g))
        if level is None:
            continue
        fields.append(FieldWeight(name, level_label(level), _weight(level)))
    computed = prior + sum(f.weight for f in fields)
    total = computed if match_weight is None else float(match_weight)
    if probability is None:
        probability = 2**total / (1 + 2**total)
    return Explanation(prior, fields, total - computed, total, probability)
