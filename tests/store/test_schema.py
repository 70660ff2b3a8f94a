from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

from vigil.config import Config
from vigil.errors import InputError
from vigil.store import Store, open_store, resolve_url
from vigil.store.models import Base, LinkPair, LinkRun, Person, Source, SourceRecord


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


def test_link_pair_kind_upgrades_a_store_with_pairs(tmp_path: Path) -> None:
    """0010 on a store with pairs written under 0009 (made here by going down to it):
    the stored pairs read as scored ones, and down again drops the column only."""
    from alembic import command

    from vigil.store.db import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url, create=True)
    with store.session() as s:
        src = Source(name="A", kind="ngo", independence_group="a")
        s.add(src)
        s.flush()
        recs = [
            SourceRecord(
                source_id=src.id,
                source_record_id=f"r{i}",
                raw={},
                content_sha256=str(i) * 64,
                name_raw="x",
            )
            for i in (1, 2)
        ]
        run = LinkRun(engine="duckdb", threshold=0.35, model={}, summary={})
        s.add_all([*recs, run])
        s.flush()
        s.add(
            LinkPair(
                run_id=run.id,
                record_l=recs[0].id,
                record_r=recs[1].id,
                match_weight=0.0,
                match_probability=0.5,
                explanation={},
            )
        )
    store.close()
    command.downgrade(alembic_config(url), "0009_act_terms")
    engine = create_engine(url)
    with engine.connect() as c:
        assert "kind" not in {col["name"] for col in inspect(c).get_columns("link_pairs")}
    engine.dispose()
    store = open_store(url, create=True)  # `vigil init` on an existing store: upgrades it
    try:
        with store.session() as s:
            assert s.scalars(select(LinkPair.kind)).all() == ["scored"]
    finally:
        store.close()
