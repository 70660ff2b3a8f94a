"""Backups round-trip on both backends, evidence included, and refuse to clobber data."""

from __future__ import annotations

import io
import tarfile
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.audit.rows import add_import, add_record, add_source
from tests.conftest import PG_URL
from vigil.domain import Role
from vigil.errors import InputError, IntegrityError
from vigil.evidence import EvidenceFiles
from vigil.security.permissions import Actor
from vigil.services import audit, backup, evidence
from vigil.store import Store, open_store
from vigil.store.models import Source, SourceRecord


def fill(store: Store, files: EvidenceFiles, tmp_path: Path) -> None:
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF-1.4 synthetic certificate")
    with store.session() as s:
        src = add_source(s)
        add_import(s, src, 50)
        rec = add_record(s, src)
        evidence.add_evidence(s, files, Actor("ed", Role.EDITOR), doc, rec.id, how="scan")


def counts(store: Store) -> tuple[int, str]:
    with store.session() as s:
        n = int(s.scalar(select(func.count()).select_from(SourceRecord)) or 0)
        return n, audit.verify_or_raise(s).head_hash


def wipe_schema(url: str) -> None:
    schema = url.split("search_path%3D", 1)[1]
    eng = create_engine(PG_URL)
    with eng.begin() as c:
        c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng.dispose()


def test_round_trip(store: Store, tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    fill(store, files, tmp_path)
    before = counts(store)
    archive = tmp_path / "backup.tar"
    result = backup.backup(store.url, archive, files)
    assert result.evidence_files == 1 and result.audit_head == before[1]
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("evidence/") for n in names)

    url = store.url
    store.close()
    with pytest.raises(InputError, match="already holds data"):
        backup.restore(url, archive, files)
    if url.startswith("sqlite"):
        target = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        wipe_schema(url)
        target = url
    new_files = EvidenceFiles(tmp_path / "restored-evidence")
    backup.restore(target, archive, new_files)
    restored = open_store(target)
    try:
        assert counts(restored) == before
        with restored.session() as s:
            assert evidence.verify_evidence(s, new_files) == []
    finally:
        restored.close()


def test_force_replaces_and_tampered_backup_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    fill(sqlite_store, files, tmp_path)
    archive = tmp_path / "b.tar"
    backup.backup(sqlite_store.url, archive, files)
    with sqlite_store.session() as s:  # later work, then roll back to the backup
        source = s.scalars(select(Source)).first()
        assert source is not None
        add_record(s, source, "late")
    url = sqlite_store.url
    sqlite_store.close()
    backup.restore(url, archive, files, force=True)
    again = open_store(url)
    assert counts(again)[0] == 51
    again.close()

    forged = tmp_path / "forged.tar"
    with tarfile.open(archive) as src, tarfile.open(forged, "w") as dst:
        for m in src.getmembers():
            data = src.extractfile(m)
            if m.name == "db.sqlite" and data is not None:
                blob = bytearray(data.read())
                blob[-100] ^= 0xFF
                dst.addfile(m, io.BytesIO(bytes(blob)))
            else:
                dst.addfile(m, data)
    with pytest.raises(IntegrityError, match="does not match its manifest"):
        backup.restore(f"sqlite:///{tmp_path / 'x.db'}", forged, files)
    with pytest.raises(InputError, match=r"not a Vigil backup|cannot read"):
        backup.restore(f"sqlite:///{tmp_path / 'x.db'}", tmp_path / "doc.pdf", files)


def test_sqlite_backup_is_consistent_while_writing(sqlite_store: Store, tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    with sqlite_store.session() as s:
        src_id = add_source(s).id
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            with sqlite_store.session() as s:
                source = s.get(Source, src_id)
                assert source is not None
                add_import(s, source, 20, tag=f"w{i}")
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        for k in range(3):
            backup.backup(sqlite_store.url, tmp_path / f"b{k}.tar", files)
    finally:
        stop.set()
        t.join()
    for k in range(3):
        target = f"sqlite:///{tmp_path / f'r{k}.db'}"
        backup.restore(target, tmp_path / f"b{k}.tar", files)
        restored = open_store(target)
        n, _ = counts(restored)  # verify_or_raise: every snapshot is a whole history
        assert n % 20 == 0
        restored.close()


def test_manifest_head_is_the_snapshots_head_despite_a_write_right_after(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write landing between the copy and the manifest must not be named as its head."""
    files = EvidenceFiles(tmp_path / "evidence")
    fill(sqlite_store, files, tmp_path)
    copy = backup._snapshot_sqlite

    def copy_then_write(db: Path, out: Path) -> None:
        copy(db, out)
        with sqlite_store.session() as s:
            source = s.scalars(select(Source)).first()
            assert source is not None
            add_record(s, source, "just-after-the-copy")

    monkeypatch.setattr(backup, "_snapshot_sqlite", copy_then_write)
    result = backup.backup(sqlite_store.url, tmp_path / "b.tar", files)
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = backup.restore(target, tmp_path / "b.tar", files)
    again = open_store(target)
    n, head = counts(again)
    again.close()
    assert n == 51 and result.audit_head == restored.audit_head == head
