"""Property tests: any input to a normalizer or importer gives a result or a clear
VigilError, never a traceback; a fuzzed CSV never half-writes an import."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vigil.errors import VigilError
from vigil.ingest import ColumnMapping, open_table, validate_rows
from vigil.names import name_keys, parse_name
from vigil.normalize.age import parse_age
from vigil.normalize.dates import parse_date
from vigil.normalize.digits import to_ascii_digits
from vigil.normalize.sex import parse_sex
from vigil.normalize.text import fold
from vigil.normalize.violation import parse_violation
from vigil.places import Gazetteer
from vigil.services import audit
from vigil.services.importing import import_file
from vigil.store import open_store
from vigil.store.models import ImportBatch, SourceRecord

# Text that looks like the real thing often enough: digits of three scripts, separators,
# Persian and Latin letters, and anything else.
PIECES = st.sampled_from(
    [
        "۱۳۹۸",
        "1398",
        "٢٠١٩",
        "2019",
        "/",
        "-",
        "آبان",
        "Aban",
        "Nov",
        "مرد",
        "زن",
        "male",
        "کشته",
        "killed",
        "سال",
        "ساله",
        "years",
        "Tehran",
        "تهران",
        " ",
        ",",
        '"',
        "\n",
        "?",
        "0",
    ]
)
TEXT = st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=8).map("".join))


def settles(fn: object, *args: object) -> None:
    with contextlib.suppress(VigilError):
        fn(*args)  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalizers_never_crash(text: str) -> None:
    for fn in (parse_age, parse_date, parse_sex, parse_violation, to_ascii_digits, fold):
        settles(fn, text)
    settles(lambda t: name_keys(parse_name(t)), text)


GAZ = Gazetteer.load()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT))
def test_place_resolution_never_crashes(province: str | None, city: str | None) -> None:
    settles(GAZ.resolve, province, city)


HEADERS = ["id", "name", "sex", "age", "date", "province", "city", "violation", "notes"]
CELL = st.one_of(TEXT, st.sampled_from(["", "1", "Synthetic Name", "2019-11-16", "killed"]))


def csv_text(rows: list[list[str]], header: list[str]) -> str:
    def q(v: str) -> str:
        return '"' + v.replace('"', '""') + '"'

    return "\n".join(",".join(q(c) for c in r) for r in [header, *rows]) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.lists(CELL, min_size=9, max_size=9), max_size=6).map(
            lambda rows: csv_text(rows, HEADERS).encode("utf-8")
        ),
        st.lists(st.lists(TEXT, min_size=1, max_size=5), max_size=5).map(
            lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8")
        ),
    )
)
def test_reading_and_validating_any_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "fuzz.csv"
        path.write_bytes(data)
        with contextlib.suppress(VigilError):
            list(validate_rows(open_table(path), ColumnMapping(), GAZ))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=9, max_size=9), min_size=1, max_size=6))
def test_fuzzed_csv_imports_whole_or_not_at_all(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        store = open_store(f"sqlite:///{Path(d) / 'v.db'}", create=True)
        try:
            path = Path(d) / "fuzz.csv"
            path.write_text(csv_text(rows, HEADERS), encoding="utf-8")
            try:
                result = import_file(store, path, source="Fuzz", gazetteer=GAZ)
                added = result.rows_added
            except VigilError:
                added = 0
            with store.session() as s:
                stored = s.scalar(select(func.count()).select_from(SourceRecord))
                batches = s.scalars(select(ImportBatch)).all()
                assert stored == added
                assert sum(b.rows_added for b in batches) == added
                assert audit.verify(s).ok
        finally:
            store.close()
