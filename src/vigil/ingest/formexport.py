"""KoboToolbox and ODK Central exports of Vigil's report form, read with no mapping file.

An export is recognised by its metadata columns (Kobo: ``_uuid``, ``_submission_time``,
``_index``…; ODK Central: ``KEY``, ``SubmissionDate``, ``meta-instanceID``…) or by the form's
group paths (``victim/given_name`` as Kobo writes them, ``victim-given_name`` as ODK Central
does). Its table is rewritten to Vigil's own columns:

- each column of the form, whether headed by its group path, its bare name, or its English or
  Persian label (Kobo's "labels" export, with or without the group label), becomes the
  Vigil column it fills (``given_name``, ``witness_name``…), so witness fields reach the
  importer's sealing under the names Vigil seals;
- ``_uuid`` (else ``KEY``, else ``instanceID``; a ``uuid:`` prefix dropped) becomes
  ``source_record_id``; the submission time is kept as ``submitted_at`` (ISO, UTC, seconds);
- a choice given by its name or its English or Persian label is stored by its name, so a
  "labels" export and an "XML values" export of one submission are the same record;
- metadata that changes from one export to the next (``_index``, ``_validation_status``,
  ``ReviewState``, ``Edits``…) and empty cells are left out, so a submission exported again
  unchanged is recognised as unchanged, and a newer export adds only the new submissions;
  so is device metadata (``start``, ``deviceid``, ``SubmitterName``…), which can identify
  the reporter.

Columns the form does not have (an organization's own questions) are kept under their last
path segment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from vigil.errors import InputError
from vigil.ingest.readers import RawRow, RawTable
from vigil.ingest.xlsform import GROUPS, QUESTIONS, SEX_LABELS, VIOLATION_LABELS
from vigil.normalize.text import fold

ID_COLUMN = "source_record_id"
SUBMITTED_COLUMN = "submitted_at"
# Where a submission's id is, best first: Kobo's _uuid, ODK's KEY (the submission's first
# instance id, kept across edits), then the instance id itself.
_ID_HEADERS = ("_uuid", "key", "meta/instanceid", "meta-instanceid", "instanceid")
_SUBMITTED_HEADERS = ("_submission_time", "submissiondate")
# Metadata of the export or the server, not of the report (some change between exports).
_ODK_METADATA = {
    "key",
    "submissiondate",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "deviceid",
    "edits",
    "formversion",
    "instanceid",
    "instancename",
}
# Device and session metadata a form may collect (start, deviceid…): not the report, and
# some of it identifies the reporter's phone, so it is not kept.
_DEVICE_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "email",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
}
_KOBO_MARKERS = {"_uuid", "_submission_time", "_validation_status", "__version__"}
_ODK_MARKERS = {"submissiondate", "meta-instanceid", "reviewstate", "submitterid"}


@dataclass(frozen=True)
class ExportKind:
    tool: str  # "KoboToolbox" or "ODK"
    marker: str  # the header that gave it away


def _norm(header: str) -> str:
    return " ".join(header.strip().split()).casefold()


def _label_key(text: str) -> str:
    return fold(text)


@cache
def _question_headers() -> dict[str, str]:
    """Every way an export may head a form column -> the Vigil column it fills."""
    groups = {g.name: g for g in GROUPS}
    out: dict[str, str] = {}
    for q in QUESTIONS:
        g = groups[q.group]
        for form in (q.name, f"{q.group}/{q.name}", f"{q.group}-{q.name}", f"{q.group}.{q.name}"):
            out[_norm(form)] = q.name
        for label, group_label in ((q.label_en, g.label_en), (q.label_fa, g.label_fa)):
            out[_label_key(label)] = q.name
            out[_label_key(f"{group_label}/{label}")] = q.name
    return out


@cache
def _choice_values() -> dict[str, dict[str, str]]:
    """Vigil column -> (folded choice name or label -> choice name), for the select questions
    whose choices this module knows without the gazetteer."""
    sex = {s.value: labels for s, labels in SEX_LABELS.items()}
    violation = {v.value: labels for v, labels in VIOLATION_LABELS.items()}
    out: dict[str, dict[str, str]] = {}
    for column, names in (("sex", sex), ("violation", violation)):
        table: dict[str, str] = {}
        for name, labels in names.items():
            for text in (name, *labels):
                table[_label_key(text)] = name
        out[column] = table
    return out


@cache
def _province_values() -> dict[str, str]:
    from vigil.ingest.xlsform import province_choice_name
    from vigil.places import Gazetteer

    table: dict[str, str] = {}
    for p in Gazetteer.load().provinces.values():
        name = province_choice_name(p.name_en)
        for text in (name, p.name_en, p.name_fa or p.name_en):
            table[_label_key(text)] = name
    return table


def detect(headers: list[str]) -> ExportKind | None:
    """Which tool wrote the export with these headers, or None for any other table."""
    normed = [_norm(h) for h in headers]
    if ID_COLUMN in normed:
        return None  # a table in Vigil's own columns
    for h, original in zip(normed, headers, strict=True):
        if h in _KOBO_MARKERS:
            return ExportKind("KoboToolbox", original)
    for h, original in zip(normed, headers, strict=True):
        if h in _ODK_MARKERS:
            return ExportKind("ODK", original)
    known = _question_headers()
    for h, original in zip(normed, headers, strict=True):
        if ("/" in h or "-" in h) and h in known and h != _norm(known[h]):
            return ExportKind("KoboToolbox" if "/" in h else "ODK", original)
    return None


def _is_metadata(h: str) -> bool:
    last = re.split(r"[/\-]", h)[-1]
    return (
        h.startswith("_")
        or h in _ODK_METADATA
        or h in _DEVICE_METADATA
        or h.startswith(("meta/", "meta-", "formhub/", "formhub-"))
        or last in {"instanceid", "deprecatedid", "rootuuid"}
    )


def _submitted(value: str) -> str:
    """A submission time as ISO UTC to the second ("2019-11-20T10:00:00Z"); verbatim when
    it is not a timestamp. Kobo writes UTC without a zone, ODK with "Z" and milliseconds."""
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=0).isoformat() + "Z"


def adapt(table: RawTable) -> RawTable:
    """`table` with Vigil's columns when it is a Kobo/ODK export of the form, else unchanged.

    InputError when it is an export without a submission id column, or whose columns
    name one form field twice.
    """
    kind = detect(table.headers)
    if kind is None:
        return table
    normed = {h: _norm(h) for h in table.headers}
    id_header = next((h for want in _ID_HEADERS for h in table.headers if normed[h] == want), None)
    if id_header is None:
        raise InputError(
            f"{table.path}: line 1: looks like a {kind.tool} export (column {kind.marker!r}) but "
            "has no submission id column (_uuid, KEY or meta/instanceID); export again with "
            "all metadata columns included"
        )
    submitted_header = next(
        (h for want in _SUBMITTED_HEADERS for h in table.headers if normed[h] == want), None
    )
    known = _question_headers()
    rename: dict[str, str] = {}
    by_target: dict[str, str] = {}
    for h in table.headers:
        n = normed[h]
        if h in (id_header, submitted_header) or not h.strip() or _is_metadata(n):
            continue
        target = known.get(n) or known.get(_label_key(h))
        if target is None:
            target = re.split(r"[/\-]", h.strip())[-1].strip() or h.strip()
            if target in by_target or _norm(target) in known:
                target = h.strip()  # keep the full path rather than clash
        if target in by_target:
            raise InputError(
                f"{table.path}: line 1: columns {by_target[target]!r} and {h!r} both hold "
                f"the form's {target!r}"
            )
        by_target[target] = h
        rename[h] = target
    headers = [ID_COLUMN, *([SUBMITTED_COLUMN] if submitted_header else []), *rename.values()]
    return RawTable(
        table.path,
        headers,
        _rows(table.rows, id_header, submitted_header, rename),
        table.estimated_rows,
    )


def _canonical(column: str, value: str) -> str:
    if column == "province":
        return _province_values().get(_label_key(value), value)
    table = _choice_values().get(column)
    if table is None:
        return value
    return table.get(_label_key(value), value)


def _rows(
    rows: Iterator[RawRow],
    id_header: str,
    submitted_header: str | None,
    rename: dict[str, str],
) -> Iterator[RawRow]:
    for row in rows:
        if row.error is not None:
            yield row
            continue
        values: dict[str, str] = {}
        record_id = row.values.get(id_header, "").strip()
        if record_id.lower().startswith("uuid:"):
            record_id = record_id[5:]
        values[ID_COLUMN] = record_id
        if submitted_header is not None and row.values.get(submitted_header, "").strip():
            values[SUBMITTED_COLUMN] = _submitted(row.values[submitted_header])
        for header, column in rename.items():
            value = row.values.get(header, "")
            if value.strip():
                values[column] = _canonical(column, value)
        yield RawRow(row.line, values)
