"""Import into the store: all or nothing, idempotent, rejects; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vigil.domain import SourceKind
from vigil.errors import ImportRejected, InputError
from vigil.services.importing import import_file
from vigil.store import Store
from vigil.store.models import AuditEntry, Base, ImportBatch, Source, SourceRecord


def counts(store: Store) -> dict[str, int]:
    """Row count of every table: "nothing changed" means all of these are equal."""
    with store.session() as s:
        return {
            name: s.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def test_import_stores_raw_beside_normalized(store: Store, good_csv: Path) -> None:
    result = import_file(store, good_csv, source="Field network", kind=SourceKind.FIELD_NETWORK)
    assert (result.rows_added, result.rows_rejected, result.places_unresolved) == (3, 0, 1)
    with store.session() as s:
        src = s.scalars(select(Source)).one()
        assert (src.kind, src.independence_group) == ("field_network", "Field network")
        recs = {r.source_record_id: r for r in s.scalars(select(SourceRecord))}
        batch = s.scalars(select(ImportBatch)).one()
        audit_entries = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")
        )
    a1 = recs["A1"]
    assert a1.raw["date"] == "۱۳۹۸/۰۸/۲۶" and a1.raw["sex"] == "مرد"
    assert str(a1.date_start) == "2019-11-17" and a1.date_precision == "day"
    assert (a1.sex, a1.age, a1.violation) == ("male", 17, "killed")
    assert (a1.province_code, a1.city_id, a1.place_resolved) == ("15", 141663, True)
    assert a1.name_raw == "محمد حسینی" and a1.family_key and a1.given_key
    assert a1.import_id == batch.id and a1.line == 2
    a3 = recs["A3"]
    assert str(a3.date_start) == "2019-10-23" and str(a3.date_end) == "2019-11-21"
    assert a3.date_precision == "range"
    assert not a3.place_resolved and a3.place_note and "Nowhereabad" in a3.place_note
    assert a3.raw["city"] == "Nowhereabad"
    assert batch.rows_added == 3 and batch.file_sha256
    assert audit_entries == 1


def test_broken_file_changes_nothing(store: Store, good_csv: Path, bad_csv: Path) -> None:
    import_file(store, good_csv, source="S")
    before = counts(store)
    with pytest.raises(ImportRejected) as info:
        import_file(store, bad_csv, source="S")
    assert len(info.value.errors) == 4
    with pytest.raises(ImportRejected):
        import_file(store, bad_csv, source="A new source")  # not even the source is kept
    assert counts(store) == before


def test_unreadable_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    before = counts(store)
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"source_record_id,name\nA1,Jos\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        import_file(store, path, source="S")
    assert counts(store) == before


def test_reimport_is_idempotent(store: Store, good_csv: Path, tmp_path: Path) -> None:
    first = import_file(store, good_csv, source="S")
    after_first = counts(store)
    again = import_file(store, good_csv, source="S")
    assert again.already_imported and again.import_id == first.import_id
    assert counts(store) == after_first
    # The same reports in another file (with a BOM, rows reordered): nothing new either.
    lines = good_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    copy = tmp_path / "copy.csv"
    copy.write_bytes(b"\xef\xbb\xbf" + "".join([lines[0], *reversed(lines[1:])]).encode())
    result = import_file(store, copy, source="S")
    assert (result.rows_added, result.rows_unchanged, result.import_id) == (0, 3, None)
    assert counts(store) == after_first


def test_new_rows_in_a_longer_file_are_added(store: Store, good_csv: Path, tmp_path: Path) -> None:
    import_file(store, good_csv, source="S")
    longer = tmp_path / "longer.csv"
    longer.write_text(good_csv.read_text() + "A4,Kian Abbasi,,m,24,2019-11-16,,Shiraz,killed,\n")
    result = import_file(store, longer, source="S")
    assert (result.rows_added, result.rows_unchanged) == (1, 3)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceRecord)) == 4


def test_same_id_with_new_content_is_refused(store: Store, good_csv: Path, tmp_path: Path) -> None:
    import_file(store, good_csv, source="S")
    before = counts(store)
    edited = tmp_path / "edited.csv"
    edited.write_text(good_csv.read_text().replace("Sara Ahmadi", "Sarah Ahmadi"))
    with pytest.raises(ImportRejected) as info:
        import_file(store, edited, source="S")
    (error,) = info.value.errors
    assert (error.line, error.value) == (4, "A3") and "different content" in error.reason
    assert counts(store) == before


def test_skip_invalid_stores_good_rows_and_writes_rejects(
    store: Store, bad_csv: Path, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    result = import_file(store, bad_csv, source="S", skip_invalid=True, rejects=rejects)
    assert (result.rows_added, result.rows_rejected) == (1, 3)
    assert result.rejects_file == str(rejects)
    with store.session() as s:
        ids = list(s.scalars(select(SourceRecord.source_record_id)))
    assert ids == ["B3"]
    with rejects.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["line"] for r in rows] == ["2", "3", "5"]
    assert "month 13" in rows[0]["reasons"] and "not a sex" in rows[0]["reasons"]
    assert rows[0]["date"] == "1398/13/01"  # the rejected row as it was
    assert "duplicate id" in rows[2]["reasons"]


def test_existing_source_keeps_its_kind(store: Store, good_csv: Path, tmp_path: Path) -> None:
    import_file(store, good_csv, source="S", kind=SourceKind.NGO, group="G")
    other = tmp_path / "other.csv"
    other.write_text("source_record_id,name\nZ1,Ali Karimi\n")
    with pytest.raises(InputError, match="kind 'ngo'"):
        import_file(store, other, source="S", kind=SourceKind.MEDIA)
    with pytest.raises(InputError, match="group 'G'"):
        import_file(store, other, source="S", group="H")
    assert import_file(store, other, source="S").rows_added == 1


def test_progress_is_reported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("source_record_id,name\n" + "".join(f"M{i},Ali Karimi\n" for i in range(2500)))
    seen: list[tuple[int, int | None]] = []
    import_file(store, path, source="S", progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (1000, 2500) and seen[-1] == (2500, 2500)
