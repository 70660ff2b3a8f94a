"""Persian-script name normalization.

Reports of one victim come typed on Persian keyboards (ی ک), Arabic ones (ي ك ة ى), with
short-vowel marks, tatweel, presentation forms, zero-width non-joiners and either glued or
spaced compounds. `normalize_persian` folds all of that to one spelling in Persian letter
forms so that equal names compare equal as strings; it keeps آ and the hamza seat ئ because
they are part of the Persian spelling (the phonetic key folds them later).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vigil.normalize.digits import to_ascii_digits

ZWNJ = "\u200c"

_LETTER_FORMS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u06d2": "\u06cc",  # ے Urdu yeh barree -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک
        "\u0629": "\u0647",  # ة ta marbuta -> ه
        "\u06c0": "\u0647",  # ۀ heh with yeh above -> ه
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u06be": "\u0647",  # ھ heh doachashmee (Kurdish, Urdu) -> ه
        "\u06ce": "\u06cc",  # ێ Sorani yeh with small v (ê) -> ی
        "\u06c6": "\u0648",  # ۆ Sorani oe (o) -> و
        "\u06c7": "\u0648",  # ۇ u (Uyghur, Turkmen) -> و
        "\u06c8": "\u0648",  # ۈ yu -> و
        "\u06cb": "\u0648",  # ۋ ve -> و
        "\u06a4": "\u0648",  # ڤ veh (Kurdish v) -> و
        "\u0695": "\u0631",  # ڕ Sorani rolled r -> ر
        "\u06b5": "\u0644",  # ڵ Sorani velarized l -> ل
        "\u06b6": "\u0644",
        "\u06b7": "\u0644",
        "\u0623": "\u0627",  # أ alef with hamza above -> ا
        "\u0625": "\u0627",  # إ alef with hamza below -> ا
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        "\u0624": "\u0648",  # ؤ waw with hamza -> و
        "\u0640": None,  # tatweel
        "\u200d": None,  # zero-width joiner
        "\u200e": None,  # left-to-right mark
        "\u200f": None,  # right-to-left mark
        "\u061c": None,  # Arabic letter mark
        "\ufeff": None,  # byte-order mark
        "\u200b": None,  # zero-width space
        "\u0654": None,  # hamza above as a combining mark
        "\u0655": None,
    }
)
# Harakat (fatha, kasra, damma, tanwin, shadda, sukun...), superscript alef, Quranic marks.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")
# Punctuation that separates words in either script.
_SEPARATORS = re.compile(r"[\s\u060c\u061b\u061f\u066b\u066c,;:!?\"()\[\]{}/\\|_.«»“”]+")
_SPACES = re.compile(r"\s+")
# Sorani Kurdish writes every vowel: ە is a short a/e that Persian leaves unwritten
# (بەختیار = بختیار), except at the end of a word, where it is the -eh of Persian (فاتمە).
_AE = "\u06d5"
_SORANI_AE = re.compile("\u06d5(?=[\u0621-\u06ff])")
# Letters only Sorani Kurdish uses; a word holding one follows Sorani spelling.
_SORANI = re.compile("[\u06d5\u06ce\u06c6\u0695\u06b5\u06a4]")
# Sorani writes a short u as و and the long one as وو: a single و between two consonant
# letters is the short vowel Persian leaves unwritten (عومەر = عمر, حوسێن = حسین).
_CONSONANT = "[\u0628-\u063a\u0641-\u0647\u067e\u0686\u0698\u06a9\u06af\u0695\u06b5]"
_SORANI_SHORT_U = re.compile(f"(?<={_CONSONANT})\u0648(?={_CONSONANT})")


def _sorani_word(word: str) -> str:
    if not _SORANI.search(word):
        return word
    word = word.replace("\u0648\u0648", "\x00")
    word = _SORANI_SHORT_U.sub("", word).replace("\x00", "\u0648")
    return _SORANI_AE.sub("", word).replace(_AE, "\u0647")


def has_persian_letters(text: str) -> bool:
    """True when `text` holds at least one Arabic-script letter."""
    return bool(_ARABIC_LETTER.search(text))


@lru_cache(maxsize=300_000)
def normalize_persian(text: str, *, keep_zwnj: bool = False) -> str:
    """One spelling for an Arabic-script name: Persian letter forms, no marks, ASCII digits.

    Arabic ي ى ك ة and alef/hamza seats (أ إ ٱ ؤ) become ی ک ه ا و; harakat, shadda,
    superscript alef and tatweel are dropped; presentation forms are decomposed (NFKC);
    Persian and Arabic-Indic digits become ASCII; punctuation and runs of spaces become one
    space. Kurdish (Sorani) letters fold to the Persian letter for the same sound
    (ێ ۆ ڕ ڵ ڤ ھ to ی و ر ل و ه); Sorani's written short vowel ە is dropped inside a word and
    read as ه at its end. A zero-width non-joiner inside a compound (غلام‌رضا,
    حسین‌زاده) is removed so the glued and the ZWNJ spelling are equal; pass
    ``keep_zwnj=True`` to keep it as a word boundary instead (it then becomes a space).
    Idempotent.
    """
    text = unicodedata.normalize("NFKC", text)
    text = to_ascii_digits(text)
    text = text.replace(ZWNJ, " " if keep_zwnj else "")
    if _SORANI.search(text):
        text = " ".join(_sorani_word(w) for w in text.split(" "))
    text = text.translate(_LETTER_FORMS)
    text = _MARKS.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def persian_tokens(text: str) -> list[str]:
    """Words of a Persian name; a ZWNJ is kept as a soft boundary (split here, glued later)."""
    return normalize_persian(text, keep_zwnj=True).split()


# Letters the Arabic article assimilates to (al-Zuhairi is said az-Zuhairi).
SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")
# Moon letters that begin Arabic words but no Persian name that starts with ال (those are
# Elham, Elyas, Alvand, Almas, Alborz, Olfat, Alexander: ه ی و م ب ف ک).
ARABIC_MOON_LETTERS = frozenset("عحخقغج")


def article_before_arabic_letter(word: str) -> bool:
    """The word begins with the Arabic article before a sun letter or an Arabic moon letter
    and has a word of 3+ letters after it (الکعبی is not, الخنافره and الساری are): how an
    unattested word is told from a Persian name that begins with ال."""
    return (
        word.startswith("ال")
        and len(word) >= 5
        and not word.startswith("الله")
        and (word[2] in SUN_LETTERS or word[2] in ARABIC_MOON_LETTERS)
    )
