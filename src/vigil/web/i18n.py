"""Interface language (gettext catalogs, English and Persian) and calendar display.

Each request gets a `Lang`: its gettext functions, its text direction and its date and
number formatting. Catalogs live in ``locale/<lang>/LC_MESSAGES/messages.po`` with the
compiled ``.mo`` committed beside them. After changing a message::

    cd src/vigil/web
    pybabel extract -F babel.cfg -k _ -k N_ -o locale/messages.pot .
    pybabel update -i locale/messages.pot -d locale
    pybabel compile -d locale
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal, get_group_symbol
from babel.support import NullTranslations, Translations
from persiantools.jdatetime import JalaliDate

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "fa": "فارسی"}
RTL_LANGUAGES = frozenset({"fa"})
CALENDARS = ("gregorian", "jalali")

JALALI_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
JALALI_MONTHS_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@cache
def translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], domain="messages")


@cache
def group_symbol(lang: str) -> str:
    return str(get_group_symbol(lang))


def pick_language(requested: str | None, default: str = "en") -> str:
    return requested if requested in LANGUAGES else default


@dataclass(frozen=True)
class Lang:
    """Language and calendar of one request."""

    code: str
    calendar: str = "gregorian"

    @property
    def dir(self) -> str:
        return "rtl" if self.code in RTL_LANGUAGES else "ltr"

    def gettext(self, message: str) -> str:
        return translations(self.code).ugettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.code).ungettext(singular, plural, n)

    def digits(self, text: str) -> str:
        return text.translate(_PERSIAN_DIGITS) if self.code == "fa" else text

    def number(self, n: int | float | None) -> str:
        if n is None:
            return "—"
        if isinstance(n, float) and not n.is_integer():
            return self.digits(format_decimal(n, format="#,##0.#", locale=self.code))
        # Whole numbers are grouped here (babel's general formatter costs ~15 µs a call,
        # and a results page shows a hundred of them); same output as format_decimal.
        return self.digits(f"{int(n):,}".replace(",", group_symbol(self.code)))

    def date(self, d: dt.date | None, end: dt.date | None = None) -> str:
        """A date (or an interval) in the user's calendar; Gregorian ISO or Jalali."""
        if d is None:
            return "—"
        text = self._one(d)
        if end is not None and end != d:
            text = f"{text} – {self._one(end)}"
        return self.digits(text)

    def _one(self, d: dt.date) -> str:
        if self.calendar == "jalali":
            j = JalaliDate(d)
            months = JALALI_MONTHS_FA if self.code == "fa" else JALALI_MONTHS_EN
            return f"{j.day} {months[j.month - 1]} {j.year}"
        return d.isoformat()
