"""Sealed fields in a real store: keys, wrong keys, withheld reads, and no plaintext on disk."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.audit.rows import add_record, add_source
from vigil.domain import Role
from vigil.errors import InputError, PermissionDenied
from vigil.security.crypto import WITHHELD, WrongKey, write_key_file
from vigil.security.permissions import Actor, public_projection, redact_record
from vigil.services import audit, linking, sealing
from vigil.store import Store
from vigil.store.models import AuditEntry, SourceRecord

EDITOR = Actor("ed", Role.EDITOR)
VIEWER = Actor("vi", Role.VIEWER)
WITNESS = "Synthetic Witness Qxzvbn"
CONTACT = "witness-qxzvbn@example.invalid"


def seal_one(store: Store, key: Path) -> int:
    with store.session() as s:
        rec = add_record(s, add_source(s))
        sealer = sealing.get_sealer(s, key_file=key, create=True, actor="ed")
        assert sealer is not None
        sealing.seal_fields(
            s, EDITOR, sealer, rec.id, {"witness_name": WITNESS, "witness_contact": CONTACT}
        )
        return rec.id


def test_seal_read_and_withhold(store: Store, tmp_path: Path) -> None:
    key = tmp_path / "k"
    write_key_file(key)
    rid = seal_one(store, key)
    with store.session() as s:
        rec = s.get(SourceRecord, rid)
        assert rec is not None and rec.sealed is not None
        sealer = sealing.get_sealer(s, key_file=key)
        assert sealing.read_sensitive(s, rec, sealer, EDITOR)["witness_name"] == WITNESS
        assert sealing.read_sensitive(s, rec, None, EDITOR)["witness_name"] == WITHHELD
        assert sealing.read_sensitive(s, rec, sealer, VIEWER)["witness_name"] == WITHHELD
        assert audit.verify(s).ok
        # clearing one field keeps the other
        sealing.seal_fields(s, EDITOR, sealer, rid, {"witness_contact": None})
        assert sealing.read_sensitive(s, rec, sealer, EDITOR) == {"witness_name": WITNESS}
    with store.session() as s:
        assert audit.verify(s).ok
        raw = s.execute(text("SELECT sealed FROM source_records")).scalar_one()
        assert WITNESS.encode() not in bytes(raw)
        logged = json.dumps([(e.before, e.after) for e in s.scalars(select(AuditEntry))])
        assert WITNESS not in logged and CONTACT not in logged


def test_wrong_key_and_wrong_passphrase_are_refused(store: Store, tmp_path: Path) -> None:
    key, other = tmp_path / "k", tmp_path / "other"
    write_key_file(key)
    write_key_file(other)
    seal_one(store, key)
    with store.session() as s, pytest.raises(WrongKey, match="wrong key"):
        sealing.get_sealer(s, key_file=other)
    with store.session() as s, pytest.raises(WrongKey, match="key file"):
        sealing.get_sealer(s, passphrase="a passphrase")


def test_passphrase_store(sqlite_store: Store) -> None:
    with sqlite_store.session() as s:
        rec = add_record(s, add_source(s))
        sealer = sealing.get_sealer(s, passphrase="correct horse battery", create=True)
        assert sealer is not None
        sealing.seal_fields(s, EDITOR, sealer, rec.id, {"private_notes": "synthetic note"})
    with sqlite_store.session() as s:
        again = sealing.get_sealer(s, passphrase="correct horse battery")
        rec2 = s.get(SourceRecord, rec.id)
        assert again is not None and rec2 is not None
        assert sealing.read_sensitive(s, rec2, again, EDITOR) == {"private_notes": "synthetic note"}
        with pytest.raises(WrongKey):
            sealing.get_sealer(s, passphrase="wrong horse battery")


def test_rules_for_sealing(store: Store, tmp_path: Path) -> None:
    key = tmp_path / "k"
    write_key_file(key)
    with store.session() as s:
        rec = add_record(s, add_source(s))
        sealer = sealing.get_sealer(s, key_file=key, create=True)
        assert sealer is not None
        with pytest.raises(PermissionDenied):
            sealing.seal_fields(s, VIEWER, sealer, rec.id, {"witness_name": "x"})
        with pytest.raises(InputError, match="not a sensitive field"):
            sealing.seal_fields(s, EDITOR, sealer, rec.id, {"age": "x"})
        sealing.add_sensitive_fields(s, Actor("root", Role.ADMIN), ["Informant Name"])
        sealing.seal_fields(s, EDITOR, sealer, rec.id, {"informant_name": "Synthetic"})
        assert "informant_name" in sealing.sensitive_fields(s)


def test_split_and_seal_refuses_plaintext_without_key() -> None:
    raw = {"name": "A", "Witness Name": "B", "private_notes": ""}
    with pytest.raises(InputError, match="witness_name"):
        sealing.split_and_seal(None, raw, ("witness_name",), b"aad", where="f.csv line 2")
    public, sealed = sealing.split_and_seal(None, {"name": "A"}, ("witness_name",), b"aad")
    assert public == {"name": "A"} and sealed is None


def test_plaintext_absent_from_sqlite_file_wal_logs_and_exports(
    sqlite_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A witness name imported through the real importer never reaches the disk in clear."""
    from vigil.services.importing import import_file

    caplog.set_level(logging.DEBUG)
    key = tmp_path / "k"
    write_key_file(key)
    csv = tmp_path / "list.csv"
    csv.write_text(
        "id,name,sex,age,date,province,violation,witness_name,witness_contact\n"
        f"1,Synthetic Person,male,30,2019-11-16,Tehran,killed,{WITNESS},{CONTACT}\n"
        "2,Synthetic Child,female,15,2019-11-17,Fars,killed,,\n",
        encoding="utf-8",
    )
    keyed = dataclasses.replace(sqlite_store, config=sqlite_store.config.replace(key_file=key))
    import_file(keyed, csv, source="List A", actor="ed")
    with sqlite_store.session() as s:
        records = s.scalars(select(SourceRecord).order_by(SourceRecord.id)).all()
        rows = [
            {c.name: getattr(r, c.name) for c in SourceRecord.__table__.columns} for r in records
        ]
        assert records[0].sealed is not None and "witness_name" not in records[0].raw
        assert audit.verify(s).ok
    links, persons = tmp_path / "links.csv", tmp_path / "persons.json"
    linking.export_links(sqlite_store, links)
    linking.export_persons(sqlite_store, persons)
    public = tmp_path / "public.json"
    public.write_text(
        json.dumps([public_projection(redact_record(r, VIEWER)) for r in rows], default=str)
    )
    db = Path(str(sqlite_store.engine.url.database))
    wal = db.with_name(db.name + "-wal")
    assert wal.exists() and db.exists()  # read while the store is open: the WAL is live
    blobs = {p.name: p.read_bytes() for p in (db, wal, links, persons, public)}
    sqlite_store.close()
    blobs["db-after-checkpoint"] = db.read_bytes()
    for needle in (WITNESS, CONTACT):
        for name, blob in blobs.items():
            assert needle.encode() not in blob, f"{needle} found in {name}"
        assert needle not in caplog.text
