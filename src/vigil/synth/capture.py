"""Which sources record which victims: heterogeneous capture by latent group.

Within a group, sources capture independently, each with its own probability; across groups the
probabilities differ, and differ *differently* by source (a field network reaches small towns
that hospitals and the press miss). That is exactly the structure latent-class capture-recapture
(LCMCR) can represent. The hidden group is rarely captured by anyone, so every estimator that
sees only the lists undercounts it. An optional copying outlet re-publishes part of another
source's list, which makes the two dependent: they share an independence group.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vigil.domain import SourceKind
from vigil.synth.population import Population
from vigil.synth.styles import SourceSpec

# Capture probability of one source of each kind for each group (before per-source jitter).
BASE_CAPTURE: dict[SourceKind, dict[str, float]] = {
    SourceKind.FIELD_NETWORK: {"prominent": 0.55, "ordinary": 0.35, "peripheral": 0.40},
    SourceKind.NGO: {"prominent": 0.70, "ordinary": 0.30, "peripheral": 0.15},
    SourceKind.HOSPITAL: {"prominent": 0.50, "ordinary": 0.25, "peripheral": 0.06},
    SourceKind.MEDIA: {"prominent": 0.75, "ordinary": 0.20, "peripheral": 0.08},
    SourceKind.OFFICIAL: {"prominent": 0.35, "ordinary": 0.15, "peripheral": 0.05},
    SourceKind.FAMILY: {"prominent": 0.30, "ordinary": 0.20, "peripheral": 0.10},
    SourceKind.OTHER: {"prominent": 0.30, "ordinary": 0.15, "peripheral": 0.10},
}
HIDDEN_CAPTURE_RANGE = (0.01, 0.03)
"""Every source records a hidden-group victim with a probability in this range."""


def _logit(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(np.log(p / (1.0 - p)), dtype=np.float64)


def capture_probabilities(
    rng: np.random.Generator, population: Population, sources: list[SourceSpec], jitter: float = 0.3
) -> npt.NDArray[np.float64]:
    """Matrix (groups x sources) of capture probabilities, jittered on the logit scale per seed."""
    probs = np.empty((len(population.groups), len(sources)))
    for s, spec in enumerate(sources):
        base = BASE_CAPTURE[spec.kind]
        for g, profile in enumerate(population.groups):
            if profile.name == "hidden":
                probs[g, s] = rng.uniform(*HIDDEN_CAPTURE_RANGE)
            else:
                logit = _logit(np.array(base[profile.name])) + rng.normal(0.0, jitter)
                probs[g, s] = 1.0 / (1.0 + np.exp(-logit))
    return probs


def draw_captures(
    rng: np.random.Generator,
    population: Population,
    sources: list[SourceSpec],
    probs: npt.NDArray[np.float64],
    copy_rate: float,
) -> npt.NDArray[np.bool_]:
    """Boolean matrix (people x sources): True where the source recorded the person."""
    n = population.size
    captured = np.empty((n, len(sources)), dtype=np.bool_)
    for s in range(len(sources)):
        captured[:, s] = rng.random(n) < probs[population.group, s]
    for s, spec in enumerate(sources):
        if spec.copies_from is not None:
            copied = captured[:, spec.copies_from] & (rng.random(n) < copy_rate)
            captured[:, s] |= copied
    return captured
