"""Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII.

Sources type numbers in whichever script their keyboard gives; every numeric parser
in Vigil first folds them here so that `۱۳۹۸`, `١٣٩٨` and `1398` read the same.
"""

from __future__ import annotations

_DIGITS = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # extended Arabic-Indic (Persian)
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
    }
)


def to_ascii_digits(text: str) -> str:
    """`text` with every Persian or Arabic-Indic digit (and decimal mark) made ASCII."""
    return text.translate(_DIGITS)


def has_non_ascii_digits(text: str) -> bool:
    """True when `text` holds a Persian or Arabic-Indic digit."""
    return to_ascii_digits(text) != text
