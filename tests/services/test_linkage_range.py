"""Linkage uncertainty in the total (issue 12, item 6): the estimate over other linkages.

A store is linked by the real service; the variants are re-clustered from its stored pairs.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.estimate.result import Estimate
from vigil.linkage.lenient import SIMILAR_NAMES
from vigil.services.capture import capture_tables
from vigil.services.linkage_range import (
    VariantEstimate,
    linkage_inputs,
    linkage_warning,
    range_from_inputs,
)
from vigil.statement.settings import Scope
from vigil.store import Store, open_store

runner = CliRunner()


def test_the_runs_own_threshold_reproduces_the_persons_counted(linked: str) -> None:
    store: Store = open_store(linked)
    try:
        with store.session() as s:
            main = capture_tables(s)["all"]
            inputs = linkage_inputs(s)
        assert inputs is not None
        rng = range_from_inputs(
            inputs, Scope(), method="chao", thresholds=[inputs.threshold, 0.95], draws=3
        )
    finally:
        store.close()
    assert rng is not None
    own, strict, *rest = rng.variants
    assert own.observed == main.observed  # same clustering, same persons, same table
    assert strict.observed > own.observed  # a stricter threshold splits persons
    draws = [v for v in rest if v.kind == "draw"]
    lenient = [v for v in rest if v.kind == "lenient"]
    assert len(draws) == 3 and len(lenient) == 2 and len(rest) == 5
    # lenient linkages only merge: never more persons than the run's own, the second (more
    # lenient) never more than the first
    assert own.persons >= lenient[0].persons >= lenient[1].persons
    assert rng.lower <= rng.upper
    assert {v.estimate for v in rng.variants} - {None}


def test_estimate_json_carries_the_linkage_range(linked: str, tmp_path: Path) -> None:
    r = runner.invoke(
        app, ["--db", linked, "estimate", "--json", "--method", "chao", "--linkage-draws", "4"]
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    link = out["linkage"]
    assert link["lower"] <= out["estimate"] <= link["upper"]
    assert link["combined_lower"] <= out["lower"] and link["combined_upper"] >= out["upper"]
    kinds = [v["kind"] for v in link["variants"]]
    assert kinds.count("threshold") == 3 and kinds.count("draw") == 4
    assert kinds.count("lenient") == 2 and "warning" in link
    points = [v["estimate"] for v in link["variants"] if v["estimate"] is not None]
    assert min(points) >= link["lower"] and max(points) <= link["upper"]
    r = runner.invoke(
        app, ["--db", linked, "estimate", "--json", "--method", "chao", "--no-linkage"]
    )
    assert r.exit_code == 0 and "linkage" not in json.loads(r.stdout)

    # The statement: a sentence and a figure, and the same range in its JSON.
    assert runner.invoke(app, ["--db", linked, "grade"]).exit_code == 0
    folder = tmp_path / "st"
    r = runner.invoke(app, ["--db", linked, "statement", "-o", str(folder), "--method", "chao"])
    assert r.exit_code == 0, r.output
    payload = json.loads((folder / "statement.json").read_text("utf-8"))
    assert payload["estimate"]["linkage"]["lower"] <= payload["estimate"]["linkage"]["upper"]
    html = (folder / "statement.html").read_text("utf-8")
    assert "linkage range" in html and "The estimate under other linkages" in html
    r = runner.invoke(app, ["--db", linked, "statement", "verify", str(folder)])
    # Unsigned (no key), but every figure, the linkage range included, is recomputed alike.
    assert "statement.json: every figure recomputed from the store agrees" in r.output


def _variant(name: str, estimate: float) -> VariantEstimate:
    return VariantEstimate(name, "draw", None, 100, 90, estimate, None, None)


def test_the_warning_fires_when_linkage_spreads_the_total_past_its_limit() -> None:
    main = Estimate("lcmcr", observed=90, estimate=100.0, lower=80.0, upper=120.0, level=0.95)
    quiet = [_variant("draw 1", 94.0), _variant("draw 2", 107.0)]  # moves it 7 of a 40 width
    assert linkage_warning(quiet, main) is None
    loud = [_variant("draw 1", 95.0), _variant("lenient: same letters", 88.0)]  # 12 of 40
    text = linkage_warning(loud, main)
    assert text is not None and "linkage drives this figure" in text and "30%" in text
    assert "down by up to 12" in text
    up = linkage_warning([_variant("threshold 0.75", 110.0)], main)
    assert up is not None and "up by up to 10" in up
    # the most merging bound is reported in the range but does not raise the warning alone
    bound = [_variant("draw 1", 97.0), _variant(f"lenient: {SIMILAR_NAMES}", 60.0)]
    assert linkage_warning(bound, main) is None
    # no sampling interval, nothing to compare with
    no_interval = Estimate("lcmcr", observed=90, estimate=100.0, lower=None, upper=None)
    assert linkage_warning(loud, no_interval) is None


def test_large_stores_leave_the_lenient_variants_out(linked: str, monkeypatch: Any) -> None:
    import vigil.services.linkage_range as lr

    monkeypatch.setattr(lr, "LENIENT_MAX_RECORDS", 1)
    store: Store = open_store(linked)
    try:
        with store.session() as s:
            inputs = linkage_inputs(s)
        assert inputs is not None
        rng = range_from_inputs(inputs, Scope(), method="chao", thresholds=[0.95], draws=1)
    finally:
        store.close()
    assert rng is not None
    assert [v.kind for v in rng.variants] == ["threshold", "draw"]
    assert "no lenient linkage" in rng.note and "leans to splitting" in rng.note


def test_variants_count_the_persons_whose_records_name_the_event(tmp_path: Path) -> None:
    """Records naming the event and giving no date: the main scope counts their persons in
    the event (`services.events`), and so must every variant, by the same rule."""
    from sqlalchemy import select

    from tests.linkage.synthetic import population
    from tests.linkage.test_linking_service import _load
    from vigil.services import linking
    from vigil.services.events import add_event
    from vigil.store.models import SourceRecord

    url = f"sqlite:///{tmp_path / 'e.db'}"
    store = open_store(url, create=True)
    try:
        rows, truth = population(120, seed=11)
        _load(store, rows)
        add_event(store, "nov2019", "November 2019 protests", "2019-11-15", "2019-12-31")
        undated = {p for p in set(truth.values()) if p % 3 == 0}
        with store.session() as s:
            for rec in s.scalars(select(SourceRecord)):
                if truth[int(rec.raw["n"])] in undated:
                    rec.raw = {**rec.raw, "event": "nov2019"}
                    rec.date_start = rec.date_end = None
        linking.run_linkage(store, threshold=0.5)
        scope = Scope(event="nov2019")
        with store.session() as s:
            main = capture_tables(s, scope=scope)["all"]
            dated_only = capture_tables(s, scope=Scope(date_from=dt.date(2019, 11, 15)))["all"]
            inputs = linkage_inputs(s)
        assert inputs is not None
        rng = range_from_inputs(inputs, scope, method="chao", thresholds=[0.5], draws=0)
    finally:
        store.close()
    assert rng is not None
    (variant, *_lenient) = rng.variants
    assert variant.threshold == 0.5
    # The undated persons who name the event are a third of the store: counted in both.
    assert main.observed > dated_only.observed
    assert variant.observed == main.observed
