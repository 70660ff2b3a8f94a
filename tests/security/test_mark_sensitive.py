"""Marking a field sensitive after import seals what is already stored; unmarking is an
admin's act; both are in the history (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from vigil.domain import Role
from vigil.errors import InputError, PermissionDenied
from vigil.security.crypto import write_key_file
from vigil.security.permissions import Actor
from vigil.services import audit, sealing
from vigil.services.importing import import_file
from vigil.store import Store
from vigil.store.models import AuditEntry, SourceRecord

ADMIN = Actor("ad", Role.ADMIN)
EDITOR = Actor("ed", Role.EDITOR)
PHONE = "+98-555-0142-SYNTH"
NOTE = "synthetic private remark"


def _import(store: Store, tmp_path: Path) -> Path:
    f = tmp_path / "list.csv"
    f.write_text(
        "id,name,sex,age,date,province,violation,phone,notes\n"
        f"1,Synthetic Person,male,30,2019-11-16,Tehran,killed,{PHONE},{NOTE}\n"
        "2,Synthetic Other,female,40,2019-11-17,Fars,killed,,\n",
        encoding="utf-8",
    )
    import_file(store, f, source="List A")
    return f


def _stored_text(store: Store) -> str:
    with store.session() as s:
        rows = s.execute(text("SELECT raw, notes, father_name FROM source_records")).all()
    return repr(rows)


def test_marking_seals_stored_values_and_unmarking_needs_an_admin(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = _import(store, tmp_path)
    assert PHONE in _stored_text(store) and NOTE in _stored_text(store)
    with store.session() as s, pytest.raises(InputError, match="1 stored record"):
        sealing.add_sensitive_fields(s, ADMIN, ["phone", "notes"])  # no key: refused
    assert PHONE in _stored_text(store)  # ... and nothing changed
    key = tmp_path / "k"
    write_key_file(key)
    with store.session() as s:
        sealer = sealing.get_sealer(s, key_file=key, create=True, actor="ad")
        with pytest.raises(PermissionDenied):
            sealing.add_sensitive_fields(s, EDITOR, ["phone"], sealer=sealer)
        sealing.add_sensitive_fields(s, ADMIN, ["phone", "notes"], sealer=sealer)
    sealing.scrub_old_pages(store)  # old page versions rewritten (both backends)
    stored = _stored_text(store)
    assert PHONE not in stored and NOTE not in stored
    with store.session() as s:
        sealer = sealing.get_sealer(s, key_file=key)
        rec = s.scalars(select(SourceRecord).where(SourceRecord.source_record_id == "1")).one()
        opened = sealing.read_sensitive(s, rec, sealer, ADMIN)
        assert opened["phone"] == PHONE and opened["notes"] == NOTE
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "settings", AuditEntry.action == "update")
        ).all()[-1]
        assert entry.after is not None and entry.after["records_sealed"] == 1
        assert audit.verify(s).ok, audit.verify(s).problems()
        logged = repr([(e.before, e.after) for e in s.scalars(select(AuditEntry))])
        assert PHONE not in logged
    # the same rows again (one more added): recognised as unchanged, as the importer sees them
    store.config = store.config.replace(key_file=key)  # as $VIGIL_KEY_FILE would
    again = tmp_path / "list-2.csv"
    again.write_text(
        f.read_text(encoding="utf-8") + "3,Synthetic Third,male,22,2019-11-18,Fars,killed,,\n",
        encoding="utf-8",
    )
    res = import_file(store, again, source="List A")
    assert (res.rows_unchanged, res.rows_added, res.rows_rejected) == (2, 1, 0)
    assert PHONE not in _stored_text(store)
    with store.session() as s:
        with pytest.raises(PermissionDenied):
            sealing.remove_sensitive_fields(s, EDITOR, ["phone"])
        with pytest.raises(InputError, match="by default"):
            sealing.remove_sensitive_fields(s, ADMIN, ["witness_name"])
        fields = sealing.remove_sensitive_fields(s, ADMIN, ["phone"])
        assert "phone" not in fields and "notes" in fields
    with store.session() as s:
        assert (
            s.scalars(select(AuditEntry).where(AuditEntry.action == "unmark_sensitive")).one().actor
            == "ad"
        )
        assert audit.verify(s).ok
