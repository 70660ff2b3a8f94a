"""Killing `vigil import` with SIGKILL in the middle of writing loses nothing and leaves
nothing half-written; running it again completes without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vigil.services import audit
from vigil.store import open_store
from vigil.store.models import ImportBatch, SourceRecord

GIVEN = ["Ali", "Reza", "Mohammad", "Hossein", "Zahra", "Maryam", "Sara", "Amir", "Neda"]
FAMILY = ["Karimi", "Ahmadi", "Rahimi", "Moradi", "Hosseini", "Rezaei", "Jafari", "Sadeghi"]
PROVINCES = ["Tehran", "Fars", "Khuzestan", "Isfahan", "Kermanshah", "Alborz"]


def synthetic_csv(path: Path, n: int, start: int = 0) -> None:
    lines = ["id,name,sex,age,date,province,violation"]
    for i in range(start, start + n):
        name = f"{GIVEN[i % 9]} {FAMILY[(i // 9) % 8]} {i}"
        sex = "female" if i % 9 >= 4 and i % 9 <= 6 else "male"
        lines.append(
            f"S-{i},{name},{sex},{18 + i % 50},2019-11-{16 + i % 5},{PROVINCES[i % 6]},killed"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def vigil(db: str, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VIGIL_DB": db}
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "vigil"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def counts(db: str) -> tuple[int, int, int]:
    store = open_store(db)
    try:
        with store.session() as s:
            records = s.scalar(select(func.count()).select_from(SourceRecord)) or 0
            distinct = (
                s.scalar(select(func.count(func.distinct(SourceRecord.source_record_id)))) or 0
            )
            batches = s.scalar(select(func.count()).select_from(ImportBatch)) or 0
            audit.verify_or_raise(s)
            return records, distinct, batches
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.serial  # runs alone (tests/conftest.py)
def test_sigkill_midway_through_an_import(tmp_path: Path) -> None:
    db_file = tmp_path / "v.db"
    db = f"sqlite:///{db_file}"
    first, big = tmp_path / "first.csv", tmp_path / "big.csv"
    synthetic_csv(first, 200)
    synthetic_csv(big, 40_000, start=1_000)
    proc = vigil(db, "init")
    assert proc.wait(120) == 0
    proc = vigil(db, "import", str(first), "--source", "Earlier list")
    assert proc.wait(300) == 0, proc.stderr.read() if proc.stderr else ""
    assert counts(db) == (200, 200, 1)

    # Kill once the import's uncommitted pages are being written to the WAL.
    wal = db_file.with_name(db_file.name + "-wal")
    base = wal.stat().st_size if wal.exists() else 0
    proc = vigil(db, "import", str(big), "--source", "Big list")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > base + 2_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be killed; use a bigger file"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL

    # Consistent (audit verifies), nothing lost, nothing half-written.
    assert counts(db) == (200, 200, 1)

    proc = vigil(db, "import", str(big), "--source", "Big list")
    assert proc.wait(600) == 0, proc.stderr.read() if proc.stderr else ""
    assert counts(db) == (40_200, 40_200, 2)
    proc = vigil(db, "import", str(big), "--source", "Big list")  # again: adds nothing
    assert proc.wait(600) == 0
    assert counts(db) == (40_200, 40_200, 2)
