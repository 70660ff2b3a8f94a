"""One configuration object: every VIGIL_* variable is read in `vigil.config` and nowhere else,
and each is documented in the README's table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from vigil.config import VARIABLES, Config
from vigil.errors import InputError

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "vigil"

ENVIRON = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _touches_environment(path: Path) -> list[int]:
    """Lines of `path` that name os.environ, os.getenv and the like (read, copy or write)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            (isinstance(node, ast.Attribute) and node.attr in ENVIRON)
            or (isinstance(node, ast.Name) and node.id in ENVIRON)
            or (isinstance(node, ast.alias) and node.name in ENVIRON)
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_but_config_reads_the_environment() -> None:
    """Even a child process's environment (pg_dump's) and the one `serve --workers` hands
    its workers go through `vigil.config` (`child_environment`, `Config.export`)."""
    offenders = {
        str(p.relative_to(ROOT)): lines
        for p in SRC.rglob("*.py")
        if p != SRC / "config.py" and (lines := _touches_environment(p))
    }
    assert offenders == {}
    envvar = [p for p in SRC.rglob("*.py") if "envvar=" in p.read_text()]
    assert envvar == []  # no Typer option reads the environment on its own either


def test_every_variable_named_in_the_code_is_in_the_table() -> None:
    named = set()
    for p in SRC.rglob("*.py"):
        named |= set(re.findall(r"\bVIGIL_[A-Z_]+[A-Z]\b", p.read_text()))
    assert named <= {v.name for v in VARIABLES}


def test_readme_documents_every_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(VIGIL_[A-Z_]+)` \|", readme, flags=re.M))
    assert rows == {v.name for v in VARIABLES}


def test_from_env_parses_and_arguments_win() -> None:
    env = {
        "VIGIL_DB": "sqlite:///env.db",
        "VIGIL_USER": "ada",
        "VIGIL_HTTPS_ONLY": "yes",
        "VIGIL_DUCKDB_THREADS": "3",
        "VIGIL_EVIDENCE_DIR": "/srv/evidence",
        "VIGIL_SEARCH_CACHE": "",  # empty: not given
    }
    c = Config.from_env(env, db="sqlite:///arg.db", user=None)
    assert c.db == "sqlite:///arg.db" and c.user == "ada"
    assert c.https_only is True and c.duckdb_threads == 3
    assert c.evidence_dir == Path("/srv/evidence") and c.search_cache is None
    assert Config.from_env(c.to_env()) == c  # what `serve --workers` hands its workers
    assert "ada" in repr(c) and "secret" not in repr(Config(secret_key="secret"))


def test_a_bad_variable_is_named() -> None:
    with pytest.raises(InputError, match="VIGIL_SPARK_CORES must be a whole number"):
        Config.from_env({"VIGIL_SPARK_CORES": "two"})
    with pytest.raises(InputError, match="VIGIL_SEARCH_CACHE must be >= 0"):
        Config.from_env({"VIGIL_SEARCH_CACHE": "-1"})


def test_cli_root_builds_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--db wins over $VIGIL_DB; $VIGIL_EVIDENCE_DIR reaches the evidence service through the
    store's configuration."""
    from typer.testing import CliRunner

    from vigil.cli.app import app
    from vigil.services.evidence import files_for
    from vigil.store import open_store

    url = f"sqlite:///{tmp_path / 'v.db'}"
    monkeypatch.setenv("VIGIL_DB", f"sqlite:///{tmp_path / 'other.db'}")
    res = CliRunner().invoke(app, ["--db", url, "init"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "v.db").exists() and not (tmp_path / "other.db").exists()
    monkeypatch.setenv("VIGIL_EVIDENCE_DIR", str(tmp_path / "ev"))
    store = open_store(url, config=Config.from_env())
    assert files_for(store).root == tmp_path / "ev"
    store.close()


def test_cli_link_has_no_module_global_set_from_elsewhere() -> None:
    import vigil.cli.link as link

    assert not hasattr(link, "grade_explainer")


def test_child_environment_adds_what_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from vigil.config import child_environment

    monkeypatch.setenv("PATH_FOR_CHILD_TEST", "kept")
    monkeypatch.delenv("PGPORT", raising=False)
    env = child_environment({"PGPASSWORD": "s3cret", "PGPORT": None})
    assert env["PATH_FOR_CHILD_TEST"] == "kept" and env["PGPASSWORD"] == "s3cret"
    assert "PGPORT" not in env


def test_export_hands_the_configuration_to_worker_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    monkeypatch.setattr(os, "environ", {})  # this process's own environment is left alone
    config = Config(db="sqlite:///w.db", search_cache=7, secret_key="k" * 32)
    config.export()
    assert os.environ["VIGIL_SEARCH_CACHE"] == "7"
    assert Config.from_env() == config
