"""Each source writes names, dates and places its own way: the variants the linker must meet."""

from __future__ import annotations

import re

import numpy as np
import pytest

from vigil.synth import SynthConfig, SynthDataset, generate, names_bank
from vigil.synth.spelling import ZWNJ, SampleTable, latin_candidates, typo

PERSIAN_DIGITS = re.compile("[۰-۹]")


@pytest.fixture(scope="module")
def dataset() -> SynthDataset:
    return generate(SynthConfig(people=5000, seed=21))


def _names(ds: SynthDataset, source: str, column: str = "name") -> list[str]:
    recs = next(r for r in ds.records if r.spec.name == source)
    return [str(v) for v in recs.columns[column].tolist()]


def test_persian_sources_use_both_letter_forms_and_compound_styles(dataset: SynthDataset) -> None:
    hospital = " ".join(_names(dataset, "hospital"))
    field = " ".join(_names(dataset, "field_network"))
    assert "ي" in hospital and "ك" in hospital  # Arabic letter forms
    assert "ي" not in field and "ی" in field  # Persian letter forms
    assert ZWNJ in field
    assert "غلامرضا" in field + hospital and "غلام رضا" in field + hospital
    assert "سید " in field


def test_latin_sources_spell_the_same_name_differently(dataset: SynthDataset) -> None:
    latin = _names(dataset, "ngo") + _names(dataset, "media")
    words = {w.strip(",") for n in latin for w in n.split()}
    assert (
        len(
            {
                w
                for w in words
                if w.lower() in {"mohammad", "mohamad", "muhammad", "mohammed", "mohamed"}
            }
        )
        >= 2
    )
    media = _names(dataset, "media")
    assert any(re.match(r"^[A-Z'\- ]+, ", n) for n in media)  # "SURNAME, Given"
    compounds = {"Gholamreza", "Gholam-Reza", "Gholam Reza", "GholamReza"}
    assert (
        len(
            compounds
            & {
                w
                for n in latin
                for w in (n, *n.split(), *[" ".join(n.split()[i : i + 2]) for i in range(3)])
            }
        )
        >= 2
    )


def test_typos_and_missing_fields_and_age_errors(dataset: SynthDataset) -> None:
    recs = next(r for r in dataset.records if r.spec.name == "ngo")
    pop = dataset.population
    expected = {
        e: {
            s
            for s, _ in latin_candidates(
                [t.latin for t in e.tokens], [0] * len(e.tokens), 0.0, (1, 1, 1, 1)
            )
        }
        for e in names_bank.SURNAMES
    }
    family = recs.columns["family_name"].tolist()
    odd = [
        f
        for f, p in zip(family, recs.person, strict=True)
        if f not in expected[names_bank.SURNAMES[pop.family[p]]]
    ]
    assert 0 < len(odd) < 0.05 * len(family)  # typos: rare but present
    ages = recs.columns["age"].tolist()
    assert "" in ages
    true = pop.age[recs.person]
    given = np.array([int(a) if a else -1 for a in ages])
    diff = (given - true)[given >= 0]
    assert (
        (diff == 0).mean() > 0.8 and set(np.unique(diff)) <= {-2, -1, 0, 1, 2} and (diff != 0).any()
    )


def test_dates_in_jalali_and_gregorian_some_month_only(dataset: SynthDataset) -> None:
    field = _names(dataset, "field_network", "date")
    ngo = _names(dataset, "ngo", "date")
    media = _names(dataset, "media", "date")
    assert any(PERSIAN_DIGITS.search(d) for d in field)
    assert any(re.fullmatch(r"1398/\d{1,2}/\d{1,2}", d) for d in field)
    assert any(re.fullmatch(r"2019-11-\d\d", d) for d in ngo)
    assert any(re.fullmatch(r"2019-11", d) for d in media)
    assert "" in field


def test_sample_table_draws_with_the_given_probabilities() -> None:
    table = SampleTable.build([[("a", 0.25), ("b", 0.75)], [("c", 1.0)]])
    rng = np.random.default_rng(0)
    ids = np.array([0] * 20000 + [1] * 10)
    out = table.sample(ids, rng.random(ids.shape[0]))
    assert set(out[-10:]) == {"c"}
    share_b = (out[:20000] == "b").mean()
    assert 0.73 < share_b < 0.77


@pytest.mark.parametrize("op", [0, 1, 2])
def test_typo_changes_one_letter(op: int) -> None:
    for word in ("Hosseini", "حسینی"):
        out = typo(word, op, 0.5)
        assert out != word
        assert abs(len(out) - len(word)) <= 1
