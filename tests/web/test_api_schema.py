"""Schemathesis against the OpenAPI schema, in process: no server error on any input.

Requests carry a viewer's session (the least privileged role) so they reach the handlers
instead of stopping at the sign-in check; responses must also match the documented models.
The write API (`POST /api/records`) is also driven with an editor's API token, so that
generated batches reach the validation and the importer rather than a 403.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.web.conftest import sign_in
from tests.web.seed import seed
from vigil.domain import Role
from vigil.security.permissions import Actor
from vigil.services import audit, tokens
from vigil.store import Store
from vigil.web import WebSettings, create_app


@pytest.fixture
def api_app(sqlite_store: Store) -> FastAPI:
    seed(sqlite_store)
    return create_app(sqlite_store, WebSettings(secret_key="schema-test"))


@pytest.fixture
def viewer_cookie(api_app: FastAPI) -> Iterator[str]:
    with TestClient(api_app, follow_redirects=False) as client:
        sign_in(client, "viewer")
        cookie = client.cookies.get("vigil_session")
        assert cookie
        yield cookie


def test_no_server_error_on_any_input(api_app: FastAPI, viewer_cookie: str) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", api_app)
    headers = {"Cookie": f"vigil_session={viewer_cookie}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        check()


WRITE_EXAMPLES = 120


@pytest.fixture
def write_app(sqlite_store: Store) -> FastAPI:
    seed(sqlite_store)
    return create_app(
        sqlite_store, WebSettings(secret_key="schema-test", api_writes_per_minute=10_000)
    )


def test_write_api_no_server_error_on_any_batch(write_app: FastAPI, sqlite_store: Store) -> None:
    with sqlite_store.session() as s:
        token = tokens.create_token(s, Actor("admin", Role.ADMIN), "editor", ["records:write"])
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", write_app)
    (operation,) = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.path == "/api/records" and op.method.upper() == "POST"
    ]
    headers = {"Authorization": f"Bearer {token.token}"}
    statuses: Counter[int] = Counter()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=WRITE_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    check()
    print(f"\nPOST /api/records, {WRITE_EXAMPLES} generated batches, statuses: {dict(statuses)}")
    # Generated batches reached the importer (200) and its refusals, not only the gate.
    assert statuses[200] > 0, statuses
    with sqlite_store.session() as s:
        assert audit.verify(s).ok  # whatever was stored, the history holds it


def test_openapi_documents_every_endpoint(api_app: FastAPI) -> None:
    paths = TestClient(api_app).get("/api/openapi.json").json()["paths"]
    assert {
        "/api/records",
        "/api/records/{record_id}",
        "/api/persons",
        "/api/persons/{person_id}",
        "/api/claims",
        "/api/statistics",
    } <= set(paths)
    assert "post" in paths["/api/records"]
