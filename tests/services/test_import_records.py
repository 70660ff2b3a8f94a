"""A batch of records (the write API) goes through the importer's own path: the same
validation, sealing and storage as a file, idempotent by (source, record id)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vigil.errors import InputError
from vigil.security.crypto import write_key_file
from vigil.services import audit
from vigil.services.importing import import_file, import_records
from vigil.store import Store
from vigil.store.models import ImportBatch, SourceRecord

GOOD = {
    "record_id": "A-1",
    "name": "محمد حسینی",
    "sex": "مرد",
    "age": "24",
    "date": "۱۳۹۸/۰۸/۲۶",
    "province": "Tehran",
    "violation": "killed",
}
BAD = {"record_id": "A-2", "name": "Synthetic Person", "sex": "robot", "date": "2019-13-45"}
NO_ID = {"record_id": "", "name": "Synthetic Nobody"}


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as s:
        records = s.scalar(select(func.count()).select_from(SourceRecord)) or 0
        batches = s.scalar(select(func.count()).select_from(ImportBatch)) or 0
    return records, batches


def test_per_record_errors_and_the_good_ones_stored(store: Store) -> None:
    result = import_records(store, [GOOD, BAD, NO_ID], source="Field network", actor="ed")
    assert [(o.line, o.record_id, o.status) for o in result.outcomes] == [
        (1, "A-1", "added"),
        (2, None, "rejected"),
        (3, None, "rejected"),
    ]
    bad = {(e.column, e.value): e.reason for e in result.outcomes[1].errors}
    assert set(bad) == {("sex", "robot"), ("date", "2019-13-45")}
    assert result.outcomes[2].errors[0].reason == "missing record id"
    with store.session() as s:
        rec = s.scalar(select(SourceRecord))
        assert rec is not None
        # Normalized exactly as a file row is: Jalali date, Persian sex, the gazetteer.
        assert (rec.source_record_id, rec.sex, str(rec.date_start)) == ("A-1", "male", "2019-11-17")
        assert rec.province_code == "26" and rec.raw["record_id"] == "A-1"
        assert audit.verify(s).ok


def test_same_batch_twice_adds_nothing_and_a_changed_record_conflicts(store: Store) -> None:
    first = import_records(store, [GOOD, BAD], source="S", actor="ed")
    assert first.count("added") == 1 and first.import_id is not None
    before = _counts(store)
    again = import_records(store, [GOOD, BAD], source="S", actor="ed")
    assert [o.status for o in again.outcomes] == ["unchanged", "rejected"]
    assert again.import_id is None and _counts(store) == before  # not even an empty batch
    changed = import_records(store, [{**GOOD, "age": "25"}], source="S", actor="ed")
    (o,) = changed.outcomes
    assert o.status == "conflict" and o.record_id == "A-1"
    assert o.errors[0].column == "record_id"
    assert "already stored for this source with different content" in o.errors[0].reason
    assert _counts(store) == before
    with store.session() as s:
        assert s.scalar(select(SourceRecord.age)) == 24  # never overwritten


def test_a_batch_and_a_file_with_the_same_record_agree(store: Store, tmp_path: Path) -> None:
    """One path: the record a file stored is `unchanged` when the API sends it (same
    content digest), so integrations and file imports of one source never duplicate."""
    csv = tmp_path / "list.csv"
    csv.write_text("record_id,name\nA-1,Synthetic Person\n", encoding="utf-8")
    import_file(store, csv, source="S")
    result = import_records(store, [{"record_id": "A-1", "name": "Synthetic Person"}], source="S")
    assert [o.status for o in result.outcomes] == ["unchanged"]


def test_fields_read_as_another_field_are_refused(store: Store) -> None:
    for key in ("Gender", "source_record_id", "id", "Name"):
        with pytest.raises(InputError, match=f"record 1: field '{key}'"):
            import_records(store, [GOOD, {**BAD, key: "x"}], source="S")
    assert _counts(store) == (0, 0)


def test_sensitive_fields_are_sealed_as_on_import(store: Store, tmp_path: Path) -> None:
    row = {**GOOD, "witness_name": "Synthetic Witness Qazwsx", "witness_contact": "+000"}
    with pytest.raises(InputError, match=r"sensitive field.*no sealing key.*nothing was stored"):
        import_records(store, [row], source="S")
    assert _counts(store) == (0, 0)
    key = tmp_path / "seal.key"
    write_key_file(key)
    keyed = dataclasses.replace(store, config=store.config.replace(key_file=key))
    result = import_records(keyed, [row, {**BAD, "witness_name": "Hidden Name"}], source="S")
    assert [o.status for o in result.outcomes] == ["added", "rejected"]
    with store.session() as s:
        rec = s.scalar(select(SourceRecord))
        assert rec is not None and rec.sealed is not None
        assert "witness_name" not in rec.raw and "witness_contact" not in rec.raw
    again = import_records(keyed, [row], source="S")
    assert [o.status for o in again.outcomes] == ["unchanged"]  # keyed fingerprint matches


def test_the_facade_calls_the_same_service(tmp_path: Path) -> None:
    import vigil

    with vigil.open(f"sqlite:///{tmp_path / 'v.db'}", create=True) as v:
        first = v.import_records([GOOD, BAD], source="S", kind="ngo")
        again = v.import_records([GOOD], source="S")
    assert [o.status for o in first.outcomes] == ["added", "rejected"]
    assert [o.status for o in again.outcomes] == ["unchanged"]


def test_an_id_written_with_other_spacing_is_the_same_id(store: Store) -> None:
    """Only the batch's own ids are looked up, as validation reads them (spaces collapsed):
    a stored id sent with extra spaces is found (a conflict), never inserted twice."""
    import_records(store, [GOOD], source="S")
    result = import_records(store, [{**GOOD, "record_id": "  A-1 "}], source="S")
    assert [(o.record_id, o.status) for o in result.outcomes] == [("A-1", "conflict")]


def test_the_same_batch_sent_twice_at_once_is_stored_once(store: Store) -> None:
    """Two imports of one source follow one another (the source row is locked on
    PostgreSQL; SQLite has one writer): one adds, the other finds every record unchanged."""
    import threading

    import_records(store, [{"record_id": "seed", "name": "Synthetic Seed"}], source="S")
    batch = [{"record_id": f"C-{i}", "name": f"Synthetic Person {i}"} for i in range(300)]
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            results.append([o.status for o in import_records(store, batch, source="S").outcomes])
        except BaseException as e:  # pragma: no cover - the failure this test looks for
            errors.append(e)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(tuple(sorted(set(r))) for r in results) == [("added",), ("unchanged",)]
    assert _counts(store)[0] == 301
