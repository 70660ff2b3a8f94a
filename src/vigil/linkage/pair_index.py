"""Match probability of any scored record pair, in a few bytes per pair.

Clustering asks "how strongly do these two records match?" for every cross pair of two
groups it considers merging. A Python dict keyed by id tuples answers that at ~150 bytes a
pair, which a million-record run (tens of millions of scored pairs) cannot afford; a sorted
array of packed keys answers it at 16 bytes a pair, by binary search.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

#: Record ids are packed two to an int64 key, so each must fit in 31 bits.
MAX_ID = 2**31 - 1


def _keys(a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.int64]:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return (lo << 32) | hi


class PairIndex:
    """Probabilities of unordered record pairs; a pair never scored has probability 0."""

    def __init__(self, left: np.ndarray, right: np.ndarray, probability: np.ndarray) -> None:
        left = np.asarray(left, dtype=np.int64)
        right = np.asarray(right, dtype=np.int64)
        both = np.concatenate([left, right])
        if len(both) and (both.min() < 0 or both.max() > MAX_ID):
            raise ValueError(f"record ids must lie in 0..{MAX_ID} to be indexed")
        keys = _keys(left, right)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._prob = np.asarray(probability, dtype=np.float64)[order]

    def __len__(self) -> int:
        return len(self._keys)

    def many(self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> np.ndarray:
        """Probabilities of the pairs (a[i], b[i])."""
        keys = _keys(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
        if not len(self._keys):
            return np.zeros(len(keys))
        pos = np.searchsorted(self._keys, keys)
        pos_c = np.minimum(pos, len(self._keys) - 1)
        hit = self._keys[pos_c] == keys
        return np.where(hit, self._prob[pos_c], 0.0)

    def get(self, a: int, b: int) -> float:
        return float(self.many([a], [b])[0])

    def cross(self, xs: Sequence[int], ys: Sequence[int]) -> np.ndarray:
        """Probabilities of every pair (x, y), x from xs and y from ys, as a len(xs) x len(ys)
        matrix."""
        ax = np.repeat(np.asarray(xs, dtype=np.int64), len(ys))
        ay = np.tile(np.asarray(ys, dtype=np.int64), len(xs))
        return self.many(ax, ay).reshape(len(xs), len(ys))
