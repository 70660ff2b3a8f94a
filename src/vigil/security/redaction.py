"""One redaction rule for every channel: what a role sees of a field.

Pure functions, no I/O. Every place that shows a record's fields to a signed-in role (HTML
pages, the review queue, the API, the CLI's record view, import error messages) passes them
through `redact` (a whole record) or `shown` (one field, e.g. the value quoted in an import
error), with the store's list of sensitive fields. Published files (exports, the statement)
go further: `permissions.public_projection` keeps only allow-listed public fields, with the
same minor rule (`is_minor`). The rule:

- the ciphertext column ``sealed`` is never shown;
- a sensitive field (the defaults plus those the store marks) reads ``[withheld]`` unless
  the role may read sensitive fields; inside the raw input too;
- with `withhold_minor_names`, a name of someone under 18 reads ``[withheld: minor]``
  (published channels: statement, public exports, public pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

WITHHELD = "[withheld]"
WITHHELD_MINOR = "[withheld: minor]"
ADULT_AGE = 18
NAME_FIELDS: frozenset[str] = frozenset(
    {
        "display_name",
        "display_name_latin",
        "name",
        "name_latin",
        "name_raw",
        "given_name",
        "family_name",
        "given_latin",
        "family_latin",
    }
)


def field_key(name: str) -> str:
    """The canonical name of a field (what the sensitive-field list holds)."""
    return re.sub(r"[\s\-]+", "_", name.strip()).lower()


def is_minor(record: Mapping[str, Any]) -> bool:
    age = record.get("age")
    if isinstance(age, int | float) and not isinstance(age, bool):
        return age < ADULT_AGE
    return record.get("age_group") == "0-17"


def shown(
    field: str,
    value: Any,
    *,
    sees_sensitive: bool,
    sensitive_fields: Iterable[str],
    minor: bool = False,
    withhold_minor_names: bool = False,
) -> Any:
    """What one field of a record reads as, for someone who may or may not see sensitive
    fields."""
    key = field_key(field)
    if key == "sealed":
        return None
    if key in {field_key(f) for f in sensitive_fields} and not sees_sensitive:
        return WITHHELD if value not in (None, "") else value
    if withhold_minor_names and minor and key in NAME_FIELDS and value not in (None, ""):
        return WITHHELD_MINOR
    return value


def redact(
    record: Mapping[str, Any],
    *,
    sees_sensitive: bool,
    sensitive_fields: Iterable[str],
    withhold_minor_names: bool = False,
) -> dict[str, Any]:
    """A copy of `record` as it may be shown (nested ``raw`` dicts included)."""
    fields = tuple(sensitive_fields)
    minor = is_minor(record)
    out: dict[str, Any] = {}
    for key, value in record.items():
        if field_key(str(key)) == "sealed":
            continue
        if key == "raw" and isinstance(value, Mapping):
            out[key] = {
                k: shown(
                    str(k),
                    v,
                    sees_sensitive=sees_sensitive,
                    sensitive_fields=fields,
                    minor=minor,
                    withhold_minor_names=withhold_minor_names,
                )
                for k, v in value.items()
            }
            continue
        out[key] = shown(
            str(key),
            value,
            sees_sensitive=sees_sensitive,
            sensitive_fields=fields,
            minor=minor,
            withhold_minor_names=withhold_minor_names,
        )
    return out
