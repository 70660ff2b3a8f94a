"""One linkage run, end to end, without the store: score, cluster, obey decisions, name.

`link()` takes the prepared frame, the human decisions and the previous record -> person
assignment, and returns everything the service writes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from vigil.linkage.clustering import Decisions, cluster
from vigil.linkage.engine import EngineConfig, Progress, score
from vigil.linkage.ids import IdChanges, assign_ids

#: Clustering threshold on match probability. Chosen with COHESION on 15 synthetic sets of
#: 10,000 records (`vigil synth` seeds 1-6, and seeds 1-3 with typo scale 1.5, duplicate rate
#: 0.06 and five sources): 0.4 had the best F1 with precision >= 0.98 on every set. It was
#: 0.6 while regional namesakes were scored overconfidently (see `model._namesake`); with
#: that corrected, probabilities are calibrated and the lower threshold gains recall. Since
#: EM learns from rare names and act details are compared (model probabilities match the
#: true share of matches within a few points at 40,000 and 100,000 records), 0.35: at 100,000
#: records recall 0.934 -> 0.937 for precision 0.975 -> 0.972, at 10,000 F1 0.981 either
#: way with precision 0.988, the quick suite's medians unchanged or up.
DEFAULT_THRESHOLD = 0.35
#: A person may hold two records of one source only when that pair itself scores this much
#: (at least the threshold): within-source duplicates need their own direct evidence. A pair
#: whose records carry the same whole name (`same_name_pairs`) needs only the threshold.
#: Why the two bars: on the 12 tuning sets of `bench/linkage.py --suite`, same-list pairs
#: with the same whole name scored 0.35-0.5 were true 54% of the time and 0.5-0.7 56% (as
#: calibrated as pairs across lists), those without 15% and 24%: a same-list pair of other
#: names is mostly two people however it scores, a same-name one is the list's duplicate
#: about as often as its score says (one written glued, the other spaced, in `glued`).
SAME_SOURCE_THRESHOLD = 0.5
#: Average-linkage check: two groups join only when the mean probability over all their
#: cross pairs reaches this (see `clustering.cluster`); chosen with DEFAULT_THRESHOLD.
COHESION = 0.4
#: Pairs in [REVIEW_LOW, REVIEW_HIGH) are the uncertain ones shown by `vigil review`.
REVIEW_LOW = 0.2
REVIEW_HIGH = 0.99


def same_name_pairs(frame: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair (record ids in `frame.unique_id`): do both records carry the same whole
    name? Same given and family keys, or the same name with its spaces taken out
    (`glued_key`: محمدحسینی = Mohammad Hosseini). Missing names never agree."""
    n = len(left)
    if n == 0 or frame.empty:
        return np.zeros(n, dtype=bool)
    pos = pd.Index(frame["unique_id"].astype("int64"))
    li = pos.get_indexer(pd.Index(np.asarray(left, dtype=np.int64)))
    ri = pos.get_indexer(pd.Index(np.asarray(right, dtype=np.int64)))
    known = (li >= 0) & (ri >= 0)

    li, ri = np.where(known, li, 0), np.where(known, ri, 0)

    def agree(col: str) -> np.ndarray:
        if col not in frame.columns:
            return np.zeros(n, dtype=bool)
        values = frame[col].where(frame[col].astype(str).str.len() > 0)  # "" is no name
        codes = pd.factorize(values)[0]  # a missing name is -1
        return known & (codes[li] >= 0) & (codes[li] == codes[ri])

    return (agree("given_key") & agree("family_key")) | agree("glued_key")


@dataclass
class LinkOutcome:
    clusters: list[list[int]]
    person_ids: list[str]
    changes: IdChanges
    pairs: pd.DataFrame  # scored pairs, with gamma_* columns
    model: dict[str, Any]
    record_probability: dict[int, float]  # strongest edge holding each record in its person
    threshold: float
    notes: list[str] = field(default_factory=list)

    def person_of(self) -> dict[int, str]:
        return {r: pid for pid, c in zip(self.person_ids, self.clusters, strict=True) for r in c}


def strongest_edges(pairs: pd.DataFrame, person_of: Mapping[int, str | int]) -> dict[int, float]:
    """For each record, the highest-probability pair joining it to its own person."""
    if pairs.empty:
        return {}
    ids = np.fromiter(person_of.keys(), dtype=np.int64, count=len(person_of))
    codes = pd.factorize(pd.Series(list(person_of.values()), dtype=object))[0]
    order = np.argsort(ids)
    ids, codes = ids[order], codes[order]

    def person(col: str) -> np.ndarray:
        """Person code of each pair's record in `col`; -1 for a record in no person."""
        rid = pairs[col].to_numpy(dtype=np.int64)
        if not len(ids):
            return np.full(len(rid), -1)
        pos = np.minimum(np.searchsorted(ids, rid), len(ids) - 1)
        return np.where(ids[pos] == rid, codes[pos], -1)

    left, right = person("unique_id_l"), person("unique_id_r")
    inside = (left == right) & (left >= 0)
    sub = pairs.loc[inside, ["unique_id_l", "unique_id_r", "match_probability"]]
    rid = np.concatenate([sub["unique_id_l"].to_numpy(), sub["unique_id_r"].to_numpy()])
    prob = np.tile(sub["match_probability"].to_numpy(dtype=float), 2)
    best = pd.Series(prob).groupby(rid).max()
    return dict(zip(best.index.astype(np.int64).tolist(), best.to_numpy().tolist(), strict=True))


def link(
    frame: pd.DataFrame,
    *,
    config: EngineConfig = EngineConfig(),
    threshold: float = DEFAULT_THRESHOLD,
    decisions: Decisions = Decisions(),
    previous: Mapping[int, str] | None = None,
    next_number: int | None = None,
    progress: Progress | None = None,
    model: dict[str, Any] | None = None,
) -> LinkOutcome:
    """Link the records of `frame` into persons with stable ids (`model`: score with a
    saved fitted model instead of training a new one)."""
    scored = score(
        frame, config, labels=sorted(decisions.confirmed), progress=progress, model=model
    )
    pairs = scored.pairs
    if progress:
        progress("clustering")
    ids = frame["unique_id"].astype("int64").tolist()
    if pairs.empty:
        left = right = np.zeros(0, dtype=np.int64)
        prob = np.zeros(0)
    else:
        left = pairs["unique_id_l"].to_numpy()
        right = pairs["unique_id_r"].to_numpy()
        prob = pairs["match_probability"].to_numpy(dtype=float)
    sources = dict(zip(ids, frame["source"].astype(str).tolist(), strict=True))
    clusters = cluster(
        ids,
        left,
        right,
        prob,
        threshold,
        decisions,
        sources=sources,
        same_source_threshold=max(threshold, SAME_SOURCE_THRESHOLD),
        cohesion=min(threshold, COHESION),
        same_name=same_name_pairs(frame, left, right),
    )
    person_ids, changes = assign_ids(previous or {}, clusters, next_number)
    outcome = LinkOutcome(
        clusters, person_ids, changes, pairs, scored.model, {}, threshold, scored.notes
    )
    probs = strongest_edges(pairs, outcome.person_of())
    for a, b in decisions.confirmed:
        probs[a] = probs[b] = 1.0
    outcome.record_probability = probs
    return outcome
