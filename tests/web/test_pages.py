"""Pages: cross-script search, filters, person page, intake warning, review, dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.web.conftest import csrf_of
from tests.web.seed import World
from vigil.store import Store
from vigil.store.models import LinkDecision, Person, SourceRecord


def _ids(html: str) -> set[str]:
    return set(re.findall(r'href="/persons/(P-\d+)"', html))


def test_search_in_latin_finds_persian_and_back(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("viewer")
    latin = _ids(c.get("/victims", params={"q": "Mohammad"}).text)
    persian = _ids(c.get("/victims", params={"q": "محمد"}).text)
    assert latin == persian == {"P-000001", "P-000002"}
    assert _ids(c.get("/victims", params={"q": "Muhammad HOSSEINI"}).text) == latin
    assert _ids(c.get("/victims", params={"q": "Reza Karimi"}).text) == {"P-000004"}
    assert _ids(c.get("/victims", params={"q": "کریمی"}).text) == {"P-000004"}
    assert "No person matches" in c.get("/victims", params={"q": "Farhad"}).text


def test_filters(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("viewer")
    assert _ids(c.get("/victims", params={"grade": "fair"}).text) == {"P-000004"}
    assert _ids(c.get("/victims", params={"province": "07"}).text) == {"P-000003", "P-000004"}
    assert _ids(c.get("/victims", params={"city": "112931"}).text) == {"P-000001", "P-000002"}
    assert _ids(c.get("/victims", params={"violation": "arrested"}).text) == {"P-000003"}
    # Dates in either calendar: 1398-08-27 is 2019-11-18.
    only_last = {"P-000004"}
    assert _ids(c.get("/victims", params={"date_from": "2019-11-18"}).text) == only_last
    assert _ids(c.get("/victims", params={"date_from": "۱۳۹۸-۰۸-۲۷"}).text) == only_last
    assert _ids(c.get("/victims", params={"date_to": "2019-11-16"}).text) == {
        "P-000001",
        "P-000002",
    }
    src = c.get("/victims").text
    m = re.search(r'<option value="(\d+)" >Media reports', src)
    assert m
    assert _ids(c.get("/victims", params={"source": m.group(1)}).text) == {"P-000002", "P-000004"}


def test_bad_filter_values_are_reported_not_crashed(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("viewer")
    r = c.get("/victims", params={"date_from": "not a date", "city": "x", "page": "-3"})
    assert r.status_code == 200
    assert 'class="error"' in r.text


def test_htmx_search_returns_only_the_results(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("viewer")
    r = c.get(
        "/victims", params={"q": "Zahra"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert "<html" not in r.text and "P-000003" in r.text


def test_person_page_shows_records_evidence_reasons_timeline(
    client_as: Callable[[str], TestClient], world: World
) -> None:
    c = client_as("admin")
    html = c.get("/persons/P-000001").text
    assert "محمد حسینی" in html and 'dir="auto"' in html
    assert "NGO list" in html
    assert "one source" in html  # grade reason
    assert 'id="timeline"' in html and "killed" in html
    assert "exact key" in html  # why linked: the pair's field-by-field explanation
    assert 'id="history"' in html  # admin may read the audit log
    assert c.get("/persons/P-999999").status_code == 404


def test_viewer_sees_no_sensitive_field(
    client_as: Callable[[str], TestClient], world: World
) -> None:
    c = client_as("viewer")
    html = c.get("/persons/P-000001").text
    assert "should never be shown" not in html
    assert "[withheld]" in html
    api = c.get("/api/persons/P-000001").json()
    assert "should never be shown" not in str(api)
    rec = c.get(f"/api/records/{world.records['r1']}").json()
    assert "witness_name" not in rec["raw"]


def test_editor_sees_sensitive_raw_field(
    client_as: Callable[[str], TestClient], world: World
) -> None:
    c = client_as("editor")
    rec = c.get(f"/api/records/{world.records['r1']}").json()
    assert rec["raw"]["witness_name"] == "should never be shown"


def test_persian_interface_is_right_to_left(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("viewer")
    token = csrf_of(c, "/victims")
    r = c.post(
        "/prefs", data={"lang": "fa", "calendar": "jalali", "csrf_token": token, "back": "/victims"}
    )
    assert r.status_code == 303
    html = c.get("/victims").text
    assert '<html lang="fa" dir="rtl">' in html
    assert "قربانیان" in html  # "Victims", from the Persian catalog
    assert "۲۵ آبان ۱۳۹۸" in html  # 2019-11-16 shown in the Jalali calendar, Persian digits


def test_intake_warns_of_existing_person_then_saves(
    client_as: Callable[[str], TestClient], sqlite_store: Store
) -> None:
    c = client_as("editor")
    token = csrf_of(c, "/intake")
    form = {
        "name": "Muhammad Hosseini",
        "violation": "killed",
        "date": "1398-08-25",
        "province": "Tehran",
        "city": "Tehran",
        "age": "24",
        "csrf_token": token,
    }
    r = c.post("/intake", data={**form, "action": "check"})
    assert r.status_code == 200
    assert 'id="duplicate-warning"' in r.text
    assert _ids(r.text) >= {"P-000001", "P-000002"}
    with sqlite_store.session() as s:
        before = s.scalar(select(func.count(SourceRecord.id)))
    # Attach to an existing person: no new person, one more record.
    r = c.post("/intake", data={**form, "same_as": "P-000001"})
    assert r.status_code == 303 and r.headers["location"].startswith("/persons/P-000001")
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count(SourceRecord.id))) == before + 1
        assert s.scalar(select(func.count(Person.id))) == 4
        p = s.get(Person, "P-000001")
        assert p is not None and p.n_sources == 2
    # Save a new person.
    new = {**form, "name": "Farhad Nouri", "action": "check"}
    r = c.post("/intake", data=new)
    assert 'id="no-duplicates"' in r.text
    r = c.post("/intake", data={**new, "action": "save"})
    assert r.status_code == 303
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count(Person.id))) == 5


def test_intake_reports_bad_values(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("editor")
    token = csrf_of(c, "/intake")
    r = c.post(
        "/intake",
        data={"name": "", "violation": "", "date": "99/99/99", "age": "old", "csrf_token": token},
    )
    assert r.status_code == 422
    assert 'id="intake-errors"' in r.text


def test_viewer_cannot_enter_or_decide(
    client_as: Callable[[str], TestClient], world: World
) -> None:
    c = client_as("viewer")
    assert c.get("/intake").status_code == 403
    token = csrf_of(c, "/victims")
    r = c.post(f"/review/{world.pair_id}", data={"decision": "confirm", "csrf_token": token})
    assert r.status_code == 403


def test_review_confirm_merges_and_dashboard_follows(
    client_as: Callable[[str], TestClient], world: World, sqlite_store: Store
) -> None:
    c = client_as("editor")
    dash = c.get("/dashboard").text
    assert re.search(r'id="n-persons">4<', dash)
    html = c.get("/review").text
    assert f'id="pair-{world.pair_id}"' in html and "exact key" in html
    token = csrf_of(c, "/review")
    r = c.post(
        f"/review/{world.pair_id}",
        data={"decision": "confirm", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "P-00000" in r.text
    with sqlite_store.session() as s:
        d = s.scalar(select(LinkDecision))
        assert d is not None and d.decision == "confirm"
        assert sorted((d.record_a, d.record_b)) == sorted(
            (world.records["r1"], world.records["r2"])
        )
    dash = c.get("/dashboard").text
    assert re.search(r'id="n-persons">3<', dash)
    assert 'id="queue-empty"' in c.get("/review").text
    stats = c.get("/api/statistics").json()
    assert stats["persons"] == 3


def test_review_separate_keeps_persons_apart(
    client_as: Callable[[str], TestClient], world: World, sqlite_store: Store
) -> None:
    c = client_as("editor")
    token = csrf_of(c, "/review")
    r = c.post(f"/review/{world.pair_id}", data={"decision": "separate", "csrf_token": token})
    assert r.status_code == 303
    with sqlite_store.session() as s:
        assert s.scalar(select(LinkDecision.decision)) == "separate"
        assert s.scalar(select(func.count(Person.id)).where(Person.active.is_(True))) == 4


def test_dashboard_shows_charts_and_map(client_as: Callable[[str], TestClient]) -> None:
    c = client_as("viewer")
    html = c.get("/dashboard").text
    assert html.count("<svg") >= 6
    assert "<circle" in html  # the dead by city on the map
    assert html.count("<path") >= 31  # every province outline
    assert "Official source" in html
