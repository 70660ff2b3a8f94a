"""CSV/XLSX upload: preview with every validation error row by row; import only on confirmation.

Between preview and confirmation the file waits in the store, sealed under the server's
key (`vigil.services.uploads`), bound to its user, so any server process can confirm it.
It is never written to disk in plaintext: the readers and the importer read it from an
anonymous in-memory file (Linux ``memfd``), reached through a symbolic link named like the
upload (they pick the format by suffix) in a private temporary folder that holds nothing
else and is removed when the request ends. The multipart parser keeps uploads up to
`WebSettings.upload_max_bytes` in memory (`web/bodylimit.BodyLimit` refuses larger bodies before
they are read). Confirming imports the file all or nothing and deletes the pending upload;
"Cancel" deletes it; so does its expiry (`WebSettings.upload_ttl_s`).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.formparsers import MultiPartParser

from vigil.domain import SourceKind
from vigil.errors import ImportRejected, InputError, NotFound, RowError
from vigil.ingest import CheckedRow, ColumnMapping, open_table, validate_rows
from vigil.places import Gazetteer
from vigil.security.permissions import Action
from vigil.services import uploads
from vigil.services.importing import import_file
from vigil.web.csrf import csrf_protect
from vigil.web.deps import CurrentActor, CurrentLang, Settings, StoreDep
from vigil.web.render import page
from vigil.web.settings import WebSettings

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

SUFFIXES = (".csv", ".xlsx", ".jsonl", ".tsv")
PREVIEW_ROWS = 20
MAX_ERRORS_SHOWN = 500
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the form's other fields


def keep_uploads_in_memory(settings: WebSettings) -> None:
    """Let the multipart parser hold a whole allowed upload in memory instead of spilling
    it to a temporary file (Starlette's default beyond 1 MiB)."""
    MultiPartParser.spool_max_size = max(
        MultiPartParser.spool_max_size, settings.upload_max_bytes + FORM_OVERHEAD
    )


def _safe_name(name: str) -> str:
    """The upload's file name as a single path component (it names the import)."""
    cleaned = re.sub(r"[\x00-\x1f\x7f/\\]", "_", Path(name).name).strip() or "upload.csv"
    stem, suffix = os.path.splitext(cleaned)
    return stem[:150] + suffix


@contextmanager
def in_memory_files(name: str, data: bytes) -> Iterator[tuple[Path, Path]]:
    """(path of the upload, path for a rejects file), both backed by memory only.

    Each path is a symbolic link into ``/proc/<pid>/fd/`` to a ``memfd``; both the
    memory files and the private folder holding the links are gone when the block ends.
    """
    if not hasattr(os, "memfd_create"):
        raise InputError("uploads need Linux (memfd_create), so files never reach the disk")
    folder = Path(tempfile.mkdtemp(prefix="vigil-upload-"))
    fds: list[int] = []
    try:
        paths = []
        for link_name, content in ((_safe_name(name), data), ("rejects.csv", b"")):
            fd = os.memfd_create("vigil-upload", os.MFD_CLOEXEC)
            fds.append(fd)
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            link = folder / link_name
            os.symlink(f"/proc/{os.getpid()}/fd/{fd}", link)
            paths.append(link)
        yield paths[0], paths[1]
    finally:
        for fd in fds:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


@router.get("/upload")
def upload_form(request: Request, actor: CurrentActor, lang: CurrentLang) -> Response:
    actor.require(Action.IMPORT)
    return page(request, "upload.html", {"kinds": [k.value for k in SourceKind]}, lang)


@router.post("/upload")
async def upload_preview(
    request: Request,
    store: StoreDep,
    actor: CurrentActor,
    lang: CurrentLang,
    settings: Settings,
    file: UploadFile,
    source: Annotated[str, Form(min_length=1, max_length=200)],
    kind: Annotated[str, Form(max_length=30)] = "",
    group: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    actor.require(Action.IMPORT)
    name = _safe_name(file.filename or "upload.csv")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: upload a CSV, TSV, XLSX or JSONL file")
    if kind and kind not in {k.value for k in SourceKind}:
        raise InputError(f"unknown source kind {kind!r}")
    data = await file.read(settings.upload_max_bytes + 1)
    await file.close()
    if len(data) > settings.upload_max_bytes:
        raise InputError(f"{name}: larger than {settings.upload_max_bytes:,} bytes")
    rows: list[CheckedRow] = []
    errors: list[RowError] = []
    n = 0
    with in_memory_files(name, data) as (path, _):
        table = open_table(path)
        for checked in validate_rows(table, ColumnMapping(), Gazetteer.load()):
            n += 1
            if len(rows) < PREVIEW_ROWS:
                rows.append(checked)
            if checked.errors and len(errors) < MAX_ERRORS_SHOWN:
                errors.extend(checked.errors)
    bad_rows = len({e.line for e in errors})
    pending = uploads.Upload(
        name, source.strip(), kind or None, group.strip() or None, actor.username, data
    )
    with store.session() as s:
        uploads.purge_expired(s)
        token = uploads.put(s, request.app.state.upload_key, pending, settings.upload_ttl_s)
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


def _pending(request: Request, store: StoreDep, token: str, user: str) -> uploads.Upload:
    with store.session() as s:
        uploads.purge_expired(s)
        pending = uploads.get(s, request.app.state.upload_key, token, user)
    if pending is None:
        raise NotFound("this upload has expired; upload the file again")
    return pending


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
    pending = _pending(request, store, token, actor.username)
    with in_memory_files(pending.file_name, pending.data) as (path, rejects):
        try:
            result = import_file(
                store,
                path,
                source=pending.source,
                kind=SourceKind(pending.kind) if pending.kind else None,
                group=pending.group,
                skip_invalid=bool(skip_invalid),
                rejects=rejects,
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
    with store.session() as s:
        uploads.discard(s, token, actor.username)
    # Paths on the server mean nothing to the browser (and the rejects file is gone).
    shown = dataclasses.replace(result, file=pending.file_name, rejects_file=None)
    return page(
        request,
        "upload_done.html",
        {"result": shown, "rejected": None, "file_name": pending.file_name},
        lang,
    )


@router.post("/upload/{token}/cancel")
def upload_cancel(token: str, store: StoreDep, actor: CurrentActor) -> Response:
    """Abandon a previewed upload: it is deleted from the store at once."""
    actor.require(Action.IMPORT)
    with store.session() as s:
        uploads.discard(s, token, actor.username)
    return RedirectResponse("/upload", status_code=303)
