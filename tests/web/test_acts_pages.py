"""Acts on the web: the intake form takes them (codes or the source's own words), the
person page shows every source's account side by side, disagreement marked, in English
and Persian. Synthetic data only."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.conftest import csrf_of
from tests.web.seed import World
from vigil.store import Store
from vigil.store.models import Act, Source


def _report(c: TestClient, **fields: str) -> str:
    token = csrf_of(c, "/intake")
    r = c.post("/intake", data={**fields, "csrf_token": token, "action": "save"})
    assert r.status_code == 303, r.text
    return str(r.headers["location"]).split("?")[0].rsplit("/", 1)[1]


def test_intake_form_offers_act_fields(client_as: Callable[[str], TestClient]) -> None:
    html = client_as("editor").get("/intake").text
    assert 'id="act-fields"' in html and 'name="perpetrator"' in html
    assert '<option value="plainclothes">' in html and 'name="sentence"' in html


def test_person_page_shows_sources_side_by_side_and_disagreement(
    client_as: Callable[[str], TestClient], world: World, sqlite_store: Store
) -> None:
    c = client_as("editor")
    base = {"name": "Synthetic Kasra Azmoon", "violation": "killed", "date": "2019-11-17"}
    pid = _report(c, **base, method="گلوله جنگی", perpetrator="police", perpetrator_by="family")
    with sqlite_store.session() as s:
        other = Source(name="Synthetic second list", kind="ngo", independence_group="S2")
        s.add(other)
        s.flush()
        source_id = other.id
    token = csrf_of(c, "/intake")
    r = c.post(
        "/intake",
        data={
            **base,
            "source": str(source_id),
            "perpetrator": "سپاه",
            "wound": "سر",
            "charges": "baghy",
            "same_as": pid,
            "csrf_token": token,
        },
    )
    assert r.status_code == 303
    with sqlite_store.session() as s:
        acts = s.scalars(select(Act).order_by(Act.id)).all()
        assert [a.perpetrator for a in acts] == ["police", "irgc"]
        assert acts[1].unknown_terms == [{"field": "charges", "raw": "baghy"}]
    html = c.get(f"/persons/{pid}").text
    assert 'id="acts"' in html
    row = html[html.index('id="act-perpetrator"') :]
    row = row[: row.index("</tr>")]
    assert "agreement-differ" in html and "differ" in row
    assert "police" in row and "irgc" in row and "سپاه" in row and "family" in row
    assert 'id="act-method"' in html and "گلوله جنگی" in html
    api = c.get(f"/api/persons/{pid}").json()
    perp = next(a for a in api["acts"] if a["field"] == "perpetrator")
    assert perp["agreement"] == "differ"
    assert [(v["value"], v["raw"]) for v in perp["values"]] == [
        ("police", "police"),
        ("irgc", "سپاه"),
    ]
    # In Persian, codes are shown in Persian.
    token = csrf_of(c, "/victims")
    c.post("/prefs", data={"lang": "fa", "calendar": "jalali", "csrf_token": token, "back": "/"})
    fa = c.get(f"/persons/{pid}").text
    assert "سپاه پاسداران" in fa and "نیروی انتظامی" in fa and "گلوله جنگی" in fa


def test_web_intake_and_person_page_keep_every_perpetrator_named(
    client_as: Callable[[str], TestClient], world: World, sqlite_store: Store
) -> None:
    c = client_as("editor")
    pid = _report(
        c,
        name="Synthetic Navid Kamali",
        violation="killed",
        date="2019-11-17",
        perpetrator="سپاه و بسیج",
        wound="head and chest",
    )
    with sqlite_store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.perpetrator, act.perpetrator_also) == ("irgc", ["basij"])
        assert (act.wound, act.wound_also) == ("head", ["chest"])
    html = c.get(f"/persons/{pid}").text
    assert "irgc, basij" in html and "head, chest" in html
    assert "[&#39;" not in html and "['" not in html
