"""From scored pairs to persons, obeying human decisions.

Plain connected components would let one bad edge chain two people together and would
ignore a "these are different people" ruling. Instead edges are merged strongest first
(confirmed pairs before everything), and a merge is refused when it would put a separated
pair into one person. With no decisions this gives exactly the connected components of the
edges at or above the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Decisions:
    """Human rulings on record pairs (record ids)."""

    confirmed: frozenset[tuple[int, int]] = frozenset()
    separated: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(
        cls, confirmed: Iterable[tuple[int, int]] = (), separated: Iterable[tuple[int, int]] = ()
    ) -> Decisions:
        norm = lambda ps: frozenset((min(a, b), max(a, b)) for a, b in ps if a != b)  # noqa: E731
        return cls(norm(confirmed), norm(separated))


class _Components:
    """Union-find whose components remember the records they must never join."""

    def __init__(
        self,
        ids: Sequence[int],
        separated: frozenset[tuple[int, int]],
        source_bits: Mapping[int, int] | None = None,
    ) -> None:
        self.parent: dict[int, int] = {i: i for i in ids}
        self.size: dict[int, int] = dict.fromkeys(ids, 1)
        self.forbid: dict[int, set[int]] = {}
        # Bitmask of the sources each component holds (when one-per-source is enforced).
        self.sources: dict[int, int] | None = (
            {i: source_bits[i] for i in ids} if source_bits is not None else None
        )
        for a, b in separated:
            if a in self.parent and b in self.parent:
                self.forbid.setdefault(a, set()).add(b)
                self.forbid.setdefault(b, set()).add(a)

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def _conflict(self, root: int, other: int) -> bool:
        return any(self.find(x) == other for x in self.forbid.get(root, ()))

    def shares_source(self, a: int, b: int) -> bool:
        if self.sources is None:
            return False
        return bool(self.sources[self.find(a)] & self.sources[self.find(b)])

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self._conflict(ra, rb) or self._conflict(rb, ra):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if self.sources is not None:
            self.sources[ra] |= self.sources.pop(rb)
        moved = self.forbid.pop(rb, None)
        if moved:
            self.forbid.setdefault(ra, set()).update(moved)
        return True


def cluster(
    record_ids: Sequence[int],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    decisions: Decisions = Decisions(),
    sources: Mapping[int, str] | None = None,
    same_source_threshold: float = 1.0,
) -> list[list[int]]:
    """Clusters of record ids (each sorted; list ordered by smallest member).

    Edges with probability >= threshold join records, strongest first; confirmed pairs
    always join (unless that would join a separated pair); separated pairs never share a
    cluster. With `sources` (record id -> source), a join that would give a person two
    records from one source needs an edge of at least `same_source_threshold`: a list
    rarely names one victim twice, so such a join is far more often two namesakes
    chained together than a duplicate.
    """
    bits: dict[int, int] | None = None
    if sources is not None:
        index = {name: i for i, name in enumerate(sorted(set(sources.values())))}
        bits = {r: 1 << index[sources[r]] for r in record_ids}
    comps = _Components(record_ids, decisions.separated, bits)
    for a, b in sorted(decisions.confirmed):
        if a in comps.parent and b in comps.parent:
            comps.union(a, b)
    mask = probability >= threshold
    order = np.argsort(-probability[mask], kind="stable")
    ls, rs = left[mask][order], right[mask][order]
    ps = probability[mask][order].tolist()
    for a, b, p in zip(ls.tolist(), rs.tolist(), ps, strict=True):
        if p < same_source_threshold and comps.shares_source(a, b):
            continue
        comps.union(a, b)
    groups: dict[int, list[int]] = {}
    for rid in record_ids:
        groups.setdefault(comps.find(rid), []).append(rid)
    clusters = [sorted(g) for g in groups.values()]
    clusters.sort(key=lambda g: g[0])
    return clusters
