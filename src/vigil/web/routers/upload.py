"""CSV/XLSX upload: preview with every validation error row by row; import only on confirmation.

The uploaded file is kept in a private temporary folder under a random token bound to the
user's session; confirming hands it to the importer (`vigil.services.importing`), which
stores it all or nothing. Nothing is written to the store before the confirmation.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import Response

from vigil.domain import SourceKind
from vigil.errors import ImportRejected, InputError, NotFound, RowError
from vigil.ingest import CheckedRow, ColumnMapping, open_table, validate_rows
from vigil.places import Gazetteer
from vigil.security.permissions import Action
from vigil.services.importing import import_file
from vigil.web.csrf import csrf_protect
from vigil.web.deps import CurrentActor, CurrentLang, Settings, StoreDep
from vigil.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

SUFFIXES = (".csv", ".xlsx", ".jsonl", ".tsv")
PREVIEW_ROWS = 20
MAX_ERRORS_SHOWN = 500


@dataclass
class PendingUpload:
    path: Path
    file_name: str
    source: str
    kind: str | None
    group: str | None
    user: str


def _pending(request: Request) -> dict[str, PendingUpload]:
    uploads: dict[str, PendingUpload] = request.app.state.uploads
    return uploads


@router.get("/upload")
def upload_form(request: Request, actor: CurrentActor, lang: CurrentLang) -> Response:
    actor.require(Action.IMPORT)
    return page(request, "upload.html", {"kinds": [k.value for k in SourceKind]}, lang)


@router.post("/upload")
async def upload_preview(
    request: Request,
    actor: CurrentActor,
    lang: CurrentLang,
    settings: Settings,
    file: UploadFile,
    source: Annotated[str, Form(min_length=1, max_length=200)],
    kind: Annotated[str, Form(max_length=30)] = "",
    group: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    actor.require(Action.IMPORT)
    name = Path(file.filename or "upload.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: upload a CSV, TSV, XLSX or JSONL file")
    if kind and kind not in {k.value for k in SourceKind}:
        raise InputError(f"unknown source kind {kind!r}")
    data = await file.read(settings.upload_max_bytes + 1)
    if len(data) > settings.upload_max_bytes:
        raise InputError(f"{name}: larger than {settings.upload_max_bytes:,} bytes")
    folder = Path(tempfile.mkdtemp(prefix="vigil-upload-"))
    path = folder / f"upload{suffix}"
    path.write_bytes(data)
    table = open_table(path)
    rows: list[CheckedRow] = []
    errors: list[RowError] = []
    n = 0
    for checked in validate_rows(table, ColumnMapping(), Gazetteer.load()):
        n += 1
        if len(rows) < PREVIEW_ROWS:
            rows.append(checked)
        if checked.errors and len(errors) < MAX_ERRORS_SHOWN:
            errors.extend(checked.errors)
    bad_rows = len({e.line for e in errors})
    token = secrets.token_urlsafe(16)
    _pending(request)[token] = PendingUpload(
        path, name, source.strip(), kind or None, group.strip() or None, actor.username
    )
    ctx = {
        "token": token,
        "file_name": name,
        "source": source,
        "headers": table.headers,
        "rows": rows,
        "errors": errors,
        "n_rows": n,
        "bad_rows": bad_rows,
    }
    return page(request, "upload_preview.html", ctx, lang)


@router.post("/upload/{token}")
def upload_confirm(
    request: Request,
    token: str,
    store: StoreDep,
    actor: CurrentActor,
    lang: CurrentLang,
    skip_invalid: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    actor.require(Action.IMPORT)
    pending = _pending(request).get(token)
    if pending is None or pending.user != actor.username:
        raise NotFound("this upload has expired; upload the file again")
    try:
        result = import_file(
            store,
            pending.path,
            source=pending.source,
            kind=SourceKind(pending.kind) if pending.kind else None,
            group=pending.group,
            skip_invalid=bool(skip_invalid),
            rejects=pending.path.with_name("rejects.csv"),
            actor=actor.username,
        )
    except ImportRejected as e:
        return page(
            request,
            "upload_done.html",
            {"result": None, "rejected": e, "file_name": pending.file_name},
            lang,
            status=422,
        )
    _pending(request).pop(token, None)
    return page(
        request,
        "upload_done.html",
        {"result": result, "rejected": None, "file_name": pending.file_name},
        lang,
    )
