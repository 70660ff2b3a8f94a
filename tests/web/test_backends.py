"""Search and review through the web app on both backends (SQLite and PostgreSQL), with
the in-memory name index following the store as it changes."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.conftest import csrf_of, sign_in
from tests.web.seed import World, seed
from vigil.services.search import NameIndex, VictimFilter, search_victims
from vigil.store import Store
from vigil.store.models import LinkDecision, Person
from vigil.web import WebSettings, create_app


@pytest.fixture
def world_any(store: Store) -> World:
    return seed(store)


@pytest.fixture
def client_any(store: Store, world_any: World) -> TestClient:
    app = create_app(store, WebSettings(secret_key="k", page_size=1, estimate_method="chao"))
    return TestClient(app, follow_redirects=False)


def _ids(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="/persons/(P-\d+)"', html)))


def _next(html: str) -> dict[str, list[str]] | None:
    m = re.search(r'<a href="(/victims\?[^"]+)">Next</a>', html)
    return parse_qs(urlparse(m.group(1).replace("&amp;", "&")).query) if m else None


def _all_pages(c: TestClient, params: dict[str, str]) -> list[str]:
    """Follow the keyset "Next" links, one person per page."""
    seen: list[str] = []
    query: dict[str, str | list[str]] = dict(params)
    for _ in range(10):
        html = c.get("/victims", params=query).text
        seen += _ids(html)
        nxt = _next(html)
        if nxt is None:
            return seen
        assert "after" in nxt
        query = {k: v[0] for k, v in nxt.items()}
    raise AssertionError("paging did not end")


def test_search_across_scripts_pages_by_keyset(client_any: TestClient) -> None:
    c = sign_in(client_any, "viewer")
    assert _all_pages(c, {"q": "Mohammad"}) == ["P-000001", "P-000002"]
    assert _all_pages(c, {"q": "محمد"}) == ["P-000001", "P-000002"]
    assert _all_pages(c, {"q": "Muhammad HOSSEINI", "city": "112931"}) == [
        "P-000001",
        "P-000002",
    ]
    assert _all_pages(c, {"q": "کریمی"}) == ["P-000004"]
    assert _all_pages(c, {"q": "Mohammad", "grade": "fair"}) == []
    # Page numbers still work (the "previous" link and typed URLs).
    assert _ids(c.get("/victims", params={"q": "Mohammad", "page": "2"}).text) == ["P-000002"]
    api = c.get("/api/persons", params={"q": "Mohammad", "after": "P-000001"}).json()
    assert [p["id"] for p in api["persons"]] == ["P-000002"] and not api["has_next"]


def test_index_matches_the_database_query(store: Store, world_any: World) -> None:
    with store.session() as s:
        index = NameIndex.build(s)
        for q in ("Mohammad", "حسینی", "Reza Karimi", "Zahra", "nobody"):
            with_index = search_victims(s, VictimFilter(q=q), 50, index)
            fresh = search_victims(s, VictimFilter(q=q), 50)
            assert with_index == fresh
        everyone = search_victims(s, VictimFilter(), 50)
        assert [r.id for r in everyone.rows] == sorted(world_any.persons.values())


def test_review_confirm_then_search_follows(
    client_any: TestClient, world_any: World, store: Store
) -> None:
    c = sign_in(client_any, "editor")
    before = _all_pages(c, {"q": "Mohammad"})
    assert before == ["P-000001", "P-000002"]
    token = csrf_of(c, "/review")
    r = c.post(
        f"/review/{world_any.pair_id}",
        data={"decision": "confirm", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200
    with store.session() as s:
        d = s.scalar(select(LinkDecision))
        assert d is not None and d.decision == "confirm"
        active = set(s.scalars(select(Person.id).where(Person.active.is_(True))))
    after = _all_pages(c, {"q": "Mohammad"})
    assert len(after) == 1 and set(after) <= active
    assert 'id="queue-empty"' in c.get("/review").text


def test_cli_module_leaves_the_web_stack_unimported() -> None:
    """`vigil` starts fast: fastapi and uvicorn load only when `vigil serve` runs."""
    import subprocess
    import sys

    code = (
        "import sys, vigil.cli.web\n"
        "print([m for m in ('fastapi', 'uvicorn', 'starlette', 'vigil.web') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_security_headers(client_any: TestClient) -> None:
    page = client_any.get("/login")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    docs = client_any.get("/api/docs")
    assert docs.headers["referrer-policy"] == "same-origin"
    assert "content-security-policy" not in docs.headers
