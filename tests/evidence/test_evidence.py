"""Evidence files: content addressing, read-only originals, verification, EXIF stripping."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.audit.rows import add_record, add_source
from vigil.cli.app import app
from vigil.domain import Role
from vigil.errors import InputError, PermissionDenied
from vigil.evidence import EvidenceFiles, detect_media_type, strip_metadata
from vigil.security.permissions import Actor
from vigil.services import audit, evidence
from vigil.store import Store, open_store
from vigil.store.models import Evidence, EvidenceLink

EDITOR = Actor("ed", Role.EDITOR)
GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    im = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SyntheticCam"  # Make
    exif[0x0132] = "2019:11:16 12:00:00"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (35.0, 41.0, 0.0), 3: "E", 4: (51.0, 25.0, 0.0)}
    out = io.BytesIO()
    im.save(out, format="JPEG", exif=exif, comment=b"synthetic comment")
    return out.getvalue()


def test_put_twice_stores_once_read_only(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    a = tmp_path / "a.jpg"
    a.write_bytes(jpeg_with_gps())
    b = tmp_path / "copy-of-a.bin"
    b.write_bytes(a.read_bytes())
    first, second = files.put(a), files.put(b)
    assert first.sha256 == second.sha256 and second.already_present
    assert first.path == tmp_path / "evidence" / first.sha256[:2] / first.sha256[2:]
    assert first.media_type == "image/jpeg" and first.size == a.stat().st_size
    assert not stat.S_IMODE(first.path.stat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP)
    assert list(files.stored()) == [first.sha256]
    assert not list((tmp_path / "evidence").glob(".incoming-*"))
    assert a.read_bytes() == first.path.read_bytes()  # the original is untouched


def test_media_types() -> None:
    assert detect_media_type(b"%PDF-1.7") == "application/pdf"
    assert detect_media_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert detect_media_type(b"\x00\x00\x00\x18ftypmp42") == "video/mp4"
    assert detect_media_type(b"hello", "note.txt") == "text/plain"
    assert detect_media_type(b"\xff\xfe\x00", "x") == "application/octet-stream"


def test_check_reports_changed_and_missing(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path)
    src = tmp_path / "doc.pdf"
    src.write_bytes(b"%PDF-1.4 synthetic")
    stored = files.put(src)
    assert files.check(stored.sha256, stored.size) is None
    os.chmod(stored.path, 0o600)
    stored.path.write_bytes(b"%PDF-1.4 forged")
    problem = files.check(stored.sha256)
    assert problem is not None and problem.kind == "changed"
    stored.path.unlink()
    problem = files.check(stored.sha256)
    assert problem is not None and problem.kind == "missing"
    with pytest.raises(InputError):
        files.path("../../etc/passwd")


def test_public_derivative_drops_exif_and_gps() -> None:
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as im:
        assert im.getexif().get_ifd(GPS_IFD)  # the fixture really has GPS
    clean, media = strip_metadata(original)
    assert media == "image/jpeg"
    with Image.open(io.BytesIO(clean)) as im:
        assert len(im.getexif()) == 0
        assert "exif" not in im.info and "comment" not in im.info
        assert im.size == (40, 30)
    assert b"SyntheticCam" not in clean and b"synthetic comment" not in clean
    with pytest.raises(InputError):
        strip_metadata(b"not an image")


def test_service_adds_once_links_and_audits(store: Store, tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "ev")
    f = tmp_path / "certificate.jpg"
    f.write_bytes(jpeg_with_gps())
    with store.session() as s:
        src = add_source(s)
        r1, r2 = add_record(s, src, "r1"), add_record(s, src, "r2")
        added = evidence.add_evidence(
            s, files, EDITOR, f, r1.id, how="sent by family", kind="photo"
        )
        again = evidence.add_evidence(s, files, EDITOR, f, r1.id)
        other = evidence.add_evidence(s, files, EDITOR, f, r2.id, note="same photo")
        assert not added.already_stored and again.already_stored and again.already_linked
        assert other.already_stored and not other.already_linked
        with pytest.raises(PermissionDenied):
            evidence.add_evidence(s, files, Actor("v", Role.VIEWER), f, r1.id)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == 1
        assert s.scalar(select(func.count()).select_from(EvidenceLink)) == 2
        ev = s.scalars(select(Evidence)).one()
        assert ev.obtained_how == "sent by family" and ev.created_by == "ed"
        assert evidence.verify_evidence(s, files) == []
        assert audit.verify(s).ok
        data, _ = evidence.public_derivative(s, files, ev.sha256)
        assert b"SyntheticCam" not in data


def test_cli_add_verify_and_tampering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(url, create=True)
    with store.session() as s:
        add_record(s, add_source(s))
    store.close()
    monkeypatch.setenv("VIGIL_DB", url)
    monkeypatch.delenv("VIGIL_EVIDENCE_DIR", raising=False)
    f = tmp_path / "scan.pdf"
    f.write_bytes(b"%PDF-1.4 synthetic death certificate")
    runner = CliRunner()
    res = runner.invoke(app, ["evidence", "add", str(f), "--record", "1", "--how", "scan"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["evidence", "verify"])
    assert res.exit_code == 0 and "1 file(s)" in res.output
    stored = next((tmp_path / "evidence").glob("*/*"))
    os.chmod(stored, 0o600)
    stored.write_bytes(b"%PDF-1.4 altered")
    res = runner.invoke(app, ["evidence", "verify"])
    assert res.exit_code == 1 and "changed" in res.output
    stored.unlink()
    res = runner.invoke(app, ["evidence", "verify"])
    assert res.exit_code == 1 and "missing" in res.output
