"""`vigil event add|list`, `vigil stats` and share claims from the command line: results,
and bad input refused with one line (exit 2), nothing stored."""

from __future__ import annotations

import json
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


def _ok(args: list[str]) -> str:
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return r.stdout


def _refused(args: list[str], *words: str) -> None:
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "error:" in r.output
    for w in words:
        assert w in r.output.replace("\n", " ")


EVENT = ["event", "add", "nov2019", "--name", "November 2019", "--from", "2019-11-15"]


def test_events_are_added_listed_and_checked(db: str) -> None:
    _ok(["--db", db, *EVENT, "--to", "2019-11-30"])
    listed = json.loads(_ok(["--db", db, "event", "list", "--json"]))
    assert [(e["slug"], e["date_end"]) for e in listed] == [("nov2019", "2019-11-30")]
    _refused(["--db", db, *EVENT, "--to", "2019-11-30"], "already exists")
    _refused(
        [
            "--db",
            db,
            "event",
            "add",
            "Bad Slug",
            "--name",
            "x",
            "--from",
            "2019-11-15",
            "--to",
            "2019-11-30",
        ],
        "slug",
    )
    _refused(
        [
            "--db",
            db,
            "event",
            "add",
            "x",
            "--name",
            "x",
            "--from",
            "2019-13-15",
            "--to",
            "2019-11-30",
        ],
        "not a date",
    )
    assert len(json.loads(_ok(["--db", db, "event", "list", "--json"]))) == 1


def test_stats_json_and_bad_options(db: str) -> None:
    _ok(["--db", db, *EVENT, "--to", "2019-11-30"])
    doc = json.loads(_ok(["--db", db, "stats", "--by", "wound", "--event", "nov2019", "--json"]))
    wound = doc["fields"]["wound"]
    assert (wound["persons"], wound["known"], wound["unknown_share"]) == (0, 0, None)
    assert doc["scope"]["event"] == "nov2019"
    _refused(["--db", db, "stats", "--by", "colour"], "--by 'colour'")
    _refused(["--db", db, "stats", "--where", "wound=toe"], "no value 'toe'")
    _refused(["--db", db, "stats", "--event", "x2018"], "no event 'x2018'")
    _refused(["--db", db, "stats", "--interval", "bayes"], "wilson or exact")


CLAIM = ["claim", "add", "--actor", "A", "--date", "2020-01-01", "--scope", "s", "--citation", "c"]


def test_share_claims_from_the_command_line(db: str) -> None:
    out = _ok(["--db", db, *CLAIM, "--percent", "25", "--where", "weapon=non_standard"])
    assert "25%" in out
    _refused(["--db", db, *CLAIM, "--percent", "25"], "exactly one attribute")
    _refused(
        ["--db", db, *CLAIM, "--percent", "125", "--where", "weapon=non_standard"],
        "between 0 and 100",
    )
    _refused(
        ["--db", db, *CLAIM, "--figure", "3", "--percent", "25", "--where", "wound=head"],
        "not both",
    )
    _refused(["--db", db, *CLAIM], "neither")
    shown = _ok(["--db", db, "claims", "--method", "none"]).replace("\n", " ")
    assert "25% weapon non standard" in shown and "cannot be judged" in shown
