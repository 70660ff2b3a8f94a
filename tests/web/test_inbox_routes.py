"""The field inbox's routes without a browser: the page only for a live invitation, a strict
CSP, and every refusal of the submit endpoint as JSON naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from vigil.security.envelope import read_public_key, seal_report, write_key_pair
from vigil.services import inbox
from vigil.store import Store
from vigil.web import WebSettings, create_app


def _client(store: Store, public: Path | None, per_hour: int = 30) -> TestClient:
    settings = WebSettings(
        secret_key="k",
        inbox_public_key=str(public) if public else None,
        inbox_reports_per_hour=per_hour,
    )
    return TestClient(create_app(store, settings), follow_redirects=False)


def test_page_needs_a_configured_key_and_a_live_invitation(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _, public, _ = write_key_pair(tmp_path / "k")
    info, token = inbox.new_invite(sqlite_store, "reporter")
    assert _client(sqlite_store, None).get(f"/inbox/r/{token}").status_code == 404
    client = _client(sqlite_store, public)
    page = client.get(f"/inbox/r/{token}?lang=en")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    assert f'data-invite="{info.id}"' in page.text and 'dir="ltr"' in page.text
    assert "<script>" not in page.text  # no inline script
    assert 'dir="rtl"' in client.get(f"/inbox/r/{token}").text  # Persian by default
    assert "نام شاهد" in page.text  # both languages are in the page, for offline switching
    manifest = client.get(f"/inbox/r/{token}/manifest.webmanifest").json()
    assert manifest["start_url"] == f"/inbox/r/{token}" and manifest["scope"] == "/inbox/"
    sw = client.get("/inbox/sw.js")
    assert sw.status_code == 200 and "javascript" in sw.headers["content-type"]
    assert client.get("/inbox/r/nope").status_code == 403
    inbox.revoke_invite(sqlite_store, info.id)
    assert client.get(f"/inbox/r/{token}").status_code == 403
    assert client.get(f"/inbox/r/{token}/manifest.webmanifest").status_code == 403


def test_submit_answers(sqlite_store: Store, tmp_path: Path) -> None:
    _, public, _ = write_key_pair(tmp_path / "k")
    key = read_public_key(public)
    info, token = inbox.new_invite(sqlite_store, "reporter")
    client = _client(sqlite_store, public, per_hour=3)

    def post(body: bytes | str, tok: str = token) -> tuple[int, dict[str, object]]:
        r = client.post("/inbox/submit", content=body, headers={"X-Vigil-Invite": tok})
        return r.status_code, r.json()

    envelope = json.dumps(seal_report(key, info.id, {"fields": {"name": "A"}, "files": []}))
    assert post(envelope, "wrong")[0] == 403
    status, answer = post(envelope)
    assert status == 201 and answer["received"]
    status, answer = post(envelope)
    assert status == 409 and answer["error"] == "replayed" and answer["same"] is True
    status, answer = post("{not json")
    assert status == 400 and answer["error"] == "envelope"
    r = client.post("/inbox/submit", content=envelope, headers={"X-Vigil-Invite": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert "set-cookie" not in r.headers
