from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from vigil.errors import ImportRejected, InputError
from vigil.ingest import ColumnMapping, check_all, load_mapping, open_table, validate_rows
from vigil.places import Gazetteer

from .conftest import GOOD_ROWS, HEADER


def _validate(path: Path, mapping: ColumnMapping | None = None) -> list:  # type: ignore[type-arg]
    mapping = mapping or ColumnMapping()
    table = open_table(path, sheet=mapping.sheet)
    return check_all(str(path), validate_rows(table, mapping, Gazetteer.load()))


def test_csv_without_bom(good_csv: Path) -> None:
    records = _validate(good_csv)
    assert [r.source_record_id for r in records] == ["A1", "A2", "A3"]
    first = records[0]
    assert first.raw["date"] == "۱۳۹۸/۰۸/۲۶" and first.raw["age"] == "۱۷ ساله"  # verbatim
    assert first.date.iso() == "2019-11-17" and first.age.exact == 17
    assert first.place.city_en == "Bandar-e Mahshahr" and first.place.province_code == "15"
    assert records[1].notes == "shot, near the bridge" and records[1].line == 3
    assert not records[2].place.resolved and records[2].raw["city"] == "Nowhereabad"


def test_csv_with_bom_reads_the_same(good_csv: Path, tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + good_csv.read_bytes())
    plain, with_bom = _validate(good_csv), _validate(bom)
    assert [r.raw for r in with_bom] == [r.raw for r in plain]
    assert "source_record_id" in with_bom[0].raw  # the BOM is not glued to the first header


def test_semicolon_csv_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_bytes(b"source_record_id;name;sex\r\nS1;Ali Karimi;M\r\n")
    (record,) = _validate(path)
    assert record.name == "Ali Karimi" and record.sex is not None


def test_xlsx(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["source_record_id", "name", "age", "date", "city"])
    sheet.append([101, "زهرا موسوی", 19, dt.datetime(2019, 11, 16), "Shiraz"])
    sheet.append(["102", "Amir Jafari", 25.0, "1398/08/25", "شیراز"])
    book.save(path)
    records = _validate(path)
    assert [r.source_record_id for r in records] == ["101", "102"]
    assert records[0].raw["date"] == "2019-11-16" and records[0].age.exact == 19
    assert records[1].raw["age"] == "25" and records[1].date.iso() == "2019-11-16"
    assert records[0].place.city_id == records[1].place.city_id == 115019


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    rows = [
        {"source_record_id": "J1", "name": "Pouya Kazemi", "age": 31, "city": "Karaj"},
        {"source_record_id": "J2", "name": "مریم صادقی", "age": None, "sex": "زن"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n")
    records = _validate(path)
    assert [r.source_record_id for r in records] == ["J1", "J2"]
    assert records[0].raw["age"] == "31" and records[1].sex is not None


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "A1,José,,m,,,,,killed,\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.csv: line 2: not UTF-8"):
        _validate(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = tmp_path / "whole.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["source_record_id", "name"])
    for i in range(200):
        sheet.append([f"X{i}", "Ali Karimi"])
    book.save(whole)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(InputError, match=r"cut\.xlsx: .*(truncated|damaged)"):
        _validate(cut)


def test_invalid_json_line_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(
        '{"source_record_id": "J1", "name": "Ali"}\n{"source_record_id": "J2", "name": \n'
        '["not", "an", "object"]\n'
    )
    with pytest.raises(ImportRejected) as info:
        _validate(path)
    lines = [(e.line, e.reason) for e in info.value.errors]
    assert lines[0][0] == 2 and "invalid JSON" in lines[0][1]
    assert lines[1] == (3, "not a JSON object")
    assert "broken.jsonl" in str(info.value)


def test_missing_id_column(tmp_path: Path) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("name,sex\nAli Karimi,m\n")
    with pytest.raises(InputError, match=r"noid\.csv: no id column"):
        _validate(path)


def test_every_bad_row_is_reported(bad_csv: Path) -> None:
    with pytest.raises(ImportRejected) as info:
        _validate(bad_csv)
    found = {(e.line, e.column) for e in info.value.errors}
    assert found == {(2, "sex"), (2, "date"), (3, "name"), (5, "source_record_id")}
    dup = next(e for e in info.value.errors if e.line == 5)
    assert dup.value == "B1" and "line 2" in dup.reason
    date = next(e for e in info.value.errors if e.column == "date")
    assert date.value == "1398/13/01" and "month 13" in date.reason
    assert "bad.csv" in str(info.value) and "nothing was imported" in str(info.value)


def test_row_with_wrong_field_count(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("source_record_id,name\nR1,Ali,extra\nR2,Reza\n")
    with pytest.raises(ImportRejected) as info:
        _validate(path)
    (error,) = info.value.errors
    assert error.line == 2 and "3 fields" in error.reason


def test_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('source_record_id,name\nR1,"Ali\n')
    with pytest.raises(InputError, match=r"quote\.csv: line \d+: unreadable CSV"):
        _validate(path)


def test_yaml_mapping_with_persian_headers_and_defaults(tmp_path: Path) -> None:
    data = tmp_path / "fa.csv"
    data.write_text("شناسه,نام و نام خانوادگی,جنسیت,تاریخ,شهر\nF1,رضا محمدی,مرد,۱۳۹۸/۰۸/۲۵,اهواز\n")
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(
        "columns:\n  source_record_id: شناسه\n  name: نام و نام خانوادگی\n  sex: جنسیت\n"
        "  date: تاریخ\n  city: شهر\ndefaults:\n  violation: killed\n  province: Khuzestan\n"
    )
    (record,) = _validate(data, load_mapping(mapping_file))
    assert record.source_record_id == "F1" and record.violation is not None
    assert record.violation.value == "killed" and record.date.iso() == "2019-11-16"
    assert record.place.city_id == 144448 and record.place.resolved
    assert record.raw == {
        "شناسه": "F1",
        "نام و نام خانوادگی": "رضا محمدی",
        "جنسیت": "مرد",
        "تاریخ": "۱۳۹۸/۰۸/۲۵",
        "شهر": "اهواز",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns:\n  nme: Name\n", "unknown field"),
        ("columns: [1, 2]\n", "columns"),
        ("- a\n- b\n", "YAML dictionary"),
        ("columns: {name: [unclosed\n", "not a readable YAML"),
        ("colums:\n  name: Name\n", "colums"),
    ],
)
def test_bad_mapping_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_mapping(path)


def test_mapping_naming_an_absent_column(good_csv: Path) -> None:
    mapping = ColumnMapping(columns={"name": "Full Name"})
    with pytest.raises(InputError, match="'Full Name'"):
        _validate(good_csv, mapping)


def test_given_and_family_instead_of_name(tmp_path: Path) -> None:
    path = tmp_path / "split.csv"
    path.write_text("id,first_name,surname\nG1,Ali,Karimi\nG2,,Rahimi\n")
    records = _validate(path)
    assert [r.name for r in records] == ["Ali Karimi", "Rahimi"]
    assert records[0].given_name == "Ali" and records[0].family_name == "Karimi"


def test_unknown_file_type(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    path.write_text("x")
    with pytest.raises(InputError, match="unknown file type"):
        open_table(path)


def test_good_rows_constant_has_three_rows() -> None:
    assert GOOD_ROWS.count("\n") == 3


def test_jsonl_with_no_valid_object(tmp_path: Path) -> None:
    path = tmp_path / "junk.jsonl"
    path.write_text("not json\n[1]\n")
    with pytest.raises(ImportRejected) as info:
        _validate(path)
    assert [e.line for e in info.value.errors] == [1, 2]


def test_empty_files(tmp_path: Path) -> None:
    for name in ("empty.csv", "empty.jsonl"):
        path = tmp_path / name
        path.write_text("")
        with pytest.raises(InputError, match=name.replace(".", r"\.")):
            _validate(path)
