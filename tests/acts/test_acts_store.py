"""Acts through import and intake, on SQLite and PostgreSQL: stored beside the raw words,
unknown terms kept and flagged, sources side by side, audited. Synthetic data only."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from vigil.domain import Role
from vigil.domain.acts import Agreement
from vigil.errors import ImportRejected, InputError
from vigil.security.crypto import write_key_file
from vigil.security.permissions import Actor
from vigil.services import audit, sealing
from vigil.services.acts import person_acts, person_attribute_values
from vigil.services.importing import import_file
from vigil.services.intake import Report, intake_report
from vigil.store import Store
from vigil.store.models import Act, Person, SourceRecord

ADMIN = Actor("admin", Role.ADMIN)
HEADER = [
    "source_record_id",
    "name",
    "date",
    "violation",
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "perpetrator_by",
    "place_kind",
    "facility",
    "arrest_date",
    "release_date",
    "sentence",
    "charges",
]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _attach(store: Store, person: str, record_ids: list[int]) -> None:
    with store.session() as s:
        s.add(Person(id=person, display_name="Synthetic Person"))
        s.flush()
        for rid in record_ids:
            rec = s.get(SourceRecord, rid)
            assert rec is not None
            rec.person_id = person


def _ids(store: Store, source_record_ids: list[str]) -> list[int]:
    with store.session() as s:
        by = dict(s.execute(select(SourceRecord.source_record_id, SourceRecord.id)).all())
    return [by[r] for r in source_record_ids]


def test_import_stores_codes_beside_raw_words(store: Store, tmp_path: Path) -> None:
    f = _write(
        tmp_path / "fa.csv",
        [
            [
                "a1",
                "سینا آزمونی",
                "۱۳۹۸/۰۸/۲۶",
                "کشته",
                "گلوله جنگی",
                "",
                "سر",
                "سپاه",
                "شاهد",
                "خیابان",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                "a2",
                "کاوه نمونه‌ای",
                "۱۳۹۸/۰۸/۲۷",
                "بازداشت",
                "",
                "",
                "",
                "لباس شخصی",
                "",
                "بیمارستان",
                "زندان اوین",
                "۱۳۹۸/۰۸/۲۸",
                "۱۳۹۸/۰۹/۱۰",
                "۶ سال حبس",
                "اجتماع و تبانی، محاربه",
            ],
            [
                "a3",
                "Synthetic Nobody",
                "2019-11-16",
                "killed",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    result = import_file(store, f, source="Synthetic FA", group="FA")
    assert result.rows_added == 3
    with store.session() as s:
        acts = {
            r.source_record_id: a
            for a, r in s.execute(
                select(Act, SourceRecord).join(SourceRecord, SourceRecord.id == Act.record_id)
            )
        }
        assert set(acts) == {"a1", "a2"}  # a3 reports no act detail: no row
        a1, a2 = acts["a1"], acts["a2"]
        assert (a1.method, a1.method_raw) == ("live_ammunition", "گلوله جنگی")
        assert a1.weapon is None  # never inferred from live ammunition
        assert (a1.wound, a1.perpetrator, a1.perpetrator_by) == ("head", "irgc", "شاهد")
        assert a1.place_kind == "street" and a1.unknown_terms is None
        assert (a2.perpetrator, a2.place_kind, a2.facility) == (
            "plainclothes",
            "hospital",
            "زندان اوین",
        )
        assert a2.arrest_date == dt.date(2019, 11, 19)
        assert a2.release_date == dt.date(2019, 12, 1)
        assert (a2.sentence_kind, a2.sentence_years, a2.sentence_raw) == (
            "prison",
            6.0,
            "۶ سال حبس",
        )
        assert a2.charges == ["assembly_collusion", "moharebeh"]
        assert a2.charges_raw == "اجتماع و تبانی، محاربه"
        assert audit.verify(s).problems() == []


def test_unknown_terms_are_kept_raw_and_flagged(store: Store, tmp_path: Path) -> None:
    f = _write(
        tmp_path / "u.csv",
        [
            [
                "u1",
                "Synthetic Unknown",
                "",
                "killed",
                "catapult",
                "",
                "",
                "نیروی فضایی",
                "",
                "",
                "",
                "",
                "",
                "",
                "baghy",
            ]
        ],
    )
    import_file(store, f, source="Synthetic U")
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.method, act.method_raw) == (None, "catapult")
        assert (act.perpetrator, act.perpetrator_raw) == (None, "نیروی فضایی")
        assert act.charges is None and act.charges_raw == "baghy"
        assert act.unknown_terms == [
            {"field": "method", "raw": "catapult"},
            {"field": "perpetrator", "raw": "نیروی فضایی"},
            {"field": "charges", "raw": "baghy"},
        ]


def test_mapping_file_names_columns_and_terms(store: Store, tmp_path: Path) -> None:
    f = _write(
        tmp_path / "m.csv",
        [["m1", "Synthetic Mapped", "Kommando", "بیمارستان"]],
        header=["id", "name", "ضارب", "محل"],
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        'columns:\n  place_kind: "محل"\nterms:\n  perpetrator:\n    Kommando: police\n',
        encoding="utf-8",
    )
    import_file(store, f, source="Synthetic M", mapping=mapping)
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.perpetrator, act.perpetrator_raw) == ("police", "Kommando")
        assert act.place_kind == "hospital"


def test_a_mapping_naming_a_code_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    from vigil.ingest import load_mapping

    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  perpetrator:\n    Kommando: gendarmes\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gendarmes.*not a code"):
        load_mapping(bad)


def test_a_bad_arrest_date_refuses_the_row_naming_it(store: Store, tmp_path: Path) -> None:
    f = _write(
        tmp_path / "d.csv",
        [
            [
                "d1",
                "Synthetic Date",
                "",
                "arrested",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "2019-02-30",
                "",
                "",
                "",
            ]
        ],
    )
    with pytest.raises(ImportRejected) as e:
        import_file(store, f, source="Synthetic D")
    assert "arrest_date" in str(e.value)
    with store.session() as s:
        assert s.scalars(select(Act)).all() == []
        assert s.scalars(select(SourceRecord)).all() == []


def test_a_sensitive_act_column_is_sealed_not_stored_in_the_act(
    store: Store, tmp_path: Path
) -> None:
    key = tmp_path / "seal.key"
    write_key_file(key)
    store.config = dataclasses.replace(store.config, key_file=key)
    with store.session() as s:
        sealing.add_sensitive_fields(s, ADMIN, ["perpetrator_by"])
    f = _write(
        tmp_path / "s.csv",
        [
            [
                "s1",
                "Synthetic Sealed",
                "",
                "killed",
                "ساچمه",
                "",
                "",
                "بسیج",
                "Synthetic Witness Qzx",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    import_file(store, f, source="Synthetic S")
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert act.method == "shotgun_pellets" and act.perpetrator == "basij"
        assert act.perpetrator_by is None
        dump = s.execute(text("SELECT * FROM acts")).all()
        assert "Synthetic Witness Qzx" not in repr(dump)


def test_sources_side_by_side_and_disagreement(store: Store, tmp_path: Path) -> None:
    a = _write(
        tmp_path / "a.csv",
        [
            [
                "x1",
                "Synthetic Two",
                "",
                "killed",
                "live ammunition",
                "",
                "chest",
                "police",
                "family",
                "street",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    b = _write(
        tmp_path / "b.csv",
        [
            [
                "y1",
                "Synthetic Two",
                "",
                "killed",
                "گلوله جنگی",
                "",
                "",
                "سپاه",
                "شاهد",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    import_file(store, a, source="Synthetic A", group="A")
    import_file(store, b, source="Synthetic B", group="B")
    _attach(store, "P-000001", _ids(store, ["x1", "y1"]))
    with store.session() as s:
        view = person_acts(s, "P-000001")
        assert len(view.acts) == 2
        assert view.fields["method"].agreement is Agreement.AGREE
        perp = view.fields["perpetrator"]
        assert perp.agreement is Agreement.DIFFER
        assert [(v.source, v.value, v.raw, v.by) for v in perp.values] == [
            ("Synthetic A", "police", "police", "family"),
            ("Synthetic B", "irgc", "سپاه", "شاهد"),
        ]
        assert view.fields["wound"].agreement is Agreement.SINGLE
        assert view.fields["burial"].agreement is Agreement.NONE
        assert view.contested == ["perpetrator"]
        assert person_attribute_values(s, "perpetrator") == {"P-000001": {"police", "irgc"}}
        assert person_attribute_values(s, "method") == {"P-000001": {"live_ammunition"}}
        assert person_attribute_values(s, "burial") == {}
        with pytest.raises(InputError, match="not an act field"):
            person_attribute_values(s, "colour")
        assert audit.verify(s).problems() == []
    # Exports carry every source's codes and name the fields they differ on.
    from vigil.services.linking import export_persons

    out = tmp_path / "persons.csv"
    export_persons(store, out)
    with out.open(encoding="utf-8") as f:
        (row,) = [r for r in csv.DictReader(f) if r["id"] == "P-000001"]
    assert row["perpetrator"] == "irgc;police" and row["acts_differ"] == "perpetrator"
    assert row["method"] == "live_ammunition" and row["wound"] == "chest"
    if store.url.startswith("sqlite"):  # the CLI shows the same side by side
        from typer.testing import CliRunner

        from vigil.cli.app import app

        res = CliRunner().invoke(
            app, ["--db", store.url, "person", "show", "P-000001"], terminal_width=200
        )
        assert res.exit_code == 0, res.output
        assert "How it happened, by source" in res.output and "differ" in res.output
        assert "irgc (Synthetic B" in res.output and "as reported: سپاه" in res.output


def test_intake_form_report_with_act(store: Store) -> None:
    pid = intake_report(
        store,
        Report(
            name="Synthetic Intake",
            violation="injured",
            method="rubber bullets",
            wound="eye",
            perpetrator="یگان ویژه",
            place_kind="rooftop",
            charges="",
        ),
        actor="ed",
    )
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.method, act.weapon, act.weapon_raw) == ("rubber_bullets", "less_lethal", None)
        assert (act.wound, act.perpetrator, act.place_kind) == ("head", "police", "rooftop")
        view = person_acts(s, pid)
        assert view.fields["perpetrator"].agreement is Agreement.SINGLE
        assert audit.verify(s).problems() == []


def test_an_edit_of_an_act_behind_vigils_back_is_named(store: Store, tmp_path: Path) -> None:
    f = _write(
        tmp_path / "t.csv",
        [
            [
                "t1",
                "Synthetic Tamper",
                "",
                "killed",
                "",
                "",
                "",
                "police",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    import_file(store, f, source="Synthetic T")
    with store.engine.begin() as c:
        c.execute(text("UPDATE acts SET perpetrator = 'irgc'"))
    with store.session() as s:
        problems = audit.verify(s).problems()
    assert any(p.startswith("acts ") and "perpetrator" in p for p in problems), problems


def test_grading_keeps_contested_attribution_visible(store: Store, tmp_path: Path) -> None:
    from vigil.grading.rules import parse_rules
    from vigil.services.grading import grade_all, person_grade

    a = _write(
        tmp_path / "ga.csv",
        [
            [
                "g1",
                "Synthetic Graded",
                "",
                "killed",
                "",
                "",
                "",
                "police",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    b = _write(
        tmp_path / "gb.csv",
        [["h1", "Synthetic Graded", "", "killed", "", "", "", "IRGC", "", "", "", "", "", "", ""]],
    )
    import_file(store, a, source="Synthetic GA", group="GA")
    import_file(store, b, source="Synthetic GB", group="GB")
    _attach(store, "P-000002", _ids(store, ["g1", "h1"]))
    grade_all(store, actor="tester")
    with store.session() as s:
        person = s.get(Person, "P-000002")
        assert person is not None
        assert person.grade == "weak"  # the death itself is not in doubt: grade unchanged
        assert person.grade_reasons is not None
        assert person.grade_reasons[-1] == (
            "contested attribution (perpetrator): irgc (Synthetic GB); police (Synthetic GA)"
        )
        airwars = parse_rules({"attribution": {"contested_grade": True}})
        graded = person_grade(s, "P-000002", airwars)
        assert graded.grade.value == "contested"
        assert graded.reasons == (person.grade_reasons[-1],)
        off = parse_rules({"attribution": {"fields": []}})
        assert not any("attribution" in r for r in person_grade(s, "P-000002", off).reasons)


def test_marking_an_act_field_sensitive_later_blanks_it_in_the_acts(
    store: Store, tmp_path: Path
) -> None:
    key = tmp_path / "seal.key"
    write_key_file(key)
    f = _write(
        tmp_path / "l.csv",
        [
            [
                "l1",
                "Synthetic Later",
                "",
                "killed",
                "ساچمه",
                "",
                "",
                "بسیج",
                "Synthetic Witness Lq",
                "",
                "",
                "",
                "",
                "",
                "baghy",
            ]
        ],
    )
    import_file(store, f, source="Synthetic L")
    with store.session() as s:
        sealer = sealing.get_sealer(s, key_file=key, create=True)
        sealing.add_sensitive_fields(s, ADMIN, ["perpetrator_by", "charges"], sealer=sealer)
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert act.perpetrator == "basij" and act.method == "shotgun_pellets"
        assert act.perpetrator_by is None and act.charges_raw is None
        assert not act.unknown_terms
        assert "Synthetic Witness Lq" not in repr(s.execute(text("SELECT * FROM acts")).all())
        assert audit.verify(s).problems() == []
