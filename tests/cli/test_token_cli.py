"""`vigil token new | list | revoke`: thin callers of services.tokens; the token is printed
once and never again, bad input is one message and exit 2."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.domain import Role
from vigil.security.permissions import Actor
from vigil.services import tokens, users
from vigil.store import open_store
from vigil.store.models import ApiToken

PASSWORDS = {"root": "root password 1", "ed": "editor password", "vi": "viewer password"}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(url, create=True)
    admin = Actor("root", Role.ADMIN)
    with store.session() as s:
        for name, role in (("root", "admin"), ("ed", "editor"), ("vi", "viewer")):
            users.add_user(s, admin, name, role, PASSWORDS[name])
    store.close()
    return {"VIGIL_DB": url, "COLUMNS": "200"}


def _as(env: dict[str, str], user: str) -> dict[str, str]:
    return {**env, "VIGIL_USER": user, "VIGIL_PASSWORD": PASSWORDS[user]}


def test_new_list_revoke(env: dict[str, str]) -> None:
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "token",
            "new",
            "ed",
            "--scope",
            "records:write",
            "--expires-days",
            "30",
            "--label",
            "sync",
        ],
        env=_as(env, "root"),
    )
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert token.startswith("vgl_") and "not shown again" in r.stderr
    store = open_store(env["VIGIL_DB"])
    try:
        with store.session() as s:
            (row,) = s.query(ApiToken).all()
            assert row.secret_sha256 == hashlib.sha256(token.encode()).hexdigest()
            assert tokens.authenticate(s, token).name == "ed"
    finally:
        store.close()
    listed = runner.invoke(app, ["token", "list"], env=_as(env, "ed"))
    assert listed.exit_code == 0 and row.id in listed.stdout and "active" in listed.stdout
    assert token.split("_", 2)[2] not in listed.stdout  # never the secret (which may hold "_")
    assert runner.invoke(app, ["token", "list"], env=_as(env, "vi")).stdout.count(row.id) == 0
    r = runner.invoke(app, ["token", "revoke", row.id], env=_as(env, "vi"))
    assert r.exit_code == 2 and f"no API token '{row.id}'" in r.stderr
    r = runner.invoke(app, ["token", "revoke", row.id], env=_as(env, "ed"))
    assert r.exit_code == 0, r.output
    listed = runner.invoke(app, ["token", "list", "--of", "ed"], env=_as(env, "root"))
    assert "revoked" in listed.stdout and "by ed" in listed.stdout


def test_refusals_are_one_message(env: dict[str, str]) -> None:
    runner = CliRunner()
    cases = {
        ("token", "new", "vi", "--scope", "records:write"): "viewer; a token of theirs cannot",
        ("token", "new", "ed", "--scope", "everything"): "unknown scope 'everything'",
        ("token", "new", "nobody", "--scope", "read"): "no user 'nobody'",
        ("token", "revoke"): "give a token id, or --all-of USER",
    }
    for args, message in cases.items():
        r = runner.invoke(app, list(args), env=_as(env, "root"))
        assert r.exit_code == 2, (args, r.output)
        assert message in " ".join(r.stderr.split()) and "Traceback" not in r.output
    r = runner.invoke(app, ["token", "new", "ed", "--scope", "read"], env=_as(env, "vi"))
    assert r.exit_code == 2 and "may not manage users" in r.stderr


def test_deactivating_a_user_revokes_their_tokens(env: dict[str, str]) -> None:
    runner = CliRunner()
    token = runner.invoke(
        app, ["token", "new", "ed", "--scope", "read"], env=_as(env, "ed")
    ).stdout.strip()
    r = runner.invoke(app, ["user", "deactivate", "ed"], env=_as(env, "root"))
    assert r.exit_code == 0 and "API tokens are revoked" in " ".join(r.stdout.split())
    store = open_store(env["VIGIL_DB"])
    try:
        with store.session() as s, pytest.raises(tokens.BadToken, match="user deactivated"):
            tokens.authenticate(s, token)
    finally:
        store.close()
