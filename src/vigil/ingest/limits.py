"""What a cell of an input file (or a field of the intake form) may hold; pure checks.

Refused, never silently changed (each with the reason; the importer adds line and column):

- a NUL byte anywhere;
- in names (name, given_name, family_name, father_name): control characters (other than
  tab and line breaks, which are whitespace and collapse to one space like all runs of
  whitespace) and the bidirectional overrides and isolates U+202A-U+202E, U+2066-U+2069,
  which can make a name display as something else (the marks U+200E/U+200F and the Persian
  ZWNJ U+200C are allowed);
- text longer than its limit: `LIMITS` per standard field, `MAX_CELL` for any other cell.

Cleaned, as documented: leading, trailing and repeated whitespace (tabs and line breaks
included) collapse to one space.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from vigil.ingest.acts import ACT_LIMITS

MAX_CELL = 10_000
LIMITS: Mapping[str, int] = {
    "source_record_id": 200,
    "name": 500,
    "given_name": 200,
    "family_name": 200,
    "father_name": 200,
    "province": 300,
    "city": 300,
    "sex": 100,
    "age": 100,
    "date": 100,
    "violation": 200,
    "notes": MAX_CELL,
    **ACT_LIMITS,  # no longer than their columns in the store
}
NAME_FIELDS = frozenset({"name", "given_name", "family_name", "father_name"})
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_WHITESPACE = frozenset("\t\n\r\x0b\x0c")


def cell_problem(value: str) -> str | None:
    """Why any cell is refused (NUL bytes, over `MAX_CELL`), or None."""
    if "\x00" in value:
        return "contains a NUL byte"
    if len(value) > MAX_CELL:
        return f"longer than {MAX_CELL:,} characters ({len(value):,})"
    return None


def field_problem(field: str, value: str) -> str | None:
    """Why the text of standard field `field` is refused, or None."""
    problem = cell_problem(value)
    if problem:
        return problem
    limit = LIMITS.get(field, MAX_CELL)
    if len(value) > limit:
        return f"{field} longer than {limit:,} characters ({len(value):,})"
    if field in NAME_FIELDS:
        for ch in value:
            if ch in _BIDI_CONTROLS:
                return f"contains the bidirectional control character U+{ord(ch):04X}"
            if ch not in _WHITESPACE and unicodedata.category(ch) == "Cc":
                return f"contains the control character U+{ord(ch):04X}"
    return None
