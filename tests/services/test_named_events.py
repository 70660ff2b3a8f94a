"""Which records name an event (`events.record_named_events`): only rows that may name one
are decoded (a condition on the stored JSON text), and every way of naming one still counts:
a column "event" in any case or spacing, or the column an import's mapping names (in any
script). Synthetic records only."""

from __future__ import annotations

from pathlib import Path

from tests.audit.rows import add_source
from vigil.services.events import add_event, list_events, record_named_events
from vigil.store import open_store
from vigil.store.models import ImportBatch, SourceRecord


def test_every_way_of_naming_an_event_is_read(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}", create=True)
    add_event(store, "nov2019", "November 2019", "2019-11-15", "2019-11-30")
    add_event(store, "dec2019", "December 2019", "2019-12-01", "2019-12-31")
    with store.session() as s:
        src = add_source(s)
        mapped = ImportBatch(
            source_id=src.id,
            file_name="m.csv",
            file_sha256="a" * 64,
            mapping={"columns": {"event": "رویداد", "name": "نام"}},
            created_by="tester",
        )
        s.add(mapped)
        s.flush()
        rows = [
            (None, {"name": "a", " EVENT ": "December 2019"}),  # any case, spaces
            (mapped.id, {"نام": "b", "رویداد": "nov2019"}),  # the mapped column, Persian
            (None, {"name": "c", "notes": "eventually"}),  # the word, but no such column
            (None, {"name": "d"}),
            (None, {"name": "e", "Event": "y1999"}),  # an event the store does not hold
        ]
        ids = []
        for i, (import_id, raw) in enumerate(rows):
            rec = SourceRecord(
                source_id=src.id,
                import_id=import_id,
                source_record_id=f"r{i}",
                raw=raw,
                content_sha256=f"{i:064d}",
                name_raw="x",
                created_by="tester",
            )
            s.add(rec)
            s.flush()
            ids.append(rec.id)
        named = record_named_events(s, list_events(s))
    store.close()
    assert named == {ids[0]: (None, "dec2019"), ids[1]: (None, "nov2019")}
