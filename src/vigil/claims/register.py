"""Validated claim input: one claim from the command line or many from a YAML file.

A claim states a figure (optionally a range) about a scope in words, with a citation; a
machine-readable `scope` filter says which documented victims it is compared with (by
default every death). Every mistake names the file, the claim and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from vigil.errors import InputError, InvalidValue
from vigil.statement.attributes import Where, check_where, where_from_json
from vigil.statement.settings import Scope

KINDS = ("official", "ngo", "opposition", "media", "un")


@dataclass(frozen=True)
class ClaimedShare:
    """A claim about a share: `percent` of the scope's victims have one of `values` for
    `field` (e.g. 25% with weapon non_standard)."""

    percent: float
    field: str
    values: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"percent": self.percent, "field": self.field, "values": list(self.values)}

    @classmethod
    def from_json(cls, doc: Any, where: str) -> ClaimedShare:
        if not isinstance(doc, dict) or set(doc) != {"percent", "field", "values"}:
            raise InvalidValue(f"{where}: expected percent, field and values")
        field, values = check_where(str(doc["field"]), list(doc["values"] or ()), where)
        return cls(_percent(doc["percent"], where), field, values)


def _percent(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InvalidValue(f"{where}: {value!r} is not a percentage")
    try:
        p = float(str(value).strip().rstrip("%"))
    except ValueError:
        raise InvalidValue(f"{where}: {value!r} is not a percentage") from None
    if not 0 <= p <= 100:
        raise InvalidValue(f"{where}: a percentage lies between 0 and 100, got {p:g}")
    return p


def share_from_where(percent: Any, conds: Where, where: str = "--percent") -> ClaimedShare:
    """The share a percent claim states: its one `--where` condition says of what."""
    if len(conds) != 1:
        raise InvalidValue(
            f"{where}: a share claim names exactly one attribute with --where "
            "(e.g. --percent 25 --where weapon=non_standard)"
        )
    ((field, values),) = conds
    return ClaimedShare(_percent(percent, where), field, values)


SHARE_KEY = "claimed_share"


def filter_json(scope: Scope | None, share: ClaimedShare | None) -> dict[str, Any] | None:
    """The stored `scope_filter` of a claim: its scope, plus the share it states."""
    if scope is None and share is None:
        return None
    doc = scope.to_json() if scope is not None else {}
    if share is not None:
        doc[SHARE_KEY] = share.to_json()
    return doc


def split_filter(doc: Any, where: str) -> tuple[Scope | None, ClaimedShare | None]:
    """(scope, share) from a stored `scope_filter` (see `filter_json`)."""
    if doc is None:
        return None, None
    if not isinstance(doc, dict):
        raise InvalidValue(f"{where}: expected a mapping, got {type(doc).__name__}")
    rest = {k: v for k, v in doc.items() if k != SHARE_KEY}
    share = (
        ClaimedShare.from_json(doc[SHARE_KEY], f"{where}.{SHARE_KEY}") if SHARE_KEY in doc else None
    )
    return (Scope.from_json(rest, where) if rest else None), share


@dataclass(frozen=True)
class ClaimInput:
    actor: str
    figure: int | None
    date: dt.date
    scope: str
    citation: str
    kind: str = "media"
    figure_min: int | None = None
    figure_max: int | None = None
    scope_filter: Scope | None = None
    share: ClaimedShare | None = None

    def __post_init__(self) -> None:
        for name in ("actor", "scope", "citation"):
            if not str(getattr(self, name)).strip():
                raise InvalidValue(f"claim: {name} must not be empty")
        if self.kind not in KINDS:
            raise InvalidValue(f"claim by {self.actor}: kind {self.kind!r}; use one of {KINDS}")
        if (self.figure is None) == (self.share is None):
            raise InvalidValue(
                f"claim by {self.actor}: give a figure or a percentage (with --where), not "
                + ("both" if self.figure is not None else "neither")
            )
        if self.share is not None and self.figure_min is not None:
            raise InvalidValue(f"claim by {self.actor}: --min/--max apply to figures only")
        for name in ("figure", "figure_min", "figure_max"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                raise InvalidValue(f"claim by {self.actor}: {name} must be a whole number >= 0")
        if (self.figure_min is None) != (self.figure_max is None):
            raise InvalidValue(f"claim by {self.actor}: give both --min and --max, or neither")
        if (
            self.figure is not None
            and self.figure_min is not None
            and self.figure_max is not None
            and not (self.figure_min <= self.figure <= self.figure_max)
        ):
            raise InvalidValue(
                f"claim by {self.actor}: figure {self.figure} is not within "
                f"{self.figure_min}..{self.figure_max}"
            )


def _int(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"{where}: {value!r} is not a whole number")
    if isinstance(value, int):
        return value
    text = str(value).replace(",", "").strip()
    if not text.isdigit():
        raise InvalidValue(f"{where}: {value!r} is not a whole number")
    return int(text)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


_KEYS = {
    "actor",
    "kind",
    "figure",
    "percent",
    "where",
    "min",
    "max",
    "date",
    "scope",
    "citation",
    "filter",
}


def parse_claim(doc: Any, where: str) -> ClaimInput:
    """One claim from a YAML mapping (keys: actor, kind, figure or percent, min, max, date,
    scope, citation, filter, where).

    `where` maps attributes to values (``{weapon: non_standard}``): for a `percent` claim it
    names what the share is of; for a `figure` it restricts the count, as `filter.where`.
    """
    if not isinstance(doc, dict):
        raise InputError(f"{where}: a claim must be a mapping")
    unknown = set(doc) - _KEYS
    if unknown:
        raise InputError(f"{where}: unknown key(s) {sorted(unknown)}; use {sorted(_KEYS)}")
    missing = [k for k in ("actor", "date", "scope", "citation") if doc.get(k) is None]
    if doc.get("figure") is None and doc.get("percent") is None:
        missing.append("figure (or percent)")
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}")
    try:
        figure = _int(doc.get("figure"), f"{where}.figure")
        scope_filter = (
            Scope.from_json(doc["filter"], f"{where}.filter")
            if doc.get("filter") is not None
            else None
        )
        conds = where_from_json(doc.get("where"), f"{where}.where")
        share = None
        if doc.get("percent") is not None:
            share = share_from_where(doc["percent"], conds, f"{where}.percent")
        elif conds:
            base = scope_filter or Scope()
            scope_filter = replace(base, where=tuple(sorted({*base.where, *conds})))
    except InvalidValue as e:
        raise InputError(str(e)) from None
    try:
        return ClaimInput(
            actor=str(doc["actor"]).strip(),
            figure=figure,
            figure_min=_int(doc.get("min"), f"{where}.min"),
            figure_max=_int(doc.get("max"), f"{where}.max"),
            date=_date(doc["date"], f"{where}.date"),
            scope=str(doc["scope"]).strip(),
            citation=str(doc["citation"]).strip(),
            kind=str(doc.get("kind", "media")),
            scope_filter=scope_filter,
            share=share,
        )
    except InvalidValue as e:
        raise InputError(f"{where}: {e}") from None


def parse_claims_file(path: str | Path) -> list[ClaimInput]:
    """Every claim of a YAML file (a list, or a mapping with a `claims` list)."""
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such claims file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: not valid YAML: {e}") from None
    if isinstance(doc, dict):
        doc = doc.get("claims")
    if not isinstance(doc, list) or not doc:
        raise InputError(f"{p}: expected a list of claims (or `claims:` with a list)")
    return [parse_claim(item, f"{p}: claim {i + 1}") for i, item in enumerate(doc)]
