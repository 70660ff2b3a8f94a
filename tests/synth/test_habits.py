"""Field habits of `vigil synth`: every knob makes its phenomenon, tags it, and only when on."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import numpy as np
import pytest

from vigil.errors import InvalidValue
from vigil.normalize.age import parse_age
from vigil.normalize.dates import parse_date
from vigil.store import Store
from vigil.synth import SynthConfig, SynthDataset, generate, peoples, write_dataset
from vigil.synth import habits as H
from vigil.synth.geography import PROVINCE_INDEX
from vigil.synth.population import DAY0
from vigil.synth.records import SourceRecords
from vigil.synth.spelling import ZWNJ
from vigil.synth.stats import namesakes
from vigil.synth.styles import Script

H_LATIN = Script.LATIN

TODAY = dt.date(2026, 1, 1)


# The columns the classic test bed wrote; later columns (acts) come from streams of their
# own and are left out of the digest, as are the files added since (acts.csv).
CLASSIC_COLUMNS = 12
ADDED_FILES = frozenset({"acts.csv"})


def _classic_bytes(p: Path) -> bytes:
    """The file as the classic generator wrote it: its first CLASSIC_COLUMNS columns."""
    raw = p.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(r[:CLASSIC_COLUMNS] for r in csv.reader(io.StringIO(text, newline="")))
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("*.csv")):
        if p.name in ADDED_FILES:
            continue
        if p.name == "truth.csv":
            with p.open(encoding="utf-8", newline="") as fh:
                data = "\n".join(",".join(r[:3]) for r in csv.reader(fh)).encode()
        elif p.name in ("sources.csv", "persons.csv"):
            data = p.read_bytes()
        else:
            data = _classic_bytes(p)
        h.update(p.name.encode())
        h.update(data)
    return h.hexdigest()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"people": 1500, "seed": 5},
            "e9e4af0a79a8e304bbda66f2553010950be04d4d299346169d35b65bdfd06135",
        ),
        (
            {"people": 800, "seed": 11, "sources": 7, "hidden_fraction": 0.1, "copy_rate": 0.3},
            "4381867eb79312c620843e4c1d52c5738262e31c38c7b4ce425f9429301dbf03",
        ),
    ],
)
def test_defaults_write_the_same_bytes_as_before_the_habits(
    tmp_path: Path, kwargs: dict[str, float], expected: str
) -> None:
    # Digests taken from the generator before the habits existed (source files, persons.csv
    # and truth.csv's first three columns): the classic test bed must not move.
    write_dataset(generate(SynthConfig(**kwargs)), tmp_path)  # type: ignore[arg-type]
    assert _digest(tmp_path) == expected


def _gen(habits: H.Habits, people: int = 2500, sources: int = 5, seed: int = 3) -> SynthDataset:
    return generate(SynthConfig(people=people, sources=sources, seed=seed, habits=habits))


def _rows(ds: SynthDataset, tag: str) -> list[tuple[SourceRecords, int]]:
    return [(r, i) for r in ds.records for i in np.flatnonzero(r.tags.get(tag, [])).tolist()]


def _col(r: SourceRecords, column: str, i: int) -> str:
    return str(r.columns[column][i])


def test_no_tags_and_no_phenomena_column_values_by_default() -> None:
    ds = _gen(H.NONE, people=400)
    assert all(not r.tags for r in ds.records)
    assert all(p == "" for r in ds.records for p in r.phenomena())


PATRONYMIC_MARKERS = re.compile(
    r"فرزند|پسر|دختر|\bابن\b|\bبن\b|\bبنت\b|son of|daughter of|\b[sd]/o\b|father:|\bbin\b|\bibn\b"
    r"|\bbint\b"
)


def test_patronymic_writes_the_father_into_the_name_in_both_scripts() -> None:
    ds = _gen(H.Habits(patronymic=0.4))
    hits = _rows(ds, H.TAG_PATRONYMIC)
    assert len(hits) > 300
    for r, i in hits:
        assert PATRONYMIC_MARKERS.search(_col(r, "name", i)), _col(r, "name", i)
    names = [_col(r, "name", i) for r, i in hits]
    assert any("فرزند" in n for n in names) and any("son of" in n for n in names)
    assert any(re.search(r"\b[sd]/o\b", n) for n in names)
    assert any("(father: " in n for n in names)
    assert any(re.search(r"\b(bin|ibn|bint)\b|\b(بن|ابن|بنت)\b", n) for n in names)
    # The father usually leaves his own column when he is in the name.
    fathers = [_col(r, "father_name", i) for r, i in hits]
    assert sum(f == "" for f in fathers) > 0.6 * len(fathers)
    untagged = [
        _col(r, "name", i) for r in ds.records for i in np.flatnonzero(~r.tags["patronymic"])
    ]
    assert not any(PATRONYMIC_MARKERS.search(n) for n in untagged)


def test_glued_names_lose_the_space_between_given_and_family() -> None:
    ds = _gen(H.Habits(glued=0.4))
    hits = _rows(ds, H.TAG_GLUED)
    assert len(hits) > 300
    no_space = [" " not in _col(r, "name", i) for r, i in hits]
    assert np.mean(no_space) > 0.6  # the rest carry Seyed/Haj or a spaced compound
    latin = [_col(r, "name", i) for r, i in hits if r.spec.style.script is H_LATIN]
    assert any(re.fullmatch(r"[A-Z][a-z']+[A-Z][a-z']+", n) for n in latin)  # MohammadHosseini
    for r, i in hits:
        if r.spec.style.split_fields:
            assert _col(r, "given_name", i) == _col(r, "family_name", i) == ""


def test_zwnj_dropped_doubled_or_spaced_and_compounds_split() -> None:
    ds = _gen(H.Habits(zwnj=0.8, split=0.5))
    zw = [_col(r, "name", i) for r, i in _rows(ds, H.TAG_ZWNJ)]
    assert zw and all(r.spec.style.script is not H_LATIN for r, _ in _rows(ds, H.TAG_ZWNJ))
    assert any(ZWNJ + ZWNJ in n for n in zw)
    assert any(ZWNJ + " " in n for n in zw)
    split = [_col(r, "name", i) for r, i in _rows(ds, H.TAG_SPLIT)]
    assert any(re.search(r"\b(Zadeh|Pour|Nejad)\b", n) for n in split)
    assert any(re.search(r"\b(Gholam|Abol|Abdol|Ali|Mohammad) [A-Z]", n) for n in split)


def test_peoples_are_regionally_weighted_and_tagged() -> None:
    ds = _gen(H.Habits(peoples=1.0), people=20000, sources=3)
    pop = ds.population
    codes = pop.people_codes
    province = pop.province

    def share(people: str, prov: str) -> float:
        here = province == PROVINCE_INDEX[prov]
        return float((codes[here] == peoples.PEOPLES.index(people)).mean())

    assert share("kurdish", "kurdistan") > 0.7
    assert share("arab", "khuzestan") > 0.3
    assert share("baluch", "sistan") > 0.4
    assert share("azeri", "east_azerbaijan") > 0.7
    assert share("persian", "tehran") > 0.6
    assert share("kurdish", "fars") == 0.0
    for name in ("kurdish", "arab", "azeri", "lur"):
        assert _rows(ds, name), name
    # Their own banks: tribal and -zehi surnames appear only with the peoples on.
    surnames = {pop.bank.surnames[f].key for f in pop.family}
    assert {"Gomshadzehi", "Hosseinpanahi", "Ghobeishavi"} & surnames


def test_own_spellings_use_each_peoples_letters() -> None:
    ds = _gen(H.Habits(peoples=1.0, own_spelling=1.0), people=6000, sources=4)
    own = [(r, _col(r, "name", i)) for r, i in _rows(ds, H.TAG_OWN)]
    latin = " ".join(n for r, n in own if r.spec.style.script is H_LATIN)
    persian = " ".join(n for r, n in own if r.spec.style.script is not H_LATIN)
    assert re.search("[êîûşç]", latin)  # Kurmanji / Sorani Latin
    assert "ə" in latin  # Azerbaijani Latin
    assert re.search(r"Al-|'", latin)  # Arabic article, ayn
    assert re.search("[ێۆڕڵە]", persian)  # Sorani letters


def test_written_ages_and_dates_cover_the_truth_and_parse() -> None:
    ds = _gen(H.Habits(ages=0.6, dates=0.6))
    ages = _rows(ds, H.TAG_AGE)
    dates = _rows(ds, H.TAG_DATE)
    assert len(ages) > 300 and len(dates) > 300
    texts = [_col(r, "age", i) for r, i in ages]
    assert any("ساله" in t for t in texts) and any(t.startswith("about ") for t in texts)
    assert any(re.fullmatch(r"\d0s", t) for t in texts) and any("-" in t for t in texts)
    for r, i in ages:
        age = parse_age(_col(r, "age", i))
        true = int(ds.population.age[r.person[i]])
        assert age is not None and age.low - 2 <= true <= age.high + 2
    texts = [_col(r, "date", i) for r, i in dates]
    assert any("آبان" in t for t in texts) and any(" Aban " in t for t in texts)
    assert any(re.fullmatch(r"\d\d/\d\d/20\d\d", t) for t in texts)
    assert any(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, 20\d\d", t) for t in texts)
    parsed = 0
    for r, i in dates:
        true = DAY0 + dt.timedelta(days=int(ds.population.day[r.person[i]]))
        try:
            when = parse_date(_col(r, "date", i), today=TODAY)
        except InvalidValue:
            continue  # day-first with day <= 12 is ambiguous: the importer refuses it
        assert when is not None and when.start - dt.timedelta(days=1) <= true
        assert true <= when.end + dt.timedelta(days=1)
        parsed += 1
    assert parsed > 0.8 * len(dates)


def test_place_names_in_own_languages_and_historic() -> None:
    ds = _gen(H.Habits(places=0.8), people=4000)
    known = {
        name
        for table in (H.CITY_NAMES, H.PROVINCE_NAMES)
        for latin, fa in table.values()
        for name in (*latin, *fa)
    }
    hits = _rows(ds, H.TAG_PLACE)
    assert hits
    for r, i in hits:
        city, province = _col(r, "city", i), _col(r, "province", i)
        arabic = city.replace("ي", "ی").replace("ك", "ک")
        assert {city, province, arabic} & known or any(
            k.replace("ی", "ي").replace("ک", "ك") in (city, province) for k in known
        )
    values = {_col(r, "city", i) for r, i in hits} | {_col(r, "province", i) for r, i in hits}
    assert {"Kirmaşan", "Khafajiyeh"} & values or {"کرماشان", "خفاجیه"} & values
    assert {"Bandar Shahpur", "Erdebil", "Ərdəbil", "بندر شاهپور"} & values


def test_extra_places_only_with_the_habits() -> None:
    from vigil.synth.geography import CITIES, CLASSIC_CITIES

    classic = generate(SynthConfig(people=4000, seed=1)).population
    field = _gen(H.Habits(places=0.3), people=4000)
    assert int(classic.city.max()) < CLASSIC_CITIES < len(CITIES)
    assert (field.population.city >= CLASSIC_CITIES).any()


def test_truth_file_carries_the_phenomena_column(tmp_path: Path) -> None:
    ds = generate(SynthConfig(people=600, sources=5, seed=2, habits=H.FIELD))
    write_dataset(ds, tmp_path)
    with (tmp_path / "truth.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    tags = {t for r in rows for t in r["phenomena"].split(";") if t}
    assert {"patronymic", "glued", "age_written", "date_written", "kurdish"} <= tags
    with (tmp_path / "persons.csv").open(encoding="utf-8", newline="") as fh:
        assert "people" in next(csv.reader(fh))


def test_habits_validate_and_presets() -> None:
    with pytest.raises(InvalidValue, match="--glued"):
        SynthConfig(habits=H.Habits(glued=1.5)).validate()
    with pytest.raises(InvalidValue, match="--habits"):
        H.preset("nope")
    assert H.preset("none") == H.NONE and not H.NONE.active and H.FIELD.active
    assert H.with_overrides(H.FIELD, glued=0.0, zwnj=None).glued == 0.0
    assert H.with_overrides(H.FIELD, zwnj=None).zwnj == H.FIELD.zwnj


def test_sources_show_different_habits() -> None:
    from vigil.domain import SourceKind

    official = H.source_habits(H.FIELD, SourceKind.OFFICIAL, 1)
    ngo = H.source_habits(H.FIELD, SourceKind.NGO, 1)
    ngo2 = H.source_habits(H.FIELD, SourceKind.NGO, 2)
    assert official.patronymic > H.FIELD.patronymic > ngo.patronymic > ngo2.patronymic
    assert official.peoples == ngo.peoples == H.FIELD.peoples


def test_field_bank_makes_namesakes_about_as_rare_as_in_real_lists() -> None:
    classic = namesakes(generate(SynthConfig(people=1500, seed=1)).population)
    field = namesakes(generate(SynthConfig(people=1500, seed=1, habits=H.FIELD)).population)
    assert field.given_family < classic.given_family
    assert 0.005 < field.given_family < 0.08
    assert field.given_family_province <= field.given_family


def test_cli_habits_preset_knobs_and_variant(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from vigil.cli.synth import register

    app = typer.Typer()
    register(app)

    @app.callback()
    def root() -> None:
        """Test root."""

    runner = CliRunner()
    out = tmp_path / "f"
    result = runner.invoke(
        app, ["synth", str(out), "--people", "500", "--habits", "field", "--glued", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "namesakes:" in result.output
    with (out / "truth.csv").open(encoding="utf-8", newline="") as fh:
        tags = {t for r in csv.DictReader(fh) for t in r["phenomena"].split(";") if t}
    assert "patronymic" in tags and "glued" not in tags
    result = runner.invoke(app, ["synth", str(tmp_path / "v"), "--variant", "field8", "-q"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "v" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 8
    bad = runner.invoke(app, ["synth", str(tmp_path / "x"), "--zwnj", "2"])
    assert bad.exit_code == 2 and "--zwnj" in bad.output
    bad = runner.invoke(app, ["synth", str(tmp_path / "x"), "--variant", "nope"])
    assert bad.exit_code == 2 and "unknown variant" in bad.output


def test_field_files_import_and_only_ambiguous_day_first_dates_are_refused(
    tmp_path: Path, sqlite_store: Store
) -> None:
    from vigil.services.importing import import_file

    ds = generate(SynthConfig(people=500, sources=5, seed=4, habits=H.FIELD))
    write_dataset(ds, tmp_path)
    rejected = 0
    for spec in ds.sources:
        result = import_file(
            sqlite_store,
            tmp_path / spec.file,
            source=spec.name,
            group=spec.independence_group,
            skip_invalid=True,
        )
        rejected += result.rows_rejected
        if result.rejects_file:
            with Path(result.rejects_file).open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    assert row["reasons"].startswith("date:"), row
                    assert "ambiguous" in row["reasons"], row
    assert rejected < 0.02 * ds.record_count
