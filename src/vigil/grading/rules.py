"""Grade one person from the facts of their linked records, by rules kept in YAML.

Pure: the service gathers `PersonFacts` from the store; this module decides. Each rule
that fires adds a reason a reader can check against the records, so a grade is never
a bare label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from vigil.domain import Grade, ViolationType
from vigil.domain.acts import Agreement, agreement
from vigil.errors import InputError

DEATHS = frozenset(v.value for v in ViolationType if v.is_death)


@dataclass(frozen=True)
class RecordFacts:
    """What grading needs to know of one source record."""

    record_id: int
    source: str
    source_kind: str
    group: str
    name: bool = True
    age: int | None = None
    father_key: str | None = None
    sex: str | None = None
    place: bool = False
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    violation: str | None = None
    evidence_kinds: frozenset[str] = frozenset()
    # The record's coded act values (field, code), e.g. (("perpetrator", "police"),).
    act: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PersonFacts:
    person_id: str
    records: tuple[RecordFacts, ...]
    override_grade: str | None = None
    override_reason: str | None = None
    merged_away: bool = False


@dataclass(frozen=True)
class GradeResult:
    grade: Grade
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class GradingRules:
    require: tuple[str, ...] = ("name", "place", "date")
    require_any: tuple[str, ...] = ("age", "father_name")
    evidence_kinds: frozenset[str] = frozenset(
        {"death_certificate", "burial_certificate", "forensic_report", "court_record"}
    )
    admitting_source_kinds: frozenset[str] = frozenset({"official"})
    confirmed_min_groups: int = 3
    fair_min_groups: int = 2
    contradicting_violations: frozenset[str] = frozenset({"reported_alive", "released"})
    sex_conflict: bool = True
    father_conflict: bool = True
    max_age_difference: int = 3
    max_date_gap_days: int = 45
    override_grades: frozenset[str] = frozenset({"discounted"})
    # Act fields whose disagreement between sources makes the attribution contested.
    attribution_fields: tuple[str, ...] = ("perpetrator",)
    # True: such a person is graded contested (Airwars); False: a reason beside the grade.
    attribution_grade: bool = False
    source: str = "default"
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


_FIELDS = {"name", "place", "date", "age", "father_name", "sex"}
ATTRIBUTION_FIELDS = frozenset(
    {"perpetrator", "method", "weapon", "wound", "place_kind", "sentence_kind", "burial"}
)


def _section(doc: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    sec = doc.get(key, {}) or {}
    if not isinstance(sec, dict):
        raise InputError(f"{where}: section {key!r} must be a mapping")
    return sec


def parse_rules(doc: Any, where: str = "rules") -> GradingRules:
    """Validate a YAML document into rules; every mistake names the section and key."""
    if not isinstance(doc, dict):
        raise InputError(f"{where}: expected a mapping of sections at the top level")
    fi = _section(doc, "full_identity", where)
    conf = _section(doc, "confirmed", where)
    fair = _section(doc, "fair", where)
    cont = _section(doc, "contested", where)
    disc = _section(doc, "discounted", where)
    attr = _section(doc, "attribution", where)
    d = GradingRules()
    require = tuple(fi.get("require", d.require))
    require_any = tuple(fi.get("require_any", d.require_any))
    for f in (*require, *require_any):
        if f not in _FIELDS:
            raise InputError(
                f"{where}: full_identity names unknown field {f!r}; use {sorted(_FIELDS)}"
            )

    attribution_fields = attr.get("fields", list(d.attribution_fields))
    if not isinstance(attribution_fields, list) or not all(
        f in ATTRIBUTION_FIELDS for f in attribution_fields
    ):
        raise InputError(
            f"{where}: attribution.fields must list act fields among "
            f"{sorted(ATTRIBUTION_FIELDS)}, not {attribution_fields!r}"
        )
    attribution_grade = attr.get("contested_grade", d.attribution_grade)
    if not isinstance(attribution_grade, bool):
        raise InputError(
            f"{where}: attribution.contested_grade must be true or false, not {attribution_grade!r}"
        )

    def _int(sec: dict[str, Any], key: str, default: int, name: str) -> int:
        v = sec.get(key, default)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise InputError(f"{where}: {name}.{key} must be a non-negative integer, not {v!r}")
        return v

    rules = GradingRules(
        require=require,
        require_any=require_any,
        evidence_kinds=frozenset(conf.get("evidence_kinds", d.evidence_kinds)),
        admitting_source_kinds=frozenset(
            conf.get("admitting_source_kinds", d.admitting_source_kinds)
        ),
        confirmed_min_groups=_int(conf, "min_groups_with_full_identity", 3, "confirmed"),
        fair_min_groups=_int(fair, "min_groups_with_full_identity", 2, "fair"),
        contradicting_violations=frozenset(
            cont.get("contradicting_violations", d.contradicting_violations)
        ),
        sex_conflict=bool(cont.get("sex_conflict", True)),
        father_conflict=bool(cont.get("father_conflict", True)),
        max_age_difference=_int(cont, "max_age_difference", 3, "contested"),
        max_date_gap_days=_int(cont, "max_date_gap_days", 45, "contested"),
        override_grades=frozenset(disc.get("override_grades", d.override_grades)),
        attribution_fields=tuple(attribution_fields),
        attribution_grade=attribution_grade,
        source=where,
        raw=doc,
    )
    if rules.fair_min_groups > rules.confirmed_min_groups:
        raise InputError(f"{where}: fair needs more groups than confirmed")
    return rules


def load_rules(path: str | Path | None = None) -> GradingRules:
    """The rules from a YAML file, or the bundled defaults."""
    if path is None:
        text = resources.files("vigil.grading").joinpath("default_rules.yaml").read_text("utf-8")
        return parse_rules(yaml.safe_load(text), "default_rules.yaml")
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such rules file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: not valid YAML: {e}") from None
    return parse_rules(doc, str(p))


def has_full_identity(r: RecordFacts, rules: GradingRules) -> bool:
    present = {
        "name": r.name,
        "place": r.place,
        "date": r.date_start is not None,
        "age": r.age is not None,
        "father_name": bool(r.father_key),
        "sex": r.sex is not None,
    }
    if not all(present[f] for f in rules.require):
        return False
    return not rules.require_any or any(present[f] for f in rules.require_any)


def _contradictions(records: tuple[RecordFacts, ...], rules: GradingRules) -> list[str]:
    out: list[str] = []
    dead = [r for r in records if r.violation in DEATHS]
    alive = [r for r in records if r.violation in rules.contradicting_violations]
    if dead and alive:
        out.append(
            f"reported dead by {_names(dead)} but reported {alive[0].violation.replace('_', ' ')}"  # type: ignore[union-attr]
            f" by {_names(alive)}"
        )
    sexes = {r.sex for r in records if r.sex}
    if rules.sex_conflict and len(sexes) > 1:
        out.append(f"sources disagree on sex ({', '.join(sorted(sexes))})")
    fathers = {r.father_key for r in records if r.father_key}
    if rules.father_conflict and len(fathers) > 1:
        out.append(f"sources give {len(fathers)} different fathers' names")
    ages = [r.age for r in records if r.age is not None]
    if ages and max(ages) - min(ages) > rules.max_age_difference:
        out.append(
            f"reported ages differ by {max(ages) - min(ages)} years "
            f"(more than {rules.max_age_difference})"
        )
    spans = [(r.date_start, r.date_end or r.date_start) for r in dead or records if r.date_start]
    if len(spans) > 1:
        latest_start = max(s for s, _ in spans if s)
        earliest_end = min(e for _, e in spans if e)
        gap = (latest_start - earliest_end).days
        if gap > rules.max_date_gap_days:
            out.append(f"reported dates are {gap} days apart (more than {rules.max_date_gap_days})")
    return out


def contested_attribution(records: tuple[RecordFacts, ...], fields: tuple[str, ...]) -> list[str]:
    """A reason per act field on which sources differ, naming each value with its sources
    (both kept: "police (Source A); irgc (Source B)"). "unknown" differs from nothing."""
    out: list[str] = []
    for name in fields:
        by_value: dict[str, set[str]] = {}
        for r in records:
            for f, value in r.act:
                if f == name:
                    by_value.setdefault(value, set()).add(r.source)
        if agreement(list(by_value)) is Agreement.DIFFER:
            told = "; ".join(
                f"{v.replace('_', ' ')} ({', '.join(sorted(by_value[v]))})"
                for v in sorted(by_value)
                if v != "unknown"
            )
            out.append(f"contested attribution ({name.replace('_', ' ')}): {told}")
    return out


def _names(records: list[RecordFacts]) -> str:
    return ", ".join(sorted({r.source for r in records}))


def grade_person(p: PersonFacts, rules: GradingRules) -> GradeResult:
    """The grade of one person and every reason for it."""
    if p.merged_away:
        return GradeResult(Grade.DISCOUNTED, ("duplicate: merged into another person",))
    if p.override_grade and p.override_grade in rules.override_grades:
        return GradeResult(
            Grade.DISCOUNTED, (f"discounted by review: {p.override_reason or 'no reason given'}",)
        )
    if not p.records:
        return GradeResult(Grade.DISCOUNTED, ("no source record supports this person",))

    disputed = tuple(contested_attribution(p.records, rules.attribution_fields))
    problems = _contradictions(p.records, rules)
    if problems or (disputed and rules.attribution_grade):
        return GradeResult(Grade.CONTESTED, (*problems, *disputed))
    result = _corroboration(p, rules)
    if disputed:
        return GradeResult(result.grade, (*result.reasons, *disputed))
    return result


def _corroboration(p: PersonFacts, rules: GradingRules) -> GradeResult:
    """Confirmed, fair or weak, by evidence and independent groups."""

    reasons: list[str] = []
    groups = sorted({r.group for r in p.records})
    full_groups = sorted({r.group for r in p.records if has_full_identity(r, rules)})
    docs = sorted({k for r in p.records for k in r.evidence_kinds & rules.evidence_kinds})
    admitting = [r for r in p.records if r.source_kind in rules.admitting_source_kinds]

    if docs:
        reasons.append(f"documentary evidence: {', '.join(d.replace('_', ' ') for d in docs)}")
    if admitting:
        reasons.append(f"admitted by an official source: {_names(admitting)}")
    if len(full_groups) >= rules.confirmed_min_groups:
        reasons.append(
            f"{len(full_groups)} independent groups with full identity: {', '.join(full_groups)}"
        )
    if reasons:
        return GradeResult(Grade.CONFIRMED, tuple(reasons))

    if len(full_groups) >= rules.fair_min_groups:
        listed = ", ".join(full_groups)
        return GradeResult(
            Grade.FAIR, (f"{len(full_groups)} independent groups with full identity: {listed}",)
        )
    if len(groups) >= rules.fair_min_groups:
        reasons.append(
            f"{len(groups)} independent groups ({', '.join(groups)}) but only "
            f"{len(full_groups)} with full identity ({' + '.join(rules.require)} + one of "
            f"{' / '.join(rules.require_any)})"
        )
    else:
        n = len({r.source for r in p.records})
        reasons.append(
            f"a single independent group ({groups[0]})" + (f" across {n} outlets" if n > 1 else "")
        )
    return GradeResult(Grade.WEAK, tuple(reasons))
