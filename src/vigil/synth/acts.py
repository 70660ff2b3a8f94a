"""Acts in the test bed: the true act of every person, and how each source reports it.

Every person of the hidden population gets a true act that fits what happened to them
(`draw_true_acts`): killed or injured in the street by live ammunition, pellets or batons,
hit in the head or chest, by the IRGC, the Basij, the police or plain-clothes agents;
arrested (some in hospital), released or sentenced on charges; died in custody; executed,
with the burial known or denied. The truth is written to ``acts.csv``.

Each source reports acts with its own completeness and habits (`ACT_HABITS`): the field
network names the perpetrator often and who said so; the hospital reports wounds and
never a perpetrator; the official list never names the security forces and blames
"rioters"; the press misattributes more often. Persian-script sources write Persian terms
(``گلوله جنگی``, ``سپاه``, ``۶ سال حبس``, Jalali dates), Latin-script sources English
words and transliterations (``Sepah``, ``lebas shakhsi``).

Everything is drawn from streams of their own (`acts_streams`), so the names, dates and
places of a seed, and therefore linkage, are the same with or without acts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from persiantools.jdatetime import JalaliDate

from vigil.domain import SourceKind, ViolationType
from vigil.domain.acts import Burial, Charge, Method, Perpetrator, PlaceKind, WeaponClass, Wound
from vigil.ingest.acts import ACT_COLUMNS
from vigil.synth.population import DAY0, VIOLATIONS, Population
from vigil.synth.spelling import to_persian_digits
from vigil.synth.styles import Script, SourceSpec

ObjArray = npt.NDArray[np.object_]

METHODS = tuple(Method)
WEAPONS = tuple(WeaponClass)
WOUNDS = tuple(Wound)
PERPETRATORS = tuple(Perpetrator)
PLACES = tuple(PlaceKind)
CHARGES = tuple(Charge)
BURIALS = tuple(Burial)
FACILITIES: tuple[tuple[str, str], ...] = (
    ("Evin Prison", "زندان اوین"),
    ("Fashafouyeh Prison", "زندان فشافویه"),
    ("Qezel Hesar Prison", "زندان قزلحصار"),
    ("Sheiban Prison", "زندان شیبان"),
    ("Adelabad Prison", "زندان عادل‌آباد"),
    ("Vakilabad Prison", "زندان وکیل‌آباد"),
    ("Dastgerd Prison", "زندان دستگرد"),
    ("Lakan Prison", "زندان لاکان"),
)
HOSPITALS: tuple[tuple[str, str], ...] = (
    ("city hospital", "بیمارستان شهر"),
    ("Imam Reza Hospital", "بیمارستان امام رضا"),
    ("Shohada Hospital", "بیمارستان شهدا"),
)

# --- the truth ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrueActs:
    """The true act of every person (index = person number); -1 / NaN: does not apply."""

    method: npt.NDArray[np.int8]  # index into METHODS
    weapon: npt.NDArray[np.int8]  # WEAPONS
    wound: npt.NDArray[np.int8]  # WOUNDS
    perpetrator: npt.NDArray[np.int8]  # PERPETRATORS
    place_kind: npt.NDArray[np.int8]  # PLACES
    facility: npt.NDArray[np.int8]  # FACILITIES (detention) or HOSPITALS (hospital arrest)
    arrest_day: npt.NDArray[np.int16]  # day offset from DAY0
    arrest_place_kind: npt.NDArray[np.int8]  # PLACES
    release_day: npt.NDArray[np.int16]
    died_in_custody: npt.NDArray[np.bool_]
    care_denied: npt.NDArray[np.bool_]
    sentence_kind: npt.NDArray[np.int8]  # 0 prison, 1 flogging, 2 death, 3 exile
    sentence_years: npt.NDArray[np.float64]
    lashes: npt.NDArray[np.int16]  # a flogging beside prison; 0 none
    charges: npt.NDArray[np.int8]  # people x 2, indexes into CHARGES
    court_branch: npt.NDArray[np.int16]
    execution_day: npt.NDArray[np.int16]
    burial: npt.NDArray[np.int8]  # BURIALS

    @property
    def size(self) -> int:
        return int(self.method.shape[0])


SENTENCES = ("prison", "flogging", "death", "exile")


def acts_streams(seed: int, sources: int) -> list[np.random.Generator]:
    """Streams of their own: [truth, source 0, source 1, ...]; the classic streams of the
    seed are not touched (a SeedSequence with another spawn key)."""
    root = np.random.SeedSequence(entropy=seed, spawn_key=(0xAC75,))
    return [np.random.default_rng(s) for s in root.spawn(1 + sources)]


def _pick(
    rng: np.random.Generator, n: int, options: tuple[object, ...], weights: tuple[float, ...]
) -> npt.NDArray[np.int8]:
    w = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(options), size=n, p=w / w.sum()).astype(np.int8)


def draw_true_acts(rng: np.random.Generator, pop: Population) -> TrueActs:
    """The true act of every person, given what happened to them."""
    n = pop.size
    v = pop.violation
    code = {x: np.int8(i) for i, x in enumerate(VIOLATIONS)}
    street = (v == code[ViolationType.KILLED]) | (v == code[ViolationType.INJURED])
    arrested = (v == code[ViolationType.ARRESTED]) | (v == code[ViolationType.DETAINED])
    custody = v == code[ViolationType.DIED_IN_CUSTODY]
    executed = v == code[ViolationType.EXECUTED]
    none8 = np.full(n, -1, dtype=np.int8)

    def idx(options: tuple[object, ...], value: object) -> int:
        return options.index(value)

    method = none8.copy()
    street_methods = (
        Method.LIVE_AMMUNITION,
        Method.SHOTGUN_PELLETS,
        Method.RUBBER_BULLETS,
        Method.TEAR_GAS_CANISTER,
        Method.BEATING,
        Method.VEHICLE,
    )
    drawn = _pick(rng, n, street_methods, (0.62, 0.18, 0.05, 0.04, 0.07, 0.04))
    method[street] = np.array([idx(METHODS, m) for m in street_methods], np.int8)[drawn][street]
    custody_methods = (Method.TORTURE, Method.BEATING, Method.UNKNOWN)
    drawn = _pick(rng, n, custody_methods, (0.5, 0.3, 0.2))
    method[custody] = np.array([idx(METHODS, m) for m in custody_methods], np.int8)[drawn][custody]
    method[executed] = idx(METHODS, Method.HANGING)

    weapon = none8.copy()
    live = method == idx(METHODS, Method.LIVE_AMMUNITION)
    weapon[live] = np.where(
        rng.random(n) < 0.85,
        idx(WEAPONS, WeaponClass.STANDARD_ISSUE),
        idx(WEAPONS, WeaponClass.NON_STANDARD),
    )[live]
    soft = np.isin(
        method,
        [
            idx(METHODS, m)
            for m in (Method.SHOTGUN_PELLETS, Method.RUBBER_BULLETS, Method.TEAR_GAS_CANISTER)
        ],
    )
    weapon[soft] = idx(WEAPONS, WeaponClass.LESS_LETHAL)

    wound = none8.copy()
    hit = street & (method != idx(METHODS, Method.VEHICLE))
    drawn = _pick(rng, n, WOUNDS, (0.3, 0.08, 0.3, 0.12, 0.07, 0.08, 0.05))
    wound[hit] = drawn[hit]

    perpetrator = none8.copy()
    street_perps = (
        Perpetrator.IRGC,
        Perpetrator.BASIJ,
        Perpetrator.POLICE,
        Perpetrator.PLAINCLOTHES,
    )
    drawn = _pick(rng, n, street_perps, (0.3, 0.2, 0.35, 0.15))
    perpetrator[street | arrested] = np.array(
        [idx(PERPETRATORS, p) for p in street_perps], np.int8
    )[drawn][street | arrested]
    custody_perps = (Perpetrator.PRISON_JUDICIAL, Perpetrator.IRGC, Perpetrator.POLICE)
    drawn = _pick(rng, n, custody_perps, (0.6, 0.2, 0.2))
    perpetrator[custody] = np.array([idx(PERPETRATORS, p) for p in custody_perps], np.int8)[drawn][
        custody
    ]
    perpetrator[executed] = idx(PERPETRATORS, Perpetrator.PRISON_JUDICIAL)

    place = none8.copy()
    street_places = (PlaceKind.STREET, PlaceKind.ROOFTOP, PlaceKind.HOME)
    drawn = _pick(rng, n, street_places, (0.88, 0.06, 0.06))
    place[street] = np.array([idx(PLACES, p) for p in street_places], np.int8)[drawn][street]
    place[custody | executed] = idx(PLACES, PlaceKind.DETENTION)

    arrest_places = (PlaceKind.STREET, PlaceKind.HOSPITAL, PlaceKind.HOME)
    held = arrested | custody | executed
    arrest_place_kind = none8.copy()
    drawn = _pick(rng, n, arrest_places, (0.55, 0.12, 0.33))
    arrest_place_kind[held] = np.array([idx(PLACES, p) for p in arrest_places], np.int8)[drawn][
        held
    ]
    facility = none8.copy()
    facility[held] = rng.integers(0, len(FACILITIES), size=n).astype(np.int8)[held]

    day = pop.day.astype(np.int16)
    none16 = np.full(n, -1, dtype=np.int16)
    arrest_day = none16.copy()
    arrest_day[arrested] = day[arrested]
    early = np.minimum(rng.geometric(0.1, size=n) - 1, 60).astype(np.int16)
    arrest_day[custody] = np.maximum(day[custody] - 1 - early[custody], 0)
    arrest_day[executed] = early[executed]
    release_day = none16.copy()
    released = arrested & (rng.random(n) < 0.6)
    release_day[released] = (day + rng.integers(3, 90, size=n)).astype(np.int16)[released]
    died_in_custody = custody.copy()
    care_denied = (held & (rng.random(n) < 0.25)) | (custody & (rng.random(n) < 0.5))

    sentence_kind = none8.copy()
    sentenced = arrested & ~released & (rng.random(n) < 0.7)
    kinds = _pick(rng, n, SENTENCES, (0.85, 0.0, 0.03, 0.12))
    sentence_kind[sentenced] = kinds[sentenced]
    sentence_kind[executed] = SENTENCES.index("death")
    years = np.full(n, np.nan)
    timed = sentenced & np.isin(sentence_kind, [0, 3])
    years[timed] = rng.integers(1, 16, size=n)[timed].astype(np.float64)
    half = timed & (rng.random(n) < 0.15)
    years[half] += 0.5
    lashes = np.zeros(n, dtype=np.int16)
    flog = timed & (sentence_kind == 0) & (rng.random(n) < 0.2)
    lashes[flog] = 74
    charges = np.full((n, 2), -1, dtype=np.int8)
    mild = (Charge.ASSEMBLY_COLLUSION, Charge.PROPAGANDA)
    first = _pick(rng, n, mild, (0.7, 0.3))
    charges[sentenced, 0] = np.array([idx(CHARGES, c) for c in mild], np.int8)[first][sentenced]
    both = sentenced & (rng.random(n) < 0.4)
    charges[both, 1] = np.array([idx(CHARGES, c) for c in mild], np.int8)[1 - first][both]
    grave = (Charge.MOHAREBEH, Charge.EFSAD_FIL_ARZ)
    g = _pick(rng, n, grave, (0.7, 0.3))
    charges[executed, 0] = np.array([idx(CHARGES, c) for c in grave], np.int8)[g][executed]
    charges[executed & (rng.random(n) < 0.3), 1] = idx(CHARGES, Charge.EFSAD_FIL_ARZ)
    charges[:, 1] = np.where(charges[:, 1] == charges[:, 0], -1, charges[:, 1])
    court_branch = np.where(sentenced | executed, rng.integers(1, 30, size=n), -1).astype(np.int16)

    execution_day = none16.copy()
    execution_day[executed] = day[executed]
    burial = none8.copy()
    burial[executed | custody] = np.where(
        rng.random(n) < 0.45, idx(BURIALS, Burial.KNOWN), idx(BURIALS, Burial.DENIED)
    ).astype(np.int8)[executed | custody]
    return TrueActs(
        method=method,
        weapon=weapon,
        wound=wound,
        perpetrator=perpetrator,
        place_kind=place,
        facility=facility,
        arrest_day=arrest_day,
        arrest_place_kind=arrest_place_kind,
        release_day=release_day,
        died_in_custody=died_in_custody,
        care_denied=care_denied,
        sentence_kind=sentence_kind,
        sentence_years=years,
        lashes=lashes,
        charges=charges,
        court_branch=court_branch,
        execution_day=execution_day,
        burial=burial,
    )


# --- what each source reports --------------------------------------------------------------


@dataclass(frozen=True)
class ActHabits:
    """Per record, the chance that a source reports each part of the act it knows."""

    method: float = 0.0
    weapon: float = 0.0
    wound: float = 0.0
    perpetrator: float = 0.0
    misattribution: float = 0.0  # names another perpetrator than the true one
    blames_rioters: float = 0.0  # attributes killings to "rioters" (other), not the forces
    perpetrator_by: float = 0.0  # says who attributed it
    place: float = 0.0
    facility: float = 0.0
    custody: float = 0.0  # arrest and release dates, death in custody, care denied
    sentence: float = 0.0  # sentence, charges, court
    execution: float = 0.0  # execution date and burial
    unknown_term: float = 0.0  # writes a term no vocabulary knows


ACT_HABITS: dict[SourceKind, ActHabits] = {
    SourceKind.FIELD_NETWORK: ActHabits(
        method=0.8,
        weapon=0.3,
        wound=0.4,
        perpetrator=0.7,
        misattribution=0.08,
        perpetrator_by=0.8,
        place=0.6,
        facility=0.6,
        custody=0.7,
        sentence=0.6,
        execution=0.8,
        unknown_term=0.01,
    ),
    SourceKind.NGO: ActHabits(
        method=0.7,
        weapon=0.2,
        wound=0.2,
        perpetrator=0.5,
        misattribution=0.05,
        perpetrator_by=0.6,
        place=0.5,
        facility=0.8,
        custody=0.8,
        sentence=0.9,
        execution=0.9,
    ),
    SourceKind.HOSPITAL: ActHabits(
        method=0.9, weapon=0.05, wound=0.95, place=0.3, facility=0.1, custody=0.2
    ),
    SourceKind.MEDIA: ActHabits(
        method=0.5,
        weapon=0.1,
        wound=0.15,
        perpetrator=0.35,
        misattribution=0.15,
        perpetrator_by=0.8,
        place=0.3,
        facility=0.5,
        custody=0.4,
        sentence=0.6,
        execution=0.7,
        unknown_term=0.005,
    ),
    SourceKind.OFFICIAL: ActHabits(
        method=0.3,
        wound=0.1,
        blames_rioters=0.3,
        place=0.2,
        facility=0.3,
        custody=0.3,
        sentence=0.8,
        execution=0.9,
    ),
}

# Words a source writes for a code: (Latin-script words, Persian-script words), one dict
# per vocabulary ("unknown" and "other" are codes of several: equal as strings).
_WORDS_BY_CODE: tuple[dict[StrEnum, tuple[tuple[str, ...], tuple[str, ...]]], ...] = (
    {
        Method.LIVE_AMMUNITION: (
            ("live ammunition", "live fire", "gunshot"),
            ("گلوله جنگی", "تیر جنگی", "اصابت گلوله"),
        ),
        Method.SHOTGUN_PELLETS: (("shotgun pellets", "birdshot"), ("ساچمه", "گلوله ساچمه‌ای")),
        Method.RUBBER_BULLETS: (("rubber bullets", "plastic bullets"), ("گلوله پلاستیکی",)),
        Method.TEAR_GAS_CANISTER: (("tear gas canister",), ("گاز اشک‌آور", "قوطی گاز اشک‌آور")),
        Method.BEATING: (("beaten with batons", "beating"), ("ضرب و شتم", "باتوم")),
        Method.VEHICLE: (("run over by a vehicle",), ("زیر گرفته شد", "خودرو")),
        Method.TORTURE: (("torture", "tortured"), ("شکنجه",)),
        Method.HANGING: (("hanging", "hanged"), ("به دار", "اعدام با طناب دار")),
        Method.UNKNOWN: (("unknown",), ("نامعلوم",)),
    },
    {
        WeaponClass.STANDARD_ISSUE: (("standard issue", "service weapon"), ("سلاح سازمانی",)),
        WeaponClass.NON_STANDARD: (("hunting rifle",), ("سلاح شکاری",)),
        WeaponClass.LESS_LETHAL: (("less-lethal",), ("غیرکشنده",)),
    },
    {
        Wound.HEAD: (("head", "back of the head", "face"), ("سر", "ناحیه سر", "صورت")),
        Wound.NECK: (("neck",), ("گردن",)),
        Wound.CHEST: (("chest", "heart"), ("سینه", "قفسه سینه")),
        Wound.ABDOMEN: (("abdomen", "stomach"), ("شکم",)),
        Wound.BACK: (("back",), ("کمر", "پشت")),
        Wound.LIMBS: (("leg", "arm"), ("پا", "دست")),
        Wound.SEVERAL: (("multiple wounds",), ("چند نقطه", "نقاط مختلف")),
    },
    {
        Perpetrator.IRGC: (("IRGC", "Revolutionary Guards", "Sepah"), ("سپاه", "سپاه پاسداران")),
        Perpetrator.BASIJ: (("Basij", "Basiji forces"), ("بسیج", "بسیجی‌ها")),
        Perpetrator.POLICE: (
            ("police", "riot police", "special units"),
            ("نیروی انتظامی", "یگان ویژه", "پلیس"),
        ),
        Perpetrator.PLAINCLOTHES: (
            ("plainclothes agents", "lebas shakhsi"),
            ("لباس شخصی", "نیروهای لباس شخصی"),
        ),
        Perpetrator.PRISON_JUDICIAL: (
            ("prison authorities", "judiciary"),
            ("ماموران زندان", "قوه قضاییه"),
        ),
        Perpetrator.OTHER: (("armed rioters",), ("اغتشاشگران", "اغتشاشگران مسلح")),
        Perpetrator.UNKNOWN: (("unidentified",), ("افراد ناشناس", "نامعلوم")),
    },
    {
        PlaceKind.STREET: (("street", "protest site"), ("خیابان", "محل تجمع")),
        PlaceKind.ROOFTOP: (("rooftop",), ("پشت بام",)),
        PlaceKind.HOSPITAL: (("hospital",), ("بیمارستان",)),
        PlaceKind.HOME: (("home",), ("منزل", "خانه")),
        PlaceKind.DETENTION: (("prison", "detention centre"), ("زندان", "بازداشتگاه")),
        PlaceKind.COURT: (("court",), ("دادگاه",)),
    },
    {
        Charge.MOHAREBEH: (("moharebeh", "enmity against God"), ("محاربه",)),
        Charge.EFSAD_FIL_ARZ: (("efsad-fil-arz", "corruption on earth"), ("افساد فی‌الارض",)),
        Charge.ASSEMBLY_COLLUSION: (("assembly and collusion",), ("اجتماع و تبانی",)),
        Charge.PROPAGANDA: (("propaganda against the system",), ("تبلیغ علیه نظام",)),
    },
    {
        Burial.KNOWN: (("buried by family",), ("دفن شد",)),
        Burial.DENIED: (("body withheld",), ("جسد تحویل داده نشد",)),
    },
)
_WORDS = {(type(k), k.value): v for words in _WORDS_BY_CODE for k, v in words.items()}
_BY = (("witness", "family", "video", "local sources"), ("شاهد", "خانواده", "ویدیو", "منابع محلی"))
_YES_NO = (("yes", "no"), ("بله", "خیر"))
# Terms no vocabulary knows (kept raw and flagged on import).
_UNKNOWN_TERMS = (("cold weapon",), ("سلاح سرد",))

ACT_COLUMNS_WRITTEN = (
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "perpetrator_by",
    "place_kind",
    "facility",
    "arrest_date",
    "arrest_place",
    "release_date",
    "died_in_custody",
    "care_denied",
    "sentence",
    "charges",
    "court",
    "court_branch",
    "execution_date",
    "burial",
)


def empty_acts(n: int) -> dict[str, ObjArray]:
    """Every act column of the importer, empty, for `n` records."""
    return {c: np.full(n, "", dtype=object) for c in ACT_COLUMNS}


def _date(day: int, latin: bool, persian_digits: bool) -> str:
    when = DAY0 + dt.timedelta(days=int(day))
    if latin:
        return when.isoformat()
    j = JalaliDate.to_jalali(when)
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(text) if persian_digits else text


def _years(years: float, latin: bool, persian_digits: bool) -> str:
    whole = int(years)
    if latin:
        return f"{whole} years" + (" and 6 months" if years - whole >= 0.5 else "")
    text = f"{whole} سال" + (" و 6 ماه" if years - whole >= 0.5 else "")
    return to_persian_digits(text) if persian_digits else text


def render_acts(
    rng: np.random.Generator, truth: TrueActs, person: npt.NDArray[np.int64], spec: SourceSpec
) -> dict[str, ObjArray]:
    """The act columns of one source's records (`person[i]` is row i's true person)."""
    h = ACT_HABITS.get(spec.kind, ActHabits())
    latin = spec.style.script is Script.LATIN
    side = 0 if latin else 1
    n = int(person.shape[0])
    out = empty_acts(n)
    u = rng.random((n, 14))
    pick = rng.integers(0, 1_000_000, size=(n, 8))
    digits = rng.random(n) < spec.style.persian_digits

    def word(code: StrEnum, k: int) -> str:
        options = _WORDS[(type(code), code.value)][side]
        return options[k % len(options)]

    for r in range(n):
        p = int(person[r])
        pd = bool(digits[r])
        m = int(truth.method[p])
        if m >= 0 and u[r, 0] < h.method:
            out["method"][r] = (
                _UNKNOWN_TERMS[side][0]
                if u[r, 13] < h.unknown_term
                else word(METHODS[m], int(pick[r, 0]))
            )
        w = int(truth.weapon[p])
        if w >= 0 and u[r, 1] < h.weapon:
            out["weapon"][r] = word(WEAPONS[w], int(pick[r, 1]))
        wd = int(truth.wound[p])
        if wd >= 0 and u[r, 2] < h.wound:
            out["wound"][r] = word(WOUNDS[wd], int(pick[r, 2]))
        pp = int(truth.perpetrator[p])
        if pp >= 0:
            named: Perpetrator | None = None
            if u[r, 3] < h.perpetrator:
                if u[r, 4] < h.misattribution:
                    others = [q for q in range(4) if q != pp]  # the security forces
                    pp = others[int(pick[r, 3]) % len(others)]
                named = PERPETRATORS[pp]
            elif u[r, 3] < h.perpetrator + h.blames_rioters and truth.method[p] >= 0:
                named = Perpetrator.OTHER
            if named is not None:
                out["perpetrator"][r] = word(named, int(pick[r, 3]))
                if u[r, 5] < h.perpetrator_by:
                    options = _BY[side]
                    out["perpetrator_by"][r] = options[int(pick[r, 4]) % len(options)]
        pk = int(truth.place_kind[p])
        if pk >= 0 and u[r, 6] < h.place:
            out["place_kind"][r] = word(PLACES[pk], int(pick[r, 5]))
        f = int(truth.facility[p])
        if f >= 0 and u[r, 7] < h.facility:
            out["facility"][r] = FACILITIES[f][side]
        if int(truth.arrest_day[p]) >= 0 and u[r, 8] < h.custody:
            out["arrest_date"][r] = _date(int(truth.arrest_day[p]), latin, pd)
            ap = int(truth.arrest_place_kind[p])
            if ap >= 0:
                out["arrest_place"][r] = word(PLACES[ap], int(pick[r, 6]))
            if int(truth.release_day[p]) >= 0:
                out["release_date"][r] = _date(int(truth.release_day[p]), latin, pd)
            if truth.died_in_custody[p]:
                out["died_in_custody"][r] = _YES_NO[side][0]
            if truth.care_denied[p]:
                out["care_denied"][r] = _YES_NO[side][0]
        sk = int(truth.sentence_kind[p])
        if sk >= 0 and u[r, 9] < h.sentence:
            out["sentence"][r] = _sentence(truth, p, latin, pd)
            codes = [CHARGES[c] for c in truth.charges[p] if c >= 0]
            if codes and u[r, 10] < 0.8:
                sep = ", " if latin else "، "
                out["charges"][r] = sep.join(word(c, int(pick[r, 7])) for c in codes)
            if u[r, 11] < 0.5:
                out["court"][r] = "Revolutionary Court" if latin else "دادگاه انقلاب"
                branch = str(int(truth.court_branch[p]))
                out["court_branch"][r] = (
                    f"Branch {branch}"
                    if latin
                    else f"شعبه {to_persian_digits(branch) if pd else branch}"
                )
        if int(truth.execution_day[p]) >= 0 and u[r, 12] < h.execution:
            out["execution_date"][r] = _date(int(truth.execution_day[p]), latin, pd)
        b = int(truth.burial[p])
        if b >= 0 and u[r, 12] < h.execution:
            out["burial"][r] = word(BURIALS[b], 0)
    return out


def _sentence(truth: TrueActs, p: int, latin: bool, pd: bool) -> str:
    kind = SENTENCES[int(truth.sentence_kind[p])]
    if kind == "death":
        return "death sentence" if latin else "اعدام"
    years = float(truth.sentence_years[p])
    if kind == "exile":
        y = _years(years, latin, pd)
        return f"{y} internal exile" if latin else f"{y} تبعید"
    y = _years(years, latin, pd)
    text = f"{y} in prison" if latin else f"{y} حبس"
    if int(truth.lashes[p]):
        lashes = str(int(truth.lashes[p]))
        text += (
            f" and {lashes} lashes"
            if latin
            else f" و {to_persian_digits(lashes) if pd else lashes} ضربه شلاق"
        )
    return text


TRUTH_COLUMNS = (
    "person_id",
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "facility",
    "arrest_date",
    "arrest_place_kind",
    "release_date",
    "died_in_custody",
    "care_denied",
    "sentence_kind",
    "sentence_years",
    "charges",
    "execution_date",
    "burial",
)


def truth_rows(truth: TrueActs) -> list[list[str]]:
    """``acts.csv``: the true act of every person, as codes (empty: does not apply)."""

    def code(options: tuple[object, ...], i: int) -> str:
        return str(options[i]) if i >= 0 else ""

    def day(d: int) -> str:
        return (DAY0 + dt.timedelta(days=d)).isoformat() if d >= 0 else ""

    rows = []
    for p in range(truth.size):
        f = int(truth.facility[p])
        years = float(truth.sentence_years[p])
        rows.append(
            [
                f"P{p:07d}",
                code(METHODS, int(truth.method[p])),
                code(WEAPONS, int(truth.weapon[p])),
                code(WOUNDS, int(truth.wound[p])),
                code(PERPETRATORS, int(truth.perpetrator[p])),
                code(PLACES, int(truth.place_kind[p])),
                FACILITIES[f][0] if f >= 0 else "",
                day(int(truth.arrest_day[p])),
                code(PLACES, int(truth.arrest_place_kind[p])),
                day(int(truth.release_day[p])),
                "true" if truth.died_in_custody[p] else "",
                "true" if truth.care_denied[p] else "",
                code(SENTENCES, int(truth.sentence_kind[p])),
                "" if np.isnan(years) else f"{years:g}",
                ";".join(str(CHARGES[c]) for c in truth.charges[p] if c >= 0),
                day(int(truth.execution_day[p])),
                code(BURIALS, int(truth.burial[p])),
            ]
        )
    return rows
