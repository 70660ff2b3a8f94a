"""Vocabularies of the HURIDOCS "who did what to whom" model, as used by Vigil.

Enum values are the stable strings stored in the database and written to exports;
never rename one without a migration.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class SourceKind(StrEnum):
    FIELD_NETWORK = "field_network"
    NGO = "ngo"
    MEDIA = "media"
    OFFICIAL = "official"
    HOSPITAL = "hospital"
    FAMILY = "family"
    OTHER = "other"


class ViolationType(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    DETAINED = "detained"
    TORTURED = "tortured"
    DIED_IN_CUSTODY = "died_in_custody"
    DISAPPEARED = "disappeared"
    SENTENCED = "sentenced"
    EXECUTED = "executed"
    DENIED_MEDICAL_CARE = "denied_medical_care"
    # A report that the person is alive or was released: evidence against a death report.
    REPORTED_ALIVE = "reported_alive"
    RELEASED = "released"

    @property
    def is_death(self) -> bool:
        return self in (ViolationType.KILLED, ViolationType.DIED_IN_CUSTODY, ViolationType.EXECUTED)


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Grade(StrEnum):
    """Corroboration scale in the spirit of Airwars / Iraq Body Count / IHR practice."""

    CONFIRMED = "confirmed"
    FAIR = "fair"
    WEAK = "weak"
    CONTESTED = "contested"
    DISCOUNTED = "discounted"


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    ANALYST = "analyst"
    VIEWER = "viewer"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


class AgeGroup(StrEnum):
    CHILD = "0-17"
    YOUNG = "18-29"
    ADULT = "30-49"
    OLDER = "50+"
    UNKNOWN = "unknown"


def age_group(age: int | None) -> AgeGroup:
    if age is None:
        return AgeGroup.UNKNOWN
    if age < 18:
        return AgeGroup.CHILD
    if age < 30:
        return AgeGroup.YOUNG
    if age < 50:
        return AgeGroup.ADULT
    return AgeGroup.OLDER


@dataclass(frozen=True)
class PartialDate:
    """A Gregorian date that may lack its day or month, kept as precise as reported.

    `start` and `end` bound the interval the report allows; linkage compares intervals,
    so "Aban 1398" and "2019-11-17" can still agree. A Jalali month or year does not fit a
    Gregorian month, so it is kept as a span: the start date plus `span_end` (precision RANGE).
    """

    year: int
    month: int | None = None
    day: int | None = None
    span_end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month is not a date")
        # Validates the calendar (raises ValueError for 2019-02-30).
        dt.date(self.year, self.month or 1, self.day or 1)
        if self.span_end is not None and (self.day is None or self.span_end < self.start):
            raise ValueError("a span needs a full start date on or before its end")

    @classmethod
    def span(cls, start: dt.date, end: dt.date) -> PartialDate:
        """The interval start..end (both inclusive), e.g. a Jalali month in Gregorian days."""
        return cls(start.year, start.month, start.day, span_end=end)

    @property
    def precision(self) -> DatePrecision:
        if self.span_end is not None:
            return DatePrecision.RANGE
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        if self.span_end is not None:
            return self.span_end
        if self.day is not None:
            return self.start
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        if self.span_end is not None:
            return f"{self.start.isoformat()}/{self.span_end.isoformat()}"
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        if "/" in text:  # an ISO 8601 interval written by iso()
            first, last = text.split("/", 1)
            return cls.span(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    @classmethod
    def from_date(cls, d: dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)
