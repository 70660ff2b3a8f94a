"""Honorifics and titles: kept apart from the name, returned, never thrown away.

"Seyed Mohammad Hosseini", "سید محمد حسینی" and "Mohammad Hosseini" are one man: the
lineage title (Seyed = descendant of the Prophet), the pilgrim titles (Haj, Karbalaei,
Mashhadi) and forms of address are written by some sources and not others, so they must
not take part in the name key. They remain useful evidence, so `split_titles` returns them
under one canonical spelling each.
"""

from __future__ import annotations

from functools import lru_cache

from vigil.names.latin import normalize_latin
from vigil.names.persian import normalize_persian

# canonical title -> spellings (Latin spellings are compared after normalize_latin,
# Persian ones after normalize_persian with ZWNJ removed).
TITLES: dict[str, tuple[str, ...]] = {
    "seyed": (
        "seyed",
        "seyyed",
        "seied",
        "seyd",
        "sayed",
        "sayyed",
        "sayyid",
        "sayid",
        "syed",
        "seyyid",
        "seiied",
        "سید",
    ),
    "seyedeh": (
        "seyedeh",
        "seyyedeh",
        "sayyedeh",
        "sayedeh",
        "seyede",
        "seyyede",
        "sayyida",
        "سیده",
    ),
    "sadat": ("sadat", "saadat", "سادات"),
    "haj": (
        "haj",
        "hajj",
        "hadj",
        "haji",
        "hajji",
        "hadji",
        "hajiyeh",
        "hajieh",
        "hajie",
        "hajiye",
        "حاج",
        "حاجی",
        "حاجیه",
    ),
    "mirza": ("mirza", "mirzā", "میرزا"),
    "sheikh": ("sheikh", "sheykh", "shaikh", "shaykh", "sheik", "shekh", "شیخ"),
    "mashhadi": ("mashhadi", "mashadi", "mashdi", "mashti", "mashhdi", "مشهدی", "مشدی", "مشتی"),
    "karbalaei": (
        "karbalaei",
        "karbalai",
        "karbalaee",
        "karbalayi",
        "kerbelai",
        "karbalaie",
        "کربلایی",
        "کربلائی",
    ),
    "molla": ("molla", "mulla", "mullah", "mollah", "ملا"),
    "agha": ("agha", "aqa", "aga", "aghaye", "aghay", "آقا", "آقای"),
    "khanom": ("khanom", "khanum", "khanoum", "khanem", "خانم"),
    "beygom": ("beygom", "beigom", "begum", "baygum", "بیگم"),
    "ostad": ("ostad", "ustad", "استاد"),
    "dr": ("dr", "doctor", "دکتر"),
    "mohandes": ("mohandes", "eng", "engineer", "مهندس"),
    "mr": ("mr", "mister"),
    "mrs": ("mrs", "ms", "miss"),
    "shahid": ("shahid", "shaheed", "martyr", "شهید"),
    "hojatoleslam": ("hojatoleslam", "hojjatoleslam", "hojjat-ol-eslam", "حجتالاسلام"),
    "ayatollah": ("ayatollah", "ayatolah", "ayatullah", "آیتالله", "آیت الله"),
    "sardar": ("sardar", "سردار"),
}

# Titles that may also follow the given name ("Fatemeh Sadat Hosseini", "Zahra Khanom").
TRAILING_TITLES: frozenset[str] = frozenset({"sadat", "khanom", "beygom", "agha"})


def _key(token: str) -> str:
    if any("\u0600" <= ch <= "\u06ff" for ch in token):
        return normalize_persian(token)
    return normalize_latin(token).replace("-", "")


_LOOKUP: dict[str, str] = {_key(v): canon for canon, vs in TITLES.items() for v in vs}
_LOOKUP.pop("", None)
# Also used as given names or surnames: a title only when two name words follow.
_AMBIGUOUS: frozenset[str] = frozenset(
    {"agha", "aga", "mirza", "sadat", "haji", "shahid", "sardar"}
)


@lru_cache(maxsize=300_000)
def title_of(token: str) -> str | None:
    """Canonical title for one word, or None when the word is not a title."""
    return _LOOKUP.get(_key(token))


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one dropped, added, changed or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# Titles recognized with a typo: only those whose one-edit neighbours are not names or
# name roots (Haj is one edit from Hadi, Mashti from Rashti, Karbalai from Karbala, Sadat
# from Sadaf), and only from spellings of four letters or more.
_TYPO_TITLES = frozenset({"seyed", "seyedeh", "sheikh", "hojatoleslam", "ayatollah", "mohandes"})
_TYPO_SOURCES: tuple[tuple[str, str], ...] = tuple(
    (spelling, canon)
    for spelling, canon in _LOOKUP.items()
    if len(spelling) >= 4 and canon in _TYPO_TITLES
)


@lru_cache(maxsize=300_000)
def fuzzy_title_of(token: str) -> str | None:
    """`title_of`, or the title one typo away ("Seye", "Seyyeed", "Sheihk") when the word
    has four letters or more and is not itself an attested name in the dictionary: Sadaf
    and Sepideh are one edit from Sadat and سیده, but the dictionary knows them as names.
    For words followed by a name only (`split_titles`): a typo'd title then never becomes
    part of the given name."""
    exact = title_of(token)
    if exact is not None:
        return exact
    key = _key(token)
    if len(key) < 4:
        return None
    hits = {canon for spelling, canon in _TYPO_SOURCES if _one_edit(key, spelling)}
    if hits == {"seyed", "seyedeh"}:
        hits = {"seyed"}  # Seyyeed: one edit from both Seyyed and Seyyede
    if len(hits) != 1:
        return None
    from vigil.names.dictionary import load_dictionary, readings

    known = (
        bool(load_dictionary().latin_spellings(key))
        if any("\u0600" <= c <= "\u06ff" for c in key)
        else bool(readings(key))
    )
    return None if known else hits.pop()


def split_titles(tokens: list[str], *, given_only: bool = False) -> tuple[list[str], list[str]]:
    """(titles, name tokens): leading titles, and trailing-type titles after the first name
    word, are taken out; at least one name word is always left, so a bare "Haji" or "میرزا"
    stays a name. Ambiguous words (Mirza, Agha, Haji) count as titles only when two name
    words follow them. A leading title is recognized with one typo (`fuzzy_title_of`).
    "Mir" is not a title here: it is glued to the next word as part of
    the name (Mir Hossein = Mirhossein), see `vigil.names.compounds`. With ``given_only``
    (a given-name column), a trailing-type title may also be the last word ("Zahra Sadat")."""
    titles: list[str] = []
    rest = list(tokens)
    while len(rest) > 1:
        t = fuzzy_title_of(rest[0])
        if t is None or (is_ambiguous_title(rest[0]) and len(rest) < 3):
            break
        titles.append(t)
        rest.pop(0)
    if rest and (len(rest) > 1 or given_only):
        glued, word = split_glued_title(rest[0])
        if glued is not None:
            titles.append(glued)
            rest[0] = word
    kept: list[str] = rest[:1]
    for i, tok in enumerate(rest[1:], start=1):
        t = title_of(tok)
        is_last = i == len(rest) - 1
        if t in TRAILING_TITLES and (given_only or not is_last):
            titles.append(t)
            continue
        kept.append(tok)
    return titles, kept


_GLUED_PREFIXES: tuple[tuple[str, str], ...] = (
    ("سیده", "seyedeh"),
    ("سید", "seyed"),
    ("حاج", "haj"),
    ("seyyed", "seyed"),
    ("seyed", "seyed"),
    ("sayyed", "seyed"),
    ("sayed", "seyed"),
    ("syed", "seyed"),
    ("haj", "haj"),
)


@lru_cache(maxsize=300_000)
def split_glued_title(word: str) -> tuple[str | None, str]:
    """(title, rest) for a title glued to a given name (سیدعلی, Seyedmohammad, حاجمحمد) when
    the rest is an attested given name in the dictionary; (None, word) otherwise, so that
    Seyedi or حاجیان stay whole."""
    from vigil.names.dictionary import load_dictionary, persian_for_latin

    for prefix, canon in _GLUED_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = word[len(prefix) :]
            if any("\u0600" <= c <= "\u06ff" for c in rest):
                known = bool(load_dictionary().latin_spellings(rest))
            else:
                known = persian_for_latin(rest) is not None
            if known:
                return canon, rest
    return None, word


@lru_cache(maxsize=300_000)
def is_ambiguous_title(token: str) -> bool:
    """True for a title word that is also a common given name or surname part."""
    return _key(token) in _AMBIGUOUS
