"""Age as reported ("17", "۱۷ ساله", "17 years", "17-19", "about 30") to an `Age` interval.

Sources often give an age band or an approximation; it is kept as reported (low..high)
rather than forced to one number, and `exact` is set only when the report was one number.
Intervals: "17-19" (any dash), "between 17 and 19", "17 تا 19"; "20s" / "دهه ۲۰" 20-29,
"early 20s" 20-23, "mid 20s" 24-26, "late 20s" 27-29. An approximate single number
("about 20", "حدود ۲۰ سال", "20-ish") is kept as that number: linkage already allows a
year or two either way, and turning it into a band would drop it from exact-age
comparisons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vigil.domain import AgeGroup, age_group
from vigil.errors import InvalidValue
from vigil.normalize.digits import to_ascii_digits
from vigil.normalize.text import words

MAX_AGE = 120
#: Width (years) of the widest band whose middle year stands for the age (`Age.nominal`).
NOMINAL_BAND = 2

# Words that may surround the number without changing it.
_NOISE = {
    "years",
    "year",
    "yrs",
    "yr",
    "y",
    "yo",
    "old",
    "aged",
    "age",
    "ساله",
    "سال",
    "سن",
    "about",
    "approx",
    "approximately",
    "around",
    "circa",
    "ca",
    "c",
    "حدود",
    "حدودا",
    "تقریبا",
    "~",
    "ish",
    "roughly",
}
_MONTHS = {"months", "month", "mos", "mo", "ماهه", "ماه"}
_RANGE_WORDS = {"to", "تا", "and", "و", "between", "بین"}
# Parts of a decade: "early 20s" 20-23, "mid 20s" 24-26, "late 20s" 27-29.
_DECADE_PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 3),
    "mid": (4, 6),
    "late": (7, 9),
    "اوایل": (0, 3),
    "اواسط": (4, 6),
    "اواخر": (7, 9),
}
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−﹣－"})
_BANDS: dict[str, tuple[int, int]] = {
    "child": (0, 17),
    "minor": (0, 17),
    "کودک": (0, 17),
    "خردسال": (0, 11),
    "teen": (13, 19),
    "teenager": (13, 19),
    "adolescent": (13, 19),
    "نوجوان": (13, 19),
    "infant": (0, 1),
    "baby": (0, 1),
    "نوزاد": (0, 1),
}
_DECIMAL = re.compile(r"[0-9][.,/][0-9]")
_NUMBER = re.compile(r"^[0-9]{1,3}$")
_DECADE = re.compile(r"^(\d{1,2})0s$")


@dataclass(frozen=True)
class Age:
    """An age as reported: exact when `low == high`."""

    low: int
    high: int

    @property
    def exact(self) -> int | None:
        return self.low if self.low == self.high else None

    @property
    def nominal(self) -> int | None:
        """The one age a report gives: the exact age, or the middle year of a band at most
        NOMINAL_BAND years wide ("17-19" is said of someone about 18, as "about 18" is kept
        as 18); None for a wider band ("20s", "child")."""
        if self.high - self.low <= NOMINAL_BAND and (self.high - self.low) % 2 == 0:
            return (self.low + self.high) // 2
        return None

    @property
    def group(self) -> AgeGroup:
        """The age group when the whole interval falls in one, else UNKNOWN."""
        low, high = age_group(self.low), age_group(self.high)
        return low if low == high else AgeGroup.UNKNOWN


@lru_cache(maxsize=65_536)  # reported values repeat a lot; results are immutable
def parse_age(text: str | None) -> Age | None:
    """The age `text` reports, None when empty or unknown; InvalidValue with the reason."""
    if text is None:
        return None
    ascii_text = to_ascii_digits(text).translate(_DASHES)
    if _negative(ascii_text):
        raise InvalidValue(f"{text!r} is not an age: ages cannot be negative")
    if _DECIMAL.search(ascii_text):
        raise InvalidValue(f"{text!r} is not an age in whole years")
    tokens = words(ascii_text.replace("+", " ").replace("~", " "))
    if not tokens or tokens in (["unknown"], ["نامشخص"], ["na"]):
        return None
    if len(tokens) == 1 and tokens[0] in _BANDS:
        return Age(*_BANDS[tokens[0]])
    decade = _DECADE.match(tokens[-1]) if len(tokens) <= 2 else None
    if decade and (len(tokens) == 1 or tokens[0] in _DECADE_PARTS or tokens[0] == "دهه"):
        low = int(decade.group(1)) * 10
        first, last = _DECADE_PARTS.get(tokens[0], (0, 9))
        return _checked(low + first, low + last, text)
    if len(tokens) == 2 and tokens[0] == "دهه" and _NUMBER.match(tokens[1]):
        low = int(tokens[1])  # دهه ۲۰: in their twenties
        if low % 10 == 0:
            return _checked(low, low + 9, text)
    in_months = any(t in _MONTHS for t in tokens)
    numbers: list[int] = []
    for token in tokens:
        if token in _NOISE or token in _MONTHS or token in _RANGE_WORDS:
            continue
        if not _NUMBER.match(token):
            raise InvalidValue(f"{text!r} is not an age: {token!r} is not a number")
        numbers.append(int(token))
    if not numbers or len(numbers) > 2:
        raise InvalidValue(f"{text!r} is not an age (expected e.g. 17, ۱۷ ساله, 17-19)")
    if in_months:  # an infant's age in months: whole years completed
        numbers = [n // 12 for n in numbers]
    low, high = numbers[0], numbers[-1]
    return _checked(low, high, text)


_MINUS = "-\u2212\u2013\u2012\u2014\ufe63\uff0d"  # hyphen-minus, minus, dashes


def _negative(text: str) -> bool:
    """A minus sign before a number that no number precedes ("-5", "age -5"; not "17-19")."""
    stripped = text.strip()
    for i, ch in enumerate(stripped):
        if ch not in _MINUS:
            continue
        before = stripped[:i].rstrip()
        after = stripped[i + 1 :].lstrip()
        if after[:1].isdigit() and not before[-1:].isdigit():
            return True
    return False


def _checked(low: int, high: int, text: str) -> Age:
    if low > high:
        raise InvalidValue(f"{text!r}: age range runs backwards ({low} > {high})")
    if high > MAX_AGE:
        raise InvalidValue(f"{text!r}: age {high} is over {MAX_AGE}")
    return Age(low, high)
