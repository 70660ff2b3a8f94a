"""Lenient links for the linkage range (vigil.linkage.lenient), pure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vigil.errors import InvalidValue
from vigil.linkage import lenient
from vigil.linkage.lenient import SAME_LETTERS, SIMILAR_NAMES, lenient_pairs, name_bag
from vigil.linkage.variants import variants


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    base = {
        "source": "a",
        "given_key": None,
        "family_key": None,
        "given_latin": None,
        "family_latin": None,
        "province_code": "23",
        "city_id": None,
        "sex": None,
        "age": None,
        "date_start_day": None,
        "father_key": None,
    }
    frame = pd.DataFrame([{**base, **r} for r in rows])
    for col in ("age", "date_start_day", "city_id"):
        frame[col] = frame[col].astype("Int64")
    return frame


def test_name_bag_ignores_order_cut_and_vowels_but_not_consonants() -> None:
    # غلام رضاباقری / Bagheri Gholamrida: another order and another cut
    assert name_bag("QLM", "RZBQRI") == name_bag("BQRI", "QLMRZA")
    # رقیهکریمنیا glued keys its ه as H, Roghayeh as a final E
    assert name_bag("RQIHKRIMNIA", None) == name_bag("RQIE", "KRIMNIA")
    assert name_bag("MHMD", "KRIMI") != name_bag("MHMD", "RHIMI")
    assert name_bag(None, float("nan")) is None


def test_same_letters_pairs_need_other_sources_and_no_contradiction() -> None:
    frame = _frame(
        [
            {"unique_id": 1, "source": "a", "given_key": "QLM", "family_key": "RZBQRI"},
            {"unique_id": 2, "source": "b", "given_key": "BQRI", "family_key": "QLMRZA"},
            {"unique_id": 3, "source": "a", "given_key": "BQRI", "family_key": "QLMRZA"},
            {"unique_id": 4, "source": "c", "given_key": "BQRI", "family_key": "QLMRZ",
             "sex": "female"},
            {"unique_id": 5, "source": "d", "given_key": "QLMRZ", "family_key": "BQRI",
             "sex": "male", "province_code": "07"},
        ]
    )  # fmt: skip
    persons = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4}
    left, right = lenient_pairs(frame, persons, (SAME_LETTERS,))
    got = set(zip(left.tolist(), right.tolist(), strict=True))
    # 1-3 share a source, 4 is female where 5 is male and 5 is in another province
    assert got == {(1, 2), (1, 4), (2, 3), (2, 4), (3, 4)}
    # records already in one person are not paired again
    left, right = lenient_pairs(frame, {**persons, 2: 0}, (SAME_LETTERS,))
    assert (1, 2) not in set(zip(left.tolist(), right.tolist(), strict=True))


def test_similar_names_need_a_single_record_person_and_one_more_fact() -> None:
    frame = _frame(
        [
            {"unique_id": 1, "source": "a", "given_latin": "jamal", "family_latin": "sharifmehr",
             "date_start_day": 100},
            {"unique_id": 2, "source": "b", "given_latin": "cemal", "family_latin": "sharifmehr",
             "date_start_day": 101},
            {"unique_id": 3, "source": "c", "given_latin": "cemal", "family_latin": "sharifmehr",
             "date_start_day": 160},
            {"unique_id": 4, "source": "d", "given_latin": "reza", "family_latin": "karimi",
             "date_start_day": 100},
        ]
    )  # fmt: skip
    left, right = lenient_pairs(frame, {1: 0, 2: 1, 3: 2, 4: 3}, (SIMILAR_NAMES,))
    # 3 is two months away (a contradiction), 4 another name
    assert set(zip(left.tolist(), right.tolist(), strict=True)) == {(1, 2)}
    # neither record a single-record person: no pair
    left, _ = lenient_pairs(frame, {1: 0, 2: 1, 3: 0, 4: 1}, (SIMILAR_NAMES,))
    assert len(left) == 0


def test_lenient_variants_merge_on_top_of_the_runs_own_clustering() -> None:
    ids = [1, 2, 3, 4]
    src = {1: "a", 2: "b", 3: "c", 4: "a"}
    left, right, prob = np.array([1]), np.array([2]), np.array([0.9])
    extra = [("lenient: x", np.array([2, 1]), np.array([3, 4]))]
    out = variants(
        ids, left, right, prob, src, thresholds=(), draws=0, run_threshold=0.4, extra=extra
    )
    assert [v.kind for v in out] == ["lenient"]
    # 3 joins through its lenient pair; 4 shares source a with 1 and has no direct pair
    assert out[0].clusters == [[1, 2, 3], [4]]


def test_lenient_variants_without_the_runs_threshold_are_refused() -> None:
    extra = [("lenient: x", np.array([2]), np.array([3]))]
    args = ([1, 2, 3], np.array([1]), np.array([2]), np.array([0.9]), {1: "a", 2: "b", 3: "c"})
    with pytest.raises(InvalidValue, match="need the run's threshold"):
        variants(*args, thresholds=(), draws=0, extra=extra)
    assert variants(*args, thresholds=(), draws=0) == []  # no lenient variant asked for


def test_few_partners_keeps_a_pair_and_drops_a_crowd_of_namesakes() -> None:
    # record 1 (person 0) has letters like records 2 and 3, both of person 1: one other person;
    # record 10 (person 5) matches records of persons 6, 7 and 8: a crowd of namesakes.
    person_of = {1: 0, 2: 1, 3: 1, 10: 5, 11: 6, 12: 7, 13: 8}
    left = np.array([1, 1, 10, 10, 10])
    right = np.array([2, 3, 11, 12, 13])
    keep = lenient.few_partners(left, right, person_of, limit=2)
    assert keep.tolist() == [True, True, False, False, False]
    assert lenient.few_partners(left, right, person_of, limit=3).tolist() == [True] * 5
    assert lenient.few_partners(np.array([]), np.array([]), person_of).tolist() == []
