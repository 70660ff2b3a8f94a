"""The Splink model: comparisons, blocking rules and training rules.

Every comparison is written once, in SQL that DuckDB and Spark both accept (Splink
translates the string-similarity functions per dialect), so the two engines score the same.

Names are compared on the cross-script keys first (Persian and Latin spellings of one name
share a key) and then on Jaro-Winkler of the romanized forms, which catches spelling
variants the key misses. Swapped given/family order gets a level of its own. Dates are
intervals (partial dates stay partial): overlap counts as agreement, a near miss as weak
agreement. Places go city first, then province: a town and its province's main city
(which reports often name instead of the town) apart from two different towns.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from vigil.linkage.frame import ACT_COLUMNS, LIFT_MAX_BITS

#: Comparison names; the explanation of a pair is keyed by these.
FIELDS: tuple[str, ...] = (
    "given",
    "family",
    "father",
    "age",
    "sex",
    "date",
    "place",
    "violation",
    "act",
    "source",
    "namesake",
)


def _null(*cols: str) -> ComparisonLevelCreator:
    cond = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in cols)
    return cll.CustomLevel(cond, label_for_charts="missing").configure(is_null_level=True)


#: m-probability of a flat disagreement (another name, ages more than 5 years apart) between
#: two reports of one person. EM cannot learn it: its training blocks fix the name, so they
#: hold many namesakes, and it reads their disagreements as reporting errors (it put m near
#: 0.03-0.06, weights of -3 to -5, where namesakes in such blocks are common). Fixed instead,
#: from what reports do: a wholly different name or a 6+ year age gap is rare for one person.
DISAGREEMENT_M = 0.005


def _rare_in_matches(level: ComparisonLevelCreator) -> ComparisonLevelCreator:
    return level.configure(m_probability=DISAGREEMENT_M, fix_m_probability=True)


def _glued_levels(which: str) -> list[ComparisonLevelCreator]:
    """One record's name glued (محمدحسینی, read as one word or cut elsewhere), the other's
    spaced: the whole names agree although the parts do not (`frame.glued_key`). The given
    comparison scores it; the family comparison then counts as missing, so the evidence is
    counted once."""
    key = f"{which}_key"
    parts_differ = "NOT coalesce(given_key_l = given_key_r AND family_key_l = family_key_r, false)"
    glued = f"glued_key_l = glued_key_r AND {parts_differ}"
    # Same consonants (`frame.name_bag`) and the whole names, glued, two edits apart: a
    # glued name with a letter that keys differently inside a word (ربابةعزيزنيا, ة/ه), a
    # glued article or a swapped pair of letters. The edit limit on the glued keys keeps
    # Hassan Rezaei apart from Reza Hassani, whose consonants agree too.
    letters = (
        f"name_bag_l = name_bag_r AND length(name_bag_l) >= 4 AND {parts_differ}"
        " AND NOT coalesce(glued_key_l = glued_key_r, false)"
        " AND abs(length(glued_key_l) - length(glued_key_r)) <= 2"
        " AND damerau_levenshtein(glued_key_l, glued_key_r) <= 2"
    )
    either = f"coalesce({glued}, false) OR coalesce({letters}, false)"
    null = f"{key}_l IS NULL OR {key}_r IS NULL"
    if which == "given":
        return [
            cll.CustomLevel(f"({null}) AND NOT ({either})", "missing").configure(
                is_null_level=True
            ),
            cll.ExactMatchLevel(key).configure(tf_adjustment_column=key),
            cll.CustomLevel(glued, label_for_charts="same name, spaced differently"),
            cll.CustomLevel(letters, label_for_charts="same letters, another order or cut"),
        ]
    # Only when the given comparison did score the whole name, i.e. the given keys differ:
    # with the same given name it scores "exact", and a family name a vowel or a typo off
    # (Nasserpour / Nasirpour: same consonants, glued keys an edit apart) must still be
    # compared here, not counted as missing.
    whole = f"NOT coalesce(given_key_l = given_key_r, false) AND ({either})"
    return [
        cll.CustomLevel(
            f"({null}) OR ({whole})",
            label_for_charts="missing (or compared whole, in the given name)",
        ).configure(is_null_level=True),
        cll.ExactMatchLevel(key).configure(tf_adjustment_column=key),
    ]


def _name(which: str, other: str) -> ComparisonCreator:
    key, latin, other_key = f"{which}_key", f"{which}_latin", f"{other}_key"
    loose = f"{which}_loose"
    return cl.CustomComparison(
        output_column_name=which,
        comparison_levels=[
            *_glued_levels(which),
            cll.CustomLevel(f"{key}_l = {other_key}_r", label_for_charts="swapped order"),
            cll.CustomLevel(
                f"{loose}_l = {loose}_r AND length({loose}_l) >= 2",
                label_for_charts="same consonant skeleton",
            ),
            cll.CustomLevel(
                # cheap tests first: the edit distance is costly on millions of random pairs
                # both keys long enough, so the level does not depend on the pair's order
                f"length({key}_l) >= 4 AND length({key}_r) >= 4"
                f" AND abs(length({key}_l) - length({key}_r)) <= 1"
                f" AND substr({key}_l, 1, 1) = substr({key}_r, 1, 1)"
                f" AND damerau_levenshtein({key}_l, {key}_r) <= 1",
                label_for_charts="keys one typo apart",
            ),
            cll.JaroWinklerLevel(latin, 0.94),
            cll.JaroWinklerLevel(latin, 0.85),
            _rare_in_matches(cll.ElseLevel()),
        ],
        comparison_description=f"{which} name: cross-script key, then romanized spelling",
    )


def _father() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="father",
        comparison_levels=[
            _null("father_key"),
            cll.ExactMatchLevel("father_key").configure(tf_adjustment_column="father_key"),
            cll.JaroWinklerLevel("father_key", 0.88),
            cll.ElseLevel(),
        ],
        comparison_description="father's name key",
    )


def _age() -> ComparisonCreator:
    diff = "abs(age_l - age_r)"
    return cl.CustomComparison(
        output_column_name="age",
        comparison_levels=[
            _null("age"),
            cll.CustomLevel(f"{diff} = 0", label_for_charts="same age"),
            cll.CustomLevel(f"{diff} <= 1", label_for_charts="within 1 year"),
            cll.CustomLevel(f"{diff} <= 2", label_for_charts="within 2 years"),
            cll.CustomLevel(f"{diff} <= 5", label_for_charts="within 5 years"),
            _rare_in_matches(cll.ElseLevel()),
        ],
        comparison_description="age, tolerant: reports round and misremember",
    )


def _date() -> ComparisonCreator:
    s_l, e_l, s_r, e_r = (
        "date_start_day_l",
        "date_end_day_l",
        "date_start_day_r",
        "date_end_day_r",
    )
    overlap = f"{s_l} <= {e_r} AND {s_r} <= {e_l}"
    gap = f"greatest({s_l} - {e_r}, {s_r} - {e_l})"
    return cl.CustomComparison(
        output_column_name="date",
        comparison_levels=[
            _null("date_start_day"),
            cll.ExactMatchLevel("date_day").configure(
                tf_adjustment_column="date_day", label_for_charts="same day"
            ),
            cll.CustomLevel(
                f"{overlap} AND date_span_l <= 31 AND date_span_r <= 31",
                label_for_charts="overlapping (within a month)",
            ),
            cll.CustomLevel(f"{gap} <= 3", label_for_charts="within 3 days"),
            cll.CustomLevel(overlap, label_for_charts="overlapping (vague dates)"),
            cll.CustomLevel(f"{gap} <= 31", label_for_charts="within a month"),
            cll.ElseLevel(),
        ],
        comparison_description="date of the event, as intervals",
    )


def _place() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            _null("province_code"),
            cll.ExactMatchLevel("city_id").configure(
                tf_adjustment_column="city_id", label_for_charts="same city"
            ),
            cll.CustomLevel(
                "province_code_l = province_code_r AND (city_id_l IS NULL OR city_id_r IS NULL)",
                label_for_charts="same province, city unknown",
            ),
            cll.CustomLevel(
                "province_code_l = province_code_r AND (city_main_l = 1 OR city_main_r = 1)",
                label_for_charts="same province, one in its main city",
            ),
            cll.ExactMatchLevel("province_code").configure(label_for_charts="same province"),
            cll.ElseLevel(),
        ],
        comparison_description="place through gazetteer ids: city, then province",
    )


def _namesake() -> ComparisonCreator:
    """A fixed correction, not learnt: the given, family and place comparisons multiply
    their evidence as if independent, but a regional surname makes "same surname" and
    "same province" one fact. For such a pair the factor 2^-lift (`frame.family_lift`)
    takes the double-counted part back out. Fixed m and u: EM would read the level as
    agreement and learn the opposite sign."""
    same = (
        "family_key_l = family_key_r AND province_code_l = province_code_r"
        " AND family_lift_l IS NOT NULL"
    )
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.CustomLevel(
            f"NOT ({same})", label_for_charts="not namesakes of one province"
        ).configure(is_null_level=True)
    ]
    for bits in range(LIFT_MAX_BITS, 0, -1):
        levels.append(
            cll.CustomLevel(
                f"family_lift_l = {bits}", label_for_charts=f"surname {2**bits}x as common here"
            ).configure(
                m_probability=2.0**-bits,
                u_probability=1.0,
                fix_m_probability=True,
                fix_u_probability=True,
            )
        )
    levels.append(
        cll.ElseLevel().configure(
            label_for_charts="surname spread like the population",
            m_probability=1.0,
            u_probability=1.0,
            fix_m_probability=True,
            fix_u_probability=True,
        )
    )
    return cl.CustomComparison(
        output_column_name="namesake",
        comparison_levels=levels,
        comparison_description="regional surname: same surname and province count once",
    )


def _act() -> ComparisonCreator:
    """How the violation was done (method, weapon, wound), over the details both records
    give: any of them different, or all of them alike. Namesakes killed in one city on one
    day are told apart only by such details; how often one victim's reports differ on them
    is learnt (EM), not assumed."""
    both = [f"{c}_l IS NOT NULL AND {c}_r IS NOT NULL" for c in ACT_COLUMNS]
    differ = " OR ".join(f"coalesce({c}_l <> {c}_r, false)" for c in ACT_COLUMNS)
    return cl.CustomComparison(
        output_column_name="act",
        comparison_levels=[
            cll.CustomLevel(
                " AND ".join(f"NOT ({b})" for b in both), label_for_charts="no detail in common"
            ).configure(is_null_level=True),
            cll.CustomLevel(f"NOT ({differ})", label_for_charts="same details"),
            cll.ElseLevel().configure(label_for_charts="details differ"),
        ],
        comparison_description="how the violation was done: method, weapon, wound",
    )


def _exact(col: str, name: str, description: str) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name=name,
        comparison_levels=[_null(col), cll.ExactMatchLevel(col), cll.ElseLevel()],
        comparison_description=description,
    )


def comparisons() -> list[ComparisonCreator]:
    return [
        _name("given", "family"),
        _name("family", "given"),
        _father(),
        _age(),
        _exact("sex", "sex", "sex"),
        _date(),
        _place(),
        _exact("violation", "violation", "violation (outcome family)"),
        _act(),
        cl.CustomComparison(
            output_column_name="source",
            comparison_levels=[
                cll.ExactMatchLevel("source").configure(label_for_charts="same source"),
                cll.ElseLevel().configure(label_for_charts="different sources"),
            ],
            comparison_description="a list rarely names one person twice",
        ),
        _namesake(),
    ]


def _once(*cols: str) -> BlockingRuleCreator:
    """`block_on(cols)` restricted to pairs where one record's full name occurs once."""
    same = " AND ".join(f"l.{c} = r.{c}" for c in cols)
    return CustomRule(f"{same} AND (l.name_once = 1 OR r.name_once = 1)")


def blocking_rules() -> list[BlockingRuleCreator]:
    """Candidate pairs: each rule pairs two fields so no block is a common name alone."""
    return [
        block_on("family_key", "given_key", "province_code"),
        block_on("family_key", "given_key", "father_key"),
        block_on("family_key", "given_key", "age"),
        block_on("family_key", "given_key", "date_start_day"),
        block_on("name_set_key", "province_code"),
        block_on("glued_key", "province_code"),
        block_on("glued_key", "date_start_day"),
        block_on("name_bag", "province_code"),
        block_on("name_bag", "date_start_day"),
        block_on("name_rare"),
        block_on("family_loose", "given_loose", "province_code"),
        block_on("family_loose", "given_key", "date_start_day"),
        block_on("family_key", "given_loose", "date_start_day"),
        block_on("family_key", "city_id", "age"),
        block_on("given_key", "father_key", "province_code"),
        block_on("family_key", "father_key"),
        block_on("given_key", "city_id", "date_start_day", "age"),
        block_on("family_key", "date_start_day", "city_id"),
        # A misspelt name is usually the only record with that name: pair it with names one
        # typo away (same other part, same province, the ends of the key that a single
        # typo leaves whole). The rule only runs for such records, so its blocks stay small.
        _once("given_key", "family_head", "province_code"),
        _once("given_key", "family_tail", "province_code"),
        _once("family_key", "given_head", "province_code"),
    ]


def training_rules() -> list[BlockingRuleCreator]:
    """EM passes: each fixes some fields so the others' m-probabilities can be learnt."""
    return [
        # Rare full names only: a common name's block is mostly namesakes, whose age, father
        # and date disagreements EM would learn as reporting errors of one person.
        CustomRule(
            "l.family_key = r.family_key AND l.given_key = r.given_key AND l.name_rare IS NOT NULL"
        ),
        block_on("date_start_day", "city_id", "age"),
        block_on("father_key", "age", "sex"),
    ]


def settings(**overrides: Any) -> SettingsCreator:
    """The Vigil model, dedupe over all records (within-source duplicates too)."""
    args: dict[str, Any] = {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "probability_two_random_records_match": 1e-4,
        "max_iterations": 20,
    }
    args.update(overrides)
    return SettingsCreator(**args)


def naive_settings() -> SettingsCreator:
    """Plain Splink on lower-cased full names with no script awareness (the baseline)."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("naive_name", [0.95, 0.88]),
            cl.ExactMatch("sex"),
            cl.CustomComparison(
                output_column_name="age",
                comparison_levels=[
                    _null("age"),
                    cll.CustomLevel("abs(age_l - age_r) <= 1", label_for_charts="within 1"),
                    cll.ElseLevel(),
                ],
            ),
            cl.ExactMatch("naive_date"),
            cl.ExactMatch("naive_place"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("naive_name"),
            block_on("naive_date", "naive_place"),
        ],
        retain_matching_columns=True,
        additional_columns_to_retain=["source"],
    )
