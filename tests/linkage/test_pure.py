"""Pure parts of linkage: clustering with decisions, stable ids, explanations, scores."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from vigil.linkage.clustering import Decisions, cluster
from vigil.linkage.evaluate import pairwise_scores
from vigil.linkage.explain import explain
from vigil.linkage.frame import name_set_key, prepare_frame
from vigil.linkage.ids import assign_ids, format_id


def _edges(*triples: tuple[int, int, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.array([t[0] for t in triples], dtype=np.int64)
    b = np.array([t[1] for t in triples], dtype=np.int64)
    p = np.array([t[2] for t in triples], dtype=float)
    return a, b, p


def test_cluster_is_connected_components_at_threshold() -> None:
    left, right, prob = _edges((1, 2, 0.99), (2, 3, 0.95), (4, 5, 0.5), (5, 6, 0.97))
    assert cluster([1, 2, 3, 4, 5, 6, 7], left, right, prob, 0.9) == [[1, 2, 3], [4], [5, 6], [7]]


def test_separated_pair_is_cut_at_the_weakest_link() -> None:
    # 1-2 strong, 2-3 weaker: a chain 1-2-3. Separating 1 and 3 drops the weaker join.
    left, right, prob = _edges((1, 2, 0.99), (2, 3, 0.92))
    out = cluster([1, 2, 3], left, right, prob, 0.9, Decisions.of(separated=[(3, 1)]))
    assert out == [[1, 2], [3]]


def test_confirmed_pair_joins_below_threshold_but_not_across_a_separation() -> None:
    left, right, prob = _edges((1, 2, 0.3))
    assert cluster([1, 2], left, right, prob, 0.9, Decisions.of(confirmed=[(2, 1)])) == [[1, 2]]
    d = Decisions.of(confirmed=[(1, 2), (2, 3)], separated=[(1, 3)])
    out = cluster([1, 2, 3], *_edges(), 0.9, d)
    assert [1, 3] not in out and not any({1, 3} <= set(c) for c in out)


def test_ids_kept_created_merged_split_retired() -> None:
    previous = {1: "P-000001", 2: "P-000001", 3: "P-000002", 4: "P-000003", 5: "P-000003",
                6: "P-000003", 7: "P-000004"}  # fmt: skip
    # P1 and P2 merge (P1 is larger, keeps its id); P3 splits (largest part keeps the id);
    # record 7 (P4) is gone; record 8 is new.
    clusters = [[1, 2, 3], [4, 5], [6], [8]]
    ids, ch = assign_ids(previous, clusters)
    assert ids == ["P-000001", "P-000003", "P-000005", "P-000006"]
    assert ch.merged == {"P-000002": "P-000001"}
    assert ch.split == {"P-000003": ["P-000005"]}
    assert ch.retired == ["P-000004"]
    assert ch.created == ["P-000005", "P-000006"]
    assert ch.kept == ["P-000001", "P-000003"]


def test_ids_unchanged_when_clusters_unchanged() -> None:
    previous = {1: "P-000007", 2: "P-000007", 3: "P-000002"}
    ids, ch = assign_ids(previous, [[3], [1, 2]])
    assert ids == ["P-000002", "P-000007"]
    assert ch.summary() == {"kept": 2, "created": 0, "merged": 0, "split": 0, "retired": 0}
    assert format_id(12) == "P-000012"


def test_merge_tie_goes_to_the_older_id() -> None:
    ids, ch = assign_ids({1: "P-000009", 2: "P-000003"}, [[1, 2]])
    assert ids == ["P-000003"] and ch.merged == {"P-000009": "P-000003"}


def test_explanation_weights_add_up() -> None:
    model = {
        "probability_two_random_records_match": 0.01,
        "comparisons": [
            {
                "output_column_name": "given",
                "comparison_levels": [
                    {"sql_condition": "x IS NULL", "is_null_level": True},
                    {"label_for_charts": "exact", "m_probability": 0.8, "u_probability": 0.05},
                    {"label_for_charts": "else", "m_probability": 0.2, "u_probability": 0.95},
                ],
            }
        ],
    }
    ex = explain(model, {"gamma_given": 1})
    assert ex.fields[0].level == "exact"
    assert math.isclose(ex.fields[0].weight, math.log2(0.8 / 0.05))
    assert math.isclose(ex.total, math.log2(0.01 / 0.99) + 4.0)
    assert explain(model, {"given": 0}).fields[0].weight < 0
    assert explain(model, {"given": -1}).fields[0].weight == 0
    # A stored total differing from the model's sum shows as the adjustment.
    assert math.isclose(explain(model, {"given": 1}, match_weight=0.0).adjustment, -ex.total)


def test_pairwise_scores() -> None:
    truth = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b"}
    s = pairwise_scores([[1, 2], [3], [4, 5]], truth)
    assert (s.correct_pairs, s.predicted_pairs, s.true_pairs) == (2, 2, 4)
    assert s.precision == 1.0 and s.recall == 0.5
    s2 = pairwise_scores([[1, 2, 3, 4, 5]], truth)
    assert s2.recall == 1.0 and math.isclose(s2.precision, 4 / 10)


def test_frame_dates_and_keys() -> None:
    import datetime as dt

    f = prepare_frame(
        [
            {"unique_id": 1, "given_key": "MHMD", "family_key": "HSINI",
             "date_start": dt.date(2019, 11, 1), "date_end": dt.date(2019, 11, 30)},
            {"unique_id": 2, "given_key": "HSINI", "family_key": "MHMD",
             "date_start": "2019-11-17"},
        ]
    )  # fmt: skip
    assert f.loc[0, "date_span"] == 29 and f.loc[1, "date_span"] == 0
    assert f.loc[1, "date_day"] == f.loc[1, "date_start_day"]
    assert f.loc[0, "date_day"] is None or str(f.loc[0, "date_day"]) == "<NA>"
    assert f.loc[0, "name_set_key"] == f.loc[1, "name_set_key"] == name_set_key("HSINI", "MHMD")


def test_rare_full_names_get_their_own_blocking_key() -> None:
    """A name held by few records is blocked on alone; a common one is not (cost bound)."""
    from vigil.linkage.frame import RARE_NAME_MAX

    common = [
        {"unique_id": i, "given_key": "MHMD", "family_key": "HSINI"}
        for i in range(RARE_NAME_MAX + 1)
    ]
    rare = [{"unique_id": 100 + i, "given_key": "'RW", "family_key": "KMLMHR"} for i in range(2)]
    f = prepare_frame(common + rare).set_index("unique_id")
    assert f["name_rare"].loc[[0, RARE_NAME_MAX]].isna().all()
    assert f.loc[100, "name_rare"] == f.loc[101, "name_rare"] == name_set_key("'RW", "KMLMHR")


def test_family_first_names_are_turned_round_by_how_keys_are_used() -> None:
    """ "Moradi Mohammad" parsed given-first is swapped when the data use MRDI as a family
    name and MHMD as a given name; a pair of keys used both ways is left alone."""
    rows = [
        {"unique_id": i, "given_key": "MHMD", "family_key": "MRDI", "given_latin": "mohammad",
         "family_latin": "moradi"}
        for i in range(4)
    ] + [
        {"unique_id": 10, "given_key": "MRDI", "family_key": "MHMD", "given_latin": "moradi",
         "family_latin": "mohammad"},
        {"unique_id": 20, "given_key": "'LI", "family_key": "'KBR"},
        {"unique_id": 21, "given_key": "'KBR", "family_key": "'LI"},
    ]  # fmt: skip
    f = prepare_frame(rows).set_index("unique_id")
    assert (f.loc[10, "given_key"], f.loc[10, "family_key"]) == ("MHMD", "MRDI")
    assert (f.loc[10, "given_latin"], f.loc[10, "family_loose"]) == ("mohammad", "MRD")
    assert (f.loc[20, "given_key"], f.loc[21, "given_key"]) == ("'LI", "'KBR")


def test_one_record_per_source_unless_the_pair_is_strong() -> None:
    # 1 and 3 are both from list A: joining them through 2 needs a strong direct pair.
    left, right, prob = _edges((1, 2, 0.95), (2, 3, 0.9))
    src = {1: "A", 2: "B", 3: "A"}
    assert cluster([1, 2, 3], left, right, prob, 0.5, sources=src, same_source_threshold=0.99) == [
        [1, 2],
        [3],
    ]
    left, right, prob = _edges((1, 3, 0.995), (2, 3, 0.9))
    out = cluster([1, 2, 3], left, right, prob, 0.5, sources=src, same_source_threshold=0.99)
    assert out == [[1, 2, 3]]


def test_within_source_duplicate_with_direct_evidence_joins() -> None:
    # 1 and 3 are one list's duplicate (direct pair above threshold): found, with 2 too.
    left, right, prob = _edges((1, 2, 0.9), (2, 3, 0.8), (1, 3, 0.6))
    src = {1: "A", 2: "B", 3: "A"}
    out = cluster([1, 2, 3], left, right, prob, 0.5, sources=src, same_source_threshold=0.5)
    assert out == [[1, 2, 3]]


def test_cohesion_stops_single_link_chaining() -> None:
    # Two tight pairs bridged by one middling edge: single linkage merges all four,
    # average linkage (mean over the four cross pairs = 0.15) keeps them apart.
    left, right, prob = _edges((1, 2, 0.99), (3, 4, 0.99), (2, 3, 0.6))
    assert cluster([1, 2, 3, 4], left, right, prob, 0.5) == [[1, 2, 3, 4]]
    assert cluster([1, 2, 3, 4], left, right, prob, 0.5, cohesion=0.3) == [[1, 2], [3, 4]]
    left, right, prob = _edges((1, 2, 0.99), (3, 4, 0.99), (2, 3, 0.6), (1, 3, 0.5),
                               (1, 4, 0.5), (2, 4, 0.6))  # fmt: skip
    assert cluster([1, 2, 3, 4], left, right, prob, 0.5, cohesion=0.3) == [[1, 2, 3, 4]]


def test_a_level_never_seen_in_training_weighs_nothing() -> None:
    from vigil.linkage.engine import M_FLOOR, regularize

    model = {
        "comparisons": [
            {
                "output_column_name": "date",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.5, "u_probability": 0.1},
                    {"m_probability": None, "u_probability": None},  # vague dates: unseen
                    {"m_probability": "level not observed in training dataset"},
                    {"m_probability": 1e-9, "u_probability": 0.2},
                ],
            }
        ]
    }
    levels = regularize(model)["comparisons"][0]["comparison_levels"]
    assert levels[1] == {"m_probability": 0.5, "u_probability": 0.1}
    for unseen in levels[2:4]:
        assert unseen["m_probability"] == unseen["u_probability"]  # Bayes factor 1
    assert levels[4]["m_probability"] == M_FLOOR  # seen among non-matches only: rare, not -100
    assert model["comparisons"][0]["comparison_levels"][2]["m_probability"] is None  # a copy


def _named_frame(names: dict[int, tuple[str, str]]) -> pd.DataFrame:
    """A linkage frame of records (id -> (source, name as written)), keyed as imports key."""
    from vigil.names import name_keys, parse_name

    rows = []
    for rid, (source, text) in names.items():
        k = name_keys(parse_name(text))
        rows.append({"unique_id": rid, "source": source, "given_key": k.given_key,
                     "family_key": k.family_key})  # fmt: skip
    return prepare_frame(rows)


def test_same_list_duplicate_written_glued_and_spaced_is_joined() -> None:
    from vigil.linkage.pipeline import SAME_SOURCE_THRESHOLD, same_name_pairs

    # List A names one victim twice, glued and spaced; list B once. The two A records score
    # 0.4 together: over the threshold, under the bar for same-list pairs of other names.
    frame = _named_frame({1: ("A", "MohammadHosseini"), 2: ("B", "Mohammad Hosseini"),
                          3: ("A", "محمد حسینی")})  # fmt: skip
    left, right, prob = _edges((1, 2, 0.95), (2, 3, 0.9), (1, 3, 0.4))
    src = dict(zip(frame["unique_id"].tolist(), frame["source"].tolist(), strict=True))
    named = same_name_pairs(frame, left, right)
    assert named.tolist() == [True, True, True]
    kw = {"sources": src, "same_source_threshold": SAME_SOURCE_THRESHOLD, "cohesion": 0.35}
    assert cluster([1, 2, 3], left, right, prob, 0.35, **kw, same_name=named) == [[1, 2, 3]]
    assert cluster([1, 2, 3], left, right, prob, 0.35, **kw) == [[1, 2], [3]]  # the old rule
    # Under the threshold itself the pair is not a link of its own: kept apart.
    low = prob.copy()
    low[2] = 0.3
    assert cluster([1, 2, 3], left, right, low, 0.35, **kw, same_name=named) == [[1, 2], [3]]


def test_a_glued_word_the_parser_could_not_cut_meets_its_spaced_form() -> None:
    from vigil.linkage.pipeline import same_name_pairs

    rows = [
        {"unique_id": 1, "source": "A", "given_key": "MHMDHSINI"},  # one word, not cut
        {"unique_id": 2, "source": "A", "given_key": "MHMD", "family_key": "HSINI"},
        {"unique_id": 3, "source": "A"},
        {"unique_id": 4, "source": "A"},
    ]
    frame = prepare_frame(rows)
    pairs = same_name_pairs(frame, np.array([1, 3, 1]), np.array([2, 4, 9]))
    assert pairs.tolist() == [True, False, False]  # no name, or a record not in the frame


def test_two_people_of_one_list_with_similar_names_stay_apart() -> None:
    from vigil.linkage.pipeline import SAME_SOURCE_THRESHOLD, same_name_pairs

    # Mohammad and Mahmoud Hosseini, both on list A, each similar to list B's record: the A
    # pair scores 0.4 but the names differ, so it still needs SAME_SOURCE_THRESHOLD.
    frame = _named_frame({1: ("A", "Mohammad Hosseini"), 2: ("B", "Mohammad Hosseini"),
                          3: ("A", "Mahmoud Hosseini")})  # fmt: skip
    left, right, prob = _edges((1, 2, 0.95), (2, 3, 0.9), (1, 3, 0.4))
    src = dict(zip(frame["unique_id"].tolist(), frame["source"].tolist(), strict=True))
    named = same_name_pairs(frame, left, right)
    assert named.tolist() == [True, False, False]
    kw = {"sources": src, "same_source_threshold": SAME_SOURCE_THRESHOLD, "cohesion": 0.35}
    assert cluster([1, 2, 3], left, right, prob, 0.35, **kw, same_name=named) == [[1, 2], [3]]
