"""The signed statement: written, verified, tampered with, re-signed, recomputed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.statement.seed import pid, seed
from vigil.services.grading import grade_all
from vigil.services.statement import verify_statement, write_statement
from vigil.statement import signing
from vigil.statement.bundle import MANIFEST, PUBLIC_KEY, SIGNATURE, json_bytes, sha256
from vigil.statement.settings import EstimateSettings
from vigil.store import Store, open_store
from vigil.store.models import PersonOverride

CHAO = EstimateSettings(method="chao")
FILES = ("statement.json", "statement.html", "victims.csv", MANIFEST, SIGNATURE, PUBLIC_KEY)


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}", create=True)
    seed(store)
    grade_all(store)
    return store


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    priv, pub, _ = signing.new_keypair(tmp_path / "keys")
    return priv, pub


def _write(db: Store, folder: Path, key: Path | None) -> None:
    write_statement(
        db, folder, settings=CHAO, key=key, synthetic=True, created="2020-01-01T00:00:00+00:00"
    )


def test_a_fresh_statement_verifies_with_the_store(
    db: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "st"
    _write(db, out, keys[0])
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    report = verify_statement(out, public_key=keys[1], store=db)
    assert report.ok, report.lines()
    assert any("every figure recomputed" in line for line in report.passed)
    payload = json.loads((out / "statement.json").read_text("utf-8"))
    assert payload["synthetic"] is True
    assert payload["figures"]["documented_floor"] == 18
    assert payload["estimate"]["method"] == "chao" and payload["estimate"]["estimate"] >= 37


def test_the_bundle_is_deterministic(db: Store, keys: tuple[Path, Path], tmp_path: Path) -> None:
    _write(db, tmp_path / "a", keys[0])
    _write(db, tmp_path / "b", keys[0])
    for name in ("statement.json", "statement.html", "victims.csv", MANIFEST, SIGNATURE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_victims_csv_has_public_fields_only_and_withholds_minors(
    db: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    _write(db, tmp_path / "st", keys[0])
    lines = (tmp_path / "st" / "victims.csv").read_text("utf-8").splitlines()
    header = lines[0].split(",")
    assert "person_id" in header and "grade" in header and "n_sources" in header
    assert not {"raw", "sealed", "notes", "witness_name"} & set(header)
    rows = {line.split(",")[0]: line for line in lines[1:]}
    assert pid(35) not in rows  # discounted: not counted
    assert pid(37) not in rows  # injured: out of the default (deaths) scope
    assert len(rows) == 37
    assert "[withheld: minor]" in rows[pid(11)] and "Name 11" not in rows[pid(11)]
    assert "Name 12" in rows[pid(12)]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("trusted", [True, False])
def test_one_changed_byte_in_any_file_fails(
    db: Store, keys: tuple[Path, Path], tmp_path: Path, name: str, trusted: bool
) -> None:
    out = tmp_path / "st"
    _write(db, out, keys[0])
    data = bytearray((out / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (out / name).write_bytes(bytes(data))
    report = verify_statement(out, public_key=keys[1] if trusted else None)
    assert not report.ok, report.lines()


def test_an_unsigned_statement_does_not_verify(db: Store, tmp_path: Path) -> None:
    _write(db, tmp_path / "st", None)
    report = verify_statement(tmp_path / "st", store=db)
    assert not report.ok and any("not signed" in p for p in report.problems)


def test_a_file_added_to_the_bundle_is_reported(
    db: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    _write(db, tmp_path / "st", keys[0])
    (tmp_path / "st" / "extra.csv").write_text("x\n")
    report = verify_statement(tmp_path / "st", public_key=keys[1])
    assert any("extra.csv" in p for p in report.problems)


def _forge(out: Path, tmp_path: Path) -> Path:
    """Raise the documented floor by 5 and re-sign the bundle with another key."""
    doc = json.loads((out / "statement.json").read_text("utf-8"))
    doc["figures"]["documented_floor"] += 5
    (out / "statement.json").write_bytes(json_bytes(doc))
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest["files"]["statement.json"] = sha256((out / "statement.json").read_bytes())
    priv, pub, fp = signing.new_keypair(tmp_path / "forger")
    manifest["signer"] = fp
    raw = json_bytes(manifest)
    (out / MANIFEST).write_bytes(raw)
    key = signing.load_private(priv)
    (out / SIGNATURE).write_bytes(signing.sign(raw, key))
    (out / PUBLIC_KEY).write_bytes(pub.read_bytes())
    return pub


def test_recomputation_catches_an_edited_figure_even_when_re_signed(
    db: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "st"
    _write(db, out, keys[0])
    _forge(out, tmp_path)
    # The forged bundle is internally consistent: hashes and its own signature check out...
    alone = verify_statement(out)
    assert alone.ok, alone.lines()
    # ...but recomputing from the store names the edited figure,
    recomputed = verify_statement(out, store=db)
    assert not recomputed.ok
    assert any(
        "figures.documented_floor: published 23, recomputed 18" in p for p in recomputed.problems
    ), recomputed.problems
    # and the publisher's real key rejects the signature.
    trusted = verify_statement(out, public_key=keys[1])
    assert any("NOT valid" in p for p in trusted.problems)


def test_a_store_changed_since_the_statement_is_reported(
    db: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "st"
    _write(db, out, keys[0])
    with db.session() as s:
        s.add(PersonOverride(person_id=pid(21), grade="discounted", reason="duplicate"))
    grade_all(db)
    report = verify_statement(out, public_key=keys[1], store=db)
    assert any("data snapshot" in p for p in report.problems)
    assert any("documented_total: published 37, recomputed 36" in p for p in report.problems)
    assert any("victims.csv" in p for p in report.problems)


def test_keys_are_never_overwritten(tmp_path: Path) -> None:
    from vigil.errors import InputError

    signing.new_keypair(tmp_path)
    with pytest.raises(InputError, match="never overwritten"):
        signing.new_keypair(tmp_path)
    assert (tmp_path / signing.PRIVATE_NAME).stat().st_mode & 0o077 == 0
