"""KoboToolbox / ODK: the XLSForm converts with pyxform, and their exports import with no
mapping file (group paths, labels in English or Persian, re-import adds only new ones)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert
from sqlalchemy import select
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.domain import Sex, ViolationType
from vigil.errors import ImportRejected, InputError
from vigil.ingest import open_table
from vigil.ingest.formexport import detect
from vigil.ingest.xlsform import QUESTIONS, build_xlsform, province_choice_name
from vigil.normalize import parse_sex, parse_violation
from vigil.places import Gazetteer
from vigil.security.crypto import write_key_file
from vigil.services.field_forms import make_xlsform, write_xlsform
from vigil.services.importing import import_file
from vigil.store import Store
from vigil.store.models import Act, SourceRecord

runner = CliRunner()
WITNESS = "Witness Qxzvbnova"  # synthetic, distinctive so a byte search cannot miss it

KOBO_HEADER = [
    "start",
    "end",
    "victim/given_name",
    "victim/family_name",
    "victim/name",
    "victim/father_name",
    "victim/sex",
    "victim/age",
    "incident/date",
    "incident/province",
    "incident/city",
    "incident/violation",
    "incident/notes",
    "witness/witness_name",
    "witness/witness_contact",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def _kobo_row(n: int, uuid: str, given: str, family: str, sex: str, violation: str, **kw: str):
    row = dict.fromkeys(KOBO_HEADER, "")
    row.update(
        {
            "start": f"2019-11-2{n}T09:00:00.000+03:30",
            "end": f"2019-11-2{n}T09:05:00.000+03:30",
            "victim/given_name": given,
            "victim/family_name": family,
            "victim/sex": sex,
            "victim/age": str(20 + n),
            "incident/date": "2019-11-16",
            "incident/violation": violation,
            "meta/instanceID": f"uuid:{uuid}",
            "_id": str(100 + n),
            "_uuid": uuid,
            "_submission_time": f"2019-11-2{n}T06:00:00",
            "_validation_status": "",
            "_status": "submitted_via_web",
            "__version__": "vAbC123",
            "_index": str(n),
        }
    )
    row.update(kw)
    return row


def _first_three() -> list[dict[str, str]]:
    return [
        _kobo_row(
            1,
            "0b1c2d3e-0000-4000-8000-000000000001",
            "Reza",
            "Karimi",
            "male",
            "killed",
            **{"incident/province": "khuzestan", "incident/city": "Mahshahr"},
        ),
        # labels, as a "labels" export writes them: Persian and English
        _kobo_row(
            2,
            "0b1c2d3e-0000-4000-8000-000000000002",
            "نیکا",
            "رحیمی",
            "زن",
            "کشته‌شده",
            **{
                "incident/province": "تهران",
                "incident/notes": "near the bridge",
                "witness/witness_name": WITNESS,
                "witness/witness_contact": "+98 912 000 0000",
            },
        ),
        _kobo_row(
            3,
            "0b1c2d3e-0000-4000-8000-000000000003",
            "Omid",
            "Nouri",
            "Male",
            "Died in custody",
            **{"incident/province": "Razavi Khorasan", "victim/father_name": "Hassan"},
        ),
    ]


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]], sep: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, delimiter=sep)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def keyed_store(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    key = tmp_path / "seal.key"
    write_key_file(key)
    monkeypatch.setattr(store, "config", store.config.replace(key_file=key))
    return store


# --- the form ------------------------------------------------------------------------------


def test_xlsform_converts_with_pyxform_and_has_vigils_choices(tmp_path: Path) -> None:
    out = tmp_path / "vigil-report.xlsx"
    r = runner.invoke(app, ["form", "xlsform", "-o", str(out)])
    assert r.exit_code == 0, r.output
    warnings: list[str] = []
    # ODK Validate (the Java checker ODK Central runs) when Java is here; else pyxform alone.
    result = convert(str(out), warnings=warnings, validate=shutil.which("java") is not None)
    assert warnings == []
    xform = result.xform
    for value in [*Sex, *ViolationType]:
        assert f"<name>{value.value}</name>" in xform
    gazetteer = Gazetteer.load()
    assert len(gazetteer.provinces) == 31
    for province in gazetteer.provinces.values():
        assert f"<name>{province_choice_name(province.name_en)}</name>" in xform
        assert province.name_fa is not None and province.name_fa in xform
    assert 'lang="Persian (fa)"' in xform and "مرگ در بازداشت" in xform
    assert "base64RsaPublicKey" not in xform and '<data id="vigil_report"' in xform
    for q in QUESTIONS:
        assert f"/{q.group}/{q.name}" in xform
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["survey", "choices", "settings"]
    assert [c.value for c in book["settings"][1]] == [
        "form_title",
        "form_id",
        "version",
        "default_language",
    ]


def test_xlsform_with_public_key_encrypts(tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not installed")
    private, public = tmp_path / "private.pem", tmp_path / "public.pem"
    subprocess.run(
        [openssl, "genrsa", "-out", str(private), "2048"], check=True, capture_output=True
    )
    subprocess.run(
        [openssl, "rsa", "-in", str(private), "-pubout", "-out", str(public)],
        check=True,
        capture_output=True,
    )
    form = make_xlsform(public_key_file=public, submission_url="https://odk.example.org/submission")
    out = write_xlsform(form, tmp_path / "enc.xlsx")
    xform = convert(str(out)).xform
    body = "".join(public.read_text().strip().splitlines()[1:-1])
    assert f'base64RsaPublicKey="{body}"' in xform
    assert 'action="https://odk.example.org/submission"' in xform


def test_xlsform_refuses_a_key_that_is_not_an_rsa_public_key(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-key.pem"
    bad.write_text("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    with pytest.raises(InputError, match="not a PEM public key"):
        make_xlsform(public_key_file=bad)
    r = runner.invoke(
        app, ["form", "xlsform", "-o", str(tmp_path / "f.xlsx"), "--public-key", str(bad)]
    )
    out = r.output.replace("\n", "")  # the console may wrap a long path
    assert r.exit_code == 2 and "not-a-key.pem" in out and "Traceback" not in out
    assert not (tmp_path / "f.xlsx").exists()


def test_every_choice_name_and_label_reads_as_itself() -> None:
    """Labels typed into another tool still parse to the right value in Vigil's parsers."""
    gazetteer = Gazetteer.load()
    form = build_xlsform(gazetteer.provinces.values())
    for list_name, name, en, fa in form.choices[1:]:
        for text in (name, en, fa):
            if list_name == "sex":
                assert parse_sex(text) == Sex(name)
            elif list_name == "violation":
                assert parse_violation(text) == ViolationType(name)
            else:
                code = gazetteer.resolve(text, None).province_code
                assert code is not None
                assert province_choice_name(gazetteer.provinces[code].name_en) == name


# --- Kobo export ---------------------------------------------------------------------------


def test_kobo_csv_round_trip_then_newer_export_adds_one(keyed_store: Store, tmp_path: Path) -> None:
    rows = _first_three()
    first = _write_csv(tmp_path / "kobo-1.csv", KOBO_HEADER, rows)
    result = import_file(keyed_store, first, source="Field network")
    assert (result.rows_added, result.rows_rejected) == (3, 0)
    with keyed_store.session() as s:
        recs = {r.source_record_id: r for r in s.scalars(select(SourceRecord))}
        assert set(recs) == {r["_uuid"] for r in rows}
        reza = recs["0b1c2d3e-0000-4000-8000-000000000001"]
        assert (reza.name_raw, reza.given_name, reza.family_name, reza.sex, reza.age) == (
            "Reza Karimi",
            "reza",
            "karimi",
            "male",
            21,
        )
        assert (reza.province_code, reza.violation, str(reza.date_start)) == (
            "15",
            "killed",
            "2019-11-16",
        )
        nika = recs["0b1c2d3e-0000-4000-8000-000000000002"]
        assert (nika.sex, nika.violation, nika.province_code, nika.notes) == (
            "female",
            "killed",
            "26",
            "near the bridge",
        )
        # choice labels are stored as the choice's name; the witness only sealed
        assert nika.raw["sex"] == "female" and nika.raw["violation"] == "killed"
        assert nika.raw["province"] == "tehran"
        assert "witness_name" not in nika.raw and "witness_contact" not in nika.raw
        assert nika.sealed is not None and WITNESS.encode() not in nika.sealed
        assert WITNESS not in str(nika.raw)
        omid = recs["0b1c2d3e-0000-4000-8000-000000000003"]
        assert (omid.violation, omid.province_code, omid.father_name) == (
            "died_in_custody",
            "42",
            "Hassan",
        )
        assert omid.raw["submitted_at"] == "2019-11-23T06:00:00Z"
        assert "_index" not in omid.raw and "_validation_status" not in omid.raw
        assert "start" not in omid.raw and "_submitted_by" not in omid.raw

    # A newer export: newest first (so every _index moved), a reviewer validated one, and
    # one submission is new. Only that one is added; the others are unchanged.
    newer = [
        _kobo_row(
            4,
            "0b1c2d3e-0000-4000-8000-000000000004",
            "Sara",
            "Ahmadi",
            "female",
            "injured",
            **{"incident/province": "Fars", "incident/city": "Shiraz"},
        ),
        *reversed(rows),
    ]
    for index, row in enumerate(newer, start=1):
        row["_index"] = str(index)
    newer[1]["_validation_status"] = "validation_status_approved"
    newer[2]["_tags"] = "checked"
    second = _write_csv(tmp_path / "kobo-2.csv", KOBO_HEADER, newer)
    result = import_file(keyed_store, second, source="Field network")
    assert (result.rows_added, result.rows_unchanged, result.rows_rejected) == (1, 3, 0)
    with keyed_store.session() as s:
        assert len(s.scalars(select(SourceRecord)).all()) == 4


def test_kobo_labels_export_with_label_headers_matches_the_values_export(
    keyed_store: Store, tmp_path: Path
) -> None:
    """Kobo's "labels" export (question labels as headers, choice labels as values) of the same
    submissions is recognised as the same records: nothing added, nothing conflicting."""
    rows = _first_three()
    import_file(keyed_store, _write_csv(tmp_path / "values.csv", KOBO_HEADER, rows), source="K")
    labels = {
        "victim/given_name": "Victim/Given name",
        "victim/family_name": "Victim/Family name",
        "victim/father_name": "نام پدر",
        "victim/sex": "Sex",
        "incident/violation": "What happened/What happened",
        "incident/province": "استان",
        "witness/witness_name": "Witness (sealed)/Witness's name (sealed)",
    }
    header = [labels.get(h, h) for h in KOBO_HEADER]
    relabelled = [{labels.get(k, k): v for k, v in row.items()} for row in rows]
    relabelled[0]["Sex"] = "مرد"
    relabelled[0]["What happened/What happened"] = "Killed"
    relabelled[0]["استان"] = "خوزستان"
    path = tmp_path / "labels.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(header)
    for row in relabelled:
        ws.append([row[h] for h in header])
    book.save(path)
    result = import_file(keyed_store, path, source="K")
    assert (result.rows_added, result.rows_unchanged, result.rows_rejected) == (0, 3, 0)


def test_witness_fields_are_refused_without_a_sealing_key(store: Store, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "kobo.csv", KOBO_HEADER, _first_three())
    with pytest.raises(InputError, match="witness_contact, witness_name"):
        import_file(store, path, source="K")
    with store.session() as s:
        assert s.scalars(select(SourceRecord)).first() is None


def test_export_without_uuid_is_refused_by_name(store: Store, tmp_path: Path) -> None:
    header = [h for h in KOBO_HEADER if h not in ("_uuid", "meta/instanceID")]
    rows = [{k: v for k, v in r.items() if k in header} for r in _first_three()]
    path = _write_csv(tmp_path / "kobo-no-uuid.csv", header, rows)
    with pytest.raises(InputError, match=r"KoboToolbox export .*no submission id column \(_uuid"):
        import_file(store, path, source="K")
    r = runner.invoke(app, ["--db", store.url, "import", str(path), "--source", "K"])
    assert r.exit_code == 2 and "_uuid" in r.output and "Traceback" not in r.output


# --- ODK Central ---------------------------------------------------------------------------

ODK_HEADER = [
    "SubmissionDate",
    "start",
    "end",
    "victim-given_name",
    "victim-family_name",
    "victim-name",
    "victim-father_name",
    "victim-sex",
    "victim-age",
    "incident-date",
    "incident-province",
    "incident-city",
    "incident-violation",
    "incident-notes",
    "witness-witness_name",
    "witness-witness_contact",
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def _odk_row(n: int, name: str, violation: str, review: str = "") -> dict[str, str]:
    row = dict.fromkeys(ODK_HEADER, "")
    uuid = f"uuid:7f0e-{n:04d}"
    row.update(
        {
            "SubmissionDate": f"2019-11-2{n}T06:00:00.000Z",
            "victim-name": name,
            "victim-sex": "female",
            "victim-age": "30",
            "incident-date": "2019-11-17",
            "incident-province": "isfahan",
            "incident-violation": violation,
            "meta-instanceID": uuid,
            "KEY": uuid,
            "SubmitterID": "5",
            "SubmitterName": "team-a",
            "DeviceID": "collect:Xy12AbCd",
            "AttachmentsPresent": "0",
            "AttachmentsExpected": "0",
            "ReviewState": review,
            "Edits": "0",
            "FormVersion": "1",
        }
    )
    return row


def test_odk_central_csv_import_and_reimport(store: Store, tmp_path: Path) -> None:
    rows = [_odk_row(1, "Maryam Sadeghi", "arrested"), _odk_row(2, "Leila Moradi", "killed")]
    first = _write_csv(tmp_path / "vigil_report.csv", ODK_HEADER, rows, sep=",")
    assert detect(open_table(first, form_exports=False).headers) is not None
    result = import_file(store, first, source="ODK team")
    assert (result.rows_added, result.rows_rejected) == (2, 0)
    with store.session() as s:
        rec = s.scalars(
            select(SourceRecord).where(SourceRecord.source_record_id == "7f0e-0001")
        ).one()
        assert (rec.name_raw, rec.violation, rec.province_code, rec.sex) == (
            "Maryam Sadeghi",
            "arrested",
            "28",
            "female",
        )
        assert rec.raw["submitted_at"] == "2019-11-21T06:00:00Z"
        assert "SubmitterName" not in rec.raw and "DeviceID" not in rec.raw
    rows[0]["ReviewState"] = "approved"
    rows[1]["Edits"] = "0"
    newer = [*rows, _odk_row(3, "Parisa Jafari", "injured")]
    second = _write_csv(tmp_path / "vigil_report (1).csv", ODK_HEADER, newer, sep=",")
    result = import_file(store, second, source="ODK team")
    assert (result.rows_added, result.rows_unchanged) == (1, 2)


def test_odk_changed_submission_is_a_conflict_not_an_overwrite(
    store: Store, tmp_path: Path
) -> None:
    rows = [_odk_row(1, "Maryam Sadeghi", "arrested")]
    import_file(store, _write_csv(tmp_path / "a.csv", ODK_HEADER, rows, sep=","), source="O")
    rows[0]["incident-violation"] = "released"
    with pytest.raises(ImportRejected, match="never overwritten"):
        import_file(store, _write_csv(tmp_path / "b.csv", ODK_HEADER, rows, sep=","), source="O")


def test_plain_vigil_csv_is_not_taken_for_an_export(good_csv: Path) -> None:
    table = open_table(good_csv)
    assert table.headers[0] == "source_record_id" and "notes" in table.headers
    assert detect(table.headers) is None


def test_export_known_by_group_paths_alone_still_needs_its_id(tmp_path: Path) -> None:
    """Without metadata columns an export is still recognised by the form's group paths, and
    refused by name rather than imported with no submission ids."""
    path = tmp_path / "no-metadata.csv"
    path.write_text("victim-name,incident-violation\nLeila Moradi,killed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ODK export \(column 'victim-name'\).*KEY"):
        open_table(path)


def test_kobo_export_carries_acts_in_the_reporters_words(store: Store, tmp_path: Path) -> None:
    header = [*KOBO_HEADER, "act/method", "act/perpetrator", "act/sentence", "act/arrest_date"]
    row = _kobo_row(
        1,
        "0b1c2d3e-0000-4000-8000-0000000000a1",
        "Synthetic",
        "Actor",
        "male",
        "killed",
        **{
            "act/method": "گلوله جنگی",
            "act/perpetrator": "سپاه",
            "act/sentence": "",
            "act/arrest_date": "2019-11-15",
        },
    )
    import_file(store, _write_csv(tmp_path / "kobo-acts.csv", header, [row]), source="K")
    with store.session() as s:
        act = s.scalars(select(Act)).one()
        assert (act.method, act.perpetrator, act.perpetrator_raw) == (
            "live_ammunition",
            "irgc",
            "سپاه",
        )
        assert str(act.arrest_date) == "2019-11-15"
