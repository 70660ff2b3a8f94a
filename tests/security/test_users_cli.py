"""Users, log-in and roles at the command line: who may read and change what."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.audit.rows import add_record, add_source
from vigil.cli.app import app
from vigil.domain import Role
from vigil.errors import InputError, PermissionDenied
from vigil.security.permissions import Actor
from vigil.services import users
from vigil.store import Store, open_store

PASSWORDS = {"root": "root password 1", "ed": "editor password", "vi": "viewer password"}
WITNESS = "Synthetic Witness Plmokn"


def test_users_service(store: Store) -> None:
    with store.session() as s:
        operator = users.resolve_actor(s, None, lambda: None)
        assert operator.role is Role.ADMIN  # no users yet: the local operator is admin
        with pytest.raises(InputError, match="first user must be an admin"):
            users.add_user(s, operator, "vi", "viewer", PASSWORDS["vi"])
        users.add_user(s, operator, "root", "admin", PASSWORDS["root"])
        users.add_user(s, Actor("root", Role.ADMIN), "vi", "viewer", PASSWORDS["vi"])
        with pytest.raises(PermissionDenied):
            users.add_user(s, Actor("vi", Role.VIEWER), "x", "admin", "whatever123")
        with pytest.raises(InputError, match="unknown role"):
            users.add_user(s, Actor("root", Role.ADMIN), "x", "boss", "whatever123")
    with store.session() as s:
        assert users.authenticate(s, "vi", PASSWORDS["vi"]) == Actor("vi", Role.VIEWER)
        for name, pw in (("vi", "wrong password"), ("nobody", PASSWORDS["vi"])):
            with pytest.raises(PermissionDenied, match="wrong user name or password"):
                users.authenticate(s, name, pw)
        with pytest.raises(PermissionDenied, match="--user"):
            users.resolve_actor(s, None, lambda: None)
        stored = [u.password_hash for u in users.list_users(s)]
        assert all(h.startswith("$argon2id$") for h in stored)


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(url, create=True)
    with store.session() as s:
        add_record(s, add_source(s))
    store.close()
    key = tmp_path / "seal.key"
    monkeypatch.setenv("VIGIL_DB", url)
    monkeypatch.setenv("VIGIL_KEY_FILE", str(key))
    monkeypatch.delenv("VIGIL_USER", raising=False)
    monkeypatch.delenv("VIGIL_PASSWORD", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["seal-key", "new", str(key)]).exit_code == 0
    for name, role in (("root", "admin"), ("ed", "editor"), ("vi", "viewer")):
        env = {"VIGIL_USER": "root", "VIGIL_PASSWORD": PASSWORDS["root"]}
        res = runner.invoke(
            app,
            ["user", "add", name, "--role", role, "--password-stdin"],
            input=PASSWORDS[name] + "\n",
            env=env,
        )
        assert res.exit_code == 0, res.output
    return url


def run(user: str | None, password: str | None, *args: str) -> tuple[int, str]:
    env = {"VIGIL_USER": user or "", "VIGIL_PASSWORD": password or ""}
    res = CliRunner().invoke(app, list(args), env=env)
    return res.exit_code, res.output


def test_viewer_cannot_read_sensitive_fields_through_the_cli(cli_store: str) -> None:
    code, out = run("ed", PASSWORDS["ed"], "record", "seal", "1", "--witness-name", WITNESS)
    assert code == 0, out
    code, out = run("ed", PASSWORDS["ed"], "record", "show", "1")
    assert code == 0 and WITNESS in out
    code, out = run("vi", PASSWORDS["vi"], "record", "show", "1")
    assert code == 0, out
    assert WITNESS not in out and '"witness_name": "[withheld]"' in out
    code, out = run("vi", PASSWORDS["vi"], "record", "seal", "1", "--witness-name", "x")
    assert code == 2 and "may not seal fields" in out


def test_log_in_is_required_once_users_exist(cli_store: str) -> None:
    code, out = run(None, None, "record", "seal", "1", "--witness-name", "x")
    assert code == 2 and "--user" in out
    code, out = run("ed", "not the password", "record", "show", "1")
    assert code == 2 and "wrong user name or password" in out
    code, out = run("ghost", "any password 1", "record", "show", "1")
    assert code == 2 and "wrong user name or password" in out
    code, out = run("ed", PASSWORDS["ed"], "user", "add", "x", "--role", "admin")
    assert code == 2 and "may not manage users" in out
    code, out = run("vi", PASSWORDS["vi"], "backup", "/tmp/never.tar")
    assert code == 2 and "may not backup" in out
    code, out = run("root", PASSWORDS["root"], "user", "list")
    assert code == 0 and "viewer" in out


def test_wrong_key_at_the_cli(cli_store: str, tmp_path: Path) -> None:
    assert run("ed", PASSWORDS["ed"], "record", "seal", "1", "--witness-name", WITNESS)[0] == 0
    other = tmp_path / "other.key"
    assert run(None, None, "seal-key", "new", str(other))[0] == 0
    code, out = run("ed", PASSWORDS["ed"], "record", "show", "1", "--key-file", str(other))
    assert code == 2 and "wrong key" in out and WITNESS not in out


def test_user_commands_change_password_role_and_active(tmp_path: Path) -> None:
    """`vigil user password/role/deactivate/activate`: admins only (a user may change
    their own password), weak passwords refused with the reason, audited."""
    url = f"sqlite:///{tmp_path / 'v.db'}"
    open_store(url, create=True).close()
    runner = CliRunner()

    def run(user: str, password: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
        env = {"VIGIL_USER": user, "VIGIL_PASSWORD": password}
        res = runner.invoke(app, ["--db", url, *args], env=env, input=stdin)
        return res.exit_code, res.output

    assert (
        run(
            "",
            "",
            "user",
            "add",
            "root",
            "--role",
            "admin",
            "--password-stdin",
            stdin=PASSWORDS["root"] + "\n",
        )[0]
        == 0
    )
    assert (
        run(
            "root",
            PASSWORDS["root"],
            "user",
            "add",
            "ed",
            "--role",
            "editor",
            "--password-stdin",
            stdin=PASSWORDS["ed"] + "\n",
        )[0]
        == 0
    )
    code, out = run(
        "root",
        PASSWORDS["root"],
        "user",
        "add",
        "weak",
        "--role",
        "viewer",
        "--password-stdin",
        stdin="aaaaaaaa\n",
    )
    assert code == 2 and "at least 12 characters" in out
    code, out = run("ed", PASSWORDS["ed"], "user", "role", "ed", "admin")
    assert code == 2 and "may not manage users" in out
    code, out = run(
        "ed",
        PASSWORDS["ed"],
        "user",
        "password",
        "ed",
        "--password-stdin",
        stdin="ed's fresh passphrase\n",
    )
    assert code == 0, out
    assert run("ed", PASSWORDS["ed"], "user", "list")[0] == 2  # old password no longer works
    assert run("root", PASSWORDS["root"], "user", "role", "ed", "viewer")[0] == 0
    code, out = run("root", PASSWORDS["root"], "user", "role", "root", "viewer")
    assert code == 2 and "last active admin" in out
    assert run("root", PASSWORDS["root"], "user", "deactivate", "ed")[0] == 0
    code, out = run("ed", "ed's fresh passphrase", "user", "list")
    assert code == 2 and "wrong user name or password" in out
    assert run("root", PASSWORDS["root"], "user", "activate", "ed")[0] == 0
    store = open_store(url)
    with store.session() as s:
        from sqlalchemy import select

        from vigil.store.models import AuditEntry

        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "users")))
    store.close()
    for action in ("user_password", "user_role", "user_deactivate", "user_activate"):
        assert action in actions
