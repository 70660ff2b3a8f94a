"""Given and family name written without a space between them, and how sure a parse is.

A list may write ``محمدحسینی`` for محمد حسینی, ``علیرضاکریمی`` for علیرضا کریمی or
``mohammadhosseini`` for Mohammad Hosseini. `segment` cuts such a word against the
name lexicon (given names and surnames as attested in Iranian use by the
`arabic-name-romanizer` table, `dictionary.load_roles`) and the surname-suffix rules
(-zadeh, -pour, -nejad, -i, -zehi, -lou, -vand, -nia, -far, -rad ...): every cut whose left
part is an attested given name and whose right part is an attested surname (or an attested
name with a surname suffix) is a reading. The word itself, when it is an attested name
(محمدرضا, حسین‌زاده), is a reading too. Readings are ranked by how probable the lexicon
makes them, with their shares as confidences; none is thrown away, so linkage can compare
on all of them (`NameKeys.alt_full_key`, `glued_key`).

A surname glued with the Arabic article (``پدرامالکعبی``: Pedram al-Kaabi) weighs as
much as the surname without it, so the article does not hide the cut; the name key then
drops the article (`keys._without_article`). An unattested word with an article inside
after an attested given name (``جابرالساری``) is cut there, not read as one name.

A camel-case Latin word (``MohammadHosseini``) is cut where the capitals say, before any
of this (`split_camel`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vigil.names.dictionary import load_roles
from vigil.names.persian import article_before_arabic_letter

#: A parse whose confidence is below this is "low confidence" (a linkage diagnostic).
LOW_CONFIDENCE = 0.6

#: Share of a single-word field that is one name unit (a given name alone) rather than a
#: given name and a surname glued: lists rarely give one name only.
SINGLE_UNIT_PRIOR = 0.05
#: Weight of a given name read as a surname (Reza, Karim as family names are attested, but
#: rarer than the lexicon's given-name counts suggest).
GIVEN_AS_SURNAME = 0.05
#: How much likelier two given names glued are one compound given name than the product
#: of their frequencies says (compound given names are common: Gholamreza, Amirali).
COMPOUND_GIVEN = 100.0
#: Pseudo-count of a surname built from an attested name and a surname suffix.
SUFFIXED_SURNAME = 5.0
#: Pseudo-count of an unattested surname with a surname ending (Zargani, Sabbaghpour).
UNKNOWN_SURNAME = 1.0
#: Pseudo-count of a word the lexicon does not know, read as one name.
UNKNOWN_UNIT = 0.05
#: A surname known only by its ending is cut off only after a given name this common.
WELL_KNOWN_GIVEN = 20
#: Readings below this share are dropped; at most MAX_READINGS are kept.
MIN_SHARE = 0.02
MAX_READINGS = 4

PERSIAN_SURNAME_SUFFIXES: tuple[str, ...] = (
    "زاده",
    "پور",
    "نژاد",
    "زهی",
    "زائی",
    "زایی",
    "وند",
    "نیا",
    "فر",
    "راد",
    "منش",
    "مهر",
    "فرد",
    "آبادی",
    "لو",
    "لی",
    "ی",
    "ای",
    "ان",
    "یان",
)
LATIN_SURNAME_SUFFIXES: tuple[str, ...] = (
    "zadeh",
    "pour",
    "nejad",
    "zehi",
    "zahi",
    "zai",
    "vand",
    "wand",
    "niya",
    "nia",
    "far",
    "rad",
    "manesh",
    "mehr",
    "fard",
    "abadi",
    "lou",
    "loo",
    "lu",
    "li",
    "i",
    "y",
    "ee",
    "ian",
    "yan",
    "an",
)
_WEAK_ENDINGS = frozenset({"ان", "یان", "an", "ian", "yan"})
_SUFFIX_WORDS = frozenset(PERSIAN_SURNAME_SUFFIXES + LATIN_SURNAME_SUFFIXES) | {"zade", "zada"}
_CAMEL = re.compile(r"(?<=[a-z\u00e0-\u024f])(?=[A-Z\u00c0-\u00de\u0130\u015e\u018f])")


# Second halves of compound given names and titles that carry the article (Seyfoddin,
# Nosratoddoleh, Fatemeh-Sadat): a glued word ending in one is one name, not name + surname.
_COMPOUND_TAILS = frozenset(
    {"الدین", "الدوله", "السلطنه", "الزمان", "السادات", "الرسول", "الشریعه", "الضحی"}
)


# Bound first halves of Arabic compound given names (عبدالحسین, ابوالقاسم, ذوالفقار): the
# ال after them is the compound's own article, never the start of a family name.
_BOUND_LEFT = frozenset({"عبد", "ابو", "ذو", "آل", "بنی"})


def _arab_surname_after(left: str, right: str, known_left: bool) -> bool:
    """``right`` is an Arab family name with its article, glued to a given name ``left``
    (خلفالعموری, محمدالمزرعه, شاهرخالباوی): the article, then 4+ letters, and ``left`` no
    bound half of a compound (عبدالحسین, ابوالحسنی). After an attested given name the
    family name need only be shaped as Arab ones are: the nisba -اوی, the tribe البوX or
    the -ه of a ta marbuta (المزرعه); after a rarely attested one (خلف, سالم) the nisba or
    an Arabic letter after the article (`article_before_arabic_letter`) must mark it, and
    a Persian compound surname in -ینی (زین‌العابدینی) is not cut."""
    if not right.startswith("ال") or right.startswith("الله") or right in _COMPOUND_TAILS:
        return False
    rest = right[2:]
    if len(rest) < 4 or len(left) < 3 or left in _BOUND_LEFT or left.endswith("عبد"):
        return False
    # the nisba, or the tribe Al Bu X (البوغبیش), which `keys` reads as its nisba
    nisba = rest.endswith("اوی") or (rest.startswith("بو") and len(rest) >= 5)
    if known_left:
        return nisba or (rest.endswith("ه") and rest[-2] not in "اوی")
    return (nisba or article_before_arabic_letter(right)) and not rest.endswith("ینی")


@dataclass(frozen=True)
class Reading:
    """One way to read a glued word: ``family`` is "" when the word is read as one name."""

    given: str
    family: str
    confidence: float


# An ayn or hamza mark before the first letter ('AqilAlavi, `Abbas): not part of the case
# pattern that shows a seam.
_LEADING_MARKS = "'`´ʿʾʼʻ‘’"


def split_camel(chunk: str) -> str:
    """``MohammadHosseini`` -> ``Mohammad Hosseini``, ``'AqilAlavi`` -> ``'Aqil Alavi``;
    other words unchanged (all-caps or lower-case words have no seam to show)."""
    body = chunk.lstrip(_LEADING_MARKS)
    if not body[:1].isupper() or body.isupper():
        return chunk
    return chunk[: len(chunk) - len(body)] + _CAMEL.sub(" ", body)


def _is_persian(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def _surname_weight(part: str, persian: bool) -> float:
    roles = load_roles()
    given, surname = (
        (roles.given, roles.surname)
        if persian
        else (
            roles.latin_given,
            roles.latin_surname,
        )
    )
    if part in _SUFFIX_WORDS:
        return 0.0
    weight = surname.get(part, 0) + GIVEN_AS_SURNAME * given.get(part, 0)
    if persian and part.startswith("ال") and len(part) >= 5 and not part.startswith("الله"):
        # a glued Arabic article (پدرامالکعبی): the surname weighs as much as without it
        rest = part[2:]
        weight = max(weight, surname.get(rest, 0) + GIVEN_AS_SURNAME * given.get(rest, 0))
    if weight:
        return float(weight)
    if not persian and len(part) >= 5:  # an unattested spelling of a surname (Heidary)
        by_key = _latin_key_counts(part)[1]
        if by_key:
            return float(by_key)
    suffixed = False
    for suffix in PERSIAN_SURNAME_SUFFIXES if persian else LATIN_SURNAME_SUFFIXES:
        root = part[: -len(suffix)]
        if part.endswith(suffix) and len(root) >= 3:
            if root in given or root in surname:
                return SUFFIXED_SURNAME
            # -an ends too many given names (Kamran, Peyman) to mark a surname alone
            suffixed = suffixed or suffix not in _WEAK_ENDINGS
    # a surname the lexicon does not know, by its ending alone (Zargani, Sabbaghpour)
    return UNKNOWN_SURNAME if suffixed and len(part) >= (4 if persian else 5) else 0.0


@lru_cache(maxsize=200_000)
def _latin_key_counts(part: str) -> tuple[int, int]:
    """(given, surname) attestations of the Persian names sharing this Latin spelling's
    cross-script key: Majeed, Aly and Mohamed are read as مجید, علی, محمد."""
    from vigil.names.keys import latin_key

    key = latin_key(part)
    given, surname = _key_counts()
    return given.get(key, 0), surname.get(key, 0)


@lru_cache(maxsize=1)
def _key_counts() -> tuple[dict[str, int], dict[str, int]]:
    from vigil.names.keys import persian_key

    roles = load_roles()
    out: tuple[dict[str, int], dict[str, int]] = ({}, {})
    for table, counts in ((out[0], roles.given), (out[1], roles.surname)):
        for word, n in counts.items():
            k = persian_key(word)
            if k:
                table[k] = table.get(k, 0) + n
    return out


@lru_cache(maxsize=200_000)
def _given_weight(part: str, persian: bool) -> int:
    roles = load_roles()
    n = (roles.given if persian else roles.latin_given).get(part, 0)
    if persian or len(part) < 4:
        return n
    # by key, a spelling the lexicon does not hold is only probably that name: half weight
    return max(n, _latin_key_counts(part)[0] // 2)


@lru_cache(maxsize=200_000)
def segment(word: str) -> tuple[Reading, ...]:
    """Readings of one normalized glued word (Persian letters, or lower-case Latin),
    most probable first; () when the lexicon knows neither the word nor any cut of it."""
    if not word:
        return ()
    persian = _is_persian(word)
    roles = load_roles()
    given, surname = (
        (roles.given, roles.surname)
        if persian
        else (
            roles.latin_given,
            roles.latin_surname,
        )
    )
    total_g = float(sum(given.values()) or 1)
    total_s = float(sum(surname.values()) or 1)
    scored: list[tuple[float, str, str]] = []
    # a word the lexicon does not know may still be one name (a rare given name or a
    # surname alone): a cut must beat that
    unit_count = given.get(word, 0) + surname.get(word, 0)
    unit = SINGLE_UNIT_PRIOR * (unit_count or UNKNOWN_UNIT) / total_g
    min_left = 2 if persian else 3
    splits: list[tuple[float, str, str]] = []
    article_cut = False
    for i in range(min_left, len(word) - 2):
        left, right = word[:i], word[i:]
        g = _given_weight(left, persian)
        if g < 2:
            if not (persian and not unit_count and _arab_surname_after(left, right, False)):
                continue
            # a rarely attested Arab given name (خلف, سالم) before an Arab family name
            # with its article (خلفالعموری): the article and the nisba mark the cut
            g = 2
        g_right = _given_weight(right, persian)
        s_right = surname.get(right, 0)
        if not persian and g_right >= 2:
            s_right = max(s_right, _latin_key_counts(right)[1])
        if g_right >= 2 and g_right > s_right:
            # two given names glued are also one compound given name (Gholamreza)
            unit += SINGLE_UNIT_PRIOR * (g / total_g) * (g_right / total_g) * COMPOUND_GIVEN
        f = _surname_weight(right, persian)
        # an attested given name, then the Arabic article (جابرالساری): the article marks
        # where the surname begins as surely as a surname suffix does
        article = (
            persian
            and not unit_count
            and len(right) >= 6
            and right not in _COMPOUND_TAILS
            and (article_before_arabic_letter(right) or _arab_surname_after(left, right, True))
        )
        if article:
            f = max(f, SUFFIXED_SURNAME)
            article_cut = True
        if f <= 0 or (f == UNKNOWN_SURNAME and g < WELL_KNOWN_GIVEN):
            continue
        splits.append(((1 - SINGLE_UNIT_PRIOR) * (g / total_g) * (f / total_s), left, right))
    if unit and not article_cut:  # an unattested word with an article inside is no one name
        scored.append((unit, word, ""))
    scored += splits
    if not splits and not unit_count:
        return ()
    total = sum(s for s, _, _ in scored)
    scored.sort(key=lambda t: (-t[0], t[1]))
    out = [
        Reading(g, f, round(s / total, 3))
        for s, g, f in scored[:MAX_READINGS]
        if s / total >= MIN_SHARE
    ]
    return tuple(out)


@lru_cache(maxsize=200_000)
def attested_given(word: str) -> bool:
    roles = load_roles()
    return (roles.given if _is_persian(word) else roles.latin_given).get(word, 0) >= 2


@lru_cache(maxsize=200_000)
def attested_family(word: str) -> bool:
    return _surname_weight(word, _is_persian(word)) > 0
