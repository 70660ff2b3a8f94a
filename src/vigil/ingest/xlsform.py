"""Vigil's report form as an XLSForm, for KoboToolbox and ODK (pure: rows in, no I/O).

The form asks for Vigil's standard columns (`vigil.ingest.mapping.STANDARD_COLUMNS`) and the
witness fields Vigil seals (`vigil.security.permissions.DEFAULT_SENSITIVE_FIELDS`), grouped as
``victim/…``, ``incident/…``, ``act/…`` (how it happened, in the reporter's own words) and
``witness/…``, labelled in English and Persian. Choice lists
come from Vigil's own vocabularies: `Sex` and `ViolationType`, and the provinces of the bundled
gazetteer (passed in, so this module reads nothing). With a ``public_key`` in the settings,
ODK Collect and KoboToolbox encrypt each submission on the device (RSA + AES); only the holder
of the private key can read the export.

The same definition is what `vigil.ingest.formexport` reads back: question names and labels
name the columns of an export, choice names and labels its values.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from vigil.domain import Sex, ViolationType
from vigil.errors import InputError

FORM_ID = "vigil_report"
FORM_TITLE = "Vigil report"
FORM_VERSION = "1"
EN = "English (en)"
FA = "Persian (fa)"
LANGUAGES = (EN, FA)
# Witness fields: sealed by Vigil's importer (DEFAULT_SENSITIVE_FIELDS).
SENSITIVE = ("witness_name", "witness_contact")


@dataclass(frozen=True)
class Question:
    name: str  # the Vigil column it fills (a standard column or a sensitive field)
    type: str
    group: str
    label_en: str
    label_fa: str
    hint_en: str = ""
    hint_fa: str = ""
    required: str = ""
    constraint: str = ""
    sensitive: bool = False

    @property
    def path(self) -> str:
        return f"{self.group}/{self.name}"

    @property
    def list_name(self) -> str | None:
        return self.type.split()[1] if self.type.startswith("select_one ") else None


@dataclass(frozen=True)
class Choice:
    list_name: str
    name: str
    label_en: str
    label_fa: str


@dataclass(frozen=True)
class Group:
    name: str
    label_en: str
    label_fa: str


class ProvinceName(Protocol):
    """What the form needs of a province (`vigil.places.Province`): its names."""

    @property
    def name_en(self) -> str: ...

    @property
    def name_fa(self) -> str | None: ...


GROUPS = (
    Group("victim", "Victim", "قربانی"),
    Group("incident", "What happened", "رویداد"),
    Group("act", "How it happened", "چگونه رخ داد"),
    Group("witness", "Witness (sealed)", "شاهد (محرمانه)"),
)

_SEALED_EN = "Sensitive: Vigil seals this field; it is never stored or shown in clear."
_SEALED_FA = "محرمانه: ویجیل این فیلد را رمزگذاری می‌کند و هرگز آشکار ذخیره یا نمایش نمی‌دهد."

QUESTIONS: tuple[Question, ...] = (
    Question("given_name", "text", "victim", "Given name", "نام"),
    Question("family_name", "text", "victim", "Family name", "نام خانوادگی"),
    Question(
        "name",
        "text",
        "victim",
        "Full name (if given and family name are not known apart)",
        "نام کامل (اگر نام و نام خانوادگی جدا معلوم نیست)",
        required="${given_name} = '' and ${family_name} = ''",
    ),
    Question("father_name", "text", "victim", "Father's name", "نام پدر"),
    Question("sex", "select_one sex", "victim", "Sex", "جنسیت"),
    Question(
        "age",
        "integer",
        "victim",
        "Age",
        "سن",
        constraint=". >= 0 and . <= 120",
    ),
    Question("date", "date", "incident", "Date", "تاریخ"),
    Question("province", "select_one province", "incident", "Province", "استان"),
    Question("city", "text", "incident", "City", "شهر"),
    Question(
        "violation",
        "select_one violation",
        "incident",
        "What happened",
        "چه رخ داد",
        required="yes",
    ),
    Question("notes", "text", "incident", "Notes", "یادداشت"),
    # How it happened (vigil.ingest.acts): the reporter's own words, read by the importer.
    *(
        Question(name, kind, "act", en, fa, hint_en, hint_fa)
        for name, kind, en, fa, hint_en, hint_fa in (
            (
                "method",
                "text",
                "Method",
                "روش",
                "e.g. live ammunition, pellets, beating",
                "مثلاً گلوله جنگی، ساچمه، ضرب و شتم",
            ),
            (
                "weapon",
                "text",
                "Weapon",
                "سلاح",
                "only as the source says it",
                "فقط همان‌گونه که منبع می‌گوید",
            ),
            ("wound", "text", "Wound", "محل اصابت", "e.g. head, chest", "مثلاً سر، سینه"),
            (
                "perpetrator",
                "text",
                "Perpetrator",
                "عامل",
                "e.g. IRGC, Basij, police, plainclothes",
                "مثلاً سپاه، بسیج، نیروی انتظامی، لباس شخصی",
            ),
            (
                "perpetrator_by",
                "text",
                "Attributed by",
                "به گفته",
                "e.g. witness, family",
                "مثلاً شاهد، خانواده",
            ),
            (
                "place_kind",
                "text",
                "Kind of place",
                "نوع محل",
                "e.g. street, rooftop, hospital",
                "مثلاً خیابان، پشت بام، بیمارستان",
            ),
            ("facility", "text", "Facility (prison, hospital)", "مکان (زندان، بیمارستان)", "", ""),
            ("arrest_date", "date", "Arrest date", "تاریخ بازداشت", "", ""),
            ("arrest_place", "text", "Place of arrest", "محل بازداشت", "", ""),
            ("release_date", "date", "Release date", "تاریخ آزادی", "", ""),
            (
                "died_in_custody",
                "text",
                "Died in custody",
                "مرگ در بازداشت",
                "yes / no",
                "بله / خیر",
            ),
            (
                "care_denied",
                "text",
                "Medical care denied",
                "محرومیت از درمان",
                "yes / no",
                "بله / خیر",
            ),
            ("sentence", "text", "Sentence", "حکم", "e.g. 6 years in prison", "مثلاً ۶ سال حبس"),
            ("charges", "text", "Charges", "اتهامات", "e.g. moharebeh", "مثلاً محاربه"),
            ("court", "text", "Court", "دادگاه", "", ""),
            ("court_branch", "text", "Branch", "شعبه", "", ""),
            ("execution_date", "date", "Execution date", "تاریخ اعدام", "", ""),
            (
                "burial",
                "text",
                "Burial",
                "خاکسپاری",
                "known, or body withheld",
                "معلوم، یا جسد تحویل داده نشد",
            ),
        )
    ),
    Question(
        "witness_name",
        "text",
        "witness",
        "Witness's name (sealed)",
        "نام شاهد (محرمانه)",
        _SEALED_EN,
        _SEALED_FA,
        sensitive=True,
    ),
    Question(
        "witness_contact",
        "text",
        "witness",
        "Witness's contact (sealed)",
        "تماس شاهد (محرمانه)",
        _SEALED_EN,
        _SEALED_FA,
        sensitive=True,
    ),
)

SEX_LABELS: dict[Sex, tuple[str, str]] = {Sex.MALE: ("Male", "مرد"), Sex.FEMALE: ("Female", "زن")}
# Persian labels as the web interface shows them (web/locale/fa).
VIOLATION_LABELS: dict[ViolationType, tuple[str, str]] = {
    ViolationType.KILLED: ("Killed", "کشته‌شده"),
    ViolationType.INJURED: ("Injured", "زخمی"),
    ViolationType.ARRESTED: ("Arrested", "بازداشت"),
    ViolationType.DETAINED: ("Detained", "زندانی"),
    ViolationType.TORTURED: ("Tortured", "شکنجه‌شده"),
    ViolationType.DIED_IN_CUSTODY: ("Died in custody", "مرگ در بازداشت"),
    ViolationType.DISAPPEARED: ("Disappeared", "ناپدیدشده"),
    ViolationType.SENTENCED: ("Sentenced", "محکوم"),
    ViolationType.EXECUTED: ("Executed", "اعدام‌شده"),
    ViolationType.DENIED_MEDICAL_CARE: ("Denied medical care", "محرومیت از درمان"),
    ViolationType.REPORTED_ALIVE: ("Reported alive", "زنده گزارش‌شده"),
    ViolationType.RELEASED: ("Released", "آزادشده"),
}


def province_choice_name(name_en: str) -> str:
    """A province's choice name: its English name in snake case ("Razavi Khorasan" ->
    "razavi_khorasan"), which the gazetteer resolves like the name itself."""
    return re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")


def choices(provinces: Iterable[ProvinceName]) -> list[Choice]:
    """Every choice of the form: sex, violation, then provinces by English name."""
    out = [Choice("sex", s.value, *SEX_LABELS[s]) for s in Sex]
    out += [Choice("violation", v.value, *VIOLATION_LABELS[v]) for v in ViolationType]
    out += [
        Choice("province", province_choice_name(p.name_en), p.name_en, p.name_fa or p.name_en)
        for p in sorted(provinces, key=lambda p: p.name_en)
    ]
    return out


def public_key_setting(pem: str) -> str:
    """The ``public_key`` setting for an RSA public key given as PEM: its base64 DER on one
    line, as ODK expects; InputError when the text is not an RSA public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_public_key(pem.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError) as e:
        raise InputError(
            "public key: not a PEM public key (expected '-----BEGIN PUBLIC KEY-----'; make one "
            "with: openssl rsa -in private.pem -pubout -out public.pem)"
        ) from e
    if not isinstance(key, rsa.RSAPublicKey):
        raise InputError("public key: ODK and KoboToolbox encrypt only to an RSA key")
    if key.key_size < 2048:
        raise InputError(f"public key: RSA key of {key.key_size} bits; use 2048 bits or more")
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


@dataclass(frozen=True)
class XLSForm:
    """The three sheets of the form, each a header row then value rows."""

    survey: list[list[str]]
    choices: list[list[str]]
    settings: list[list[str]]

    def sheets(self) -> dict[str, list[list[str]]]:
        return {"survey": self.survey, "choices": self.choices, "settings": self.settings}


def build_xlsform(
    provinces: Iterable[ProvinceName],
    *,
    public_key_pem: str | None = None,
    submission_url: str | None = None,
    version: str = FORM_VERSION,
) -> XLSForm:
    """Vigil's report form; with `public_key_pem`, submissions are encrypted on the device."""
    if submission_url is not None and not re.match(r"https?://\S+$", submission_url.strip()):
        raise InputError(f"submission URL {submission_url!r}: expected an http(s):// address")
    survey: list[list[str]] = [
        [
            "type",
            "name",
            f"label::{EN}",
            f"label::{FA}",
            f"hint::{EN}",
            f"hint::{FA}",
            "required",
            "constraint",
        ]
    ]
    for group in GROUPS:
        survey.append(["begin_group", group.name, group.label_en, group.label_fa, "", "", "", ""])
        for q in QUESTIONS:
            if q.group == group.name:
                survey.append(
                    [
                        q.type,
                        q.name,
                        q.label_en,
                        q.label_fa,
                        q.hint_en,
                        q.hint_fa,
                        q.required,
                        q.constraint,
                    ]
                )
        survey.append(["end_group", "", "", "", "", "", "", ""])
    choice_rows = [["list_name", "name", f"label::{EN}", f"label::{FA}"]]
    choice_rows += [[c.list_name, c.name, c.label_en, c.label_fa] for c in choices(provinces)]
    settings_header = ["form_title", "form_id", "version", "default_language"]
    settings_values = [FORM_TITLE, FORM_ID, version, EN]
    if public_key_pem is not None:
        settings_header.append("public_key")
        settings_values.append(public_key_setting(public_key_pem))
    if submission_url is not None:
        settings_header.append("submission_url")
        settings_values.append(submission_url.strip())
    return XLSForm(survey, choice_rows, [settings_header, settings_values])
