"""What a statement (or a claim) is about, and how its estimate is made.

Both are recorded in the statement's MANIFEST, so a verifier recomputes every figure for
the same scope with the same estimator settings and gets the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from vigil.domain import ViolationType
from vigil.errors import InvalidValue
from vigil.statement.attributes import Where, describe_where, where_from_json

DEATH_TYPES: tuple[str, ...] = tuple(sorted(v.value for v in ViolationType if v.is_death))
METHODS = ("lcmcr", "dga", "loglinear", "chao", "none")
SCOPE_KEYS = frozenset({"date_from", "date_to", "provinces", "violations", "event", "where"})


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{where}: {value!r} is not a date (use YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Scope:
    """A date range, provinces (GeoNames admin1 codes), violation types, an event and
    attribute conditions.

    The default is every death (killed, died in custody, executed) anywhere, at any time.
    A person is in scope when one of their reported violations is of a scope type, their
    date interval overlaps the range (undated people are out of a dated scope), their
    province is one of the scope's (people without a province are out of a province scope),
    they belong to the scope's event (see `vigil.services.events`) and some record gives
    them one of the values of every `where` condition (`vigil.statement.attributes`).
    One scope object serves estimate, stats, claims, the statement and the dashboard.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    provinces: tuple[str, ...] = ()
    violations: tuple[str, ...] = DEATH_TYPES
    event: str | None = None
    where: Where = ()

    def __post_init__(self) -> None:
        known = {v.value for v in ViolationType}
        for v in self.violations:
            if v not in known:
                raise InvalidValue(f"scope: unknown violation type {v!r}; use {sorted(known)}")
        if not self.violations:
            raise InvalidValue("scope: name at least one violation type")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidValue(f"scope: {self.date_from} is after {self.date_to}")

    @classmethod
    def of(
        cls,
        date_from: Any = None,
        date_to: Any = None,
        provinces: Any = (),
        violations: Any = None,
        where: str = "scope",
        event: str | None = None,
        conditions: Where = (),
    ) -> Scope:
        """A normalized scope (sorted, de-duplicated) from loose input."""
        return cls(
            _date(date_from, where),
            _date(date_to, where),
            tuple(sorted({str(p) for p in provinces or ()})),
            tuple(sorted({str(v) for v in violations})) if violations else DEATH_TYPES,
            str(event).strip() if event else None,
            tuple(sorted(conditions)),
        )

    def without_where(self) -> Scope:
        return replace(self, where=())

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "provinces": list(self.provinces),
            "violations": list(self.violations),
        }
        if self.event:  # keys only when set: scopes written before events read the same
            doc["event"] = self.event
        if self.where:
            doc["where"] = {f: list(v) for f, v in self.where}
        return doc

    @classmethod
    def from_json(cls, doc: Any, where: str = "scope") -> Scope:
        if doc is None:
            return cls()
        if not isinstance(doc, dict):
            raise InvalidValue(f"{where}: expected a mapping, got {type(doc).__name__}")
        unknown = set(doc) - SCOPE_KEYS
        if unknown:
            raise InvalidValue(f"{where}: unknown key(s) {sorted(unknown)}")
        event = doc.get("event")
        if event is not None and not isinstance(event, str):
            raise InvalidValue(f"{where}.event: expected an event slug")
        return cls.of(
            doc.get("date_from"),
            doc.get("date_to"),
            doc.get("provinces") or (),
            doc.get("violations"),
            where,
            event,
            where_from_json(doc.get("where"), f"{where}.where"),
        )

    def describe(
        self,
        province_names: dict[str, str] | None = None,
        event_names: dict[str, str] | None = None,
    ) -> str:
        """The scope in words, for reports."""
        kinds = (
            "deaths"
            if self.violations == DEATH_TYPES
            else ", ".join(v.replace("_", " ") for v in self.violations)
        )
        if self.where:
            kinds += f" with {describe_where(self.where)}"
        parts = [kinds]
        if self.event:
            parts.append(f"of {(event_names or {}).get(self.event, self.event)}")
        if self.provinces:
            names = province_names or {}
            parts.append("in " + ", ".join(names.get(p, p) for p in self.provinces))
        else:
            parts.append("in all provinces")
        if self.date_from or self.date_to:
            parts.append(
                f"from {self.date_from or 'the first record'} to {self.date_to or 'the last'}"
            )
        return " ".join(parts)


@dataclass(frozen=True)
class EstimateSettings:
    """The estimator run for a scope. `seed` is fixed so a verifier gets the same draws."""

    method: str = "lcmcr"
    lists: str = "group"
    seed: int = 2019
    chains: int = 4
    burnin: int = 10_000
    samples: int = 1_000
    thin: int = 10
    level: float = 0.95

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InvalidValue(f"estimate method {self.method!r}; choose one of {METHODS}")
        if self.lists not in ("group", "source"):
            raise InvalidValue(f"lists must be 'group' or 'source', not {self.lists!r}")
        if not 0 < self.level < 1:
            raise InvalidValue(f"level must be between 0 and 1, got {self.level}")

    @classmethod
    def of(cls, method: str = "lcmcr", lists: str = "group", **options: Any) -> EstimateSettings:
        """Settings from a caller's options (the CLI's, the facade's keyword arguments): the one
        place that checks them, so an unknown option is an InvalidValue naming it, not a
        TypeError, wherever it comes from."""
        known = {f.name for f in fields(cls)} - {"method", "lists"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise InvalidValue(
                f"unknown estimator option(s) {', '.join(unknown)}; use {', '.join(sorted(known))}"
            )
        return cls(method=method, lists=lists, **options)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, doc: Any) -> EstimateSettings:
        if not isinstance(doc, dict):
            raise InvalidValue("estimate settings: expected a mapping")
        try:
            return cls(**doc)
        except TypeError as e:
            raise InvalidValue(f"estimate settings: {e}") from None
