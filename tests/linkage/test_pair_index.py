"""The packed pair index answers exactly as a dict of unordered pairs would."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.linkage.pair_index import MAX_ID, PairIndex

ids = st.integers(min_value=0, max_value=MAX_ID)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.tuples(ids, ids).filter(lambda p: p[0] != p[1]), st.floats(0, 1)),
    st.lists(st.tuples(ids, ids), max_size=20),
)
def test_index_matches_a_dict_of_unordered_pairs(
    scored: dict[tuple[int, int], float], asked: list[tuple[int, int]]
) -> None:
    canon = {(min(a, b), max(a, b)): p for (a, b), p in scored.items()}
    left = np.array([a for a, _ in canon], dtype=np.int64)
    right = np.array([b for _, b in canon], dtype=np.int64)
    index = PairIndex(right, left, np.array(list(canon.values())))  # order of a pair is free
    for a, b in [*canon, *asked]:
        want = canon.get((min(a, b), max(a, b)), 0.0)
        assert index.get(a, b) == want
        assert index.get(b, a) == want


def test_cross_gives_every_pair_between_two_groups() -> None:
    index = PairIndex(np.array([1, 2, 5]), np.array([3, 4, 1]), np.array([0.9, 0.4, 0.7]))
    got = index.cross([1, 2], [3, 4, 5])
    assert got.tolist() == [[0.9, 0.0, 0.7], [0.0, 0.4, 0.0]]
    assert PairIndex(np.zeros(0), np.zeros(0), np.zeros(0)).cross([1], [2]).tolist() == [[0.0]]


def test_ids_that_do_not_pack_are_refused() -> None:
    with pytest.raises(ValueError, match="record ids"):
        PairIndex(np.array([MAX_ID + 1]), np.array([1]), np.array([0.5]))
