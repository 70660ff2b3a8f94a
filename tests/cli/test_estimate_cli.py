"""The estimate commands, on a Typer app of their own (as the real `vigil` app registers them)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from vigil.cli.estimate import register
from vigil.store import Store
from vigil.store.models import Person, Source, SourceRecord

DATA = Path(__file__).parents[1] / "data" / "mse"
KOSOVO = DATA / "kosovo_1999_4list.csv"
FAST = ["--burnin", "500", "--samples", "200", "--thin", "2", "--chains", "2", "--max-sweeps", "0"]


@pytest.fixture
def app() -> typer.Typer:
    a = typer.Typer()
    register(a)
    return a


runner = CliRunner()


def test_estimate_table_json_has_required_fields(app: typer.Typer) -> None:
    r = runner.invoke(app, ["estimate-table", str(KOSOVO), "--json", "--seed", "3", *FAST])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for key in ("method", "observed", "estimate", "lower", "upper", "level", "diagnostics"):
        assert key in out
    assert out["method"] == "lcmcr" and out["observed"] == 4400
    assert out["lower"] <= out["estimate"] <= out["upper"]
    assert {"rhat", "ess_bulk", "converged", "per_chain_median"} <= set(out["diagnostics"])


def test_fixed_seed_gives_identical_output(app: typer.Typer) -> None:
    args = ["estimate-table", str(KOSOVO), "--json", "--seed", "9", *FAST]
    a = runner.invoke(app, args)
    b = runner.invoke(app, args)
    assert a.exit_code == 0 and a.stdout == b.stdout


def test_text_output_and_warning(app: typer.Typer) -> None:
    # One chain can never be called converged: the warning must be shown.
    r = runner.invoke(
        app, ["estimate-table", str(KOSOVO), "--seed", "1", *FAST[:6], "--chains", "1"]
    )
    assert r.exit_code == 0
    assert "lcmcr: observed 4,400" in r.output
    assert "NOT CONVERGED" in r.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A,B,count\n1,0,5\n0,1,3\n1,1,2\n", "at least 3 lists"),
        ("A,B,C\n1,0,0\n", "no 'count' column"),
        ("A,B,C,count\n1,0,x,5\n", "non-numeric"),
        ("A,B,C,count\n1,0,0,5\n0,1,0,3\n0,0,1,2\n", "two or more lists"),
    ],
)
def test_bad_tables_exit_2_without_traceback(
    app: typer.Typer, tmp_path: Path, content: str, message: str
) -> None:
    f = tmp_path / "t.csv"
    f.write_text(content)
    r = runner.invoke(app, ["estimate-table", str(f), "--seed", "1", *FAST])
    assert r.exit_code == 2
    assert message in r.output
    assert "Traceback" not in r.output


def test_missing_file_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    r = runner.invoke(app, ["estimate-table", str(tmp_path / "nope.csv")])
    assert r.exit_code == 2 and "cannot read" in r.output


def test_bad_settings_exit_2(app: typer.Typer) -> None:
    r = runner.invoke(app, ["estimate-table", str(KOSOVO), "--thin", "0"])
    assert r.exit_code == 2 and "thin" in r.output


def test_text_output_reports_run_length_and_targets(app: typer.Typer) -> None:
    r = runner.invoke(
        app,
        ["estimate-table", str(KOSOVO), "--seed", "2", *FAST[:8], "--max-sweeps", "3000"],
    )
    assert r.exit_code == 0, r.output
    assert "sweeps per chain" in r.output and "R-hat <= 1.01" in r.output
    assert "bulk ESS >= 400" in r.output


def test_chao_dispatch(app: typer.Typer) -> None:
    r = runner.invoke(app, ["estimate-table", str(KOSOVO), "--method", "chao", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["observed"] == 4400 and out["estimate"] >= 4400


def _fill_store(store: Store, n_true: int = 600, seed: int = 0) -> int:
    """Synthetic victims on four sources in three independence groups; returns #observed."""
    rng = np.random.default_rng(seed)
    sources = [("S1", "G1"), ("S1-copy", "G1"), ("S2", "G2"), ("S3", "G3")]
    p = np.array([0.35, 0.3, 0.4, 0.3])
    observed = 0
    with store.session() as s:
        rows = [Source(name=n, kind="other", independence_group=g) for n, g in sources]
        s.add_all(rows)
        s.flush()
        for i in range(n_true):
            seen = rng.random(4) < p
            if not seen.any():
                continue
            observed += 1
            pid = f"P{i:05d}"
            s.add(
                Person(
                    id=pid,
                    display_name=f"Person {i}",
                    province_code="P1" if i % 2 else "P2",
                    sex="male" if i % 3 else "female",
                )
            )
            for j in np.flatnonzero(seen):
                s.add(
                    SourceRecord(
                        source_id=rows[j].id,
                        source_record_id=f"{i}-{j}",
                        raw={},
                        content_sha256=f"{i:032d}{j:032d}",
                        name_raw=f"Person {i}",
                        person_id=pid,
                        violation="killed",  # estimate counts deaths by default
                    )
                )
    return observed


def test_estimate_on_store_by_group(
    app: typer.Typer, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    observed = _fill_store(sqlite_store)
    monkeypatch.setenv("VIGIL_DB", sqlite_store.url)
    r = runner.invoke(app, ["estimate", "--json", "--seed", "2", *FAST])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["observed"] == observed
    assert out["lists"] == ["G1", "G2", "G3"] and out["lists_kind"] == "group"
    assert out["lower"] <= 600 * 1.6 and out["upper"] >= 600 * 0.8


def test_estimate_on_store_by_source_and_strata(
    app: typer.Typer, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    observed = _fill_store(sqlite_store)
    monkeypatch.setenv("VIGIL_DB", sqlite_store.url)
    r = runner.invoke(
        app,
        ["estimate", "--lists", "source", "--strata", "province", "--json", "--seed", "2", *FAST],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out["strata"]) == {"P1", "P2"}
    assert out["observed"] == observed
    assert out["strata"]["P1"]["lists"] == ["S1", "S1-copy", "S2", "S3"]
    assert out["lower"] <= out["estimate"] <= out["upper"]


def test_estimate_refuses_too_few_lists(
    app: typer.Typer, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill_store(sqlite_store)
    monkeypatch.setenv("VIGIL_DB", sqlite_store.url)
    with sqlite_store.session() as s:
        s.query(Source).filter(Source.name == "S3").update({"independence_group": "G2"})
    r = runner.invoke(app, ["estimate", "--seed", "2", *FAST])
    assert r.exit_code == 2
    assert "only 2 usable list(s)" in r.output and "Traceback" not in r.output


def test_estimate_rejects_unknown_strata_field(
    app: typer.Typer, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill_store(sqlite_store)
    monkeypatch.setenv("VIGIL_DB", sqlite_store.url)
    r = runner.invoke(app, ["estimate", "--strata", "shoe_size"])
    assert r.exit_code == 2 and "unknown stratification field" in r.output
