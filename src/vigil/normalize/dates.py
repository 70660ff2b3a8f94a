"""Dates as reported (Jalali or Gregorian, whole or partial) to `PartialDate`.

The calendar is told by the year: 1300-1499 is a Jalali (Solar Hijri) year, 1900 up to the
current year a Gregorian one; nothing else is a plausible date of a recorded event. A
Jalali day becomes a Gregorian day; a Jalali month or year, which straddles Gregorian
months, becomes a `PartialDate.span`. Numeric dates are read year first (`1398/08/26`,
`2019-11-17`) or day first (`26/08/1398`); a day-first date whose day and month could be
swapped is refused rather than guessed. Day first is the rule (`16/11/2019`); a date that
can only be month first (`11/16/2019`, the second number over 12) is read so, and
`5/11/2019` (either way round) is refused, asking for the year first. Weekday names
(`Saturday`, `شنبه`) are ignored. Month names (`آبان ۱۳۹۸`, `26 Aban 1398`,
`17 November 2019`) are understood in Persian and English.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from persiantools.jdatetime import JalaliDate

from vigil.domain import PartialDate
from vigil.errors import InvalidValue
from vigil.normalize.digits import to_ascii_digits
from vigil.normalize.text import fold

JALALI_YEARS = range(1300, 1500)
FIRST_GREGORIAN_YEAR = 1900

_JALALI_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("فروردین", "farvardin", "farvardeen"),
        ("اردیبهشت", "ordibehesht", "ordibehest"),
        ("خرداد", "khordad"),
        ("تیر", "tir", "teer"),
        ("مرداد", "امرداد", "mordad", "amordad"),
        ("شهریور", "shahrivar", "shahrivar"),
        ("مهر", "mehr"),
        ("آبان", "aban"),
        ("آذر", "azar"),
        ("دی", "dey", "dei"),
        ("بهمن", "bahman"),
        ("اسفند", "esfand", "esfan"),
    ],
    start=1,
):
    for _name in _names:
        _JALALI_MONTHS[fold(_name)] = _number

_GREGORIAN_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("january", "jan", "ژانویه", "ژانویهٔ", "ینایر"),
        ("february", "feb", "فوریه", "فبرایر"),
        ("march", "mar", "مارس"),
        ("april", "apr", "آوریل", "آپریل"),
        ("may", "مه", "می"),
        ("june", "jun", "ژوئن"),
        ("july", "jul", "ژوئیه", "جولای"),
        ("august", "aug", "اوت", "آگوست"),
        ("september", "sep", "sept", "سپتامبر"),
        ("october", "oct", "اکتبر"),
        ("november", "nov", "نوامبر"),
        ("december", "dec", "دسامبر"),
    ],
    start=1,
):
    for _name in _names:
        _GREGORIAN_MONTHS[fold(_name)] = _number

_WEEKDAYS = frozenset(
    fold(d)
    for d in (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "سهشنبه", "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه",
    )
)  # fmt: skip
_TIME_SUFFIX = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_NUMERIC = re.compile(r"^[0-9]{1,4}([/\-.][0-9]{1,4}){0,2}$")
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")


def parse_date(text: str | None, *, today: dt.date | None = None) -> PartialDate | None:
    """The date `text` reports, or None when it is empty; raises InvalidValue with the reason.

    `today` bounds the plausible range (no event is recorded before it happens); it is a
    parameter so that tests and re-runs of old imports stay reproducible.
    """
    if text is None:
        return None
    return _parse_date(text, today or dt.date.today())


@lru_cache(maxsize=65_536)  # reported dates repeat a lot; PartialDate is immutable
def _parse_date(text: str, today: dt.date) -> PartialDate | None:
    cleaned = to_ascii_digits(text).strip().replace("\u200f", "").replace("\u200e", "")
    if not cleaned:
        return None
    cleaned = _TIME_SUFFIX.sub("", cleaned).strip()
    if _NUMERIC.match(cleaned):
        year, month, day = _numeric_parts(cleaned, text)
        calendar = None
    else:
        year, month, day, calendar = _named_parts(cleaned, text)
    return _build(year, month, day, calendar, text, today)


def _numeric_parts(cleaned: str, text: str) -> tuple[int, int | None, int | None]:
    parts = re.split(r"[/\-.]", cleaned)
    lengths = [len(p) for p in parts]
    numbers = [int(p) for p in parts]
    if len(parts) == 1:
        if lengths[0] != 4:
            raise InvalidValue(f"{text!r} is not a date (a bare number must be a 4-digit year)")
        return numbers[0], None, None
    if lengths[0] == 4:  # year first: Y/M or Y/M/D
        if any(n > 2 for n in lengths[1:]):
            raise InvalidValue(f"{text!r} is not a date: month and day have at most 2 digits")
        return numbers[0], numbers[1], numbers[2] if len(parts) == 3 else None
    if lengths[-1] == 4:  # year last: M/Y or D/M/Y
        if len(parts) == 2:
            return numbers[1], numbers[0], None
        day, month, year = numbers
        if month > 12 >= day:
            # 11/16/2019: only month-first reads as a date (the US order)
            day, month = month, day
        elif day <= 12 and month <= 12 and day != month:
            raise InvalidValue(
                f"{text!r} is ambiguous: day and month could be either way round; "
                "write the year first (YYYY-MM-DD)"
            )
        return year, month, day
    raise InvalidValue(f"{text!r} is not a date: the year must have 4 digits")


def _named_parts(cleaned: str, text: str) -> tuple[int, int | None, int | None, str | None]:
    tokens = _TOKEN.findall(cleaned)
    year: int | None = None
    day: int | None = None
    month: int | None = None
    calendar: str | None = None
    for token in tokens:
        if token.isascii() and token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
            else:
                raise InvalidValue(f"{text!r} is not a date: unexpected number {token}")
            continue
        key = fold(token)
        if key in _JALALI_MONTHS and month is None and calendar != "gregorian":
            month, calendar = _JALALI_MONTHS[key], "jalali"
        elif key in _GREGORIAN_MONTHS and month is None:
            month, calendar = _GREGORIAN_MONTHS[key], "gregorian"
        elif key in {"of", "ماه", "سال", "روز", "ام", "م", "st", "nd", "rd", "th"}:
            continue
        elif key in _WEEKDAYS:
            continue  # "Saturday, 16 November 2019", "شنبه ۲۵ آبان ۱۳۹۸"
        else:
            raise InvalidValue(f"{text!r} is not a date: {token!r} is not a month name")
    if year is None:
        raise InvalidValue(f"{text!r} is not a date: no 4-digit year")
    if day is not None and month is None:
        raise InvalidValue(f"{text!r} is not a date: a day without a month")
    return year, month, day, calendar


def _build(
    year: int,
    month: int | None,
    day: int | None,
    calendar: str | None,
    text: str,
    today: dt.date,
) -> PartialDate:
    is_jalali = year in JALALI_YEARS
    if not is_jalali and not FIRST_GREGORIAN_YEAR <= year <= today.year:
        raise InvalidValue(
            f"{text!r}: year {year} is neither Jalali ({JALALI_YEARS.start}-"
            f"{JALALI_YEARS.stop - 1}) nor Gregorian ({FIRST_GREGORIAN_YEAR}-{today.year})"
        )
    if calendar == "jalali" and not is_jalali:
        raise InvalidValue(f"{text!r}: a Jalali month name with Gregorian year {year}")
    if calendar == "gregorian" and is_jalali:
        raise InvalidValue(f"{text!r}: a Gregorian month name with Jalali year {year}")
    if month is not None and not 1 <= month <= 12:
        raise InvalidValue(f"{text!r}: month {month} is not between 1 and 12")
    try:
        result = _jalali(year, month, day) if is_jalali else PartialDate(year, month, day)
    except ValueError as e:
        kind = "Jalali" if is_jalali else "Gregorian"
        raise InvalidValue(f"{text!r} is not a valid {kind} date ({_reason(e)})") from e
    if result.start > today:
        raise InvalidValue(f"{text!r} is in the future ({result.start.isoformat()})")
    return result


def _jalali(year: int, month: int | None, day: int | None) -> PartialDate:
    if day is not None and month is not None:
        return PartialDate.from_date(JalaliDate(year, month, day).to_gregorian())
    first_month, last_month = (month, month) if month is not None else (1, 12)
    start = JalaliDate(year, first_month, 1).to_gregorian()
    last_day = JalaliDate.days_in_month(last_month, year)
    end = JalaliDate(year, last_month, last_day).to_gregorian()
    return PartialDate.span(start, end)


def _reason(error: ValueError) -> str:
    args = error.args
    if args and isinstance(args[0], str):
        return args[0]
    return str(error)
