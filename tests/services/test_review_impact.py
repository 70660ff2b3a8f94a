"""Review by impact (issue 12, item 7): uncertain pairs ranked by how far their decision
would move the total; the CLI's --by-impact and the web queue's default order."""

from __future__ import annotations

import pytest
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.services import linking, review
from vigil.statement.settings import Scope
from vigil.store import Store, open_store
from vigil.store.models import LinkPair, SourceRecord

runner = CliRunner()


def test_ranked_by_expected_move(linked: str) -> None:
    store: Store = open_store(linked)
    try:
        with store.session() as s:
            ranked = linking.rank_by_impact(s)
            nobody = linking.rank_by_impact(s, scope=Scope.of(violations=["injured"]))
            near = review.review_items(s, None, limit=1000)
            top = review.review_items(s, None, limit=5, by_impact=True)
    finally:
        store.close()
    assert ranked, "the fixture must leave uncertain pairs"
    assert len(ranked) == len(near)  # every undecided uncertain pair is ranked
    firsts = [r.impact for r in ranked if not r.repeat]
    assert firsts == sorted(firsts, reverse=True)
    assert [r.repeat for r in ranked] == sorted(r.repeat for r in ranked)  # repeats last
    assert ranked[0].impact > 0 and any(r.move != ranked[0].move for r in ranked)
    for r in ranked:  # expected move = chance the decision changes the linkage x the move
        assert r.impact == pytest.approx(r.chance * abs(r.move))
        if r.joined:  # held by its own link at least, perhaps by a stronger path
            assert 0 <= r.chance <= 1 - r.probability + 1e-12
        else:
            assert r.chance == pytest.approx(r.probability)
    # A scope that counts nobody: no decision moves its total.
    assert all(r.impact == 0 for r in nobody)
    assert [(v.record_l, v.record_r) for v in top] == [(r.record_l, r.record_r) for r in ranked[:5]]
    assert top[0].impact == pytest.approx(ranked[0].impact)


def test_cli_and_queue_service_follow_the_impact_order(linked: str) -> None:
    r = runner.invoke(app, ["--db", linked, "review", "--by-impact", "--limit", "2"])
    assert r.exit_code == 0, r.output
    assert "expected move of the total" in r.output
    store = open_store(linked)
    try:
        with store.session() as s:
            ranked = linking.rank_by_impact(s, limit=10)
            items = review.review_items(s, None, limit=10, by_impact=True)
    finally:
        store.close()
    assert [i.pair_id for i in items] == [r.pair_id for r in ranked]


def _pair(s: Session, run_id: int, a: int, b: int, p: float) -> None:
    """Set (or add) the scored pair a-b of the run at probability p."""
    a, b = min(a, b), max(a, b)
    row = s.scalar(
        select(LinkPair).where(
            LinkPair.run_id == run_id,
            or_(
                and_(LinkPair.record_l == a, LinkPair.record_r == b),
                and_(LinkPair.record_l == b, LinkPair.record_r == a),
            ),
        )
    )
    if row is None:
        s.add(
            LinkPair(
                run_id=run_id,
                record_l=a,
                record_r=b,
                match_weight=0.0,
                match_probability=p,
                explanation={},
            )
        )
    else:
        row.match_probability = p


def _persons(s: Session) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for rid, pid in s.execute(select(SourceRecord.id, SourceRecord.person_id)):
        if pid is not None:
            out.setdefault(str(pid), []).append(int(rid))
    return out


def test_a_pair_held_by_stronger_links_is_not_worth_a_decision(linked: str) -> None:
    """Separating a weak pair inside a person whose records are joined by two sure links
    changes nothing: its chance is 1 - the widest path (0.995), not 1 - p (0.7)."""
    store = open_store(linked)
    try:
        with store.session() as s:
            run = linking.latest_run(s)
            big = next(rs for rs in _persons(s).values() if len(rs) >= 3)
            r1, r2, r3 = sorted(big)[:3]
            _pair(s, run.id, r1, r2, 0.3)
            _pair(s, run.id, r1, r3, 0.995)  # sure links: above the review window
            _pair(s, run.id, r2, r3, 0.995)
            s.commit()
            ranked = linking.rank_by_impact(s)
    finally:
        store.close()
    weak = next(r for r in ranked if {r.record_l, r.record_r} == {r1, r2})
    assert weak.joined and weak.probability == pytest.approx(0.3)
    assert weak.chance == pytest.approx(0.005)
    assert weak.impact == pytest.approx(0.005 * abs(weak.move))


def test_one_merge_candidate_per_two_persons(linked: str) -> None:
    """Two uncertain pairs between the same two persons: one decision settles both, so the
    weaker one waits behind every other candidate."""
    store = open_store(linked)
    try:
        with store.session() as s:
            run = linking.latest_run(s)
            persons = _persons(s)
            a, b = (sorted(rs) for rs in list(persons.values())[:2])
            _pair(s, run.id, a[0], b[0], 0.98)
            _pair(s, run.id, a[-1], b[-1], 0.97)
            s.commit()
            ranked = linking.rank_by_impact(s)
    finally:
        store.close()
    keys = [{r.record_l, r.record_r} for r in ranked]
    first = ranked[keys.index({a[0], b[0]})]
    second = ranked[keys.index({a[-1], b[-1]})]
    assert not first.joined and not first.repeat
    if (a[0], b[0]) != (a[-1], b[-1]):
        assert second.repeat
        assert ranked.index(second) > max(i for i, r in enumerate(ranked) if not r.repeat)


def test_never_scored_same_letters_pairs_are_candidates_with_lenient(linked: str) -> None:
    """A record written exactly as one of another person, never scored against it (most
    missed links were never scored): with `lenient` it is a merge candidate of its own kind,
    at `LENIENT_CHANCE`; the queue, which decides stored pairs by id, keeps stored pairs."""
    from vigil.linkage.frame import INPUT_COLUMNS

    store = open_store(linked)
    try:
        with store.session() as s:
            records = sorted(s.scalars(select(SourceRecord)), key=lambda r: r.id)
            x = next(r for r in records if r.province_code and r.name_raw and r.person_id)
            y = next(
                r
                for r in records
                if r.person_id and r.person_id != x.person_id and r.source_id != x.source_id
            )
            for col in INPUT_COLUMNS:
                if col not in ("unique_id", "source", "group") and hasattr(SourceRecord, col):
                    setattr(y, col, getattr(x, col))
            y.name_raw = x.name_raw
            for p in s.scalars(
                select(LinkPair).where(
                    or_(
                        and_(LinkPair.record_l == x.id, LinkPair.record_r == y.id),
                        and_(LinkPair.record_l == y.id, LinkPair.record_r == x.id),
                    )
                )
            ):
                s.delete(p)
            s.commit()
            plain = linking.rank_by_impact(s)
            wide = linking.rank_by_impact(s, lenient=True)
            queue = review.review_items(s, None, limit=1000, by_impact=True)
    finally:
        store.close()
    pair = {x.id, y.id}
    assert all({r.record_l, r.record_r} != pair for r in plain)
    found = [r for r in wide if {r.record_l, r.record_r} == pair]
    assert len(found) == 1
    assert found[0].kind == "same letters" and found[0].pair_id == 0 and not found[0].joined
    assert found[0].chance == pytest.approx(linking.LENIENT_CHANCE)
    assert found[0].impact == pytest.approx(linking.LENIENT_CHANCE * abs(found[0].move))
    assert all(r.kind == "scored" for r in plain)
    assert {r.pair_id for r in wide if r.kind == "scored"} == {r.pair_id for r in plain}
    assert all(i.pair_id for i in queue)
