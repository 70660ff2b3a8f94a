"""Vocabularies of acts: how a violation was done, by whom, where, and what followed.

After the HURIDOCS events standard (event → act → involvement): a source record reports a
violation (`ViolationType`); these codes describe the act as *that source* reported it.
Sources disagree (police in one, IRGC in another), so every value belongs to one record and
is never merged away; `vigil.services.acts` puts them side by side.

Enum values are the stable strings stored in the ``acts`` table and written to exports;
never rename one without a migration. The text a source used is always kept beside the
code (``*_raw`` columns), and a term no vocabulary knows is kept raw and flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Method(StrEnum):
    """How the harm was done."""

    LIVE_AMMUNITION = "live_ammunition"
    SHOTGUN_PELLETS = "shotgun_pellets"
    RUBBER_BULLETS = "rubber_bullets"  # rubber or plastic bullets
    TEAR_GAS_CANISTER = "tear_gas_canister"
    BEATING = "beating"  # baton or beating
    VEHICLE = "vehicle"
    TORTURE = "torture"
    HANGING = "hanging"
    OTHER = "other"
    UNKNOWN = "unknown"


class WeaponClass(StrEnum):
    """The class of weapon, only as a source states it (never inferred; see
    `vigil.normalize.acts.weapon_for_method`)."""

    STANDARD_ISSUE = "standard_issue"  # standard issue of the security forces
    NON_STANDARD = "non_standard"  # another firearm (hunting rifle, handgun not issued)
    LESS_LETHAL = "less_lethal"
    UNKNOWN = "unknown"


class Wound(StrEnum):
    """Where the body was hit."""

    HEAD = "head"
    NECK = "neck"
    CHEST = "chest"
    ABDOMEN = "abdomen"
    BACK = "back"
    LIMBS = "limbs"
    SEVERAL = "several"


class Perpetrator(StrEnum):
    """Who did it, as reported (the reporter is kept apart: ``perpetrator_by``)."""

    IRGC = "irgc"
    BASIJ = "basij"
    POLICE = "police"  # the police (FARAJA / NAJA) and its special units
    PLAINCLOTHES = "plainclothes"
    PRISON_JUDICIAL = "prison_judicial"  # prison or judicial authorities
    OTHER = "other"
    UNKNOWN = "unknown"


class PlaceKind(StrEnum):
    """The kind of place where it happened (the facility itself is named apart)."""

    STREET = "street"  # street or protest site
    ROOFTOP = "rooftop"
    HOSPITAL = "hospital"
    HOME = "home"
    DETENTION = "detention"  # prison, detention centre, police station
    COURT = "court"
    OTHER = "other"


class SentenceKind(StrEnum):
    PRISON = "prison"
    FLOGGING = "flogging"
    DEATH = "death"
    EXILE = "exile"


class Charge(StrEnum):
    MOHAREBEH = "moharebeh"  # "enmity against God"
    EFSAD_FIL_ARZ = "efsad_fil_arz"  # "corruption on earth"
    ASSEMBLY_COLLUSION = "assembly_collusion"  # assembly and collusion against national security
    PROPAGANDA = "propaganda"  # propaganda against the system
    OTHER = "other"


class Burial(StrEnum):
    """Whether the family knows where an executed (or killed) person is buried."""

    KNOWN = "known"
    DENIED = "denied"  # body withheld, burial place not disclosed
    UNKNOWN = "unknown"


# The coded fields of an act, by column name: the vocabulary each one draws from.
CODED_FIELDS: dict[str, type[StrEnum]] = {
    "method": Method,
    "weapon": WeaponClass,
    "wound": Wound,
    "perpetrator": Perpetrator,
    "place_kind": PlaceKind,
    "arrest_place_kind": PlaceKind,
    "sentence_kind": SentenceKind,
    "burial": Burial,
}

# Fields one source text may give several codes for ("IRGC and Basij", "head and chest"):
# the column keeps the first named, `<field>_also` (a JSON list) the others, in order.
MULTI_VALUED: tuple[str, ...] = ("method", "wound", "perpetrator")
ALSO: dict[str, str] = {f: f"{f}_also" for f in MULTI_VALUED}

# The codes offered for each coded input column (forms suggest them; free words are read).
ACT_CODES: dict[str, tuple[str, ...]] = {
    "method": tuple(Method),
    "weapon": tuple(WeaponClass),
    "wound": tuple(Wound),
    "perpetrator": tuple(Perpetrator),
    "place_kind": tuple(PlaceKind),
    "arrest_place": tuple(PlaceKind),
    "charges": tuple(Charge),
    "burial": tuple(Burial),
}


class Agreement(StrEnum):
    """How the sources of one person compare on one act field."""

    AGREE = "agree"  # two or more sources, one value
    DIFFER = "differ"  # two or more sources, different values: both kept, attributed
    SINGLE = "single"  # one source gives a value
    NONE = "none"  # no source gives a value


# Values that say nothing about the act: they neither agree nor differ with another.
UNINFORMATIVE = frozenset({"unknown"})


def agreement(values: list[object]) -> Agreement:
    """Agreement of the values sources gave for one field (None and "unknown" skipped).

    Values are compared as given: callers pass codes, folded text or dates, one per source
    record; a list (charges) is compared as the set of its codes."""
    seen: list[object] = []
    for v in values:
        if v is None or (isinstance(v, str) and v in UNINFORMATIVE):
            continue
        seen.append(frozenset(v) if isinstance(v, list | tuple | set | frozenset) else v)
    if not seen:
        return Agreement.NONE
    if len(seen) == 1:
        return Agreement.SINGLE
    return Agreement.AGREE if all(v == seen[0] for v in seen[1:]) else Agreement.DIFFER


def records_differ(code_sets: Iterable[Iterable[str]]) -> bool:
    """Whether records, each giving a set of codes for one field, disagree: two records
    with different sets of known codes ("police" against "irgc", "irgc" against "irgc and
    basij"). One record naming several codes is no disagreement; "unknown" is dropped."""
    return agreement([sorted(set(c) - UNINFORMATIVE) or None for c in code_sets]) is (
        Agreement.DIFFER
    )
