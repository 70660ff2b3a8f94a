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
from vigil.store.models import AuditEntry, LinkDecision, LinkPair, SourceRecord

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


def _same_letters_rows(s: Session) -> list[LinkPair]:
    return list(
        s.scalars(
            select(LinkPair).where(LinkPair.kind == linking.SAME_LETTERS).order_by(LinkPair.id)
        )
    )


def test_run_stores_unkept_same_letters_pairs_for_review(linked: str) -> None:
    """Most missed links were never scored: the run keeps the same-letters pairs between two
    of its persons that it kept no scored pair of, and the one queue ranks and explains them
    like scored pairs (the linkage range still re-clusters scored pairs only)."""
    from vigil.services.linkage_range import linkage_inputs

    store = open_store(linked)
    try:
        with store.session() as s:
            same = _same_letters_rows(s)
            scored = {
                (min(a, b), max(a, b))
                for a, b in s.execute(
                    select(LinkPair.record_l, LinkPair.record_r).where(
                        LinkPair.kind == linking.SCORED
                    )
                )
            }
            person = dict(s.execute(select(SourceRecord.id, SourceRecord.person_id)).all())
            names = dict(s.execute(select(SourceRecord.id, SourceRecord.name_raw)).all())
            ranked = linking.rank_by_impact(s)
            queue = review.review_items(s, None, limit=1000, by_impact=True)
            near = review.review_items(s, None, limit=1000)
            pending = review.pending_count(s)
            inputs = linkage_inputs(s)
            summary = linking.latest_run(s).summary
    finally:
        store.close()
    assert same, "the fixture's run must leave same-letters pairs it did not keep"
    assert summary["pairs_same_letters"] == len(same)
    assert inputs is not None and len(inputs.left) == len(scored)
    for p in same:
        assert (p.record_l, p.record_r) not in scored
        assert person[p.record_l] != person[p.record_r]
        assert p.match_probability == linking.LENIENT_CHANCE
    by_id = {r.pair_id: r for r in ranked}
    for p in same:
        r = by_id[p.id]
        assert r.kind == linking.SAME_LETTERS and not r.joined
        assert r.chance == pytest.approx(linking.LENIENT_CHANCE)
        assert r.impact == pytest.approx(linking.LENIENT_CHANCE * abs(r.move))
    assert pending == len(ranked) == len(queue) == len(near)
    assert [i.pair_id for i in queue] == [r.pair_id for r in ranked]
    shown = {i.pair_id: i for i in queue}
    for p in same:
        item = shown[p.id]
        assert item.kind == linking.SAME_LETTERS and item.explanation == {}
        assert item.note is not None
        assert f"same letters as «{names[p.record_l]}»" in item.note
        assert f"«{names[p.record_r]}»" in item.note
        model = p.explanation["model_probability"]
        if model is None:
            assert item.note.startswith("not scored by the model")
        else:
            assert f"scored only {model:.3f}" in item.note
    assert all(i.note is None and i.explanation for i in queue if i.kind == linking.SCORED)


def test_cli_shows_a_same_letters_pair_with_its_reason(linked: str) -> None:
    store = open_store(linked)
    try:
        with store.session() as s:
            pair = _same_letters_rows(s)[0]
            ids = (pair.record_l, pair.record_r)
            # Only this pair left to review: every other one decided.
            for p in s.scalars(select(LinkPair).where(LinkPair.id != pair.id)):
                s.add(
                    LinkDecision(
                        record_a=min(p.record_l, p.record_r),
                        record_b=max(p.record_l, p.record_r),
                        decision="separate",
                        created_by="t",
                    )
                )
    finally:
        store.close()
    r = runner.invoke(
        app, ["--db", linked, "review", "--by-impact", "--limit", "5"], env={"COLUMNS": "250"}
    )
    assert r.exit_code == 0, r.output
    assert "not scored by the model" in r.output
    assert "why it is here:" in r.output and "same letters as" in r.output
    assert f"vigil link --confirm {ids[0]} {ids[1]}" in r.output
    assert r.output.count("why it is here:") == 1


def test_a_same_letters_decision_is_a_decision_like_any_other(linked: str) -> None:
    """Confirmed through the queue's path (by pair id), a same-letters pair is stored and
    audited as any decision and the next run joins the two records; the pair cannot be
    decided twice, and an unknown pair id is refused by name."""
    from vigil.errors import InputError, NotFound
    from vigil.services import audit, decisions

    store = open_store(linked)
    try:
        with store.session() as s:
            pair = _same_letters_rows(s)[0]
            pair_id, a, b = pair.id, pair.record_l, pair.record_r
        with store.session() as s:
            decisions.decide_pair(s, pair_id, "confirm", "ed")
        with store.session() as s:
            with pytest.raises(InputError, match="already decided: confirm, by ed"):
                decisions.decide_pair(s, pair_id, "separate", "ed")
            with pytest.raises(NotFound, match="no review pair 999999"):
                decisions.decide_pair(s, 999_999, "confirm", "ed")
        linking.run_linkage(store)
        with store.session() as s:
            assert s.scalars(select(LinkDecision.decision)).all() == ["confirm"]
            person = dict(s.execute(select(SourceRecord.id, SourceRecord.person_id)).all())
            left = [p for p in _same_letters_rows(s) if {p.record_l, p.record_r} == {a, b}]
            queued = {(i.record_l, i.record_r) for i in review.review_items(s, None, limit=1000)}
            assert audit.verify(s).ok
            logged = s.scalars(
                select(AuditEntry.actor).where(AuditEntry.action == "link_decision")
            ).all()
    finally:
        store.close()
    assert person[a] == person[b]
    assert not left and (a, b) not in queued
    assert logged == ["ed"]
