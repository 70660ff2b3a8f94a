"""The safety net is installed on every session factory, including one that a new store's
factory gets at the address of a collected one (CPython reuses addresses at once)."""

from __future__ import annotations

import datetime as dt
import gc

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vigil.services import audit
from vigil.store import Store
from vigil.store.models import AuditEntry, Claim


def _factory_at_a_freed_address(store: Store, tries: int = 5000) -> sessionmaker[Session]:
    """A new factory allocated where an earlier factory, with the net installed, lived."""
    freed: set[int] = set()
    for _ in range(tries):
        sessions = sessionmaker(store.engine, expire_on_commit=False)
        if id(sessions) in freed:
            return sessions
        audit.install(sessions)
        freed.add(id(sessions))
        del sessions
        gc.collect()
    raise AssertionError(f"no address reused in {tries} factories; the test cannot run here")


def test_net_is_installed_on_a_factory_at_a_reused_address(sqlite_store: Store) -> None:
    sessions = _factory_at_a_freed_address(sqlite_store)
    audit.install(sessions)
    with sessions() as s, s.begin():
        s.add(Claim(actor="Ministry", figure=1, date=dt.date(2020, 1, 1), scope="x", citation="c"))
    with sessions() as s:
        logged = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "claims")).all()
    assert logged == ["create"]
