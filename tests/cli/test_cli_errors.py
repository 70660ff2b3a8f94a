"""OS and input errors reach the user as one line naming the path, never as a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.app import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    r = runner.invoke(app, ["--db", url, "init"])
    assert r.exit_code == 0, r.output
    return url


def _refused(args: list[str], *words: str) -> str:
    r = runner.invoke(app, args)
    text = r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 2, text
    assert "Traceback" not in text and "error:" in text
    for w in words:
        assert w in text
    return text


def test_export_into_a_missing_folder(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "dir"
    _refused(["--db", db, "export", "persons", "-o", str(missing / "p.csv")], "missing")
    _refused(["--db", db, "export", "links", "-o", str(missing / "l.csv")], "missing")


def test_keys_into_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _refused(["keys", "new", str(blocker / "keys")], "a-file")
    _refused(["seal-key", "new", str(blocker / "seal.key")], "a-file")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        _refused(["keys", "new", str(locked)], "locked")


def test_statement_into_a_missing_folder(db: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    _refused(["synth", str(blocker / "out")], "a-file")
