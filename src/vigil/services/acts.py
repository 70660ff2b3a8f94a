"""A person's acts as each source reports them, side by side, and per-person codes.

Sources disagree (police in one, IRGC in another) and Vigil keeps both, attributed to
their source: nothing is merged into one "true" act. Two readers:

- `person_acts(session, person_id)`: every record of the person that reports an act, and
  per field the values with their source, the source's own words and (for the
  perpetrator) who attributed it, plus the `Agreement` of the sources (agree / differ /
  single / none; "unknown" neither agrees nor differs). The person page, `vigil person
  show` and the grading of contested attribution read it.
- `person_attribute_values(session, field)`: for one act field, the codes each person has
  across its records ({person_id: {code, ...}}): the shares of methods, perpetrators or
  charges among persons are computed from it (`vigil.services.stats`), a person counted
  once per code whatever the number of sources, and once per code one text names
  ("IRGC and Basij"). `disputed_persons` names those whose sources differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain.acts import ALSO, Agreement, agreement, records_differ
from vigil.errors import InputError, NotFound
from vigil.normalize.text import fold
from vigil.store.models import Act, Person, Source, SourceRecord

# The act fields compared between sources, in the order shown.
ACT_FIELDS: tuple[str, ...] = (
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "facility",
    "arrest_date",
    "arrest_place_kind",
    "release_date",
    "died_in_custody",
    "care_denied",
    "sentence_kind",
    "sentence_years",
    "charges",
    "court",
    "court_branch",
    "sentence_date",
    "execution_date",
    "execution_place",
    "burial",
)
# The source's own words beside a code.
RAW_OF: dict[str, str] = {
    "method": "method_raw",
    "weapon": "weapon_raw",
    "wound": "wound_raw",
    "perpetrator": "perpetrator_raw",
    "place_kind": "place_kind_raw",
    "sentence_kind": "sentence_raw",
    "sentence_years": "sentence_raw",
    "charges": "charges_raw",
}
# Free-text fields: compared by their folded text (letter forms, case, spacing aside).
_TEXT = frozenset({"facility", "court", "court_branch", "execution_place"})


@dataclass(frozen=True)
class ReportedValue:
    """One source's value for one field."""

    record_id: int
    source: str
    group: str
    value: Any  # a code, text, date, number, bool, or a list of codes (charges; several
    # methods, wound sites or perpetrators named by one text)
    raw: str | None = None  # the source's own words
    by: str | None = None  # who attributed it (the perpetrator only)


@dataclass(frozen=True)
class FieldAcross:
    """One act field across a person's sources."""

    field: str
    agreement: Agreement
    values: list[ReportedValue]


@dataclass
class PersonActs:
    person_id: str
    acts: list[Act]  # one per record reporting an act, in record order
    fields: dict[str, FieldAcross] = field(default_factory=dict)

    @property
    def contested(self) -> list[str]:
        """The fields on which the person's sources differ."""
        return [f for f, a in self.fields.items() if a.agreement is Agreement.DIFFER]

    def shown(self) -> list[FieldAcross]:
        """The fields some source gave a value for, in `ACT_FIELDS` order."""
        return [a for a in self.fields.values() if a.agreement is not Agreement.NONE]


def compared(name: str, value: Any) -> Any:
    """The form in which two sources' values of field `name` are compared."""
    if value is None:
        return None
    if name in _TEXT and isinstance(value, str):
        return fold(value) or None
    if isinstance(value, list):
        return sorted(value) if value else None
    return value


def record_value(act: Act, name: str) -> Any:
    """A record's value of act field `name`: the code, or every code when the source's
    text named several ("IRGC and Basij" -> ["irgc", "basij"])."""
    value = getattr(act, name)
    also = getattr(act, ALSO[name]) if name in ALSO else None
    return [value, *also] if value is not None and also else value


def across(name: str, values: list[ReportedValue]) -> FieldAcross:
    """A field's values across sources with their agreement (pure)."""
    given = [v for v in values if v.value is not None]
    return FieldAcross(name, agreement([compared(name, v.value) for v in given]), given)


def person_acts(session: Session, person_id: str) -> PersonActs:
    """Every act the person's records report, and each field side by side with its
    agreement (see the module docstring). NotFound for an unknown person."""
    if session.get(Person, person_id) is None:
        raise NotFound(f"no person {person_id!r}")
    rows = session.execute(
        select(Act, Source)
        .join(SourceRecord, SourceRecord.id == Act.record_id)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.person_id == person_id)
        .order_by(SourceRecord.id)
    ).all()
    out = PersonActs(person_id, [a for a, _ in rows])
    for name in ACT_FIELDS:
        values = [
            ReportedValue(
                act.record_id,
                src.name,
                src.independence_group,
                record_value(act, name),
                getattr(act, RAW_OF[name]) if name in RAW_OF else None,
                act.perpetrator_by if name == "perpetrator" else None,
            )
            for act, src in rows
        ]
        out.fields[name] = across(name, values)
    return out


def codes_of(name: str, value: Any) -> Iterable[str]:
    """The codes a stored value stands for: each charge, "true"/"false", ISO dates."""
    if value is None:
        return ()
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, float):
        return [f"{value:g}"]
    return [str(value)]


def record_codes(session: Session, field: str) -> list[tuple[str, frozenset[str]]]:
    """(person id, the codes one record gives for act `field`) for every record of an
    active person that gives any, in record order (several when its text named several)."""
    if field not in ACT_FIELDS:
        raise InputError(f"{field!r} is not an act field (one of: {', '.join(ACT_FIELDS)})")
    column = getattr(Act, field)
    also = getattr(Act, ALSO[field]) if field in ALSO else None
    out: list[tuple[str, frozenset[str]]] = []
    for row in session.execute(
        select(SourceRecord.person_id, column, *(() if also is None else (also,)))
        .join(Act, Act.record_id == SourceRecord.id)
        .join(Person, Person.id == SourceRecord.person_id)
        .where(Person.active.is_(True), column.is_not(None))
        .order_by(SourceRecord.id)
    ):
        extra = row[2] if also is not None else None
        codes = [*codes_of(field, row[1]), *(str(c) for c in extra or ())]
        if codes:
            out.append((str(row[0]), frozenset(codes)))
    return out


def person_attribute_values(session: Session, field: str) -> dict[str, set[str]]:
    """{person_id: the codes its records give for act `field`} over active persons.

    Every code a record names counts ("IRGC and Basij": both). Persons with no value for
    the field are absent. "unknown" is kept as reported (a share of unknowns is a figure
    too). InputError for a field that is not an act field.
    """
    out: dict[str, set[str]] = {}
    for pid, codes in record_codes(session, field):
        out.setdefault(pid, set()).update(codes)
    return out


def disputed_persons(session: Session, field: str) -> set[str]:
    """Active persons whose sources differ on act `field`: two records giving different
    sets of codes ("police" against "irgc"; "irgc" against "irgc and basij"). One record
    naming several codes is no dispute; "unknown" differs from nothing."""
    by_person: dict[str, list[frozenset[str]]] = {}
    for pid, codes in record_codes(session, field):
        by_person.setdefault(pid, []).append(codes)
    return {pid for pid, sets in by_person.items() if records_differ(sets)}


# Act columns of the exports: codes of every source joined by ";" (disagreement stays
# visible), and `acts_differ`, the fields on which the person's sources differ.
PUBLIC_ACT_COLUMNS: tuple[str, ...] = (
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "sentence_kind",
    "charges",
    "burial",
    "acts_differ",
)
INTERNAL_ACT_COLUMNS: tuple[str, ...] = (
    *PUBLIC_ACT_COLUMNS[:-1],
    "facility",
    "arrest_date",
    "release_date",
    "execution_date",
    PUBLIC_ACT_COLUMNS[-1],
)
# Fields compared for `acts_differ` (codes; free text differs by spelling alone).
_DIFFER_FIELDS = ("method", "weapon", "wound", "perpetrator", "place_kind", "sentence_kind")


def person_act_columns(
    session: Session, columns: tuple[str, ...] = PUBLIC_ACT_COLUMNS
) -> dict[str, dict[str, str]]:
    """{person_id: {column: "code;code"}} for the export `columns`, over active persons
    with any act; `acts_differ` names the fields whose sources differ ("perpetrator")."""
    out: dict[str, dict[str, str]] = {}
    for name in columns:
        if name == "acts_differ":
            continue
        for pid, codes in person_attribute_values(session, name).items():
            out.setdefault(pid, {})[name] = ";".join(sorted(codes))
    if "acts_differ" in columns:
        differ: dict[str, list[str]] = {}
        for name in _DIFFER_FIELDS:
            for pid in sorted(disputed_persons(session, name)):
                differ.setdefault(pid, []).append(name)
        for pid, names in differ.items():
            out.setdefault(pid, {})["acts_differ"] = ";".join(names)
    return out
