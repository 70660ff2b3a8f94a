"""The test bed's files go through the real importer unchanged, and normalize back to the truth."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import text

from vigil.services.importing import import_file
from vigil.store import Store
from vigil.synth import SynthConfig, generate, write_dataset
from vigil.synth.population import DAY0


def test_every_record_imports_and_dates_and_ages_normalize_to_the_truth(
    tmp_path: Path, sqlite_store: Store
) -> None:
    ds = generate(SynthConfig(people=400, seed=13))
    write_dataset(ds, tmp_path)
    with (tmp_path / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = list(csv.DictReader(fh))
    for s in sources:
        result = import_file(
            sqlite_store,
            tmp_path / s["file"],
            source=s["name"],
            group=s["independence_group"],
        )
        assert result.rows_rejected == 0, result.summary()
        recs = next(r for r in ds.records if r.spec.name == s["name"])
        assert result.rows_added == len(recs)

    truth = {
        (r.spec.name, r.columns["source_record_id"][i]): int(r.person[i])
        for r in ds.records
        for i in range(len(r))
    }
    with sqlite_store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "select s.name, r.source_record_id, r.date_start, r.date_end, r.age, r.sex "
                "from source_records r join sources s on s.id = r.source_id"
            )
        ).all()
    assert len(rows) == len(truth)
    dated = 0
    for name, rid, start, end, age, sex in rows:
        person = truth[(name, rid)]
        true_day = DAY0 + dt.timedelta(days=int(ds.population.day[person]))
        if start is not None:
            start_d = dt.date.fromisoformat(str(start)[:10])
            end_d = dt.date.fromisoformat(str(end)[:10])
            # A source may be a day off (report date) or give only the month.
            assert start_d - dt.timedelta(days=1) <= true_day <= end_d + dt.timedelta(days=1)
            dated += 1
        if age is not None:
            assert abs(int(age) - int(ds.population.age[person])) <= 2
        if sex is not None:
            assert (sex == "female") == bool(ds.population.female[person])
    assert dated > 0.8 * len(rows)
