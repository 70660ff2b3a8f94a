"""Every CSV Vigil writes is safe to open in a spreadsheet (formula injection, OWASP)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from vigil.errors import RowError
from vigil.ingest.rejects import write_rejects
from vigil.ingest.validate import CheckedRow
from vigil.security.spreadsheet import safe_cell
from vigil.services import linking
from vigil.statement.bundle import victims_csv
from vigil.store import Store
from vigil.store.models import Person

HOSTILE = ['=HYPERLINK("http://x.invalid")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tlead", "'\tlead"),
        ("\rlead", "'\rlead"),
        ("-5", "-5"),  # a plain number stays a number
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        (-5, -5),
        (2.5, 2.5),
        (None, None),
        ("Mohammad Hosseini", "Mohammad Hosseini"),
        ("محمد", "محمد"),
        ("a=b", "a=b"),
    ],
)
def test_cells(value: object, written: object) -> None:
    assert safe_cell(value) == written


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def _no_live_formula(cells: list[str]) -> None:
    for c in cells:
        assert not c.startswith(("=", "+", "@", "\t", "\r")), c
        assert not c.startswith("-") or c.lstrip("-").replace(".", "").isdigit(), c


def test_victims_csv_of_the_statement() -> None:
    rows = [
        {"person_id": f"P-{i}", "display_name": name, "age": -5 if i == 0 else 30}
        for i, name in enumerate(HOSTILE)
    ]
    cells = _cells(victims_csv(rows, withhold_minor_names=False).decode("utf-8"))
    _no_live_formula(cells)
    assert '\'=HYPERLINK("http://x.invalid")' in cells and "-5" in cells


def test_rejects_file(tmp_path: Path) -> None:
    rows = [
        CheckedRow(
            line=2 + i,
            raw={"name": name, "age": "-5"},
            record=None,
            errors=(RowError(2 + i, "age", "-5", "negative age"),),
        )
        for i, name in enumerate([*HOSTILE, "\rx"])
    ]
    out = tmp_path / "r.csv"
    write_rejects(out, ["name", "age"], rows)
    _no_live_formula(_cells(out.open(encoding="utf-8", newline="").read()))


def test_export_persons_and_links(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        for i, name in enumerate(HOSTILE):
            s.add(Person(id=f"P-{i:06d}", display_name=name, display_name_latin=name))
    out = tmp_path / "p.csv"
    assert linking.export_persons(store, out) == len(HOSTILE)
    cells = _cells(out.open(encoding="utf-8", newline="").read())
    _no_live_formula(cells)
    assert "'@SUM(A1)" in cells
