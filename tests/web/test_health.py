"""`GET /healthz`: what load balancers and bench/web.py wait for before sending work."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError


def test_health_answers_without_signing_in(app_client: TestClient) -> None:
    r = app_client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_health_says_503_when_the_store_does_not_answer(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Gone:
        def connect(self) -> None:
            raise OperationalError("SELECT 1", {}, Exception("database is gone"))

    class Unreachable:
        engine = Gone()

    monkeypatch.setattr(app_client.app.state, "store", Unreachable())  # type: ignore[attr-defined]
    r = app_client.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"status": "store unavailable"}
