"""The rejects file of a `--skip-invalid` import: each refused row with its reasons."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from vigil.ingest.validate import CheckedRow


def write_rejects(path: str | Path, headers: list[str], rows: Iterable[CheckedRow]) -> int:
    """Write refused rows as UTF-8 CSV (`line`, `reasons`, then the row's own columns)."""
    rows = list(rows)
    columns = list(headers)
    for row in rows:  # JSON Lines rows may carry keys the first object lacked
        columns += [k for k in row.raw if k not in columns]
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["line", "reasons", *columns])
        for row in rows:
            reasons = "; ".join(
                f"{e.column or 'row'}: {e.reason}" if e.column else e.reason for e in row.errors
            )
            writer.writerow([row.line, reasons, *(row.raw.get(c, "") for c in columns)])
    return len(rows)
