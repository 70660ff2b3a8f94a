"""The Python facade (`vigil.open`) on a small synthetic data set from `vigil synth`: the same
services as the `vigil` command, the same figures, and a light `import vigil`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import vigil
from vigil.cli.app import app
from vigil.errors import InputError, NotFound, PermissionDenied
from vigil.facade import Vigil

HEAVY = ("numba", "numpy", "pandas", "sqlalchemy", "duckdb", "splink", "pyspark", "py4j")
FAST = {"chains": 4, "burnin": 600, "samples": 400, "thin": 4}


def test_import_vigil_is_light() -> None:
    """`import vigil` (and `vigil.open` itself) loads no numba, JVM, database or data frame."""
    code = (
        "import sys, vigil\n"
        "assert callable(vigil.open)\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r}])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_all_names_exist() -> None:
    assert {"open", "Vigil", "Config", "__version__"} <= set(vigil.__all__)
    assert all(hasattr(vigil, name) for name in vigil.__all__)


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    res = CliRunner().invoke(app, ["synth", str(out), "--people", "250", "--seed", "3", "-q"])
    assert res.exit_code == 0, res.output
    return out


def _sources(folder: Path) -> list[dict[str, str]]:
    with (folder / "sources.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def linked(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vigil]:
    """A store filled, linked and graded through the facade alone."""
    db = tmp_path_factory.mktemp("store") / "v.db"
    with vigil.open(f"sqlite:///{db}", create=True) as v:
        for src in _sources(synth_dir):
            result = v.import_file(
                synth_dir / src["file"],
                source=src["name"],
                kind=src["kind"],
                group=src["independence_group"],
            )
            assert result.rows_added > 0
        report = v.link()
        assert 0 < report.n_persons < report.n_records
        grades = v.grade()
        assert sum(grades.counts.values()) == report.n_persons
        yield v


def test_estimate_through_the_facade_matches_the_command(linked: Vigil) -> None:
    e = linked.estimate(seed=5, **FAST)
    assert e.method == "lcmcr" and e.estimate is not None
    assert e.lower is not None and e.upper is not None
    assert e.observed <= e.lower <= e.estimate <= e.upper
    args = [f"--{k}={v}" for k, v in FAST.items()]
    res = CliRunner().invoke(
        app, ["--db", linked.store.url, "estimate", "--json", "--seed", "5", *args]
    )
    assert res.exit_code == 0, res.output
    cli = json.loads(res.stdout)
    assert (cli["observed"], cli["estimate"], cli["lower"], cli["upper"]) == (
        e.observed,
        e.estimate,
        e.lower,
        e.upper,
    )


def test_chao_floor_counts_the_linked_persons(linked: Vigil) -> None:
    e = linked.estimate(method="chao")
    assert e.method.startswith("chao") and e.estimate is not None and e.estimate >= e.observed


def test_claims_and_signed_statement(linked: Vigil, tmp_path: Path) -> None:
    from vigil.services.statement import verify_statement
    from vigil.statement.signing import new_keypair

    claim_id = linked.add_claim(
        actor="Synthetic official",
        figure=3,
        date="2020-01-01",
        scope="deaths, synthetic",
        citation="invented for a test",
        kind="official",
    )
    verdicts = linked.claims(method="chao")
    assert [c.id for c in verdicts] == [claim_id]
    assert verdicts[0].figure == 3 and verdicts[0].label
    private, public, _ = new_keypair(tmp_path / "keys")
    result = linked.statement(tmp_path / "out", key=private, method="chao", synthetic=True)
    assert result.signer
    report = verify_statement(tmp_path / "out", public_key=public, store=linked.store)
    assert report.ok, report


def test_importing_the_same_file_twice_adds_nothing(linked: Vigil, synth_dir: Path) -> None:
    src = _sources(synth_dir)[0]
    again = linked.import_file(synth_dir / src["file"], source=src["name"], kind=src["kind"])
    assert again.rows_added == 0


def test_unknown_kind_is_a_clear_error(linked: Vigil, synth_dir: Path) -> None:
    src = _sources(synth_dir)[0]
    with pytest.raises(InputError, match="unknown source kind 'rumour'"):
        linked.import_file(synth_dir / src["file"], source="X", kind="rumour")


def test_open_reads_the_store_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("VIGIL_DB", url)
    with vigil.open(create=True) as v:
        assert v.store.url == url and v.config.db == url
    with pytest.raises(InputError, match="vigil init"):
        vigil.open(f"sqlite:///{tmp_path / 'missing.db'}")


def test_users_and_permissions_apply_to_the_facade(tmp_path: Path) -> None:
    from vigil.domain import Role
    from vigil.security.permissions import Actor
    from vigil.services.users import add_user

    url = f"sqlite:///{tmp_path / 'u.db'}"
    config = vigil.Config()  # no environment: only what is passed here
    with vigil.open(url, create=True, config=config) as v, v.store.session() as s:
        add_user(s, Actor("setup", Role.ADMIN), "ada", "admin", "correct horse 1")
        add_user(s, Actor("ada", Role.ADMIN), "ben", "viewer", "correct horse 2")
    with vigil.open(url, config=config) as v, pytest.raises(PermissionDenied, match="--user"):
        v.grade()
    wrong = vigil.open(url, user="ada", password="wrong", config=config)
    with wrong, pytest.raises(PermissionDenied):
        wrong.grade()
    viewer = vigil.open(url, user="ben", password="correct horse 2", config=config)
    with viewer, pytest.raises(PermissionDenied):
        viewer.grade()
    with vigil.open(url, user="ada", password="correct horse 1", config=config) as v:
        assert sum(v.grade().counts.values()) == 0


def test_events_and_attribution_shares_match_the_command(linked: Vigil, tmp_path: Path) -> None:
    linked.add_event(
        "nov2019", name="November 2019 protests", date_from="2019-11-15", date_to="2019-12-31"
    )
    assert [e.slug for e in linked.events()] == ["nov2019"]
    shares = linked.stats(["wound", "custody"], event="nov2019")
    res = CliRunner().invoke(
        app,
        [
            "--db",
            linked.store.url,
            "stats",
            "--by",
            "wound",
            "--by",
            "custody",
            "--event",
            "nov2019",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == json.loads(json.dumps(shares.to_json()))
    wound = shares.fields["wound"]
    assert wound.known + wound.unknown == wound.persons > 0
    assert "of November 2019 protests" in shares.description
    result = linked.statement(tmp_path / "nov", method="none", synthetic=True, event="nov2019")
    assert result.payload["title"] == "Toll statement: November 2019 protests"
    assert result.payload["event"]["slug"] == "nov2019"
    assert "attribution" in result.payload
    with pytest.raises(NotFound, match="no event"):
        linked.stats("wound", event="nope")


def test_unknown_estimator_option_is_a_clear_error(linked: Vigil, tmp_path: Path) -> None:
    """Options go through `EstimateSettings.of`, the one place that checks them: a misspelt
    one is an InputError naming it (not a TypeError), and nothing is written."""
    with pytest.raises(InputError, match=r"unknown estimator option.*chain\b"):
        linked.claims(method="chao", chain=2)
    with pytest.raises(InputError, match=r"unknown estimator option.*burn_in"):
        linked.statement(tmp_path / "out", method="chao", burn_in=10)
    assert not (tmp_path / "out").exists()
