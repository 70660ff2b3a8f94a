"""Composed surnames: a long tail, so namesakes are the exception they are in life."""

from __future__ import annotations

from collections import Counter

import numpy as np

from vigil.synth import names_bank
from vigil.synth.population import draw_population
from vigil.synth.surnames import spellings


def test_composed_surnames_have_persian_and_several_latin_forms() -> None:
    composed = names_bank.COMPOSED_SURNAMES
    assert len(composed) > 1000
    assert len({e.canonical_fa for e in names_bank.SURNAMES}) == len(names_bank.SURNAMES)
    assert all(t.fa and t.latin for e in composed for t in e.tokens)
    assert sum(len(e.tokens[0].latin) > 1 for e in composed) > 0.3 * len(composed)
    latin = {e.canonical_latin for e in composed}
    assert {"Tabrizi", "Ahangari", "Esfahanabadi"} <= latin


def test_spelling_alternations() -> None:
    assert spellings(("Ghouchani",))[:3] == ("Ghouchani", "Ghuchani", "Qouchani")
    assert spellings(("Pak",)) == ("Pak",)


def test_most_people_do_not_share_their_full_name() -> None:
    pop = draw_population(np.random.default_rng(5), 5000, 0.3)
    full = Counter(zip(pop.given.tolist(), pop.family.tolist(), strict=True))
    shared = sum(c for c in full.values() if c > 1) / 5000
    assert 0.1 < shared < 0.4  # given names are concentrated, surnames are not
    assert len(set(pop.family.tolist())) > 700
