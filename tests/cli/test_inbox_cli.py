"""`vigil inbox`: keys, invitations, export and open, with tampered bundles refused by name
and without a traceback. Synthetic names only."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.security.crypto import write_key_file
from vigil.security.envelope import read_public_key, seal_report
from vigil.services import inbox
from vigil.store import open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    r = runner.invoke(app, ["--db", url, "init"])
    assert r.exit_code == 0, r.output
    return url


def test_keys_invites_export_open(db: str, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    r = runner.invoke(app, ["inbox", "keys", "new", "-o", str(keys)])
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(os.stat(keys / "inbox_private.pem").st_mode) == 0o600
    again = runner.invoke(app, ["inbox", "keys", "new", "-o", str(keys)])
    assert again.exit_code == 2 and "refusing to overwrite" in again.output

    r = runner.invoke(
        app, ["--db", db, "inbox", "invite", "new", "reporter 1", "--base-url", "https://x.org"]
    )
    assert r.exit_code == 0, r.output
    match = re.search(r"https://x\.org/inbox/r/([A-Za-z0-9_-]+)", r.output)
    assert match
    token = match.group(1)
    store = open_store(db)
    invite = inbox.invite_for_token(store, token)
    assert token not in (tmp_path / "v.db").read_bytes().decode("latin-1")

    key = read_public_key(keys / "inbox_public.pem")
    fields = {"name": "Arash Fictus", "violation": "detained", "witness_name": "Wit Ness"}
    for _ in range(2):
        envelope = seal_report(key, invite.id, {"fields": fields, "files": []})
        inbox.receive(store, token, json.dumps(envelope).encode(), public_key=key)
    listed = runner.invoke(app, ["--db", db, "inbox", "invite", "list", "--json"])
    assert json.loads(listed.output)[0]["reports"] == 2

    bundle = tmp_path / "bundle.jsonl"
    r = runner.invoke(app, ["--db", db, "inbox", "export", "-o", str(bundle)])
    assert r.exit_code == 0 and "2 encrypted" in r.output
    assert "Wit Ness" not in bundle.read_text()

    # A tampered bundle is refused by name; nothing is imported.
    lines = bundle.read_text().splitlines()
    changed = json.loads(lines[1])
    changed["ct"] = ("A" if changed["ct"][0] != "A" else "B") + changed["ct"][1:]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + json.dumps(changed) + "\n")
    seal = tmp_path / "seal.key"
    write_key_file(seal)
    env = {"VIGIL_KEY_FILE": str(seal)}
    analysis = f"sqlite:///{tmp_path / 'a.db'}"
    assert runner.invoke(app, ["--db", analysis, "init"]).exit_code == 0
    key_opt = ["--key", str(keys / "inbox_private.pem")]
    r = runner.invoke(app, ["--db", analysis, "inbox", "open", str(bad), *key_opt], env=env)
    assert r.exit_code == 1, r.output
    assert "tampered ciphertext" in r.output and changed["rid"] in r.output
    assert "Traceback" not in r.output and "nothing imported" in r.output

    r = runner.invoke(app, ["--db", analysis, "inbox", "open", str(bundle), *key_opt], env=env)
    assert r.exit_code == 0, r.output
    assert "2 added" in r.output

    # Opened straight from the inbox's store, then deleted there.
    fresh = f"sqlite:///{tmp_path / 'b.db'}"
    assert runner.invoke(app, ["--db", fresh, "init"]).exit_code == 0
    args = ["--db", fresh, "inbox", "open", *key_opt, "--store", db, "--delete"]
    r = runner.invoke(app, args, env=env)
    assert r.exit_code == 0 and "2 added" in r.output and "deleted 2" in r.output
    assert inbox.stored_envelopes(store) == []
    # The ids are kept: the same report sent again is still a replay.
    with pytest.raises(inbox.ReplayedReport):
        inbox.receive(store, token, lines[0].encode(), public_key=key)

    r = runner.invoke(app, ["--db", db, "inbox", "invite", "revoke", invite.id])
    assert r.exit_code == 0 and "revoked" in r.output
    with pytest.raises(inbox.InviteRefused):
        inbox.invite_for_token(store, token)
    r = runner.invoke(app, ["--db", db, "inbox", "invite", "revoke", "inv_nope00000000"])
    assert r.exit_code == 2 and "no invitation" in r.output
    store.close()


def test_open_without_the_right_key_is_a_clear_error(db: str, tmp_path: Path) -> None:
    pub = tmp_path / "k" / "inbox_public.pem"
    assert runner.invoke(app, ["inbox", "keys", "new", "-o", str(tmp_path / "k")]).exit_code == 0
    r = runner.invoke(app, ["--db", db, "inbox", "open", "--key", str(pub)])
    assert r.exit_code == 2 and "not a P-256 private key" in r.output
    r = runner.invoke(app, ["--db", db, "inbox", "open", "--key", str(tmp_path / "none.pem")])
    assert r.exit_code == 2 and "cannot read the private key" in r.output
