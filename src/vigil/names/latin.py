"""Latin-script name normalization and a canonical spelling for string similarity.

Transliterations of one Persian name differ in case, diacritics (Ḥosaynī, Moḥammad),
ayn/hamza marks (Ja'fari, Jaʿfari, Mas`ud), hyphens (Gholam-Reza) and letter conventions
(Qasemi/Ghasemi, Khosravi/Xosravi, Mousavi/Musavi/Moosavi, Hosseini/Hoseyni). Two levels:

- `normalize_latin`: lower case, ASCII letters, marks removed, one space between words;
  hyphens kept so the compound logic can see them. Idempotent.
- `canonical_latin`: one word made comparable by Jaro-Winkler across conventions
  (doubled letters, q/gh, x/kh, w/v, ou/oo/u, ee/ey/ei, common affix spellings).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vigil.normalize.digits import to_ascii_digits

# Letters with a decomposition that is not "base + mark" or whose mark changes the sound.
_SPECIAL = str.maketrans(
    {
        "š": "sh",
        "Š": "sh",
        "ş": "sh",
        "Ş": "sh",
        "č": "ch",
        "Č": "ch",
        "ç": "ch",
        "Ç": "ch",
        "ž": "zh",
        "Ž": "zh",
        "ğ": "gh",
        "Ğ": "gh",
        "ġ": "gh",
        "Ġ": "gh",
        "ḫ": "kh",
        "Ḫ": "kh",
        "ḵ": "kh",
        "Ḵ": "kh",
        "ẖ": "kh",
        "ı": "e",  # Azerbaijani/Turkmen undotted i: a short vowel (Qasımlı = قاسملی)
        "İ": "i",
        "ê": "ey",  # Kurdish ê is the long e/i Persian writes ی (Şêrko = شیرکو)
        "Ê": "ey",
        "û": "ou",  # Kurdish û is the long u Persian writes و
        "Û": "ou",
        "ə": "e",
        "Ə": "e",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ň": "n",
        "Ň": "n",
    }
)
# Apostrophes, ayn and hamza marks: dropped inside a word (Ja'fari -> jafari).
_MARKS = str.maketrans({c: None for c in "'`´ʿʾʼʻ‘’′ʹˈ"})
_HYPHENS = str.maketrans({c: "-" for c in "‐‑‒–—−﹣－"})
_NOT_NAME = re.compile(r"[^a-z\- ]+")
_HYPHEN_RUNS = re.compile(r"\s*-[\s-]*")
_SPACES = re.compile(r"\s+")


# Letters only Azerbaijani, Turkmen, Turkish or Kurdish (Hawar) Latin use: a word holding
# one is written in an alphabet where c is j (Cəfər = Jafar, Cegerxwîn) and x is kh.
_TURKIC_KURDISH = re.compile("[əƏıİğĞşŞçÇêÊîÎûÛöÖüÜäÄňŇýÝ]")
_C_AS_J = str.maketrans({"c": "j", "C": "J"})


# Turkish/Azeri Latin written without its marks (Cemal, Cafer, Cevad, Huseyin): Persian
# romanization never writes k or s as a c before a vowel (only in ch), so such a c is j.
_ASCII_C_AS_J = re.compile(r"(?<!s)c(?=[aeiou])")


def _c_as_j(word: str) -> str:
    return word.translate(_C_AS_J) if _TURKIC_KURDISH.search(word) else word


# A word-final undotted i is the -ی of a surname or nisba (Salması = سلماسی, Aslanı =
# اصلانی, Qasımlı = قاسملی), a long vowel, not the short one it is inside a word.
_FINAL_DOTLESS_I = re.compile(r"ı(?![^\W\d_])")


# A word in Turkmen Latin: ý ä ň are its own letters, and it writes the vowel ı as y between
# consonants (Gylyç, Atamyrat). Turkmen has no q: like the Turkic languages Persian script
# writes, its k and g next to a back vowel (a o u y) are the ق/غ of the Persian spelling
# (Gylyç = قلیچ, Akdabaý = آق‌تابای, Gojuk = قوجق).
_TURKMEN_WORD = re.compile(
    r"[ýäň]|(?<=[bcçdfghjklmnprsştvwzž])y(?=[bcçdfghjklmnprsştvwzž]|$)", re.IGNORECASE
)
_TURKMEN_BACK_VELAR = re.compile(r"[gk](?=[aouy])|(?<=[aouy])k(?![aeiouyäöüý])", re.IGNORECASE)


# A word in Kurdish (Hawar) Latin marks its long vowels (ê î û); its plain i is the short
# vowel Persian does not write (Nadirî = نادری, Xalidî = خالدی), as e is.
_KURDISH_WORD = re.compile("[êîûÊÎÛ]")


def _kurdish_short_i(word: str) -> str:
    if not _KURDISH_WORD.search(word):
        return word
    return word.replace("i", "e").replace("I", "E")


def _turkmen_velars(word: str) -> str:
    if not _TURKMEN_WORD.search(word):
        return word
    return _TURKMEN_BACK_VELAR.sub(lambda m: "Q" if m.group().isupper() else "q", word)


def strip_diacritics(text: str) -> str:
    """Latin letters without marks; š ž č ḫ ġ become sh zh ch kh gh first. In a word
    written in Azerbaijani, Turkmen or Kurdish Latin (it holds ə ı ğ ş ç ê î û ö ü ä ň ý),
    c is read j: Cəfər = Jafar, Məmməd Cəlil; a final ı is i (Salması); in a Turkmen word
    k and g by a back vowel are q (Gylyç = قلیچ); in a Kurdish word, with ê î û, a plain i is
    short (Nadirî = Naderi)."""
    if _TURKIC_KURDISH.search(text):
        text = " ".join(_c_as_j(w) for w in text.split(" "))
        text = _FINAL_DOTLESS_I.sub("i", text)
        text = " ".join(_kurdish_short_i(_turkmen_velars(w)) for w in text.split(" "))
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=300_000)
def normalize_latin(text: str) -> str:
    """Lower-case ASCII words: diacritics and ayn/hamza marks removed, hyphens kept.

    Digits and other symbols become spaces. ``"HOSSEINI, Mu\u1e25ammad"`` becomes
    ``"hosseini muhammad"`` (the comma, which marks "SURNAME, Given" order, is read by
    `parse_name` before this runs).
    """
    text = to_ascii_digits(unicodedata.normalize("NFKC", text))
    text = strip_diacritics(text.translate(_HYPHENS)).translate(_MARKS).lower()
    text = _NOT_NAME.sub(" ", text)
    text = _HYPHEN_RUNS.sub("-", text).strip("- ")
    text = _SPACES.sub(" ", text)
    # a c before a vowel is the j of Turkish/Azeri Latin written without marks (Cemal,
    # Cafer): Persian romanization never writes one
    text = _ASCII_C_AS_J.sub("j", text)
    return text.replace(" -", "-").replace("- ", "-").strip("- ")


# Affix spellings that vary a lot between sources, folded to one; applied by `canonical_latin`.
_AFFIX_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(?<=[a-z]{2})z[ao]d(?:eh|e|ah|a)$", "zadeh"),  # zadeh, zade, zada, zodeh
        (r"(?<=[a-z]{2})(?:pour|poor|pur)$", "pour"),
        (r"(?<=[a-z]{2})(?:nejh?ad|nezh?ad|nijad|nazhad|nejaad|najad)$", "nejad"),
        (r"(?<=[a-z]{2})[aeiou](?:llah?|lah|lleh?)$", "olah"),
        (r"(?<=[a-z]{2})[aeiou][ld]?d[iy]ne?$", "odin"),
        (r"^(?:abd[aeiou]?l(?=[a-z]{3})|abd[aeiou]?r(?=r)|abd(?=[^aeiou][a-z]{2}))", "abdol"),
        (r"^(?:ab[ou]l|abou?l)(?=[a-z]{3})", "abol"),
        (r"^ab(?:ou|u)(?=[^aeiou][a-z]{2})", "abo"),
    )
)


@lru_cache(maxsize=300_000)
def canonical_affixes(word: str) -> str:
    """Common affix spellings folded: -zade/-zada -> -zadeh, -pur/-poor -> -pour,
    -nezhad/-nejhad -> -nejad, -allah/-ullah -> -olah, -eddin/-uddin -> -odin,
    Abdul-/Abdel-/Abd-al- -> abdol, Abul- -> abol."""
    for pattern, repl in _AFFIX_RULES:
        word = pattern.sub(repl, word)
    return word


_SUFFIX_WORDS: dict[str, str] = {
    v: canon
    for canon, variants in {
        "zadeh": ("zadeh", "zade", "zada", "zadah", "zodeh"),
        "pour": ("pour", "pur", "poor"),
        "nejad": ("nejad", "nezhad", "nejhad", "nijad", "nezhaad", "najad", "nazhad"),
        "olah": ("allah", "ollah", "ullah", "olah", "ulla", "olla", "alla", "ola"),
        "odin": ("oddin", "eddin", "uddin", "addin", "aldin", "oldin", "edin", "odin"),
    }.items()
    for v in variants
}


def canonical_suffix_word(word: str) -> str:
    """A suffix written as its own word (Kareem Zada, Mohammad-Nijad) in its canonical
    spelling (zadeh, nejad, pour, olah, odin); any other word unchanged."""
    return _SUFFIX_WORDS.get(word, word)


_CANON_STEPS: tuple[tuple[str, str], ...] = (
    ("tch", "ch"),
    ("dj", "j"),
    ("q", "gh"),
    ("x", "kh"),
    ("w", "v"),
    ("ph", "f"),
    ("oo", "u"),
    ("ou", "u"),
    ("ee", "i"),
    ("ey", "ei"),
    ("iy", "i"),
    ("ay", "ai"),
    ("ck", "k"),
    ("c", "k"),
)
_DOUBLES = re.compile(r"([a-z])\1+")
_FINAL_I = re.compile(r"(?:ie|iy|y)$")


@lru_cache(maxsize=300_000)
def canonical_latin(word: str) -> str:
    """One spelling per convention cluster, for Jaro-Winkler: q->gh, x->kh, w->v, ou/oo->u,
    ee->i, ey->ei, doubled letters single, affixes canonical, hyphens and spaces removed.

    ``Hosseini``, ``Hoseyni`` -> ``hoseini``; ``Qasemi`` -> ``ghasemi``; ``Mousavi`` ->
    ``musavi``. Not a phonetic key (vowels stay), so similar-but-distinct names keep a
    graded similarity. Idempotent.
    """
    w = normalize_latin(word).replace("-", "").replace(" ", "")
    for _ in range(4):  # the rewrites can expose each other (aiya -> aiia -> aia): fixpoint
        prev, w = w, _canonical_pass(w)
        if w == prev:
            break
    return w


def _canonical_pass(w: str) -> str:
    w = canonical_affixes(w)
    # "ch" must survive "c" -> "k": protect it while the steps run.
    w = w.replace("ch", "\x01")
    for old, new in _CANON_STEPS:
        w = w.replace(old, new)
    w = w.replace("\x01", "ch")
    w = _DOUBLES.sub(r"\1", w)
    w = _FINAL_I.sub("i", w)
    return canonical_affixes(w)
