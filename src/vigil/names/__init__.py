"""Persian-aware name handling for linkage: normalization, titles, compounds and the
cross-script key under which محمد حسینی, Mohammad Hosseini and HOSSEINI, Muhammad meet.

Everything here is a pure function (the dictionary is read once, lazily) and cached per
distinct input, so keying a million records costs seconds, not hours.

    >>> a = name_keys(parse_name("HOSSEINI, Muhammad"))
    >>> b = name_keys(parse_name("سید محمد حسيني"))
    >>> (a.given_key, a.family_key, a.full_key == b.full_key, b.titles)
    ('MHMD', 'HSINI', True, 'seyed')

Names as written in the field: a father written into the name (`patronymic`), given and
family glued into one word (`segment`, every plausible reading kept, ranked), Kurdish,
Azerbaijani and Turkmen letters; `ParsedName.confidence` and `parse_confidence` say how sure
a parse is (below `LOW_CONFIDENCE` it is a guess).

Modules: `persian` and `latin` (normalization), `titles`, `compounds`, `parse`
(`parse_name`), `keys` (the key alphabet, `name_keys`, `father_key`), `romanize` (rules for
names the dictionary lacks), `dictionary` (the arabic-name-romanizer table, read both ways).
"""

from collections.abc import Iterable

from vigil.names.compounds import glue, join_affixes
from vigil.names.dictionary import candidates, load_dictionary
from vigil.names.keys import (
    RECORD_KEY_COLUMNS,
    NameKeys,
    father_key,
    glued_key,
    latin_key,
    latin_rule_key,
    loose_key,
    name_keys,
    persian_key,
    romanized,
    word_key,
)
from vigil.names.latin import canonical_latin, normalize_latin, strip_diacritics
from vigil.names.parse import ParsedName, parse_name
from vigil.names.patronymic import Patronymic, split_patronymic
from vigil.names.persian import has_persian_letters, normalize_persian
from vigil.names.romanize import romanize_persian_word
from vigil.names.segment import LOW_CONFIDENCE, Reading, segment
from vigil.names.titles import TITLES, split_titles, title_of

__all__ = [
    "LOW_CONFIDENCE",
    "RECORD_KEY_COLUMNS",
    "TITLES",
    "NameKeys",
    "ParsedName",
    "Patronymic",
    "Reading",
    "candidates",
    "canonical_latin",
    "father_key",
    "glue",
    "glued_key",
    "has_persian_letters",
    "join_affixes",
    "latin_key",
    "latin_rule_key",
    "load_dictionary",
    "loose_key",
    "low_confidence_share",
    "name_keys",
    "normalize_latin",
    "normalize_persian",
    "parse_confidence",
    "parse_name",
    "persian_key",
    "romanize_persian_word",
    "romanized",
    "segment",
    "split_patronymic",
    "split_titles",
    "strip_diacritics",
    "title_of",
    "word_key",
]


def parse_confidence(raw: str | None, given: str | None = None, family: str | None = None) -> float:
    """How sure the parse of a stored name is (0-1; `ParsedName.confidence`): derived from
    the name as reported, so a store needs no column for it."""
    return parse_name(raw, given, family).confidence


def low_confidence_share(
    names: Iterable[tuple[str | None, str | None, str | None]],
) -> float:
    """Share of names (raw, given, family as stored) whose parse is below
    `LOW_CONFIDENCE`: a linkage diagnostic (0.0 for no names)."""
    total = low = 0
    for raw, given, family in names:
        total += 1
        low += parse_confidence(raw, given, family) < LOW_CONFIDENCE
    return low / total if total else 0.0
