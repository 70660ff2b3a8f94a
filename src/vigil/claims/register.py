"""Validated claim input: one claim from the command line or many from a YAML file.

A claim states a figure (optionally a range) about a scope in words, with a citation; a
machine-readable `scope` filter says which documented victims it is compared with (by
default every death). Every mistake names the file, the claim and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vigil.errors import InputError, InvalidValue
from vigil.statement.settings import Scope

KINDS = ("official", "ngo", "opposition", "media", "un")


@dataclass(frozen=True)
class ClaimInput:
    actor: str
    figure: int
    date: dt.date
    scope: str
    citation: str
    kind: str = "media"
    figure_min: int | None = None
    figure_max: int | None = None
    scope_filter: Scope | None = None

    def __post_init__(self) -> None:
        for name in ("actor", "scope", "citation"):
            if not str(getattr(self, name)).strip():
                raise InvalidValue(f"claim: {name} must not be empty")
        if self.kind not in KINDS:
            raise InvalidValue(f"claim by {self.actor}: kind {self.kind!r}; use one of {KINDS}")
        for name in ("figure", "figure_min", "figure_max"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                raise InvalidValue(f"claim by {self.actor}: {name} must be a whole number >= 0")
        if (self.figure_min is None) != (self.figure_max is None):
            raise InvalidValue(f"claim by {self.actor}: give both --min and --max, or neither")
        if (
            self.figure_min is not None
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


_KEYS = {"actor", "kind", "figure", "min", "max", "date", "scope", "citation", "filter"}


def parse_claim(doc: Any, where: str) -> ClaimInput:
    """One claim from a YAML mapping (keys: actor, kind, figure, min, max, date, scope,
    citation, filter)."""
    if not isinstance(doc, dict):
        raise InputError(f"{where}: a claim must be a mapping")
    unknown = set(doc) - _KEYS
    if unknown:
        raise InputError(f"{where}: unknown key(s) {sorted(unknown)}; use {sorted(_KEYS)}")
    missing = [k for k in ("actor", "figure", "date", "scope", "citation") if doc.get(k) is None]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}")
    figure = _int(doc["figure"], f"{where}.figure")
    if figure is None:
        raise InputError(f"{where}: figure must be a whole number")
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
            scope_filter=Scope.from_json(doc["filter"], f"{where}.filter")
            if doc.get("filter") is not None
            else None,
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
