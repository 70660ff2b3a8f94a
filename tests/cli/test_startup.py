"""`vigil` starts without loading the heavy analysis stack (linkage, estimation, web).

Command modules import what they need inside their commands, so `vigil --help`, `vigil
import` or `vigil audit verify` do not pay for Splink, DuckDB, pandas, Numba, SciPy,
FastAPI or Spark. Run in a fresh interpreter: this test process has them loaded already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("splink", "duckdb", "pandas", "numba", "scipy", "fastapi", "pyspark")
CHECK = (
    "import json, sys, vigil.cli.app; "
    f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
)


def loaded_by(module: str) -> list[str]:
    code = CHECK.replace("vigil.cli.app", module)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


LIGHT_MODULES = [
    "vigil.cli.context",
    "vigil.cli.ingest",
    "vigil.cli.protect",
    "vigil.cli.synth",
    "vigil.cli.store_cmds",
    "vigil.cli.statement",
    "vigil.cli.demo",
    "vigil.cli.estimate",
    "vigil.cli.web",
    "vigil.cli.link",
]


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_owned_command_modules_import_light(module: str) -> None:
    assert loaded_by(module) == []


@pytest.mark.parametrize("module", ["vigil.cli.context", "vigil.cli.statement", "vigil.cli.demo"])
def test_store_is_opened_lazily(module: str) -> None:
    """SQLAlchemy (about a second to import) loads with the first command that opens the store."""
    code = f"import sys, {module}; print('sqlalchemy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_vigil_cli_app_starts_without_heavy_packages() -> None:
    assert loaded_by("vigil.cli.app") == []
