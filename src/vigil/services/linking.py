"""The linkage service: read records from the store, link them, write persons back.

One call to `run_linkage` is one LinkRun: the fitted model is saved with it, every source
record gets its person id, persons are (re)derived from their records, one Violation row is
written per record that reports one, and the scored pairs are kept for review and for
explaining persons. Human decisions (LinkDecision) are read on every run and obeyed.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from vigil.errors import InputError, NotFound
from vigil.linkage.clustering import Decisions
from vigil.linkage.engine import EngineConfig
from vigil.linkage.explain import Explanation, explain
from vigil.linkage.frame import INPUT_COLUMNS, prepare_frame
from vigil.linkage.ids import IdChanges, id_number
from vigil.linkage.persons import person_facts
from vigil.linkage.pipeline import DEFAULT_THRESHOLD, REVIEW_HIGH, REVIEW_LOW, link
from vigil.security.spreadsheet import safe_dict, safe_row
from vigil.services import rekeying
from vigil.store import Store
from vigil.store.models import (
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

_RECORD_COLUMNS = (
    "id",
    "source_id",
    "source_record_id",
    "name_raw",
    # what linkage compares; "unique_id", "source" and "group" come from the query below
    *(c for c in INPUT_COLUMNS if c not in ("unique_id", "source", "group")),
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


def load_records(session: Session) -> pd.DataFrame:
    """Every source record's linkage columns, with source name and independence group."""
    cols = [getattr(SourceRecord, c) for c in _RECORD_COLUMNS]
    stmt = (
        select(*cols, Source.name.label("source"), Source.independence_group.label("group"))
        .join(Source, Source.id == SourceRecord.source_id)
        .order_by(SourceRecord.id)
    )
    # Streamed as plain tuples: buffered rows or a dict per row would double the peak at a
    # million records.
    rows = [tuple(r) for r in session.execute(stmt.execution_options(yield_per=50_000))]
    return pd.DataFrame(rows, columns=[*_RECORD_COLUMNS, "source", "group"])


def load_decisions(session: Session) -> Decisions:
    rows = session.execute(
        select(LinkDecision.record_a, LinkDecision.record_b, LinkDecision.decision)
    ).all()
    return Decisions.of(
        confirmed=[(a, b) for a, b, d in rows if d == "confirm"],
        separated=[(a, b) for a, b, d in rows if d == "separate"],
    )


def _next_number(session: Session) -> int:
    ids = session.execute(select(Person.id)).scalars().all()
    return max((id_number(i) for i in ids), default=0) + 1


def run_linkage(
    store: Store,
    *,
    engine: str = "duckdb",
    threshold: float | None = None,
    actor: str = "system",
    progress: Progress | None = None,
    config: EngineConfig | None = None,
) -> LinkReport:
    """Link every record in the store into persons; returns what changed."""
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold < 1.0:
        raise InputError(f"--threshold must be between 0 and 1 (exclusive), not {threshold}")
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    say("loading records")
    key_notes: list[str] = []
    with store.session() as s:
        records = load_records(s)
        decisions = load_decisions(s)
        next_number = _next_number(s)
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
    frame = prepare_frame(records.rename(columns={"id": "unique_id"}))
    previous = {
        int(r): str(p)
        for r, p in zip(records["id"], records["person_id"], strict=True)
        if p is not None and not pd.isna(p)
    }
    outcome = link(
        frame,
        config=config or EngineConfig(engine=engine),
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
    summary: dict[str, Any] = {
        "records": len(records),
        "persons": len(outcome.clusters),
        "pairs_scored": len(pairs),
        "pairs_kept": len(kept),
        "decisions": {
            "confirmed": len(decisions.confirmed),
            "separated": len(decisions.separated),
        },
        "changes": outcome.changes.as_dict(),
        "notes": key_notes + outcome.notes,
    }
    with store.session() as s:
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
    )


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
    """Record that records `a` and `b` are one person ("confirm") or not ("separate").

    A later decision on the same pair replaces the earlier one. Returns the record ids.
    """
    if decision not in ("confirm", "separate"):
        raise InputError(f"decision must be 'confirm' or 'separate', not {decision!r}")
    with store.session() as s:
        ra, rb = sorted((resolve_record(s, a), resolve_record(s, b)))
        if ra == rb:
            raise InputError(f"{a} and {b} are the same record")
        row = s.execute(
            select(LinkDecision).where(LinkDecision.record_a == ra, LinkDecision.record_b == rb)
        ).scalar_one_or_none()
        if row is None:
            s.add(
                LinkDecision(
                    record_a=ra, record_b=rb, decision=decision, note=note, created_by=actor
                )
            )
        else:
            row.decision = decision
            row.note = note
    return ra, rb


# ---------------------------------------------------------------- review and explanation


@dataclass
class PairView:
    record_l: int
    record_r: int
    probability: float
    explanation: Explanation
    left: dict[str, Any]
    right: dict[str, Any]


def latest_run(session: Session) -> LinkRun:
    run = session.execute(select(LinkRun).order_by(LinkRun.id.desc()).limit(1)).scalar_one_or_none()
    if run is None:
        raise NotFound("no linkage run yet; run `vigil link` first")
    return run


_SHOWN = (
    "source",
    "source_record_id",
    "name_raw",
    "father_name",
    "sex",
    "age",
    "date_start",
    "date_end",
    "province_code",
    "city_id",
    "violation",
    "person_id",
)


def _record_views(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    cols = [getattr(SourceRecord, c) for c in _SHOWN if c != "source"]
    rows = session.execute(
        select(SourceRecord.id, Source.name.label("source"), *cols)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.id.in_(ids))
    ).mappings()
    return {int(r["id"]): dict(r) for r in rows}


def _pair_views(session: Session, run: LinkRun, pairs: Sequence[LinkPair]) -> list[PairView]:
    views = _record_views(session, [p.record_l for p in pairs] + [p.record_r for p in pairs])
    return [
        PairView(
            p.record_l,
            p.record_r,
            p.match_probability,
            explain(run.model, p.explanation.get("gamma", {}), p.match_weight, p.match_probability),
            views.get(p.record_l, {}),
            views.get(p.record_r, {}),
        )
        for p in pairs
    ]


def uncertain_pairs(store: Store, limit: int = 20) -> list[PairView]:
    """Undecided pairs nearest the threshold first: the ones a reviewer should look at."""
    with store.session() as s:
        run = latest_run(s)
        decided = {
            (a, b) for a, b in s.execute(select(LinkDecision.record_a, LinkDecision.record_b))
        }
        stmt = (
            select(LinkPair)
            .where(
                LinkPair.run_id == run.id,
                LinkPair.match_probability >= REVIEW_LOW,
                LinkPair.match_probability < REVIEW_HIGH,
            )
            .order_by(func.abs(LinkPair.match_probability - run.threshold), LinkPair.id)
        )
        chosen: list[LinkPair] = []
        for p in s.execute(stmt).scalars():
            if (min(p.record_l, p.record_r), max(p.record_l, p.record_r)) in decided:
                continue
            chosen.append(p)
            if len(chosen) >= limit:
                break
        return _pair_views(s, run, chosen)


@dataclass
class PersonView:
    person: Person
    records: list[dict[str, Any]]
    links: list[PairView]  # stored pairs between this person's records, strongest first


def person_view(store: Store, person_id: str) -> PersonView:
    with store.session() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound(f"no person {person_id!r}")
        ids = (
            s.execute(select(SourceRecord.id).where(SourceRecord.person_id == person_id))
            .scalars()
            .all()
        )
        views = _record_views(s, ids)
        links: list[PairView] = []
        if len(ids) > 1:
            run = latest_run(s)
            pairs = (
                s.execute(
                    select(LinkPair)
                    .where(LinkPair.record_l.in_(ids), LinkPair.record_r.in_(ids))
                    .order_by(LinkPair.match_probability.desc())
                )
                .scalars()
                .all()
            )
            links = _pair_views(s, run, pairs)
        s.expunge(person)
        return PersonView(person, [views[i] for i in sorted(views)], links)


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
        out = []
        for p in persons:
            row = {k: getattr(p, k) for k in PERSON_FIELDS}
            row["n_records"] = counts.get(p.id, 0)
            for k in ("date_start", "date_end"):
                row[k] = row[k].isoformat() if row[k] is not None else None
            out.append(row)
    return out


def export_persons(store: Store, path: Path) -> int:
    """Active persons as CSV or JSON (by the file's suffix)."""
    rows = person_rows(store)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=[*PERSON_FIELDS, "n_records"])
            w.writeheader()
            w.writerows(safe_dict(row) for row in rows)
    else:
        raise InputError(
            f"{path}: export persons writes .csv or .json, not {suffix or 'no suffix'}"
        )
    return len(rows)
