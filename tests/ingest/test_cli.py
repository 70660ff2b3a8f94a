"""`vigil import`, `vigil sources`, `vigil records` through the real `vigil` app."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.store import Store

runner = CliRunner()


def test_import_then_list(sqlite_store: Store, good_csv: Path) -> None:
    db = ["--db", sqlite_store.url]
    r = runner.invoke(app, [*db, "import", str(good_csv), "--source", "Hengaw", "--kind", "ngo"])
    assert r.exit_code == 0, r.output
    assert "3 added" in r.output
    r = runner.invoke(app, [*db, "import", str(good_csv), "--source", "Hengaw"])
    assert r.exit_code == 0 and "already imported" in r.output
    r = runner.invoke(app, [*db, "sources"])
    assert r.exit_code == 0 and "Hengaw" in r.output and "ngo" in r.output
    r = runner.invoke(app, [*db, "records", "--search", "Sara", "--limit", "5"])
    assert r.exit_code == 0 and "A3" in r.output and "A1" not in r.output
    r = runner.invoke(app, [*db, "records"])  # newest first, as `list_records` reads them
    assert r.exit_code == 0 and r.output.index("A3") < r.output.index("A1")
    rows = [line for line in runner.invoke(app, [*db, "sources"]).output.splitlines()]
    assert any("Hengaw" in line and line.rstrip(" │┃").endswith("3") for line in rows)


def test_bad_file_exits_2_with_every_error(sqlite_store: Store, bad_csv: Path) -> None:
    r = runner.invoke(app, ["--db", sqlite_store.url, "import", str(bad_csv), "--source", "S"])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert "line 2" in r.output and "line 3" in r.output and "line 5" in r.output
    r = runner.invoke(app, ["--db", sqlite_store.url, "records"])
    assert "no records yet" in r.output


def test_skip_invalid_writes_rejects(sqlite_store: Store, bad_csv: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "out.csv"
    r = runner.invoke(
        app,
        ["--db", sqlite_store.url, "import", str(bad_csv), "-s", "S", "--skip-invalid",
         "--rejects", str(rejects)],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "1 added" in r.output and "3 rejected" in r.output and rejects.exists()


def test_unknown_kind_and_missing_file_exit_2(sqlite_store: Store, good_csv: Path) -> None:
    db = ["--db", sqlite_store.url]
    r = runner.invoke(app, [*db, "import", str(good_csv), "--source", "S", "--kind", "blog"])
    assert r.exit_code == 2 and "unknown source kind" in r.output
    r = runner.invoke(app, [*db, "import", "/nonexistent.csv", "--source", "S"])
    assert r.exit_code == 2 and "no such file" in r.output
