"""Attribution shares, share and sub-count claims, and events, from a store (SQLite and
PostgreSQL). Everything is synthetic (tests.statement.seed plus invented act details).

Acts added to the seed (deaths in scope: 37 documented persons):
- P-1..4 wound head, P-5..6 limbs (list A only); P-7..10 nothing said
- P-11..20 wound chest (list A); list B says limbs for P-11..12: two disputed persons
- P-11..15 weapon non_standard (list A)
- P-21..25 arrested in hospital (custody), list A
Events: nov2019 (15 to 30 November 2019), dec2019 (December 2019); P-1's list A record
names dec2019, so P-1 belongs to dec2019 only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.statement.seed import pid, seed
from vigil.claims.register import ClaimedShare, ClaimInput, parse_claim
from vigil.domain import SourceKind
from vigil.errors import InputError, InvalidValue, NotFound
from vigil.services import claims as claims_service
from vigil.services.events import add_event, list_events
from vigil.services.figures import Figures, scope_shares, scope_statistics
from vigil.services.grading import grade_all
from vigil.statement.attributes import parse_where
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store
from vigil.store.models import Act, SourceRecord

NONE = EstimateSettings(method="none")


def _acts(store: Store) -> None:
    with store.session() as s:
        recs = {r.source_record_id: r for r in s.scalars(select(SourceRecord))}
        for n in range(1, 7):
            s.add(Act(record_id=recs[f"A-{n}"].id, wound="head" if n <= 4 else "limbs"))
        for n in range(11, 21):
            weapon = "non_standard" if n <= 15 else None
            s.add(Act(record_id=recs[f"A-{n}"].id, wound="chest", weapon=weapon))
        for n in (11, 12):
            s.add(Act(record_id=recs[f"B-{n}"].id, wound="limbs"))
        for n in range(21, 26):
            s.add(Act(record_id=recs[f"A-{n}"].id, arrest_place_kind="hospital"))
        recs["A-1"].raw = {**recs["A-1"].raw, "event": "dec2019"}


@pytest.fixture
def world(store: Store) -> Store:
    seed(store)
    grade_all(store)
    add_event(store, "nov2019", "November 2019 protests", "2019-11-15", "2019-11-30")
    add_event(store, "dec2019", "December 2019", "2019-12-01", "2019-12-31")
    _acts(store)
    return store


def test_shares_count_the_known_and_report_unknown_and_disputed(world: Store) -> None:
    with world.session() as s:
        res = scope_shares(s, Scope(), ["wound", "weapon", "custody"])
    wound = res.fields["wound"]
    assert (wound.persons, wound.known, wound.unknown, wound.disputed) == (37, 16, 21, 2)
    counts = {sh.category: sh.count for sh in wound.shares}
    assert counts["head"] == 4 and counts["chest"] == 10 and counts["limbs"] == 4
    assert counts["neck"] == 0  # listed, a documented 0 of 16
    assert sum(counts.values()) == 18  # > 16 known: the disputed count twice
    chest = wound.get("chest")
    assert chest is not None and chest.lower < 10 / 16 < chest.upper
    assert res.fields["weapon"].known == 5
    custody = res.fields["custody"].get("arrested_in_hospital")
    assert custody is not None and (custody.count, custody.known) == (5, 5)


def test_events_scope_by_date_unless_a_record_names_one(world: Store) -> None:
    with world.session() as s:
        nov = scope_statistics(s, Scope(event="nov2019"))
        dec = scope_statistics(s, Scope(event="dec2019"))
        assert [e.slug for e in list_events(s)] == ["nov2019", "dec2019"]
        with pytest.raises(NotFound, match="no event 'x2018'"):
            scope_statistics(s, Scope(event="x2018"))
    assert dec.documented == 3  # P-39, P-40 by date, P-1 named by its record
    assert nov.documented == 34


def test_where_restricts_a_scope_and_refuses_an_estimate(world: Store) -> None:
    scope = Scope(where=parse_where(["wound=head,neck"]))
    with world.session() as s:
        f = Figures.load(s, EstimateSettings(method="chao"))
        assert f.stats_for(scope).documented == 4
        est = f.estimate_for(scope)
    assert est.refusal is not None and "restricted by attributes" in est.refusal


def test_bad_where_and_events_are_refused(world: Store) -> None:
    with pytest.raises(InvalidValue, match="wound has no value 'toe'"):
        parse_where(["wound=toe"])
    with pytest.raises(InvalidValue, match="unknown attribute 'colour'"):
        parse_where(["colour=red"])
    with pytest.raises(InvalidValue, match="expected FIELD=VALUE"):
        parse_where(["weapon"])
    with pytest.raises(InputError, match="already exists"):
        add_event(world, "nov2019", "again", "2019-11-15", "2019-11-30")
    with pytest.raises(InvalidValue, match="after its end"):
        add_event(world, "later", "backwards", "2019-12-15", "2019-11-30")


def _claim(**kw: object) -> ClaimInput:
    base: dict[str, object] = dict(
        actor="Someone", figure=None, date=dt.date(2020, 1, 1), scope="deaths", citation="x"
    )
    base.update(kw)
    return ClaimInput(**base)  # type: ignore[arg-type]


def _share(percent: float) -> ClaimedShare:
    return ClaimedShare(percent, "wound", ("chest", "head", "neck"))


def test_share_and_count_claims_get_their_verdicts(world: Store) -> None:
    hospital = Scope(where=parse_where(["custody=arrested_in_hospital"]))
    for c in (
        _claim(share=_share(87.5)),  # 14 of 16 known: consistent
        _claim(share=_share(50)),  # outside the interval, but 21 of 37 are unknown
        _claim(share=_share(10)),  # below even if no unknown had such a wound
        _claim(figure=5, scope_filter=hospital),  # 5 documented, all confirmed
        _claim(figure=6, scope_filter=hospital),  # 32 others have custody unknown
        _claim(figure=40, scope_filter=hospital),  # more than 5 + 32
    ):
        claims_service.add_claim(world, c, actor="ed")
    with world.session() as s:
        rows = claims_service.claim_verdicts(s, settings=NONE)
    got = [(r.percent or r.figure, r.verdict) for r in rows]
    assert got == [
        (87.5, "consistent_with_documented_share"),
        (50, "cannot_be_judged"),
        (10, "below_documented_share"),
        (5, "within_documented_range"),
        (6, "cannot_be_judged"),
        (40, "above_documented_including_unknown"),
    ]
    assert "14 of the 16 persons with the field known (87.5%)" in rows[0].reason
    assert rows[0].stated == "87.5% wound chest, head or neck"
    assert rows[4].baseline["unknown"] == 32


def test_claims_scoped_to_an_event(world: Store) -> None:
    claims_service.add_claim(world, _claim(figure=3, scope_filter=Scope(event="dec2019")))
    with pytest.raises(NotFound, match="no event 'y1999'"):
        claims_service.add_claim(world, _claim(figure=3, scope_filter=Scope(event="y1999")))
    with world.session() as s:
        (row,) = claims_service.claim_verdicts(s, settings=NONE)
    assert row.baseline["documented_total"] == 3 and row.scope_filter["event"] == "dec2019"


def test_claim_file_takes_percent_and_where() -> None:
    c = parse_claim(
        {
            "actor": "A",
            "percent": "25%",
            "where": {"weapon": "non_standard"},
            "date": "2020-01-01",
            "scope": "deaths",
            "citation": "x",
            "filter": {"event": "nov2019"},
        },
        "claims.yaml: claim 1",
    )
    assert c.share == ClaimedShare(25.0, "weapon", ("non_standard",))
    assert c.scope_filter == Scope(event="nov2019")
    with pytest.raises(InputError, match="exactly one attribute"):
        parse_claim(
            {"actor": "A", "percent": 5, "date": "2020-01-01", "scope": "s", "citation": "x"},
            "c",
        )
    with pytest.raises(InvalidValue, match="not both"):
        _claim(figure=3, share=_share(5))
    with pytest.raises(InvalidValue, match="between 0 and 100"):
        ClaimedShare.from_json({"percent": 140, "field": "wound", "values": ["head"]}, "c")


def test_person_ids_are_unchanged_by_attrs(world: Store) -> None:
    with world.session() as s:
        f = Figures.load(s)
    p1 = next(p for p in f.rows if p.id == pid(1))
    assert p1.events == frozenset({"dec2019"}) and p1.attrs["wound"] == frozenset({"head"})


def test_import_checks_the_events_records_name(store: Store, tmp_path: Path) -> None:
    from vigil.services.importing import import_file

    add_event(store, "nov2019", "November 2019 protests", "2019-11-15", "2019-11-30")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source_record_id,name,date,violation,event\n"
        "r1,Ali Rezaei,2019-11-16,killed,nov2019\n"
        "r2,Reza Alavi,2019-11-17,killed,nov2091\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"line 3: event 'nov2091' is not registered"):
        import_file(store, bad, source="Net X", kind=SourceKind.FIELD_NETWORK)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceRecord)) == 0
    good = tmp_path / "good.csv"
    good.write_text(
        "source_record_id,name,date,violation,Event\n"
        "r1,Ali Rezaei,2019-11-16,killed,November 2019 protests\n"
        "r2,Reza Alavi,2019-11-17,killed,\n",
        encoding="utf-8",
    )
    assert import_file(store, good, source="Net X", kind=SourceKind.FIELD_NETWORK).rows_added == 2


def test_statement_names_its_event_and_carries_attribution(world: Store, tmp_path: Path) -> None:
    from vigil.services.statement import verify_statement, write_statement
    from vigil.statement.signing import new_keypair

    key = new_keypair(tmp_path / "keys")[0]
    res = write_statement(
        world, tmp_path / "s", scope=Scope(event="nov2019"), settings=NONE, synthetic=True, key=key
    )
    p = res.payload
    assert p["title"] == "Toll statement: November 2019 protests"
    assert p["scope"]["description"].startswith("deaths of November 2019 protests")
    head = p["attribution"]["headlines"][0]
    # P-1 (head) belongs to dec2019: 13 of the 15 known in November have head/neck/chest
    assert (head["count"], head["known"], head["persons"]) == (13, 15, 34)
    assert p["attribution"]["fields"]["wound"]["disputed"] == 2
    html = (tmp_path / "s" / "statement.html").read_text("utf-8")
    assert "<b>Event:</b> November 2019 protests (2019-11-15 to 2019-11-30)" in html
    assert "How, by whom, where" in html and "more than 100%" in html
    report = verify_statement(tmp_path / "s", store=world)
    assert report.ok, report.problems


def test_estimate_shares_and_share_claims_scoped_to_an_event(world: Store) -> None:
    """The event filter of the estimate, the shares and a share claim, on SQLite and
    PostgreSQL (membership reads each record's JSON row: the backends store it apart)."""
    from vigil.services.figures import scope_estimate

    chao = EstimateSettings(method="chao")
    dec = Scope(event="dec2019")
    with world.session() as s:
        whole = scope_estimate(s, Scope(), chao)
        nov = scope_estimate(s, Scope(event="nov2019"), chao)
        in_dec = scope_estimate(s, dec, chao)
        wound = scope_shares(s, dec, ["wound"]).fields["wound"]
    assert (whole.observed, nov.observed, in_dec.observed) == (37, 34, 3)
    # dec2019: P-1 (wound head, named by its record) and P-39, P-40 (nothing said)
    assert (wound.persons, wound.known) == (3, 1)
    head = wound.get("head")
    assert head is not None and head.count == 1
    claims_service.add_claim(world, _claim(share=_share(100), scope_filter=dec), actor="ed")
    with world.session() as s:
        (row,) = claims_service.claim_verdicts(s, settings=NONE)
    assert row.scope_filter["event"] == "dec2019"
    assert row.verdict == "consistent_with_documented_share"
    assert "1 of the 1 persons with the field known (100.0%)" in row.reason
