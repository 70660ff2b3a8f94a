"""Scope statistics and claim verdicts computed from a store (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.statement.seed import pid, seed
from vigil.claims.register import ClaimInput
from vigil.errors import InvalidValue
from vigil.places import Gazetteer
from vigil.services import claims as claims_service
from vigil.services.figures import Figures, scope_estimate, scope_statistics
from vigil.services.grading import grade_all
from vigil.statement.settings import EstimateSettings, Scope
from vigil.store import Store
from vigil.store.models import AuditEntry, Person

CHAO = EstimateSettings(method="chao")


@pytest.fixture
def graded(store: Store) -> Store:
    seed(store)
    grade_all(store)
    return store


def test_seeded_grades_are_as_designed(graded: Store) -> None:
    with graded.session() as s:
        grades = {p.id: p.grade for p in s.query(Person)}
    assert grades[pid(1)] == "weak" and grades[pid(11)] == "fair"
    assert grades[pid(21)] == "confirmed" and grades[pid(35)] == "discounted"
    assert grades[pid(36)] == "contested" and grades[pid(34)] == "fair"


def test_default_scope_counts_deaths_by_grade(graded: Store) -> None:
    with graded.session() as s:
        st = scope_statistics(s)
    # 40 people, 2 injured only: 38 deaths in scope; one discounted.
    assert st.persons == 38
    assert st.by_grade == {
        "confirmed": 5,
        "fair": 13,  # 11-20, 34, 39, 40
        "weak": 18,  # 1-10, 26-33
        "contested": 1,
        "discounted": 1,
    }
    assert st.floor == 18 and st.documented == 37
    for breakdown in (st.by_province, st.by_city, st.by_sex, st.by_age_group):
        assert sum(breakdown.values()) == st.documented
    assert sum(st.by_day.values()) + st.day_unknown == st.documented
    assert st.by_sex == {"female": 5, "male": 32}
    assert st.by_age_group["0-17"] == 1 and st.by_age_group["50+"] == 3
    assert st.by_day == {"2019-11-16": 25, "2019-11-17": 10, "2019-12-20": 2}
    gaz = Gazetteer.load()
    isfahan = gaz.find_places("Isfahan")[0]
    assert st.by_city[str(isfahan.id)] == 2
    assert st.floor_by_province[isfahan.province or ""] == 2


def test_scope_filters_dates_provinces_and_violations(graded: Store) -> None:
    gaz = Gazetteer.load()
    isfahan = gaz.find_places("Isfahan")[0].province or ""
    with graded.session() as s:
        december = scope_statistics(s, Scope.of(date_from="2019-12-01"))
        up_to_16 = scope_statistics(s, Scope.of(date_to="2019-11-16"))
        province = scope_statistics(s, Scope.of(provinces=[isfahan]))
        injured = scope_statistics(s, Scope.of(violations=["injured"]))
    assert december.persons == 2 and december.floor == 2
    assert up_to_16.by_day == {"2019-11-16": 25}
    # boundary: a scope ending on the day itself includes that day
    assert up_to_16.documented == 25
    assert province.documented == 2
    assert injured.persons == 2 and injured.by_grade["fair"] == 2


def test_bad_scopes_are_refused() -> None:
    with pytest.raises(InvalidValue, match="unknown violation"):
        Scope.of(violations=["shot"])
    with pytest.raises(InvalidValue, match="after"):
        Scope.of(date_from="2019-12-01", date_to="2019-11-01")
    with pytest.raises(InvalidValue, match="not a date"):
        Scope.of(date_from="16 Nov")


def test_estimate_for_a_scope_uses_documented_persons_on_groups(graded: Store) -> None:
    with graded.session() as s:
        est = scope_estimate(s, Scope(), CHAO)
    assert est.refusal is None
    assert est.observed == 37 and est.lists == ("A", "B", "C")
    assert est.estimate is not None and est.estimate >= 37


def test_too_few_lists_give_a_refusal_with_its_reason(graded: Store) -> None:
    with graded.session() as s:
        est = scope_estimate(s, Scope.of(date_from="2019-12-01"), CHAO)
    assert est.estimate is None and est.refusal and "only" in est.refusal


def _claim(figure: int, **kw: object) -> ClaimInput:
    base: dict[str, object] = dict(
        actor="Someone",
        figure=figure,
        date=dt.date(2019, 12, 1),
        scope="deaths",
        citation="a newspaper",
    )
    base.update(kw)
    return ClaimInput(**base)  # type: ignore[arg-type]


def test_claims_get_verdicts_for_their_own_scope(graded: Store) -> None:
    gaz = Gazetteer.load()
    isfahan = gaz.find_places("Isfahan")[0].province or ""
    for figure in (17, 18, 37, 38):
        claims_service.add_claim(graded, _claim(figure), actor="ed")
    claims_service.add_claim(
        graded, _claim(2, scope_filter=Scope.of(provinces=[isfahan])), actor="ed"
    )
    with graded.session() as s:
        rows = claims_service.claim_verdicts(s, settings=EstimateSettings(method="none"))
        audited = s.query(AuditEntry).filter(AuditEntry.entity == "claims").count()
    by_figure = {(r.figure, r.scope_filter["provinces"] != []): r for r in rows}
    assert by_figure[(17, False)].verdict == "below_documented_floor"
    assert "1 more named" in by_figure[(17, False)].reason
    assert by_figure[(18, False)].verdict == "within_documented_range"  # equal to the floor
    assert by_figure[(37, False)].verdict == "within_documented_range"  # equal to the total
    assert by_figure[(38, False)].verdict == "above_documented_no_estimate"
    # the Isfahan claim is compared with Isfahan's two documented victims
    isf = by_figure[(2, True)]
    assert isf.baseline["documented_floor"] == 2 and isf.verdict == "within_documented_range"
    assert audited == 5


def test_estimate_interval_enters_the_verdict(graded: Store) -> None:
    with graded.session() as s:
        f = Figures.load(s, CHAO)
        b = f.baseline(Scope())
    assert b.lower is not None and b.upper is not None
    above = int(b.upper) + 1
    inside = int(b.lower) + (1 if b.lower > int(b.lower) else 0)
    claims_service.add_claim(graded, _claim(above))
    claims_service.add_claim(graded, _claim(inside))
    with graded.session() as s:
        rows = claims_service.claim_verdicts(s, settings=CHAO)
    verdicts = {r.figure: r.verdict for r in rows}
    assert verdicts[above] == "above_estimate_upper_bound"
    expected = "consistent_with_estimate" if inside > 37 else "within_documented_range"
    assert verdicts[inside] == expected


def test_import_claims_is_idempotent_and_example_file_loads(graded: Store) -> None:
    from pathlib import Path

    import vigil.claims

    example = Path(vigil.claims.__file__).parent / "examples" / "november_2019_claims.yaml"
    assert claims_service.import_claims(graded, example) == (6, 0)
    assert claims_service.import_claims(graded, example) == (0, 6)
    with graded.session() as s:
        rows = claims_service.claim_verdicts(s, settings=EstimateSettings(method="none"))
    figures = sorted(r.figure for r in rows)
    assert figures == [225, 230, 304, 323, 1500, 1500]
    assert {r.kind for r in rows} == {"official", "ngo", "media", "opposition"}
