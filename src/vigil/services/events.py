"""Named events (crackdowns) in one store, and which persons belong to each.

One store may hold several crackdowns (December 2017 to January 2018, November 2019,
2022, the 1988 executions). Each is an `Event` with a slug and a date range; a scope
(`Scope.event`) names one. Membership, decided once here for every person:

* a person one of whose records names an event (import column ``event``, by slug or name)
  belongs to the events their records name, whatever their dates;
* a person none of whose records names an event belongs to every event whose date range
  their date interval overlaps (an undated person belongs to none).

Adding an event is audited (the `events` table is checked by `vigil audit verify`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.orm import Session

from vigil.errors import InputError, InvalidValue, NotFound
from vigil.services import audit
from vigil.store import Store
from vigil.store.db import plain_rows
from vigil.store.models import Event, ImportBatch, Person, SourceRecord

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


@dataclass(frozen=True)
class EventInfo:
    slug: str
    name: str
    date_start: dt.date
    date_end: dt.date
    description: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "date_start": self.date_start.isoformat(),
            "date_end": self.date_end.isoformat(),
            "description": self.description,
        }

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        if start is None:
            return False
        return start <= self.date_end and (end or start) >= self.date_start


def _info(e: Event) -> EventInfo:
    return EventInfo(e.slug, e.name, e.date_start, e.date_end, e.description)


def check_event(slug: str, name: str, date_start: Any, date_end: Any) -> EventInfo:
    """A valid event from loose input, or InvalidValue naming the problem."""
    if not SLUG.match(slug or ""):
        raise InvalidValue(
            f"event slug {slug!r}: use lower-case letters, digits, '-' or '_' (at most 60)"
        )
    if not str(name or "").strip():
        raise InvalidValue(f"event {slug}: the name must not be empty")
    days = []
    for label, value in (("--from", date_start), ("--to", date_end)):
        if isinstance(value, dt.date):
            days.append(value)
            continue
        try:
            days.append(dt.date.fromisoformat(str(value)))
        except ValueError:
            raise InvalidValue(
                f"event {slug}: {label} {value!r} is not a date (YYYY-MM-DD)"
            ) from None
    if days[0] > days[1]:
        raise InvalidValue(f"event {slug}: starts {days[0]}, after its end {days[1]}")
    return EventInfo(slug, str(name).strip(), days[0], days[1])


def add_event(
    store: Store,
    slug: str,
    name: str,
    date_start: Any,
    date_end: Any,
    *,
    description: str | None = None,
    actor: str = "system",
) -> EventInfo:
    """Register one event (audited); InputError if the slug is taken."""
    info = check_event(slug, name, date_start, date_end)
    with store.session() as s:
        audit.bind_actor(s, actor)
        if s.scalar(select(Event.id).where(Event.slug == info.slug)) is not None:
            raise InputError(f"event {info.slug!r} already exists")
        row = Event(
            slug=info.slug,
            name=info.name,
            date_start=info.date_start,
            date_end=info.date_end,
            description=description,
            created_by=actor,
        )
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", row)
    return EventInfo(info.slug, info.name, info.date_start, info.date_end, description)


def list_events(session: Session) -> list[EventInfo]:
    return [_info(e) for e in session.scalars(select(Event).order_by(Event.date_start, Event.id))]


def get_event(session: Session, slug: str) -> EventInfo:
    row = session.scalar(select(Event).where(Event.slug == slug))
    if row is None:
        known = ", ".join(e.slug for e in list_events(session)) or "none registered"
        raise NotFound(f"no event {slug!r} (events: {known}; see `vigil event add`)")
    return _info(row)


def check_scope(session: Session, scope: Any) -> None:
    """NotFound if a scope names an event the store does not hold."""
    if getattr(scope, "event", None):
        get_event(session, scope.event)


def _named_event(raw: Mapping[str, Any], mapping: Mapping[str, Any] | None) -> str | None:
    """The event a record names, from its verbatim row (the mapped or the `event` column)."""
    header = ((mapping or {}).get("columns") or {}).get("event")
    if header is None:
        header = next((k for k in raw if str(k).strip().lower() == "event"), None)
    value = raw.get(header) if header is not None else None
    text = str(value).strip() if value is not None else ""
    return text or None


def resolve_event_name(text: str, events: Iterable[EventInfo]) -> str | None:
    """The slug of the event a record names (by slug or by name, any case), else None."""
    t = text.strip().lower()
    for e in events:
        if t in (e.slug, e.name.lower()):
            return e.slug
    return None


def event_membership(
    named: Iterable[str],
    start: dt.date | None,
    end: dt.date | None,
    events: Iterable[EventInfo],
) -> frozenset[str]:
    """The events of one person (the one rule, see the module docstring): those its
    records name (`named`, slugs) if any, else those its date interval overlaps. Pure:
    the main scope (`person_events`) and the linkage variants both use it."""
    slugs = frozenset(named)
    if slugs:
        return slugs
    return frozenset(e.slug for e in events if e.overlaps(start, end))


def _may_name_an_event(mappings: Mapping[int, Mapping[str, Any] | None]) -> Any:
    """SQL condition true for every record that may name an event (`_named_event`): those of
    an import mapping an event column, and those whose verbatim row holds "event" in any
    case (a key "Event" or " EVENT " does; JSON never escapes these letters). Decoding every
    record's row takes seconds on a large store; few rows name an event."""
    mapped = [
        i for i, m in mappings.items() if ((m or {}).get("columns") or {}).get("event") is not None
    ]
    text = func.lower(cast(SourceRecord.raw, Text))
    return or_(text.contains("event"), SourceRecord.import_id.in_(mapped))


def record_named_events(
    session: Session, events: Iterable[EventInfo], *, linked_only: bool = False
) -> dict[int, tuple[str | None, str]]:
    """record id -> (its person id, the slug of the event it names), for every record
    naming an event the store holds (one naming an unknown event is left out)."""
    known = list(events)
    if not known:
        return {}
    mappings = {i: m for i, m in session.execute(select(ImportBatch.id, ImportBatch.mapping))}
    q = select(
        SourceRecord.id, SourceRecord.person_id, SourceRecord.raw, SourceRecord.import_id
    ).where(_may_name_an_event(mappings))
    if linked_only:
        q = q.where(SourceRecord.person_id.is_not(None))
    out: dict[int, tuple[str | None, str]] = {}
    for rid, pid, raw, import_id in plain_rows(session, q):
        if not isinstance(raw, dict):
            continue
        text = _named_event(raw, mappings.get(import_id))
        slug = resolve_event_name(text, known) if text else None
        if slug is not None:
            out[int(rid)] = (pid, slug)
    return out


def person_events(
    session: Session, dates: Mapping[str, tuple[dt.date | None, dt.date | None]]
) -> dict[str, frozenset[str]]:
    """Event slugs of each person of `dates` (person id -> date interval), by the rules of
    the module docstring (`event_membership`). A record naming an event the store does
    not know is ignored."""
    events = list_events(session)
    if not events:
        return {}
    named: dict[str, set[str]] = defaultdict(set)
    for pid, slug in record_named_events(session, events, linked_only=True).values():
        if pid is not None:
            named[pid].add(slug)
    return {
        pid: event_membership(named.get(pid, ()), start, end, events)
        for pid, (start, end) in dates.items()
    }


def unlinked_in_event(session: Session, slug: str) -> int:
    """Records not yet linked to a person that belong to event `slug`, by the person rules
    applied to the record alone (it names the event, or names none and its dates overlap)."""
    events = list_events(session)
    event = next((e for e in events if e.slug == slug), None)
    if event is None:
        return 0
    mappings = {i: m for i, m in session.execute(select(ImportBatch.id, ImportBatch.mapping))}
    n = 0
    for raw, import_id, start, end in session.execute(
        select(
            SourceRecord.raw, SourceRecord.import_id, SourceRecord.date_start, SourceRecord.date_end
        ).where(SourceRecord.person_id.is_(None))
    ):
        named = _record_event(raw, mappings.get(import_id), events)
        n += named == slug if named is not None else event.overlaps(start, end)
    return n


def _record_event(
    raw: Any, mapping: Mapping[str, Any] | None, events: list[EventInfo]
) -> str | None:
    """The slug of the known event a record's verbatim row names, else None."""
    text = _named_event(raw, mapping) if isinstance(raw, dict) else None
    return resolve_event_name(text, events) if text else None


def records_in_event(session: Session, slug: str, record_ids: Iterable[int]) -> set[int]:
    """Those of `record_ids` that belong to event `slug`: a linked record when its (active)
    person does (`event_membership` over all the person's records and the person's dates,
    as `person_events` decides), a record not yet linked by the same rule applied to the
    record alone (as `unlinked_in_event`). Reads only these records and their persons."""
    events = list_events(session)
    if not any(e.slug == slug for e in events):
        return set()
    ids = sorted(set(record_ids))
    mappings = {i: m for i, m in session.execute(select(ImportBatch.id, ImportBatch.mapping))}
    inside: set[int] = set()
    persons: dict[str, list[int]] = defaultdict(list)  # person id -> the records asked about
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for rid, pid, raw, import_id, start, end in session.execute(
            select(
                SourceRecord.id,
                SourceRecord.person_id,
                SourceRecord.raw,
                SourceRecord.import_id,
                SourceRecord.date_start,
                SourceRecord.date_end,
            ).where(SourceRecord.id.in_(chunk))
        ):
            if pid is not None:
                persons[pid].append(int(rid))
                continue
            named = _record_event(raw, mappings.get(import_id), events)
            if slug in event_membership([named] if named else [], start, end, events):
                inside.add(int(rid))
    pids = sorted(persons)
    for chunk_p in (pids[i : i + 500] for i in range(0, len(pids), 500)):
        named_by: dict[str, set[str]] = defaultdict(set)
        for pid, raw, import_id in session.execute(
            select(SourceRecord.person_id, SourceRecord.raw, SourceRecord.import_id).where(
                SourceRecord.person_id.in_(chunk_p)
            )
        ):
            named = _record_event(raw, mappings.get(import_id), events)
            if named is not None:
                named_by[pid].add(named)
        for pid, start, end in session.execute(
            select(Person.id, Person.date_start, Person.date_end).where(
                Person.id.in_(chunk_p), Person.active.is_(True)
            )
        ):
            if slug in event_membership(named_by.get(pid, ()), start, end, events):
                inside.update(persons[pid])
    return inside


def unknown_named_events(session: Session, texts: Iterable[tuple[int, str]]) -> list[str]:
    """Problems for records naming an event the store does not know: "line N: ..."."""
    events = list_events(session)
    out = []
    for line, text in texts:
        if resolve_event_name(text, events) is None:
            known = ", ".join(e.slug for e in events) or "none registered"
            out.append(f"line {line}: event {text!r} is not registered (events: {known})")
    return out


def event_names(session: Session) -> dict[str, str]:
    """slug -> name, for describing scopes."""
    return {e.slug: e.name for e in list_events(session)}
