"""Attribution: who did what, how and where, as shares of the documented victims.

`person_attributes` reads, for every linked person, the codes their records give for each
field of `vigil.statement.attributes` (from the coded acts, `services.acts`); `person_rows`
carries them, so `--where` scopes and shares see the same values. `scope_shares` is the use
case behind `vigil stats --by FIELD`, the facade's `stats` and the statement's attribution
section: counts and shares among the persons with the field known, a 95% interval, the
unknown share and the number of persons whose sources disagree (see
`vigil.statement.shares` for the rules).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.statement.attributes import FIELDS, custody_codes
from vigil.statement.settings import Scope
from vigil.statement.shares import FieldShares, IntervalMethod, scope_field_shares

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
    from vigil.services.acts import person_attribute_values

    out: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for field in FIELDS:
        values = (
            _custody(session)
            if field == "custody"
            else person_attribute_values(session, ACT_COLUMNS[field])
        )
        for pid, codes in values.items():
            if codes:
                out[pid][field] = frozenset(codes)
    return dict(out)


@dataclass
class ScopeShares:
    """Shares of several fields for one scope (JSON-ready with `to_json`)."""

    scope: dict[str, Any]
    description: str
    fields: dict[str, FieldShares]

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "description": self.description,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
        }


def scope_shares(
    session: Session,
    scope: Scope | None = None,
    fields: tuple[str, ...] | list[str] = FIELDS,
    *,
    level: float = 0.95,
    method: IntervalMethod = "wilson",
) -> ScopeShares:
    """Shares of each field among the documented persons of a scope (default: deaths)."""
    from vigil.services.capture import person_rows
    from vigil.services.events import check_scope, event_names

    scope = scope or Scope()
    check_scope(session, scope)
    rows = person_rows(session)
    return ScopeShares(
        scope.to_json(),
        scope.describe(event_names=event_names(session)),
        {f: scope_field_shares(rows, scope, f, level=level, method=method) for f in fields},
    )
