"""`vigil link`, `review`, `export` and `person show` end to end on a SQLite store."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from tests.linkage.synthetic import population
from tests.linkage.test_linking_service import _load
from vigil.cli.app import app
from vigil.store import Store


def test_cli_link_review_export_show(sqlite_store: Store, tmp_path: Path) -> None:
    rows, _ = population(40, seed=5)
    ids = _load(sqlite_store, rows)
    runner = CliRunner()
    db = ["--db", sqlite_store.url]
    res = runner.invoke(app, [*db, "link"])
    assert res.exit_code == 0, res.output
    assert "persons" in res.output and "Ids:" in res.output

    res = runner.invoke(app, [*db, "review", "--limit", "2"])
    assert res.exit_code == 0, res.output

    out = tmp_path / "links.csv"
    res = runner.invoke(app, [*db, "export", "links", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with out.open() as f:
        links = list(csv.DictReader(f))
    assert len(links) == len(ids)
    pid = links[0]["person_id"]
    res = runner.invoke(app, [*db, "person", "show", pid])
    assert res.exit_code == 0, res.output
    assert pid in res.output and "grade" in res.output

    a, b = links[0]["record_id"], links[1]["record_id"]
    res = runner.invoke(app, [*db, "link", "--separate", a, b, "--decide-only"])
    assert res.exit_code == 0 and "separate" in res.output
    res = runner.invoke(app, [*db, "link", "--engine", "nope"])
    assert res.exit_code == 2
    res = runner.invoke(app, [*db, "person", "show", "P-999999"])
    assert res.exit_code == 2
