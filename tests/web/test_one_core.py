"""One person, one search: the JSON API, the facade and the CLI read the same service and
answer with the same shapes (`services.persons.PersonDetail`, `services.search.VictimRow`)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from typer.testing import CliRunner

import vigil
from tests.web.seed import PASSWORD, World
from vigil.cli.app import app
from vigil.services.persons import PersonDetail, RecordRow
from vigil.services.search import VictimRow
from vigil.store import Store


def test_api_and_facade_give_the_same_person(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    api = client_as("viewer").get("/api/persons/P-000001").json()
    with vigil.open(sqlite_store.url, user="viewer", password=PASSWORD) as v:
        person = v.person("P-000001")
    assert isinstance(person, PersonDetail)
    assert TypeAdapter(PersonDetail).dump_python(person, mode="json") == api
    assert api["records"] and "witness_name" not in api["records"][0]["raw"]  # viewer


def test_api_records_are_the_service_rows(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    from vigil.domain import Role
    from vigil.security.permissions import Actor
    from vigil.services.persons import get_record

    rid = world.records["r1"]
    api = client_as("editor").get(f"/api/records/{rid}").json()
    with sqlite_store.session() as s:
        row = get_record(s, rid, Actor("editor", Role.EDITOR))
    assert TypeAdapter(RecordRow).dump_python(row, mode="json") == api


def test_search_finds_the_same_persons_everywhere(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    """``Mohammad`` finds the Persian and the Latin spelling, from each way in."""
    api = client_as("viewer").get("/api/persons", params={"q": "Mohammad"}).json()
    api_ids = [p["id"] for p in api["persons"]]
    assert api_ids == ["P-000001", "P-000002"]
    with vigil.open(sqlite_store.url, user="viewer", password=PASSWORD) as v:
        page = v.search_persons("محمد")
        assert [r.id for r in page.rows] == api_ids
        assert TypeAdapter(list[VictimRow]).dump_python(page.rows, mode="json") == api["persons"]
        first = v.search_persons("Mohammad", limit=1)
        assert [r.id for r in first.rows] == ["P-000001"] and first.has_next
        assert [r.id for r in v.search_persons("Mohammad", after="P-000001").rows] == ["P-000002"]
    res = CliRunner().invoke(
        app,
        ["--db", sqlite_store.url, "--user", "admin", "person", "search", "Mohammad", "-n", "1"],
        env={"VIGIL_PASSWORD": PASSWORD},
    )
    assert res.exit_code == 0, res.output
    assert "P-000001" in res.output and "P-000002" not in res.output
    assert "--after P-000001" in res.output


def test_a_report_through_the_facade_is_the_web_forms_intake(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    import pytest

    from vigil.errors import InputError, PermissionDenied

    report = {"name": "Ali Rezaei", "date": "2019-11-17", "violation": "killed", "age": "30"}
    with (
        vigil.open(sqlite_store.url, user="viewer", password=PASSWORD) as v,
        pytest.raises(PermissionDenied),
    ):
        v.intake(**report)
    with vigil.open(sqlite_store.url, user="editor", password=PASSWORD) as v:
        with pytest.raises(InputError, match="colour"):
            v.intake(**report, colour="red")
        with pytest.raises(InputError, match="age"):
            v.intake(**{**report, "age": "very old"})
        pid = v.intake(**report)
        assert v.person(pid).records[0].name_raw == "Ali Rezaei"
    api = client_as("viewer").get("/api/persons", params={"q": "علی رضایی"}).json()
    assert pid in [p["id"] for p in api["persons"]]


def test_the_language_chosen_is_kept_on_the_user(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    """`/prefs` saves through `users.set_locale`; a session's user is read by `active_user`."""
    from sqlalchemy import select

    from tests.web.conftest import csrf_of
    from vigil.services import users
    from vigil.store.models import User

    c = client_as("viewer")
    data = {"lang": "fa", "csrf_token": csrf_of(c, "/victims"), "back": "/victims"}
    assert c.post("/prefs", data=data).status_code == 303
    with sqlite_store.session() as s:
        assert users.locale_of(s, "viewer") == "fa" and users.locale_of(s, "nobody") == "en"
        s.scalars(select(User).where(User.username == "viewer")).one().active = False
    with sqlite_store.session() as s:
        assert users.active_user(s, "viewer") is None
    assert c.get("/victims").status_code == 303  # a deactivated user's session ends
