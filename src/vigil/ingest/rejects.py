"""The rejects file of a `--skip-invalid` import: each refused row with its reasons."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from vigil.ingest.validate import CheckedRow
from vigil.security.spreadsheet import safe_row

WITHHELD = "[withheld]"


def write_rejects(
    path: str | Path,
    headers: list[str],
    rows: Iterable[CheckedRow],
    *,
    withheld: Iterable[str] = (),
) -> int:
    """Write refused rows as UTF-8 CSV (`line`, `reasons`, then the row's own columns).

    Columns in `withheld` (sensitive ones) keep their header, but a value there is written
    as "[withheld]": a rejects file is a plain file that gets mailed around for fixing, and
    must not carry a witness's name in clear.
    """
    rows = list(rows)
    hidden = set(withheld)
    columns = list(headers)
    for row in rows:  # JSON Lines rows may carry keys the first object lacked
        columns += [k for k in row.raw if k not in columns]
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(safe_row(["line", "reasons", *columns]))
        for row in rows:
            reasons = "; ".join(
                f"{e.column or 'row'}: {e.reason}" if e.column else e.reason for e in row.errors
            )
            values = [_shown(row.raw.get(c), c in hidden) for c in columns]
            writer.writerow(safe_row([row.line, reasons, *values]))
    return len(rows)


def _shown(value: object, hidden: bool) -> object:
    if value in (None, ""):
        return ""
    return WITHHELD if hidden else value
