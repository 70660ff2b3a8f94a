"""Where a store's evidence files live: never the current directory by accident."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.config import Config
from vigil.errors import InputError
from vigil.services.evidence import evidence_dir

PG = "postgresql+psycopg://vigil@db.example.invalid/vigil"


def test_a_postgresql_store_needs_a_named_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VIGIL_EVIDENCE_DIR", raising=False)
    with pytest.raises(InputError, match="VIGIL_EVIDENCE_DIR"):
        evidence_dir(PG)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("VIGIL_EVIDENCE_DIR", str(tmp_path / "ev"))
    assert evidence_dir(PG, Config.from_env().evidence_dir) == tmp_path / "ev"
    assert evidence_dir(PG, tmp_path / "explicit") == tmp_path / "explicit"


def test_a_sqlite_store_keeps_them_beside_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGIL_EVIDENCE_DIR", raising=False)
    db = tmp_path / "store" / "v.db"
    assert evidence_dir(f"sqlite:///{db}") == tmp_path / "store" / "evidence"
    with pytest.raises(InputError, match="VIGIL_EVIDENCE_DIR"):
        evidence_dir("sqlite://")  # in memory: no folder to be beside
