"""Capture tables: which lists recorded each observed pattern, and how many people share it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vigil.errors import InvalidValue


@dataclass(frozen=True)
class CaptureTable:
    """Observed capture patterns over J lists (the all-zero pattern is never observed).

    `patterns` is an (m, J) array of 0/1, `counts` an (m,) array of positive integers;
    each row is unique.
    """

    lists: tuple[str, ...]
    patterns: NDArray[np.uint8]
    counts: NDArray[np.int64]

    def __post_init__(self) -> None:
        if self.patterns.ndim != 2 or self.patterns.shape[1] != len(self.lists):
            raise InvalidValue("patterns must be an (m, J) array matching the list names")
        if self.patterns.shape[0] != self.counts.shape[0]:
            raise InvalidValue("one count per pattern is required")

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    @classmethod
    def from_rows(
        cls, lists: Sequence[str], rows: Sequence[Sequence[int]], counts: Sequence[int]
    ) -> CaptureTable:
        """Build a table, merging duplicate patterns and dropping zero counts."""
        merged: dict[tuple[int, ...], int] = {}
        for row, c in zip(rows, counts, strict=True):
            key = tuple(int(v) for v in row)
            if any(v not in (0, 1) for v in key):
                raise InvalidValue(f"capture pattern {key} has a value other than 0 or 1")
            if c < 0:
                raise InvalidValue(f"capture pattern {key} has a negative count {c}")
            if c == 0:
                continue
            if not any(key):
                raise InvalidValue("the all-zero pattern cannot be observed")
            merged[key] = merged.get(key, 0) + int(c)
        keys = sorted(merged)
        pat = np.array(keys, dtype=np.uint8).reshape(len(keys), len(lists))
        cnt = np.array([merged[k] for k in keys], dtype=np.int64)
        return cls(tuple(lists), pat, cnt)

    @classmethod
    def from_individuals(cls, lists: Sequence[str], histories: NDArray[np.uint8]) -> CaptureTable:
        """Aggregate one 0/1 row per person into a table."""
        if histories.size == 0:
            return cls(tuple(lists), np.zeros((0, len(lists)), np.uint8), np.zeros(0, np.int64))
        uniq, cnt = np.unique(histories.astype(np.uint8), axis=0, return_counts=True)
        keep = uniq.any(axis=1)
        return cls(tuple(lists), uniq[keep], cnt[keep].astype(np.int64))

    @classmethod
    def from_csv_text(cls, text: str, name: str = "table") -> CaptureTable:
        """Parse a CSV with one 0/1 column per list and a `count` column."""
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise InvalidValue(f"{name}: the file is empty") from None
        if "count" not in header:
            raise InvalidValue(f"{name}: no 'count' column in header {header}")
        ci = header.index("count")
        lists = [h for i, h in enumerate(header) if i != ci]
        if not lists:
            raise InvalidValue(f"{name}: no list columns besides 'count'")
        rows: list[list[int]] = []
        counts: list[int] = []
        for lineno, rec in enumerate(reader, start=2):
            if not rec or all(not c.strip() for c in rec):
                continue
            if len(rec) != len(header):
                raise InvalidValue(
                    f"{name}: line {lineno} has {len(rec)} fields, expected {len(header)}"
                )
            try:
                vals = [int(float(v)) for v in rec]
            except ValueError:
                raise InvalidValue(f"{name}: line {lineno} has a non-numeric value") from None
            counts.append(vals[ci])
            rows.append([v for i, v in enumerate(vals) if i != ci])
        return cls.from_rows(lists, rows, counts)
