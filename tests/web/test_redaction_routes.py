"""The one redaction rule on every channel: a viewer never sees a sensitive value.

Every GET route registered on the app (HTML and API) is requested as a viewer and as an
editor, with every person and record id filled into its path. Sensitive values planted in
the store in plaintext (a default sensitive field in the raw input, and fields the store
marks sensitive: a raw column and the `notes` and `father_name` columns) must never appear
in a viewer's answer; an editor, who may read sensitive fields, does see them (so the test
would notice a redaction that hides everything, or nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.seed import World
from vigil.services import audit
from vigil.store import Store
from vigil.store.models import Person, Setting, SourceRecord

SECRETS = ("should never be shown", "SECRET-PHONE-5550142", "SECRET-NOTE-7731", "SECRETFATHER")


def _plant(store: Store) -> None:
    """Plaintext sensitive values, as a store marked after import had them before sealing."""
    with store.session() as s:
        audit.bind_actor(s, "tester")
        recs = list(s.scalars(select(SourceRecord).order_by(SourceRecord.id)))
        for r in recs:
            r.raw = {**r.raw, "phone": SECRETS[1]}
            r.notes = SECRETS[2]
            r.father_name = SECRETS[3]
        s.add(Setting(key="sensitive_fields", value={"fields": ["phone", "notes", "father_name"]}))


def _routes(app: Any) -> Iterator[str]:
    def walk(routes: Any) -> Iterator[Any]:
        for r in routes:
            if hasattr(r, "path"):
                yield r
            else:
                yield from walk(getattr(getattr(r, "original_router", None), "routes", []))

    for r in walk(app.routes):
        methods = getattr(r, "methods", None) or set()
        if "GET" in methods:
            yield str(r.path)


def _paths(app: Any, store: Store) -> list[str]:
    with store.session() as s:
        persons = list(s.scalars(select(Person.id)))
        records = [str(i) for i in s.scalars(select(SourceRecord.id))]
    out: list[str] = []
    for path in _routes(app):
        if "{person_id}" in path:
            out += [path.replace("{person_id}", p) for p in persons]
        elif "{record_id}" in path:
            out += [path.replace("{record_id}", r) for r in records]
        elif "{token}" in path:  # the field inbox's pages: no record is ever shown there
            out.append(path.replace("{token}", "no-such-invitation"))
        elif "{" not in path:
            out.append(path)
        else:
            pytest.fail(f"route {path} has a path parameter this test does not fill")
    return out


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_no_sensitive_value_on_any_route(
    role: str,
    sqlite_store: Store,
    world: World,
    app_client: TestClient,
    client_as: Callable[[str], TestClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _plant(sqlite_store)
    caplog.set_level(logging.DEBUG)  # logs are a channel too: nothing sensitive at any level
    client = client_as(role)
    paths = _paths(app_client.app, sqlite_store)
    assert any(p.startswith("/persons/") for p in paths) and "/review" in paths
    assert any(p.startswith("/api/records/") for p in paths)
    seen: dict[str, list[str]] = {}
    for path in paths:
        body = client.get(path).text
        for secret in SECRETS:
            if secret in body:
                seen.setdefault(secret, []).append(path)
    logged = [secret for secret in SECRETS if secret in caplog.text]
    assert logged == [], f"sensitive values reached the log: {logged}"
    if role == "viewer":
        assert seen == {}, f"a viewer saw sensitive values: {seen}"
    else:
        assert {SECRETS[1], SECRETS[2], SECRETS[3]} <= seen.keys(), seen
