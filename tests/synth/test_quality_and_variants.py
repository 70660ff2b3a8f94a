"""Per-phenomenon recall (as bench/linkage.py counts it) on a tiny hand-made truth, and the
named variants with their held-out reserve."""

from __future__ import annotations

import csv
import importlib.util
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pytest

from vigil.errors import InvalidValue
from vigil.synth import SynthConfig
from vigil.synth.quality import parse_phenomena, phenomenon_recall
from vigil.synth.variants import (
    HELD_OUT,
    HELD_OUT_SEEDS,
    SUITE,
    TUNING,
    TUNING_SEEDS,
    VARIANTS,
    get_variant,
    is_held_out,
)

BENCH = Path(__file__).resolve().parents[2] / "bench" / "linkage.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_linkage", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Records 1..9. Person A: 1, 2, 3, 4; person B: 5, 6; person C: 7, 8; person D: 9.
TRUTH = {1: "A", 2: "A", 3: "A", 4: "A", 5: "B", 6: "B", 7: "C", 8: "C", 9: "D"}
TAGS = {
    1: frozenset({"glued"}),
    3: frozenset({"glued", "kurdish"}),
    5: frozenset({"kurdish"}),
    7: frozenset({"patronymic"}),
    9: frozenset({"glued"}),
}
# The linker split A into {1, 2} and {3, 4}, found B, missed C, and wrongly joined 9 to B.
CLUSTERS = [[1, 2], [3, 4], [5, 6, 9], [7], [8]]


def _brute_force(tag: str) -> tuple[int, int]:
    together = {frozenset(p) for c in CLUSTERS for p in combinations(c, 2)}
    records = [r for c in CLUSTERS for r in c]
    true = found = 0
    for a, b in combinations(records, 2):
        if TRUTH[a] == TRUTH[b] and (tag in TAGS.get(a, ()) or tag in TAGS.get(b, ())):
            true += 1
            found += frozenset((a, b)) in together
    return true, found


def test_phenomenon_recall_on_a_hand_made_truth() -> None:
    result = phenomenon_recall(CLUSTERS, TRUTH, TAGS)
    # glued: A's pairs touching 1 or 3 are 1-2, 1-3, 1-4, 2-3, 3-4 (5); found 1-2 and 3-4.
    # Record 9 (D, alone) has no true pair.
    assert (result["glued"].true_pairs, result["glued"].found_pairs) == (5, 2)
    assert result["glued"].records == 3
    assert result["glued"].recall == pytest.approx(0.4)
    # kurdish: pairs touching 3 (1-3, 2-3, 3-4) and 5 (5-6): 4, found 3-4 and 5-6.
    assert (result["kurdish"].true_pairs, result["kurdish"].found_pairs) == (4, 2)
    # patronymic: C's one pair, missed.
    assert (result["patronymic"].true_pairs, result["patronymic"].found_pairs) == (1, 0)
    assert result["patronymic"].recall == 0.0
    for tag, r in result.items():
        assert (r.true_pairs, r.found_pairs) == _brute_force(tag)


def test_records_outside_the_clusters_do_not_count() -> None:
    # Record 4 was refused by the importer: it is in no cluster.
    clusters = [[1, 2], [3], [5, 6, 9], [7], [8]]
    result = phenomenon_recall(clusters, TRUTH, TAGS)
    assert (result["glued"].true_pairs, result["glued"].found_pairs) == (3, 1)


def test_bench_linkage_reads_truth_phenomena_and_scores_them(tmp_path: Path) -> None:
    bench = _bench()
    with (tmp_path / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "source_record_id", "person_id", "phenomena"])
        for rid, person in TRUTH.items():
            w.writerow(["s", f"r{rid}", person, ";".join(sorted(TAGS.get(rid, ())))])
    tags_by_key = bench._truth_phenomena(tmp_path)
    assert tags_by_key[("s", "r3")] == {"glued", "kurdish"}
    assert tags_by_key[("s", "r2")] == frozenset()
    tags = {rid: tags_by_key[("s", f"r{rid}")] for rid in TRUTH}
    scored = bench.score_phenomena(CLUSTERS, TRUTH, tags)
    assert scored == {"glued": [3, 5, 2], "kurdish": [2, 4, 2], "patronymic": [1, 1, 0]}


def test_parse_phenomena() -> None:
    assert parse_phenomena("") == frozenset()
    assert parse_phenomena("glued; kurdish;") == {"glued", "kurdish"}


def test_held_out_variants_and_seeds_are_apart_from_tuning() -> None:
    assert set(HELD_OUT) <= set(VARIANTS)
    assert not set(HELD_OUT) & set(TUNING)
    assert not HELD_OUT_SEEDS & set(TUNING_SEEDS)
    assert is_held_out("field8_hard", 1) and is_held_out("field4", 9001)
    assert not is_held_out("field4", 1)
    with pytest.raises(InvalidValue, match="unknown variant"):
        get_variant("nope")


def test_suite_has_twelve_tuning_sets_with_5_and_8_sources_and_held_out_ones() -> None:
    tuning = [(v, s) for v, s in SUITE if not is_held_out(v, s)]
    held = [(v, s) for v, s in SUITE if is_held_out(v, s)]
    assert len(tuning) >= 12 and held
    sources = {get_variant(v).sources for v, _ in SUITE}
    assert {4, 5, 8} <= sources
    assert {v for v, _ in held} & set(HELD_OUT)
    for name, variant in VARIANTS.items():
        config = variant.config(people=100, seed=1)
        assert isinstance(config, SynthConfig)
        config.validate()
        assert variant.held_out == (name in HELD_OUT)
