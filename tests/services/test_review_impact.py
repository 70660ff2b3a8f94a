"""Review by impact (issue 12, item 7): uncertain pairs ranked by how far their decision
would move the total; the CLI's --by-impact and the web queue's default order."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.services import linking, review
from vigil.statement.settings import Scope
from vigil.store import Store, open_store

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
    impacts = [r.impact for r in ranked]
    assert impacts == sorted(impacts, reverse=True)
    assert impacts[0] > 0 and any(r.move != ranked[0].move for r in ranked)
    for r in ranked:  # expected move = chance the decision changes the linkage x the move
        chance = 1 - r.probability if r.joined else r.probability
        assert r.impact == pytest.approx(chance * abs(r.move))
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
