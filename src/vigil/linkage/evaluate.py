"""Pairwise precision and recall of a clustering against known truth.

Measured on the clusters (every pair of records placed in one person), not on the scored
pairs, because the clusters are what gets counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    n_clusters: int
    n_true: int

    def as_dict(self) -> dict[str, float | int]:
        return self.__dict__.copy()


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(
    clusters: Sequence[Sequence[int]], truth: Mapping[int, Hashable]
) -> PairwiseScores:
    """Scores of `clusters` (lists of record ids) against record id -> true entity."""
    predicted = sum(_pairs(len(c)) for c in clusters)
    true_sizes = Counter(truth[r] for c in clusters for r in c)
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    correct = 0
    for c in clusters:
        correct += sum(_pairs(n) for n in Counter(truth[r] for r in c).values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(
        precision, recall, f1, true_pairs, predicted, correct, len(clusters), len(true_sizes)
    )
