"""Habits of real Iranian casualty lists, as knobs of the test bed (all off by default).

Each knob is a rate (per record, before the source's own multiplier) of one phenomenon:

- `patronymic`: the father's name written into the name field, in the source's script and in
  any position (`محمد حسینی فرزند علی`, `پسر` / `دختر`, `بن` / `ابن` / `بنت`,
  `Mohammad Hosseini, son of Ali`, `daughter of`, `s/o`, `d/o`, `(father: Ali)`);
- `glued`: given and family name written without a space (`محمدحسینی`, `MohammadHosseini`);
- `zwnj`: the zero-width non-joiner of a Persian compound dropped, doubled or turned into a
  space or a space plus ZWNJ (`رحیم‌زاده` / `رحیمزاده` / `رحیم‌‌زاده` / `رحیم زاده`);
- `split`: compounds written apart (`Gholam Reza`, `Hossein Zadeh`, `Abol Fazl`, `عبد الله`);
- `peoples`: strength (0..1) of the regional weighting of Iran's peoples in the population
  (`peoples.SHARES`): Kurds, Arabs, Baluch, Azeris, Lurs and Bakhtiaris, Turkmen with their own
  name banks. A population-level knob; it also switches to the larger field name bank;
- `own_spelling`: share of records about a non-Persian person written in the people's own
  orthography (Sorani letters, Kurmanji or Azerbaijani Latin, Arabic, Balochi `-zai`);
- `ages`: ages as written (`۱۷ ساله`, `about 20`, `20s`, `17-19`);
- `dates`: dates as written (`۲۶ آبان ۱۳۹۸`, `26 Aban 1398`, `16/11/2019`, `Nov 16, 2019`);
- `places`: places in the peoples' own languages or by historic names (`Kirmaşan`,
  `Khafajiyeh`, `Mohammerah`, `Rezaiyeh`).

A record's phenomena are listed in the truth file (`phenomena` column), so quality can be
measured per phenomenon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from persiantools.jdatetime import JalaliDate

from vigil.domain import SourceKind
from vigil.errors import InvalidValue
from vigil.synth.spelling import to_persian_digits

# Phenomenon tags written to truth.csv, besides the peoples' names (`peoples.PEOPLES[1:]`).
TAG_PATRONYMIC = "patronymic"
TAG_GLUED = "glued"
TAG_ZWNJ = "zwnj"
TAG_SPLIT = "split"
TAG_OWN = "own_spelling"
TAG_AGE = "age_written"
TAG_DATE = "date_written"
TAG_PLACE = "place_name"


@dataclass(frozen=True)
class Habits:
    """Rates of the field phenomena (0 = off). See the module docstring."""

    patronymic: float = 0.0
    glued: float = 0.0
    zwnj: float = 0.0
    split: float = 0.0
    peoples: float = 0.0
    own_spelling: float = 0.0
    ages: float = 0.0
    dates: float = 0.0
    places: float = 0.0

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) > 0 for f in fields(self))

    def validate(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0.0 <= value <= 1.0:
                option = "--" + f.name.replace("_", "-")
                raise InvalidValue(f"{option} must be between 0 and 1, got {value}")

    def scaled(self, factor: float) -> Habits:
        """Every rate times `factor`, capped at 1 (`peoples` stays a strength)."""
        return Habits(
            **{
                f.name: min(1.0, getattr(self, f.name) * (1.0 if f.name == "peoples" else factor))
                for f in fields(self)
            }
        )


NONE = Habits()
FIELD = Habits(
    patronymic=0.15,
    glued=0.12,
    zwnj=0.3,
    split=0.15,
    peoples=1.0,
    own_spelling=0.35,
    ages=0.3,
    dates=0.3,
    places=0.3,
)
"""Phenomena at rates a reader of real lists meets them (a judgement, not a measurement)."""

PRESETS: dict[str, Habits] = {"none": NONE, "field": FIELD}


def preset(name: str) -> Habits:
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidValue(
            f"--habits {name!r}: expected one of {', '.join(sorted(PRESETS))}"
        ) from None


def with_overrides(base: Habits, **rates: float | None) -> Habits:
    """`base` with the knobs given (not None) replaced."""
    return replace(base, **{k: v for k, v in rates.items() if v is not None})


# How much more or less than the configured rate each kind of source shows each habit.
_KIND_FACTORS: dict[SourceKind, dict[str, float]] = {
    # A field network writes as people speak: patronymics, Persian month names, own place names.
    SourceKind.FIELD_NETWORK: {"patronymic": 1.5, "dates": 1.5, "places": 1.5, "ages": 1.5},
    # An NGO table has a father column, so rarely writes him into the name; it keeps own
    # spellings that families send.
    SourceKind.NGO: {"patronymic": 0.3, "glued": 0.3, "own_spelling": 1.2, "dates": 0.5},
    # Hospital software glues names and writes "فرزند" as registries do.
    SourceKind.HOSPITAL: {"patronymic": 1.2, "glued": 2.0, "zwnj": 1.5, "places": 0.3},
    # The press (diaspora outlets) writes "about 20", "Nov 16, 2019", Kurmanji or Arabic Latin.
    SourceKind.MEDIA: {"own_spelling": 1.8, "ages": 2.0, "dates": 1.5, "patronymic": 0.8},
    # Official lists: "فرزند" almost always, official place names.
    SourceKind.OFFICIAL: {"patronymic": 2.5, "places": 0.2, "own_spelling": 0.2},
}


def source_habits(habits: Habits, kind: SourceKind, repeat: int) -> Habits:
    """The rates one source shows: the configured ones times its kind's factors; a second or
    later outlet of a kind shows them half or one and a half times as often (alternately)."""
    factors = _KIND_FACTORS.get(kind, {})
    outlet = 1.0 if repeat <= 1 else (0.5 if repeat % 2 == 0 else 1.5)
    values = {}
    for f in fields(habits):
        value = getattr(habits, f.name)
        if f.name != "peoples":
            value = min(1.0, value * factors.get(f.name, 1.0) * outlet)
        values[f.name] = value
    return Habits(**values)


# --- patronymics -------------------------------------------------------------------------

PATRONYMIC_FA: tuple[str, ...] = (
    "{name} فرزند {father}",
    "{name} فرزند {father}",
    "{name} (فرزند {father})",
    "{name} {child} {father}",
    "{given} فرزند {father} {family}",
    "{given} {arabic} {father} {family}",
)
PATRONYMIC_LATIN: tuple[str, ...] = (
    "{name}, {child_en} of {father}",
    "{name}, {child_en} of {father}",
    "{name} {child_en} of {father}",
    "{name} {so}/o {father}",
    "{name} ({so}/o {father})",
    "{name} (father: {father})",
    "{given} {arabic_en} {father} {family}",
)


def patronymic_name(
    template: int,
    latin: bool,
    name: str,
    given: str,
    family: str,
    father: str,
    female: bool,
    arab: bool,
) -> str:
    """The name field with the father's name written into it (`template` picks the form).

    Arabic `بن` / `ابن` / `بنت` (`bin` / `ibn` / `bint`) go between given and family name; the
    other forms follow the name as the source wrote it (including "SURNAME, Given").
    """
    forms = PATRONYMIC_LATIN if latin else PATRONYMIC_FA
    form = forms[template % len(forms)]
    if "{arabic" in form and not arab and template % 2 == 0:
        form = forms[0]  # Arabic forms mostly for Arabs
    values = {
        "name": name,
        "given": given,
        "family": family,
        "father": father,
        "child": "دختر" if female else "پسر",
        "arabic": "بنت" if female else ("ابن" if template % 3 == 0 else "بن"),
        "child_en": "daughter" if female else "son",
        "so": "d" if female else "s",
        "arabic_en": "bint" if female else ("ibn" if template % 3 == 0 else "bin"),
    }
    return form.format(**values)


# --- ages --------------------------------------------------------------------------------


def written_age(age: int, form: int, latin: bool) -> str:
    """An age as people write it; every form covers `age`."""
    decade = (age // 10) * 10
    low = max(1, age - 1)
    forms: tuple[str, ...]
    if latin:
        forms = (
            f"about {age}",
            f"{decade}s" if age >= 20 else f"about {age}",
            f"{low}-{age + 1}",
            f"{age} years old",
            f"c. {age}",
            f"{age} yrs",
        )
        return forms[form % len(forms)]
    forms = (
        f"{age} ساله",
        f"حدود {age}",
        f"{low}-{age + 1}",
        f"{age} سال",
        f"حدود {age} سال",
    )
    text = forms[form % len(forms)]
    return to_persian_digits(text) if form % 4 != 3 else text


# --- dates -------------------------------------------------------------------------------

JALALI_MONTHS_FA: tuple[str, ...] = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
JALALI_MONTHS_LATIN: tuple[str, ...] = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
GREGORIAN_MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def written_date(day: dt.date, form: int, latin: bool) -> str:
    """A date as people write it: Jalali with month names, day-first, English month names."""
    j = JalaliDate.to_jalali(day)
    forms: tuple[str, ...]
    if latin:
        g_month = GREGORIAN_MONTHS[day.month - 1]
        forms = (
            f"{j.day} {JALALI_MONTHS_LATIN[j.month - 1]} {j.year}",
            f"{day.day:02d}/{day.month:02d}/{day.year}",
            f"{g_month[:3]} {day.day}, {day.year}",
            f"{day.day} {g_month} {day.year}",
            f"{g_month} {day.day}, {day.year}",
        )
        return forms[form % len(forms)]
    forms = (
        to_persian_digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}"),
        f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}",
        to_persian_digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} ماه {j.year}"),
        to_persian_digits(f"{day.day}/{day.month}/{day.year}"),
    )
    return forms[form % len(forms)]


# --- places ------------------------------------------------------------------------------

# City key -> (Latin names, Persian-script names): the peoples' own names and historic names.
CITY_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kermanshah": (("Kirmaşan", "Kermashan", "Bakhtaran"), ("کرماشان", "باختران")),
    "susangerd": (("Khafajiyeh", "Al-Khafajiyah"), ("خفاجیه", "الخفاجية")),
    "khorramshahr": (("Mohammerah", "Al-Muhammara"), ("محمره", "المحمرة")),
    "ahvaz": (("Al-Ahwaz", "Ahwaz"), ("الأهواز",)),
    "abadan": (("Abbadan", "Abadan"), ("عبادان",)),
    "shadegan": (("Fallahiyeh", "Al-Fallahiyah"), ("فلاحیه", "الفلاحية")),
    "hamidiyeh": (("Al-Hamidiyah",), ("الحميدية",)),
    "mahshahr": (("Ma'shur", "Bandar Ma'shur"), ("معشور", "بندر معشور")),
    "izeh": (("Malamir",), ("مالمیر",)),
    "sanandaj": (("Sine", "Sna"), ("سنە", "سنه")),
    "marivan": (("Merîwan",), ("مەریوان",)),
    "baneh": (("Bane",), ("بانە",)),
    "javanrud": (("Cwanro", "Jwanro"), ("جوانڕۆ",)),
    "ravansar": (("Rawansar",), ("ڕەوانسەر",)),
    "mahabad": (("Mehabad", "Saujbulagh"), ("مەهاباد", "ساوجبلاغ")),
    "bukan": (("Bokan",), ("بۆکان",)),
    "eslamabad_gharb": (("Shahabad-e Gharb", "Shahabad"), ("شاه‌آباد غرب",)),
    "urmia": (("Rezaiyeh", "Urmu", "Ûrmiye"), ("رضائیه", "اورمو")),
    "tabriz": (("Təbriz",), ()),
    "zanjan": (("Zəncan",), ("زنگان",)),
    "qazvin": (("Qəzvin",), ()),
    "hamadan": (("Həmədan",), ()),
    "zahedan": (("Duzdab",), ("دزداب",)),
    "bandar_abbas": (("Gombroon",), ("گمبرون",)),
    "bandar_emam": (("Bandar Shahpur", "Bandar-e Shapur"), ("بندر شاهپور",)),
    "ardabil": (("Erdebil", "Ərdəbil"), ()),
}
PROVINCE_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kermanshah": (("Kirmaşan", "Bakhtaran"), ("کرماشان", "باختران")),
    "kurdistan": (("Kurdistana Rojhilat", "Rojhilat"), ("کوردستان",)),
    "khuzestan": (("Arabistan", "Al-Ahwaz"), ("عربستان", "الأهواز")),
    "west_azerbaijan": (("Qərbi Azərbaycan",), ("آذربایجان باختری",)),
    "east_azerbaijan": (("Şərqi Azərbaycan",), ("آذربایجان خاوری",)),
    "zanjan": (("Zəncan",), ("زنگان",)),
    "sistan": (("Balochistan", "Baluchistan"), ("بلوچستان",)),
    "ardabil": (("Erdebil", "Ərdəbil"), ()),
}
