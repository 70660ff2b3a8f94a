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
    text = "".join(text.splitlines())  # the console wraps long lines
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


def test_statement_into_a_folder_that_cannot_be_made(db: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    args = ["--db", db, "statement", "-o", str(blocker / "st"), "--synthetic", "-m", "none"]
    _refused(args, "a-file")


BINARY = bytes(range(256)) * 4  # not UTF-8, not a zip, not a tar


def test_import_of_a_missing_file_a_folder_and_a_binary_file(db: str, tmp_path: Path) -> None:
    src = ["--source", "list"]
    _refused(["--db", db, "import", str(tmp_path / "nope.csv"), *src], "nope.csv", "no such file")
    text = _refused(["--db", db, "import", str(tmp_path), *src], str(tmp_path), "a folder")
    assert "no such file" not in text
    (tmp_path / "binary.csv").write_bytes(BINARY)
    _refused(["--db", db, "import", str(tmp_path / "binary.csv"), *src], "binary.csv", "UTF-8")
    (tmp_path / "binary.xlsx").write_bytes(BINARY)
    _refused(["--db", db, "import", str(tmp_path / "binary.xlsx"), *src], "binary.xlsx", "XLSX")


def test_backup_into_a_missing_folder_is_refused_before_copying(db: str, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "b.tar"
    text = _refused(["--db", db, "backup", str(out)], str(out), "does not exist")
    assert ".partial" not in text and not (tmp_path / "missing").exists()
    _refused(["--db", db, "backup", str(tmp_path)], "a folder")


def test_restore_of_what_is_not_a_backup(db: str, tmp_path: Path) -> None:
    (tmp_path / "b.tar").write_bytes(BINARY)
    text = _refused(["--db", db, "restore", str(tmp_path / "b.tar")], "not a Vigil backup")
    assert "method gz" not in text and "ReadError" not in text
    _refused(["--db", db, "restore", str(tmp_path / "none.tar")], "none.tar", "cannot read")


def test_inbox_open_of_a_missing_bundle(db: str, tmp_path: Path) -> None:
    r = runner.invoke(app, ["inbox", "keys", "new", "-o", str(tmp_path / "keys")])
    assert r.exit_code == 0, r.output
    key = str(tmp_path / "keys" / "inbox_private.pem")
    args = ["--db", db, "inbox", "open", str(tmp_path / "nope.jsonl"), "--key", key]
    _refused(args, "nope.jsonl", "cannot read")
    _refused([*args[:4], str(tmp_path), "--key", key], "cannot read")


def test_token_on_a_missing_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    _refused(["--db", url, "token", "list"], "no Vigil store", "vigil init")


def test_a_store_url_that_cannot_be_opened(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    _refused(["--db", f"sqlite:///{blocker}/x.db", "status"], str(blocker), "cannot be entered")
    _refused(["--db", f"sqlite:///{tmp_path}/no/x.db", "init"], f"{tmp_path}/no", "does not exist")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        _refused(["--db", f"sqlite:///{locked}/x.db", "init"], "cannot be written")
    text = _refused(["--db", "mysql://u:pw@host/x", "status"], "sqlite:///", "postgresql://")
    assert "pw" not in text  # the password is masked
    _refused(["--db", "postgresql://u:pw@nosuchhost.invalid/x", "status"], "nosuchhost")


def test_estimate_table_of_a_binary_file(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(BINARY)
    _refused(["estimate-table", str(tmp_path / "t.csv")], "t.csv", "UTF-8")
    _refused(["estimate-table", str(tmp_path / "none.csv")], "none.csv", "cannot read")


def test_a_form_into_a_folder_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error names the file asked for, not the hidden temporary file beside it."""
    import tempfile

    def refuse(*_: object, **kw: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", f"{kw['dir']}/.f.xlsx.x1y2.xlsx")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "f.xlsx"
    text = _refused(["form", "xlsform", "-o", str(out)], str(out), "not allowed")
    assert ".f.xlsx.x1y2" not in text
