"""Sex as reported, in English or Persian, to `vigil.domain.Sex`."""

from __future__ import annotations

from functools import lru_cache

from vigil.domain import Sex
from vigil.errors import InvalidValue
from vigil.normalize.text import fold

_WORDS: dict[str, Sex | None] = {}
for _sex, _names in (
    (
        Sex.MALE,
        (
            "male",
            "m",
            "man",
            "men",
            "boy",
            "mr",
            "h",
            "homme",
            "مرد",
            "ذکر",
            "مذکر",
            "آقا",
            "اقا",
            "پسر",
            "مرد/پسر",
            "مردانه",
        ),
    ),
    (
        Sex.FEMALE,
        (
            "female",
            "f",
            "w",
            "woman",
            "women",
            "girl",
            "mrs",
            "ms",
            "miss",
            "femme",
            "زن",
            "خانم",
            "مونث",
            "مؤنث",
            "دختر",
            "بانو",
            "زنانه",
        ),
    ),
    (
        None,
        (
            "",
            "unknown",
            "u",
            "n/a",
            "na",
            "not known",
            "unspecified",
            "?",
            "-",
            "نامشخص",
            "نامعلوم",
            "مشخص نیست",
            "نا معلوم",
        ),
    ),
):
    for _name in _names:
        _WORDS[fold(_name) if fold(_name) else _name.strip()] = _sex


@lru_cache(maxsize=65_536)  # reported values repeat a lot; results are immutable
def parse_sex(text: str | None) -> Sex | None:
    """`Sex` for a reported value, None when empty or stated unknown; InvalidValue otherwise."""
    if text is None:
        return None
    stripped = text.strip()
    key = fold(stripped) if fold(stripped) else stripped
    if key in _WORDS:
        return _WORDS[key]
    raise InvalidValue(f"{text!r} is not a sex (expected e.g. male/female, m/f, مرد/زن)")
