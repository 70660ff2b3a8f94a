"""Folding of Persian/Arabic script and Latin text into comparison keys.

Sources mix Arabic letter forms (ي ك ة) with Persian ones (ی ک ه), add short-vowel marks,
tatweel and zero-width non-joiners, and transliterate with or without diacritics
(Eşfahān / Esfahan). Lookups compare `fold()`ed keys so that these differences vanish;
displayed text is never folded.
"""

from __future__ import annotations

import re
import unicodedata

from vigil.normalize.digits import to_ascii_digits

_ARABIC_TO_PERSIAN = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي -> ی
        "\u0649": "\u06cc",  # ى -> ی
        "\u0643": "\u06a9",  # ك -> ک
        "\u0629": "\u0647",  # ة -> ه
        "\u06c0": "\u0647",  # ۀ -> ه
        "\u06d5": "\u0647",  # ە (Kurdish ae) -> ه
        "\u06c1": "\u0647",  # ہ (Urdu heh goal) -> ه
        "\u06be": "\u0647",  # ھ (heh doachashmee, Kurdish) -> ه
        "\u06ce": "\u06cc",  # ێ (Sorani ê) -> ی
        "\u06c6": "\u0648",  # ۆ (Sorani o) -> و
        "\u06a4": "\u0648",  # ڤ (Kurdish v) -> و
        "\u0695": "\u0631",  # ڕ (Sorani rolled r) -> ر
        "\u06b5": "\u0644",  # ڵ (Sorani velarized l) -> ل
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0622": "\u0627",  # آ -> ا (آباد / اباد are written both ways)
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u06cc",  # ئ -> ی
        "\u0640": "",  # tatweel
        "\u200c": "",  # zero-width non-joiner (glued and split forms compare equal)
        "\u200d": "",
        "\u200f": "",
        "\u200e": "",
        "\ufeff": "",
    }
)
# Arabic harakat, superscript alef, Quranic marks.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_SEPARATORS = re.compile(r"[\s\-_'`‘’ʼʻ\".,()/\\]+")


def fold_arabic_script(text: str) -> str:
    """Persian letter forms for Arabic ones, without harakat, tatweel or ZWNJ."""
    return _MARKS.sub("", text.translate(_ARABIC_TO_PERSIAN))


# Latin letters that have no decomposition: Azerbaijani schwa and the undotted i.
_UNDECOMPOSED = str.maketrans({"ə": "e", "Ə": "E", "ı": "i", "ł": "l", "Ł": "L"})


def strip_latin_diacritics(text: str) -> str:
    """ā -> a, ş -> s, ẕ -> z, ə -> e, ı -> i; Arabic-script letters are left intact."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    kept = [
        ch
        for ch in decomposed
        if not (unicodedata.combining(ch) and not ("\u0600" <= ch <= "\u06ff"))
    ]
    return unicodedata.normalize("NFC", "".join(kept))


def fold(text: str) -> str:
    """A comparison key: case, diacritics, letter forms, digits and separators folded away."""
    text = to_ascii_digits(unicodedata.normalize("NFKC", text))
    text = fold_arabic_script(text)
    text = strip_latin_diacritics(text).casefold()
    return _SEPARATORS.sub("", text)


def words(text: str) -> list[str]:
    """`text` folded word by word (separators kept as word boundaries)."""
    text = to_ascii_digits(unicodedata.normalize("NFKC", text))
    text = strip_latin_diacritics(fold_arabic_script(text)).casefold()
    return [w for w in _SEPARATORS.split(text) if w]


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)
