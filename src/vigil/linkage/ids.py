"""Stable public person ids across re-linking.

A person's id must not change because someone imported another list: analysts cite ids,
reviewers write notes against them. Ids follow records: each new cluster inherits the id
of the old person whose records it holds most of, one-to-one, so a merged cluster keeps
the id of its largest (then oldest) member person and a split keeps the id on its largest
part. Everything else gets a fresh id, and the report says exactly which ids changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

PREFIX = "P-"
WIDTH = 6


def format_id(number: int) -> str:
    return f"{PREFIX}{number:0{WIDTH}d}"


def id_number(person_id: str) -> int:
    """The number in a person id (0 if it is not one of ours)."""
    digits = person_id.removeprefix(PREFIX)
    return int(digits) if digits.isdigit() else 0


@dataclass
class IdChanges:
    """What re-linking did to person ids."""

    kept: list[str] = field(default_factory=list)  # same id, maybe more records
    created: list[str] = field(default_factory=list)  # new id, no earlier person
    merged: dict[str, str] = field(default_factory=dict)  # retired id -> id it merged into
    split: dict[str, list[str]] = field(default_factory=dict)  # kept id -> new ids split off
    retired: list[str] = field(default_factory=list)  # ids whose records are all gone

    def summary(self) -> dict[str, int]:
        return {
            "kept": len(self.kept),
            "created": len(self.created),
            "merged": len(self.merged),
            "split": len(self.split),
            "retired": len(self.retired),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "kept": len(self.kept),
            "created": self.created,
            "merged": self.merged,
            "split": self.split,
            "retired": self.retired,
        }


def assign_ids(
    previous: Mapping[int, str],
    clusters: Sequence[Sequence[int]],
    next_number: int | None = None,
) -> tuple[list[str], IdChanges]:
    """Ids for `clusters` given `previous` (record id -> person id from the last run).

    Returns one id per cluster, in order, and the change report. `next_number` is the
    first unused id number (by default one past the largest id seen).
    """
    old_size = Counter(previous.values())
    # (old id, cluster index) -> shared records
    overlap: Counter[tuple[str, int]] = Counter()
    for idx, members in enumerate(clusters):
        for rid in members:
            pid = previous.get(rid)
            if pid is not None:
                overlap[(pid, idx)] += 1
    # One-to-one, most shared records first; ties to the larger, then older, old person.
    ranked = sorted(
        overlap.items(),
        key=lambda kv: (-kv[1], -old_size[kv[0][0]], id_number(kv[0][0]), kv[0][1]),
    )
    ids: list[str | None] = [None] * len(clusters)
    used: set[str] = set()
    for (pid, idx), _n in ranked:
        if ids[idx] is None and pid not in used:
            ids[idx] = pid
            used.add(pid)
    number = next_number or (max((id_number(p) for p in old_size), default=0) + 1)
    changes = IdChanges()
    for idx in range(len(clusters)):
        if ids[idx] is None:
            ids[idx] = format_id(number)
            number += 1
            changes.created.append(ids[idx])  # type: ignore[arg-type]
        else:
            changes.kept.append(ids[idx])  # type: ignore[arg-type]
    final: list[str] = [i for i in ids if i is not None]
    # Where did each old person's records go?
    went: dict[str, Counter[str]] = {}
    for (pid, idx), n in overlap.items():
        went.setdefault(pid, Counter())[final[idx]] += n
    for pid in sorted(old_size, key=id_number):
        dest = went.get(pid)
        if pid in used:
            others = sorted((d for d in dest or () if d != pid), key=id_number)
            if others:
                changes.split[pid] = others
            continue
        if not dest:
            changes.retired.append(pid)
        else:
            changes.merged[pid] = dest.most_common(1)[0][0]
    # An id that both was split from and created is reported as created; fine either way.
    return final, changes
