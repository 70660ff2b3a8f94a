from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.domain import AgeGroup, Sex, ViolationType
from vigil.errors import InvalidValue
from vigil.normalize import Age, parse_age, parse_sex, parse_violation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("male", Sex.MALE),
        ("Male", Sex.MALE),
        (" M ", Sex.MALE),
        ("man", Sex.MALE),
        ("boy", Sex.MALE),
        ("مرد", Sex.MALE),
        ("ذکر", Sex.MALE),
        ("ذكر", Sex.MALE),  # Arabic kaf
        ("مذکر", Sex.MALE),
        ("آقا", Sex.MALE),
        ("پسر", Sex.MALE),
        ("female", Sex.FEMALE),
        ("F", Sex.FEMALE),
        ("woman", Sex.FEMALE),
        ("زن", Sex.FEMALE),
        ("خانم", Sex.FEMALE),
        ("مونث", Sex.FEMALE),
        ("مؤنث", Sex.FEMALE),
        ("دختر", Sex.FEMALE),
        ("", None),
        ("unknown", None),
        ("نامشخص", None),
        ("?", None),
        (None, None),
    ],
)
def test_parse_sex(text: str | None, expected: Sex | None) -> None:
    assert parse_sex(text) == expected


@pytest.mark.parametrize("text", ["x", "mf", "male female", "۱"])
def test_parse_sex_refuses(text: str) -> None:
    with pytest.raises(InvalidValue, match="not a sex"):
        parse_sex(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17", Age(17, 17)),
        ("۱۷", Age(17, 17)),
        ("١٧", Age(17, 17)),
        ("۱۷ ساله", Age(17, 17)),
        ("17 years", Age(17, 17)),
        ("17 years old", Age(17, 17)),
        ("17y", None),  # see test below: glued unit is not a number
        ("about 30", Age(30, 30)),
        ("حدود ۳۰ سال", Age(30, 30)),
        ("17-19", Age(17, 19)),
        ("۱۷ تا ۱۹", Age(17, 19)),
        ("20s", Age(20, 29)),
        ("8 months", Age(0, 0)),
        ("۸ ماهه", Age(0, 0)),
        ("کودک", Age(0, 17)),
        ("teenager", Age(13, 19)),
        ("0", Age(0, 0)),
        ("120", Age(120, 120)),
        ("", None),
        ("unknown", None),
    ],
)
def test_parse_age(text: str, expected: Age | None) -> None:
    if text == "17y":
        with pytest.raises(InvalidValue):
            parse_age(text)
        return
    assert parse_age(text) == expected


@pytest.mark.parametrize(
    ("text", "nominal"),
    [
        ("17", 17),
        ("about 30", 30),
        ("17-19", 18),  # a narrow band centred on one year stands for that year
        ("۲۴-۲۶", 25),
        ("17-18", None),  # no middle year
        ("17-21", None),  # too wide
        ("20s", None),
        ("کودک", None),
    ],
)
def test_age_nominal_is_the_exact_age_or_a_narrow_bands_middle(
    text: str, nominal: int | None
) -> None:
    age = parse_age(text)
    assert age is not None and age.nominal == nominal


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("121", "over 120"),
        ("19-17", "backwards"),
        ("abc", "not a number"),
        ("nan", "not a number"),
        ("1 2 3", "not an age"),
        ("17.5", "whole years"),
        ("17,5", "whole years"),
    ],
)
def test_parse_age_refuses(text: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        parse_age(text)


def test_age_exact_and_group() -> None:
    assert Age(17, 17).exact == 17 and Age(17, 17).group == AgeGroup.CHILD
    assert Age(17, 19).exact is None and Age(17, 19).group == AgeGroup.UNKNOWN
    assert Age(20, 29).group == AgeGroup.YOUNG


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killed", ViolationType.KILLED),
        ("Killed", ViolationType.KILLED),
        ("shot dead", ViolationType.KILLED),
        ("کشته", ViolationType.KILLED),
        ("کشته شده", ViolationType.KILLED),
        ("جان باخته", ViolationType.KILLED),
        ("جان‌باخته", ViolationType.KILLED),
        ("کشته شده در اعتراضات", ViolationType.KILLED),
        ("زخمی", ViolationType.INJURED),
        ("مجروح", ViolationType.INJURED),
        ("wounded", ViolationType.INJURED),
        ("بازداشت", ViolationType.ARRESTED),
        ("دستگیر شده", ViolationType.ARRESTED),
        ("در بازداشت", ViolationType.DETAINED),
        ("died in custody", ViolationType.DIED_IN_CUSTODY),
        ("died_in_custody", ViolationType.DIED_IN_CUSTODY),
        ("مرگ در بازداشت", ViolationType.DIED_IN_CUSTODY),
        ("شکنجه", ViolationType.TORTURED),
        ("ناپدید شده", ViolationType.DISAPPEARED),
        ("اعدام", ViolationType.EXECUTED),
        ("محکوم", ViolationType.SENTENCED),
        ("denied medical care", ViolationType.DENIED_MEDICAL_CARE),
        ("آزاد شده", ViolationType.RELEASED),
        ("reported_alive", ViolationType.REPORTED_ALIVE),
        ("", None),
    ],
)
def test_parse_violation(text: str, expected: ViolationType | None) -> None:
    assert parse_violation(text) == expected


def test_every_violation_value_parses_to_itself() -> None:
    for v in ViolationType:
        assert parse_violation(v.value) == v


def test_parse_violation_refuses_unknown() -> None:
    with pytest.raises(InvalidValue, match="not a known violation"):
        parse_violation("protester")


@given(st.text(max_size=25))
def test_normalizers_give_a_value_or_invalid_value(text: str) -> None:
    for parse in (parse_sex, parse_age, parse_violation):
        with contextlib.suppress(InvalidValue):
            parse(text)


@given(st.integers(min_value=0, max_value=120))
def test_ages_in_persian_digits_read_the_same(age: int) -> None:
    persian = str(age).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert parse_age(persian) == parse_age(str(age)) == Age(age, age)
    assert parse_age(f"{persian} ساله") == Age(age, age)
