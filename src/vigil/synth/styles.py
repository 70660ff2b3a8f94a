"""Each synthetic source's kind, independence group and writing habits.

The habits are modelled on how real lists differ: a field network writes Persian with Persian
digits and Jalali dates; a hospital's old software uses Arabic letter forms; an NGO writes a
clean Latin table with separate name columns; the press writes "SURNAME, Given", drops fields and
gives months instead of days; an official list is terse. The default four sources cover two
Persian-script and two Latin-script lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from vigil.domain import SourceKind


class Script(StrEnum):
    PERSIAN = "fa"
    LATIN = "latin"


@dataclass(frozen=True)
class SourceStyle:
    """Probabilities (per record unless said otherwise) of each way a source writes a record."""

    script: Script
    arabic_forms: float = 0.0  # ي ك instead of ی ک (Persian sources)
    persian_digits: float = 0.0  # dates and ages in Persian digits
    fa_joiners: tuple[float, float, float] = (0.5, 0.2, 0.3)  # glued, space, ZWNJ
    latin_joiners: tuple[float, float, float, float] = (0.6, 0.2, 0.15, 0.05)
    spelling_loyalty: float = 0.75  # share of records using the source's preferred spelling
    surname_first: float = 0.0  # "SURNAME, Given"
    family_first_plain: float = 0.0  # "Family Given" with no comma: order is ambiguous
    upper_surname: float = 0.0  # surname in capitals when written first
    honorific: float = 0.5  # writes Seyed / Sadat / Haj when the person carries it
    typo: float = 0.02
    split_fields: bool = False  # fills given_name / family_name besides name
    missing_age: float = 0.2
    missing_father: float = 0.5
    missing_date: float = 0.1
    missing_city: float = 0.05
    missing_province: float = 0.3
    missing_sex: float = 0.1
    age_error: float = 0.1  # age off by one or two years
    date_formats: tuple[float, float, float, float] = (1.0, 0.0, 0.0, 0.0)
    """Gregorian ISO, Jalali padded (1398/08/25), Jalali unpadded (1398/8/25), Jalali Persian."""
    month_only: float = 0.05
    date_error: float = 0.05  # date off by one day (report date, not event date)
    capital_for_town: float = 0.03  # writes the provincial capital instead of the town
    violation_noise: float = 0.02  # reports another violation (injured as killed, ...)
    duplicate_weight: float = 1.0  # relative rate of duplicates inside the source
    notes: float = 0.3
    id_format: str = "R-{:06d}"
    bom: bool = False


TEMPLATES: dict[SourceKind, SourceStyle] = {
    SourceKind.FIELD_NETWORK: SourceStyle(
        script=Script.PERSIAN,
        persian_digits=0.7,
        fa_joiners=(0.3, 0.2, 0.5),
        honorific=0.7,
        typo=0.03,
        missing_age=0.15,
        missing_father=0.3,
        missing_date=0.08,
        missing_province=0.2,
        missing_sex=0.4,
        age_error=0.15,
        date_formats=(0.0, 0.3, 0.2, 0.5),
        month_only=0.04,
        id_format="FN-{:06d}",
    ),
    SourceKind.NGO: SourceStyle(
        script=Script.LATIN,
        latin_joiners=(0.7, 0.15, 0.15, 0.0),
        spelling_loyalty=0.85,
        honorific=0.5,
        typo=0.015,
        split_fields=True,
        missing_age=0.1,
        missing_father=0.6,
        missing_date=0.03,
        missing_city=0.02,
        missing_province=0.05,
        missing_sex=0.02,
        age_error=0.08,
        date_formats=(1.0, 0.0, 0.0, 0.0),
        month_only=0.02,
        id_format="NGO-2019-{:05d}",
        bom=True,
    ),
    SourceKind.HOSPITAL: SourceStyle(
        script=Script.PERSIAN,
        arabic_forms=0.85,
        fa_joiners=(0.7, 0.25, 0.05),
        family_first_plain=0.03,
        honorific=0.2,
        typo=0.02,
        split_fields=True,
        missing_age=0.05,
        missing_father=0.1,
        missing_date=0.02,
        missing_city=0.1,
        missing_province=0.9,
        missing_sex=0.0,
        age_error=0.03,
        date_formats=(0.0, 0.8, 0.2, 0.0),
        month_only=0.0,
        date_error=0.15,
        capital_for_town=0.15,
        notes=0.1,
        id_format="H{:07d}",
    ),
    SourceKind.MEDIA: SourceStyle(
        script=Script.LATIN,
        latin_joiners=(0.45, 0.3, 0.2, 0.05),
        spelling_loyalty=0.6,
        surname_first=0.6,
        family_first_plain=0.05,
        upper_surname=0.8,
        honorific=0.3,
        typo=0.05,
        missing_age=0.35,
        missing_father=0.95,
        missing_date=0.2,
        missing_city=0.08,
        missing_province=0.5,
        missing_sex=0.3,
        age_error=0.25,
        date_formats=(1.0, 0.0, 0.0, 0.0),
        month_only=0.3,
        date_error=0.1,
        capital_for_town=0.1,
        violation_noise=0.05,
        duplicate_weight=2.0,
        notes=0.5,
        id_format="MED{:05d}",
    ),
    SourceKind.OFFICIAL: SourceStyle(
        script=Script.PERSIAN,
        arabic_forms=0.2,
        fa_joiners=(0.6, 0.3, 0.1),
        surname_first=0.1,
        family_first_plain=0.08,
        honorific=0.1,
        typo=0.01,
        missing_age=0.5,
        missing_father=0.2,
        missing_date=0.3,
        missing_city=0.05,
        missing_province=0.0,
        missing_sex=0.5,
        age_error=0.05,
        date_formats=(0.0, 0.0, 1.0, 0.0),
        month_only=0.2,
        violation_noise=0.04,
        duplicate_weight=0.5,
        notes=0.0,
        id_format="OFF-{:d}",
    ),
}

DEFAULT_ORDER: tuple[SourceKind, ...] = (
    SourceKind.FIELD_NETWORK,
    SourceKind.NGO,
    SourceKind.HOSPITAL,
    SourceKind.MEDIA,
    SourceKind.OFFICIAL,
)

_NAMES: dict[SourceKind, str] = {
    SourceKind.FIELD_NETWORK: "field_network",
    SourceKind.NGO: "ngo",
    SourceKind.HOSPITAL: "hospital",
    SourceKind.MEDIA: "media",
    SourceKind.OFFICIAL: "official",
}


@dataclass(frozen=True)
class SourceSpec:
    """One synthetic source: who it is, which independence group, and how it writes."""

    index: int
    name: str
    kind: SourceKind
    independence_group: str
    style: SourceStyle
    copies_from: int | None = None  # index of the source it copies (same independence group)

    @property
    def file(self) -> str:
        return f"{self.index + 1:02d}_{self.name}.csv"


def _other_script(style: SourceStyle) -> SourceStyle:
    if style.script is Script.LATIN:
        return replace(style, script=Script.PERSIAN)
    iso, padded, unpadded, persian = style.date_formats
    return replace(
        style,
        script=Script.LATIN,
        arabic_forms=0.0,
        persian_digits=0.0,
        date_formats=(iso, padded + persian, unpadded, 0.0),
    )


def default_sources(k: int) -> list[SourceSpec]:
    """K sources cycling through the kinds; repeats alternate script so both stay represented."""
    specs: list[SourceSpec] = []
    seen: dict[SourceKind, int] = {}
    for i in range(k):
        kind = DEFAULT_ORDER[i % len(DEFAULT_ORDER)]
        seen[kind] = seen.get(kind, 0) + 1
        style = TEMPLATES[kind]
        name = _NAMES[kind]
        if seen[kind] > 1:
            name = f"{name}_{seen[kind]}"
            style = replace(
                style, id_format=style.id_format.replace("{", f"{seen[kind]}-{{", 1), bom=False
            )
        if seen[kind] % 2 == 0:
            # Every second outlet of a kind writes in the other script.
            style = _other_script(style)
        specs.append(SourceSpec(i, name, kind, f"group_{name}", style))
    return specs
