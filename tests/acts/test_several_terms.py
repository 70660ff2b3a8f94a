"""One source text naming several perpetrators, methods or wound sites ("IRGC and Basij",
"سپاه و بسیج", "head and chest"): every code kept with its source and words, through
import, intake, side by side, grading, exports and shares, on SQLite and PostgreSQL.
Synthetic data only."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from vigil.domain.acts import Agreement
from vigil.services import audit
from vigil.services.acts import disputed_persons, person_acts, person_attribute_values
from vigil.services.capture import person_rows
from vigil.services.importing import import_file
from vigil.services.intake import Report, intake_report
from vigil.statement.settings import Scope
from vigil.statement.shares import scope_combined_share, scope_field_shares
from vigil.store import Store
from vigil.store.models import Act, Person, SourceRecord

HEADER = ["source_record_id", "name", "date", "violation", "method", "wound", "perpetrator"]


def _import(store: Store, path: Path, rows: list[list[str]], source: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    import_file(store, path, source=source, group=source)


def _attach(store: Store, links: dict[str, list[str]]) -> None:
    with store.session() as s:
        by = dict(s.execute(select(SourceRecord.source_record_id, SourceRecord.id)).all())
        for person, recs in links.items():
            s.add(Person(id=person, display_name="Synthetic Person"))
            s.flush()
            for r in recs:
                rec = s.get(SourceRecord, by[r])
                assert rec is not None
                rec.person_id = person


def test_import_keeps_every_code_a_text_names(store: Store, tmp_path: Path) -> None:
    _import(
        store,
        tmp_path / "a.csv",
        [
            [
                "a1",
                "Synthetic One",
                "",
                "killed",
                "شلیک گلوله جنگی و ساچمه",
                "سر و سینه",
                "سپاه و بسیج",
            ],
            ["a2", "Synthetic Two", "", "killed", "live fire", "chest", "IRGC and catapult squad"],
            ["a3", "Synthetic Three", "", "killed", "", "", "Basij-e Mostaz'afin"],
        ],
        "Synthetic A",
    )
    with store.session() as s:
        acts = {a.record.source_record_id: a for a in s.scalars(select(Act))}
        one = acts["a1"]
        assert (one.perpetrator, one.perpetrator_also, one.perpetrator_raw) == (
            "irgc",
            ["basij"],
            "سپاه و بسیج",
        )
        assert (one.method, one.method_also) == ("live_ammunition", ["shotgun_pellets"])
        assert (one.wound, one.wound_also, one.wound_raw) == ("head", ["chest"], "سر و سینه")
        assert one.unknown_terms is None
        two = acts["a2"]
        assert (two.perpetrator, two.perpetrator_also) == ("irgc", None)
        assert two.perpetrator_raw == "IRGC and catapult squad"
        assert two.unknown_terms == [{"field": "perpetrator", "raw": "catapult squad"}]
        three = acts["a3"]
        assert (three.perpetrator, three.perpetrator_also, three.unknown_terms) == (
            "basij",
            None,
            None,
        )
        assert audit.verify(s).problems() == []


def test_intake_keeps_every_code_a_text_names(store: Store) -> None:
    intake_report(
        store,
        Report(
            name="Synthetic Intake",
            violation="killed",
            method="rubber bullets and live fire",
            wound="head and chest",
            perpetrator="police / special units, Basij",
        ),
        actor="ed",
    )
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.perpetrator, act.perpetrator_also) == ("police", ["basij"])
        assert (act.method, act.method_also) == ("rubber_bullets", ["live_ammunition"])
        # live fire named too: rubber bullets no longer imply a less-lethal weapon
        assert act.weapon is None
        assert (act.wound, act.wound_also) == ("head", ["chest"])
        assert audit.verify(s).problems() == []


def test_several_named_by_one_source_is_no_dispute(store: Store, tmp_path: Path) -> None:
    _import(
        store,
        tmp_path / "a.csv",
        [
            ["a1", "Synthetic One", "", "killed", "", "head and chest", "IRGC and Basij"],
            ["a2", "Synthetic Two", "", "killed", "", "", "IRGC and Basij"],
            ["a3", "Synthetic Three", "", "killed", "", "", "police"],
            ["a4", "Synthetic Four", "", "killed", "", "limbs", "plain-clothes"],
        ],
        "Synthetic A",
    )
    _import(
        store,
        tmp_path / "b.csv",
        [
            ["b1", "Synthetic One", "", "killed", "", "", "بسیج و سپاه"],
            ["b2", "Synthetic Two", "", "killed", "", "", "سپاه"],
            ["b3", "Synthetic Three", "", "killed", "", "", "IRGC"],
        ],
        "Synthetic B",
    )
    _attach(
        store,
        {"P-1": ["a1", "b1"], "P-2": ["a2", "b2"], "P-3": ["a3", "b3"], "P-4": ["a4"]},
    )
    with store.session() as s:
        # Side by side: the same two named in another order and script agree.
        one = person_acts(s, "P-1").fields["perpetrator"]
        assert one.agreement is Agreement.AGREE
        assert [(v.source, v.value, v.raw) for v in one.values] == [
            ("Synthetic A", ["irgc", "basij"], "IRGC and Basij"),
            ("Synthetic B", ["basij", "irgc"], "بسیج و سپاه"),
        ]
        # One source names two, the other one of them: they differ, both kept.
        assert person_acts(s, "P-2").fields["perpetrator"].agreement is Agreement.DIFFER
        assert person_attribute_values(s, "perpetrator") == {
            "P-1": {"irgc", "basij"},
            "P-2": {"irgc", "basij"},
            "P-3": {"police", "irgc"},
            "P-4": {"plainclothes"},
        }
        assert disputed_persons(s, "perpetrator") == {"P-2", "P-3"}
        rows = person_rows(s)
    # Exports: every code; acts_differ only where sources disagree.
    from vigil.services.linking import export_persons

    out = tmp_path / "persons.csv"
    export_persons(store, out)
    with out.open(encoding="utf-8") as f:
        exported = {r["id"]: r for r in csv.DictReader(f)}
    assert exported["P-1"]["perpetrator"] == "basij;irgc"
    assert exported["P-1"]["wound"] == "chest;head"
    assert exported["P-1"]["acts_differ"] == ""
    assert exported["P-2"]["acts_differ"] == "perpetrator"
    # A person counts once per perpetrator named; the shares sum above 100%.
    fs = scope_field_shares(rows, Scope(), "perpetrator")
    counts = {sh.category: sh.count for sh in fs.shares if sh.count}
    assert counts == {"irgc": 3, "basij": 2, "police": 1, "plainclothes": 1}
    assert (fs.known, fs.disputed, fs.multiple) == (4, 2, 3)
    assert sum(sh.share or 0 for sh in fs.shares) > 1
    js = fs.to_json()
    assert js["multiple"] == 3 and js["disputed"] == 2
    # Head and chest: in both sites, and once in "head, neck or chest".
    wounds = scope_field_shares(rows, Scope(), "wound")
    assert {sh.category: sh.count for sh in wounds.shares if sh.count} == {
        "head": 1,
        "chest": 1,
        "limbs": 1,
    }
    assert wounds.disputed == 0
    share, _ = scope_combined_share(rows, Scope(), "wound", ("head", "neck", "chest"))
    assert (share.count, share.known) == (1, 2)


def test_grading_compares_the_codes_named_not_their_order(store: Store, tmp_path: Path) -> None:
    from vigil.services.grading import grade_all

    _import(
        store,
        tmp_path / "a.csv",
        [
            ["a1", "Synthetic One", "", "killed", "", "", "IRGC and Basij"],
            ["a2", "Synthetic Two", "", "killed", "", "", "IRGC and Basij"],
        ],
        "Synthetic A",
    )
    _import(
        store,
        tmp_path / "b.csv",
        [
            ["b1", "Synthetic One", "", "killed", "", "", "Basij, IRGC"],
            ["b2", "Synthetic Two", "", "killed", "", "", "IRGC"],
        ],
        "Synthetic B",
    )
    _attach(store, {"P-1": ["a1", "b1"], "P-2": ["a2", "b2"]})
    grade_all(store, actor="tester")
    with store.session() as s:
        one, two = s.get(Person, "P-1"), s.get(Person, "P-2")
        assert one is not None and two is not None
        assert not any("attribution" in r for r in one.grade_reasons or [])
        assert (two.grade_reasons or [])[-1] == (
            "contested attribution (perpetrator): basij and irgc (Synthetic A); irgc (Synthetic B)"
        )


def test_stats_cli_counts_each_perpetrator_named_and_says_shares_can_exceed_100(
    sqlite_store: Store, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from vigil.cli.app import app

    _import(
        sqlite_store,
        tmp_path / "a.csv",
        [
            ["a1", "Synthetic One", "", "killed", "", "", "IRGC and Basij"],
            ["a2", "Synthetic Two", "", "killed", "", "", "police"],
        ],
        "Synthetic A",
    )
    _attach(sqlite_store, {"P-1": ["a1"], "P-2": ["a2"]})
    res = CliRunner().invoke(
        app,
        ["--db", sqlite_store.url, "stats", "--by", "perpetrator", "--json"],
        terminal_width=200,
    )
    assert res.exit_code == 0, res.output
    import json

    fs = json.loads(res.output)["fields"]["perpetrator"]
    counts = {sh["category"]: sh["count"] for sh in fs["shares"] if sh["count"]}
    assert counts == {"irgc": 1, "basij": 1, "police": 1}
    assert (fs["known"], fs["disputed"], fs["multiple"]) == (2, 0, 1)
    res = CliRunner().invoke(
        app, ["--db", sqlite_store.url, "stats", "--by", "perpetrator"], terminal_width=200
    )
    assert res.exit_code == 0, res.output
    assert "in more than one category: 1" in res.output and "above 100%" in res.output
    res = CliRunner().invoke(
        app, ["--db", sqlite_store.url, "person", "show", "P-1"], terminal_width=200
    )
    assert res.exit_code == 0, res.output
    assert "irgc, basij (Synthetic A #" in res.output and "['irgc'" not in res.output


def test_marking_the_field_sensitive_blanks_every_code(store: Store, tmp_path: Path) -> None:
    from vigil.domain import Role
    from vigil.security.crypto import write_key_file
    from vigil.security.permissions import Actor
    from vigil.services import sealing

    key = tmp_path / "seal.key"
    write_key_file(key)
    _import(
        store,
        tmp_path / "a.csv",
        [["a1", "Synthetic One", "", "killed", "", "head and chest", "IRGC and Basij"]],
        "Synthetic A",
    )
    with store.session() as s:
        sealer = sealing.get_sealer(s, key_file=key, create=True)
        sealing.add_sensitive_fields(s, Actor("admin", Role.ADMIN), ["perpetrator"], sealer=sealer)
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.perpetrator, act.perpetrator_also, act.perpetrator_raw) == (None, None, None)
        assert (act.wound, act.wound_also) == ("head", ["chest"])
        assert audit.verify(s).problems() == []
