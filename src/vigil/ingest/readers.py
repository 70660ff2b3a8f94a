"""Reading rows from CSV (UTF-8, with or without BOM), XLSX and JSON Lines files.

Each reader yields `RawRow`s: the file line (or sheet row) and every field as text,
verbatim. A row that cannot be read at all (an invalid JSON line, a CSV row with the
wrong number of fields) is yielded with its `error` so that the caller can collect every
problem; a file that cannot be read at all (not UTF-8, a truncated workbook, no header)
raises InputError naming the file and, where known, the line.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.errors import InputError, RowError

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    error: RowError | None = None


@dataclass
class RawTable:
    """An opened file: its header (as read) and an iterator over its rows."""

    path: Path
    headers: list[str]
    rows: Iterator[RawRow]
    estimated_rows: int | None = None


def open_table(
    path: str | Path, *, sheet: str | None = None, form_exports: bool = True
) -> RawTable:
    """Open a CSV, XLSX or JSON Lines file by its suffix.

    With `form_exports`, a KoboToolbox or ODK Central export of Vigil's report form comes
    back in Vigil's own columns (`vigil.ingest.formexport`).
    """
    table = _open_table(Path(path), sheet)
    if not form_exports:
        return table
    from vigil.ingest.formexport import adapt

    return adapt(table)


def _open_table(p: Path, sheet: str | None) -> RawTable:
    if p.is_dir():
        raise InputError(f"{p}: a folder, not a file (name one file of reports)")
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _open_csv(p)
    if suffix in XLSX_SUFFIXES:
        return _open_xlsx(p, sheet)
    if suffix in JSONL_SUFFIXES:
        return _open_jsonl(p)
    known = ", ".join(sorted(CSV_SUFFIXES | XLSX_SUFFIXES | JSONL_SUFFIXES))
    raise InputError(f"{p}: unknown file type {suffix!r} (expected one of {known})")


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def _not_utf8(path: Path) -> InputError:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return InputError(
            f"{path}: line {line}: not UTF-8 text (byte {data[e.start]:#04x} at offset "
            f"{e.start}); save the file as UTF-8"
        )
    return InputError(f"{path}: not UTF-8 text")


def _check_headers(path: Path, headers: list[str]) -> list[str]:
    cleaned = [h.strip() for h in headers]
    if not any(cleaned):
        raise InputError(f"{path}: line 1: empty header row")
    seen: set[str] = set()
    for h in cleaned:
        if h and h in seen:
            raise InputError(f"{path}: line 1: column {h!r} appears twice in the header")
        seen.add(h)
    return cleaned


def _open_csv(path: Path) -> RawTable:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            first = f.readline()
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    if not first.strip():
        raise InputError(f"{path}: line 1: empty file or empty header row")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(first)
    headers = _check_headers(path, next(csv.reader([first], delimiter=delimiter)))
    return RawTable(
        path, headers, _csv_rows(path, headers, delimiter), max(_count_lines(path) - 1, 0)
    )


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, headers: list[str], delimiter: str) -> Iterator[RawRow]:
    width = len(headers)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter, strict=True)
            next(reader)
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue  # blank line
                if len(record) != width:
                    yield RawRow(
                        line,
                        error=RowError(
                            line,
                            "",
                            delimiter.join(record)[:200],
                            f"row has {len(record)} fields, the header has {width}",
                        ),
                    )
                    continue
                yield RawRow(line, dict(zip(headers, record, strict=True)))
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as e:
        raise InputError(f"{path}: line {reader.line_num}: unreadable CSV ({e})") from e


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_xlsx(path: Path, sheet: str | None) -> RawTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as e:
        raise InputError(f"{path}: not a readable XLSX workbook (truncated or damaged: {e})") from e
    if sheet is not None and sheet not in book.sheetnames:
        raise InputError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    try:
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as e:
        raise InputError(f"{path}: not a readable XLSX workbook (truncated or damaged: {e})") from e
    if first is None:
        raise InputError(f"{path}: sheet {ws.title!r} is empty")
    headers = [_cell_text(v) for v in first]
    while headers and not headers[-1].strip():
        headers.pop()
    headers = _check_headers(path, headers)
    total = ws.max_row - 1 if ws.max_row else None
    return RawTable(path, headers, _xlsx_rows(path, book, rows, headers), total)


def _xlsx_rows(
    path: Path, book: Any, rows: Iterator[tuple[Any, ...]], headers: list[str]
) -> Iterator[RawRow]:
    width = len(headers)
    line = 1
    try:
        for cells in rows:
            line += 1
            texts = [_cell_text(v) for v in cells]
            if not any(t.strip() for t in texts):
                continue
            extra = [t for t in texts[width:] if t.strip()]
            if extra:
                yield RawRow(
                    line,
                    error=RowError(line, "", extra[0][:200], "value beyond the last header column"),
                )
                continue
            texts += [""] * (width - len(texts))
            yield RawRow(line, dict(zip(headers, texts[:width], strict=True)))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as e:
        raise InputError(f"{path}: row {line}: workbook is truncated or damaged ({e})") from e
    finally:
        book.close()


def _open_jsonl(path: Path) -> RawTable:
    headers: dict[str, None] = {}  # every key of every object, in first-seen order
    try:
        with path.open(encoding="utf-8-sig") as f:
            for text in f:
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError:
                    continue
                if isinstance(obj, dict):
                    headers.update((str(k), None) for k in obj)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    return RawTable(path, list(headers), _jsonl_rows(path), _count_lines(path))


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _jsonl_rows(path: Path) -> Iterator[RawRow]:
    try:
        with path.open(encoding="utf-8-sig") as f:
            for line, text in enumerate(f, start=1):
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as e:
                    yield RawRow(
                        line,
                        error=RowError(line, "", text.strip()[:200], f"invalid JSON ({e.msg})"),
                    )
                    continue
                if not isinstance(obj, dict):
                    yield RawRow(
                        line, error=RowError(line, "", text.strip()[:200], "not a JSON object")
                    )
                    continue
                values: dict[str, str] = {}
                error: RowError | None = None
                for key, value in obj.items():
                    if isinstance(value, (dict, list)):
                        error = RowError(
                            line,
                            key,
                            json.dumps(value, ensure_ascii=False)[:200],
                            "nested values are not supported",
                        )
                        break
                    values[key] = _json_text(value)
                yield RawRow(line, values, error)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
