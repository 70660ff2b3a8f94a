"""Linkage uncertainty in the total: the estimate of a scope under other plausible linkages.

The persons Vigil counts are one linkage among several plausible ones. This module re-clusters
the latest run's scored pairs at other thresholds and draws clusterings from the pair
probabilities, rebuilds each variant's capture table with `capture.capture_table` (the one
definition of what is counted) and estimates it, so a total is published with the range its
linkage leaves open beside its sampling interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from vigil.errors import EstimationRefused
from vigil.estimate.table import CaptureTable
from vigil.linkage.lenient import MAX_RECORDS
from vigil.services.capture import capture_table, check_usable
from vigil.statement.settings import Scope
from vigil.statement.stats import PersonRow

#: Sampler settings of the variant estimates (LCMCR): two short chains, no adaptive
#: extension. The main estimate keeps its full settings; a variant only has to say where
#: its median lies, and on four-list tables these runs take about half a second each.
QUICK_LCMCR = {"chains": 2, "burnin": 2_000, "samples": 400, "thin": 5}


@dataclass(frozen=True)
class VariantEstimate:
    name: str
    kind: str  # "threshold", "draw" or "lenient"
    threshold: float | None
    persons: int  # persons of the whole store under this linkage
    observed: int  # counted persons of the scope on some list
    estimate: float | None
    lower: float | None
    upper: float | None
    refusal: str | None = None


@dataclass(frozen=True)
class LinkageRange:
    """The estimate under other plausible linkages, beside the sampling interval.

    `lower` and `upper` span the point estimates of the variants and of the main estimate
    (the run's own linkage is one of the plausible ones); `combined_lower` and
    `combined_upper` are the union of that range with the main sampling interval: the
    interval a reader should quote when linkage is uncertain.
    """

    lower: float
    upper: float
    combined_lower: float | None
    combined_upper: float | None
    method: str
    variants: list[VariantEstimate]
    note: str
    warning: str | None = None  # set when linkage, not sampling, drives the figure

    def to_json(self) -> dict[str, Any]:
        return {
            "warning": self.warning,
            "lower": self.lower,
            "upper": self.upper,
            "combined_lower": self.combined_lower,
            "combined_upper": self.combined_upper,
            "method": self.method,
            "note": self.note,
            "variants": [asdict(v) for v in self.variants],
        }


@dataclass(frozen=True)
class LinkageInputs:
    """What re-clustering needs from the store: records with the facts a person is made of,
    the latest run's scored pairs and the human decisions."""

    record_ids: list[int]
    facts: dict[int, dict[str, Any]]  # record id -> columns person_facts reads
    discounted: set[int]  # records whose current person is discounted
    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    decisions: Any  # vigil.linkage.clustering.Decisions
    threshold: float
    events: tuple[Any, ...] = ()  # vigil.services.events.EventInfo
    frame: Any = None  # the linkage frame (vigil.linkage.frame) for lenient pairs
    named_events: dict[int, str] | None = None  # record id -> the event slug it names

    def same_name(self) -> np.ndarray | None:
        """`pipeline.same_name_pairs` of the scored pairs (None without a frame)."""
        from vigil.linkage.pipeline import same_name_pairs

        if self.frame is None or self.frame.empty:
            return None
        return same_name_pairs(self.frame, self.left, self.right)


def linkage_inputs(session: Session) -> LinkageInputs | None:
    """Records, scored pairs and decisions of the latest link run (None before any run)."""
    from sqlalchemy import select

    from vigil.linkage.clustering import Decisions
    from vigil.services.events import list_events, record_named_events
    from vigil.services.linking import SCORED, load_frame
    from vigil.store.models import LinkDecision, LinkPair, LinkRun, Person, Source, SourceRecord

    run = session.execute(select(LinkRun).order_by(LinkRun.id.desc()).limit(1)).scalar_one_or_none()
    if run is None:
        return None
    discounted_persons = set(
        session.execute(select(Person.id).where(Person.grade == "discounted")).scalars()
    )
    cols = (
        SourceRecord.id,
        SourceRecord.person_id,
        SourceRecord.violation,
        SourceRecord.date_start,
        SourceRecord.date_end,
        SourceRecord.province_code,
        SourceRecord.city_id,
        SourceRecord.age,
        SourceRecord.sex,
        Source.name,
        Source.independence_group,
    )
    facts: dict[int, dict[str, Any]] = {}
    discounted: set[int] = set()
    for rid, pid, vio, start, end, prov, city, age, sex, src, group in session.execute(
        select(*cols).join(Source, Source.id == SourceRecord.source_id).order_by(SourceRecord.id)
    ):
        facts[int(rid)] = {
            "name_raw": "",
            "violation": vio,
            "date_start": start,
            "date_end": end,
            "province_code": prov,
            "city_id": city,
            "age": age,
            "sex": sex,
            "source": src,
            "group": group,
        }
        if pid in discounted_persons:
            discounted.add(int(rid))
    pairs = session.execute(
        select(LinkPair.record_l, LinkPair.record_r, LinkPair.match_probability).where(
            LinkPair.kind == SCORED
        )
    ).all()
    arr = np.array(pairs, dtype=float).reshape(-1, 3)
    rows = session.execute(
        select(LinkDecision.record_a, LinkDecision.record_b, LinkDecision.decision)
    ).all()
    decisions = Decisions.of(
        confirmed=[(a, b) for a, b, d in rows if d == "confirm"],
        separated=[(a, b) for a, b, d in rows if d == "separate"],
    )
    frame = load_frame(session)
    events = tuple(list_events(session))
    named = {rid: slug for rid, (_pid, slug) in record_named_events(session, events).items()}
    return LinkageInputs(
        sorted(facts),
        facts,
        discounted,
        arr[:, 0].astype(np.int64),
        arr[:, 1].astype(np.int64),
        arr[:, 2],
        decisions,
        float(run.threshold),
        events,
        frame,
        named,
    )


def variant_rows(inputs: LinkageInputs, clusters: Sequence[Sequence[int]]) -> list[PersonRow]:
    """Person rows (as the statement sees persons) of one clustering of the records.

    A person is discounted when every one of its records belongs to a person graded
    discounted now (grades are not recomputed per variant); its violations are those its
    records report (violations added by hand to a person are not carried over). Its events
    follow the main scope's rule (`services.events.event_membership`): those its records
    name, else those its date interval overlaps.
    """
    from vigil.linkage.persons import person_facts
    from vigil.services.events import event_membership

    named = inputs.named_events or {}

    rows = []
    for i, c in enumerate(clusters):
        recs = [inputs.facts[r] for r in c]
        f = person_facts(recs)
        rows.append(
            PersonRow(
                id=f"variant-{i}",
                grade="discounted" if all(r in inputs.discounted for r in c) else None,
                sex=f.sex,
                age=f.age,
                province_code=f.province_code,
                city_id=f.city_id,
                date_start=f.date_start,
                date_end=f.date_end,
                violations=frozenset(str(r["violation"]) for r in recs if r["violation"]),
                sources=frozenset(str(r["source"]) for r in recs),
                groups=frozenset(str(r["group"]) for r in recs),
                events=event_membership(
                    (named[r] for r in c if r in named), f.date_start, f.date_end, inputs.events
                ),
            )
        )
    return rows


def variant_tables(
    inputs: LinkageInputs,
    scope: Scope,
    lists: str = "group",
    *,
    thresholds: Sequence[float] | None = None,
    draws: int | None = None,
    seed: int = 0,
    lenient: bool = True,
) -> list[tuple[Any, CaptureTable]]:
    """(variant, capture table of the scope) for every linkage variant."""
    from vigil.linkage import variants as lv

    sources = {r: str(inputs.facts[r]["source"]) for r in inputs.record_ids}
    out = []
    named = inputs.same_name()
    extra = lenient_extra(inputs, sources, named) if lenient else []
    for v in lv.variants(
        inputs.record_ids,
        inputs.left,
        inputs.right,
        inputs.probability,
        sources,
        inputs.decisions,
        thresholds=lv.THRESHOLDS if thresholds is None else thresholds,
        draws=lv.DRAWS if draws is None else draws,
        seed=seed,
        run_threshold=inputs.threshold,
        extra=extra,
        same_name=named,
    ):
        out.append((v, capture_table(variant_rows(inputs, v.clusters), scope, lists)))
    return out


#: Above this many records the lenient variants are left out (see `lenient.MAX_RECORDS`).
LENIENT_MAX_RECORDS = MAX_RECORDS


def lenient_extra(
    inputs: LinkageInputs, sources: dict[int, str], same_name: np.ndarray | None = None
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """The lenient variants' extra pairs (`vigil.linkage.lenient`), cumulative: same letters,
    then same letters and similar names. Empty without a frame or above
    `LENIENT_MAX_RECORDS` records."""
    from vigil.linkage import lenient as ll
    from vigil.linkage import variants as lv

    if inputs.frame is None or inputs.frame.empty or len(inputs.frame) > LENIENT_MAX_RECORDS:
        return []
    run = lv.at_threshold(
        inputs.record_ids,
        inputs.left,
        inputs.right,
        inputs.probability,
        inputs.threshold,
        sources,
        inputs.decisions,
        same_name,
    )
    person_of = {r: i for i, c in enumerate(run) for r in c}
    out = []
    for name, kinds in (
        (f"lenient: {ll.SAME_LETTERS}", (ll.SAME_LETTERS,)),
        (f"lenient: {ll.SIMILAR_NAMES}", (ll.SAME_LETTERS, ll.SIMILAR_NAMES)),
    ):
        left, right = ll.lenient_pairs(inputs.frame, person_of, kinds)
        out.append((name, left, right))
    return out


def quick_estimate(table: CaptureTable, method: str, seed: int, level: float) -> Any:
    """A variant's estimate: LCMCR with `QUICK_LCMCR` sweeps, other methods as they are."""
    from vigil.services.figures import estimate_table
    from vigil.statement.settings import EstimateSettings

    if method != "lcmcr":
        return estimate_table(table, EstimateSettings(method=method, seed=seed, level=level))
    from vigil.estimate.lcmcr import LcmcrSettings, lcmcr
    from vigil.estimate.result import Estimate

    try:
        check_usable(table, "this linkage variant")
        return lcmcr(table, LcmcrSettings(seed=seed, level=level, adapt=False, **QUICK_LCMCR))
    except EstimationRefused as e:
        return Estimate.refused("lcmcr", table.observed, str(e), level=level)


def linkage_range(
    session: Session,
    scope: Scope | None = None,
    *,
    method: str = "lcmcr",
    lists: str = "group",
    seed: int = 2019,
    level: float = 0.95,
    main: Any = None,
    thresholds: Sequence[float] | None = None,
    draws: int | None = None,
) -> LinkageRange | None:
    """The estimate over several linkages of the store's records (None when there is no
    link run to vary, no estimator, or no variant gives an estimate)."""
    if method == "none":
        return None
    inputs = linkage_inputs(session)
    if inputs is None or not inputs.record_ids:
        return None
    return range_from_inputs(
        inputs,
        scope or Scope(),
        method=method,
        lists=lists,
        seed=seed,
        level=level,
        main=main,
        thresholds=thresholds,
        draws=draws,
    )


def range_from_inputs(
    inputs: LinkageInputs,
    scope: Scope,
    *,
    method: str = "lcmcr",
    lists: str = "group",
    seed: int = 2019,
    level: float = 0.95,
    main: Any = None,
    thresholds: Sequence[float] | None = None,
    draws: int | None = None,
) -> LinkageRange | None:
    """`linkage_range` on inputs already read (the benchmark reuses them)."""
    results = []
    for v, table in variant_tables(
        inputs, scope, lists, thresholds=thresholds, draws=draws, seed=seed
    ):
        e = quick_estimate(table, method, seed, level)
        ok = e.refusal is None and e.estimate is not None
        results.append(
            VariantEstimate(
                v.name,
                v.kind,
                v.threshold,
                len(v.clusters),
                int(table.observed),
                float(e.estimate) if ok else None,
                float(e.lower) if ok and e.lower is not None else None,
                float(e.upper) if ok and e.upper is not None else None,
                None if ok else e.refusal,
            )
        )
    points = [v.estimate for v in results if v.estimate is not None]
    if not points:  # no other linkage gives an estimate: there is no range to report
        return None
    main_ok = main is not None and main.refusal is None and main.estimate is not None
    if main_ok:
        points.append(float(main.estimate))
    lo, hi = min(points), max(points)
    c_lo = min(lo, float(main.lower)) if main_ok and main.lower is not None else None
    c_hi = max(hi, float(main.upper)) if main_ok and main.upper is not None else None
    how = (
        f"LCMCR with {QUICK_LCMCR['chains']} chains of {QUICK_LCMCR['burnin']:,} burn-in and "
        f"{QUICK_LCMCR['samples']:,} draws (thin {QUICK_LCMCR['thin']}) per variant"
        if method == "lcmcr"
        else f"{method} per variant"
    )
    n_thr = sum(1 for v in results if v.kind == "threshold")
    n_draw = sum(1 for v in results if v.kind == "draw")
    n_len = len(results) - n_thr - n_draw
    lenient = (
        f"{n_len} lenient linkages that also join pairs the model never scored (names with "
        "the same letters in another order or cut; similar names with one more fact "
        "agreeing, the most merging bound)"
        if n_len
        else f"no lenient linkage (more than {LENIENT_MAX_RECORDS:,} records), so the range "
        "leans to splitting"
    )
    note = (
        f"{len(results)} linkages of the same records: {n_thr} clustering thresholds across "
        f"the plausible range, {n_draw} clusterings drawn from the scored pairs' match "
        f"probabilities and {lenient}; {how}"
    )
    warning = linkage_warning(results, main) if main_ok else None
    return LinkageRange(lo, hi, c_lo, c_hi, method, results, note, warning)


#: Linkage drives the figure when a plausible linkage (any variant but the most merging
#: bound, `lenient: similar names`) moves the median this far from the main one, as a share
#: of the sampling interval's width. Chosen on `bench/end_to_end.py` with field habits
#: (README, "Linkage range"): runs linked as by default moved it at most 16% of the width
#: either way; the same lists linked badly on purpose (threshold 0.97, totals 13-25% too
#: high) 27-44%.
LINKAGE_DRIVES = 0.2


def linkage_warning(results: Sequence[VariantEstimate], main: Any) -> str | None:
    """A sentence when linkage, not sampling, drives the total (None otherwise)."""
    from vigil.linkage.lenient import SIMILAR_NAMES

    points = [
        v.estimate for v in results if v.estimate is not None and not v.name.endswith(SIMILAR_NAMES)
    ]
    if not points or main.estimate is None or main.lower is None or main.upper is None:
        return None
    centre = float(main.estimate)
    width = float(main.upper) - float(main.lower)
    shift = max(abs(p - centre) for p in points)
    if width <= 0 or shift < LINKAGE_DRIVES * width:
        return None
    lo, hi = min([*points, centre]), max([*points, centre])
    way = "down" if centre - lo >= hi - centre else "up"
    return (
        f"linkage drives this figure: plausible linkages of the same records move the "
        f"median {way} by up to {shift:,.0f} ({lo:,.0f} to {hi:,.0f}), {shift / width:.0%} "
        f"of the sampling interval's width (limit {LINKAGE_DRIVES:.0%}); quote the interval "
        "with linkage uncertainty and review the uncertain pairs (`vigil review --by-impact`)"
    )
