"""The intake of one report goes through the importer's validation and sealing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from vigil.domain import Role
from vigil.errors import InputError
from vigil.security.crypto import write_key_file
from vigil.security.permissions import Actor
from vigil.services import sealing
from vigil.services.intake import Report, intake_report
from vigil.store import Store
from vigil.store.models import Person, SourceRecord, Violation

ADMIN = Actor("admin", Role.ADMIN)
FATHER = "Synthetic Father Qzvkx"
WITNESS = "Synthetic Witness Vbqzr"


def test_sensitive_fields_are_sealed_and_never_kept_in_clear(store: Store, tmp_path: Path) -> None:
    key = tmp_path / "seal.key"
    write_key_file(key)
    with store.session() as s:
        sealing.add_sensitive_fields(s, ADMIN, ["father_name", "notes"])
    report = Report(
        name="Navid Afkari",
        father_name=FATHER,
        violation="executed",
        date="1399/06/21",
        notes="private note Qzvkx",
        witness_name=WITNESS,
    )
    pid = intake_report(store, report, actor="ed", key_file=key)
    with store.session() as s:
        rec = s.scalars(select(SourceRecord).where(SourceRecord.person_id == pid)).one()
        assert rec.sealed is not None
        assert rec.father_name is None and rec.notes is None
        assert rec.father_key is not None  # still linkable by its key, as an import is
        stored = json.dumps(rec.raw, ensure_ascii=False)
        for secret in (FATHER, WITNESS, "private note"):
            assert secret not in stored
        sealer = sealing.get_sealer(s, key_file=key)
        opened = sealing.read_sensitive(s, rec, sealer, ADMIN)
        assert opened["father_name"] == FATHER and opened["witness_name"] == WITNESS
        assert s.scalars(select(Violation.type).where(Violation.record_id == rec.id)).all() == [
            "executed"
        ]
        person = s.get(Person, pid)
        assert person is not None and person.n_sources == 1


def test_a_sensitive_field_without_a_key_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="witness_name"):
        intake_report(
            store, Report(name="Pouya Bakhtiari", violation="killed", witness_name=WITNESS)
        )
    with store.session() as s:
        assert s.scalars(select(SourceRecord)).first() is None


def test_bad_values_are_refused_as_the_importer_refuses_them(store: Store) -> None:
    with pytest.raises(InputError) as e:
        intake_report(store, Report(name="", age="old", date="99/99/99", violation="killed"))
    for field in ("name", "age", "date"):
        assert f"{field}:" in str(e.value)
