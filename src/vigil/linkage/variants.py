"""Other linkages of the same records: what the persons could have been.

A total rests on one clustering of the records. The scored pairs (stored with every run)
say how sure each link is, so other plausible clusterings can be drawn from them:

- **threshold variants**: the run's clustering repeated at other thresholds across the
  plausible range (`THRESHOLDS`: from a link that is one chance in four to three in four),
  with the same same-source and cohesion checks as `pipeline.link`;
- **drawn variants**: each scored pair is taken to be a true link with its match
  probability (independently), and the drawn links are clustered with the same checks
  (average linkage over the drawn 0/1 links, so one drawn edge cannot chain two people).
  With calibrated probabilities these are draws of "what the persons might be".
- **lenient variants**: the run's own clustering with extra links a more merging reader
  would accept (`vigil.linkage.lenient`: names with the same letters in another order or
  cut; similar names with one more fact agreeing). The scored pairs are well calibrated
  (on `vigil synth` field data, pairs scored 0.4-0.8 are true about as often as scored),
  but most links the run misses were never scored at all, so the two kinds above can only
  split: without these the range had one side, and the true-links total lay below it.

Human decisions are obeyed in every variant. Pairs scored below the stored floor
(`services.linking.STORE_PAIRS_FROM`, 0.2) are not kept and count as non-links; that makes
drawn variants slightly too split-averse in favour of the run's own links, which are above
the floor. Pure: arrays in, clusterings out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from vigil.errors import InvalidValue
from vigil.linkage.clustering import Decisions, cluster
from vigil.linkage.pipeline import COHESION, SAME_SOURCE_THRESHOLD

#: Thresholds of the threshold variants (the run's own is added by the caller).
THRESHOLDS: tuple[float, ...] = (0.25, 0.5, 0.75)
#: Drawn variants by default.
DRAWS = 8


@dataclass(frozen=True)
class Variant:
    name: str
    kind: str  # "threshold", "draw" or "lenient"
    threshold: float | None
    clusters: list[list[int]]


def at_threshold(
    record_ids: Sequence[int],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    sources: Mapping[int, str],
    decisions: Decisions = Decisions(),
    same_name: np.ndarray | None = None,
) -> list[list[int]]:
    """The clustering `pipeline.link` would make at `threshold` from these scored pairs
    (`same_name`: `pipeline.same_name_pairs` of them, as the run had it)."""
    return cluster(
        record_ids,
        left,
        right,
        probability,
        threshold,
        decisions,
        sources=sources,
        same_source_threshold=max(threshold, SAME_SOURCE_THRESHOLD),
        cohesion=min(threshold, COHESION),
        same_name=same_name,
    )


def drawn(
    record_ids: Sequence[int],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    sources: Mapping[int, str],
    rng: np.random.Generator,
    decisions: Decisions = Decisions(),
) -> list[list[int]]:
    """One clustering drawn from the pair probabilities (see the module docstring)."""
    prob = np.asarray(probability, dtype=float)
    on = (rng.random(len(prob)) < prob).astype(float)
    order = rng.permutation(len(prob))  # ties (all drawn links weigh 1) in random order
    return cluster(
        record_ids,
        np.asarray(left)[order],
        np.asarray(right)[order],
        on[order],
        0.5,
        decisions,
        sources=sources,
        same_source_threshold=0.5,
        cohesion=COHESION,
    )


def lenient(
    record_ids: Sequence[int],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    extra_left: np.ndarray,
    extra_right: np.ndarray,
    sources: Mapping[int, str],
    decisions: Decisions = Decisions(),
    same_name: np.ndarray | None = None,
) -> list[list[int]]:
    """The run's clustering at `threshold` with the extra pairs accepted as links too.

    Extra pairs come after every scored link (they carry the threshold's probability) and
    obey the same-source check and human decisions, not the cohesion check: a lenient
    reader joins a record to a person on one good pair."""
    n = len(extra_left)
    named = None
    if same_name is not None:
        named = np.concatenate([np.asarray(same_name, bool), np.zeros(n, dtype=bool)])
    return cluster(
        record_ids,
        np.concatenate([np.asarray(left, np.int64), np.asarray(extra_left, np.int64)]),
        np.concatenate([np.asarray(right, np.int64), np.asarray(extra_right, np.int64)]),
        np.concatenate([np.asarray(probability, float), np.full(n, threshold)]),
        threshold,
        decisions,
        sources=sources,
        same_source_threshold=max(threshold, SAME_SOURCE_THRESHOLD),
        cohesion=None,
        same_name=named,
    )


def variants(
    record_ids: Sequence[int],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    sources: Mapping[int, str],
    decisions: Decisions = Decisions(),
    *,
    thresholds: Sequence[float] = THRESHOLDS,
    draws: int = DRAWS,
    seed: int = 0,
    run_threshold: float | None = None,
    extra: Sequence[tuple[str, np.ndarray, np.ndarray]] = (),
    same_name: np.ndarray | None = None,
) -> list[Variant]:
    """Threshold variants, `draws` drawn variants (reproducible for a seed), then one lenient
    variant per (name, left, right) of `extra` (needs the run's threshold). `same_name`:
    `pipeline.same_name_pairs` of the scored pairs (same-name duplicates of one list)."""
    out = [
        Variant(
            f"threshold {t:g}",
            "threshold",
            t,
            at_threshold(record_ids, left, right, probability, t, sources, decisions, same_name),
        )
        for t in thresholds
    ]
    rng = np.random.default_rng(seed)
    for i in range(draws):
        clusters = drawn(record_ids, left, right, probability, sources, rng, decisions)
        out.append(Variant(f"draw {i + 1}", "draw", None, clusters))
    if not extra:
        return out
    if run_threshold is None:
        raise InvalidValue("lenient variants (extra pairs) need the run's threshold")
    for name, xl, xr in extra:
        clusters = lenient(
            record_ids,
            left,
            right,
            probability,
            run_threshold,
            xl,
            xr,
            sources,
            decisions,
            same_name,
        )
        out.append(Variant(name, "lenient", run_threshold, clusters))
    return out
