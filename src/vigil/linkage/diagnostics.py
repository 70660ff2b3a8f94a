"""Linkage diagnostics: how far the persons of one run can be trusted, without any truth.

On a user's data nobody knows the true links, but a run still shows its weak spots. After
every `vigil link` the service calls `diagnose` with the records, the scored pairs and the
clusters, and stores the result with the run (LinkRun.summary["diagnostics"]); the CLI and
the dashboard show it. Six signals, each with a documented limit (`LIMITS`); a run that
passes a limit gets a warning that its persons (and any total built on them) rest on
uncertain linkage:

1. **names parsed with low confidence**: the share of records whose name could not be
   split into a given and a family name (one word, a glued `محمدحسینی`, an empty part), or
   whose parse the names module marks as uncertain. Such records are compared on little and
   are the ones linkage splits. `vigil.names` has no parse confidence yet, so the service
   passes this proxy (see `services.linking`).
2. **the match-weight distribution** (a histogram of log2 Bayes factors) and **the mass
   near the threshold**: pairs whose weight lies within `NEAR_BITS` bits of the threshold's
   weight, as a share of the links made. A good model separates matches from non-matches;
   a flat distribution piles pairs there, and each is close to a coin toss. With it the
   expected number of wrong decisions, sum of min(p, 1 - p) over the pairs scored at least
   `CANDIDATE_P` (if the probabilities are calibrated).
3. **singletons per source against what the overlaps imply**: for each source the number
   of its persons found on no other source, against the number expected if every other
   source covered the victims as it covers the persons the rest found (independence). Missed
   links inflate the observed count; `singleton_excess` is their ratio. Beside it, the share
   of singletons that have a scored candidate (probability >= `CANDIDATE_P`) in another person:
   near misses.
4. **unscored near misses**: the share of singletons with a record in another person whose
   name holds the same consonants in another order or cut, and nothing against it
   (`lenient.lenient_pairs`, same letters). Most missed links were never scored, so the
   near misses of signal 3 do not see them; these are the over-splitting the linkage range's
   lenient variants undo. Namesakes have such partners too, and their rate varies with the
   lists (2-8% of linked records on the classic synth sets, under 2% with field habits), so
   the judged signal is `lenient_excess`: the singletons' share less the share of records of
   linked persons that have one (`lenient_linked`, the namesake rate), in points.
5. **clusters that break a constraint**: persons holding two records of one source that do
   not themselves score at least `SAME_SOURCE_P` (a list names one victim twice only with
   direct evidence; joined through a third record they are usually namesakes; two records
   with the same whole name need only the threshold, as in `clustering.cluster`), of both
   sexes, or of ages more than `AGE_GAP` years apart, as a share of persons with several
   records. Persons with a supported within-source duplicate are counted apart
   (`same_source_duplicates`, information only).

The shares of singletons (signals 3 and 4) are judged only when they count at least
`MIN_SINGLETON_EVENTS` singletons: a store of a few hundred persons has a few hundred
singletons, and a handful of namesakes passes any share.

Calibration (`bench/end_to_end.py --no-range` keeps each set's `diagnose` inputs;
`bench/diagnostics_table.py` re-judges them). On the 20 classic tuning sets (F1 0.976-0.999,
estimates within 5.1% of the true-links estimate) the raw same-letters share of singletons was
1.1-9.0% and passed its former 5% limit on 11 sets, the only warnings there; the namesake rate
of linked records was 1.5-8.6% and rose with it, and the excess is -2.7 to +4.4 points. With
field habits (6 sets, linked by default) it is -0.4 to +2.2. Sets linked at threshold 0.97
until they were 8-18% above the true-links estimate show 3.5-10.8 points, 7.5-14.8% of links
near the threshold and 11.7-20.6% near-miss singletons; each passes two or three limits.

The function is pure (arrays in, a dataclass out).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from vigil.linkage.clustering import flagged_pairs
from vigil.linkage.pair_index import PairIndex

#: Pairs this close (in bits of match weight) to the threshold's weight count as "near".
NEAR_BITS = 2.0
#: A singleton with a scored pair at least this probable into another person is a near miss.
CANDIDATE_P = 0.2
#: Two records of one source in one person need a direct pair score of at least this.
SAME_SOURCE_P = 0.5
#: Ages further apart than this in one person break the age constraint.
AGE_GAP = 10
#: Histogram edges of the match-weight distribution (bits).
WEIGHT_EDGES = (-math.inf, -10, -5, -2, 0, 2, 5, 10, 15, 20, math.inf)

#: Limits beyond which the persons are called unreliable. Chosen on the tuning sets of
#: `bench/end_to_end.py` (see README, "Linkage diagnostics" and the module docstring): sets
#: linked well stay inside every limit, sets linked badly pass one or more.
LIMITS: dict[str, float] = {
    "low_confidence_names": 0.20,  # share of records
    "near_threshold": 0.10,  # pairs near the threshold per link made
    "expected_errors": 0.10,  # expected wrong decisions per link made
    "singleton_excess": 3.0,  # observed / implied singletons, worst source (>= 30 persons)
    "near_miss_singletons": 0.10,  # share of singletons with a candidate in another person
    "constraint_breaks": 0.05,  # share of multi-record persons
    # share of singletons with an unscored same-letters partner, less the share of linked
    # records with one (namesakes): percentage points
    "lenient_excess": 0.05,
}
#: A source's singleton ratio is judged only when it has at least this many persons.
MIN_SOURCE_PERSONS = 30
#: A share of singletons (near misses, same-letters excess) is judged only when it counts at
#: least this many singletons: on small stores a handful of namesakes passes any share.
MIN_SINGLETON_EVENTS = 10


@dataclass(frozen=True)
class SourceSingletons:
    source: str
    persons: int
    singletons: int
    implied: float  # expected singletons under independence of the sources

    @property
    def excess(self) -> float | None:
        return self.singletons / self.implied if self.implied > 0 else None


@dataclass
class Diagnostics:
    records: int
    persons: int
    threshold: float
    low_confidence_names: float
    low_confidence_proxy: bool  # True when the share comes from the proxy, not a parse score
    links: int  # scored pairs at or above the threshold
    weight_histogram: list[tuple[str, int]]
    near_threshold_pairs: int
    near_threshold: float  # near-threshold pairs per link made
    expected_errors: float  # sum of min(p, 1 - p) over scored pairs, per link made
    singletons: list[SourceSingletons]
    singleton_excess: float | None  # worst source with enough persons
    near_miss_singletons: float
    multi_record_persons: int
    same_source_breaks: int
    same_source_duplicates: int
    sex_breaks: int
    age_breaks: int
    constraint_breaks: float
    lenient_singletons: float = 0.0  # singletons with a same-letters record elsewhere
    lenient_linked: float = 0.0  # records of multi-record persons with one (namesakes)
    lenient_excess: float = 0.0  # lenient_singletons - lenient_linked
    singleton_count: int = 0  # single-record persons
    near_miss_count: int = 0  # singletons with a candidate in another person
    warnings: list[str] = field(default_factory=list)

    @property
    def reliable(self) -> bool:
        return not self.warnings

    def signals(self) -> dict[str, float | None]:
        """Each judged signal's value, keyed as in `LIMITS`."""
        return {k: getattr(self, k) for k in LIMITS}

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["singletons"] = [{**asdict(s), "excess": s.excess} for s in self.singletons]
        out["weight_histogram"] = [[k, v] for k, v in self.weight_histogram]
        out["reliable"] = self.reliable
        out["limits"] = dict(LIMITS)
        out["summary"] = self.lines()
        return out

    def lines(self) -> list[str]:
        """A short human summary (CLI and dashboard)."""
        out = [
            f"names parsed with low confidence: {self.low_confidence_names:.1%} of records"
            + (" (proxy: no given/family split)" if self.low_confidence_proxy else ""),
            f"pairs within {NEAR_BITS:g} bits of the threshold: {self.near_threshold_pairs:,} "
            f"({self.near_threshold:.1%} of {self.links:,} links); expected wrong decisions "
            f"{self.expected_errors:.1%} of links",
            "singletons observed / implied by the overlaps: "
            + ", ".join(
                f"{s.source} {s.singletons:,}/{s.implied:,.0f}" for s in self.singletons[:8]
            )
            + f"; {self.near_miss_singletons:.1%} of singletons have a candidate elsewhere, "
            f"{self.lenient_singletons:.1%} a record with the same letters of name elsewhere "
            f"(records of linked persons: {self.lenient_linked:.1%})",
            f"persons breaking a constraint: {self.same_source_breaks:,} same-source "
            f"(besides {self.same_source_duplicates:,} supported duplicates), "
            f"{self.sex_breaks:,} sex, {self.age_breaks:,} age "
            f"({self.constraint_breaks:.1%} of {self.multi_record_persons:,} multi-record persons)",
        ]
        return out


def _weight_of(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def _histogram(weights: np.ndarray) -> list[tuple[str, int]]:
    edges = np.array(WEIGHT_EDGES, dtype=float)
    counts, _ = np.histogram(weights, bins=edges)
    labels = []
    for lo, hi in itertools.pairwise(WEIGHT_EDGES):
        a = "" if math.isinf(lo) else f"{lo:g}"
        b = "" if math.isinf(hi) else f"{hi:g}"
        labels.append(f"<{b}" if not a else f">={a}" if not b else f"{a}..{b}")
    return [(lab, int(n)) for lab, n in zip(labels, counts.tolist(), strict=True)]


def _singletons(
    clusters: Sequence[Sequence[int]], source_of: dict[int, str]
) -> list[SourceSingletons]:
    """Per source: persons, persons on no other source, and the independence expectation."""
    on: list[frozenset[str]] = [frozenset(source_of[r] for r in c) for c in clusters]
    names = sorted({s for sources in on for s in sources})
    persons = Counter(s for sources in on for s in sources)
    # Coverage of t among the persons the other sources found.
    coverage: dict[str, float] = {}
    for t in names:
        rest = [sources for sources in on if sources - {t}]
        coverage[t] = sum(1 for sources in rest if t in sources) / len(rest) if rest else 0.0
    out = []
    for s in names:
        alone = sum(1 for sources in on if sources == {s})
        miss = 1.0
        for t in names:
            if t != s:
                miss *= 1.0 - coverage[t]
        out.append(SourceSingletons(s, persons[s], alone, persons[s] * miss))
    return out


def diagnose(
    *,
    record_ids: Sequence[int],
    sources: Sequence[str],
    sex: Sequence[str | None],
    age: Sequence[float | None],
    low_confidence: Sequence[bool],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    clusters: Sequence[Sequence[int]],
    threshold: float,
    confidence_is_proxy: bool = True,
    lenient_left: np.ndarray | None = None,
    lenient_right: np.ndarray | None = None,
    same_name: np.ndarray | None = None,
) -> Diagnostics:
    """The diagnostics of one run; `warnings` names every limit passed (see `LIMITS`).

    `lenient_left`/`lenient_right`: pairs of records in different persons whose names hold
    the same letters in another order or cut (`lenient.lenient_pairs`, same letters).
    `same_name`: per scored pair, do both records carry the same whole name
    (`pipeline.same_name_pairs`)."""
    n = len(record_ids)
    source_of = dict(zip(record_ids, sources, strict=True))
    sex_of = dict(zip(record_ids, sex, strict=True))
    age_of = dict(zip(record_ids, age, strict=True))
    low = float(np.mean(np.asarray(low_confidence, dtype=bool))) if n else 0.0

    prob = np.asarray(probability, dtype=float)
    clipped = np.clip(prob, 1e-12, 1 - 1e-12)
    weights = np.log2(clipped / (1 - clipped))
    links = int((prob >= threshold).sum())
    w_t = _weight_of(threshold)
    near = int((np.abs(weights - w_t) <= NEAR_BITS).sum())
    scored = prob >= CANDIDATE_P  # below it pairs are not stored and barely matter
    errors = float(np.minimum(prob[scored], 1 - prob[scored]).sum())

    person_of: dict[int, int] = {}
    for i, c in enumerate(clusters):
        for r in c:
            person_of[r] = i
    singles = _singletons(clusters, source_of)
    judged = [s.excess for s in singles if s.persons >= MIN_SOURCE_PERSONS and s.excess]
    excess = max(judged) if judged else None

    # Near misses: singletons with a scored candidate in another person.
    single_ids = {c[0] for c in clusters if len(c) == 1}
    cand = prob >= CANDIDATE_P
    near_miss: set[int] = set()
    for a, b in zip(np.asarray(left)[cand].tolist(), np.asarray(right)[cand].tolist(), strict=True):
        if person_of.get(a) != person_of.get(b):
            if a in single_ids:
                near_miss.add(a)
            if b in single_ids:
                near_miss.add(b)
    miss_share = len(near_miss) / len(single_ids) if single_ids else 0.0
    paired: set[int] = set()
    if lenient_left is not None and lenient_right is not None:
        paired = set(np.asarray(lenient_left).tolist()) | set(np.asarray(lenient_right).tolist())
    lenient_share = len(paired & single_ids) / len(single_ids) if single_ids else 0.0
    # The namesake rate: records of linked persons with a same-letters record elsewhere.
    linked_ids = {r for c in clusters if len(c) > 1 for r in c}
    linked_share = len(paired & linked_ids) / len(linked_ids) if linked_ids else 0.0

    index = PairIndex(np.asarray(left), np.asarray(right), prob)
    named = flagged_pairs(np.asarray(left), np.asarray(right), same_name)
    multi = same_src = dups = sex_b = age_b = broken = 0
    for c in clusters:
        if len(c) < 2:
            continue
        multi += 1
        by_source: dict[str, list[int]] = {}
        for r in c:
            by_source.setdefault(source_of[r], []).append(r)
        bad_src = False
        for members in by_source.values():
            if len(members) > 1:
                probs = index.cross(members, members)
                np.fill_diagonal(probs, 1.0)
                need = np.full(probs.shape, SAME_SOURCE_P)
                for i, x in enumerate(members):
                    for j, y in enumerate(members):
                        if (min(x, y), max(x, y)) in named:
                            need[i, j] = min(threshold, SAME_SOURCE_P)
                bad_src = bad_src or bool((probs < need).any())
        dups += any(len(m) > 1 for m in by_source.values()) and not bad_src
        sexes = {sex_of[r] for r in c if sex_of[r] in ("male", "female")}
        ages = [float(a) for r in c if (a := age_of[r]) is not None and not math.isnan(float(a))]
        bad_sex = len(sexes) > 1
        bad_age = bool(ages) and max(ages) - min(ages) > AGE_GAP
        same_src += bad_src
        sex_b += bad_sex
        age_b += bad_age
        broken += bad_src or bad_sex or bad_age
    breaks = broken / multi if multi else 0.0

    d = Diagnostics(
        records=n,
        persons=len(clusters),
        threshold=threshold,
        low_confidence_names=low,
        low_confidence_proxy=confidence_is_proxy,
        links=links,
        weight_histogram=_histogram(weights),
        near_threshold_pairs=near,
        near_threshold=near / max(links, 1),
        expected_errors=errors / max(links, 1),
        singletons=singles,
        singleton_excess=excess,
        near_miss_singletons=miss_share,
        multi_record_persons=multi,
        same_source_breaks=same_src,
        same_source_duplicates=dups,
        sex_breaks=sex_b,
        age_breaks=age_b,
        constraint_breaks=breaks,
        lenient_singletons=lenient_share,
        lenient_linked=linked_share,
        lenient_excess=lenient_share - linked_share,
        singleton_count=len(single_ids),
        near_miss_count=len(near_miss),
    )
    d.warnings = warnings_for(d)
    return d


def warnings_for(d: Diagnostics) -> list[str]:
    """One sentence per limit passed."""
    lim = LIMITS
    out = []
    if d.low_confidence_names > lim["low_confidence_names"]:
        out.append(
            f"{d.low_confidence_names:.0%} of names were parsed with low confidence "
            f"(limit {lim['low_confidence_names']:.0%}): linkage compares them on little"
        )
    if d.near_threshold > lim["near_threshold"]:
        out.append(
            f"{d.near_threshold_pairs:,} pairs lie near the threshold, {d.near_threshold:.0%} "
            f"of the links made (limit {lim['near_threshold']:.0%}): many persons hang on "
            "coin-toss decisions"
        )
    if d.expected_errors > lim["expected_errors"]:
        out.append(
            f"the scored pairs imply about {d.expected_errors:.0%} wrong decisions per link "
            f"(limit {lim['expected_errors']:.0%})"
        )
    if d.singleton_excess is not None and d.singleton_excess > lim["singleton_excess"]:
        worst = max(
            (s for s in d.singletons if s.persons >= MIN_SOURCE_PERSONS and s.excess),
            key=lambda s: s.excess or 0.0,
        )
        out.append(
            f"{worst.source} has {worst.singletons:,} persons on no other list where the "
            f"overlaps imply about {worst.implied:,.0f} ({d.singleton_excess:.1f}x, limit "
            f"{lim['singleton_excess']:g}x): links are probably missed"
        )
    if (
        d.near_miss_singletons > lim["near_miss_singletons"]
        and d.near_miss_count >= MIN_SINGLETON_EVENTS
    ):
        out.append(
            f"{d.near_miss_singletons:.0%} of single-record persons have a scored candidate "
            f"in another person (limit {lim['near_miss_singletons']:.0%})"
        )
    if (
        d.lenient_excess > lim["lenient_excess"]
        and d.lenient_excess * d.singleton_count >= MIN_SINGLETON_EVENTS
    ):
        out.append(
            f"{d.lenient_singletons:.0%} of single-record persons have a record in another "
            "person whose name holds the same letters in another order or cut, and no fact "
            f"against it, against {d.lenient_linked:.0%} of the records of linked persons "
            f"(namesakes; excess limit {lim['lenient_excess']:.0%} points): links the model "
            "never scored are probably missed, and a total built on these persons leans up"
        )
    if d.constraint_breaks > lim["constraint_breaks"]:
        out.append(
            f"{d.constraint_breaks:.0%} of multi-record persons join unsupported records of one "
            "source, "
            f"of both sexes or of ages over {AGE_GAP} years apart "
            f"(limit {lim['constraint_breaks']:.0%}): namesakes are probably merged"
        )
    return out
