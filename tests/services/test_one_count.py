"""One definition of what is counted: for one store and scope, `vigil estimate --json`,
the statement and the API report the same observed persons (issue 12, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.statement.seed import seed
from tests.web.conftest import sign_in
from tests.web.seed import add_user
from vigil.cli.app import app
from vigil.store import open_store
from vigil.store.models import User
from vigil.web import WebSettings, create_app

runner = CliRunner()


def _ok(url: str, *args: str) -> str:
    r = runner.invoke(app, ["--db", url, *args])
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture
def url(tmp_path: Path) -> str:
    u = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(u, create=True)
    seed(store)
    store.close()
    _ok(u, "grade")
    return u


def _estimate_observed(url: str, *scope: str) -> int:
    out = _ok(url, "estimate", "--json", "--method", "chao", *scope)
    return int(json.loads(out)["observed"])


def _statement_observed(url: str, folder: Path, *scope: str) -> int:
    _ok(url, "statement", "-o", str(folder), "--method", "chao", *scope)
    payload = json.loads((folder / "statement.json").read_text("utf-8"))
    return int(payload["estimate"]["observed"])


def test_estimate_statement_and_api_count_the_same_persons(url: str, tmp_path: Path) -> None:
    # The seed's 40 persons: 2 injured only, 1 discounted; 37 deaths counted on lists, but
    # the estimate used to take every violation (39) and the discounted (40).
    est = _estimate_observed(url)
    stmt = _statement_observed(url, tmp_path / "all")
    store = open_store(url)
    add_user(store, "viewer", "viewer")  # after the CLI runs: a store with users asks --user
    try:
        client = TestClient(
            create_app(
                store,
                WebSettings(secret_key="k", estimate_method="chao", estimate_wait_s=60.0),
            ),
            follow_redirects=False,
        )
        sign_in(client, "viewer")
        api = client.get("/api/statistics").json()["estimate"]["observed"]
    finally:
        store.close()
    assert est == stmt == api
    assert est < 40  # injured-only and discounted persons are not counted

    # A narrower scope: the estimate takes the statement's options and agrees again.
    store = open_store(url)
    with store.session() as s:
        s.query(User).delete()
    store.close()
    scope = ("--violation", "killed", "--violation", "injured")
    est2 = _estimate_observed(url, *scope)
    assert est2 == _statement_observed(url, tmp_path / "scoped", *scope)
    assert est2 == est + 2  # the two injured-only persons (lists A and B)
