"""From scored pairs to persons, obeying human decisions.

Plain connected components (single linkage) let one bad edge chain two people together:
with common names, A~B and B~C at 0.6 each put A and C (two namesakes) into one person.
Instead edges are merged strongest first (confirmed pairs before everything), and a merge
of two groups is checked at the group level:

- it is refused when it would put a separated pair into one person;
- with `cohesion`, the mean match probability over *all* record pairs across the two
  groups (a pair never scored counts as 0) must reach `cohesion`: average linkage, so a
  group joins another only when its records agree with most of it, not with one record;
- with `sources`, every cross pair of records from the same source must itself score at
  least `same_source_threshold`: a list does name one victim twice (those duplicates are
  found), but two same-list records joined only through a third are usually namesakes. A
  pair marked in `same_name` (both records carry the same whole name, `pipeline.
  same_name_pairs`) needs only the clustering threshold: its own direct link, like any
  other. Same-list pairs are scored about as often true as their probability says when the
  names agree, and far less often when they do not (see `pipeline.SAME_SOURCE_THRESHOLD`).

With no decisions and no checks this gives exactly the connected components of the edges
at or above the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from vigil.linkage.pair_index import PairIndex

_NO_PAIRS = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))


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
        self.members: dict[int, list[int]] = {i: [i] for i in ids}
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
        self.members[ra].extend(self.members.pop(rb))
        if self.sources is not None:
            self.sources[ra] |= self.sources.pop(rb)
        moved = self.forbid.pop(rb, None)
        if moved:
            self.forbid.setdefault(ra, set()).update(moved)
        return True


def flagged_pairs(
    left: np.ndarray, right: np.ndarray, flags: np.ndarray | None
) -> set[tuple[int, int]]:
    """The pairs whose flag is set (per pair, e.g. `pipeline.same_name_pairs`), smaller id
    first; empty without flags."""
    if flags is None:
        return set()
    flag = np.asarray(flags, dtype=bool)
    ls, rs = np.asarray(left)[flag].tolist(), np.asarray(right)[flag].tolist()
    return {(min(a, b), max(a, b)) for a, b in zip(ls, rs, strict=True)}


def _same_source_named(
    left: np.ndarray, right: np.ndarray, same_name: np.ndarray | None, src: Mapping[int, str]
) -> set[tuple[int, int]]:
    """The flagged pairs (smaller id first) whose two records come from one source."""
    return {
        (a, b) for a, b in flagged_pairs(left, right, same_name) if src.get(a, a) == src.get(b, b)
    }


def cluster(
    record_ids: Sequence[int],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    decisions: Decisions = Decisions(),
    sources: Mapping[int, str] | None = None,
    same_source_threshold: float = 1.0,
    cohesion: float | None = None,
    same_name: np.ndarray | None = None,
) -> list[list[int]]:
    """Clusters of record ids (each sorted; list ordered by smallest member).

    Edges with probability >= threshold join records, strongest first; confirmed pairs
    always join (unless that would join a separated pair); separated pairs never share a
    cluster. `sources` (record id -> source) and `cohesion` add the group-level checks
    described in the module docstring; confirmed pairs are exempt from them. `same_name`
    (one flag per edge) marks the pairs whose records carry the same whole name.
    """
    bits: dict[int, int] | None = None
    src: Mapping[int, str] = sources or {}
    if sources is not None:
        index = {name: i for i, name in enumerate(sorted(set(sources.values())))}
        bits = {r: 1 << index[sources[r]] for r in record_ids}
    comps = _Components(record_ids, decisions.separated, bits)
    for a, b in sorted(decisions.confirmed):
        if a in comps.parent and b in comps.parent:
            comps.union(a, b)
    check = sources is not None or cohesion is not None
    scored = PairIndex(left, right, probability) if check else PairIndex(*_NO_PAIRS)
    named = _same_source_named(left, right, same_name, src) if sources is not None else set()

    def needed(x: int, y: int) -> float:
        """What a same-source pair must score to share a person."""
        return threshold if (min(x, y), max(x, y)) in named else same_source_threshold

    def acceptable(a: int, b: int, p: float) -> bool:
        ma, mb = comps.members[comps.find(a)], comps.members[comps.find(b)]
        if len(ma) == 1 and len(mb) == 1:
            return not comps.shares_source(a, b) or p >= needed(a, b)
        probs = scored.cross(ma, mb)
        if comps.shares_source(a, b):
            for i, x in enumerate(ma):
                for j, y in enumerate(mb):
                    if src[x] == src[y] and probs[i, j] < needed(x, y):
                        return False
        return cohesion is None or float(probs.sum()) >= cohesion * len(ma) * len(mb)

    mask = probability >= threshold
    order = np.argsort(-probability[mask], kind="stable")
    ls, rs, ps = left[mask][order], right[mask][order], probability[mask][order]
    for a, b, p in zip(ls.tolist(), rs.tolist(), ps.tolist(), strict=True):
        if comps.find(a) == comps.find(b):
            continue
        if check and not acceptable(a, b, p):
            continue
        comps.union(a, b)
    groups: dict[int, list[int]] = {}
    for rid in record_ids:
        groups.setdefault(comps.find(rid), []).append(rid)
    clusters = [sorted(g) for g in groups.values()]
    clusters.sort(key=lambda g: g[0])
    return clusters
