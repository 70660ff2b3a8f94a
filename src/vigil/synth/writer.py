"""Write a generated test bed to a folder: one CSV per source, the sources, and the truth.

Files (all UTF-8; a source whose style says so writes a byte-order mark, as Excel exports do):
- `NN_<source>.csv`: the standard import columns, as the source wrote them;
- `sources.csv`: name, kind, independence_group, file;
- `truth.csv`: source, source_record_id, person_id, phenomena (the field habits the record
  carries, `;`-separated, e.g. `glued;kurdish;patronymic`; empty for none), one row per record;
- `persons.csv`: every person of the hidden population, recorded or not, with latent group,
  capture history (one 0/1 character per source, in `sources.csv` order) and true attributes
  (and the person's people when the field habits draw Iran's peoples);
- `acts.csv`: the true act of every person (method, weapon, wound, perpetrator, place,
  custody, sentence, charges, execution, burial; `vigil.synth.acts`), when acts are on;
- `population.json`: true population size, observed count, per-group sizes, parameters, seed.

A source that reports no act detail (or acts off) leaves the act columns empty.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from vigil.synth import geography, peoples
from vigil.synth.acts import TRUTH_COLUMNS, truth_rows
from vigil.synth.dataset import SynthDataset
from vigil.synth.population import DAY0, VIOLATIONS
from vigil.synth.records import COLUMNS

WriteProgress = Callable[[str, int], None]
"""Called with a file name and the number of rows just written."""

_CHUNK = 100_000


def _write_rows(
    path: Path,
    header: tuple[str, ...],
    columns: list[list[str]],
    bom: bool = False,
    progress: WriteProgress | None = None,
) -> None:
    n = len(columns[0]) if columns else 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)
            writer.writerows(zip(*(c[start:stop] for c in columns), strict=True))
            if progress is not None:
                progress(path.name, stop - start)


def _person_ids(index: np.ndarray) -> list[str]:
    return [f"P{int(i):07d}" for i in index]


def write_dataset(
    dataset: SynthDataset, outdir: Path, progress: WriteProgress | None = None
) -> list[Path]:
    """Write every file of the test bed into `outdir` (created if needed); return the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    for recs in dataset.records:
        path = outdir / recs.spec.file
        empty = [""] * len(recs)
        cols = [recs.columns[c].tolist() if c in recs.columns else empty for c in COLUMNS]
        _write_rows(path, COLUMNS, cols, bom=recs.spec.style.bom, progress=progress)
        written.append(path)

    path = outdir / "sources.csv"
    rows = [[s.name, s.kind.value, s.independence_group, s.file] for s in dataset.sources]
    _write_rows(
        path,
        ("name", "kind", "independence_group", "file"),
        [list(c) for c in zip(*rows, strict=True)],
    )
    written.append(path)

    path = outdir / "truth.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("source", "source_record_id", "person_id", "phenomena"))
        for recs in dataset.records:
            ids = recs.columns["source_record_id"].tolist()
            persons = _person_ids(recs.person)
            writer.writerows(
                zip([recs.spec.name] * len(ids), ids, persons, recs.phenomena(), strict=True)
            )
            if progress is not None:
                progress(path.name, len(ids))
    written.append(path)

    written.append(_write_persons(dataset, outdir / "persons.csv", progress))

    if dataset.acts is not None:
        path = outdir / "acts.csv"
        rows = truth_rows(dataset.acts)
        _write_rows(path, TRUTH_COLUMNS, [list(c) for c in zip(*rows, strict=True)])
        written.append(path)

    path = outdir / "population.json"
    path.write_text(json.dumps(dataset.summary(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    written.append(path)
    return written


def _write_persons(dataset: SynthDataset, path: Path, progress: WriteProgress | None) -> Path:
    pop = dataset.population
    n = pop.size
    bits = dataset.captured.astype(np.uint8) + ord("0")
    history = bits.view(f"S{bits.shape[1]}").ravel().astype(str).tolist()
    bank = pop.bank
    given = np.array([e.canonical_latin for e in bank.given], dtype=object)
    family = np.array([e.canonical_latin for e in bank.surnames], dtype=object)
    given_fa = np.array([e.canonical_fa for e in bank.given], dtype=object)
    family_fa = np.array([e.canonical_fa for e in bank.surnames], dtype=object)
    cities = np.array([c.key for c in geography.CITIES], dtype=object)
    provinces = np.array([p.key for p in geography.PROVINCES], dtype=object)
    groups = np.array([g.name for g in pop.groups], dtype=object)
    violations = np.array([v.value for v in VIOLATIONS], dtype=object)
    max_day = int(pop.day.max()) if n else 0
    dates = (
        np.array([np.datetime64(DAY0) + np.timedelta64(d, "D") for d in range(max_day + 1)])
        .astype(str)
        .astype(object)
    )
    columns = [
        _person_ids(np.arange(n)),
        groups[pop.group].tolist(),
        history,
        np.where(pop.female, "female", "male").tolist(),
        pop.age.tolist(),
        provinces[pop.province].tolist(),
        cities[pop.city].tolist(),
        dates[pop.day].tolist(),
        violations[pop.violation].tolist(),
        given[pop.given].tolist(),
        family[pop.family].tolist(),
        given[pop.father].tolist(),
        given_fa[pop.given].tolist(),
        family_fa[pop.family].tolist(),
        pop.seyed.astype(np.uint8).tolist(),
    ]
    header: tuple[str, ...] = (
        "person_id",
        "group",
        "capture_history",
        "sex",
        "age",
        "province",
        "city",
        "date",
        "violation",
        "given_name",
        "family_name",
        "father_name",
        "given_name_fa",
        "family_name_fa",
        "seyed",
    )
    if pop.people is not None:
        names = np.array(peoples.PEOPLES, dtype=object)
        columns.append(names[pop.people].tolist())
        header = (*header, "people")
    _write_rows(path, header, columns, progress=progress)
    return path
