"""Render the records one source holds about the people it captured, in that source's style.

Every column is built for all of a source's records at once from lookup tables; only the noise
that hits a few records (typos, Arabic letter forms) loops over those records alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import numpy.typing as npt
from persiantools.jdatetime import JalaliDate

from vigil.ingest.mapping import STANDARD_COLUMNS
from vigil.synth import geography, habits, names_bank, peoples
from vigil.synth.habits import Habits
from vigil.synth.population import DAY0, VIOLATIONS, Population
from vigil.synth.spelling import (
    ZWNJ,
    SampleTable,
    join_latin,
    latin_candidates,
    persian_candidates,
    to_arabic_forms,
    to_persian_digits,
    typo,
)
from vigil.synth.styles import Script, SourceSpec, SourceStyle

# The generator writes the importer's standard columns, but `event`: its sources cover one
# crackdown, placed by date (vigil.services.events).
COLUMNS: tuple[str, ...] = tuple(c for c in STANDARD_COLUMNS if c != "event")
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
    tags: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict)
    """Phenomenon -> which rows carry it (empty when no habit is on)."""

    def __len__(self) -> int:
        return int(self.person.shape[0])

    def phenomena(self) -> list[str]:
        """Per row, its phenomena joined by ';' (in a fixed order), '' for none."""
        out = [""] * len(self)
        for tag in sorted(self.tags):
            for i in np.flatnonzero(self.tags[tag]).tolist():
                out[i] = f"{out[i]};{tag}" if out[i] else tag
        return out


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


def build_spelling_tables(
    rng: np.random.Generator,
    style: SourceStyle,
    bank: peoples.NameBank = peoples.CLASSIC,
    wide_geography: bool = False,
) -> SpellingTables:
    """Draw the source's preferred Latin spelling of every token and tabulate its candidates.

    Without `wide_geography` only the classic places are tabulated (the others are never
    drawn), so the classic test bed draws exactly the random numbers it always did."""
    all_cities = (
        geography.CITIES if wide_geography else geography.CITIES[: geography.CLASSIC_CITIES]
    )
    all_provinces = (
        geography.PROVINCES
        if wide_geography
        else geography.PROVINCES[: geography.CLASSIC_PROVINCES]
    )
    if style.script is Script.LATIN:
        prefs: dict[str, int] = {}
        for key, token in bank.tokens.items():
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

        cities = [place(c.latin) for c in all_cities]
        provinces = [place(p.latin) for p in all_provinces]
    else:

        def name(entry: names_bank.NameEntry) -> list[tuple[str, float]]:
            return persian_candidates(
                ["+".join(t.fa for t in entry.tokens)], 0, 1.0, style.fa_joiners
            )

        cities = [persian_candidates(c.fa, 0, 0.8, style.fa_joiners) for c in all_cities]
        provinces = [persian_candidates(p.fa, 0, 1.0, (1.0, 0, 0)) for p in all_provinces]

    def single(token: names_bank.Token) -> SampleTable:
        return SampleTable.build([name(names_bank.NameEntry((token,)))])

    return SpellingTables(
        given=SampleTable.build([name(e) for e in bank.given]),
        family=SampleTable.build([name(e) for e in bank.surnames]),
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


@dataclass(frozen=True)
class OwnTable:
    """One people's own spellings of the names that have one, as one source writes them."""

    local: npt.NDArray[np.int64]  # bank index -> row of `table`, -1 when no own spelling
    table: SampleTable | None

    def sample(
        self, ids: npt.NDArray[np.integer], values: ObjArray, u: npt.NDArray[np.float64]
    ) -> None:
        """Replace `values[k]` by an own spelling of name `ids[k]` where one exists."""
        if self.table is None:
            return
        rows = self.local[ids]
        has = rows >= 0
        if has.any():
            values[has] = self.table.sample(rows[has], u[has])


@dataclass(frozen=True)
class OwnTables:
    given: OwnTable
    family: OwnTable


OwnSpellings = dict[str, tuple[str, tuple[str, ...]]]


def _own_candidates(
    style: SourceStyle, entry: names_bank.NameEntry, own: OwnSpellings
) -> list[tuple[str, float]]:
    if style.script is Script.LATIN:
        variants = [own[t.key][1] or t.latin if t.key in own else t.latin for t in entry.tokens]
        return latin_candidates(
            variants, [0] * len(variants), style.spelling_loyalty, style.latin_joiners
        )
    parts = [own[t.key][0] or t.fa if t.key in own else t.fa for t in entry.tokens]
    return persian_candidates(["+".join(parts)], 0, 1.0, style.fa_joiners)


def _own_table(
    style: SourceStyle, entries: tuple[names_bank.NameEntry, ...], own: OwnSpellings
) -> OwnTable:
    local = np.full(len(entries), -1, dtype=np.int64)
    candidates: list[list[tuple[str, float]]] = []
    for i, e in enumerate(entries):
        if any(t.key in own for t in e.tokens):
            local[i] = len(candidates)
            candidates.append(_own_candidates(style, e, own))
    return OwnTable(local, SampleTable.build(candidates) if candidates else None)


def build_own_tables(style: SourceStyle, bank: peoples.NameBank) -> dict[int, OwnTables]:
    """Per people (1..), the source's spellings of names in that people's own orthography."""
    return {
        p: OwnTables(
            given=_own_table(style, bank.given, bank.own(p)),
            family=_own_table(style, bank.surnames, bank.own(p)),
        )
        for p in range(1, len(bank.peoples))
    }


# Single tokens that writers split: Abol Fazl, Abdol lah (Latin, Persian).
_SPLITTABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Abolfazl": (("Abol", "Fazl"), ("ابو", "الفضل")),
    "Abdollah": (("Abdol", "lah"), ("عبد", "الله")),
    "Rouhollah": (("Rouh", "ollah"), ("روح", "الله")),
}
_ZWNJ_DAMAGE: tuple[str, ...] = ("", ZWNJ + ZWNJ, " ", ZWNJ + " ")
"""Dropped, doubled, turned into a space, followed by a space."""


def _fa_parts(entry: names_bank.NameEntry) -> list[str]:
    parts: list[str] = []
    for t in entry.tokens:
        parts.extend(p for p in t.fa.split(ZWNJ) if p)
    return parts


def _split_form(entry: names_bank.NameEntry, latin: bool) -> str | None:
    """The compound written apart with spaces, or None when it is one word."""
    if len(entry.tokens) == 1:
        known = _SPLITTABLE.get(entry.tokens[0].key)
        if known is None:
            return None
        return " ".join(known[0] if latin else known[1])
    if latin:
        return join_latin([t.latin[0] for t in entry.tokens], 2)
    return " ".join(t.fa for t in entry.tokens)


def _apply_name_habits(
    hrng: np.random.Generator,
    h: Habits,
    latin: bool,
    bank: peoples.NameBank,
    entries: tuple[npt.NDArray[np.integer], npt.NDArray[np.integer]],
    names: tuple[ObjArray, ObjArray],
    tags: dict[str, npt.NDArray[np.bool_]],
) -> None:
    """ZWNJ damage (Persian) and split compounds on the given and family names, in place.

    Names already written in a people's own spelling are left as they are (the rewrite starts
    from the plain spelling)."""
    n = names[0].shape[0]
    keep = tags.get(habits.TAG_OWN, np.zeros(n, dtype=np.bool_))
    banks = (bank.given, bank.surnames)
    zwnj = np.zeros(n, dtype=np.bool_)
    split = np.zeros(n, dtype=np.bool_)
    if not latin and h.zwnj > 0:
        hit = np.flatnonzero(hrng.random(n) < h.zwnj)
        damage = hrng.integers(0, len(_ZWNJ_DAMAGE), size=hit.shape[0])
        for i, d in zip(hit.tolist(), damage.tolist(), strict=True):
            if keep[i]:
                continue
            for which in (0, 1):
                parts = _fa_parts(banks[which][int(entries[which][i])])
                if len(parts) > 1:
                    names[which][i] = _ZWNJ_DAMAGE[d].join(parts)
                    zwnj[i] = True
    if h.split > 0:
        hit = np.flatnonzero(hrng.random(n) < h.split)
        for i in hit.tolist():
            if zwnj[i] or keep[i]:
                continue
            for which in (0, 1):
                form = _split_form(banks[which][int(entries[which][i])], latin)
                if form is not None and form != names[which][i]:
                    names[which][i] = form
                    split[i] = True
    tags[habits.TAG_ZWNJ] = zwnj
    tags[habits.TAG_SPLIT] = split


def _place_alternates(
    hrng: np.random.Generator,
    rate: float,
    latin: bool,
    ids: npt.NDArray[np.int64],
    values: ObjArray,
    names: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    keys: list[str],
) -> npt.NDArray[np.bool_]:
    """Replace places by own-language or historic names where one is known; which changed."""
    n = values.shape[0]
    changed = np.zeros(n, dtype=np.bool_)
    hit = np.flatnonzero(hrng.random(n) < rate)
    picks = hrng.random(hit.shape[0])
    for i, u in zip(hit.tolist(), picks.tolist(), strict=True):
        alternates = names.get(keys[int(ids[i])])
        if alternates is None:
            continue
        options = alternates[0] if latin else alternates[1]
        if options:
            values[i] = options[int(u * len(options))]
            changed[i] = True
    return changed


def render_source(
    rng: np.random.Generator,
    population: Population,
    spec: SourceSpec,
    captured: npt.NDArray[np.integer],
    duplicate_rate: float,
    typo_scale: float = 1.0,
    source_habits: Habits = habits.NONE,
    hrng: np.random.Generator | None = None,
) -> SourceRecords:
    """Records of one source about the people in `captured`, shuffled, with duplicates.

    `source_habits` (this source's rates) adds the field phenomena, drawn from `hrng` only, so
    with every habit off the records are exactly those of the classic test bed.
    """
    style = spec.style
    h = source_habits
    bank = population.bank
    tables = build_spelling_tables(rng, style, bank, population.wide_geography)
    dup = rng.random(captured.shape[0]) < duplicate_rate * style.duplicate_weight
    person = np.concatenate([captured, captured[dup]]).astype(np.int64)
    person = person[rng.permutation(person.shape[0])]
    n = int(person.shape[0])
    pop = population
    latin = style.script is Script.LATIN

    given = tables.given.sample(pop.given[person], rng.random(n))
    family = tables.family.sample(pop.family[person], rng.random(n))
    father = tables.given.sample(pop.father[person], rng.random(n))

    tags: dict[str, npt.NDArray[np.bool_]] = {}
    active = h.active
    if active and hrng is None:
        raise ValueError("habits need their own random stream (hrng)")
    hr = hrng if hrng is not None else np.random.default_rng(0)  # used only when active
    if active:
        people = pop.people_codes[person]
        for p in range(1, len(bank.peoples)):
            tags[peoples.PEOPLES[p]] = people == p
        own = (people > 0) & (hr.random(n) < h.own_spelling)
        before = (given.copy(), family.copy(), father.copy())
        if own.any():
            own_tables = build_own_tables(style, bank)
            for p, t in own_tables.items():
                m = own & (people == p)
                k = int(m.sum())
                if k:
                    for values, ids, tab in (
                        (given, pop.given, t.given),
                        (family, pop.family, t.family),
                        (father, pop.father, t.given),
                    ):
                        sub = values[m]
                        tab.sample(ids[person[m]], sub, hr.random(k))
                        values[m] = sub
        # Tagged only where a name has an own spelling that differs from the plain one.
        tags[habits.TAG_OWN] = own & (
            (given != before[0]) | (family != before[1]) | (father != before[2])
        )
        _apply_name_habits(
            hr, h, latin, bank, (pop.given[person], pop.family[person]), (given, family), tags
        )

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
    place_changed = np.zeros((2, n), dtype=np.bool_)
    if active and h.places > 0:
        place_changed[0] = _place_alternates(
            hr,
            h.places,
            latin,
            city_ids,
            city,
            habits.CITY_NAMES,
            [c.key for c in geography.CITIES],
        )
        place_changed[1] = _place_alternates(
            hr,
            h.places,
            latin,
            province_ids,
            province,
            habits.PROVINCE_NAMES,
            [p.key for p in geography.PROVINCES],
        )

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

    in_name = np.zeros(n, dtype=np.bool_)  # records whose name field carries a habit
    drop_father = np.zeros(n, dtype=np.bool_)
    if active:
        given_first = ~first & ~plain
        glued = given_first & (hr.random(n) < h.glued)
        camel = hr.random(n) < 0.7
        for r in np.flatnonzero(glued).tolist():
            fam = str(family[r])
            if latin:
                fam = fam[:1].upper() + fam[1:] if camel[r] else fam.lower()
            name[r] = f"{given[r]}{fam}"
        tags[habits.TAG_GLUED] = glued
        patronymic = hr.random(n) < h.patronymic
        templates = hr.integers(0, 1000, size=n)
        arab = pop.people_codes[person] == peoples.PEOPLES.index("arab")
        for r in np.flatnonzero(patronymic).tolist():
            name[r] = habits.patronymic_name(
                int(templates[r]),
                latin,
                str(name[r]),
                str(given[r]),
                str(family[r]),
                str(father[r]),
                bool(female[r]),
                bool(arab[r]),
            )
        tags[habits.TAG_PATRONYMIC] = patronymic
        in_name = glued | patronymic
        drop_father = patronymic & (hr.random(n) < 0.8)

    empty = np.full(n, "", dtype=object)
    given_col = given if style.split_fields else empty.copy()
    family_col = shown_family if style.split_fields else empty.copy()
    if style.split_fields and in_name.any():
        # A list that writes the father or glued names into one field has no split columns.
        given_col = given_col.copy()
        family_col = family_col.copy()
        given_col[in_name] = ""
        family_col[in_name] = ""

    sex_words = _objects(list(_SEX[style.script]))
    sex = _blank(sex_words[female.astype(np.int64)], rng.random(n) < style.missing_sex)

    age_ascii, age_fa = _age_strings()
    err = rng.choice(np.array([-2, -1, 1, 2]), size=n, p=[0.2, 0.3, 0.3, 0.2])
    age_values = pop.age[person] + np.where(rng.random(n) < style.age_error, err, 0)
    age_values = np.clip(age_values, 1, 129)
    persian_digits = rng.random(n) < style.persian_digits
    age = np.where(persian_digits, age_fa[age_values], age_ascii[age_values])
    age = _blank(age, rng.random(n) < style.missing_age)
    if active and h.ages > 0:
        written = (age != "") & (hr.random(n) < h.ages)
        forms = hr.integers(0, 60, size=n)
        for r in np.flatnonzero(written).tolist():
            age[r] = habits.written_age(int(age_values[r]), int(forms[r]), latin)
        tags[habits.TAG_AGE] = written

    day = pop.day[person].astype(np.int64)
    shift = rng.choice(np.array([-1, 1]), size=n)
    day = day + np.where(rng.random(n) < style.date_error, shift, 0)
    fmt_w = np.asarray(style.date_formats, dtype=np.float64)
    fmt = rng.choice(4, size=n, p=fmt_w / fmt_w.sum())
    month_only = (rng.random(n) < style.month_only).astype(np.int64)
    dates = _date_strings(int(pop.day.max()) + 1)
    date = _blank(dates[fmt, month_only, day + 1], rng.random(n) < style.missing_date)
    if active and h.dates > 0:
        written = (date != "") & (month_only == 0) & (hr.random(n) < h.dates)
        forms = hr.integers(0, 60, size=n)
        for r in np.flatnonzero(written).tolist():
            when = DAY0 + dt.timedelta(days=int(day[r]))
            date[r] = habits.written_date(when, int(forms[r]), latin)
        tags[habits.TAG_DATE] = written

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
    if active:
        columns["father_name"][drop_father] = ""
        tags[habits.TAG_PLACE] = (place_changed[0] & (columns["city"] != "")) | (
            place_changed[1] & (columns["province"] != "")
        )
    return SourceRecords(spec, person, columns, tags)
