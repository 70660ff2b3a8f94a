"""The hidden population: every victim, recorded or not, as columns of numpy arrays.

People belong to latent groups that differ in how visible they are (a filmed death in Tehran
versus a death in a small Kurdish town), and optionally to a *hidden* group that every list
rarely records (deaths in custody, quiet burials). Group membership also shifts where, when and
what happened to a person, so estimates can be stratified by observable fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vigil.domain import ViolationType
from vigil.synth import geography, names_bank, peoples

DAY0 = dt.date(2019, 11, 15)
"""Day 0 of the crackdown; dates are stored as day offsets from it."""

VIOLATIONS: tuple[ViolationType, ...] = (
    ViolationType.KILLED,
    ViolationType.INJURED,
    ViolationType.ARRESTED,
    ViolationType.DETAINED,
    ViolationType.DIED_IN_CUSTODY,
    ViolationType.EXECUTED,
)


@dataclass(frozen=True)
class GroupProfile:
    """A latent group: its share of the population and what its members' cases look like."""

    name: str
    weight: float  # share among the non-hidden population
    tier_multiplier: tuple[float, float, float]  # city weight factor for tiers 1, 2, 3
    violation_weights: tuple[float, ...]  # over VIOLATIONS


GROUPS: tuple[GroupProfile, ...] = (
    GroupProfile("prominent", 0.3, (2.0, 1.0, 0.4), (0.9, 0.05, 0.03, 0.01, 0.01, 0.0)),
    GroupProfile("ordinary", 0.5, (1.0, 1.0, 1.0), (0.78, 0.09, 0.07, 0.04, 0.015, 0.005)),
    GroupProfile("peripheral", 0.2, (0.3, 0.8, 3.0), (0.75, 0.1, 0.08, 0.05, 0.02, 0.0)),
)
HIDDEN = GroupProfile("hidden", 0.0, (0.5, 1.0, 2.5), (0.35, 0.0, 0.1, 0.15, 0.35, 0.05))


@dataclass(frozen=True)
class Population:
    """One row per victim (index = person number). Names index `bank.given` / `bank.surnames`
    (`names_bank.GIVEN` / `SURNAMES` for the classic bank); `people` indexes `peoples.PEOPLES`."""

    group: npt.NDArray[np.int8]  # index into `groups`
    groups: tuple[GroupProfile, ...]
    female: npt.NDArray[np.bool_]
    age: npt.NDArray[np.int16]
    given: npt.NDArray[np.int32]
    family: npt.NDArray[np.int32]
    father: npt.NDArray[np.int32]
    seyed: npt.NDArray[np.bool_]
    haj: npt.NDArray[np.bool_]
    city: npt.NDArray[np.int16]
    day: npt.NDArray[np.int16]
    violation: npt.NDArray[np.int8]
    people: npt.NDArray[np.int8] | None = None  # None: everyone from the classic bank
    wide_geography: bool = False  # the field habits' extra places are in use
    bank: peoples.NameBank = peoples.CLASSIC

    @property
    def people_codes(self) -> npt.NDArray[np.int8]:
        if self.people is None:
            return np.zeros(self.size, dtype=np.int8)
        return self.people

    @property
    def size(self) -> int:
        return int(self.group.shape[0])

    @property
    def province(self) -> npt.NDArray[np.int16]:
        lookup = np.array([c.province for c in geography.CITIES], dtype=np.int16)
        return lookup[self.city]

    def person_id(self, index: int) -> str:
        return f"P{index:07d}"


def zipf_weights(n: int, shift: float, exponent: float) -> npt.NDArray[np.float64]:
    """Zipf-Mandelbrot weights 1/(rank + shift)^exponent, normalized."""
    w = 1.0 / (np.arange(1, n + 1) + shift) ** exponent
    return np.asarray(w / w.sum(), dtype=np.float64)


def _draw_days(rng: np.random.Generator, violation: npt.NDArray[np.int8]) -> npt.NDArray[np.int16]:
    n = int(violation.shape[0])
    day = np.zeros(n, dtype=np.int16)
    code = {v: np.int8(i) for i, v in enumerate(VIOLATIONS)}
    street = (violation == code[ViolationType.KILLED]) | (violation == code[ViolationType.INJURED])
    peak = rng.choice(5, size=n, p=[0.15, 0.35, 0.3, 0.12, 0.08])
    later = rng.integers(5, 16, size=n)
    day[street] = np.where(rng.random(n) < 0.95, peak, later)[street]
    arrests = (violation == code[ViolationType.ARRESTED]) | (
        violation == code[ViolationType.DETAINED]
    )
    day[arrests] = np.minimum(rng.geometric(0.08, size=n) - 1, 46)[arrests]
    custody = violation == code[ViolationType.DIED_IN_CUSTODY]
    day[custody] = rng.integers(5, 91, size=n)[custody]
    executed = violation == code[ViolationType.EXECUTED]
    first = (dt.date(2020, 6, 1) - DAY0).days
    last = (dt.date(2024, 12, 31) - DAY0).days
    day[executed] = rng.integers(first, last + 1, size=n)[executed]
    return day


def _draw_ages(rng: np.random.Generator, n: int) -> npt.NDArray[np.int16]:
    adult = 18 + np.minimum(rng.gamma(2.2, 5.5, size=n), 62).astype(np.int16)
    child = rng.integers(12, 18, size=n).astype(np.int16)
    return np.where(rng.random(n) < 0.08, child, adult).astype(np.int16)


def _draw_surnames(
    rng: np.random.Generator, province: npt.NDArray[np.int16]
) -> npt.NDArray[np.int32]:
    surnames = names_bank.SURNAMES
    general = np.array([i for i, s in enumerate(surnames) if s.region is None])
    family = general[
        rng.choice(len(general), size=province.shape[0], p=zipf_weights(len(general), 20, 1.0))
    ]
    regions = sorted({s.region for s in surnames if s.region is not None})
    u = rng.random(province.shape[0])
    for region in regions:
        local = np.array([i for i, s in enumerate(surnames) if s.region == region])
        mask = (province == geography.PROVINCE_INDEX[region]) & (u < 0.45)
        picks = rng.choice(len(local), size=int(mask.sum()), p=zipf_weights(len(local), 1, 0.7))
        family[mask] = local[picks]
    return family.astype(np.int32)


SIBLING_RATE = 0.02
"""Share of victims who are a sibling of another victim: same surname, father, town and day."""


def _make_siblings(
    rng: np.random.Generator,
    family: npt.NDArray[np.int32],
    father: npt.NDArray[np.int32],
    seyed: npt.NDArray[np.bool_],
    city: npt.NDArray[np.int16],
    day: npt.NDArray[np.int16],
    violation: npt.NDArray[np.int8],
    rate: float,
    *more: npt.NDArray[np.int8],
) -> None:
    """Brothers and sisters killed together: the hardest near-duplicates a linker must keep apart.

    Modifies the arrays in place; a sibling keeps their own given name, sex and age.
    """
    n = family.shape[0]
    if n < 2:
        return
    sib = np.flatnonzero(rng.random(n) < rate)
    other = rng.integers(0, n - 1, size=sib.shape[0])
    other = other + (other >= sib)  # never oneself
    for arr in (family, father, seyed, city, day, violation, *more):
        arr[sib] = arr[other]


NAME_WEIGHTS: dict[bool, tuple[tuple[float, float], ...]] = {
    True: ((6, 0.9), (6, 0.9), (80, 1.0)),  # Persian bank: male, female, surnames (shift, exp)
    False: ((3, 0.8), (3, 0.8), (4, 0.7)),  # a people's own names
}
"""Zipf-Mandelbrot weights of the field bank, chosen so namesakes are about as common as in
real lists (see `vigil.synth.stats`)."""
SHARED_NAMES: tuple[float, float, float] = (0.3, 0.3, 0.5)
"""Share of a people's victims with a given name / surname from the general Persian bank."""


def _draw_people_names(
    rng: np.random.Generator,
    province: npt.NDArray[np.int16],
    female: npt.NDArray[np.bool_],
    strength: float,
) -> tuple[
    npt.NDArray[np.int8], npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int32]
]:
    """People, given name, father's name and surname of every victim from the field bank.

    A victim belongs to a people with the province's share (`peoples.SHARES`) times `strength`,
    and draws names from that people's bank with Zipf-like weights (flatter for the large
    Persian bank, so namesakes are as rare as in real lists).
    """
    bank = peoples.FIELD
    n = int(province.shape[0])
    keys = [p.key for p in geography.PROVINCES]
    table = np.zeros((len(keys), len(peoples.PEOPLES)))
    for row, key in enumerate(keys):
        for name, share in peoples.SHARES.get(key, {}).items():
            table[row, peoples.PEOPLES.index(name)] = share * strength
        table[row, 0] = 1.0 - table[row, 1:].sum()
    cumulative = np.cumsum(table, axis=1)[province]
    people = (rng.random(n)[:, None] >= cumulative).sum(axis=1).astype(np.int8)
    people = np.minimum(people, len(peoples.PEOPLES) - 1).astype(np.int8)
    g_index, s_index = bank.given_index(), bank.surname_index()
    given = np.zeros(n, dtype=np.int32)
    father = np.zeros(n, dtype=np.int32)
    family = np.zeros(n, dtype=np.int32)
    persian = bank.peoples[0]
    general = (
        np.array([g_index[k] for k in persian.male]),
        np.array([g_index[k] for k in persian.female]),
        np.array([s_index[k] for k in persian.surnames]),
    )
    for p, pb in enumerate(bank.peoples):
        members = people == p
        m = int(members.sum())
        if m == 0:
            continue
        own = (
            np.array([g_index[k] for k in pb.male]),
            np.array([g_index[k] for k in pb.female]),
            np.array([s_index[k] for k in pb.surnames]),
        )
        drawn = []
        for which, (shift, exponent) in enumerate(NAME_WEIGHTS[p == 0]):
            names = own[which]
            picks = names[
                rng.choice(len(names), size=m, p=zipf_weights(len(names), shift, exponent))
            ]
            if p != 0:
                # Many of the peoples' victims carry registry names shared with everyone.
                shared = general[which]
                weights = zipf_weights(len(shared), *NAME_WEIGHTS[True][which])
                other = shared[rng.choice(len(shared), size=m, p=weights)]
                picks = np.where(rng.random(m) < SHARED_NAMES[which], other, picks)
            drawn.append(picks)
        male_given, female_given, surname = drawn
        given[members] = np.where(female[members], female_given, male_given)
        father_pick = own[0][
            rng.choice(len(own[0]), size=m, p=zipf_weights(len(own[0]), *NAME_WEIGHTS[p == 0][0]))
        ]
        father[members] = father_pick
        family[members] = surname
    # The Persian majority of a region still carries its regional surnames (classic bank).
    regional = [i for i, s in enumerate(names_bank.SURNAMES) if s.region is not None]
    for i in regional:
        region = geography.PROVINCE_INDEX[names_bank.SURNAMES[i].region or ""]
        local = (people == 0) & (province == region) & (rng.random(n) < 0.02)
        family[local] = i
    return people, given, father, family


def draw_population(
    rng: np.random.Generator,
    size: int,
    hidden_fraction: float,
    peoples_strength: float = 0.0,
    names_rng: np.random.Generator | None = None,
    wide_geography: bool = False,
) -> Population:
    """Draw `size` victims; a share `hidden_fraction` of them forms the hidden group.

    With `peoples_strength` > 0 the names come from the field bank (`peoples.FIELD`), drawn
    with `names_rng`, and every other attribute stays what it is with the classic bank.
    `wide_geography` lets people live in the places only the field habits use
    (`geography.CLASSIC_CITIES` onwards); without it those places weigh nothing.
    """
    groups = GROUPS + ((HIDDEN,) if hidden_fraction > 0 else ())
    shares = np.array([g.weight for g in GROUPS]) * (1.0 - hidden_fraction)
    if hidden_fraction > 0:
        shares = np.append(shares, hidden_fraction)
    group = rng.choice(len(groups), size=size, p=shares / shares.sum()).astype(np.int8)

    cities = geography.CITIES
    tiers = np.array([c.tier for c in cities]) - 1
    base = np.array([c.weight for c in cities])
    if not wide_geography:
        base[geography.CLASSIC_CITIES :] = 0.0
    city = np.empty(size, dtype=np.int16)
    violation = np.empty(size, dtype=np.int8)
    for g, profile in enumerate(groups):
        members = group == g
        m = int(members.sum())
        w = base * np.asarray(profile.tier_multiplier)[tiers]
        city[members] = rng.choice(len(cities), size=m, p=w / w.sum())
        vw = np.asarray(profile.violation_weights)
        violation[members] = rng.choice(len(VIOLATIONS), size=m, p=vw / vw.sum())

    female = rng.random(size) < 0.08
    n_male = len(names_bank.MALE_GIVEN)
    n_female = len(names_bank.FEMALE_GIVEN)
    male_names = rng.choice(n_male, size=size, p=zipf_weights(n_male, 2, 1.0))
    female_names = n_male + rng.choice(n_female, size=size, p=zipf_weights(n_female, 2, 1.0))
    given = np.where(female, female_names, male_names).astype(np.int32)
    father = rng.choice(n_male, size=size, p=zipf_weights(n_male, 3, 1.0)).astype(np.int32)

    province = np.array([c.province for c in cities], dtype=np.int16)[city]
    family = _draw_surnames(rng, province)
    bank = peoples.CLASSIC
    people: npt.NDArray[np.int8] | None = None
    if peoples_strength > 0:
        if names_rng is None:
            raise ValueError("peoples_strength needs names_rng")
        bank = peoples.FIELD
        people, given, father, family = _draw_people_names(
            names_rng, province, female, peoples_strength
        )
    prone = np.array([s.seyed_prone for s in bank.surnames])[family]
    seyed = rng.random(size) < np.where(prone, 0.5, 0.04)
    age = _draw_ages(rng, size)
    haj = (~female) & (age >= 45) & (rng.random(size) < 0.25)
    day = _draw_days(rng, violation)
    extra = () if people is None else (people,)
    _make_siblings(rng, family, father, seyed, city, day, violation, SIBLING_RATE, *extra)
    return Population(
        group=group,
        groups=groups,
        female=female,
        age=age,
        given=given,
        family=family,
        father=father,
        seyed=seyed,
        haj=haj,
        city=city,
        day=day,
        violation=violation,
        people=people,
        bank=bank,
        wide_geography=wide_geography,
    )
