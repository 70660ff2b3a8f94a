"""Shares of the documented victims by an attribute (method, wound, perpetrator...), with
honest intervals and the share that is unknown.

Pure: the service gives, for every person in scope, the set of codes their records give
for one field (empty when no record says). The rules:

* **Known** persons have at least one code other than ``unknown``; shares are among them.
  The unknown share (persons with no usable code, over everyone in scope) is reported next
  to every share, never folded into it.
* A person counts in **every category their records give**: once per code, whatever the
  number of sources, so the shares of one field may add up to more than 100%. That
  happens two ways: sources disagree (police in one list, IRGC in another), and one source
  names several (IRGC *and* Basij; head *and* chest). A person whose records disagree is
  **disputed**, and their number is reported beside the shares; one source naming several
  codes is no dispute (the service says which persons are disputed; without it, two or
  more codes count as a dispute). Custody codes are not exclusive (died in custody and
  denied care): several codes are no dispute there.
* The interval is for the share among the known, 95% by default: Wilson's score interval
  (the default; sensible at 0/n and n/n where the normal approximation collapses) or the
  exact Clopper-Pearson interval. It describes sampling noise among the documented, not
  how the documented differ from the undocumented.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from vigil.errors import InvalidValue

if TYPE_CHECKING:
    from vigil.statement.settings import Scope
    from vigil.statement.stats import PersonRow

UNKNOWN = "unknown"
IntervalMethod = Literal["wilson", "exact"]


def _z(level: float) -> float:
    if not 0 < level < 1:
        raise InvalidValue(f"interval level must be between 0 and 1, got {level}")
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)


def _check(k: int, n: int) -> None:
    if n < 0 or k < 0 or k > n:
        raise InvalidValue(f"a share needs 0 <= k <= n, got k={k}, n={n}")


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for k successes in n trials; (0, 1) when n is 0."""
    _check(k, n)
    z = _z(level)
    if n == 0:
        return 0.0, 1.0
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    lo, hi = centre - half, centre + half
    # Exact at the edges (the formula gives them only up to rounding).
    return (0.0 if k == 0 else max(0.0, lo)), (1.0 if k == n else min(1.0, hi))


def exact_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Clopper-Pearson ("exact") interval from beta quantiles; (0, 1) when n is 0."""
    _check(k, n)
    _z(level)
    if n == 0:
        return 0.0, 1.0
    from scipy.stats import beta

    alpha = 1 - level
    lo = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return lo, hi


def interval(
    k: int, n: int, level: float = 0.95, method: IntervalMethod = "wilson"
) -> tuple[float, float]:
    if method == "wilson":
        return wilson_interval(k, n, level)
    if method == "exact":
        return exact_interval(k, n, level)
    raise InvalidValue(f"interval method {method!r}; use 'wilson' or 'exact'")


_SAY_NOTHING: frozenset[str | None] = frozenset({UNKNOWN, "", None})


def known_codes(codes: Iterable[str] | None) -> frozenset[str]:
    """The codes that say something (``unknown`` and blanks say nothing)."""
    if not codes:
        return frozenset()
    return frozenset(codes) - _SAY_NOTHING


@dataclass(frozen=True)
class Share:
    """One category: k of the n persons with the field known, and its interval."""

    category: str
    count: int
    known: int
    lower: float
    upper: float

    @property
    def share(self) -> float | None:
        return self.count / self.known if self.known else None

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "count": self.count,
            "known": self.known,
            "share": self.share,
            "lower": self.lower,
            "upper": self.upper,
        }


@dataclass(frozen=True)
class FieldShares:
    """Every category of one field over the persons of one scope."""

    field: str
    persons: int  # in scope
    known: int  # with at least one known code
    disputed: int  # known, whose sources give different codes
    shares: tuple[Share, ...]
    level: float = 0.95
    method: str = "wilson"
    exclusive: bool = True  # False: a person may have several codes (custody), none disputed
    # known, in two or more categories (disputed, or one source naming several): the
    # shares sum above 100% exactly when this is above 0
    multiple: int = 0

    @property
    def unknown(self) -> int:
        return self.persons - self.known

    @property
    def unknown_share(self) -> float | None:
        return self.unknown / self.persons if self.persons else None

    def get(self, category: str) -> Share | None:
        return next((s for s in self.shares if s.category == category), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "persons": self.persons,
            "known": self.known,
            "unknown": self.unknown,
            "unknown_share": self.unknown_share,
            "disputed": self.disputed if self.exclusive else None,
            "exclusive": self.exclusive,
            "multiple": self.multiple,
            "level": self.level,
            "interval": self.method,
            "shares": [s.to_json() for s in self.shares],
        }


def field_shares(
    field: str,
    codes_by_person: Mapping[str, Iterable[str]],
    persons: Iterable[str],
    *,
    categories: Iterable[str] = (),
    level: float = 0.95,
    method: IntervalMethod = "wilson",
    exclusive: bool = True,
    disputed_ids: Iterable[str] | None = None,
) -> FieldShares:
    """Shares of each category among `persons` (see the module docstring for the rules).

    `categories` are listed even when nobody has them (a documented 0 of n is a finding);
    codes found beyond them are listed too. A field whose codes are not `exclusive` (one
    person may die in custody *and* be denied care) has no disputed persons.
    `disputed_ids`: the persons whose sources differ on the field (one source naming two
    codes is no dispute); a disputed person still needs two codes here to count as one.
    None: every person with two or more codes counts as disputed.
    """
    disputes = None if disputed_ids is None else frozenset(disputed_ids)
    ids = list(dict.fromkeys(persons))
    counts: Counter[str] = Counter()
    known = disputed = multiple = 0
    for pid in ids:
        codes = known_codes(codes_by_person.get(pid))
        if not codes:
            continue
        known += 1
        multiple += len(codes) > 1
        if exclusive and len(codes) > 1 and (disputes is None or pid in disputes):
            disputed += 1
        counts.update(codes)
    order = [c for c in dict.fromkeys(categories) if c != UNKNOWN]
    order += sorted(set(counts) - set(order))
    shares = []
    for cat in order:
        lo, hi = interval(counts[cat], known, level, method)
        shares.append(Share(cat, counts[cat], known, lo, hi))
    return FieldShares(
        field, len(ids), known, disputed, tuple(shares), level, method, exclusive, multiple
    )


def combined_share(
    field: str,
    values: Iterable[str],
    codes_by_person: Mapping[str, Iterable[str]],
    persons: Iterable[str],
    *,
    level: float = 0.95,
    method: IntervalMethod = "wilson",
    exclusive: bool = True,
    disputed_ids: Iterable[str] | None = None,
) -> tuple[Share, FieldShares]:
    """The share of persons with ANY of `values` (e.g. wound head, neck or chest), counted
    once each, with the field's totals: a person wounded in the head *and* the chest is
    one person of the share."""
    wanted = frozenset(values)
    label = "|".join(sorted(wanted))
    merged: dict[str, frozenset[str]] = {}
    for pid, codes in codes_by_person.items():
        have = known_codes(codes)
        merged[pid] = (have - wanted) | {label} if have & wanted else have
    fs = field_shares(
        field,
        merged,
        persons,
        categories=(label,),
        level=level,
        method=method,
        exclusive=exclusive,
        disputed_ids=disputed_ids,
    )
    share = fs.get(label)
    if share is None:  # field_shares reports every category asked for
        raise InvalidValue(f"{field}: no share computed for {label!r}")
    return share, fs


# --- shares of the persons of a scope --------------------------------------------------------

HEADLINES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("wound", ("chest", "head", "neck"), "wounded in the head, neck or chest"),
    ("method", ("live_ammunition",), "killed with live ammunition"),
    ("weapon", ("non_standard",), "shot with non-standard weapons"),
    ("custody", ("died_in_custody",), "died in custody"),
)
"""The shares a statement and the dashboard lead with (field, values, in words)."""


def _disputed(people: Sequence[PersonRow], field: str) -> list[str] | None:
    """The persons whose sources differ on `field`; None when some row does not say."""
    if any(p.disputed is None for p in people):
        return None
    return [p.id for p in people if p.disputed and field in p.disputed]


def scope_field_shares(
    rows: Sequence[PersonRow],
    scope: Scope,
    field: str,
    *,
    level: float = 0.95,
    method: IntervalMethod = "wilson",
) -> FieldShares:
    """Shares of one attribute among the documented (not discounted) persons in scope."""
    from vigil.statement.attributes import MULTI, categories
    from vigil.statement.stats import select_scope

    people = [p for p in select_scope(list(rows), scope) if p.counted]
    codes = {p.id: p.attrs.get(field, frozenset()) for p in people}
    return field_shares(
        field,
        codes,
        [p.id for p in people],
        categories=categories(field),
        level=level,
        method=method,
        exclusive=field not in MULTI,
        disputed_ids=_disputed(people, field),
    )


def scope_combined_share(
    rows: Sequence[PersonRow],
    scope: Scope,
    field: str,
    values: Iterable[str],
    *,
    level: float = 0.95,
    method: IntervalMethod = "wilson",
) -> tuple[Share, FieldShares]:
    """The share with any of `values` among the documented persons in scope."""
    return _combined_of(_documented(rows, scope), field, values, level=level, method=method)


def _documented(rows: Sequence[PersonRow], scope: Scope) -> list[PersonRow]:
    """The documented (not discounted) persons in scope."""
    from vigil.statement.stats import select_scope

    return [p for p in select_scope(list(rows), scope) if p.counted]


def _combined_of(
    people: Sequence[PersonRow],
    field: str,
    values: Iterable[str],
    *,
    level: float,
    method: IntervalMethod = "wilson",
) -> tuple[Share, FieldShares]:
    from vigil.statement.attributes import MULTI

    codes = {p.id: p.attrs.get(field, frozenset()) for p in people}
    ids = [p.id for p in people]
    return combined_share(
        field,
        values,
        codes,
        ids,
        level=level,
        method=method,
        exclusive=field not in MULTI,
        disputed_ids=_disputed(people, field),
    )


def headline_shares(
    rows: Sequence[PersonRow], scope: Scope, level: float = 0.95
) -> list[dict[str, Any]]:
    """The `HEADLINES` shares of a scope, JSON-ready (for the statement and dashboard)."""
    out = []
    people = _documented(rows, scope)  # once for every headline
    for field, values, words in HEADLINES:
        share, fs = _combined_of(people, field, values, level=level)
        out.append(
            {
                "field": field,
                "values": list(values),
                "label": words,
                **share.to_json(),
                "persons": fs.persons,
                "unknown": fs.unknown,
                "unknown_share": fs.unknown_share,
                "disputed": fs.disputed if fs.exclusive else None,
                "level": level,
                "interval": fs.method,
            }
        )
    return out
