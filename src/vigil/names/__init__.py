"""Persian-aware name handling for linkage: normalization, titles, compounds and the
cross-script key under which محمد حسینی, Mohammad Hosseini and HOSSEINI, Muhammad meet.

Everything here is a pure function (the dictionary is read once, lazily) and cached per
distinct input, so keying a million records costs seconds, not hours.

    >>> keys = name_keys(parse_name("HOSSEINI, Muhammad"))
    >>> keys == name_keys(parse_name("محمد حسيني"))
    ...
"""

from vigil.names.compounds import glue, join_affixes
from vigil.names.dictionary import candidates, load_dictionary
from vigil.names.keys import (
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
