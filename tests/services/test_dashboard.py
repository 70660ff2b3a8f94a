"""The dashboard use case (`services.dashboard`) counts what the statement counts, for every
death and for one event: the same observed, dead, floor and total as
`services.figures.scope_statistics`, `vigil stats --event` and `vigil estimate --event`,
on SQLite and PostgreSQL; and its figures cache keeps one entry per event, each following
the store's audit head."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from tests.statement.seed import seed
from vigil.claims.register import ClaimInput
from vigil.cli.app import app
from vigil.errors import NotFound
from vigil.services import audit
from vigil.services.claims import add_claim
from vigil.services.dashboard import FiguresCache, compute_figures, dashboard
from vigil.services.events import add_event
from vigil.services.figures import scope_statistics
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store

runner = CliRunner()
CHAO = EstimateSettings(method="chao")


def _ok(url: str, *args: str) -> str:
    r = runner.invoke(app, ["--db", url, *args])
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.fixture
def graded(store: Store) -> Store:
    """The statement seed (40 persons on three lists), graded, with two events: November
    (P-1..38) and December (P-39..40, in Isfahan)."""
    seed(store)
    add_event(store, "nov", "November", "2019-11-15", "2019-11-30")
    add_event(store, "dec", "December", "2019-12-01", "2019-12-31")
    _ok(store.url, "grade")
    return store


@pytest.mark.parametrize("event", [None, "nov", "dec"])
def test_dashboard_counts_what_stats_and_the_cli_count(graded: Store, event: str | None) -> None:
    on_event = ["--event", event] if event else []
    cache = FiguresCache(graded, CHAO, wait_s=120)
    with graded.session() as s:
        d = dashboard(s, cache, event)
        st = scope_statistics(s, Scope(event=event))
    assert d.scope == Scope(event=event) and not d.figures_pending
    assert (d.dead, d.documented_floor, d.documented_total) == (
        st.persons,
        st.floor,
        st.documented,
    )
    assert d.by_province == {k: v for k, v in st.by_province.items() if k != "unknown"}
    assert sum(d.by_sex.values()) == sum(d.by_age.values()) == st.documented
    shares = json.loads(_ok(graded.url, "stats", "--by", "wound", "--json", *on_event))
    assert shares["fields"]["wound"]["persons"] == d.documented_total
    r = runner.invoke(
        app, ["--db", graded.url, "estimate", "--json", "--method", "chao", *on_event]
    )
    assert d.estimate is not None
    if r.exit_code == 0:
        assert d.estimate["observed"] == json.loads(r.stdout)["observed"]
    else:  # December: two lists; refused alike, for the same reason
        assert "only 2 usable list(s)" in r.output and d.estimate["estimate"] is None
        assert "only 2 usable list(s)" in d.estimate["refusal"]
        assert d.estimate["observed"] == st.documented


def test_events_get_their_own_figures(graded: Store) -> None:
    cache = FiguresCache(graded, CHAO, wait_s=120)
    with graded.session() as s:
        every, nov, dec = (dashboard(s, cache, e) for e in (None, "nov", "dec"))
    assert dec.dead == 2 and dec.by_province == {"28": 2}  # the two Isfahan deaths
    assert nov.dead + dec.dead == every.dead
    assert nov.documented_floor + dec.documented_floor == every.documented_floor
    assert dec.persons == 2 and nov.persons == every.persons - 2  # the injured are in Nov
    assert (dec.records, dec.unlinked) == (4, 0)  # P-39 and P-40, each on lists B and C
    with pytest.raises(NotFound, match="no event 'nope'"), graded.session() as s:
        dashboard(s, cache, "nope")


def test_the_cache_keeps_each_event_and_follows_writes(graded: Store) -> None:
    cache = FiguresCache(graded, CHAO, wait_s=120)
    other_worker = FiguresCache(graded, CHAO, wait_s=120)
    with graded.session() as s:
        v0 = audit.head(s)[0]
    nov, pending = cache.get(Scope(event="nov"), v0)
    dec, _ = cache.get(Scope(event="dec"), v0)
    assert nov is not None and dec is not None and not pending
    assert (nov.floor, nov.documented) != (dec.floor, dec.documented)
    assert nov.estimate is not None and dec.estimate is not None
    assert nov.estimate.observed != dec.estimate.observed
    assert other_worker.get(Scope(event="dec"), v0)[0] == dec
    with graded.session() as s:
        counts = {e: cache.counts(s, Scope(event=e), v0) for e in ("nov", "dec")}
        assert counts["dec"].dead == 2 != counts["nov"].dead and counts["dec"].claims == []
        counts["dec"].by_province["28"] = 99  # a caller's copy, not the cache's
        assert cache.counts(s, Scope(event="dec"), v0).by_province == {"28": 2}
    # A write through another process moves the audit head; both caches follow it.
    add_claim(graded, ClaimInput("Officials", 30, dt.date(2020, 1, 5), "deaths", "synthetic"))
    with graded.session() as s:
        v1 = audit.head(s)[0]
    assert v1 > v0
    for worker in (cache, other_worker):
        again, pending = worker.get(Scope(event="dec"), v1)
        assert again is not None and not pending and again.version == v1
        # a claim without a scope of its own is judged against the event shown
        assert [(v.actor, v.scope_filter.get("event")) for v in again.verdicts] == [
            ("Officials", "dec")
        ]
        assert again.verdicts[0].baseline["documented_total"] == dec.documented
        with graded.session() as s:
            fresh = worker.counts(s, Scope(event="dec"), v1)
        assert [c.actor for c in fresh.claims] == ["Officials"]


def test_an_event_shows_the_claims_judged_against_it(graded: Store) -> None:
    add_claim(graded, ClaimInput("Officials", 30, dt.date(2020, 1, 5), "deaths", "synthetic"))
    nov = Scope(event="nov")
    add_claim(
        graded,
        ClaimInput("Witnesses", 50, dt.date(2020, 1, 6), "deaths", "synthetic", scope_filter=nov),
    )
    shown = {}
    for event in (None, "nov", "dec"):
        figures = compute_figures(graded, CHAO, Scope(event=event))
        with graded.session() as s:
            d = dashboard(s, None, event)
        assert [c.actor for c in d.claims] == [v.actor for v in figures.verdicts]
        shown[event] = [(v.actor, v.scope_filter.get("event")) for v in figures.verdicts]
    assert shown == {
        None: [("Officials", None), ("Witnesses", "nov")],
        "nov": [("Officials", "nov"), ("Witnesses", "nov")],
        "dec": [("Officials", "dec")],
    }


def test_unlinked_records_of_an_event(graded: Store) -> None:
    """Before linkage a record belongs to the events it names, else to those its dates
    overlap; the dashboard of an event counts it among the event's records."""
    from sqlalchemy import select

    from vigil.store.models import Source, SourceRecord

    with graded.session() as s:
        before = {e: dashboard(s, None, e) for e in ("nov", "dec")}
        source_id = s.scalars(select(Source.id)).first()
        for i, (day, raw) in enumerate(
            [
                (dt.date(2019, 11, 20), {"name": "x"}),  # November by date
                (dt.date(2019, 11, 20), {"name": "x", "event": "December"}),  # names December
                (None, {"name": "x"}),  # undated: no event
            ]
        ):
            s.add(
                SourceRecord(
                    source_id=source_id,
                    source_record_id=f"unlinked-{i}",
                    raw=raw,
                    content_sha256=f"{i:064d}",
                    name_raw="x",
                    date_start=day,
                    date_end=day,
                    violation="killed",
                )
            )
    with graded.session() as s:
        after = {e: dashboard(s, None, e) for e in ("nov", "dec", None)}
    for e in ("nov", "dec"):
        assert after[e].unlinked == before[e].unlinked + 1
        assert after[e].records == before[e].records + 1
        assert after[e].dead == before[e].dead  # unlinked records are no persons yet
    assert after[None].unlinked == 3
