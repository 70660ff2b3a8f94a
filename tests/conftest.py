"""Shared fixtures: a fresh store per test, on SQLite and (where reachable) PostgreSQL.

PostgreSQL tests run against $VIGIL_TEST_PG (default: the local server's `test` database),
each in a schema of its own that is dropped afterwards, so tests never share state.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from vigil.store import Store, open_store

# Tests that must not share the machine with other tests (a JVM, a browser, a process killed
# mid-write, wall-clock budgets) are marked `serial`: `make test` runs everything else with
# `pytest -n 2`, then these alone. (xdist's `--dist loadgroup` cannot group them: pytest 9.2
# ignores the group suffix xdist 3.8 writes into the node id.) Spark and browser tests are
# serial without saying so.
SERIAL = "serial"
_SERIAL_MARKS = ("spark", "browser")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "serial: must run alone; `make test` runs these after the parallel run"
    )


@pytest.hookimpl(tryfirst=True)  # before `-m` selects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(m) for m in _SERIAL_MARKS):
            item.add_marker(SERIAL)


PG_URL = os.environ.get("VIGIL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        eng = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


_PG_OK: bool | None = None


def pg_available() -> bool:
    global _PG_OK
    if _PG_OK is None:
        _PG_OK = _pg_available()
    return _PG_OK


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'vigil.db'}", create=True)
    yield store
    store.close()


@pytest.fixture
def pg_store() -> Iterator[Store]:
    if not pg_available():
        if os.environ.get("CI") or os.environ.get("VIGIL_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is required here but not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    store = open_store(url, create=True)
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same test on both storage backends."""
    name = "sqlite_store" if request.param == "sqlite" else "pg_store"
    s: Store = request.getfixturevalue(name)
    return s


@pytest.fixture
def store_url(store: Store) -> str:
    return store.url
