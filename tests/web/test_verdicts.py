"""The dashboard and API show each claim's verdict and the estimate as the statement
services compute them, and recompute them when the store changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.seed import World
from vigil.claims.register import ClaimInput
from vigil.services.claims import add_claim, claim_verdicts
from vigil.statement.settings import EstimateSettings
from vigil.store import Store
from vigil.web.search import data_version
from vigil.web.verdicts import FiguresCache, compute_figures


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
    first, pending = cache.get(v0)
    assert first is not None and not pending and len(first.verdicts) == 1
    add_claim(
        sqlite_store,
        ClaimInput("Another actor", 1_000, dt.date(2020, 6, 1), "deaths", "synthetic"),
        actor="admin",
    )
    with sqlite_store.session() as s:
        v1 = data_version(s)
    assert v1 > v0
    again, pending = cache.get(v1)
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
