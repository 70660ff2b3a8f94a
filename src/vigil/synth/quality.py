"""Linkage quality per phenomenon against the test bed's truth (pure; used by bench/linkage.py).

A true pair (two records of one person) *carries* a phenomenon when at least one of its two
records does (one is glued, carries a patronymic, is about a Kurdish person, ...). Recall per
phenomenon is the share of such pairs that the clustering put in one person. Counted in closed
form per person and per (cluster, person) cell, so it is linear in the number of records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PhenomenonRecall:
    """Pairs of one person where at least one record carries the phenomenon."""

    phenomenon: str
    records: int  # records carrying it (among the clustered ones)
    true_pairs: int
    found_pairs: int  # of those, placed in one cluster

    @property
    def recall(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _with_tag(n: int, tagged: int) -> int:
    """Pairs among n records with at least one of the `tagged` ones."""
    return _pairs(n) - _pairs(n - tagged)


def parse_phenomena(text: str) -> frozenset[str]:
    """'glued;kurdish' -> {'glued', 'kurdish'}; '' -> {}."""
    return frozenset(t for t in (p.strip() for p in text.split(";")) if t)


def phenomenon_recall(
    clusters: Sequence[Sequence[int]],
    truth: Mapping[int, Hashable],
    tags: Mapping[int, Iterable[str]],
) -> dict[str, PhenomenonRecall]:
    """Recall per phenomenon of `clusters` (lists of record ids) against record -> person.

    Only records that appear in `clusters` count (a record the importer refused is in no
    cluster, and its pairs are reported apart as rejects, not as misses).
    """
    record_tags = {r: frozenset(tags.get(r, ())) for c in clusters for r in c}
    # Per person: records, and records per phenomenon.
    person_size: Counter[Hashable] = Counter()
    person_tagged: dict[str, Counter[Hashable]] = defaultdict(Counter)
    for c in clusters:
        for r in c:
            person_size[truth[r]] += 1
            for t in record_tags[r]:
                person_tagged[t][truth[r]] += 1
    found: Counter[str] = Counter()
    for c in clusters:
        cell_size: Counter[Hashable] = Counter()
        cell_tagged: dict[str, Counter[Hashable]] = defaultdict(Counter)
        for r in c:
            cell_size[truth[r]] += 1
            for t in record_tags[r]:
                cell_tagged[t][truth[r]] += 1
        for t, counts in cell_tagged.items():
            found[t] += sum(_with_tag(cell_size[p], k) for p, k in counts.items())
    out = {}
    for t in sorted(person_tagged):
        counts = person_tagged[t]
        out[t] = PhenomenonRecall(
            phenomenon=t,
            records=sum(counts.values()),
            true_pairs=sum(_with_tag(person_size[p], k) for p, k in counts.items()),
            found_pairs=found[t],
        )
    return out
