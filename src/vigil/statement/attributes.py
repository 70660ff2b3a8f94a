"""The attributes of what was done that shares and scopes speak of, and `--where` filters.

Seven fields, each a set of codes per person (every code some record gives them):
method, weapon, wound, perpetrator, place_kind and sentence come straight from the coded
acts (`vigil.domain.acts`); custody is derived from a record's custody facts:
``arrested_in_hospital`` (arrested at a hospital), ``died_in_custody``, ``care_denied``
(medical care denied) and ``released`` (a release date is known).

A `--where FIELD=V1[,V2...]` condition keeps the persons some record gives one of the
values for the field; several conditions must all hold.
"""

from __future__ import annotations

from collections.abc import Iterable

from vigil.errors import InvalidValue

FIELDS: tuple[str, ...] = (
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "custody",
    "sentence",
)
CUSTODY: tuple[str, ...] = ("arrested_in_hospital", "died_in_custody", "care_denied", "released")
MULTI = frozenset({"custody"})
"""Fields whose codes are not exclusive: one person can have several without any dispute."""
LABELS = {
    "method": "method",
    "weapon": "weapon",
    "wound": "wound",
    "perpetrator": "perpetrator",
    "place_kind": "place",
    "custody": "custody",
    "sentence": "sentence",
}

Where = tuple[tuple[str, tuple[str, ...]], ...]


def categories(field: str) -> tuple[str, ...]:
    """The codes a field can take (``unknown`` excluded: it is reported apart)."""
    import vigil.domain.acts as acts

    enums = {
        "method": acts.Method,
        "weapon": acts.WeaponClass,
        "wound": acts.Wound,
        "perpetrator": acts.Perpetrator,
        "place_kind": acts.PlaceKind,
        "sentence": acts.SentenceKind,
    }
    if field == "custody":
        return CUSTODY
    if field not in enums:
        raise InvalidValue(f"unknown attribute {field!r}; use one of {', '.join(FIELDS)}")
    return tuple(v.value for v in enums[field] if v.value != "unknown")


def custody_codes(
    *,
    arrest_place_kind: str | None = None,
    died_in_custody: bool | None = None,
    care_denied: bool | None = None,
    released: bool = False,
) -> frozenset[str]:
    """The custody codes one record supports."""
    out = set()
    if arrest_place_kind == "hospital":
        out.add("arrested_in_hospital")
    if died_in_custody:
        out.add("died_in_custody")
    if care_denied:
        out.add("care_denied")
    if released:
        out.add("released")
    return frozenset(out)


def check_where(
    field: str, values: Iterable[str], where: str = "--where"
) -> tuple[str, tuple[str, ...]]:
    """One validated condition (field, sorted values)."""
    field = field.strip()
    allowed = categories(field) if field in FIELDS else ()
    if field not in FIELDS:
        raise InvalidValue(f"{where}: unknown attribute {field!r}; use one of {', '.join(FIELDS)}")
    vals = tuple(sorted({v.strip() for v in values if v.strip()}))
    if not vals:
        raise InvalidValue(f"{where}: give at least one value for {field}")
    bad = [v for v in vals if v not in allowed]
    if bad:
        raise InvalidValue(
            f"{where}: {field} has no value {bad[0]!r}; use one of {', '.join(allowed)}"
        )
    return field, vals


def parse_where(texts: Iterable[str], where: str = "--where") -> Where:
    """Conditions from ``FIELD=V1,V2`` texts (a field given twice: InvalidValue)."""
    out: dict[str, tuple[str, ...]] = {}
    for text in texts:
        field, sep, rest = text.partition("=")
        if not sep:
            raise InvalidValue(f"{where} {text!r}: expected FIELD=VALUE (e.g. weapon=non_standard)")
        name, vals = check_where(field, rest.split(","), f"{where} {text!r}")
        if name in out:
            raise InvalidValue(f"{where}: {name} is given twice; list its values as {name}=a,b")
        out[name] = vals
    return tuple(sorted(out.items()))


def where_from_json(doc: object, where: str) -> Where:
    if doc is None:
        return ()
    if not isinstance(doc, dict):
        raise InvalidValue(f"{where}: expected a mapping of attribute to values")
    out = []
    for field, vals in doc.items():
        if isinstance(vals, str):
            vals = [vals]
        if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
            raise InvalidValue(f"{where}.{field}: expected a value or a list of values")
        out.append(check_where(str(field), vals, f"{where}.{field}"))
    return tuple(sorted(out))


def describe_where(conds: Where) -> str:
    """E.g. "weapon non standard; wound chest, head or neck"."""

    def either(vals: tuple[str, ...]) -> str:
        words = [v.replace("_", " ") for v in vals]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    return "; ".join(f"{LABELS.get(f, f)} {either(vals)}" for f, vals in conds)
