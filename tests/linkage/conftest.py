"""Fixtures of the linkage tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.linkage.synthetic import population


@pytest.fixture(scope="session")
def small_population() -> tuple[list[dict[str, Any]], dict[int, int]]:
    return population(150, seed=11)
