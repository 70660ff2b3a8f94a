"""Sensitivity analysis for people whom every list is unlikely to record.

MSE extrapolates from the people the lists share. A group that every list rarely records
(deaths in custody, quiet burials) leaves almost no overlaps, so MSE treats its few
documented members like everyone else and misses most of the group. No estimator can see
it in the data, so we do not estimate it. Instead we show how the total moves under stated
assumptions, in labelled scenario rows. This is kept apart from the estimate and is never
folded into it.

Each scenario fixes the size H of the hidden group from the documented members m of that
group (people the documentation marks as, say, died in custody):
- per-list capture probability q: if each of the J lists records a member independently
  with probability q, then a member is documented with probability 1 - (1-q)^J, and
  H = m / (1 - (1-q)^J);
- a ratio r: H = r * m (the group is r times its documented part);
- an absolute size: H given directly (needed when m = 0).
The total is then the MSE estimate for everyone else plus H. If the base estimate was made
on the whole table (documented members included), only the undocumented H - m is added.
Scenario intervals carry only the base estimate's uncertainty: H is an assumption, not an
estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from vigil.errors import InvalidValue
from vigil.estimate.result import Estimate
from vigil.estimate.table import CaptureTable

DEFAULT_CAPTURE_PROBABILITIES = (0.01, 0.02, 0.05, 0.1, 0.2)
DEFAULT_RATIOS = (1.0, 2.0, 5.0, 10.0)


@dataclass(frozen=True)
class HiddenGroupScenario:
    """One row: an assumption about the hidden group and the total it implies."""

    label: str
    kind: str  # "per_list_capture", "ratio" or "absolute"
    assumption: float
    hidden_group_total: float
    hidden_group_undocumented: float
    total: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class SensitivityAnalysis:
    """Scenario rows around a base MSE estimate; not an estimate itself."""

    base_method: str
    base_estimate: float | None
    base_includes_documented: bool
    documented_hidden: int
    n_lists: int
    scenarios: tuple[HiddenGroupScenario, ...]
    note: str

    def rows(self) -> list[dict[str, Any]]:
        return [asdict(s) for s in self.scenarios]

    def total_range(self) -> tuple[float, float] | None:
        """Smallest and largest scenario total (None when the base estimate was refused)."""
        totals = [s.total for s in self.scenarios if s.total is not None]
        return (min(totals), max(totals)) if totals else None

    def to_json(self) -> dict[str, Any]:
        rng = self.total_range()
        return {
            "kind": "sensitivity analysis (scenarios, not an estimate)",
            "base_method": self.base_method,
            "base_estimate": self.base_estimate,
            "base_includes_documented": self.base_includes_documented,
            "documented_hidden": self.documented_hidden,
            "n_lists": self.n_lists,
            "total_range": list(rng) if rng else None,
            "note": self.note,
            "scenarios": self.rows(),
        }


def remove_group(table: CaptureTable, group: CaptureTable) -> CaptureTable:
    """The table without the people of `group` (same lists, pattern by pattern)."""
    if group.lists != table.lists:
        raise InvalidValue(f"group lists {group.lists} differ from table lists {table.lists}")
    counts = {
        tuple(int(v) for v in p): int(c) for p, c in zip(table.patterns, table.counts, strict=True)
    }
    for p, c in zip(group.patterns, group.counts, strict=True):
        key = tuple(int(v) for v in p)
        if counts.get(key, 0) < c:
            raise InvalidValue(
                f"pattern {key}: the group has {c} people, the table only {counts.get(key, 0)}"
            )
        counts[key] -= int(c)
    keys = list(counts)
    return CaptureTable.from_rows(table.lists, keys, [counts[k] for k in keys])


def hidden_group_sensitivity(
    base: Estimate,
    documented_hidden: int,
    n_lists: int | None = None,
    capture_probabilities: Sequence[float] = DEFAULT_CAPTURE_PROBABILITIES,
    ratios: Sequence[float] = DEFAULT_RATIOS,
    absolute_sizes: Sequence[float] = (),
    base_includes_documented: bool = False,
) -> SensitivityAnalysis:
    """Scenario totals for a hidden group with `documented_hidden` documented members.

    `base` is the MSE estimate for everyone outside the group (made with `remove_group`),
    or, with `base_includes_documented=True`, for the whole table. `n_lists` defaults to the
    number of lists of the base estimate.
    """
    if documented_hidden < 0:
        raise InvalidValue(f"documented_hidden must be >= 0, got {documented_hidden}")
    j = n_lists if n_lists is not None else len(base.lists)
    if j < 1:
        raise InvalidValue("the number of lists must be at least 1")
    m = float(documented_hidden)
    rows: list[tuple[str, str, float, float]] = []
    for q in capture_probabilities:
        if not 0 < q <= 1:
            raise InvalidValue(f"capture probability must be in (0, 1], got {q}")
        h = m / (1.0 - (1.0 - q) ** j)
        rows.append(
            (
                f"each list records a hidden-group member with probability {q:g}",
                "per_list_capture",
                float(q),
                h,
            )
        )
    for r in ratios:
        if r < 1:
            raise InvalidValue(
                f"ratio must be >= 1 (the group includes its documented members), got {r}"
            )
        rows.append(
            (
                f"hidden group is {r:g} times its {documented_hidden} documented members",
                "ratio",
                float(r),
                r * m,
            )
        )
    for size in absolute_sizes:
        if size < m:
            raise InvalidValue(
                f"absolute size {size} is below the {documented_hidden} documented members"
            )
        rows.append(
            (f"hidden group has {size:g} people in all", "absolute", float(size), float(size))
        )
    scenarios: list[HiddenGroupScenario] = []
    for label, kind, value, h in rows:
        added = h - m if base_includes_documented else h

        def shift(v: float | None, added: float = added) -> float | None:
            return None if v is None else v + added

        scenarios.append(
            HiddenGroupScenario(
                label=label,
                kind=kind,
                assumption=value,
                hidden_group_total=h,
                hidden_group_undocumented=h - m,
                total=shift(base.estimate),
                lower=shift(base.lower),
                upper=shift(base.upper),
            )
        )
    note = (
        "Scenarios, not an estimate: the hidden group's size is assumed, not inferred. "
        "Intervals carry only the base estimate's uncertainty."
    )
    if base.estimate is None:
        note += f" The base estimate was refused: {base.refusal}"
    return SensitivityAnalysis(
        base_method=base.method,
        base_estimate=base.estimate,
        base_includes_documented=base_includes_documented,
        documented_hidden=documented_hidden,
        n_lists=j,
        scenarios=tuple(scenarios),
        note=note,
    )
