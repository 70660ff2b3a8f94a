"""A decision behaves the same from the CLI (by record) and the web queue (by pair): recorded,
audited and applied to the persons at once."""

from __future__ import annotations

from sqlalchemy import select

from vigil.services import audit, decisions, linking
from vigil.services.intake import Report, intake_report
from vigil.store import Store
from vigil.store.models import LinkDecision, LinkPair, LinkRun, Person, SourceRecord, Violation


def _three(store: Store) -> list[int]:
    for name in ("Sattar Beheshti", "Sattar Behesti", "Neda Agha-Soltan"):
        intake_report(store, Report(name=name, violation="killed", date="2019-11-16"))
    with store.session() as s:
        return list(s.scalars(select(SourceRecord.id).order_by(SourceRecord.id)))


def _person_of(store: Store, rid: int) -> str | None:
    with store.session() as s:
        rec = s.get(SourceRecord, rid)
        return None if rec is None else rec.person_id


def test_confirm_then_separate_from_the_cli_moves_persons_at_once(store: Store) -> None:
    a, b, _c = _three(store)
    pa, pb = _person_of(store, a), _person_of(store, b)
    assert pa != pb
    linking.record_decision(store, str(a), str(b), "confirm", actor="ed")
    assert _person_of(store, a) == _person_of(store, b) == pa
    with store.session() as s:
        dropped = s.get(Person, pb)
        assert dropped is not None and not dropped.active
        assert set(s.scalars(select(Violation.person_id))) == {pa, _person_of(store, _c)}
        kept = s.get(Person, pa)
        assert kept is not None and kept.n_sources == 1
    linking.record_decision(store, str(a), str(b), "separate", actor="ed")
    split = _person_of(store, b)
    assert split not in (None, pa, pb)  # a fresh id from the counter, never a reused one
    with store.session() as s:
        assert s.scalars(select(LinkDecision.decision)).all() == ["separate"]
        assert audit.verify(s).ok


def test_the_web_decides_a_pair_through_the_same_service(store: Store) -> None:
    a, b, _c = _three(store)
    with store.session() as s:
        run = LinkRun(engine="duckdb", threshold=0.9, model={}, summary={}, created_by="t")
        s.add(run)
        s.flush()
        pair = LinkPair(
            run_id=run.id,
            record_l=a,
            record_r=b,
            match_weight=1.0,
            match_probability=0.7,
            explanation={"gamma": {}},
        )
        s.add(pair)
        s.flush()
        pair_id = pair.id
    with store.session() as s:
        shown = decisions.decide_pair(s, pair_id, "confirm", "ed")
    assert _person_of(store, a) == _person_of(store, b) == shown
