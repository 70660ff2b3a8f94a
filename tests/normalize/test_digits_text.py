from __future__ import annotations

import pytest

from vigil.normalize import fold, to_ascii_digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۳۹۸/۰۸/۲۶", "1398/08/26"),  # Persian digits
        ("١٣٩٨/٠٨/٢٦", "1398/08/26"),  # Arabic-Indic digits
        ("1398/08/26", "1398/08/26"),
        ("سن ۱۷ سال", "سن 17 سال"),
        ("۳٫۵", "3.5"),  # Arabic decimal separator
        ("", ""),
    ],
)
def test_to_ascii_digits(text: str, expected: str) -> None:
    assert to_ascii_digits(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("علي", "علی"),  # Arabic yeh vs Persian yeh
        ("كرمانشاه", "کرمانشاه"),  # Arabic kaf vs Persian keheh
        ("اسلام‌شهر", "اسلامشهر"),  # ZWNJ glued vs none
        ("اسلام شهر", "اسلامشهر"),  # split vs glued
        ("مُحَمَّد", "محمد"),  # harakat
        ("Eşfahān", "esfahan"),  # Latin diacritics and case
        ("Bandar-e Mahshahr", "bandare mahshahr"),
    ],
)
def test_fold_makes_variants_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_names_apart() -> None:
    assert fold("حسن") != fold("حسین")
    assert fold("Tehran") != fold("Tabriz")
