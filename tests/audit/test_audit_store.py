"""The audit log in a real store: appends in the caller's transaction, and verification
catches tampering with the log itself and with the rows it describes (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text, update

from tests.audit.rows import add_import, add_record, add_source
from vigil.audit import GENESIS
from vigil.errors import IntegrityError
from vigil.services import audit
from vigil.store import Store
from vigil.store.models import AuditEntry, Claim, LinkDecision, SourceRecord


def count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def populated(store: Store) -> None:
    with store.session() as s:
        audit.bind_actor(s, "alice")
        src = add_source(s)
        add_import(s, src, 30)
        add_record(s, src)
        s.add(
            Claim(actor="Ministry", figure=230, date=dt.date(2020, 6, 1), scope="all", citation="c")
        )
    with store.session() as s:
        claim = s.scalars(select(Claim)).one()
        claim.figure = 225  # a legitimate, logged edit
        s.add(LinkDecision(record_a=1, record_b=2, decision="confirm", created_by="bob"))


def problems(store: Store) -> list[str]:
    with store.session() as s:
        return audit.verify(s).problems()


def test_clean_history_verifies(store: Store) -> None:
    populated(store)
    with store.session() as s:
        report = audit.verify(s)
        seq, head = audit.head(s)
    assert report.ok, report.problems()
    assert report.head_hash == head != GENESIS
    assert report.rows_checked >= 34
    assert seq == report.entries


def test_entry_lives_and_dies_with_the_transaction(store: Store) -> None:
    start = count(store)  # the store's settings, logged when it was made
    with pytest.raises(RuntimeError), store.session() as s:
        src = add_source(s)
        add_import(s, src, 5)
        raise RuntimeError("import aborted midway")
    assert count(store) == start
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceRecord)) == 0


def test_bulk_import_logs_one_entry(store: Store) -> None:
    with store.session() as s:
        src = add_source(s)
        before = count(store)
        add_import(s, src, 2000)
    with store.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
    assert len(entries) == 1
    assert entries[0].after is not None and entries[0].after["rows"] == 2000
    assert count(store) - before <= 3  # the source (net), the import


def test_orm_changes_are_logged_with_before_and_after(store: Store) -> None:
    populated(store)
    with store.session() as s:
        updates = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "claims", AuditEntry.action == "update")
        ).all()
    assert len(updates) == 1
    assert updates[0].before["figure"] == 230 and updates[0].after["figure"] == 225


def test_sql_edit_of_an_audit_row_is_named(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
    found = problems(store)
    assert any(p.startswith("audit entry 2: edited") for p in found), found
    with store.session() as s, pytest.raises(IntegrityError, match="audit entry 2"):
        audit.verify_or_raise(s)


def test_deleted_audit_row(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    found = problems(store)
    assert any("sequence_gap" in p for p in found)
    assert any("broken_link" in p for p in found)


def test_inserted_audit_row(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3"))
        c.execute(
            text(
                "INSERT INTO audit_log (seq, ts, actor, action, entity, entity_id, prev_hash, "
                "hash) SELECT 102, ts, 'mallory', 'delete', 'claims', '1', hash, hash "
                "FROM audit_log WHERE seq = 2"
            )
        )
    found = problems(store)
    assert any("audit entry 102" in p for p in found), found


def test_reordered_audit_rows(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET seq = -1 WHERE seq = 2"))
        c.execute(text("UPDATE audit_log SET seq = 2 WHERE seq = 3"))
        c.execute(text("UPDATE audit_log SET seq = 3 WHERE seq = -1"))
    found = problems(store)
    assert any("audit entry 2" in p for p in found), found


def test_truncated_tail_needs_the_anchor(store: Store) -> None:
    populated(store)
    with store.session() as s:
        _, anchor = audit.head(s)
    with store.engine.begin() as c:
        top = c.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
        c.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": top})
    with store.session() as s:
        found = audit.verify(s, anchor=anchor).problems()
    assert any("anchor_missing" in p for p in found), found


def test_sql_edit_of_a_claim_is_caught(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("UPDATE claims SET figure = 99999"))
    assert any("claims 1: column figure does not match" in p for p in problems(store))


def test_sql_edit_of_an_imported_record_is_caught(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("UPDATE source_records SET age = 99 WHERE source_record_id = 'f-7'"))
    with store.session() as s:
        rid = s.scalar(select(SourceRecord.id).where(SourceRecord.source_record_id == "f-7"))
    found = problems(store)
    assert f"source_records {rid}: column age does not match import 1 (audit entry" in "\n".join(
        found
    ), found


def test_sql_delete_and_insert_of_records_are_caught(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(text("DELETE FROM source_records WHERE source_record_id = 'f-3'"))
    found = problems(store)
    assert any(p.startswith("source_records ") and "import 1" in p for p in found), found


def test_sql_inserted_row_is_not_in_history(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO link_decisions (record_a, record_b, decision, created_by, "
                "created_at) VALUES (3, 4, 'separate', 'mallory', CURRENT_TIMESTAMP)"
            )
        )
        c.execute(text("DELETE FROM link_decisions WHERE record_a = 1"))
    found = problems(store)
    assert any("link_decisions 2: row is not in the audit history" in p for p in found), found
    assert any("link_decisions 1: row is missing" in p for p in found), found


def test_linkage_columns_and_logged_edits_keep_history_valid(store: Store) -> None:
    populated(store)
    with store.session() as s:  # linkage writes link columns in bulk: logged as a row set
        s.execute(update(SourceRecord).values(match_probability=0.9))
    with store.session() as s:
        rec = s.scalars(select(SourceRecord).where(SourceRecord.source_record_id == "f-4")).one()
        rec.notes = "corrected by editor"  # ORM edit of an imported record: logged
        gone = s.scalars(select(SourceRecord).where(SourceRecord.source_record_id == "f-5")).one()
        s.delete(gone)
    assert problems(store) == []


def test_link_columns_edited_behind_vigils_back_are_caught(store: Store) -> None:
    populated(store)
    with store.session() as s:
        s.execute(update(SourceRecord).values(match_probability=0.9))
    with store.engine.begin() as c:
        c.execute(text("UPDATE source_records SET match_probability = 0.1 WHERE id = 3"))
        if store.is_sqlite:  # PostgreSQL refuses a malformed date itself
            c.execute(text("UPDATE source_records SET date_start = 'garbage' WHERE id = 4"))
    found = problems(store)
    assert "source_records 3: column match_probability does not match audit entry" in "\n".join(
        found
    ), found
    assert not store.is_sqlite or any(
        p.startswith("source_records 4:") and "date_start (not a date)" in p for p in found
    ), found


def test_adopt_takes_a_legacy_store_into_history_but_never_an_edit(store: Store) -> None:
    populated(store)
    with store.engine.begin() as c:  # as a store made before persons were covered
        c.execute(
            text(
                "INSERT INTO persons (id, display_name, n_sources, n_groups, active, "
                "created_by, created_at, updated_at) VALUES ('P-000001', 'Synthetic', 1, 1, "
                "true, 'system', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        c.execute(text("UPDATE source_records SET person_id = 'P-000001' WHERE id = 1"))
    found = problems(store)
    assert any(p.startswith("persons P-000001: row is not in the audit history") for p in found)
    with store.session() as s:
        counts = audit.adopt(s, "admin")
    assert counts == {"persons": 1, "source_records.link": 1}, counts
    assert problems(store) == []
    with store.engine.begin() as c:
        c.execute(text("UPDATE persons SET display_name = 'Forged' WHERE id = 'P-000001'"))
    with store.session() as s:
        assert audit.adopt(s, "admin") == {}
    assert any(
        p.startswith("persons P-000001: column display_name does not match")
        for p in problems(store)
    )


def test_a_row_set_entry_whose_body_is_edited_into_text_is_reported_not_a_traceback(
    store: Store,
) -> None:
    """A `rows` entry of the record-to-person links whose lists were turned into text by SQL:
    the chain names the entry; replaying the row sets skips it instead of crashing."""
    populated(store)
    with store.session() as s:
        s.execute(update(SourceRecord).values(match_probability=0.9))  # a `rows` entry
    with store.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "rows").order_by(AuditEntry.seq.desc())
        ).first()
        assert entry is not None and isinstance(entry.after, dict)
        seq = entry.seq
        after = {**entry.after, "rows": "tampered", "deleted": "tampered"}
    with store.engine.begin() as c:
        c.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(after=after))
    found = problems(store)
    assert any(p.startswith(f"audit entry {seq}:") for p in found), found


def test_recent_entries_and_the_log_command(store: Store) -> None:
    """`audit.recent` is what `vigil audit log` prints: the newest entries, oldest first."""
    from typer.testing import CliRunner

    from vigil.cli.app import app

    populated(store)
    with store.session() as s:
        last = s.scalar(select(func.max(AuditEntry.seq)))
        rows = audit.recent(s, 3)
    assert [e.seq for e in rows] == [last - 2, last - 1, last]
    r = CliRunner().invoke(app, ["--db", store.url, "audit", "log", "--limit", "2"])
    assert r.exit_code == 0, r.output
    first_cells = [line.split("│")[1].strip() for line in r.output.splitlines() if "│" in line]
    assert [c for c in first_cells if c.isdigit()] == [str(last - 1), str(last)]
