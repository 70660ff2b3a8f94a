"""Render the records one source holds about the people it captured, in that source's style.

Every column is built for all of a source's records at once from lookup tables; only the noise
that hits a few records (typos, Arabic letter forms) loops over those records alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from persiantools.jdatetime import JalaliDate

from vigil.ingest.mapping import STANDARD_COLUMNS
from vigil.synth import geography, names_bank
from vigil.synth.population import DAY0, VIOLATIONS, Population
from vigil.synth.spelling import (
    SampleTable,
    latin_candidates,
    persian_candidates,
    to_arabic_forms,
    to_persian_digits,
    typo,
)
from vigil.synth.styles import Script, SourceSpec, SourceStyle

# The generator writes exactly the importer's standard columns.
COLUMNS: tuple[str, ...] = STANDARD_COLUMNS
"""The standard import columns, in file order."""

ObjArray = npt.NDArray[np.object_]

_NOTES: dict[Script, tuple[str, ...]] = {
    Script.LATIN: (
        "according to relatives",
        "video footage circulated",
        "shot in the head",
        "shot in the chest",
        "death certificate seen",
        "body returned to family after several days",
        "reported by local contacts",
    ),
    Script.PERSIAN: (
        "به گفته خانواده",
        "ویدیو منتشر شده",
        "اصابت گلوله به سر",
        "اصابت گلوله به سینه",
        "گواهی فوت رویت شد",
        "تحویل پیکر پس از چند روز",
        "گزارش منابع محلی",
    ),
}
_SEX: dict[Script, tuple[str, str]] = {
    Script.LATIN: ("male", "female"),
    Script.PERSIAN: ("مرد", "زن"),
}


@dataclass(frozen=True)
class SourceRecords:
    """All records of one source; `person[i]` is the true person behind row i."""

    spec: SourceSpec
    person: npt.NDArray[np.int64]
    columns: dict[str, ObjArray]

    def __len__(self) -> int:
        return int(self.person.shape[0])


@dataclass(frozen=True)
class SpellingTables:
    """One source's spelling habits, tabulated per name, city and province."""

    given: SampleTable  # also used for fathers' names
    family: SampleTable
    city: SampleTable
    province: SampleTable
    seyed: SampleTable
    sadat: SampleTable
    haj: SampleTable


def build_spelling_tables(rng: np.random.Generator, style: SourceStyle) -> SpellingTables:
    """Draw the source's preferred Latin spelling of every token and tabulate its candidates."""
    if style.script is Script.LATIN:
        prefs: dict[str, int] = {}
        for key, token in names_bank.TOKENS.items():
            n = len(token.latin)
            prefs[key] = 0 if n == 1 or rng.random() < 0.6 else int(rng.integers(1, n))

        def name(entry: names_bank.NameEntry) -> list[tuple[str, float]]:
            return latin_candidates(
                [t.latin for t in entry.tokens],
                [prefs[t.key] for t in entry.tokens],
                style.spelling_loyalty,
                style.latin_joiners,
            )

        def place(variants: tuple[str, ...]) -> list[tuple[str, float]]:
            pref = 0 if rng.random() < 0.6 else int(rng.integers(0, len(variants)))
            return latin_candidates([variants], [pref], style.spelling_loyalty, (1.0,))

        cities = [place(c.latin) for c in geography.CITIES]
        provinces = [place(p.latin) for p in geography.PROVINCES]
    else:

        def name(entry: names_bank.NameEntry) -> list[tuple[str, float]]:
            return persian_candidates(
                ["+".join(t.fa for t in entry.tokens)], 0, 1.0, style.fa_joiners
            )

        cities = [persian_candidates(c.fa, 0, 0.8, style.fa_joiners) for c in geography.CITIES]
        provinces = [persian_candidates(p.fa, 0, 1.0, (1.0, 0, 0)) for p in geography.PROVINCES]

    def single(token: names_bank.Token) -> SampleTable:
        return SampleTable.build([name(names_bank.NameEntry((token,)))])

    return SpellingTables(
        given=SampleTable.build([name(e) for e in names_bank.GIVEN]),
        family=SampleTable.build([name(e) for e in names_bank.SURNAMES]),
        city=SampleTable.build(cities),
        province=SampleTable.build(provinces),
        seyed=single(names_bank.SEYED),
        sadat=single(names_bank.SADAT),
        haj=single(names_bank.HAJ),
    )


def _objects(values: list[str]) -> ObjArray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


@cache
def _age_strings() -> tuple[ObjArray, ObjArray]:
    ascii_ = [str(a) for a in range(130)]
    return _objects(ascii_), _objects([to_persian_digits(a) for a in ascii_])


@cache
def _date_strings(days: int) -> ObjArray:
    """Table [format, month_only, day + 1] for day offsets -1 .. days from DAY0."""
    table = np.empty((4, 2, days + 2), dtype=object)
    for i in range(days + 2):
        g = DAY0 + dt.timedelta(days=i - 1)
        j = JalaliDate.to_jalali(g)
        table[0, 0, i] = g.isoformat()
        table[0, 1, i] = f"{g.year:04d}-{g.month:02d}"
        table[1, 0, i] = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
        table[1, 1, i] = f"{j.year:04d}/{j.month:02d}"
        table[2, 0, i] = f"{j.year}/{j.month}/{j.day}"
        table[2, 1, i] = f"{j.year}/{j.month}"
        table[3, 0, i] = to_persian_digits(table[1, 0, i])
        table[3, 1, i] = to_persian_digits(table[1, 1, i])
    return table


def _blank(arr: ObjArray, mask: npt.NDArray[np.bool_]) -> ObjArray:
    arr[mask] = ""
    return arr


def _record_ids(rng: np.random.Generator, style: SourceStyle, n: int) -> ObjArray:
    """Increasing numbers with gaps, as lists with deleted or withheld rows have."""
    numbers = np.cumsum(rng.integers(1, 4, size=n))
    fmt = style.id_format
    return _objects([fmt.format(int(x)) for x in numbers])


def render_source(
    rng: np.random.Generator,
    population: Population,
    spec: SourceSpec,
    captured: npt.NDArray[np.integer],
    duplicate_rate: float,
    typo_scale: float = 1.0,
) -> SourceRecords:
    """Records of one source about the people in `captured`, shuffled, with duplicates."""
    style = spec.style
    tables = build_spelling_tables(rng, style)
    dup = rng.random(captured.shape[0]) < duplicate_rate * style.duplicate_weight
    person = np.concatenate([captured, captured[dup]]).astype(np.int64)
    person = person[rng.permutation(person.shape[0])]
    n = int(person.shape[0])
    pop = population
    latin = style.script is Script.LATIN

    given = tables.given.sample(pop.given[person], rng.random(n))
    family = tables.family.sample(pop.family[person], rng.random(n))
    father = tables.given.sample(pop.father[person], rng.random(n))

    # Honorifics: Seyed before a man's name, Sadat after a woman's, Haj for older men.
    female = pop.female[person]
    honour = pop.seyed[person] & (rng.random(n) < style.honorific)
    zeros = np.zeros(n, dtype=np.int64)
    seyed = honour & ~female
    given[seyed] = (
        tables.seyed.sample(zeros[seyed], rng.random(int(seyed.sum()))) + " " + given[seyed]
    )
    sadat = honour & female
    given[sadat] = (
        given[sadat] + " " + tables.sadat.sample(zeros[sadat], rng.random(int(sadat.sum())))
    )
    haj = pop.haj[person] & (rng.random(n) < style.honorific * 0.5)
    given[haj] = tables.haj.sample(zeros[haj], rng.random(int(haj.sum()))) + " " + given[haj]

    # Typos in the given name or the surname.
    hit = np.flatnonzero(rng.random(n) < style.typo * typo_scale)
    ops = rng.integers(0, 3, size=hit.shape[0])
    where = rng.random(hit.shape[0])
    in_family = rng.random(hit.shape[0]) < 0.5
    for i, op, w, fam in zip(hit, ops, where, in_family, strict=True):
        if fam:
            family[i] = typo(family[i], int(op), float(w))
        else:
            given[i] = typo(given[i], int(op), float(w))

    city_ids = pop.city[person].astype(np.int64)
    capital = np.asarray(geography.capital_of_province(), dtype=np.int64)
    coarse = rng.random(n) < style.capital_for_town
    city_ids[coarse] = capital[city_ids[coarse]]
    city = tables.city.sample(city_ids, rng.random(n))
    province_ids = np.array([c.province for c in geography.CITIES], dtype=np.int64)[city_ids]
    province = tables.province.sample(province_ids, rng.random(n))

    if not latin:
        arabic = np.flatnonzero(rng.random(n) < style.arabic_forms)
        ta_marbuta = rng.random(arabic.shape[0]) < 0.5
        for i, tm in zip(arabic, ta_marbuta, strict=True):
            g = to_arabic_forms(given[i])
            given[i] = g[:-1] + "ة" if tm and g.endswith("ه") else g
            family[i] = to_arabic_forms(family[i])
            father[i] = to_arabic_forms(father[i])
            city[i] = to_arabic_forms(city[i])
            province[i] = to_arabic_forms(province[i])

    # Name order: "Given Family", "FAMILY, Given" ("family، given" in Persian) or "Family Given".
    order_u = rng.random(n)
    first = order_u < style.surname_first
    plain = ~first & (order_u < style.surname_first + style.family_first_plain)
    shown_family = family.copy()
    if latin:
        upper = first & (rng.random(n) < style.upper_surname)
        shown_family[upper] = np.char.upper(shown_family[upper].astype(str)).astype(object)
    comma = ", " if latin else "، "
    name = np.where(first, shown_family + comma + given, given + " " + family)
    name[plain] = family[plain] + " " + given[plain]

    empty = np.full(n, "", dtype=object)
    given_col = given if style.split_fields else empty.copy()
    family_col = shown_family if style.split_fields else empty.copy()

    sex_words = _objects(list(_SEX[style.script]))
    sex = _blank(sex_words[female.astype(np.int64)], rng.random(n) < style.missing_sex)

    age_ascii, age_fa = _age_strings()
    err = rng.choice(np.array([-2, -1, 1, 2]), size=n, p=[0.2, 0.3, 0.3, 0.2])
    age_values = pop.age[person] + np.where(rng.random(n) < style.age_error, err, 0)
    age_values = np.clip(age_values, 1, 129)
    persian_digits = rng.random(n) < style.persian_digits
    age = np.where(persian_digits, age_fa[age_values], age_ascii[age_values])
    age = _blank(age, rng.random(n) < style.missing_age)

    day = pop.day[person].astype(np.int64)
    shift = rng.choice(np.array([-1, 1]), size=n)
    day = day + np.where(rng.random(n) < style.date_error, shift, 0)
    fmt_w = np.asarray(style.date_formats, dtype=np.float64)
    fmt = rng.choice(4, size=n, p=fmt_w / fmt_w.sum())
    month_only = (rng.random(n) < style.month_only).astype(np.int64)
    dates = _date_strings(int(pop.day.max()) + 1)
    date = _blank(dates[fmt, month_only, day + 1], rng.random(n) < style.missing_date)

    violation_ids = pop.violation[person].astype(np.int64)
    noisy = rng.random(n) < style.violation_noise
    violation_ids[noisy] = rng.integers(0, len(VIOLATIONS), size=int(noisy.sum()))
    violation = _objects([v.value for v in VIOLATIONS])[violation_ids]

    notes_words = _objects(list(_NOTES[style.script]))
    notes = notes_words[rng.integers(0, len(notes_words), size=n)]
    notes = _blank(notes, rng.random(n) >= style.notes)

    columns: dict[str, ObjArray] = {
        "source_record_id": _record_ids(rng, style, n),
        "name": name,
        "given_name": given_col,
        "family_name": family_col,
        "father_name": _blank(father, rng.random(n) < style.missing_father),
        "sex": sex,
        "age": age,
        "date": date,
        "province": _blank(province, rng.random(n) < style.missing_province),
        "city": _blank(city, rng.random(n) < style.missing_city),
        "violation": violation,
        "notes": notes,
    }
    return SourceRecords(spec, person, columns)
