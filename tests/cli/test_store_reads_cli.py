"""`vigil status`, `vigil record show` and `vigil evidence verify` read the store through
`services` (issue #13) and print what they printed before; the facade's `v.status()` gives
the same counts. Synthetic records only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import vigil
from tests.audit.rows import add_import, add_record, add_source
from vigil.cli.app import app
from vigil.store import open_store
from vigil.store.models import Person, SourceRecord

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store with two sources, five records (two of them given a person) and one
    evidence file."""
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(url, create=True)
    with store.session() as s:
        a = add_source(s, "List A")
        add_import(s, add_source(s, "List B"), 3, tag="b")
        add_record(s, a)
        add_record(s, a, rid="manual-2")
        s.add(Person(id="P-000001", display_name="Synthetic Manual", created_by="tester"))
        s.flush()
        for rec in s.query(SourceRecord).filter(SourceRecord.id <= 2):
            rec.person_id = "P-000001"
    store.close()
    monkeypatch.setenv("VIGIL_DB", url)
    monkeypatch.delenv("VIGIL_EVIDENCE_DIR", raising=False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 synthetic certificate")
    res = runner.invoke(app, ["evidence", "add", str(scan), "--record", "1"])
    assert res.exit_code == 0, res.output
    return url


def _rows(output: str) -> dict[str, str]:
    """The status table's rows: label -> count as printed."""
    found = re.findall(r"│ ([a-z ]+?) +│ +([\d,]+) │", output)
    return dict(found)


def test_status_prints_every_count(url: str) -> None:
    res = runner.invoke(app, ["status"], terminal_width=120)
    assert res.exit_code == 0, res.output
    assert f"Vigilstore:{url}" in re.sub(r"\s", "", res.output)  # the title wraps
    rows = _rows(res.output)
    audit_entries = rows.pop("audit entries")
    assert list(rows.items()) == [
        ("sources", "2"),
        ("imports", "1"),
        ("source records", "5"),
        ("persons", "1"),
        ("link runs", "0"),
        ("claims", "0"),
        ("events", "0"),
        ("evidence files", "1"),
        ("records not yet linked", "3"),
    ]
    assert int(audit_entries) >= 2  # at least the import and the evidence


def test_facade_status_matches_the_command(url: str) -> None:
    res = runner.invoke(app, ["status"], terminal_width=120)
    printed = {k: int(v.replace(",", "")) for k, v in _rows(res.output).items()}
    with vigil.open(url) as v:
        n = v.status()
    assert (n.sources, n.imports, n.records, n.persons, n.link_runs) == (2, 1, 5, 1, 0)
    assert (n.claims, n.events, n.evidence_files, n.unlinked) == (0, 0, 1, 3)
    assert n.audit_entries == printed["audit entries"]


def test_record_show_prints_every_stored_column(url: str) -> None:
    res = runner.invoke(app, ["record", "show", "4"])
    assert res.exit_code == 0, res.output
    shown = json.loads(res.output)
    # Every column but the ciphertext itself (its fields are shown, or withheld, by name).
    assert set(shown) == {c.name for c in SourceRecord.__table__.columns} - {"sealed"}
    assert (shown["id"], shown["source_record_id"], shown["person_id"]) == (4, "manual-1", None)
    assert shown["raw"] == {"name": "Synthetic Manual"}
    missing = runner.invoke(app, ["record", "show", "99"])
    assert missing.exit_code == 2 and "no source record with id 99" in missing.output


def test_evidence_verify_counts_every_file(url: str, tmp_path: Path) -> None:
    second = tmp_path / "photo.pdf"
    second.write_bytes(b"%PDF-1.4 another synthetic scan")
    assert runner.invoke(app, ["evidence", "add", str(second), "--record", "2"]).exit_code == 0
    res = runner.invoke(app, ["evidence", "verify"])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())  # rich wraps long lines
    assert said == f"evidence ok: 2 file(s) re-hashed under {tmp_path / 'evidence'}"
    next((tmp_path / "evidence").glob("*/*")).unlink()
    res = runner.invoke(app, ["evidence", "verify"])
    assert res.exit_code == 1 and "1 of 2 evidence file(s) failed" in res.output


def test_person_show_says_whether_the_grade_is_stored(url: str) -> None:
    before = runner.invoke(app, ["person", "show", "P-000001"])
    assert before.exit_code == 0, before.output
    assert "grade: " in before.output and "not stored yet: run `vigil grade`" in before.output
    assert runner.invoke(app, ["grade"]).exit_code == 0
    after = runner.invoke(app, ["person", "show", "P-000001"])
    assert after.exit_code == 0 and "not stored yet" not in after.output
    assert "stored grade is" not in after.output
    store = open_store(url)
    with store.session() as s:
        person = s.get(Person, "P-000001")
        assert person is not None and person.grade != "discounted"
        person.grade = "discounted"  # as if the rules changed since `vigil grade`
    store.close()
    stale = runner.invoke(app, ["person", "show", "P-000001"])
    assert "stored grade is discounted: run `vigil grade` to update" in stale.output


def test_status_asks_for_the_same_permission_as_the_facade(url: str) -> None:
    """Once the store has users, `vigil status` needs a signed-in user allowed READ_PUBLIC,
    as `Vigil.status()` does: no user or a wrong password is refused, a viewer may read."""
    from vigil.domain import Role
    from vigil.errors import PermissionDenied
    from vigil.security.permissions import Actor
    from vigil.services import users

    store = open_store(url)
    with store.session() as s:
        root = Actor("root", Role.ADMIN)
        users.add_user(s, root, "root", "admin", "root password 1")
        users.add_user(s, root, "vi", "viewer", "viewer password 1")
    store.close()

    anonymous = runner.invoke(app, ["status"], env={"VIGIL_USER": "", "VIGIL_PASSWORD": ""})
    assert anonymous.exit_code == 2 and "--user" in anonymous.output
    assert "source records" not in anonymous.output
    with vigil.open(url) as v, pytest.raises(PermissionDenied):
        v.status()

    wrong = runner.invoke(
        app, ["status"], env={"VIGIL_USER": "vi", "VIGIL_PASSWORD": "not the password"}
    )
    assert wrong.exit_code == 2 and "source records" not in wrong.output

    viewer = {"VIGIL_USER": "vi", "VIGIL_PASSWORD": "viewer password 1"}
    res = runner.invoke(app, ["status"], env=viewer, terminal_width=120)
    assert res.exit_code == 0, res.output
    assert _rows(res.output)["source records"] == "5"
