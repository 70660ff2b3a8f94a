"""Import hardening: the audit digest is computed from the inserted values yet still catches
edits; content digests and rejects files never carry sensitive plaintext; honest counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from vigil.errors import ImportRejected
from vigil.ingest.validate import content_hash
from vigil.security.crypto import write_key_file
from vigil.services import audit
from vigil.services.importing import import_file
from vigil.store import Store
from vigil.store.models import AuditEntry, SourceRecord

WITNESS = "Witness Qxzvbnova"  # synthetic, distinctive so a byte search cannot miss it
HEADER = "id,name,sex,age,date,province,violation,witness_name\n"


def test_row_hash_is_the_snapshot_hash() -> None:
    """The fast row hash and the general snapshot agree on every kind of value."""
    row = {
        "id": 7,
        "source_id": 1,
        "import_id": 2,
        "source_record_id": "R7",
        "line": 3,
        "raw": {"name": "محمد", "n": 1, "x": [1.5, None], "nested": {"b": True}},
        "content_sha256": "0" * 64,
        "name_raw": "محمد",
        "age": 17,
        "date_start": dt.date(2019, 11, 16),
        "created_at": dt.datetime(2019, 11, 16, 10, 0, 0, 12, tzinfo=dt.UTC),
        "place_resolved": True,
        "sealed": b"\x01secret",
        "person_id": "P-000001",  # excluded: set by linkage
    }
    assert audit.row_hash("source_records", row) == audit.snapshot("source_records", row)["_sha256"]
    naive = {**row, "created_at": dt.datetime(2019, 11, 16, 10, 0, 0, 12)}
    assert audit.row_hash("source_records", naive) == audit.row_hash("source_records", row)
    assert audit.row_hash("source_records", {**row, "age": 18}) != audit.row_hash(
        "source_records", row
    )


def test_import_digest_matches_stored_rows_and_catches_an_edit(
    store: Store, good_csv: Path
) -> None:
    import_file(store, good_csv, source="List A")
    with store.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        batch_id = int(entry.entity_id)
        read_back = [h for _, h in audit._row_hashes(s, batch_id)[0]]
        assert entry.after is not None
        assert entry.after["rows"] == 3
        assert entry.after["rows_sha256"] == audit.batch_digest(read_back)
        assert audit.verify(s).ok
    with store.session() as s:
        s.execute(text("UPDATE source_records SET age = 99 WHERE source_record_id = 'A2'"))
    with store.session() as s:
        problems = audit.verify(s).problems()
    assert any(
        p.startswith("source_records ") and f"column age does not match import {batch_id}" in p
        for p in problems
    ), problems


def test_second_import_gets_fresh_ids_and_verifies(store: Store, good_csv: Path) -> None:
    import_file(store, good_csv, source="List A")
    import_file(store, good_csv, source="List B")
    with store.session() as s:
        ids = s.scalars(select(SourceRecord.id)).all()
        assert len(set(ids)) == 6
        assert audit.verify(s).ok


def _key(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's configuration names a sealing key (as $VIGIL_KEY_FILE would)."""
    key = tmp_path / "seal.key"
    write_key_file(key)
    monkeypatch.setattr(store, "config", store.config.replace(key_file=key))


def test_content_digest_has_no_plain_hash_of_sensitive_fields(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _key(store, tmp_path, monkeypatch)
    rows = (
        f"1,Synthetic Person,male,30,2019-11-16,Tehran,killed,{WITNESS}\n"
        "2,Synthetic Other,female,40,2019-11-17,Fars,killed,\n"
    )
    first = tmp_path / "a.csv"
    first.write_text(HEADER + rows, encoding="utf-8")
    import_file(store, first, source="List A")
    with store.session() as s:
        stored = {r.source_record_id: r for r in s.scalars(select(SourceRecord))}
    raw1 = {
        "id": "1",
        "name": "Synthetic Person",
        "sex": "male",
        "age": "30",
        "date": "2019-11-16",
        "province": "Tehran",
        "violation": "killed",
    }
    # The old, leaky digest covered the witness name in clear; the new one does not match it,
    # nor the public part alone (a keyed fingerprint of the sealed part is mixed in).
    leaky = content_hash({**raw1, "witness_name": WITNESS}, {})
    assert stored["1"].content_sha256 not in (leaky, content_hash(raw1, {}))
    assert stored["1"].sealed is not None and WITNESS not in json.dumps(stored["1"].raw)
    # A row without a sensitive value: just the digest of its public fields.
    raw2 = {**raw1, "id": "2", "name": "Synthetic Other", "sex": "female", "age": "40"}
    raw2.update({"date": "2019-11-17", "province": "Fars", "witness_name": ""})
    assert stored["2"].content_sha256 == content_hash(
        {k: v for k, v in raw2.items() if k != "witness_name"}, {}
    )

    # Re-import of the same reports (in a longer file) is idempotent ...
    longer = tmp_path / "b.csv"
    longer.write_text(
        HEADER + rows + "3,Synthetic Third,male,22,2019-11-18,Tehran,killed,\n", encoding="utf-8"
    )
    result = import_file(store, longer, source="List A")
    assert (result.rows_added, result.rows_unchanged) == (1, 2)
    # ... and a changed witness name is still seen as a changed report.
    changed = tmp_path / "c.csv"
    changed.write_text(HEADER + rows.replace(WITNESS, "Witness Other"), encoding="utf-8")
    with pytest.raises(ImportRejected, match="different content"):
        import_file(store, changed, source="List A")


def test_rejects_file_withholds_sensitive_columns(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _key(sqlite_store, tmp_path, monkeypatch)
    path = tmp_path / "list.csv"
    path.write_text(
        HEADER
        + "1,Synthetic Person,male,30,2019-11-16,Tehran,killed,\n"
        + f"2,Synthetic Bad,not-a-sex,30,2019-11-16,Tehran,killed,{WITNESS}\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    result = import_file(sqlite_store, path, source="List A", skip_invalid=True, rejects=rejects)
    assert (result.rows_added, result.rows_rejected) == (1, 1)
    assert result.rejects_withheld == ("witness_name",)
    assert "withheld" in result.summary() and "witness_name" in result.summary()
    blob = rejects.read_bytes()
    assert WITNESS.encode() not in blob
    assert b"[withheld]" in blob and b"Synthetic Bad" in blob  # the rest stays, to be fixed


def test_rejection_counts_rows_and_errors_apart(sqlite_store: Store, bad_csv: Path) -> None:
    # bad.csv: line 2 has two errors, lines 3 and 5 one each; line 4 is good.
    with pytest.raises(ImportRejected) as info:
        import_file(sqlite_store, bad_csv, source="S")
    assert "3 bad row(s), 4 error(s)" in str(info.value)


def test_fingerprint_needs_the_key(tmp_path: Path) -> None:
    from vigil.security.crypto import Sealer, new_key

    a, b = Sealer(new_key()), Sealer(new_key())
    fields = {"witness_name": WITNESS}
    assert a.fingerprint(fields, b"r1") == a.fingerprint(dict(fields), b"r1")
    assert a.fingerprint(fields, b"r1") != b.fingerprint(fields, b"r1")
    assert a.fingerprint(fields, b"r1") != a.fingerprint(fields, b"r2")
    plain = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
    assert a.fingerprint(fields, b"r1") != hashlib.sha256(plain).hexdigest()
