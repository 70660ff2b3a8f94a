from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vigil.domain import Grade
from vigil.errors import InputError
from vigil.grading import GradingRules, PersonFacts, RecordFacts, grade_person, load_rules

D = dt.date(2019, 11, 16)


def rec(i: int, group: str, *, kind: str = "ngo", full: bool = True, **kw: object) -> RecordFacts:
    base: dict[str, object] = dict(
        record_id=i,
        source=f"src-{group}-{i}",
        source_kind=kind,
        group=group,
        name=True,
        age=24 if full else None,
        place=full,
        date_start=D if full else None,
        date_end=D if full else None,
        violation="killed",
    )
    base.update(kw)
    return RecordFacts(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def rules() -> GradingRules:
    return load_rules()


def g(rules: GradingRules, *records: RecordFacts, **kw: object) -> Grade:
    return grade_person(PersonFacts("P-1", tuple(records), **kw), rules).grade  # type: ignore[arg-type]


def test_single_source_is_weak(rules: GradingRules) -> None:
    res = grade_person(PersonFacts("P-1", (rec(1, "A"),)), rules)
    assert res.grade is Grade.WEAK
    assert "single independent group" in res.reasons[0]


def test_two_outlets_of_one_group_stay_weak(rules: GradingRules) -> None:
    assert g(rules, rec(1, "A"), rec(2, "A")) is Grade.WEAK


def test_two_independent_groups_with_full_identity_are_fair(rules: GradingRules) -> None:
    assert g(rules, rec(1, "A"), rec(2, "B")) is Grade.FAIR


def test_two_groups_without_full_identity_stay_weak(rules: GradingRules) -> None:
    res = grade_person(PersonFacts("P-1", (rec(1, "A"), rec(2, "B", full=False))), rules)
    assert res.grade is Grade.WEAK
    assert "only 1 with full identity" in res.reasons[0]


def test_father_name_stands_in_for_age(rules: GradingRules) -> None:
    a = rec(1, "A", age=None, father_key="ali")
    b = rec(2, "B", age=None, father_key="ali")
    assert g(rules, a, b) is Grade.FAIR
    # neither age nor father: not full identity
    assert g(rules, rec(1, "A", age=None), rec(2, "B", age=None)) is Grade.WEAK


def test_three_groups_confirm(rules: GradingRules) -> None:
    assert g(rules, rec(1, "A"), rec(2, "B"), rec(3, "C")) is Grade.CONFIRMED


def test_death_certificate_confirms_a_single_source(rules: GradingRules) -> None:
    r = rec(1, "A", evidence_kinds=frozenset({"death_certificate"}))
    res = grade_person(PersonFacts("P-1", (r,)), rules)
    assert res.grade is Grade.CONFIRMED
    assert "death certificate" in res.reasons[0]


def test_unrelated_evidence_does_not_confirm(rules: GradingRules) -> None:
    assert g(rules, rec(1, "A", evidence_kinds=frozenset({"photo"}))) is Grade.WEAK


def test_official_admission_confirms(rules: GradingRules) -> None:
    assert g(rules, rec(1, "GOV", kind="official")) is Grade.CONFIRMED


def test_reported_alive_contests_a_death(rules: GradingRules) -> None:
    res = grade_person(
        PersonFacts("P-1", (rec(1, "A"), rec(2, "B"), rec(3, "C", violation="reported_alive"))),
        rules,
    )
    assert res.grade is Grade.CONTESTED
    assert "reported alive" in res.reasons[0]


def test_released_after_arrest_is_not_a_contradiction(rules: GradingRules) -> None:
    assert g(rules, rec(1, "A", violation="arrested"), rec(2, "B", violation="released")) is (
        Grade.FAIR
    )


@pytest.mark.parametrize(
    ("a", "b", "contested"),
    [
        ({"sex": "male"}, {"sex": "female"}, True),
        ({"sex": "male"}, {"sex": "male"}, False),
        ({"father_key": "ali"}, {"father_key": "hsn"}, True),
        ({"age": 20}, {"age": 23}, False),  # exactly the allowed difference
        ({"age": 20}, {"age": 24}, True),
        ({"date_start": D, "date_end": D}, {"date_start": D + dt.timedelta(days=45)}, False),
        ({"date_start": D, "date_end": D}, {"date_start": D + dt.timedelta(days=46)}, True),
    ],
)
def test_conflicting_identity_or_dates(
    rules: GradingRules, a: dict[str, object], b: dict[str, object], contested: bool
) -> None:
    if "date_start" in b and "date_end" not in b:
        b = {**b, "date_end": b["date_start"]}
    got = g(rules, rec(1, "A", **a), rec(2, "B", **b))
    assert (got is Grade.CONTESTED) is contested


def test_discounted_by_override_and_by_merge(rules: GradingRules) -> None:
    r = (rec(1, "A"), rec(2, "B"), rec(3, "C"))
    res = grade_person(
        PersonFacts("P-1", r, override_grade="discounted", override_reason="not in scope"), rules
    )
    assert res.grade is Grade.DISCOUNTED and "not in scope" in res.reasons[0]
    assert g(rules, *r, merged_away=True) is Grade.DISCOUNTED
    assert g(rules) is Grade.DISCOUNTED


def test_discounted_wins_over_contested(rules: GradingRules) -> None:
    r = (rec(1, "A", sex="male"), rec(2, "B", sex="female"))
    assert g(rules, *r, override_grade="discounted") is Grade.DISCOUNTED


def test_user_rules_change_the_outcome(tmp_path: Path) -> None:
    f = tmp_path / "strict.yaml"
    f.write_text(
        "fair:\n  min_groups_with_full_identity: 3\n"
        "confirmed:\n  min_groups_with_full_identity: 4\n  evidence_kinds: []\n"
        "full_identity:\n  require: [name, place, date]\n  require_any: [father_name]\n",
        encoding="utf-8",
    )
    strict = load_rules(f)
    recs = (rec(1, "A", father_key="x"), rec(2, "B", father_key="x"), rec(3, "C", father_key="x"))
    assert g(strict, *recs) is Grade.FAIR
    assert g(strict, *recs[:2]) is Grade.WEAK
    assert g(strict, rec(1, "A", evidence_kinds=frozenset({"death_certificate"}))) is Grade.WEAK


@pytest.mark.parametrize(
    ("text", "msg"),
    [
        ("- a list\n", "mapping"),
        ("full_identity:\n  require: [shoe_size]\n", "shoe_size"),
        ("fair:\n  min_groups_with_full_identity: -1\n", "fair.min_groups_with_full_identity"),
        ("fair:\n  min_groups_with_full_identity: 5\n", "more groups than confirmed"),
        ("fair: [1, 2\n", "not valid YAML"),
    ],
)
def test_bad_rules_files_are_refused_clearly(tmp_path: Path, text: str, msg: str) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=msg):
        load_rules(f)


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such rules file"):
        load_rules(tmp_path / "nope.yaml")


def test_contested_attribution_is_a_reason_or_the_airwars_grade() -> None:
    from vigil.grading.rules import RecordFacts as R
    from vigil.grading.rules import contested_attribution, parse_rules

    police = R(1, "A", "ngo", "A", act=(("perpetrator", "police"),))
    irgc = R(2, "B", "media", "B", act=(("perpetrator", "irgc"), ("method", "beating")))
    unknown = R(3, "C", "media", "C", act=(("perpetrator", "unknown"),))
    assert contested_attribution((police, unknown), ("perpetrator",)) == []
    assert contested_attribution((police, police), ("perpetrator",)) == []
    assert contested_attribution((police, irgc, unknown), ("perpetrator",)) == [
        "contested attribution (perpetrator): irgc (B); police (A)"
    ]
    p = PersonFacts("P-1", (police, irgc))
    plain = grade_person(p, parse_rules({}))
    assert plain.grade is Grade.WEAK and plain.reasons[-1].startswith("contested attribution")
    airwars = grade_person(p, parse_rules({"attribution": {"contested_grade": True}}))
    assert airwars.grade is Grade.CONTESTED
    with pytest.raises(InputError, match=r"attribution\.fields"):
        parse_rules({"attribution": {"fields": ["colour"]}})
    with pytest.raises(InputError, match="contested_grade"):
        parse_rules({"attribution": {"contested_grade": "yes"}})
