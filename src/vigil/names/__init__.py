"""Persian-aware name handling for linkage: normalization, titles, compounds and the
cross-script key under which محمد حسینی, Mohammad Hosseini and HOSSEINI, Muhammad meet.

Everything here is a pure function (the dictionary is read once, lazily) and cached per
distinct input, so keying a million records costs seconds, not hours.

    >>> a = name_keys(parse_name("HOSSEINI, Muhammad"))
    >>> b = name_keys(parse_name("سید محمد حسيني"))
    >>> (a.given_key, a.family_key, a.full_key == b.full_key, b.titles)
    ('MHMD', 'HSINI', True, 'seyed')

Modules: `persian` and `latin` (normalization), `titles`, `compounds`, `parse`
(`parse_name`), `keys` (the key alphabet, `name_keys`, `father_key`), `romanize` (rules for
names the dictionary lacks), `dictionary` (the arabic-name-romanizer table, read both ways).
"""

from vigil.names.compounds import glue, join_affixes
from vigil.names.dictionary import candidates, load_dictionary
from vigil.names.keys import (
    RECORD_KEY_COLUMNS,
    NameKeys,
    father_key,
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
from vigil.names.persian import has_persian_letters, normalize_persian
from vigil.names.romanize import romanize_persian_word
from vigil.names.titles import TITLES, split_titles, title_of

__all__ = [
    "RECORD_KEY_COLUMNS",
    "TITLES",
    "NameKeys",
    "ParsedName",
    "candidates",
    "canonical_latin",
    "father_key",
    "glue",
    "has_persian_letters",
    "join_affixes",
    "latin_key",
    "latin_rule_key",
    "load_dictionary",
    "loose_key",
    "name_keys",
    "normalize_latin",
    "normalize_persian",
    "parse_name",
    "persian_key",
    "romanize_persian_word",
    "romanized",
    "split_titles",
    "strip_diacritics",
    "title_of",
    "word_key",
]
