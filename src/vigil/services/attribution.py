"""Attribution: who did what, how and where, as shares of the documented victims.

`person_attributes` reads, for every linked person, the codes their records give for each
field of `vigil.statement.attributes` (from the coded acts, `services.acts`); `person_rows`
(`services.capture`) carries them, so `--where` scopes and the shares of
`services.figures.scope_shares` see the same values.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.statement.attributes import FIELDS, custody_codes

# Field of the attribution vocabulary -> coded column of the acts table.
ACT_COLUMNS = {
    "method": "method",
    "weapon": "weapon",
    "wound": "wound",
    "perpetrator": "perpetrator",
    "place_kind": "place_kind",
    "sentence": "sentence_kind",
}


def _custody(session: Session) -> dict[str, set[str]]:
    from vigil.store.models import Act, Person, SourceRecord

    out: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(
            SourceRecord.person_id,
            Act.arrest_place_kind,
            Act.died_in_custody,
            Act.care_denied,
            Act.release_date,
        )
        .join(SourceRecord, SourceRecord.id == Act.record_id)
        .join(Person, Person.id == SourceRecord.person_id)
        .where(Person.active.is_(True))
    )
    for pid, arrest_place, died, denied, released in rows:
        out[str(pid)] |= custody_codes(
            arrest_place_kind=arrest_place,
            died_in_custody=died,
            care_denied=denied,
            released=released is not None,
        )
    return out


def person_attributes(session: Session) -> dict[str, dict[str, frozenset[str]]]:
    """person id -> field -> every code some record of the person gives."""
    return read_attributes(session)[0]


def read_attributes(
    session: Session,
) -> tuple[dict[str, dict[str, frozenset[str]]], dict[str, frozenset[str]]]:
    """(person id -> field -> every code some record gives (each code one text names
    counts); person id -> the fields on which the person's sources differ).

    A person whose one source names "IRGC and Basij" has both codes and no dispute; one
    whose sources say "police" and "IRGC" has both and a dispute (shares report it)."""
    from vigil.domain.acts import records_differ
    from vigil.services.acts import record_codes

    out: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    disputes: dict[str, set[str]] = defaultdict(set)
    for field in FIELDS:
        if field == "custody":
            for pid, custody in _custody(session).items():
                if custody:
                    out[pid][field] = frozenset(custody)
            continue
        per_record: dict[str, list[frozenset[str]]] = defaultdict(list)
        for pid, given in record_codes(session, ACT_COLUMNS[field]):
            per_record[pid].append(given)
        for pid, sets in per_record.items():
            out[pid][field] = frozenset().union(*sets)
            if records_differ(sets):
                disputes[pid].add(field)
    return dict(out), {pid: frozenset(fs) for pid, fs in disputes.items()}
