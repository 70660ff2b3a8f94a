"""Linkage uncertainty in the total (issue 12, item 6): the estimate over other linkages.

A store is linked by the real service; the variants are re-clustered from its stored pairs.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.services.capture import capture_tables
from vigil.services.linkage_range import linkage_inputs, range_from_inputs
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
    own, strict, *draws = rng.variants
    assert own.observed == main.observed  # same clustering, same persons, same table
    assert strict.observed > own.observed  # a stricter threshold splits persons
    assert len(draws) == 3 and all(v.kind == "draw" for v in draws)
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
