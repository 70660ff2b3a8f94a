"""The dashboard and the statistics API scoped to one event (`?event=SLUG`): counts, charts,
estimate, claims and attribution of that event, a clean 404 for an unknown one, and claims
about a share or a restricted count on charts of their own."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.web.seed import World
from vigil.claims.register import ClaimedShare, ClaimInput
from vigil.services.claims import add_claim, claim_verdicts
from vigil.services.events import add_event
from vigil.services.figures import scope_statistics
from vigil.statement.settings import Scope
from vigil.store import Store
from vigil.store.models import Act


@pytest.fixture
def events(sqlite_store: Store, world: World) -> None:
    """`day16`: P-000001 and P-000002 (killed on 16 November); `later`: P-000003 (arrested)
    and P-000004 (died in custody on the 18th)."""
    add_event(sqlite_store, "day16", "The sixteenth", "2019-11-16", "2019-11-16")
    add_event(sqlite_store, "later", "Later days", "2019-11-17", "2019-11-30")


def _figure(html: str, name: str) -> int:
    m = re.search(rf'id="n-{name}">([\d,]+)<', html)
    assert m, name
    return int(m.group(1).replace(",", ""))


def test_dashboard_of_an_event_shows_that_event(
    client_as: Callable[[str], TestClient], sqlite_store: Store, events: None
) -> None:
    c = client_as("viewer")
    for event in ("day16", "later"):
        with sqlite_store.session() as s:
            st = scope_statistics(s, Scope(event=event))
        html = c.get("/dashboard", params={"event": event}).text
        assert (_figure(html, "dead"), _figure(html, "floor")) == (st.persons, st.floor)
        api = c.get("/api/statistics", params={"event": event}).json()
        assert (api["dead"], api["documented_floor"], api["documented_total"]) == (
            st.persons,
            st.floor,
            st.documented,
        )
        assert api["dead_by_day"] == st.by_day
        assert api["estimate"]["observed"] == st.documented
    later = c.get("/dashboard?event=later").text
    shown = later[later.index('id="scope-shown"') : later.index("</p>", later.index("scope"))]
    assert "Later days" in shown and "The sixteenth" not in shown
    assert 'href="/dashboard?event=day16"' in later and 'href="/dashboard"' in later
    assert _figure(later, "persons") == 2  # the arrested and the dead in custody
    every = c.get("/api/statistics").json()
    day16 = c.get("/api/statistics", params={"event": "day16"}).json()
    assert day16["dead_by_day"] == {"2019-11-16": 2} != every["dead_by_day"]
    # the seeded claim has no scope of its own: judged against the event shown
    claims = c.get("/api/claims", params={"event": "later"}).json()
    with sqlite_store.session() as s:
        (v,) = claim_verdicts(s, default_scope=Scope(event="later"))
    assert [(x["actor"], x["verdict"]) for x in claims] == [("Official source", v.label)]
    assert v.baseline["documented_total"] == 1


def test_unknown_event_is_a_clean_404(client_as: Callable[[str], TestClient], events: None) -> None:
    c = client_as("viewer")
    r = c.get("/dashboard", params={"event": "nope"})
    assert r.status_code == 404
    assert "no event &#39;nope&#39;" in r.text and "day16, later" in r.text
    assert "Traceback" not in r.text
    for path in ("/api/statistics", "/api/claims"):
        r = c.get(path, params={"event": "nope"})
        assert r.status_code == 404 and "no event 'nope'" in r.json()["detail"]


def test_share_and_restricted_claims_have_charts_of_their_own(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World
) -> None:
    with sqlite_store.session() as s:
        s.add(Act(record_id=world.records["r1"], wound="head"))
        s.add(Act(record_id=world.records["r2"], wound="limbs"))
    share = ClaimedShare(90.0, "wound", ("chest", "head", "neck"))
    add_claim(
        sqlite_store,
        ClaimInput("Medical body", None, dt.date(2020, 2, 1), "deaths", "synthetic", share=share),
    )
    head = Scope(where=(("wound", ("head",)),))
    add_claim(
        sqlite_store,
        ClaimInput(
            "Hospital staff", 7, dt.date(2020, 2, 2), "deaths", "synthetic", scope_filter=head
        ),
    )
    c = client_as("viewer")
    html = c.get("/dashboard").text
    with sqlite_store.session() as s:
        verdicts = {v.actor: v for v in claim_verdicts(s)}
    shares = html[
        html.index('id="share-claims"') : html.index("</svg>", html.index('id="share-claims"'))
    ]
    medical = verdicts["Medical body"]
    b = medical.baseline
    assert "Medical body" in shares and medical.label in shares.replace("&#39;", "'")
    assert "claimed share 90%" in shares
    assert f"documented share {round(b['share'] * 100, 1):g}%" in shares
    assert f"{round(b['lower'] * 100, 1):g}–{round(b['upper'] * 100, 1):g}%" in shares
    sub = html[
        html.index('id="subcount-claims"') : html.index(
            "</svg>", html.index('id="subcount-claims"')
        )
    ]
    hospital = verdicts["Hospital staff"]
    assert "Hospital staff" in sub and "wound" in sub
    assert (
        f"7 / {hospital.baseline['documented_floor']}–{hospital.baseline['documented_total']}"
        in sub
    )
    # neither is drawn on the count chart, whose axis is the death toll
    counts = html[html.index("Claims against the evidence</h2>") : html.index('id="share-claims"')]
    assert "Official source" in counts
    assert "Medical body" not in counts.split('id="claims"')[0]
    assert "Hospital staff" not in counts.split('id="claims"')[0]


def _review_figure(html: str) -> tuple[int, str]:
    m = re.search(r'id="n-review">([\d,]+)</span><span><a href="/review">([^<]+)</a>', html)
    assert m
    return int(m.group(1).replace(",", "")), m.group(2)


def test_pairs_to_review_of_an_event_are_those_with_a_record_in_it(
    client_as: Callable[[str], TestClient], sqlite_store: Store, world: World, events: None
) -> None:
    """Store-wide on the default dashboard; on an event's, the undecided uncertain pairs with
    a record in the event (a linked record by its person's events, one not yet linked by the
    same rule applied to it alone)."""
    from sqlalchemy import select

    from tests.web.seed import _record
    from vigil.services.events import records_in_event
    from vigil.store.models import LinkPair, LinkRun, Source

    with sqlite_store.session() as s:
        run_id = s.scalar(select(LinkRun.id))
        ngo = s.scalars(select(Source).where(Source.name == "NGO list")).one()
        # not linked, dated the 20th: in `later`
        r5 = _record(ngo, "n5", "Mohammad Hoseini", date_start=dt.date(2019, 11, 20))
        # not linked, dated the 16th but naming `later`: in `later` only
        r6 = _record(ngo, "n6", "Zahra Ahmady", date_start=dt.date(2019, 11, 16))
        r6.raw = {**r6.raw, "event": "later"}
        s.add_all([r5, r6])
        s.flush()
        pairs = [(world.records["r1"], r5.id), (r6.id, world.records["r3"])]
        for left, right in pairs:
            s.add(
                LinkPair(
                    run_id=run_id,
                    record_l=left,
                    record_r=right,
                    match_weight=1.0,
                    match_probability=0.7,
                    explanation={},
                )
            )
        every = set(world.records.values()) | {r5.id, r6.id}
        assert records_in_event(s, "day16", every) == {world.records["r1"], world.records["r2"]}
        assert records_in_event(s, "later", every) == {
            world.records["r3"],
            world.records["r4"],
            r5.id,
            r6.id,
        }
        assert records_in_event(s, "nope", every) == set()
    c = client_as("viewer")
    assert _review_figure(c.get("/dashboard").text) == (3, "pairs to review")
    # r1-r2 and r1-r5 (r5 in `later`, r1 in `day16`: deciding it can move both events)
    day16 = _review_figure(c.get("/dashboard?event=day16").text)
    assert day16 == (2, "pairs to review with a record of this event")
    assert _review_figure(c.get("/dashboard?event=later").text)[0] == 2  # r1-r5, r6-r3


def test_the_scope_sentence_is_translated(
    client_as: Callable[[str], TestClient], sqlite_store: Store, events: None
) -> None:
    from tests.web.seed import add_user

    add_user(sqlite_store, "farsi", "viewer", locale="fa")

    def sentence(html: str) -> str:
        m = re.search(r'<small dir="auto" id="scope-sentence">([^<]*)</small>', html)
        assert m
        return m.group(1)

    en = client_as("viewer")
    assert sentence(en.get("/dashboard").text) == "deaths in all provinces"
    assert sentence(en.get("/dashboard?event=day16").text) == (
        "deaths of The sixteenth in all provinces"
    )
    fa = client_as("farsi")
    assert sentence(fa.get("/dashboard").text) == "جان‌باختگان در همهٔ استان‌ها"
    html = fa.get("/dashboard?event=day16").text
    assert sentence(html) == "جان‌باختگان The sixteenth در همهٔ استان‌ها"
    assert _review_figure(html)[1] == "جفت برای بازبینی با سندی از این رویداد"
