"""Cells that are safe to open in a spreadsheet (CSV/XLSX formula injection).

OWASP's rule: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula; such a cell is written
with a single quote in front (``'=HYPERLINK(...)``), which spreadsheets show as text.
Numbers are not user text: Python numbers are left alone, and so is text that is only a
plain number (``-5``, ``+3.5``), which a spreadsheet reads as that number and never as a
formula. Every CSV Vigil writes passes its cells through `safe_cell`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# One sentence for the statement and the docs.
RULE = (
    "Text cells that begin with =, +, -, @, a tab or a carriage return are written with a "
    "single quote in front (OWASP's rule against spreadsheet formula injection), so a "
    "spreadsheet shows them as text; numbers are written as they are."
)


def safe_cell(value: Any) -> Any:
    """`value`, with a leading quote if it is text a spreadsheet would run as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return QUOTE + value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def safe_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}
