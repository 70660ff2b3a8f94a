"""How common namesakes are in a synthetic population (the measure behind the bank sizes).

Real lists hold different people with the same name: the linker must keep them apart, so a
test bed needs about as many as real lists have, neither half the victims (too small a bank)
nor none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vigil.synth.population import Population


@dataclass(frozen=True)
class Namesakes:
    """Shares of persons who share a name with at least one other person of the population."""

    persons: int
    given_family: float  # same given name and surname
    given_family_province: float  # ... and the same province
    given_family_father: float  # ... and the same father's name

    def as_dict(self) -> dict[str, float | int]:
        return {
            "persons": self.persons,
            "given_family": round(self.given_family, 4),
            "given_family_province": round(self.given_family_province, 4),
            "given_family_father": round(self.given_family_father, 4),
        }

    def sentence(self) -> str:
        return (
            f"namesakes: {self.given_family:.1%} of {self.persons:,} persons share given name "
            f"and surname with another, {self.given_family_province:.1%} also the province, "
            f"{self.given_family_father:.1%} also the father's name"
        )


def _shared(*columns: npt.NDArray[np.integer]) -> float:
    if columns[0].shape[0] == 0:
        return 0.0
    stacked = np.stack([c.astype(np.int64) for c in columns], axis=1)
    _, inverse, counts = np.unique(stacked, axis=0, return_inverse=True, return_counts=True)
    return float((counts[inverse.ravel()] > 1).mean())


def namesakes(population: Population, mask: npt.NDArray[np.bool_] | None = None) -> Namesakes:
    """Namesake shares among all persons, or among those in `mask` (e.g. the observed ones)."""
    pick = np.ones(population.size, dtype=np.bool_) if mask is None else mask
    given, family = population.given[pick], population.family[pick]
    return Namesakes(
        persons=int(pick.sum()),
        given_family=_shared(given, family),
        given_family_province=_shared(given, family, population.province[pick]),
        given_family_father=_shared(given, family, population.father[pick]),
    )
