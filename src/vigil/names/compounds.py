"""Compound names: one form for glued, spaced, hyphenated and ZWNJ-joined spellings.

غلامرضا / غلام رضا / غلام‌رضا / Gholamreza / Gholam-Reza / Gholam Reza are one given name,
and حسین‌زاده / حسین زاده / Hossein-Zadeh / Hosseinzadeh one surname. The canonical form is
glued (no space, hyphen or ZWNJ). Within a given name every word is glued (the family name
is taken out first, see `vigil.names.parse`); elsewhere only bound affixes are glued: a
prefix that never stands alone (عبد, ابو, بنی, میر / Abdol-, Abol-, Bani, Mir) joins the
word after it, a suffix (زاده, پور, نژاد, نیا, فر, الله, الدین / -zadeh, -pour, -nejad,
-nia, -far, -ollah, -oddin) joins the word before it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vigil.names.dictionary import persian_for_latin
from vigil.names.latin import canonical_affixes, normalize_latin
from vigil.names.persian import normalize_persian

PERSIAN_PREFIXES: frozenset[str] = frozenset(
    {"عبد", "ابو", "ابی", "بنی", "میر", "آل", "ام", "ال", "البو", "آلبو"}
)
PERSIAN_SUFFIXES: frozenset[str] = frozenset(
    {
        "زاده",
        "زاد",
        "پور",
        "نژاد",
        "نیا",
        "فر",
        "راد",
        "منش",
        "وند",
        "لو",
        "الله",
        "اله",
        "الدین",
        "الدوله",
        "السلطنه",
        "العابدین",
        "الملک",
        "السادات",
        "ی",
        "ای",
        "بخش",
    }
)
LATIN_PREFIXES: frozenset[str] = frozenset(
    {
        "abd",
        "abdol",
        "abdul",
        "abdel",
        "abdal",
        "abol",
        "abul",
        "abu",
        "abou",
        "abo",
        "bani",
        "beni",
        "mir",
        "al-e",
        "ale",
        # the Arab tribe Al Bu X (Albu Ghubaish): `keys` reads it as the nisba X-awi
        "albu",
        "albou",
        "alboo",
        "al-bu",
        "al-bou",
        "bu",
        "bou",
    }
)
ALBU: frozenset[str] = frozenset({"albu", "albou", "alboo", "bu", "bou"})
LATIN_SUFFIXES: frozenset[str] = frozenset(
    {
        "zadeh",
        "zade",
        "zada",
        "zadah",
        "pour",
        "pur",
        "poor",
        "nejad",
        "nezhad",
        "nejhad",
        "nijad",
        "nia",
        "niya",
        "far",
        "manesh",
        "vand",
        "lou",
        "lu",
        "allah",
        "ollah",
        "olah",
        "ullah",
        "ulla",
        "olla",
        "oddin",
        "eddin",
        "uddin",
        "addin",
        "aldin",
        "oldin",
        "edin",
        "odin",
        "dowleh",
        "doleh",
        "saltaneh",
        "abedin",
        "i",
        "ee",
        "ie",
        "y",
        "bakhsh",  # -bakhsh ends compounds (Shahbakhsh, Khodabakhsh, Allahbakhsh)
    }
)
# Suffixes that are also surnames on their own ("Rad", "Far", "Zadeh"): glued only when a
# given name would still be left in front of the pair.
_WEAK_SUFFIXES: frozenset[str] = frozenset(
    {
        "راد",
        "فر",
        "نیا",
        "زاد",
        "لو",
        "وند",
        "منش",
        "rad",
        "far",
        "nia",
        "niya",
        "lou",
        "lu",
        "vand",
        "manesh",
        "zadeh",
        "zade",
        "zada",
        "زاده",
        "بخش",
        "bakhsh",
    }
)
# Arabic article written as a separate Latin word ("al Hosseini", "al-Hosseini"): not
# Persian naming, dropped so that it does not become part of the key. In Persian script a
# separate ال is glued to the next word like the prefixes.
ARTICLES: frozenset[str] = frozenset({"al", "el"})


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def _is_persian(tok: str) -> bool:
    return _ARABIC_SCRIPT.search(tok) is not None


@lru_cache(maxsize=300_000)
def _norm(tok: str) -> str:
    return normalize_persian(tok) if _is_persian(tok) else normalize_latin(tok)


_TA_MARBUTA = re.compile(r"(?<=[a-z]{2}[^aeiouy])a{1,2}$")
_SHORT_I_BEFORE = re.compile(r"i(?=[^aeiouy]eh$)")


def _ta_marbuta(word: str) -> str:
    """Al-Khanafira, Al-Asakira, Al-Mazra'a: after the article, an unattested Latin word in
    a consonant + -a ends in the ta marbuta, which Persian spells -ه and Latin lists -eh
    (Khanafereh = خنافره, Mazraeh = مزرعه); the i before it is the short one (Arabic
    fa'a'ila). A spelling the dictionary knows (Musa, Mustafa) is left alone."""
    if _TA_MARBUTA.search(word) is None or persian_for_latin(word) is not None:
        return word
    return _SHORT_I_BEFORE.sub("e", _TA_MARBUTA.sub("eh", word))


def _strip_article(tok: str) -> str:
    """al-Hosseini -> Hosseini: a hyphenated Arabic article is not part of a Persian name
    (the word after it read in ta marbuta, `_ta_marbuta`)."""
    low = tok.lower()
    if low.startswith(("al-", "el-")) and len(tok) > 5:
        return _ta_marbuta(tok[3:])
    return tok


@lru_cache(maxsize=300_000)
def is_prefix(tok: str) -> bool:
    """True for a bound prefix that joins the following word."""
    t = _norm(tok)
    return t in PERSIAN_PREFIXES or t in LATIN_PREFIXES


@lru_cache(maxsize=300_000)
def is_suffix(tok: str) -> bool:
    """True for a bound suffix that joins the preceding word."""
    t = _norm(tok)
    return t in PERSIAN_SUFFIXES or t in LATIN_SUFFIXES


def glue(parts: list[str] | tuple[str, ...]) -> str:
    """The canonical glued form of a compound: parts concatenated without separators;
    Latin affix spellings canonical (Abdul -> abdol, -zade -> -zadeh)."""
    return _glue(tuple(parts))


@lru_cache(maxsize=300_000)
def _glue(parts: tuple[str, ...]) -> str:
    if not parts:
        return ""
    if any(_is_persian(p) for p in parts):
        return "".join(p.replace("-", "") for p in parts)
    return canonical_affixes("".join(p.replace("-", "") for p in parts))


def join_affixes(tokens: list[str], min_units: int = 2) -> list[list[str]]:
    """Group words into name units: bound prefixes join the next word, suffixes the previous.

    Returns the units as lists of words (glue them with `glue`). A weak suffix (also a
    surname on its own: Rad, Far, Zadeh) is joined only while at least ``min_units`` units
    remain, so "Ali Rad" stays given + family while "Mohammad Hossein Zadeh" becomes
    given + "Hosseinzadeh". Articles standing alone (al, el, ال) are dropped unless nothing
    else is left.
    """
    words: list[str] = []
    after_article = False
    for t in tokens:
        if _norm(t) in ARTICLES:
            after_article = True
            continue
        w = _strip_article(t)
        words.append(_ta_marbuta(w) if after_article and w == t else w)
        after_article = False
    if not words:  # nothing but an article: it is the name ("Al" as a given name)
        words = list(tokens)
    units: list[list[str]] = []
    pending: list[str] = []
    for tok in words:
        if is_prefix(tok):
            pending.append(tok)
            continue
        units.append([*pending, tok])
        pending = []
    if pending:  # a trailing prefix has nothing to join: keep it as a word
        units.append(pending)
    out: list[list[str]] = []
    for i, unit in enumerate(units):
        first = unit[0]
        remaining_after = len(units) - i - 1
        weak = _norm(first) in _WEAK_SUFFIXES
        joinable = out and len(unit) == 1 and is_suffix(first)
        if joinable and (not weak or len(out) + remaining_after >= min_units):
            out[-1] = [*out[-1], first]
            continue
        out.append(unit)
    return out
