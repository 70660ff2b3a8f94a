"""Test data builders that write rows the way the services do (synthetic people only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy.orm import Session

from vigil.services import audit
from vigil.store.models import Base, ImportBatch, Source, SourceRecord


def add_source(session: Session, name: str = "List A") -> Source:
    src = Source(name=name, independence_group=name, created_by="tester")
    session.add(src)
    session.flush()
    return src


def add_import(session: Session, source: Source, n: int, *, tag: str = "f") -> ImportBatch:
    """An import batch of `n` synthetic records written in bulk, with ONE audit entry."""
    batch = ImportBatch(
        source_id=source.id, file_name=f"{tag}.csv", file_sha256=tag * 64, created_by="tester"
    )
    session.add(batch)
    session.flush()
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "source_id": source.id,
            "import_id": batch.id,
            "source_record_id": f"{tag}-{i}",
            "line": i + 2,
            "raw": {"name": f"Synthetic Person {i}", "age": str(20 + i % 50)},
            "content_sha256": f"{i:064x}",
            "name_raw": f"Synthetic Person {i}",
            "age": 20 + i % 50,
            "date_start": dt.date(2019, 11, 16),
            "date_end": dt.date(2019, 11, 16),
            "date_precision": "day",
            "created_by": "tester",
            "created_at": now,
        }
        for i in range(n)
    ]
    if rows:
        session.execute(insert(Base.metadata.tables["source_records"]), rows)
    batch.rows_added = n
    batch.rows_total = n
    audit.record_import(session, "tester", batch)
    return batch


def add_record(session: Session, source: Source, rid: str = "manual-1") -> SourceRecord:
    rec = SourceRecord(
        source_id=source.id,
        source_record_id=rid,
        raw={"name": "Synthetic Manual"},
        content_sha256="m" * 64,
        name_raw="Synthetic Manual",
        created_by="tester",
    )
    session.add(rec)
    session.flush()
    return rec
