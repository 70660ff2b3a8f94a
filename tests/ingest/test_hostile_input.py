"""Hostile input is refused with line, column and reason, never silently changed; nothing is
stored from a refused file (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from vigil.errors import ImportRejected, InvalidValue
from vigil.ingest.limits import LIMITS, MAX_CELL, field_problem
from vigil.normalize.age import parse_age
from vigil.services.importing import import_file
from vigil.store import Store
from vigil.store.models import SourceRecord

HEADER = "id,name,sex,age,date,province,violation,notes\n"
GOOD = "1,Synthetic Person,male,30,2019-11-16,Tehran,killed,\n"


@pytest.mark.parametrize("text", ["-5", "−5", "– 5", "age -5", "-17 years", "- 30", "-0"])
def test_negative_ages_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="negative"):
        parse_age(text)


@pytest.mark.parametrize(
    ("text", "low", "high"), [("17-19", 17, 19), ("17 - 19", 17, 19), ("30", 30, 30)]
)
def test_ranges_are_not_negative(text: str, low: int, high: int) -> None:
    age = parse_age(text)
    assert age is not None and (age.low, age.high) == (low, high)


@given(st.integers(min_value=1, max_value=10_000))
def test_no_negative_number_becomes_an_age(n: int) -> None:
    with pytest.raises(InvalidValue):
        parse_age(f"-{n}")


@pytest.mark.parametrize("text", ["121", "200", "999"])
def test_impossible_ages_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="over"):
        parse_age(text)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "Ali\x00Reza", "NUL"),
        ("notes", "ok\x00", "NUL"),
        ("name", "Ali\x07Reza", "control character U+0007"),
        ("father_name", "Ali\x1b[31m", "control character U+001B"),
        ("name", "Ali\u202eazeR", "bidirectional control character U+202E"),
        ("given_name", "x" * (LIMITS["given_name"] + 1), "longer than"),
        ("notes", "x" * (MAX_CELL + 1), "longer than"),
    ],
)
def test_field_problems(field: str, value: str, reason: str) -> None:
    problem = field_problem(field, value)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("value", ["محمد\u200cرضا", "Ali Reza", "Şêrko", "Məmməd", "Ali\tReza"])
def test_real_names_pass(value: str) -> None:
    assert field_problem("name", value) is None


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("2,Synthetic Other,male,-5,2019-11-16,Tehran,killed,\n", "age", "negative"),
        ("2,Synthetic\x00Other,male,30,2019-11-16,Tehran,killed,\n", "name", "NUL byte"),
        ("2,Synthetic\x07Other,male,30,2019-11-16,Tehran,killed,\n", "name", "control"),
        (
            "2,Synthetic Other,male,30,2019-11-16,Tehran,killed," + "n" * 100_000 + "\n",
            "notes",
            "longer than",
        ),
        ("2,Synthetic Other,male,130,2019-11-16,Tehran,killed,\n", "age", "over 120"),
    ],
)
def test_import_refuses_with_line_column_reason(
    store: Store, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    f = tmp_path / "hostile.csv"
    f.write_text(HEADER + GOOD + row, encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, f, source="List A")
    errors = caught.value.errors
    assert any(e.line == 3 and e.column == column and reason in e.reason for e in errors), errors
    assert "\x00" not in str(caught.value)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceRecord)) == 0


def test_refusal_message_withholds_a_sensitive_value(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "witness.csv"
    witness = "Synthetic Witness\x00Qzx"  # refused (NUL byte): its value must not show
    f.write_text(
        "id,name,sex,age,date,province,violation,witness_name\n"
        f"1,Synthetic Person,male,-5,2019-11-16,Tehran,killed,{witness}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        import_file(store, f, source="List A")
    message = str(caught.value)
    assert "Qzx" not in message and "NUL byte" in message and "negative" in message
