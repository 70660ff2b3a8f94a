"""Given and family name glued while the surname's suffix is written apart (``پیمانگلشن
پور`` for پیمان گلشن‌پور, ``حامدحسین زاده`` for حامد حسین‌زاده): the whole is cut against the
lexicon like one glued word."""

from __future__ import annotations

import pytest

from vigil.names import name_keys, parse_name


def full(text: str) -> str:
    return name_keys(parse_name(text)).full_key


MEET: list[tuple[str, str]] = [
    ("پیمانگلشن پور", "پیمان گلشن‌پور"),
    ("پيمانگلشن\u200c پور", "پیمان گلشن‌پور"),  # the ZWNJ before the suffix turned into a space
    ("abolfazlheshmat pour", "Abolfazl Heshmatpour"),
    ("پیمانگلشن پور", "Peyman Golshanpour"),
    # a weak suffix (also read as a surname of its own) left apart: "Zadeh" alone is rare
    ("حامدحسین زاده", "حامد حسین‌زاده"),
    ("مهدیجهرم‌ زاده", "مهدی جهرم‌زاده"),
    ("Hamedhossein Zadeh", "Hamed Hosseinzadeh"),
    ("حامدحسین زاده", "Hamed Hosseinzadeh"),
]


@pytest.mark.parametrize(("a", "b"), MEET)
def test_glued_name_with_its_suffix_apart_meets_the_spaced_name(a: str, b: str) -> None:
    assert full(a) == full(b)


APART: list[tuple[str, str]] = [
    ("پیمانگلشن پور", "پیمان گلشن"),  # the suffix stays in the surname
    ("پیمانگلشن پور", "گلشن پیمان‌پور"),
    ("abolfazlheshmat pour", "Abolfazl Heshmat"),
    ("حامدحسین زاده", "حامد حسین"),
    ("حامدحسین زاده", "حامد حسن‌زاده"),
]


@pytest.mark.parametrize(("a", "b"), APART)
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert full(a) != full(b)


@pytest.mark.parametrize(
    "text", ["حسین زاده", "رحیم زاده", "علی زاده", "Hossein Zadeh", "Gholam Reza", "Ali Rad"]
)
def test_a_name_and_a_suffix_alone_are_not_recut(text: str) -> None:
    """A surname or compound written apart keeps the parse it had: only a unit that is one
    glued word plus a bound suffix is cut again."""
    p = parse_name(text)
    assert p.order != "glued"
