from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select

from vigil.config import Config
from vigil.errors import InputError
from vigil.store import Store, open_store, resolve_url
from vigil.store.models import Base, Person, Source, SourceRecord


def test_migrations_create_every_model_table(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrations_match_models(store: Store) -> None:
    """An edited model without a migration is caught here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_round_trip_record_and_person(store: Store) -> None:
    with store.session() as s:
        src = Source(name="Field network A", kind="field_network", independence_group="A")
        s.add(src)
        s.flush()
        p = Person(id="P-000001", display_name="محمد حسینی")
        s.add(p)
        s.add(
            SourceRecord(
                source_id=src.id,
                source_record_id="r1",
                raw={"name": "محمد حسيني", "date": "۱۳۹۸/۰۸/۲۶"},
                content_sha256="0" * 64,
                name_raw="محمد حسيني",
                date_start=dt.date(2019, 11, 17),
                date_end=dt.date(2019, 11, 17),
                person_id="P-000001",
                created_by="tester",
            )
        )
    with store.session() as s:
        rec = s.scalars(select(SourceRecord)).one()
        assert rec.raw["date"] == "۱۳۹۸/۰۸/۲۶"
        assert rec.person is not None and rec.person.display_name == "محمد حسینی"
        assert rec.created_by == "tester"
        assert rec.created_at is not None


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        s.add(Source(name="X", kind="ngo", independence_group="X"))
        s.flush()
        raise RuntimeError("boom")
    with store.session() as s:
        assert s.scalars(select(Source)).all() == []


def test_sqlite_uses_wal_and_foreign_keys(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_uninitialized_store_is_refused(tmp_path: object) -> None:
    with pytest.raises(InputError, match="vigil init"):
        open_store(f"sqlite:///{tmp_path}/none.db")


def test_resolve_url_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGIL_DB", raising=False)
    assert resolve_url() == "sqlite:///vigil.db"
    assert resolve_url("x.db") == "sqlite:///x.db"
    assert resolve_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    monkeypatch.setenv("VIGIL_DB", "sqlite:///env.db")
    assert resolve_url() == "sqlite:///vigil.db"  # the environment is read by Config alone
    assert resolve_url(Config.from_env().db) == "sqlite:///env.db"
