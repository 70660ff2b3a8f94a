"""Ages, dates and places as people write them (issue 12, item 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from vigil.errors import InvalidValue
from vigil.normalize.age import parse_age
from vigil.normalize.dates import parse_date
from vigil.places.gazetteer import Gazetteer

TODAY = dt.date(2025, 1, 1)

AGES: list[tuple[str, tuple[int, int]]] = [
    ("۱۷ ساله", (17, 17)),
    ("17 years old", (17, 17)),
    ("about 20", (20, 20)),
    ("حدود ۲۰ سال", (20, 20)),
    ("20-ish", (20, 20)),
    ("20s", (20, 29)),
    ("دهه ۲۰", (20, 29)),
    ("early 20s", (20, 23)),
    ("mid 20s", (24, 26)),
    ("late 30s", (37, 39)),
    ("17-19", (17, 19)),
    ("17 – 19", (17, 19)),
    ("۱۷-۱۹", (17, 19)),
    ("17 to 19", (17, 19)),
    ("between 17 and 19", (17, 19)),
    ("۱۷ تا ۱۹ سال", (17, 19)),
]


@pytest.mark.parametrize(("text", "interval"), AGES)
def test_ages_as_written(text: str, interval: tuple[int, int]) -> None:
    age = parse_age(text)
    assert age is not None and (age.low, age.high) == interval
    assert (age.exact is not None) == (interval[0] == interval[1])


@pytest.mark.parametrize("text", ["19-17", "about twenty", "17.5", "200"])
def test_bad_ages_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_age(text)


DATES: list[tuple[str, dt.date, dt.date]] = [
    ("۲۶ آبان ۱۳۹۸", dt.date(2019, 11, 17), dt.date(2019, 11, 17)),
    ("26 Aban 1398", dt.date(2019, 11, 17), dt.date(2019, 11, 17)),
    ("شنبه ۲۵ آبان ۱۳۹۸", dt.date(2019, 11, 16), dt.date(2019, 11, 16)),
    ("16/11/2019", dt.date(2019, 11, 16), dt.date(2019, 11, 16)),
    ("16.11.2019", dt.date(2019, 11, 16), dt.date(2019, 11, 16)),
    ("11/16/2019", dt.date(2019, 11, 16), dt.date(2019, 11, 16)),  # only month-first fits
    ("Nov 16, 2019", dt.date(2019, 11, 16), dt.date(2019, 11, 16)),
    ("Saturday, 16 November 2019", dt.date(2019, 11, 16), dt.date(2019, 11, 16)),
    ("November 2019", dt.date(2019, 11, 1), dt.date(2019, 11, 30)),
    ("آبان ۱۳۹۸", dt.date(2019, 10, 23), dt.date(2019, 11, 21)),
]


@pytest.mark.parametrize(("text", "start", "end"), DATES)
def test_dates_as_written_keep_their_precision(text: str, start: dt.date, end: dt.date) -> None:
    d = parse_date(text, today=TODAY)
    assert d is not None and (d.start, d.end) == (start, end)


def test_a_day_month_that_reads_both_ways_is_refused() -> None:
    with pytest.raises(InvalidValue, match="ambiguous"):
        parse_date("5/11/2019", today=TODAY)


PLACES: list[tuple[str | None, str, str]] = [
    (None, "Kirmaşan", "Kermanshah"),
    (None, "Kirmashan", "Kermanshah"),
    (None, "کرماشان", "Kermanshah"),
    (None, "Khafajiyeh", "Susangerd"),
    (None, "خفاجیه", "Susangerd"),
    (None, "الخفاجية", "Susangerd"),
    (None, "Bandar Shahpur", "Bandar-e Emam Khomeyni"),
    (None, "بندر شاهپور", "Bandar-e Emam Khomeyni"),
    (None, "Erdebil", "Ardabil"),
    (None, "Ərdəbil", "Ardabil"),
    (None, "Təbriz", "Tabriz"),
    (None, "محمره", "Khorramshahr"),
    (None, "Şino", "Oshnaviyeh"),
    (None, "سنە", "Sanandaj"),
    ("Kirmaşan", "Kermanshah", "Kermanshah"),
    ("Qərbi Azərbaycan", "Urmiya", "Orumiyeh"),
    ("عربستان", "بهبهان", "Behbahan"),
    ("باختران", "کرمانشاه", "Kermanshah"),
    ("کوردستان", "مەریوان", "Marivan"),
    (None, "جوانڕۆ", "Javanrud"),
    (None, "Sine", "Sanandaj"),
    ("خوزستان", "مالمیر", "Izeh"),
]


@pytest.mark.parametrize(
    ("province", "code"), [("عربستان", "15"), ("Arabistan", "15"), ("باختران", "13")]
)
def test_historic_province_names(province: str, code: str) -> None:
    m = Gazetteer.load().resolve(province, None)
    assert m.resolved and m.province_code == code, m.reason


def test_a_region_that_spans_provinces_stays_flagged() -> None:
    # Rojhilat (eastern Kurdistan) is no province: the city decides, and the note says so
    m = Gazetteer.load().resolve("Rojhilat", "Marivan")
    assert m.city_en == "Marivan" and m.reason and "Rojhilat" in m.reason


@pytest.mark.parametrize(("province", "city", "resolved_to"), PLACES)
def test_places_in_their_peoples_languages_and_historic_names(
    province: str | None, city: str, resolved_to: str
) -> None:
    m = Gazetteer.load().resolve(province, city)
    assert m.resolved and m.city_en == resolved_to, m.reason


def test_an_unknown_place_stays_flagged() -> None:
    m = Gazetteer.load().resolve(None, "Atlantis")
    assert not m.resolved and m.reason and "Atlantis" in m.reason
