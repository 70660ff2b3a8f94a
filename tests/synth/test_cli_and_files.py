"""The writer and the `synth` command: files, columns, truth and determinism on disk."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from vigil.cli.synth import register
from vigil.synth import COLUMNS


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def root() -> None:  # keeps `synth` a subcommand
        """Test root."""

    return app


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_cli_writes_sources_truth_and_population(tmp_path: Path) -> None:
    out = tmp_path / "bed"
    result = CliRunner().invoke(
        _app(), ["synth", str(out), "--people", "800", "--seed", "3", "--hidden-fraction", "0.1"]
    )
    assert result.exit_code == 0, result.output
    sources = _read(out / "sources.csv")
    assert [s["name"] for s in sources] == ["field_network", "ngo", "hospital", "media"]
    assert {s["kind"] for s in sources} == {"field_network", "ngo", "hospital", "media"}
    truth = _read(out / "truth.csv")
    keys = set()
    for s in sources:
        with (out / s["file"]).open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            assert tuple(next(reader)) == COLUMNS
            rows = list(reader)
        assert rows and all(r[0] and r[1] for r in rows)
        keys |= {(s["name"], r[0]) for r in rows}
    # The truth maps every record, and only records.
    assert {(t["source"], t["source_record_id"]) for t in truth} == keys
    assert len(truth) == len(keys)
    population = json.loads((out / "population.json").read_text("utf-8"))
    assert population["population_size"] == 800
    assert population["records"] == len(truth)
    assert population["observed"] == len({t["person_id"] for t in truth})
    assert population["parameters"]["hidden_fraction"] == 0.1
    persons = _read(out / "persons.csv")
    assert len(persons) == 800
    seen = {p["person_id"] for p in persons if "1" in p["capture_history"]}
    assert seen == {t["person_id"] for t in truth}


def test_cli_same_seed_same_bytes(tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(_app(), ["synth", str(tmp_path / name), "--people", "300", "-q"])
        assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_cli_rejects_bad_values_with_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["synth", str(tmp_path / "x"), "--sources", "1"])
    assert result.exit_code == 2
    assert "--sources" in result.output
    assert not (tmp_path / "x").exists()


def test_cli_records_target_and_conflicting_options(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(_app(), ["synth", str(tmp_path / "r"), "--records", "3000", "-q"])
    assert result.exit_code == 0, result.output
    population = json.loads((tmp_path / "r" / "population.json").read_text("utf-8"))
    assert 2500 < population["records"] < 3500
    both = runner.invoke(_app(), ["synth", str(tmp_path / "x"), "--records", "10", "--people", "5"])
    assert both.exit_code == 2
    assert "not both" in both.output
