"""Fixtures for the web tests: a seeded store, an app, and signed-in clients per role."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.web.seed import PASSWORD, World, seed
from vigil.store import Store
from vigil.web import WebSettings, create_app


@pytest.fixture
def world(sqlite_store: Store) -> World:
    return seed(sqlite_store)


@pytest.fixture
def app_client(sqlite_store: Store, world: World) -> TestClient:
    app = create_app(sqlite_store, WebSettings(secret_key="test-secret-key", estimate_wait_s=60.0))
    return TestClient(app, follow_redirects=False)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    html = client.get(path).text
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, f"no CSRF token on {path}"
    return m.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    r = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
def client_as(app_client: TestClient) -> Callable[[str], TestClient]:
    def make(username: str) -> TestClient:
        return sign_in(app_client, username)

    return make
