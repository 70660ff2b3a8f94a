"""Fixtures shared by the service tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.linkage.synthetic import population
from tests.linkage.test_linking_service import _load
from vigil.services import linking
from vigil.store import open_store


@pytest.fixture
def linked(tmp_path: Path) -> str:
    """A SQLite store of 220 synthetic persons' records, linked once (uncertain pairs left)."""
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(url, create=True)
    rows, _truth = population(220, seed=4)
    _load(store, rows)
    linking.run_linkage(store)
    store.close()
    return url
