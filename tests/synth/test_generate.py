"""The pure generator: determinism, sizes, truth, heterogeneity, duplicates, hidden group."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from vigil.errors import InvalidValue
from vigil.synth import COLUMNS, Script, SynthConfig, SynthDataset, generate


@pytest.fixture(scope="module")
def dataset() -> SynthDataset:
    return generate(SynthConfig(people=4000, seed=7))


def _rows(ds: SynthDataset) -> list[tuple[str, ...]]:
    return [
        (*(str(r.columns[c][i]) for c in COLUMNS), str(r.person[i]))
        for r in ds.records
        for i in range(len(r))
    ]


def test_same_seed_same_output_and_different_seed_differs() -> None:
    a = generate(SynthConfig(people=500, seed=3))
    b = generate(SynthConfig(people=500, seed=3))
    c = generate(SynthConfig(people=500, seed=4))
    assert _rows(a) == _rows(b)
    assert _rows(a) != _rows(c)


def test_population_does_not_depend_on_number_of_sources() -> None:
    a = generate(SynthConfig(people=300, sources=3, seed=5))
    b = generate(SynthConfig(people=300, sources=6, seed=5))
    assert np.array_equal(a.population.given, b.population.given)
    assert np.array_equal(a.population.city, b.population.city)


def test_sizes_and_every_record_maps_to_a_captured_person(dataset: SynthDataset) -> None:
    assert dataset.population.size == 4000
    assert len(dataset.sources) == len(dataset.records) == 4
    for recs in dataset.records:
        s = recs.spec.index
        assert all(len(col) == len(recs) for col in recs.columns.values())
        assert dataset.captured[recs.person, s].all()
        # Every captured person appears, some more than once (duplicates), nobody else.
        assert set(recs.person.tolist()) == set(np.flatnonzero(dataset.captured[:, s]).tolist())
        ids = recs.columns["source_record_id"].tolist()
        assert len(set(ids)) == len(ids)
        assert all(recs.columns["name"])
    summary = dataset.summary()
    assert summary["population_size"] == 4000
    assert summary["observed"] == int(dataset.captured.any(axis=1).sum()) < 4000
    assert summary["records"] == dataset.record_count
    assert sum(g["size"] for g in summary["groups"]) == 4000


def test_two_scripts_in_default_setup(dataset: SynthDataset) -> None:
    scripts = Counter(s.style.script for s in dataset.sources)
    assert scripts[Script.PERSIAN] >= 2 and scripts[Script.LATIN] >= 2
    for recs in dataset.records:
        names = " ".join(recs.columns["name"].tolist())
        has_persian = any("\u0600" <= ch <= "\u06ff" for ch in names)
        assert has_persian == (recs.spec.style.script is Script.PERSIAN)


def test_capture_is_heterogeneous_across_groups(dataset: SynthDataset) -> None:
    pop = dataset.population
    rates = [dataset.captured[pop.group == g].mean(axis=0) for g in range(len(pop.groups))]
    prominent, _, peripheral = rates
    assert (prominent > peripheral).all()
    assert prominent.mean() > 2 * peripheral.mean()
    # Heterogeneity differs by source: the ranking of sources changes between groups.
    assert np.argmax(prominent) != np.argmax(peripheral)


def test_duplicates_inside_a_source_with_different_spellings(dataset: SynthDataset) -> None:
    spelled_differently = 0
    for recs in dataset.records:
        counts = Counter(recs.person.tolist())
        dups = [p for p, k in counts.items() if k > 1]
        assert dups, f"no duplicate in {recs.spec.name}"
        for p in dups:
            rows = np.flatnonzero(recs.person == p)
            if len({recs.columns["name"][i] for i in rows}) > 1:
                spelled_differently += 1
    assert spelled_differently > 0


def test_namesakes_exist_with_different_fathers(dataset: SynthDataset) -> None:
    pop = dataset.population
    full = Counter(zip(pop.given.tolist(), pop.family.tolist(), strict=True))
    shared = [k for k, v in full.items() if v >= 2]
    assert len(shared) > 20
    fathers: dict[tuple[int, int], set[int]] = {}
    for g, f, fa in zip(pop.given.tolist(), pop.family.tolist(), pop.father.tolist(), strict=True):
        fathers.setdefault((g, f), set()).add(fa)
    assert any(len(v) >= 2 for v in fathers.values())


def test_hidden_group_is_rarely_recorded() -> None:
    ds = generate(SynthConfig(people=6000, seed=11, hidden_fraction=0.15))
    pop = ds.population
    hidden = pop.group == [g.name for g in pop.groups].index("hidden")
    assert 0.1 < hidden.mean() < 0.2
    observed = ds.captured.any(axis=1)
    assert observed[hidden].mean() < 0.15
    assert observed[~hidden].mean() > 0.6
    summary = ds.summary()
    group = next(g for g in summary["groups"] if g["name"] == "hidden")
    assert group["observed"] == int((hidden & observed).sum())


def test_copying_outlet_shares_an_independence_group() -> None:
    ds = generate(SynthConfig(people=3000, seed=2, copy_rate=0.6))
    copier = ds.sources[-1]
    assert copier.copies_from is not None
    source = ds.sources[copier.copies_from]
    assert copier.independence_group == source.independence_group
    both = (ds.captured[:, copier.index] & ds.captured[:, source.index]).mean()
    independent = ds.captured[:, copier.index].mean() * ds.captured[:, source.index].mean()
    assert both > 1.5 * independent


@pytest.mark.parametrize(
    "config",
    [
        SynthConfig(people=0),
        SynthConfig(sources=1),
        SynthConfig(sources=20),
        SynthConfig(hidden_fraction=1.5),
        SynthConfig(duplicate_rate=-0.1),
    ],
)
def test_bad_parameters_are_refused(config: SynthConfig) -> None:
    with pytest.raises(InvalidValue):
        generate(config)


def test_true_capture_table_by_source_and_by_group() -> None:
    ds = generate(SynthConfig(people=1500, seed=9, copy_rate=0.5))
    by_source = ds.capture_table()
    by_group = ds.capture_table("group")
    observed = int(ds.captured.any(axis=1).sum())
    assert by_source.observed == by_group.observed == observed
    assert by_source.n_lists == 4 and by_group.n_lists == 3
    with pytest.raises(InvalidValue):
        ds.capture_table("city")


@pytest.mark.slow
@pytest.mark.serial  # runs alone (tests/conftest.py)
def test_one_million_records_generate_quickly() -> None:
    import time

    start = time.perf_counter()
    ds = generate(SynthConfig(people=650_000, seed=1))
    elapsed = time.perf_counter() - start
    assert 900_000 < ds.record_count < 1_150_000
    assert elapsed < 120, f"{ds.record_count} records took {elapsed:.0f} s"


def test_siblings_share_surname_father_town_and_day(dataset: SynthDataset) -> None:
    pop = dataset.population
    keys = Counter(
        zip(
            pop.family.tolist(),
            pop.father.tolist(),
            pop.city.tolist(),
            pop.day.tolist(),
            strict=True,
        )
    )
    siblings = sum(v for v in keys.values() if v >= 2)
    assert siblings > 0.02 * pop.size
