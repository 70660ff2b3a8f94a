"""The derived columns behind namesake correction, main cities and typo blocking, and the
SQL that uses them (run on DuckDB, the engine the model is scored with by default)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from vigil.linkage import model as mdl
from vigil.linkage.frame import LIFT_MAX_BITS, family_lift, main_cities, prepare_frame


def _rows(n: int, start: int, **fields: Any) -> list[dict[str, Any]]:
    return [{"unique_id": start + i, **fields} for i in range(n)]


def test_main_city_is_the_most_reported_city_of_its_province() -> None:
    rows = (
        _rows(5, 0, province_code="13", city_id=1)
        + _rows(2, 10, province_code="13", city_id=2)
        + _rows(3, 20, province_code="15", city_id=3)
        + _rows(1, 30, province_code="15")
    )
    f = prepare_frame(rows).set_index("unique_id")
    assert f.loc[0, "city_main"] == 1 and f.loc[20, "city_main"] == 1
    assert f.loc[10, "city_main"] == 0
    assert pd.isna(f.loc[30, "city_main"])
    # a tie goes to the smaller city id, so the flag does not depend on row order
    tie = prepare_frame(
        _rows(2, 0, province_code="13", city_id=9) + _rows(2, 5, province_code="13", city_id=4)
    )
    assert main_cities(tie).tolist() == [0, 0, 1, 1]


def test_regional_surname_is_concentrated_a_spread_one_is_not() -> None:
    # 2 provinces of equal size; VISI only in 13, MHMDI spread evenly, KBI twice in 15
    rows = (
        _rows(200, 0, family_key="VISI", province_code="13")
        + _rows(100, 1000, family_key="MHMDI", province_code="13")
        + _rows(100, 2000, family_key="MHMDI", province_code="15")
        + _rows(198, 3000, family_key="'MVRI", province_code="15")
        + _rows(2, 4000, family_key="KBI", province_code="15")
        + _rows(1, 5000, family_key="KBI")
    )
    f = prepare_frame(rows).set_index("unique_id")
    visi, mhmdi, kbi = (
        f.loc[0, "family_lift"],
        f.loc[1000, "family_lift"],
        f.loc[4000, "family_lift"],
    )
    assert visi == 1  # twice as common in 13 as the population: log2(2) after shrinking
    assert mhmdi == 0
    assert kbi == 0  # two records are one person's, not evidence of a regional name
    assert pd.isna(f.loc[5000, "family_lift"])
    lone = family_lift(prepare_frame(_rows(1000, 0, family_key="VISI", province_code="13")))
    assert set(lone.dropna().tolist()) == {0}
    assert LIFT_MAX_BITS >= 1


def _duck(frame: pd.DataFrame, condition: str) -> set[tuple[int, int]]:
    """Pairs (l < r) of `frame` satisfying a Splink-style condition on l./r. or _l/_r."""
    con = duckdb.connect()
    con.register("f", frame)
    sql = condition
    for col in frame.columns:
        sql = sql.replace(f"{col}_l", f"l.{col}").replace(f"{col}_r", f"r.{col}")
    rows = con.execute(
        f"SELECT l.unique_id, r.unique_id FROM f l JOIN f r "
        f"ON l.unique_id < r.unique_id AND ({sql})"
    ).fetchall()
    return {(int(a), int(b)) for a, b in rows}


def _once_rule_sql(rule: Any) -> str:
    return str(rule.get_blocking_rule("duckdb").blocking_rule_sql)


def test_typo_blocking_pairs_a_lone_misspelling_with_the_name_it_misspells() -> None:
    lone = {"unique_id": 10, "given_key": "MJID", "family_key": "'SRI", "province_code": "13"}
    rows = [
        *_rows(3, 0, given_key="MJID", family_key="'NSRI", province_code="13"),
        lone,
        *_rows(2, 20, given_key="MJID", family_key="'NSRI", province_code="15"),
        # two common names a letter apart, neither of them alone: never paired by these rules
        *_rows(2, 30, given_key="'LI", family_key="KRIMI", province_code="13"),
        *_rows(2, 40, given_key="'LI", family_key="KRMI", province_code="13"),
    ]
    f = prepare_frame(rows)
    assert f.set_index("unique_id").loc[10, "name_once"] == 1
    rules = [r for r in mdl.blocking_rules() if "name_once" in _once_rule_sql(r)]
    assert len(rules) == 3
    found: set[tuple[int, int]] = set()
    for rule in rules:
        found |= _duck(f, _once_rule_sql(rule))
    # the lone 'SRI meets the 'NSRI of its province (same first key symbols) and only those
    assert found == {(0, 10), (1, 10), (2, 10)}


def _level_sql(field: str, label: str) -> str:
    settings = mdl.settings().create_settings_dict("duckdb")
    comp = next(c for c in settings["comparisons"] if c["output_column_name"] == field)
    level = next(lv for lv in comp["comparison_levels"] if lv.get("label_for_charts") == label)
    return str(level["sql_condition"])


def test_keys_one_typo_apart_level() -> None:
    sql = _level_sql("family", "keys one typo apart")
    f = pd.DataFrame(
        {
            "unique_id": [1, 2, 3, 4, 5, 6],
            "family_key": ["RFSJNZD", "RFSNJNZD", "RFSJNZD", "'NSRI", "NSRI", "KBI"],
        }
    )
    pairs = _duck(f, sql)
    assert (1, 2) in pairs  # a letter dropped
    assert (1, 3) in pairs  # (equal keys never reach this level; the condition holds)
    assert (4, 5) not in pairs  # the first symbol differs: not taken for a typo
    assert not any(6 in p for p in pairs)  # short keys are too easily one edit apart


def test_keys_one_typo_apart_level_does_not_depend_on_pair_order() -> None:
    """A 4-symbol key and a 3-symbol key one letter apart: short keys are too easily one
    edit apart, whichever of the two records Splink puts on the left."""
    sql = _level_sql("given", "keys one typo apart")
    f = pd.DataFrame({"unique_id": [1, 2, 3, 4], "given_key": ["HMID", "HMD", "HMD", "HMID"]})
    con = duckdb.connect()
    con.register("f", f)
    cond = sql.replace("given_key_l", "l.given_key").replace("given_key_r", "r.given_key")
    rows = con.execute(
        "SELECT l.unique_id, r.unique_id FROM f l JOIN f r"
        f" ON l.unique_id <> r.unique_id AND ({cond})"
    ).fetchall()
    pairs = {(int(a), int(b)) for a, b in rows}
    assert not {(1, 2), (2, 1), (3, 4), (4, 3)} & pairs
    assert (1, 4) in pairs and (4, 1) in pairs  # two long keys: both orders alike
    assert (2, 3) not in pairs  # both short


def test_family_is_compared_when_the_given_names_agree() -> None:
    """The family comparison steps aside ("missing") only when the given comparison scored
    the whole name (glued, or the same letters cut elsewhere); with the same given name it
    is scored by the given level "exact", so a family name a vowel off must be compared."""
    sql = _level_sql("family", "missing (or compared whole, in the given name)")
    f = prepare_frame(
        [
            {"unique_id": 1, "given_key": "MJID", "family_key": "NSRPVR"},
            {"unique_id": 2, "given_key": "MJID", "family_key": "NSIRPVR"},  # a vowel more
            {"unique_id": 3, "given_key": "MJIDNSRPVR"},  # the whole name glued
            {"unique_id": 4, "given_key": "MJI", "family_key": "DNSRPVR"},  # cut elsewhere
        ]
    )
    pairs = _duck(f, sql)
    assert (1, 2) not in pairs
    assert {(1, 3), (1, 4)} <= pairs


def test_namesake_correction_is_fixed_and_only_for_one_surname_in_one_province() -> None:
    settings = mdl.settings().create_settings_dict("duckdb")
    comp = next(c for c in settings["comparisons"] if c["output_column_name"] == "namesake")
    levels = comp["comparison_levels"]
    assert levels[0].get("is_null_level")
    weights = {}
    for lv in levels[1:]:
        assert lv["fix_m_probability"] and lv["fix_u_probability"]
        weights[lv["label_for_charts"]] = lv["m_probability"] / lv["u_probability"]
    assert weights["surname spread like the population"] == 1.0
    assert weights[f"surname {2**LIFT_MAX_BITS}x as common here"] == 2.0**-LIFT_MAX_BITS
    f = pd.DataFrame(
        {
            "unique_id": [1, 2, 3],
            "family_key": ["VISI", "VISI", "VISI"],
            "province_code": ["13", "13", "15"],
            "family_lift": [4, 4, 0],
        }
    )
    outside = _duck(f, str(levels[0]["sql_condition"]))
    assert outside == {(1, 3), (2, 3)}  # different provinces: no correction
    assert "namesake" in mdl.FIELDS


def test_name_training_pass_sees_rare_full_names_only() -> None:
    """The EM pass that fixes the name learns the other fields' m from its pairs: a common
    name's pairs are mostly namesakes, whose age and father disagreements would be learnt as
    one person's reporting errors, so only names held by few records take part."""
    from vigil.linkage.frame import RARE_NAME_MAX

    rows = [
        *_rows(3, 0, given_key="MJID", family_key="'NSRI"),
        *_rows(RARE_NAME_MAX + 1, 100, given_key="MHMD", family_key="MHMDI"),
    ]
    f = prepare_frame(rows)
    rule = mdl.training_rules()[0]
    sql = _once_rule_sql(rule)
    assert _duck(f, sql) == {(0, 1), (0, 2), (1, 2)}
    # the rule still fixes both name parts, so EM leaves the name comparisons to other passes
    assert "given_key" in sql and "family_key" in sql


def test_act_details_reach_the_frame_and_the_act_level_reads_them() -> None:
    rows = [
        {"unique_id": 1, "method": "live_fire", "wound": "head"},
        {"unique_id": 2, "method": "live_fire", "wound": "head", "weapon": "rifle"},
        {"unique_id": 3, "method": "live_fire", "wound": "chest"},
        {"unique_id": 4, "weapon": "rifle"},
        {"unique_id": 5, "method": "beating"},
        {"unique_id": 6},
    ]
    f = prepare_frame(rows)
    assert f.set_index("unique_id").loc[2, "weapon"] == "rifle"
    missing = _duck(f, _level_sql("act", "no detail in common"))
    same = _duck(f, _level_sql("act", "same details")) - missing  # levels apply in order
    assert (1, 2) in same  # every detail both give agrees (a third one said by one only)
    assert (2, 4) in same
    assert (1, 3) not in same and (1, 3) not in missing  # one agrees, the wound differs
    assert (3, 5) not in same and (3, 5) not in missing
    assert (1, 4) in missing and not any(6 in p for p in same)  # nothing in common
    assert "act" in mdl.FIELDS


def test_several_or_uninformative_act_codes_compare_as_missing() -> None:
    """A text naming several methods ("live ammunition and pellets") keeps the first code with
    the rest in `method_also` (`acts` table); read as its first code alone it would count as a
    difference against "pellets", a near-veto once EM has learnt that one victim's reports
    rarely differ. Such a field, and "unknown" or "other", compare as missing."""
    rows = [
        {"unique_id": 1, "method": "live_ammunition", "method_also": ["shotgun_pellets"]},
        {"unique_id": 2, "method": "shotgun_pellets"},
        {"unique_id": 3, "method": "unknown", "wound": "head"},
        {"unique_id": 4, "method": "baton_beating", "wound": "head"},
        {"unique_id": 5, "method": "other"},
        {"unique_id": 6, "method": "live_ammunition", "wound_also": []},
    ]
    f = prepare_frame(rows).set_index("unique_id")
    assert pd.isna(f.loc[1, "method"]) and f.loc[2, "method"] == "shotgun_pellets"
    assert pd.isna(f.loc[3, "method"]) and pd.isna(f.loc[5, "method"])
    assert f.loc[6, "method"] == "live_ammunition"  # an empty list names nothing further
    missing = _duck(f.reset_index(), _level_sql("act", "no detail in common"))
    assert (1, 2) in missing
    assert (3, 4) not in missing  # the wound, both give it, still compares
