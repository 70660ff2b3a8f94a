"""The test bed's acts: every term a synthetic source writes is understood (but the few
deliberately unknown ones), the codes read back are the true ones, and each source keeps
its habits. Pure: no store."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from vigil.domain import SourceKind
from vigil.ingest.acts import ACT_COLUMNS, read_act
from vigil.normalize.dates import parse_date
from vigil.synth import SynthConfig, SynthDataset, generate
from vigil.synth import acts as A
from vigil.synth.population import DAY0
from vigil.synth.styles import Script

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def ds() -> SynthDataset:
    return generate(SynthConfig(people=3000, sources=5, seed=4, hidden_fraction=0.05))


def _day(d: int) -> dt.date | None:
    return DAY0 + dt.timedelta(days=d) if d >= 0 else None


def test_terms_read_back_as_the_true_codes(ds: SynthDataset) -> None:
    truth = ds.acts
    assert truth is not None
    checked: Counter[str] = Counter()
    wrong: list[str] = []
    flagged: Counter[str] = Counter()
    for recs in ds.records:
        for i in range(len(recs)):
            row = {c: str(recs.columns[c][i]) or None for c in ACT_COLUMNS}
            act, errors = read_act(row.get, parse_date=lambda v: parse_date(v, today=TODAY))
            assert errors == []
            if act is None:
                continue
            for u in act.unknown_terms or []:
                flagged[u["raw"]] += 1
            p = int(recs.person[i])
            expect = {
                "method": A.METHODS[truth.method[p]] if row["method"] else None,
                "wound": A.WOUNDS[truth.wound[p]] if row["wound"] else None,
                "place_kind": A.PLACES[truth.place_kind[p]] if row["place_kind"] else None,
                "arrest_date": _day(int(truth.arrest_day[p])) if row["arrest_date"] else None,
                "release_date": _day(int(truth.release_day[p])) if row["release_date"] else None,
                "execution_date": _day(int(truth.execution_day[p]))
                if row["execution_date"]
                else None,
                "burial": A.BURIALS[truth.burial[p]] if row["burial"] else None,
                "sentence_kind": A.SENTENCES[truth.sentence_kind[p]] if row["sentence"] else None,
            }
            if row["weapon"]:
                expect["weapon"] = A.WEAPONS[truth.weapon[p]]
            if row["sentence"] and not np.isnan(truth.sentence_years[p]):
                expect["sentence_years"] = float(truth.sentence_years[p])
            if row["charges"]:
                expect["charges"] = [str(A.CHARGES[c]) for c in truth.charges[p] if c >= 0]
            if row["method"] in ("cold weapon", "سلاح سرد"):
                expect["method"] = None  # the deliberately unknown term
            for name, want in expect.items():
                got = getattr(act, name)
                checked[name] += 1
                if got != (str(want) if isinstance(want, str) else want):
                    wrong.append(f"{recs.spec.name} {i} {name}: {row} -> {got!r}, true {want!r}")
    assert not wrong, "\n".join(wrong[:10])
    assert set(flagged) <= {"cold weapon", "سلاح سرد"}, flagged
    assert checked["method"] > 1000 and checked["sentence_kind"] > 20 and checked["charges"] > 20


def test_each_source_keeps_its_habits_and_script(ds: SynthDataset) -> None:
    by_kind = {r.spec.kind: r for r in ds.records}
    share = {k: float((r.columns["perpetrator"] != "").mean()) for k, r in by_kind.items()}
    assert share[SourceKind.HOSPITAL] == 0.0  # never names a perpetrator
    assert share[SourceKind.FIELD_NETWORK] > 0.5  # names it often
    wounds = {k: float((r.columns["wound"] != "").mean()) for k, r in by_kind.items()}
    assert wounds[SourceKind.HOSPITAL] > max(
        v for k, v in wounds.items() if k is not SourceKind.HOSPITAL
    )
    official = by_kind[SourceKind.OFFICIAL].columns["perpetrator"]
    assert set(official[official != ""]) <= {"اغتشاشگران", "اغتشاشگران مسلح"}
    for r in ds.records:
        written = [str(x) for c in ("method", "perpetrator") for x in r.columns[c] if x]
        persian = sum(any("\u0600" <= ch <= "\u06ff" for ch in w) for w in written)
        if r.spec.style.script is Script.PERSIAN:
            assert persian == len(written), r.spec.name
        else:
            assert persian == 0, r.spec.name


def test_sources_disagree_on_perpetrators_sometimes(ds: SynthDataset) -> None:
    """Misattribution makes contested persons: the grading rule has cases to find."""
    truth = ds.acts
    assert truth is not None
    named: dict[int, set[str]] = {}
    for recs in ds.records:
        if recs.spec.kind is SourceKind.OFFICIAL:
            continue
        for i in np.flatnonzero(recs.columns["perpetrator"] != "").tolist():
            act, _ = read_act(
                {"perpetrator": str(recs.columns["perpetrator"][i])}.get, parse_date=parse_date
            )
            assert act is not None and act.perpetrator is not None
            named.setdefault(int(recs.person[i]), set()).add(act.perpetrator)
    contested = sum(len(v) > 1 for v in named.values())
    assert 0 < contested < len(named) * 0.3


def test_acts_do_not_move_the_classic_columns() -> None:
    on = generate(SynthConfig(people=300, seed=9))
    off = generate(SynthConfig(people=300, seed=9, acts=False))
    assert off.acts is None
    for a, b in zip(on.records, off.records, strict=True):
        for c in ("source_record_id", "name", "date", "city", "violation", "notes"):
            assert a.columns[c].tolist() == b.columns[c].tolist()
        assert all(x == "" for c in ACT_COLUMNS for x in b.columns[c])
