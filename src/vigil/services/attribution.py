"""Attribution: who did what, how and where, as shares of the documented victims.

`person_attributes` reads, for every linked person, the codes their records give for each
field of `vigil.statement.attributes` (from the coded acts, `services.acts`); `person_rows`
(`services.capture`) carries them, so `--where` scopes and the shares of
`services.figures.scope_shares` see the same values.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Text, cast, select
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
    from vigil.domain.acts import ALSO, records_differ
    from vigil.services.acts import codes_of
    from vigil.store.db import plain_rows
    from vigil.store.models import Act, Person, SourceRecord

    # One read of every act of an active person, in record order (each field's codes as
    # `services.acts.record_codes` gives them, the custody codes as `custody_codes`). The
    # lists of further codes come as JSON text, decoded only where the field has a value.
    coded = [(f, ACT_COLUMNS[f]) for f in FIELDS if f != "custody"]
    also = {c: i for i, c in enumerate(ALSO[c] for _, c in coded if c in ALSO)}
    custody_columns = (Act.arrest_place_kind, Act.died_in_custody, Act.care_denied)
    rows = plain_rows(
        session,
        select(
            SourceRecord.person_id,
            *(getattr(Act, c) for _, c in coded),
            *(cast(getattr(Act, c), Text) for c in also),
            *custody_columns,
            Act.release_date.is_not(None),
        )
        .join(Act, Act.record_id == SourceRecord.id)
        .join(Person, Person.id == SourceRecord.person_id)
        .where(Person.active.is_(True))
        .order_by(SourceRecord.id),
    ).all()
    first_also = 1 + len(coded)
    per_record: dict[str, dict[str, list[frozenset[str]]]] = {
        f: defaultdict(list) for f, _ in coded
    }
    custody: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        pid = str(row[0])
        for i, (field, column) in enumerate(coded):
            value = row[1 + i]
            if value is None:
                continue
            more = row[first_also + also[ALSO[column]]] if column in ALSO else None
            extra = json.loads(more) if more not in (None, "null") else None
            codes = [*codes_of(column, value), *(str(c) for c in extra or ())]
            if codes:
                per_record[field][pid].append(frozenset(codes))
        arrest_place, died, denied, released = row[first_also + len(also) :]
        if arrest_place is not None or died or denied or released:
            custody[pid] |= custody_codes(
                arrest_place_kind=arrest_place,
                died_in_custody=died,
                care_denied=denied,
                released=bool(released),
            )
    out: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    disputes: dict[str, set[str]] = defaultdict(set)
    for field in FIELDS:
        if field == "custody":
            for pid, held in custody.items():
                if held:
                    out[pid][field] = frozenset(held)
            continue
        for pid, sets in per_record[field].items():
            out[pid][field] = frozenset().union(*sets)
            if len(set(sets)) > 1 and records_differ(sets):  # equal sets never differ
                disputes[pid].add(field)
    return dict(out), {pid: frozenset(fs) for pid, fs in disputes.items()}
