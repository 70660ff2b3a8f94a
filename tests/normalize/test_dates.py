from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.domain import DatePrecision, PartialDate
from vigil.errors import InvalidValue
from vigil.normalize import parse_date

TODAY = dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # Jalali, detected by the year, in every digit script and separator
        ("۱۳۹۸/۰۸/۲۶", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("1398/8/26", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("1398-08-26", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("1398.08.24", "2019-11-15", "2019-11-15", DatePrecision.DAY),
        ("١٣٩٨/٠٨/٢٤", "2019-11-15", "2019-11-15", DatePrecision.DAY),
        ("26/08/1398", "2019-11-17", "2019-11-17", DatePrecision.DAY),  # day first
        ("1398/12/29", "2020-03-19", "2020-03-19", DatePrecision.DAY),  # last day of 1398
        ("1399/12/30", "2021-03-20", "2021-03-20", DatePrecision.DAY),  # 1399 is leap
        ("1398/01/01", "2019-03-21", "2019-03-21", DatePrecision.DAY),  # Nowruz
        # Jalali partial: the month (or year) as a Gregorian span
        ("1398/08", "2019-10-23", "2019-11-21", DatePrecision.RANGE),
        ("آبان ۱۳۹۸", "2019-10-23", "2019-11-21", DatePrecision.RANGE),
        ("آبان‌ماه ۱۳۹۸", "2019-10-23", "2019-11-21", DatePrecision.RANGE),
        ("Aban 1398", "2019-10-23", "2019-11-21", DatePrecision.RANGE),
        ("1398", "2019-03-21", "2020-03-19", DatePrecision.RANGE),
        ("۲۴ آبان ۱۳۹۸", "2019-11-15", "2019-11-15", DatePrecision.DAY),
        ("26 Aban 1398", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        # Gregorian
        ("2019-11-17", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("2019-11-17T08:30:00", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("2019-11-17 00:00:00", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("2019/11/17", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("17/11/2019", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("2019-11", "2019-11-01", "2019-11-30", DatePrecision.MONTH),
        ("2019", "2019-01-01", "2019-12-31", DatePrecision.YEAR),
        ("17 November 2019", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("Nov 2019", "2019-11-01", "2019-11-30", DatePrecision.MONTH),
        ("۱۷ نوامبر ۲۰۱۹", "2019-11-17", "2019-11-17", DatePrecision.DAY),
        ("2020-02-29", "2020-02-29", "2020-02-29", DatePrecision.DAY),
    ],
)
def test_parse_date(text: str, start: str, end: str, precision: DatePrecision) -> None:
    parsed = parse_date(text, today=TODAY)
    assert parsed is not None
    assert parsed.start.isoformat() == start
    assert parsed.end.isoformat() == end
    assert parsed.precision == precision


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1398/13/01", "month 13"),
        ("1398/12/30", "Jalali"),  # 1398 is not a leap year
        ("1398/07/31", "Jalali"),  # months 7-11 have 30 days
        ("2019-02-30", "Gregorian"),
        ("2019-02-29", "Gregorian"),
        ("3000-01-01", "year 3000"),
        ("1200/01/01", "year 1200"),
        ("2026-01-01", "year 2026"),  # after `today`'s year
        ("2024-12-31T00:00", None),  # fine: checks the range below is exclusive
        ("text", "not a month name"),
        ("98/08/26", "4 digits"),
        ("11/05/2019", "ambiguous"),
        ("آبان 2019", "Jalali month name"),
        ("November 1398", "Gregorian month name"),
        ("12 345", "not a date"),
        ("2019-111-01", "at most 2 digits"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str | None) -> None:
    if reason is None:
        assert parse_date(text, today=TODAY) is not None
        return
    with pytest.raises(InvalidValue, match=reason):
        parse_date(text, today=TODAY)


def test_future_day_in_current_year_is_refused() -> None:
    with pytest.raises(InvalidValue, match="future"):
        parse_date("2025-06-01", today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_none(text: str | None) -> None:
    assert parse_date(text, today=TODAY) is None


def test_jalali_and_gregorian_spellings_agree() -> None:
    assert parse_date("۱۳۹۸/۰۸/۲۶", today=TODAY) == parse_date("2019-11-17", today=TODAY)
    month = parse_date("آبان ۱۳۹۸", today=TODAY)
    day = parse_date("2019-11-17", today=TODAY)
    assert month is not None and day is not None
    assert month.start <= day.start <= month.end


def test_span_round_trips_through_iso() -> None:
    span = parse_date("1398/08", today=TODAY)
    assert span is not None
    assert span.iso() == "2019-10-23/2019-11-21"
    assert PartialDate.from_iso(span.iso()) == span


@given(st.text(max_size=30))
def test_any_text_gives_a_date_or_invalid_value(text: str) -> None:
    try:
        result = parse_date(text, today=TODAY)
    except InvalidValue:
        return
    assert result is None or result.start <= result.end <= dt.date(2025, 12, 31)


@given(st.dates(min_value=dt.date(1922, 1, 1), max_value=dt.date(2024, 12, 31)))
def test_every_gregorian_day_round_trips_through_jalali(day: dt.date) -> None:
    from persiantools.jdatetime import JalaliDate

    j = JalaliDate(day)
    assert parse_date(f"{j.year}/{j.month}/{j.day}", today=TODAY) == PartialDate.from_date(day)
    assert parse_date(day.isoformat(), today=TODAY) == PartialDate.from_date(day)
