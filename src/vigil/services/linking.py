"""The linkage service: read records from the store, link them, write persons back.

One call to `run_linkage` is one LinkRun: the fitted model is saved with it, every source
record gets its person id, persons are (re)derived from their records, one Violation row is
written per record that reports one, and the scored pairs are kept for review and for
explaining persons. Human decisions (LinkDecision) are read on every run and obeyed.
With them, the run keeps the same-letters pairs (`vigil.linkage.lenient`) between two of its
persons that it kept no scored pair of, as pairs of kind "same letters": most links a run
misses were never scored, and stored like this a reviewer sees and decides them through the
one queue (`services.review`) and the one decision path (`services.decisions`).
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from vigil.errors import InputError, NotFound
from vigil.linkage import lenient
from vigil.linkage.clustering import Decisions
from vigil.linkage.diagnostics import Diagnostics, diagnose
from vigil.linkage.engine import EngineConfig
from vigil.linkage.frame import ACT_ALSO_COLUMNS, ACT_COLUMNS, INPUT_COLUMNS, prepare_frame
from vigil.linkage.ids import IdChanges, format_id
from vigil.linkage.persons import person_facts
from vigil.linkage.pipeline import DEFAULT_THRESHOLD, REVIEW_HIGH, REVIEW_LOW, LinkOutcome, link
from vigil.security.spreadsheet import safe_dict, safe_row
from vigil.services import rekeying
from vigil.store import Store, counters
from vigil.store.models import (
    Act,
    LinkDecision,
    LinkPair,
    LinkRun,
    Person,
    Source,
    SourceRecord,
    Violation,
    utcnow,
)

Progress = Callable[[str], None]

#: Scored pairs at or above this probability are stored (review band and evidence).
STORE_PAIRS_FROM = REVIEW_LOW
#: Kinds of stored pairs (`LinkPair.kind`): scored by the model, or a same-letters pair
#: (`vigil.linkage.lenient.SAME_LETTERS`) the run kept no scored pair of.
SCORED = "scored"
SAME_LETTERS = lenient.SAME_LETTERS

_RECORD_COLUMNS = (
    "id",
    "source_id",
    "source_record_id",
    "name_raw",
    # what linkage compares; "unique_id", "source" and "group" come from the query below
    *(
        c
        for c in INPUT_COLUMNS
        if c not in ("unique_id", "source", "group", *ACT_COLUMNS, *ACT_ALSO_COLUMNS)
    ),
    "person_id",
)


@dataclass
class LinkReport:
    run_id: int
    engine: str
    threshold: float
    n_records: int
    n_persons: int
    n_pairs: int
    seconds: float
    changes: IdChanges
    notes: list[str] = field(default_factory=list)
    diagnostics: Diagnostics | None = None
    n_same_letters: int = 0  # unscored same-letters pairs kept for review


def load_records(session: Session) -> pd.DataFrame:
    """Every source record's linkage columns, with source name and independence group."""
    cols = [getattr(SourceRecord, c) for c in _RECORD_COLUMNS]
    acts = [getattr(Act, c) for c in (*ACT_COLUMNS, *ACT_ALSO_COLUMNS)]
    stmt = (
        select(*cols, *acts, Source.name.label("source"), Source.independence_group.label("group"))
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(Act, Act.record_id == SourceRecord.id)
        .order_by(SourceRecord.id)
    )
    # Streamed as plain tuples: buffered rows or a dict per row would double the peak at a
    # million records.
    rows = [tuple(r) for r in session.execute(stmt.execution_options(yield_per=50_000))]
    return pd.DataFrame(
        rows, columns=[*_RECORD_COLUMNS, *ACT_COLUMNS, *ACT_ALSO_COLUMNS, "source", "group"]
    )


def linkage_frame(records: pd.DataFrame) -> pd.DataFrame:
    """The linkage engine's input frame (`frame.prepare_frame`) of `load_records` rows."""
    return prepare_frame(records.rename(columns={"id": "unique_id"}))


def load_frame(session: Session) -> pd.DataFrame | None:
    """The linkage frame of every record in the store (None when there is none)."""
    records = load_records(session)
    return linkage_frame(records) if len(records) else None


def load_decisions(session: Session) -> Decisions:
    """The human decisions, as the clustering obeys them."""
    return _as_decisions(_decision_rows(session))


def _as_decisions(rows: list[tuple[int, int, str]]) -> Decisions:
    return Decisions.of(
        confirmed=[(a, b) for a, b, d in rows if d == "confirm"],
        separated=[(a, b) for a, b, d in rows if d == "separate"],
    )


class StoreChanged(Exception):
    """Records or decisions changed between a run's read of the store and its write-back."""


#: How often a run links again when the store changed under it before giving up.
MAX_ATTEMPTS = 3


def _snapshot(records: pd.DataFrame, decisions: list[tuple[int, int, str]]) -> Any:
    """What a run's result depends on: every record with its person, and every decision."""
    pairs = [
        (int(r), None if p is None or pd.isna(p) else str(p))
        for r, p in zip(records["id"].tolist(), records["person_id"].tolist(), strict=True)
    ]
    return pairs, sorted(decisions)


def _current_snapshot(s: Session) -> Any:
    rows = s.execute(
        select(SourceRecord.id, SourceRecord.person_id).order_by(SourceRecord.id)
    ).all()
    pairs = [(int(r), p) for r, p in rows]
    return pairs, sorted(_decision_rows(s))


def _decision_rows(s: Session) -> list[tuple[int, int, str]]:
    return [
        (int(a), int(b), str(d))
        for a, b, d in s.execute(
            select(LinkDecision.record_a, LinkDecision.record_b, LinkDecision.decision)
        )
    ]


def engine_config(store: Store, engine: str = "duckdb") -> EngineConfig:
    """The linkage engine's settings, with the budgets of the store's configuration."""
    c = store.config
    return EngineConfig(
        engine=engine,
        duckdb_threads=c.duckdb_threads,
        duckdb_memory=c.duckdb_memory,
        spark_cores=c.spark_cores,
        spark_memory=c.spark_memory,
    )


def run_linkage(
    store: Store,
    *,
    engine: str = "duckdb",
    threshold: float | None = None,
    actor: str = "system",
    progress: Progress | None = None,
    config: EngineConfig | None = None,
) -> LinkReport:
    """Link every record in the store into persons; returns what changed.

    The run reads the store, links, then writes back in one transaction that first takes
    the store's write lock and checks that no record, record-to-person link or decision
    changed since the read. If one did (a report saved through the web app meanwhile, a
    review decision), the run links again from the fresh state instead of overwriting it;
    after `MAX_ATTEMPTS` changed reads it stops with an error and writes nothing.
    """
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold < 1.0:
        raise InputError(f"--threshold must be between 0 and 1 (exclusive), not {threshold}")
    say = progress or (lambda _m: None)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return _run_once(store, engine, threshold, actor, say, config)
        except StoreChanged:
            if attempt == MAX_ATTEMPTS:
                break
            say("the store changed while linking; linking again")
    raise InputError(
        f"the store kept changing while linking ({MAX_ATTEMPTS} attempts); nothing was "
        "written. Run `vigil link` again when imports and reviews are done."
    )


def _run_once(
    store: Store,
    engine: str,
    threshold: float,
    actor: str,
    say: Progress,
    config: EngineConfig | None,
) -> LinkReport:
    started = time.perf_counter()
    say("loading records")
    key_notes: list[str] = []
    with store.session() as s:
        records = load_records(s)
        decision_rows = _decision_rows(s)
        next_number = counters.peek(s) + 1
        if not records.empty and not rekeying.keys_are_current(s):
            keys = rekeying.current_keys(s, say)
            stale = rekeying.stale_records(records, keys)
            records = rekeying.with_current_keys(records, keys)
            key_notes.append(
                f"name keys recomputed under the current rules ({stale:,} of {len(records):,}"
                " records' stored keys differ; re-import to refresh the stored ones)"
            )
    if records.empty:
        raise InputError("there are no records to link; import a source first")
    read = _snapshot(records, decision_rows)
    decisions = _as_decisions(decision_rows)
    frame = linkage_frame(records)
    previous = {
        int(r): str(p)
        for r, p in zip(records["id"], records["person_id"], strict=True)
        if p is not None and not pd.isna(p)
    }
    outcome = link(
        frame,
        config=config or engine_config(store, engine),
        threshold=threshold,
        decisions=decisions,
        previous=previous,
        next_number=next_number,
        progress=say,
    )
    say("writing persons")
    by_id = records.set_index("id")
    pairs = outcome.pairs
    kept = pairs[pairs["match_probability"] >= STORE_PAIRS_FROM] if not pairs.empty else pairs
    same = same_letters_pairs(frame, outcome.clusters)
    unscored = _unscored(_reviewable(same, outcome.clusters), kept, pairs)
    say("diagnosing the linkage")
    diagnostics = link_diagnostics(
        records, outcome.pairs, outcome.clusters, threshold, frame=frame, same_letters=same
    )
    with store.session() as s:
        counters.lock_writes(s, tables=_LOCKED)
        if _current_snapshot(s) != read:
            raise StoreChanged
        _take_new_ids(s, outcome, next_number)
        summary: dict[str, Any] = {
            "records": len(records),
            "persons": len(outcome.clusters),
            "pairs_scored": len(pairs),
            "pairs_kept": len(kept),
            "pairs_same_letters": len(unscored),
            "decisions": {
                "confirmed": len(decisions.confirmed),
                "separated": len(decisions.separated),
            },
            "changes": outcome.changes.as_dict(),
            "notes": key_notes + outcome.notes,
            "diagnostics": json.loads(json.dumps(diagnostics.to_json(), default=float)),
        }
        run = LinkRun(
            engine=engine,
            threshold=threshold,
            model=json.loads(json.dumps(outcome.model, default=str)),
            summary=summary,
            created_by=actor,
        )
        s.add(run)
        s.flush()
        members = _Members.of(outcome.clusters, outcome.person_ids)
        _write_persons(s, members, by_id, actor)
        say("writing record links")
        for lo in range(0, len(members.record_ids), _CHUNK):
            rids = members.record_ids[lo : lo + _CHUNK].tolist()
            pids = members.record_person[lo : lo + _CHUNK].tolist()
            s.execute(
                update(SourceRecord),
                [
                    {
                        "id": rid,
                        "person_id": pid,
                        "match_probability": outcome.record_probability.get(rid),
                    }
                    for rid, pid in zip(rids, pids, strict=True)
                ],
            )
        _write_violations(s, members, by_id, actor)
        say(f"writing {len(kept):,} scored pairs")
        _write_pairs(s, run.id, kept)
        _write_same_letters(s, run.id, unscored)
        _audit(s, actor, run, summary)
        run_id = run.id
    return LinkReport(
        run_id=run_id,
        engine=engine,
        threshold=threshold,
        n_records=len(records),
        n_persons=len(outcome.clusters),
        n_pairs=len(kept),
        seconds=time.perf_counter() - started,
        changes=outcome.changes,
        notes=key_notes + outcome.notes,
        diagnostics=diagnostics,
        n_same_letters=len(unscored),
    )


#: Records whose names are re-parsed to measure parse confidence (a fixed-seed sample above it:
#: a parse takes about a millisecond, and the diagnostic is a share).
CONFIDENCE_SAMPLE = 5_000


def low_confidence_names(records: pd.DataFrame) -> tuple[np.ndarray, bool]:
    """Which records' names were parsed with low confidence, and whether that is a proxy.

    The names as reported are parsed again (`vigil.names.parse_confidence`, below
    `LOW_CONFIDENCE` is low), on a fixed-seed sample of `CONFIDENCE_SAMPLE` records in large
    stores: the result is then the sample's flags, and only their share is read. Without the
    name columns, the proxy: the name gave no given or no family key.
    """
    from vigil.names import LOW_CONFIDENCE, parse_confidence

    if "name_raw" in records.columns:
        names = records["name_raw"]
        if len(names) > CONFIDENCE_SAMPLE:
            names = names.sample(CONFIDENCE_SAMPLE, random_state=0)
        low = [
            parse_confidence(None if pd.isna(raw) else str(raw)) < LOW_CONFIDENCE
            for raw in names.tolist()
        ]
        return np.asarray(low, dtype=bool), False

    def empty(col: str) -> np.ndarray:
        if col not in records.columns:
            return np.ones(len(records), dtype=bool)
        v = records[col]
        return (v.isna() | (v.astype(str).str.strip() == "")).to_numpy()

    return empty("given_key") | empty("family_key"), True


def same_letters_pairs(
    frame: pd.DataFrame | None, clusters: Sequence[Sequence[int]]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Same-letters pairs (`vigil.linkage.lenient`) between two of `clusters` (None
    without a frame)."""
    if frame is None or frame.empty:
        return None
    person_of = {r: i for i, c in enumerate(clusters) for r in c}
    return lenient.lenient_pairs(frame, person_of, (lenient.SAME_LETTERS,))


def link_diagnostics(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    clusters: Sequence[Sequence[int]],
    threshold: float,
    frame: pd.DataFrame | None = None,
    same_letters: tuple[np.ndarray, np.ndarray] | None = None,
) -> Diagnostics:
    """`linkage.diagnostics.diagnose` on one run's records, scored pairs and persons (with
    the linkage frame or the same-letters pairs already found, also those pairs)."""
    low, proxy = low_confidence_names(records)
    if same_letters is None:
        same_letters = same_letters_pairs(frame, clusters)
    lenient_left, lenient_right = same_letters if same_letters is not None else (None, None)
    if pairs.empty:
        left = right = np.zeros(0, dtype=np.int64)
        prob = np.zeros(0)
    else:
        left = pairs["unique_id_l"].to_numpy(dtype=np.int64)
        right = pairs["unique_id_r"].to_numpy(dtype=np.int64)
        prob = pairs["match_probability"].to_numpy(dtype=float)
    ages = pd.to_numeric(records["age"], errors="coerce").to_numpy(dtype=float)
    named = None
    if frame is not None and not frame.empty:
        from vigil.linkage.pipeline import same_name_pairs

        named = same_name_pairs(frame, left, right)
    return diagnose(
        record_ids=records["id"].astype("int64").tolist(),
        sources=records["source"].astype(str).tolist(),
        sex=[None if pd.isna(x) else str(x) for x in records["sex"].tolist()],
        age=[None if np.isnan(a) else float(a) for a in ages],
        low_confidence=low.tolist(),
        left=left,
        right=right,
        probability=prob,
        clusters=clusters,
        threshold=threshold,
        confidence_is_proxy=proxy,
        lenient_left=lenient_left,
        lenient_right=lenient_right,
        same_name=named,
    )


def latest_diagnostics(session: Session) -> dict[str, Any] | None:
    """The diagnostics stored with the latest link run (None before any run or for runs
    made before diagnostics existed)."""
    run = session.execute(select(LinkRun).order_by(LinkRun.id.desc()).limit(1)).scalar_one_or_none()
    if run is None or not isinstance(run.summary, dict):
        return None
    d = run.summary.get("diagnostics")
    return d if isinstance(d, dict) else None


#: Tables a run's write-back locks on PostgreSQL: no record or decision changes between
#: its check and its commit (readers are not blocked).
_LOCKED = ("source_records", "link_decisions")


def _take_new_ids(s: Session, outcome: LinkOutcome, planned: int) -> None:
    """Allocate the numbers of the run's new persons; renumber them if another writer
    took the planned ones since the run read the counter."""
    created = outcome.changes.created
    if not created:
        return
    first = counters.allocate(s, counters.PERSON_IDS, len(created))
    if first == planned:
        return
    new = {old: format_id(first + i) for i, old in enumerate(created)}
    outcome.person_ids = [new.get(p, p) for p in outcome.person_ids]
    ch = outcome.changes
    ch.created = [new[p] for p in created]
    ch.merged = {k: new.get(v, v) for k, v in ch.merged.items()}
    ch.split = {k: [new.get(v, v) for v in vs] for k, vs in ch.split.items()}


def _audit(s: Session, actor: str, run: LinkRun, summary: dict[str, Any]) -> None:
    try:
        from vigil.services import audit
    except ImportError:  # pragma: no cover - audit lands separately
        return
    audit.record(s, actor, "link_run", "link_runs", str(run.id), after=summary)


#: Rows per batch when writing a run back: bounds memory at a million records.
_CHUNK = 20_000


@dataclass(frozen=True)
class _Members:
    """Records in person order: person i holds record_ids[starts[i]:starts[i + 1]]."""

    person_ids: list[str]
    record_ids: np.ndarray
    record_person: np.ndarray  # person id of each entry of record_ids
    starts: np.ndarray

    @classmethod
    def of(cls, clusters: Sequence[Sequence[int]], person_ids: Sequence[str]) -> _Members:
        sizes = np.fromiter((len(c) for c in clusters), dtype=np.int64, count=len(clusters))
        flat = np.fromiter((r for c in clusters for r in c), dtype=np.int64, count=int(sizes.sum()))
        starts = np.concatenate([[0], np.cumsum(sizes)])
        owner = np.repeat(np.array(person_ids, dtype=object), sizes)
        return cls(list(person_ids), flat, owner, starts)


def _clean(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        for k, v in r.items():
            if v is not None and not isinstance(v, (str, list)) and pd.isna(v):
                r[k] = None
    return rows


def _write_persons(s: Session, members: _Members, by_id: pd.DataFrame, actor: str) -> None:
    existing = set(s.execute(select(Person.id)).scalars())
    now = utcnow()
    n = len(members.person_ids)
    step = max(1, _CHUNK // 4)
    for first in range(0, n, step):
        last = min(n, first + step)
        lo, hi = int(members.starts[first]), int(members.starts[last])
        sub = by_id.loc[members.record_ids[lo:hi]].reset_index()
        rows = _clean(sub.to_dict(orient="records"))  # type: ignore[arg-type]
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[dict[str, Any]] = []
        for i in range(first, last):
            pid = members.person_ids[i]
            a, b = int(members.starts[i]) - lo, int(members.starts[i + 1]) - lo
            facts = person_facts(rows[a:b])
            row = {
                "id": pid,
                "display_name": facts.display_name[:500],
                "display_name_latin": (facts.display_name_latin or None),
                "sex": facts.sex,
                "age": facts.age,
                "province_code": facts.province_code,
                "city_id": None if facts.city_id is None else int(facts.city_id),
                "date_start": facts.date_start,
                "date_end": facts.date_end,
                "n_sources": facts.n_sources,
                "n_groups": facts.n_groups,
                "active": True,
                "updated_at": now,
            }
            if pid in existing:
                changed_rows.append(row)
            else:
                new_rows.append({**row, "created_by": actor, "created_at": now})
        if new_rows:
            s.execute(insert(Person), new_rows)
        if changed_rows:
            s.execute(update(Person), changed_rows)
    gone = sorted(existing - set(members.person_ids))
    for lo in range(0, len(gone), _CHUNK):
        s.execute(
            update(Person)
            .where(Person.id.in_(gone[lo : lo + _CHUNK]))
            .values(active=False, updated_at=now)
        )


def _write_violations(s: Session, members: _Members, by_id: pd.DataFrame, actor: str) -> None:
    s.execute(delete(Violation).where(Violation.record_id.is_not(None)))
    facts = by_id.loc[members.record_ids, ["violation", "date_start", "date_end"]]
    reported = facts["violation"].notna().to_numpy()
    rids = members.record_ids[reported].tolist()
    pids = members.record_person[reported].tolist()
    kinds = facts["violation"].to_numpy()[reported].tolist()
    starts = facts["date_start"].to_numpy()[reported].tolist()
    ends = facts["date_end"].to_numpy()[reported].tolist()
    for lo in range(0, len(rids), _CHUNK):
        rows = [
            {
                "person_id": pids[i],
                "record_id": int(rids[i]),
                "type": str(kinds[i]),
                "date_start": _none(starts[i]),
                "date_end": _none(ends[i]),
                "created_by": actor,
            }
            for i in range(lo, min(lo + _CHUNK, len(rids)))
        ]
        s.execute(insert(Violation), rows)


def _none(v: Any) -> Any:
    return None if v is None or pd.isna(v) else v


def _reviewable(
    same: tuple[np.ndarray, np.ndarray] | None, clusters: Sequence[Sequence[int]]
) -> tuple[np.ndarray, np.ndarray] | None:
    """The same-letters pairs worth a reviewer's decision: not those of a record among many
    namesakes (`lenient.few_partners`). The diagnostics still judge all of them."""
    if same is None or len(same[0]) == 0:
        return same
    person_of = {r: i for i, c in enumerate(clusters) for r in c}
    keep = lenient.few_partners(same[0], same[1], person_of)
    return same[0][keep], same[1][keep]


def _pair_codes(left: Any, right: Any) -> np.ndarray:
    """One int64 per unordered pair of record ids (smaller id in the high half; record ids
    are row numbers of one store, far below 2**31)."""
    a = np.asarray(left, dtype=np.int64)
    b = np.asarray(right, dtype=np.int64)
    return (np.minimum(a, b) << 32) | np.maximum(a, b)


def _unscored(
    same: tuple[np.ndarray, np.ndarray] | None, kept: pd.DataFrame, scored: pd.DataFrame
) -> list[tuple[int, int, float | None]]:
    """Same-letters pairs the run keeps no scored pair of: (left, right, the model's
    probability if it scored them below `STORE_PAIRS_FROM`, else None).

    Vectorized: a run of a million records scores tens of millions of pairs, and a Python
    dict keyed by every one of them costs gigabytes (see `bench/linkage.py --service`)."""
    if same is None or len(same[0]) == 0:
        return []
    codes = np.unique(_pair_codes(same[0], same[1]))
    if not kept.empty:
        codes = codes[~np.isin(codes, _pair_codes(kept["unique_id_l"], kept["unique_id_r"]))]
    model: dict[int, float] = {}
    if not scored.empty and len(codes):
        all_codes = _pair_codes(scored["unique_id_l"], scored["unique_id_r"])
        hit = np.isin(all_codes, codes)
        probs = scored["match_probability"].to_numpy(dtype=float)[hit]
        model = dict(zip(all_codes[hit].tolist(), probs.tolist(), strict=True))
    return [(c >> 32, c & 0xFFFFFFFF, model.get(c)) for c in codes.tolist()]


def _write_same_letters(
    s: Session, run_id: int, pairs: list[tuple[int, int, float | None]]
) -> None:
    """Store never-kept same-letters pairs as pairs of kind `SAME_LETTERS`, at probability
    `LENIENT_CHANCE` (a prior measured on tuning sets, not a score; the model's own
    probability, when it scored them below the stored ones, is in the explanation)."""
    for lo in range(0, len(pairs), _CHUNK):
        rows = [
            {
                "run_id": run_id,
                "record_l": a,
                "record_r": b,
                "match_weight": 0.0,
                "match_probability": LENIENT_CHANCE,
                "explanation": {"kind": SAME_LETTERS, "model_probability": p},
                "kind": SAME_LETTERS,
            }
            for a, b, p in pairs[lo : lo + _CHUNK]
        ]
        s.execute(insert(LinkPair), rows)


def _write_pairs(s: Session, run_id: int, pairs: pd.DataFrame) -> None:
    s.execute(delete(LinkPair))
    if pairs.empty:
        return
    gcols = [c for c in pairs.columns if c.startswith("gamma_")]
    names = [c.removeprefix("gamma_") for c in gcols]
    for lo in range(0, len(pairs), _CHUNK):
        part = pairs.iloc[lo : lo + _CHUNK]
        levels = part[gcols].to_numpy().tolist()
        rows = [
            {
                "run_id": run_id,
                "record_l": int(left),
                "record_r": int(right),
                "match_weight": float(weight),
                "match_probability": float(prob),
                "explanation": {"gamma": dict(zip(names, gamma, strict=True))},
            }
            for left, right, weight, prob, gamma in zip(
                part["unique_id_l"].tolist(),
                part["unique_id_r"].tolist(),
                part["match_weight"].tolist(),
                part["match_probability"].tolist(),
                levels,
                strict=True,
            )
        ]
        s.execute(insert(LinkPair), rows)


# ---------------------------------------------------------------- decisions


def resolve_record(session: Session, ref: str) -> int:
    """A record id from ``123`` (store id) or ``SOURCE:SOURCE_RECORD_ID``."""
    ref = ref.strip()
    if ref.isdigit():
        rid = session.get(SourceRecord, int(ref))
        if rid is None:
            raise NotFound(f"no source record with id {ref}")
        return rid.id
    if ":" not in ref:
        raise InputError(f"record reference {ref!r}: use a record id or SOURCE:SOURCE_RECORD_ID")
    source, srid = ref.split(":", 1)
    found = session.execute(
        select(SourceRecord.id)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(Source.name == source, SourceRecord.source_record_id == srid)
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no record {srid!r} in source {source!r}")
    return int(found)


def record_decision(
    store: Store, a: str, b: str, decision: str, *, actor: str = "system", note: str | None = None
) -> tuple[int, int]:
    """Record that records `a` and `b` are one person ("confirm") or not ("separate"),
    and apply it to their persons at once (`services.decisions.decide`).

    A later decision on the same pair replaces the earlier one. Returns the record ids.
    """
    from vigil.services import decisions

    with store.session() as s:
        ra, rb = resolve_record(s, a), resolve_record(s, b)
        if ra == rb:
            raise InputError(f"{a} and {b} are the same record")
        decisions.decide(s, ra, rb, decision, actor, note)
    return min(ra, rb), max(ra, rb)


def latest_run(session: Session) -> LinkRun:
    run = session.execute(select(LinkRun).order_by(LinkRun.id.desc()).limit(1)).scalar_one_or_none()
    if run is None:
        raise NotFound("no linkage run yet; run `vigil link` first")
    return run


# ---------------------------------------------------------------- exports


def export_links(store: Store, path: Path) -> int:
    """One row per record: source, source_record_id, person_id, match_probability."""
    with store.session() as s:
        rows = s.execute(
            select(
                Source.name,
                SourceRecord.source_record_id,
                SourceRecord.id,
                SourceRecord.person_id,
                SourceRecord.match_probability,
            )
            .join(Source, Source.id == SourceRecord.source_id)
            .order_by(Source.name, SourceRecord.id)
        ).all()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "source_record_id", "record_id", "person_id", "match_probability"])
        for src, srid, rid, pid, prob in rows:
            w.writerow(safe_row([src, srid, rid, pid or "", "" if prob is None else f"{prob:.6f}"]))
    return len(rows)


PERSON_FIELDS = (
    "id",
    "display_name",
    "display_name_latin",
    "sex",
    "age",
    "province_code",
    "city_id",
    "date_start",
    "date_end",
    "n_sources",
    "n_groups",
    "grade",
)


def person_rows(store: Store) -> list[dict[str, Any]]:
    """Active persons with their facts, records and act codes (`services.acts`)."""
    from vigil.services.acts import INTERNAL_ACT_COLUMNS, person_act_columns

    with store.session() as s:
        persons = (
            s.execute(select(Person).where(Person.active.is_(True)).order_by(Person.id))
            .scalars()
            .all()
        )
        counts: dict[str, int] = defaultdict(int)
        for pid, n in s.execute(
            select(SourceRecord.person_id, func.count()).group_by(SourceRecord.person_id)
        ):
            if pid is not None:
                counts[pid] = int(n)
        acts = person_act_columns(s, INTERNAL_ACT_COLUMNS)
        out = []
        for p in persons:
            row = {k: getattr(p, k) for k in PERSON_FIELDS}
            row["n_records"] = counts.get(p.id, 0)
            act = acts.get(p.id, {})
            row.update({c: act.get(c) for c in INTERNAL_ACT_COLUMNS})
            for k in ("date_start", "date_end"):
                row[k] = row[k].isoformat() if row[k] is not None else None
            out.append(row)
    return out


def export_persons(store: Store, path: Path) -> int:
    """Active persons as CSV or JSON (by the file's suffix)."""
    rows = person_rows(store)
    from vigil.services.acts import INTERNAL_ACT_COLUMNS

    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=[*PERSON_FIELDS, "n_records", *INTERNAL_ACT_COLUMNS])
            w.writeheader()
            w.writerows(safe_dict(row) for row in rows)
    else:
        raise InputError(
            f"{path}: export persons writes .csv or .json, not {suffix or 'no suffix'}"
        )
    return len(rows)


# ---------------------------------------------------------------- review by impact


@dataclass(frozen=True)
class PairImpact:
    """How much deciding one uncertain pair is expected to move the total."""

    pair_id: int
    record_l: int
    record_r: int
    probability: float
    joined: bool  # the two records are in one person now
    move: float  # change of the total if the decision goes against the current linkage
    impact: float  # expected absolute move: chance * |move|
    chance: float = 0.0  # P(the decision changes the linkage), see `rank_by_impact`
    repeat: bool = False  # another pair between the same two persons ranks before it
    kind: str = SCORED  # or SAME_LETTERS: a stored pair the model kept no score for


#: Chance that a same-letters pair (`vigil.linkage.lenient`) not kept as scored is one person:
#: on the tuning sets 15, 18 and 19 of bench/end_to_end.py with field habits (set 15 as
#: linked, 18 and 19 after 100 review decisions), 32 of 62 such pairs between two persons
#: were (README, "Review by impact").
LENIENT_CHANCE = 0.5


def uncertain(low: float = REVIEW_LOW, high: float = REVIEW_HIGH) -> Any:
    """Stored pairs a reviewer should decide: scored in [low, high), or same letters."""
    return or_(
        LinkPair.kind == SAME_LETTERS,
        and_(
            LinkPair.kind == SCORED,
            LinkPair.match_probability >= low,
            LinkPair.match_probability < high,
        ),
    )


def rank_by_impact(
    session: Session,
    *,
    low: float = REVIEW_LOW,
    high: float = REVIEW_HIGH,
    scope: Any = None,
    limit: int | None = None,
) -> list[PairImpact]:
    """Undecided uncertain pairs of the latest run, largest expected move of the total first.

    Uncertain: scored pairs in [low, high), and the same-letters pairs the run stored
    (`kind` `SAME_LETTERS`, at `LENIENT_CHANCE` whatever the bounds): pairs of records in two
    persons whose names hold the same letters that the run kept no scored pair of. Most
    missed links were never scored, so no scored pair can bring them to a reviewer.

    The approximation (documented in the README, "Review by impact"): a decision either
    merges two persons (confirming a pair now in two persons; it changes the linkage with
    probability p, the pair's match probability) or splits one (separating a pair now in one
    person; the split takes the second record's independence group out of the person). A
    pair inside a person is usually held there by other links too (a-c and c-b at 0.99 hold
    a-b at 0.3), so the chance that separating it changes the linkage is 1 - the strongest
    path between the two records over the person's scored pairs and confirmed decisions
    (the widest path: its weakest link as large as possible), not 1 - p. Among pairs
    between the same two persons only the first counts as a merge candidate; the others
    (`repeat`) come after every first, since one decision settles them all. Either
    decision changes at most three cells of the capture table of the scope
    (default: deaths; a person out of scope contributes no cell, a merge with one in scope
    is in scope). The move of the total is the change of the log-linear estimate under the
    model BIC selects for the current table, refitted with the changed cells (a fit takes
    about a millisecond; moves are cached per cell change). When no log-linear model fits,
    the move is taken as 1 for every pair, so the order falls back to min(p, 1 - p).
    """
    from vigil.estimate.loglinear import fit_loglinear
    from vigil.estimate.loglinear_search import search_loglinear
    from vigil.estimate.table import CaptureTable
    from vigil.services.capture import capture_table, person_rows
    from vigil.statement.settings import Scope
    from vigil.statement.stats import in_scope

    scope = scope or Scope()
    run = latest_run(session)
    decided = {
        (min(a, b), max(a, b))
        for a, b in session.execute(select(LinkDecision.record_a, LinkDecision.record_b))
    }
    kinds: dict[int, str] = {}
    pairs: list[tuple[int, int, int, float]] = []
    for row_id, rec_l, rec_r, stored_p, kind in session.execute(
        select(
            LinkPair.id,
            LinkPair.record_l,
            LinkPair.record_r,
            LinkPair.match_probability,
            LinkPair.kind,
        )
        .where(LinkPair.run_id == run.id, uncertain(low, high))
        .order_by(LinkPair.id)
    ).all():
        if (min(rec_l, rec_r), max(rec_l, rec_r)) not in decided:
            pairs.append((int(row_id), int(rec_l), int(rec_r), float(stored_p)))
            kinds[int(row_id)] = str(kind)
    if not pairs:
        return []
    rows = person_rows(session)
    table = capture_table(rows, scope, "group")
    lists = list(table.lists)
    counts: dict[tuple[int, ...], int] = {
        tuple(int(v) for v in pat): int(n)
        for pat, n in zip(table.patterns, table.counts, strict=True)
    }
    pattern_of: dict[str, tuple[int, ...] | None] = {}
    groups_of: dict[str, frozenset[str]] = {}
    for p in rows:
        groups_of[p.id] = p.groups
        counted = p.counted and in_scope(p, scope)
        pattern_of[p.id] = _pattern(p.groups, lists) if counted else None
    ids = sorted({int(p[1]) for p in pairs} | {int(p[2]) for p in pairs})
    rec: dict[int, tuple[str | None, str]] = {}
    for lo in range(0, len(ids), _CHUNK):
        for rid, pid, group in session.execute(
            select(SourceRecord.id, SourceRecord.person_id, Source.independence_group)
            .join(Source, Source.id == SourceRecord.source_id)
            .where(SourceRecord.id.in_(ids[lo : lo + _CHUNK]))
        ):
            rec[int(rid)] = (pid, str(group))

    model: list[str] = []
    base: float | None = None
    if table.n_lists >= 3:
        best = search_loglinear(table, interval=False)
        if best.refusal is None and best.estimate is not None:
            model = [str(t) for t in best.diagnostics.get("terms") or []]
            base = float(best.estimate)
    cache: dict[tuple[Any, ...], float] = {}

    def total(change: dict[tuple[int, ...], int]) -> float:
        new = dict(counts)
        for pat, d in change.items():
            if any(pat):
                new[pat] = new.get(pat, 0) + d
        kept = [(pat, n) for pat, n in new.items() if n > 0]
        t = CaptureTable(
            tuple(lists),
            np.array([pat for pat, _ in kept], dtype=np.uint8).reshape(-1, len(lists)),
            np.array([n for _, n in kept], dtype=np.int64),
        )
        e = fit_loglinear(t, model, interval=False)
        return float(e.estimate) if e.refusal is None and e.estimate is not None else float("nan")

    def move(change: dict[tuple[int, ...], int]) -> float:
        if base is None:
            return 1.0
        key = tuple(sorted(change.items()))
        if key not in cache:
            v = total(change) - base
            cache[key] = 0.0 if v != v else v  # NaN: the changed table has no estimate
        return cache[key]

    held = _holding(session, run.id, {rec[int(p[1])][0] for p in pairs if _joined(rec, p[1], p[2])})
    out: list[PairImpact] = []
    for pair_id, left, right, prob in pairs:
        (pa, ga), (pb, gb) = rec.get(left, (None, "")), rec.get(right, (None, ""))
        if pa is None or pb is None:
            continue
        joined = pa == pb
        change: dict[tuple[int, ...], int] = {}
        if not joined:
            a, b = pattern_of.get(pa), pattern_of.get(pb)
            if a is not None or b is not None:
                union = _pattern(
                    groups_of.get(pa, frozenset()) | groups_of.get(pb, frozenset()), lists
                )
                for pat, d in ((a, -1), (b, -1), (union, 1)):
                    if pat is not None:
                        change[pat] = change.get(pat, 0) + d
            p_change = float(prob)
        else:
            whole = pattern_of.get(pa)
            if whole is not None:
                rest = _pattern(groups_of[pa] - {gb}, lists) if ga != gb else whole
                alone = _pattern(frozenset({gb}), lists)
                for pat, d in ((whole, -1), (rest, 1), (alone, 1)):
                    change[pat] = change.get(pat, 0) + d
            # The widest path includes the pair's own link when scored (so it is at least p).
            p_change = 1.0 - held.widest(pa, int(left), int(right))
        change = {k: v for k, v in change.items() if v}
        m = move(change) if change else 0.0
        out.append(
            PairImpact(
                int(pair_id),
                int(left),
                int(right),
                float(prob),
                joined,
                m,
                p_change * abs(m),
                p_change,
                kind=kinds[pair_id],
            )
        )
    out.sort(key=lambda x: (-x.impact, -min(x.probability, 1 - x.probability), x.pair_id))
    seen: set[tuple[str, str]] = set()
    for i, x in enumerate(out):
        if x.joined:
            continue
        left_p, right_p = rec[x.record_l][0] or "", rec[x.record_r][0] or ""
        key = (min(left_p, right_p), max(left_p, right_p))
        if key in seen:
            out[i] = replace(x, repeat=True)
        seen.add(key)
    out.sort(key=lambda x: x.repeat)  # stable: firsts in impact order, then the repeats
    return out[:limit] if limit is not None else out


def _joined(rec: dict[int, tuple[str | None, str]], left: int, right: int) -> bool:
    a, b = rec.get(int(left), (None, ""))[0], rec.get(int(right), (None, ""))[0]
    return a is not None and a == b


@dataclass
class _Holding:
    """Scored pairs (and confirmed decisions, at 1) inside each of some persons."""

    edges: dict[str, dict[int, dict[int, float]]]
    _cache: dict[tuple[str, int], dict[int, float]] = field(default_factory=dict)

    def widest(self, person: str, a: int, b: int) -> float:
        """Largest weakest link over the paths from a to b inside the person (0: none)."""
        key = (person, a)
        if key not in self._cache:
            self._cache[key] = _widest_from(self.edges.get(person, {}), a)
        return self._cache[key].get(b, 0.0)


def _widest_from(graph: dict[int, dict[int, float]], start: int) -> dict[int, float]:
    import heapq

    best: dict[int, float] = {start: 1.0}
    heap = [(-1.0, start)]
    while heap:
        neg, node = heapq.heappop(heap)
        if -neg < best.get(node, 0.0):
            continue
        for nxt, p in graph.get(node, {}).items():
            w = min(-neg, p)
            if w > best.get(nxt, 0.0):
                best[nxt] = w
                heapq.heappush(heap, (-w, nxt))
    return best


def _holding(session: Session, run_id: int, persons: set[str | None]) -> _Holding:
    """The scored pairs of `run_id` and the confirmed decisions inside `persons`."""
    wanted = sorted(p for p in persons if p is not None)
    person_of: dict[int, str] = {}
    for lo in range(0, len(wanted), _CHUNK):
        for rid, pid in session.execute(
            select(SourceRecord.id, SourceRecord.person_id).where(
                SourceRecord.person_id.in_(wanted[lo : lo + _CHUNK])
            )
        ):
            person_of[int(rid)] = str(pid)
    edges: dict[str, dict[int, dict[int, float]]] = {}

    def add(a: int, b: int, p: float) -> None:
        pa, pb = person_of.get(a), person_of.get(b)
        if pa is None or pa != pb:
            return
        g = edges.setdefault(pa, {})
        for x, y in ((a, b), (b, a)):
            nb = g.setdefault(x, {})
            nb[y] = max(nb.get(y, 0.0), p)

    ids = sorted(person_of)
    for lo in range(0, len(ids), _CHUNK):
        chunk = ids[lo : lo + _CHUNK]
        for a, b, p in session.execute(
            select(LinkPair.record_l, LinkPair.record_r, LinkPair.match_probability).where(
                LinkPair.run_id == run_id, LinkPair.kind == SCORED, LinkPair.record_l.in_(chunk)
            )
        ):
            add(int(a), int(b), float(p))
        for a, b in session.execute(
            select(LinkDecision.record_a, LinkDecision.record_b).where(
                LinkDecision.decision == "confirm", LinkDecision.record_a.in_(chunk)
            )
        ):
            add(int(a), int(b), 1.0)
    return _Holding(edges)


def _pattern(groups: frozenset[str], lists: Sequence[str]) -> tuple[int, ...]:
    return tuple(int(g in groups) for g in lists)
