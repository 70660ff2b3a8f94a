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
    # `services.acts.record_codes` gives them, the custody codes as `custody_codes`).
    coded = [(f, ACT_COLUMNS[f]) for f in FIELDS if f != "custody"]
    names = [c for _, c in coded] + [ALSO[c] for _, c in coded if c in ALSO]
    names += ["arrest_place_kind", "died_in_custody", "care_denied", "release_date"]
    rows = plain_rows(
        session,
        select(SourceRecord.person_id, *(getattr(Act, n) for n in names))
        .join(Act, Act.record_id == SourceRecord.id)
        .join(Person, Person.id == SourceRecord.person_id)
        .where(Person.active.is_(True))
        .order_by(SourceRecord.id),
    )
    per_record: dict[str, dict[str, list[frozenset[str]]]] = {
        f: defaultdict(list) for f, _ in coded
    }
    custody: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        pid, act = str(row[0]), dict(zip(names, row[1:], strict=True))
        for field, column in coded:
            value = act[column]
            if value is None:
                continue
            also = act[ALSO[column]] if column in ALSO else None
            codes = [*codes_of(column, value), *(str(c) for c in also or ())]
            if codes:
                per_record[field][pid].append(frozenset(codes))
        custody[pid] |= custody_codes(
            arrest_place_kind=act["arrest_place_kind"],
            died_in_custody=act["died_in_custody"],
            care_denied=act["care_denied"],
            released=act["release_date"] is not None,
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
            if records_differ(sets):
                disputes[pid].add(field)
    return dict(out), {pid: frozenset(fs) for pid, fs in disputes.items()}
