"""A reviewer's decision on two records, recorded and applied at once.

The decision is stored as a `LinkDecision` (by record ids, so it survives re-linking, which
reads decisions as hard constraints) and audited. The persons follow it right away, so
pages and counts agree with it before the next linkage run: *confirm* merges the two
persons (the one with more records, then the lower id, keeps its id; the other is marked
inactive), *separate* moves the second record to a person of its own when both were in one.
The web review queue (by pair id, scored and same-letters pairs alike), `vigil link
--confirm/--separate` (by record) and the facade all come here.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.errors import InputError, NotFound
from vigil.linkage.ids import id_number
from vigil.services import audit
from vigil.services.persons import new_person_for, refresh_counts
from vigil.store import counters
from vigil.store.models import LinkDecision, LinkPair, Person, SourceRecord, Violation

DECISIONS = ("confirm", "separate")


def decide_pair(
    s: Session, pair_id: int, decision: str, actor: str, note: str | None = None
) -> str:
    """Decide on stored pair `pair_id` (scored or same letters: one path); returns the
    person id to show.

    A pair is decided once through the queue: a second decision on it (a double click,
    two reviewers on one pair) is refused rather than silently replacing the first;
    `vigil link --confirm/--separate` changes a decision on purpose.
    """
    # Locked first, so two reviewers on one pair follow one another and the second sees
    # the first's decision (SQLite: reads after the lock see the newest state).
    counters.lock_writes(s)
    pair = s.get(LinkPair, pair_id)
    if pair is None:
        raise NotFound(
            f"no review pair {pair_id} (pairs are replaced by every linkage run; reload the queue)"
        )
    a, b = sorted((pair.record_l, pair.record_r))
    done = s.scalar(
        select(LinkDecision).where(LinkDecision.record_a == a, LinkDecision.record_b == b)
    )
    if done is not None:
        other = "separate" if done.decision == "confirm" else "confirm"
        raise InputError(
            f"review pair {pair_id} (records {a} and {b}) was already decided: "
            f"{done.decision}, by {done.created_by}; to change it, "
            f"`vigil link --{other} {a} {b}`"
        )
    return decide(s, pair.record_l, pair.record_r, decision, actor, note)


def decide(
    s: Session, record_l: int, record_r: int, decision: str, actor: str, note: str | None = None
) -> str:
    """Record `decision` on two records and apply it to their persons; returns the person
    id to show (the first record's)."""
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if record_l == record_r:
        raise InputError(f"record {record_l} cannot be decided against itself")
    counters.lock_writes(s)  # one writer of persons at a time (see vigil.store.counters)
    left, right = s.get(SourceRecord, record_l), s.get(SourceRecord, record_r)
    if left is None or right is None:
        raise NotFound(f"no source record {record_l if left is None else record_r}")
    a, b = sorted((record_l, record_r))
    existing = s.scalar(
        select(LinkDecision).where(LinkDecision.record_a == a, LinkDecision.record_b == b)
    )
    if existing is None:
        row = LinkDecision(record_a=a, record_b=b, decision=decision, note=note, created_by=actor)
        s.add(row)
        s.flush()
        audit.record(s, actor, "link_decision", row)
    else:
        before = {"decision": existing.decision}
        existing.decision = decision
        existing.note = note
        audit.record(
            s, actor, "link_decision", "link_decisions", existing.id, before, {"decision": decision}
        )
    if decision == "confirm":
        return _merge(s, left, right, actor)
    return _separate(s, left, right, actor)


def _merge(s: Session, left: SourceRecord, right: SourceRecord, actor: str) -> str:
    lp, rp = left.person_id, right.person_id
    if lp is None and rp is None:
        person = new_person_for(s, left, actor, "one source (joined by review)")
        left.person_id = right.person_id = person.id
        s.flush()
        refresh_counts(s, person)
        return person.id
    if lp is None or rp is None or lp == rp:
        pid = lp or rp or ""
        left.person_id = right.person_id = pid
        s.flush()
        found = s.get(Person, pid)
        if found is not None:
            refresh_counts(s, found)
        return pid
    sizes: dict[str | None, int] = {
        pid: n
        for pid, n in s.execute(
            select(SourceRecord.person_id, func.count())
            .where(SourceRecord.person_id.in_([lp, rp]))
            .group_by(SourceRecord.person_id)
        ).all()
    }
    keep_id, drop_id = sorted((lp, rp), key=lambda p: (-sizes.get(p, 0), id_number(p)))
    for record in s.scalars(select(SourceRecord).where(SourceRecord.person_id == drop_id)):
        record.person_id = keep_id
    for violation in s.scalars(select(Violation).where(Violation.person_id == drop_id)):
        violation.person_id = keep_id
    s.flush()
    keep, drop = s.get(Person, keep_id), s.get(Person, drop_id)
    if keep is not None:
        refresh_counts(s, keep)
    if drop is not None:
        drop.active = False
        refresh_counts(s, drop)
    audit.record(
        s, actor, "merge", "persons", keep_id, {"persons": [keep_id, drop_id]}, {"kept": keep_id}
    )
    return keep_id


def _separate(s: Session, left: SourceRecord, right: SourceRecord, actor: str) -> str:
    if left.person_id is None or left.person_id != right.person_id:
        return left.person_id or right.person_id or ""
    old = s.get(Person, left.person_id)
    person = new_person_for(s, right, actor, "one source (split from a person by review)")
    right.person_id = person.id
    for violation in s.scalars(select(Violation).where(Violation.record_id == right.id)):
        violation.person_id = person.id
    s.flush()
    refresh_counts(s, person)
    if old is not None:
        refresh_counts(s, old)
    audit.record(
        s, actor, "split", "persons", person.id, {"person": left.person_id}, {"new": person.id}
    )
    return left.person_id
