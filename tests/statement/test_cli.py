"""The grading, claims, statement and keys commands through the real `vigil` app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.statement.seed import pid, seed
from vigil.cli.app import app
from vigil.store import open_store
from vigil.store.models import LinkRun

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path) -> str:
    u = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(u, create=True)
    seed(store)
    with store.session() as s:  # `person show` explains links from the latest run
        s.add(LinkRun(engine="duckdb", threshold=0.9, model={}, summary={}))
    store.close()
    return u


def _ok(url: str, *args: str) -> str:
    r = runner.invoke(app, ["--db", url, *args])
    assert r.exit_code == 0, r.output
    return r.output


def test_grade_claims_statement_and_verify(url: str, tmp_path: Path) -> None:
    out = _ok(url, "grade")
    assert "confirmed" in out and "40 grade(s) changed" in out
    shown = _ok(url, "person", "show", pid(36))
    assert "grade: contested" in shown and "reported alive" in shown
    _ok(
        url,
        "claim", "add", "--actor", "Ministry", "--figure", "10", "--min", "8", "--max", "12",
        "--date", "2020-01-01", "--scope", "deaths", "--citation", "press release",
        "--kind", "official",
    )  # fmt: skip
    _ok(
        url,
        "claim", "add", "--actor", "Group", "--figure", "2", "--date", "2020-01-01",
        "--scope", "deaths in Isfahan", "--citation", "web site", "--province", "Isfahan",
    )  # fmt: skip
    listed = _ok(url, "claims", "--method", "none")
    assert "below the documented floor" in listed and "within the documented range" in listed
    keys = tmp_path / "keys"
    _ok(url, "keys", "new", str(keys))
    folder = tmp_path / "st"
    written = _ok(
        url, "statement", "-o", str(folder), "--key", str(keys / "statement_key.pem"),
        "--method", "chao", "--synthetic",
    )  # fmt: skip
    assert "SYNTHETIC" in written and "documented floor (confirmed + fair): 18" in written
    payload = json.loads((folder / "statement.json").read_text("utf-8"))
    assert [c["verdict"] for c in payload["claims"]] == [
        "below_documented_floor",
        "within_documented_range",
    ]
    verified = _ok(
        url, "statement", "verify", str(folder), "--key", str(keys / "statement_key.pub.pem")
    )
    assert "every figure recomputed" in verified and "OK" in verified
    (folder / "victims.csv").write_text("person_id\n", encoding="utf-8")
    bad = runner.invoke(app, ["statement", "verify", str(folder)])
    assert bad.exit_code == 1 and "victims.csv" in bad.output


def test_scoped_statement_and_user_errors(url: str, tmp_path: Path) -> None:
    _ok(url, "grade")
    folder = tmp_path / "dec"
    out = _ok(
        url, "statement", "-o", str(folder), "--from", "2019-12-01", "--province", "Isfahan",
        "--method", "none", "--real",
    )  # fmt: skip
    assert "documented total: 2" in out and "NOT signed" in out
    payload = json.loads((folder / "statement.json").read_text("utf-8"))
    assert payload["synthetic"] is False and "Isfahan" in payload["scope"]["description"]
    r = runner.invoke(app, ["--db", url, "statement", "-o", str(folder), "--province", "Atlantis"])
    assert r.exit_code == 2 and "Atlantis" in r.output
    r = runner.invoke(app, ["--db", url, "claim", "add", "--actor", "X", "--figure", "5",
                            "--date", "yesterday", "--scope", "s", "--citation", "c"])  # fmt: skip
    assert r.exit_code == 2 and "yesterday" in r.output
    r = runner.invoke(app, ["--db", url, "claim", "import", str(tmp_path / "none.yaml")])
    assert r.exit_code == 2 and "no such claims file" in r.output


def test_statement_refuses_ungraded_persons(url: str, tmp_path: Path) -> None:
    r = runner.invoke(
        app, ["--db", url, "statement", "-o", str(tmp_path / "x"), "--method", "none"]
    )
    assert r.exit_code == 2 and "vigil grade" in r.output
