"""`vigil seal-key fields --add/--remove` at the command line: clear refusals, no traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.app import app

PHONE = "+98-555-0199-SYNTH"


def test_add_and_remove_a_sensitive_field(tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", f"sqlite:///{tmp_path / 'v.db'}"]
    data = tmp_path / "list.csv"
    data.write_text(
        "id,name,sex,age,date,province,violation,phone\n"
        f"1,Synthetic Person,male,30,2019-11-16,Tehran,killed,{PHONE}\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, [*db, "init"]).exit_code == 0
    assert runner.invoke(app, [*db, "import", str(data), "--source", "A"]).exit_code == 0
    refused = runner.invoke(app, [*db, "seal-key", "fields", "--add", "phone"])
    assert refused.exit_code != 0 and "give the sealing key" in refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)
    key = tmp_path / "k.key"
    assert runner.invoke(app, [*db, "seal-key", "new", str(key)]).exit_code == 0
    added = runner.invoke(
        app, [*db, "seal-key", "fields", "--add", "phone", "--key-file", str(key)]
    )
    assert added.exit_code == 0 and "phone" in added.output.split()
    for f in tmp_path.glob("v.db*"):  # the file, its WAL: no old page keeps the value
        assert PHONE.encode() not in f.read_bytes(), f.name
    removed = runner.invoke(app, [*db, "seal-key", "fields", "--remove", "phone"])
    assert removed.exit_code == 0 and "phone" not in removed.output.split()
    assert runner.invoke(app, [*db, "audit", "verify"]).exit_code == 0
