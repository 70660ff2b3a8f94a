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


@pytest.mark.parametrize(
    "module", ["vigil.cli.ingest", "vigil.cli.protect", "vigil.cli.synth", "vigil.cli.store_cmds"]
)
def test_owned_command_modules_import_light(module: str) -> None:
    assert loaded_by(module) == []


@pytest.mark.xfail(
    strict=False,
    reason="command modules still being finished by others (link, estimate, statement, web) "
    "import heavy packages at module level; the lead makes them lazy at the end",
)
def test_vigil_cli_app_starts_without_heavy_packages() -> None:
    assert loaded_by("vigil.cli.app") == []
