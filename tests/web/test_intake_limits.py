"""The web intake refuses what the importer refuses (vigil.ingest.limits, negative ages),
saying which field and why, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.web.conftest import csrf_of
from vigil.store import Store
from vigil.store.models import SourceRecord


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "Synthetic\x07Person", "control character U+0007"),
        ("name", "Synthetic \u202ePerson", "bidirectional control character U+202E"),
        ("father_name", "x" * 201, "longer than 200"),
        ("notes", "a note\x00hidden", "NUL byte"),
        ("age", "-5", "ages cannot be negative"),
    ],
)
def test_intake_refuses_hostile_values(
    client_as: Callable[[str], TestClient],
    sqlite_store: Store,
    field: str,
    value: str,
    reason: str,
) -> None:
    c = client_as("editor")
    token = csrf_of(c, "/intake")
    form = {"name": "Synthetic Person", "violation": "killed", "age": "30", "csrf_token": token}
    with sqlite_store.session() as s:
        before = s.scalar(select(func.count(SourceRecord.id)))
    r = c.post("/intake", data={**form, field: value, "action": "save"})
    assert r.status_code == 422
    assert 'id="intake-errors"' in r.text and reason in r.text
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count(SourceRecord.id))) == before
