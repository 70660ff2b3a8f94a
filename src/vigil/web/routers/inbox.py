"""The offline report page for invited reporters, and the inbox that takes their encrypted
reports (no sign-in: the invitation token is the credential; `vigil.services.inbox`).

The page, its manifest and its service worker let it work offline after one visit; each
report is encrypted in the browser (`static/inbox/envelope.js`) to the organisation's public
key, so what is POSTed here, and stored, is ciphertext the server cannot open.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from vigil.errors import InputError, NotFound
from vigil.ingest.xlsform import GROUPS, QUESTIONS, SEX_LABELS, VIOLATION_LABELS
from vigil.security.envelope import (
    MAX_FILE_BYTES,
    MAX_FILES,
    b64,
    key_id,
    public_point,
    read_public_key,
)
from vigil.services import inbox
from vigil.store import Store
from vigil.web.deps import settings_of
from vigil.web.inbox_text import TEXT

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parents[1] / "static" / "inbox"
INVITE_HEADER = "x-vigil-invite"
PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",  # the URL holds the invitation token
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
    # Stricter than the app's default: no inline style either, nothing from elsewhere.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
}


@cache
def _public_key(path: str) -> ec.EllipticCurvePublicKey:
    return read_public_key(Path(path))


def _org_key(request: Request) -> ec.EllipticCurvePublicKey:
    path = settings_of(request).inbox_public_key
    if not path:
        raise NotFound("this server has no field inbox (set VIGIL_INBOX_PUBLIC_KEY)")
    return _public_key(path)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _questions() -> list[dict[str, Any]]:
    choices = {
        "sex": [(s.value, *SEX_LABELS[s]) for s in SEX_LABELS],
        "violation": [(v.value, *VIOLATION_LABELS[v]) for v in VIOLATION_LABELS],
    }
    out = []
    for q in QUESTIONS:
        kind = "select" if q.list_name in choices else q.type.split()[0]
        out.append(
            {
                "q": q,
                "kind": kind,
                "choices": choices.get(q.list_name or "", []),
                "required": q.required == "yes",
            }
        )
    return out


@router.get("/inbox/r/{token}")
def report_page(request: Request, token: str, lang: str = "fa") -> Response:
    """The report page: only for a live invitation, with the key reports are encrypted to."""
    key = _org_key(request)
    invite = inbox.invite_for_token(_store(request), token)
    lang = lang if lang in ("en", "fa") else "fa"
    templates: Jinja2Templates = request.app.state.templates
    context = {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "t": TEXT,
        "groups": GROUPS,
        "questions": _questions(),
        "invite_id": invite.id,
        "kid": key_id(key),
        "public_key": b64(public_point(key)),
        "token": token,
        "max_files": MAX_FILES,
        "max_file_bytes": MAX_FILE_BYTES,
    }
    return templates.TemplateResponse(request, "inbox_report.html", context, headers=PAGE_HEADERS)


@router.get("/inbox/r/{token}/manifest.webmanifest")
def manifest(request: Request, token: str) -> Response:
    _org_key(request)
    inbox.invite_for_token(_store(request), token)
    body = {
        "name": "Vigil report",
        "short_name": "Vigil",
        "lang": "fa",
        "dir": "auto",
        "start_url": f"/inbox/r/{token}",
        "scope": "/inbox/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#283593",
        "icons": [
            {"src": "/static/inbox/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "/static/inbox/icon-512.png", "sizes": "512x512", "type": "image/png"},
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type="application/manifest+json",
        headers=PAGE_HEADERS,
    )


@router.get("/inbox/sw.js")
def service_worker() -> Response:
    """The service worker, served under /inbox/ so that its scope covers the report pages."""
    return FileResponse(
        STATIC / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/inbox/"},
    )


def _refused(status: int, error: str, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail, **extra}, status_code=status)


@router.post("/inbox/submit")
async def submit(request: Request) -> Response:
    """One encrypted report (the envelope as JSON), with the invitation token in a header."""
    key = _org_key(request)
    token = request.headers.get(INVITE_HEADER, "")
    body = await request.body()
    policy = inbox.InboxPolicy(settings_of(request).inbox_reports_per_hour)
    try:
        receipt = inbox.receive(_store(request), token, body, public_key=key, policy=policy)
    except inbox.InviteRefused as e:
        return _refused(403, "invitation", str(e))
    except inbox.TooManyReports as e:
        response = _refused(429, "rate_limit", str(e))
        response.headers["Retry-After"] = str(int(e.retry_after) + 1)
        return response
    except inbox.ReplayedReport as e:
        return _refused(409, "replayed", str(e), same=e.same, report=e.report_id)
    except InputError as e:
        return _refused(400, "envelope", str(e))
    return JSONResponse({"received": receipt.report_id}, status_code=201)
