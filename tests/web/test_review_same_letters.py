"""The web review queue on a linked store: a same-letters pair the run stored unscored is
shown with its reason and decided through the same route, service and table as any pair."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.linkage.synthetic import population
from tests.linkage.test_linking_service import _load
from tests.web.conftest import csrf_of, sign_in
from tests.web.seed import add_user
from vigil.services import linking, review
from vigil.store import Store, open_store
from vigil.store.models import AuditEntry, LinkDecision, LinkPair, SourceRecord
from vigil.web import WebSettings, create_app


@pytest.fixture
def linked_store(tmp_path: Path) -> Iterator[Store]:
    """220 synthetic persons' records, linked once; only the same-letters pairs left to
    review (every scored pair moved out of the review bounds), so the queue's first page
    holds them whatever their rank."""
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}", create=True)
    rows, _truth = population(220, seed=4)
    _load(store, rows)
    linking.run_linkage(store)
    with store.session() as s:
        for p in s.scalars(select(LinkPair).where(LinkPair.kind == linking.SCORED)):
            p.match_probability = max(p.match_probability, 0.995)
    add_user(store, "editor", "editor")
    yield store
    store.close()


@pytest.fixture
def editor(linked_store: Store) -> TestClient:
    app = create_app(linked_store, WebSettings(secret_key="test-secret-key"))
    return sign_in(TestClient(app, follow_redirects=False), "editor")


def test_queue_shows_and_decides_a_same_letters_pair(
    linked_store: Store, editor: TestClient
) -> None:
    with linked_store.session() as s:
        items = review.review_items(s, None, limit=20, by_impact=True)
    assert items and all(i.kind == linking.SAME_LETTERS for i in items)
    item = items[0]
    assert item.note is not None
    assert item.left["person_id"] != item.right["person_id"]  # two persons before
    page = editor.get("/review").text
    assert f'id="pair-{item.pair_id}"' in page
    assert "not scored by the model" in page
    assert f'id="why-{item.pair_id}"' in page and html.escape(item.note) in page
    assert page.index(f'id="pair-{items[0].pair_id}"') < page.index(f'id="pair-{items[1].pair_id}"')

    token = csrf_of(editor, "/review")
    r = editor.post(
        f"/review/{item.pair_id}",
        data={"decision": "confirm", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "P-0" in r.text
    again = editor.post(
        f"/review/{item.pair_id}", data={"decision": "separate", "csrf_token": token}
    )
    assert again.status_code == 400 and "already decided: confirm, by editor" in again.text
    unknown = editor.post("/review/999999", data={"decision": "confirm", "csrf_token": token})
    assert unknown.status_code == 404 and "no review pair 999999" in unknown.text
    assert f'id="pair-{item.pair_id}"' not in editor.get("/review").text

    linking.run_linkage(linked_store)
    a, b = sorted((item.record_l, item.record_r))
    with linked_store.session() as s:
        decided = s.execute(
            select(LinkDecision.record_a, LinkDecision.record_b, LinkDecision.decision)
        ).all()
        person = dict(s.execute(select(SourceRecord.id, SourceRecord.person_id)).all())
        logged = s.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "link_decision")
        ).all()
    assert decided == [(a, b, "confirm")] and logged == ["editor"]
    assert person[a] == person[b]  # the next linkage obeys the decision
