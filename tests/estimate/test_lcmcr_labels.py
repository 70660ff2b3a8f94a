"""The label-switching moves: what they permute, and how often they accept."""

from __future__ import annotations

import numpy as np

from vigil.estimate.lcmcr.labels import label_swaps


def _state(
    nk: list[int], v: list[float], J: int = 3, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    K = len(nk)
    lam = rng.uniform(size=(J, K))
    counts = np.array(nk, np.int64)
    onesk = np.array([[min(n, j + k) for k, n in enumerate(nk)] for j in range(J)], np.int64)
    people = np.zeros((2, K), np.int64)
    people[0] = counts // 2
    people[1] = counts - counts // 2
    return lam, np.array(v, np.float64), counts, onesk, people


def _columns(lam: np.ndarray, nk: np.ndarray, onesk: np.ndarray, people: np.ndarray) -> set:
    return {
        (tuple(lam[:, k]), int(nk[k]), tuple(onesk[:, k]), tuple(people[:, k]))
        for k in range(nk.shape[0])
    }


def test_swaps_permute_whole_classes_and_keep_the_sticks() -> None:
    lam, v, nk, onesk, people = _state([7, 0, 3, 5, 0, 2], [0.3, 0.5, 0.2, 0.6, 0.4, 1.0])
    before = _columns(lam, nk, onesk, people)
    sticks = sorted(v)
    rng = np.random.Generator(np.random.PCG64(1))
    accepted = sum(label_swaps(rng, v, lam, nk, onesk, people) for _ in range(500))
    assert accepted > 0
    # Every class keeps its parameters, size, list memberships and people, only its place moves.
    assert _columns(lam, nk, onesk, people) == before
    assert sorted(v) == sticks and v[-1] == 1.0  # sticks are exchanged, never changed
    assert int(nk.sum()) == 17 and int(people.sum()) == 17
    assert np.array_equal(people.sum(axis=0), nk)


def test_equal_classes_always_exchange() -> None:
    """(w_a / w_b)^(n_b - n_a) = 1 when the two occupied classes are the same size."""
    rng = np.random.Generator(np.random.PCG64(2))
    for _ in range(200):
        # K = 2: only the first move can act (the second needs three positions).
        lam, v, nk, onesk, people = _state([4, 4], [0.9, 1.0])
        first = lam[:, 0].copy()
        assert label_swaps(rng, v, lam, nk, onesk, people) == 1
        assert np.array_equal(lam[:, 1], first)


def test_neighbour_move_accepts_at_its_rate() -> None:
    """One occupied class of 5 at position 0, K = 3: the first move has nothing to exchange,
    the second proposes (0, 1) and is accepted with probability (1 - v_1)^5."""
    v1 = 0.2
    expected = (1 - v1) ** 5
    rng = np.random.Generator(np.random.PCG64(3))
    trials = 4_000
    hits = 0
    for _ in range(trials):
        lam, v, nk, onesk, people = _state([5, 0, 0], [0.6, v1, 1.0])
        if label_swaps(rng, v, lam, nk, onesk, people):
            hits += 1
            assert nk[1] == 5 and v[0] == v1 and v[1] == 0.6  # sticks moved with the classes
    sd = (expected * (1 - expected) / trials) ** 0.5
    assert abs(hits / trials - expected) < 4 * sd


def test_neighbour_move_into_a_heavier_place_is_ratio_limited() -> None:
    """Class sizes 2 and 6 at positions 0 and 1: the ratio (1 - v_1)^2 / (1 - v_0)^6 is
    below 1 here, and the first move (sizes differ) has its own ratio; together the share of
    accepted proposals must match the two probabilities."""
    v0, v1 = 0.5, 0.3
    w0, w1 = v0, v1 * (1 - v0)
    p1 = min(1.0, (w0 / w1) ** (6 - 2))  # first move: a = 0, b = 1 or the reverse, same ratio
    p1_rev = min(1.0, (w1 / w0) ** (2 - 6))
    assert p1 == p1_rev == 1.0
    p2 = min(1.0, (1 - v1) ** 2 / (1 - v0) ** 6)
    rng = np.random.Generator(np.random.PCG64(4))
    trials = 4_000
    total = 0
    for _ in range(trials):
        lam, v, nk, onesk, people = _state([2, 6, 0], [v0, v1, 1.0])
        total += label_swaps(rng, v, lam, nk, onesk, people)
    # After an accepted first move the second sees sizes (6, 2) and the same sticks.
    p2_after = min(1.0, (1 - v1) ** 6 / (1 - v0) ** 2)
    expected = p1 + (p1 * p2_after + (1 - p1) * p2)
    sd = (0.25 / trials) ** 0.5
    assert abs(total / trials - expected) < 4 * sd
