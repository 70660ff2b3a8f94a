"""Other linkages of the same records (vigil.linkage.variants), pure."""

from __future__ import annotations

import numpy as np

from vigil.linkage.clustering import Decisions
from vigil.linkage.variants import at_threshold, drawn, variants

IDS = list(range(1, 9))
SRC = {r: "AB"[r % 2] for r in IDS}
LEFT = np.array([1, 3, 5, 7, 2])
RIGHT = np.array([2, 4, 6, 8, 3])


def test_thresholds_cut_the_weaker_links() -> None:
    prob = np.array([0.99, 0.6, 0.3, 0.9, 0.05])
    assert at_threshold(IDS, LEFT, RIGHT, prob, 0.25, SRC) == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert at_threshold(IDS, LEFT, RIGHT, prob, 0.75, SRC) == [[1, 2], [3], [4], [5], [6], [7, 8]]


def test_draws_follow_the_probabilities_and_decisions() -> None:
    rng = np.random.default_rng(0)
    sure = np.array([1.0, 1.0, 0.0, 0.0, 0.0])
    assert drawn(IDS, LEFT, RIGHT, sure, SRC, rng) == [[1, 2], [3, 4], [5], [6], [7], [8]]
    keep_apart = Decisions.of(separated=[(1, 2)], confirmed=[(5, 6)])
    got = drawn(IDS, LEFT, RIGHT, sure, SRC, rng, keep_apart)
    assert [1, 2] not in got and [5, 6] in got
    half = np.full(5, 0.5)
    joined = [sum(len(c) > 1 for c in drawn(IDS, LEFT, RIGHT, half, SRC, rng)) for _ in range(400)]
    assert 1.5 < float(np.mean(joined)) < 2.5  # about half of four disjoint links


def test_variants_are_reproducible() -> None:
    prob = np.array([0.9, 0.5, 0.4, 0.7, 0.3])
    a = variants(IDS, LEFT, RIGHT, prob, SRC, draws=5, seed=3)
    b = variants(IDS, LEFT, RIGHT, prob, SRC, draws=5, seed=3)
    assert [v.clusters for v in a] == [v.clusters for v in b]
    assert [v.kind for v in a] == ["threshold"] * 3 + ["draw"] * 5


def test_variants_join_same_name_duplicates_of_one_list_as_the_run_does() -> None:
    # Records 1 and 3 are both on list B (odd ids): their own
    # pair scores 0.45, under the same-source bar but over the run's threshold.
    left, right = np.array([1, 2, 1]), np.array([2, 3, 3])
    prob = np.array([0.95, 0.9, 0.45])
    named = np.array([False, False, True])
    ids = [1, 2, 3]
    assert at_threshold(ids, left, right, prob, 0.4, SRC) == [[1, 2], [3]]
    assert at_threshold(ids, left, right, prob, 0.4, SRC, same_name=named) == [[1, 2, 3]]
    got = variants(ids, left, right, prob, SRC, thresholds=(0.4,), draws=0, same_name=named)
    assert got[0].clusters == [[1, 2, 3]]
