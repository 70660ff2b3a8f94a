"""The act columns of an input row, read into one `ReportedAct` (pure; no store).

A row may say how a violation was done (method, weapon, wound), by whom (perpetrator, and
who said so), where (place kind, facility), and what followed (arrest, release, death in
custody, medical care denied, sentence, charges, court, execution, burial). Terms go
through `vigil.normalize.acts`: a term no vocabulary (nor the mapping's own ``terms:``)
knows is kept raw and listed in `unknown_terms`, never dropped and never an error. A date
that is not a date is an error of the row, as the main date is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from vigil.domain import PartialDate
from vigil.errors import InvalidValue
from vigil.normalize.acts import (
    Term,
    Terms,
    parse_charges,
    parse_flag,
    parse_sentence,
    parse_terms,
    weapon_for_method,
)

# Standard columns about the act; the first ten are the ones the issue names.
ACT_COLUMNS: tuple[str, ...] = (
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "facility",
    "arrest_date",
    "release_date",
    "sentence",
    "charges",
    "perpetrator_by",
    "arrest_place",
    "died_in_custody",
    "care_denied",
    "court",
    "court_branch",
    "sentence_date",
    "execution_date",
    "execution_place",
    "burial",
)
# Columns whose terms a mapping file may name (``terms: {perpetrator: {"...": police}}``).
TERM_FIELDS: tuple[str, ...] = (
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "sentence",
    "charges",
    "burial",
)
ACT_LIMITS: Mapping[str, int] = {
    **dict.fromkeys(
        ("method", "weapon", "wound", "perpetrator", "place_kind", "sentence", "charges"), 500
    ),
    "arrest_place": 500,
    "facility": 300,
    "court": 300,
    "execution_place": 300,
    "perpetrator_by": 200,
    "court_branch": 100,
    **dict.fromkeys(("arrest_date", "release_date", "sentence_date", "execution_date"), 100),
    **dict.fromkeys(("died_in_custody", "care_denied", "burial"), 100),
}
# The ``acts`` columns each input column fills: blanked when that input field is marked
# sensitive (its words then live only sealed, in the record).
STORED_FROM: Mapping[str, tuple[str, ...]] = {
    "method": ("method", "method_also", "method_raw"),
    "weapon": ("weapon", "weapon_raw"),
    "wound": ("wound", "wound_also", "wound_raw"),
    "perpetrator": ("perpetrator", "perpetrator_also", "perpetrator_raw"),
    "perpetrator_by": ("perpetrator_by",),
    "place_kind": ("place_kind", "place_kind_raw"),
    "facility": ("facility",),
    "arrest_date": ("arrest_date",),
    "arrest_place": ("arrest_place_kind",),
    "release_date": ("release_date",),
    "died_in_custody": ("died_in_custody",),
    "care_denied": ("care_denied",),
    "sentence": ("sentence_kind", "sentence_years", "sentence_raw"),
    "charges": ("charges", "charges_raw"),
    "court": ("court",),
    "court_branch": ("court_branch",),
    "sentence_date": ("sentence_date",),
    "execution_date": ("execution_date",),
    "execution_place": ("execution_place",),
    "burial": ("burial",),
}
_DATES = ("arrest_date", "release_date", "sentence_date", "execution_date")


@dataclass(frozen=True)
class ReportedAct:
    """The act columns of one record (the ``acts`` table's, without ids and stamps)."""

    method: str | None = None
    method_raw: str | None = None
    method_also: list[str] | None = None  # the codes named after the first, in order
    weapon: str | None = None
    weapon_raw: str | None = None
    wound: str | None = None
    wound_raw: str | None = None
    wound_also: list[str] | None = None
    perpetrator: str | None = None
    perpetrator_raw: str | None = None
    perpetrator_also: list[str] | None = None
    perpetrator_by: str | None = None
    place_kind: str | None = None
    place_kind_raw: str | None = None
    facility: str | None = None
    arrest_date: dt.date | None = None
    arrest_place_kind: str | None = None
    release_date: dt.date | None = None
    died_in_custody: bool | None = None
    care_denied: bool | None = None
    sentence_kind: str | None = None
    sentence_years: float | None = None
    sentence_raw: str | None = None
    charges: list[str] | None = None
    charges_raw: str | None = None
    court: str | None = None
    court_branch: str | None = None
    sentence_date: dt.date | None = None
    execution_date: dt.date | None = None
    execution_place: str | None = None
    burial: str | None = None
    unknown_terms: list[dict[str, str]] | None = field(default=None)

    def row(self) -> dict[str, Any]:
        """The ``acts`` columns (without record_id and stamps); a shallow copy (asdict's
        deep copy cost more than the rest of the import's act work)."""
        return {name: getattr(self, name) for name in _FIELD_NAMES}


_FIELD_NAMES = tuple(f.name for f in fields(ReportedAct))


def _flag(value: Term) -> bool | None:
    return None if value.code is None else value.code == "true"


def read_act(
    get: Callable[[str], str | None],
    *,
    terms: Mapping[str, Mapping[str, str]] | None = None,
    parse_date: Callable[[str], PartialDate | None],
) -> tuple[ReportedAct | None, list[tuple[str, str, str]]]:
    """(the act a row reports, or None when it reports none; errors as (column, value,
    reason)). `get(std)` gives a standard column's text (None when absent or empty);
    `terms`: a mapping file's own terms per field; `parse_date` reads a date cell."""
    terms = terms or {}
    values = {c: get(c) for c in ACT_COLUMNS}
    if not any(values.values()):
        return None, []
    errors: list[tuple[str, str, str]] = []
    unknown: list[dict[str, str]] = []

    def term(std: str, column: str | None = None) -> Terms:
        t = parse_terms(std, values[column or std], terms.get(std))
        if t.flagged and t.raw is not None:
            # Nothing understood: the words as a whole; else each part naming nothing.
            for part in t.unknown if t.codes else (t.raw,):
                unknown.append({"field": column or std, "raw": part})
        return t

    def date(std: str) -> dt.date | None:
        text = values[std]
        if text is None:
            return None
        try:
            parsed = parse_date(text)
        except InvalidValue as e:
            errors.append((std, text, str(e)))
            return None
        return parsed.start if parsed else None

    def flag(std: str) -> bool | None:
        t = parse_flag(values[std])
        if t.flagged and t.raw is not None:
            unknown.append({"field": std, "raw": t.raw})
        return _flag(t)

    method = term("method")
    weapon: Term = weapon_for_method(method.codes, term("weapon").first())
    wound = term("wound")
    perpetrator = term("perpetrator")
    place = term("place_kind")
    arrest_place = term("place_kind", "arrest_place")
    burial = term("burial")
    sentence = parse_sentence(values["sentence"], terms.get("sentence"))
    if sentence.flagged and sentence.raw is not None:
        unknown.append({"field": "sentence", "raw": sentence.raw})
    charges = parse_charges(values["charges"], terms.get("charges"))
    if charges.flagged and charges.raw is not None:
        unknown.append({"field": "charges", "raw": charges.raw})
    act = ReportedAct(
        method=method.code,
        method_raw=method.raw,
        method_also=method.also,
        weapon=weapon.code,
        weapon_raw=weapon.raw,
        wound=wound.code,
        wound_raw=wound.raw,
        wound_also=wound.also,
        perpetrator=perpetrator.code,
        perpetrator_raw=perpetrator.raw,
        perpetrator_also=perpetrator.also,
        perpetrator_by=values["perpetrator_by"],
        place_kind=place.code,
        place_kind_raw=place.raw,
        facility=values["facility"],
        arrest_date=date("arrest_date"),
        arrest_place_kind=arrest_place.code,
        release_date=date("release_date"),
        died_in_custody=flag("died_in_custody"),
        care_denied=flag("care_denied"),
        sentence_kind=sentence.kind,
        sentence_years=sentence.years,
        sentence_raw=sentence.raw,
        charges=charges.codes or None,
        charges_raw=charges.raw,
        court=values["court"],
        court_branch=values["court_branch"],
        sentence_date=date("sentence_date"),
        execution_date=date("execution_date"),
        execution_place=values["execution_place"],
        burial=burial.code,
        unknown_terms=unknown or None,
    )
    return act, errors
