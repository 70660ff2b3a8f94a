"""POST /api/records: bearer tokens, scopes, roles, CSRF for sessions, per-record answers,
idempotency, body and rate limits, and JSON errors (never a traceback)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from tests.web.conftest import csrf_of, sign_in
from tests.web.seed import World
from vigil.domain import Role
from vigil.security.permissions import Actor
from vigil.services import tokens, users
from vigil.store import Store
from vigil.store.models import ImportBatch, SourceRecord
from vigil.web import WebSettings, create_app

ADMIN = Actor("admin", Role.ADMIN)
SOURCE = {"name": "Partner NGO", "kind": "ngo"}
GOOD = {
    "record_id": "NGO-1",
    "name": "Reza Karimi",
    "sex": "male",
    "age": 31,
    "date": "2019-11-17",
    "city": "Shiraz",
    "violation": "killed",
}
BAD = {"record_id": "NGO-2", "name": "Synthetic Person", "age": "-5", "date": "next Tuesday"}
BATCH = {"source": SOURCE, "records": [GOOD, BAD]}

Make = Callable[..., str]


@pytest.fixture
def make_token(sqlite_store: Store, world: World) -> Make:
    def make(user: str = "editor", *scopes: str, **kw: object) -> str:
        with sqlite_store.session() as s:
            made = tokens.create_token(
                s,
                ADMIN,
                user,
                scopes or ("records:write",),
                **kw,  # type: ignore[arg-type]
            )
        return made.token

    return make


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(SourceRecord)) or 0,
            s.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        )


def test_a_batch_is_answered_record_by_record(
    app_client: TestClient, make_token: Make, sqlite_store: Store
) -> None:
    before = _counts(sqlite_store)
    r = app_client.post("/api/records", json=BATCH, headers=_bearer(make_token()))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["source"], body["added"], body["rejected"]) == ("Partner NGO", 1, 1)
    good, bad = body["records"]
    assert (good["index"], good["record_id"], good["status"], good["errors"]) == (
        0,
        "NGO-1",
        "added",
        [],
    )
    assert (bad["index"], bad["record_id"], bad["status"]) == (1, "NGO-2", "rejected")
    assert {e["field"] for e in bad["errors"]} == {"age", "date"}
    assert all(e["reason"] for e in bad["errors"])
    assert _counts(sqlite_store) == (before[0] + 1, before[1] + 1)
    with sqlite_store.session() as s:
        rec = s.scalar(select(SourceRecord).where(SourceRecord.source_record_id == "NGO-1"))
        assert rec is not None and rec.created_by == "editor" and rec.age == 31


def test_same_batch_twice_adds_nothing_and_changes_conflict(
    app_client: TestClient, make_token: Make, sqlite_store: Store
) -> None:
    headers = _bearer(make_token())
    assert app_client.post("/api/records", json=BATCH, headers=headers).json()["added"] == 1
    after_first = _counts(sqlite_store)
    again = app_client.post("/api/records", json=BATCH, headers=headers).json()
    assert [x["status"] for x in again["records"]] == ["unchanged", "rejected"]
    assert (again["added"], again["unchanged"], again["import_id"]) == (0, 1, None)
    assert _counts(sqlite_store) == after_first
    changed = {"source": SOURCE, "records": [{**GOOD, "age": 32}]}
    r = app_client.post("/api/records", json=changed, headers=headers).json()
    (only,) = r["records"]
    assert (only["status"], r["conflicts"]) == ("conflict", 1)
    assert "never overwritten" in only["errors"][0]["reason"]
    assert _counts(sqlite_store) == after_first


def test_bad_tokens_get_401_with_a_clear_json_error(
    app_client: TestClient, make_token: Make, sqlite_store: Store
) -> None:
    token = make_token()
    cases = {
        "sign in first": {},
        "unknown API token": _bearer(token[:-2] + "zz"),
        "not a Vigil API token": _bearer("hello"),
        "Authorization: Bearer": {"Authorization": "Basic dXNlcjpwdw=="},
    }
    for message, headers in cases.items():
        r = app_client.post("/api/records", json=BATCH, headers=headers)
        assert r.status_code == 401, (message, r.text)
        assert message in r.json()["detail"] and "Traceback" not in r.text
        assert r.headers["www-authenticate"].startswith("Bearer")
    expired = make_token("editor", "records:write", expires_days=1)
    with sqlite_store.session() as s:
        s.execute(text("UPDATE api_tokens SET expires_at = '2020-01-01 00:00:00'"))
    r = app_client.post("/api/records", json=BATCH, headers=_bearer(expired))
    assert r.status_code == 401 and "expired on 2020-01-01" in r.json()["detail"]
    assert _counts(sqlite_store)[0] == 4  # the seeded records only


def test_revoked_and_deactivated_users_tokens_are_refused(
    app_client: TestClient, make_token: Make, sqlite_store: Store
) -> None:
    revoked, live = make_token(), make_token()
    with sqlite_store.session() as s:
        tokens.revoke_token(s, ADMIN, revoked.split("_")[1])
    r = app_client.post("/api/records", json=BATCH, headers=_bearer(revoked))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
    with sqlite_store.session() as s:
        users.set_active(s, ADMIN, "editor", False)
    r = app_client.post("/api/records", json=BATCH, headers=_bearer(live))
    assert r.status_code == 401 and "user deactivated" in r.json()["detail"]


def test_scopes_and_roles_limit_a_token(app_client: TestClient, make_token: Make) -> None:
    read = make_token("admin", "read")
    r = app_client.post("/api/records", json=BATCH, headers=_bearer(read))
    assert r.status_code == 403 and "needs records:write" in r.json()["detail"]
    assert app_client.get("/api/records", headers=_bearer(read)).status_code == 200
    write = make_token("editor", "records:write")
    r = app_client.get("/api/records", headers=_bearer(write))
    assert r.status_code == 403 and "needs read" in r.json()["detail"]
    viewer = make_token("viewer", "read")
    r = app_client.post("/api/records", json=BATCH, headers=_bearer(viewer))
    assert r.status_code == 403
    # A token sees no sensitive field, whatever its user's role; the admin's session does.
    planted = "should never be shown"  # a witness name in the seeded raw fields
    assert planted not in app_client.get("/api/records", headers=_bearer(read)).text
    assert planted in sign_in(app_client, "admin").get("/api/records").text


def test_a_session_needs_its_csrf_token(
    client_as: Callable[[str], TestClient], sqlite_store: Store
) -> None:
    client = client_as("editor")
    r = client.post("/api/records", json=BATCH)
    assert r.status_code == 403 and "did not come from this site" in r.json()["detail"]
    token = csrf_of(client, "/upload")
    r = client.post("/api/records", json=BATCH, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["added"] == 1


def test_body_size_and_rate_limits(sqlite_store: Store, make_token: Make) -> None:
    settings = WebSettings(
        secret_key="k",
        api_body_max_bytes=2000,
        api_writes_per_minute=2,
        api_token_failures_per_minute=3,
    )
    client = TestClient(create_app(sqlite_store, settings), follow_redirects=False)
    headers = _bearer(make_token())
    big = {"source": SOURCE, "records": [{**GOOD, "notes": "x" * 3000}]}
    r = client.post("/api/records", json=big, headers=headers)
    assert r.status_code == 413 and "larger than 2,000 bytes" in r.json()["detail"]
    for _ in range(2):
        assert client.post("/api/records", json=BATCH, headers=headers).status_code == 200
    r = client.post("/api/records", json=BATCH, headers=headers)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    bad = _bearer("vgl_0123456789ab_" + "x" * 43)
    codes = [client.post("/api/records", json=BATCH, headers=bad).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_two_workers_share_the_rate_limits(sqlite_store: Store, make_token: Make) -> None:
    """Two apps over one store (as `vigil serve --workers 2` runs) count as one server."""
    settings = WebSettings(secret_key="k", api_writes_per_minute=2, api_token_failures_per_minute=2)
    workers = [
        TestClient(create_app(sqlite_store, settings), follow_redirects=False) for _ in range(2)
    ]
    headers = _bearer(make_token())
    codes = [
        workers[i % 2].post("/api/records", json=BATCH, headers=headers).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]
    bad = _bearer("vgl_0123456789ab_" + "y" * 43)
    codes = [
        workers[i % 2].post("/api/records", json=BATCH, headers=bad).status_code for i in range(3)
    ]
    assert codes == [401, 401, 429]


def test_batch_shape_errors_are_422_json(app_client: TestClient, make_token: Make) -> None:
    headers = _bearer(make_token())
    for body in (
        {"source": SOURCE, "records": []},
        {"source": {"name": "\x00"}, "records": [GOOD]},
        {"source": SOURCE, "records": [{"name": "no id"}]},
        {"source": SOURCE, "records": [{**GOOD, "name": "\ud800"}]},
        {"source": SOURCE, "records": [GOOD] * 1001},
    ):
        # json.dumps escapes the lone surrogate as \\ud800, as a client could send it.
        sent = {**headers, "Content-Type": "application/json"}
        r = app_client.post("/api/records", content=json.dumps(body), headers=sent)
        assert r.status_code == 422, r.text
        assert r.json()["detail"] and "Traceback" not in r.text
    r = app_client.post(
        "/api/records",
        json={"source": SOURCE, "records": [{**GOOD, "Gender": "x"}]},
        headers=headers,
    )
    assert r.status_code == 400 and "field 'Gender' is read as sex" in r.json()["detail"]
    r = app_client.post(
        "/api/records",
        json={"source": {"name": "Partner NGO", "kind": "media"}, "records": [GOOD]},
        headers=headers,
    )
    assert r.status_code == 200  # new source
    r = app_client.post(
        "/api/records",
        json={"source": {"name": "Partner NGO", "kind": "ngo"}, "records": [GOOD]},
        headers=headers,
    )
    assert r.status_code == 400 and "exists with kind 'media'" in r.json()["detail"]


def test_openapi_documents_the_write_api(app_client: TestClient) -> None:
    spec = app_client.get("/api/openapi.json").json()
    op = spec["paths"]["/api/records"]["post"]
    assert {"apiToken": []} in op["security"]
    assert spec["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    assert {"401", "403", "413", "429"} <= set(op["responses"])
    record = spec["components"]["schemas"]["RecordIn"]
    assert "record_id" in record["required"] and record["properties"]["record_id"]["description"]
