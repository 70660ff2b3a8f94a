"""The dashboard and API show each claim's verdict and the estimate as the statement
services compute them, and recompute them when the store changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.seed import World
from vigil.claims.register import ClaimInput
from vigil.services.claims import add_claim, claim_verdicts
from vigil.services.dashboard import FiguresCache, compute_figures
from vigil.services.search import data_version
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store


def test_figures_are_the_claims_service_verdicts(sqlite_store: Store, world: World) -> None:
    settings = EstimateSettings(method="chao")
    got = compute_figures(sqlite_store, settings)
    with sqlite_store.session() as s:
        expected = claim_verdicts(s, settings=settings)
        assert got.version == data_version(s)
    assert [(v.id, v.verdict, v.reason) for v in got.verdicts] == [
        (v.id, v.verdict, v.reason) for v in expected
    ]
    assert got.floor == expected[0].baseline["documented_floor"]
    assert got.documented == expected[0].baseline["documented_total"]


def test_cache_recomputes_after_a_change(sqlite_store: Store, world: World) -> None:
    cache = FiguresCache(sqlite_store, EstimateSettings(method="chao"), wait_s=60)
    with sqlite_store.session() as s:
        v0 = data_version(s)
    first, pending = cache.get(Scope(), v0)
    assert first is not None and not pending and len(first.verdicts) == 1
    add_claim(
        sqlite_store,
        ClaimInput("Another actor", 1_000, dt.date(2020, 6, 1), "deaths", "synthetic"),
        actor="admin",
    )
    with sqlite_store.session() as s:
        v1 = data_version(s)
    assert v1 > v0
    again, pending = cache.get(Scope(), v1)
    assert again is not None and not pending and again.version == v1
    assert [v.actor for v in again.verdicts] == ["Official source", "Another actor"]


def test_dashboard_and_api_show_verdict_reason_and_estimate(
    client_as: Callable[[str], TestClient], sqlite_store: Store
) -> None:
    c = client_as("viewer")
    html = c.get("/dashboard").text
    with sqlite_store.session() as s:
        (v,) = claim_verdicts(s)  # the app's default estimator settings
    assert v.label in html.replace("&#39;", "'")
    assert v.reason.split(";")[0].replace("'", "&#39;") in html
    claims = c.get("/api/claims").json()
    assert [(x["verdict"], x["reason"]) for x in claims] == [(v.label, v.reason)]
    stats = c.get("/api/statistics").json()
    est = stats["estimate"]
    assert stats["estimate_pending"] is False
    assert est is not None
    assert (est["estimate"], est["lower"], est["upper"]) == (
        v.baseline["estimate"],
        v.baseline["lower"],
        v.baseline["upper"],
    )


def test_dashboard_attribution_section_by_event(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    from vigil.claims.register import ClaimedShare
    from vigil.services.events import add_event
    from vigil.store.models import Act

    add_event(sqlite_store, "nov2019", "November 2019 protests", "2019-11-15", "2019-11-30")
    add_event(sqlite_store, "y2022", "2022 protests", "2022-09-16", "2023-03-31")
    with sqlite_store.session() as s:
        s.add(Act(record_id=world.records["r1"], wound="head"))
        s.add(Act(record_id=world.records["r2"], wound="limbs"))
    share = ClaimedShare(50.0, "wound", ("chest", "head", "neck"))
    add_claim(
        sqlite_store,
        ClaimInput("Medical body", None, dt.date(2020, 2, 1), "deaths", "synthetic", share=share),
        actor="admin",
    )
    c = client_as("viewer")
    html = c.get("/dashboard").text
    assert '<option value="nov2019">November 2019 protests</option>' in html
    section = html[html.index('id="attribution"') : html.index("Claims against the evidence")]
    # 1 of the 2 dead with a wound known (P-000001 head, P-000002 limbs); P-000004 unknown
    assert "wounded in the head, neck or chest" in section
    assert "<b>50%</b> (1 / 2)" in section and "1 / 3" in section
    assert "50%<br><small" in html  # the share claim, stated as a share
    api = {x["actor"]: x for x in c.get("/api/claims").json()}
    assert api["Medical body"]["percent"] == 50.0 and api["Medical body"]["figure"] is None
    assert api["Medical body"]["verdict"] == "consistent with the documented share"
    other = c.get("/dashboard?event=y2022").text
    assert 'value="y2022" selected' in other
    section = other[other.index('id="attribution"') : other.index("Claims against the evidence")]
    assert "0 / 0" in section


def test_api_shares(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    from vigil.services.events import add_event
    from vigil.store.models import Act

    add_event(sqlite_store, "nov2019", "November 2019 protests", "2019-11-15", "2019-11-30")
    with sqlite_store.session() as s:
        s.add(Act(record_id=world.records["r1"], wound="head"))
    c = client_as("viewer")
    doc = c.get("/api/shares", params={"by": "wound", "event": "nov2019"}).json()
    wound = doc["fields"]["wound"]
    assert (wound["persons"], wound["known"], wound["unknown"]) == (3, 1, 2)
    head = next(x for x in wound["shares"] if x["category"] == "head")
    assert head["share"] == 1.0 and head["lower"] > 0.2
    assert c.get("/api/shares", params={"by": "colour"}).status_code == 400
    assert c.get("/api/shares", params={"event": "nope"}).status_code == 404
