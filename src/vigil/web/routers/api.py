"""The JSON API: records, persons, claims and statistics (read-only, documented by OpenAPI).

Signed-in sessions, or API tokens with the `read` scope (`vigil.web.deps.api_actor`);
every answer passes through the same redaction as the pages, so a viewer receives no
sensitive field from here either, and neither does any token (no scope reads them).
The write API, ``POST /api/records``, is in `api_records`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from vigil.security.permissions import Action
from vigil.services.dashboard import ClaimRow, dashboard
from vigil.services.persons import PersonDetail, RecordRow, get_record, list_records, person_detail
from vigil.services.search import VictimRow
from vigil.web.deps import DB, ApiActor, Settings
from vigil.web.routers.victims import parse_filter

router = APIRouter(prefix="/api", tags=["api"])


class PersonPageOut(BaseModel):
    page: int
    has_next: bool
    persons: list[VictimRow]


class EstimateOut(BaseModel):
    method: str | None = None
    observed: int | None = None
    estimate: float | None = None
    lower: float | None = None
    upper: float | None = None
    level: float | None = None
    refusal: str | None = None
    linkage: dict[str, Any] | None = Field(
        default=None,
        description="the estimate over other plausible linkages: lower, upper (the linkage "
        "range), combined_lower/combined_upper (with the sampling interval), variants "
        "(threshold, drawn and lenient linkages), warning (set when linkage, not sampling, "
        "drives the figure)",
    )


class StatisticsOut(BaseModel):
    records: int
    persons: int
    unlinked_records: int
    dead: int
    by_grade: dict[str, int]
    documented_floor: int
    documented_total: int
    dead_by_province: dict[str, int]
    dead_by_city: dict[str, int]
    dead_by_day: dict[str, int]
    dead_by_age_group: dict[str, int]
    dead_by_sex: dict[str, int]
    estimate: EstimateOut | None
    estimate_pending: bool = Field(
        description="true while the estimate for the store as it is now is being computed"
    )


Q = Annotated[str | None, Query(max_length=200)]


@router.get("/records", response_model=list[RecordRow])
def records(
    s: DB,
    actor: ApiActor,
    source: Annotated[int | None, Query(ge=0, le=2**31)] = None,
    person: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[RecordRow]:
    """Source records in id order, optionally of one source or one person; `raw` holds the
    fields as reported, sensitive ones withheld."""
    actor.require(Action.READ_RECORDS)
    return list_records(s, actor, source=source, person=person, limit=limit, offset=offset)


@router.get("/records/{record_id}", response_model=RecordRow)
def record(record_id: Annotated[int, Path(ge=0, le=2**62)], s: DB, actor: ApiActor) -> RecordRow:
    actor.require(Action.READ_RECORDS)
    return get_record(s, record_id, actor)


@router.get("/persons", response_model=PersonPageOut)
def persons(
    request: Request,
    s: DB,
    actor: ApiActor,
    settings: Settings,
    q: Q = None,
    province: Q = None,
    city: Q = None,
    date_from: Q = None,
    date_to: Q = None,
    violation: Q = None,
    grade: Q = None,
    source: Q = None,
    page: Q = None,
    after: Q = None,
) -> PersonPageOut:
    """Persons matching a name in either script (``Mohammad`` finds ``محمد``) and filters."""
    actor.require(Action.READ_RECORDS)
    f, problems = parse_filter(
        q, province, city, date_from, date_to, violation, grade, source, page, after
    )
    if problems:
        from vigil.errors import InputError

        raise InputError("; ".join(problems))
    result = request.app.state.search_cache.search(s, f, settings.page_size)
    return PersonPageOut(page=result.page, has_next=result.has_next, persons=result.rows)


@router.get("/persons/{person_id}", response_model=PersonDetail)
def person(person_id: Annotated[str, Path(max_length=40)], s: DB, actor: ApiActor) -> PersonDetail:
    """One person: the grade's reasons, every record and, per act field, every source's
    value side by side (`agreement`: agree, differ or single)."""
    actor.require(Action.READ_RECORDS)
    return person_detail(s, person_id, actor)


@router.get("/claims", response_model=list[ClaimRow])
def claims(
    request: Request,
    s: DB,
    actor: ApiActor,
    event: Annotated[str | None, Query(max_length=60)] = None,
) -> list[ClaimRow]:
    """Every registered claim (with `event`: those judged against that event), with its
    verdict against the documented floor, total and estimate (verdict null while the
    estimate for the current store is being computed)."""
    actor.require(Action.READ_PUBLIC)
    d = dashboard(s, request.app.state.figures, event)
    return d.claims


@router.get("/statistics", response_model=StatisticsOut)
def statistics(
    request: Request,
    s: DB,
    actor: ApiActor,
    event: Annotated[str | None, Query(max_length=60)] = None,
) -> StatisticsOut:
    """The dashboard's figures, of every death or of one `event`: counts by grade, the dead
    by place, day, age group and sex, and the estimate (the last one computed; see
    `estimate_pending`)."""
    actor.require(Action.READ_PUBLIC)
    d = dashboard(s, request.app.state.figures, event)
    est = d.estimate
    return StatisticsOut(
        records=d.records,
        persons=d.persons,
        unlinked_records=d.unlinked,
        dead=d.dead,
        by_grade=d.by_grade,
        documented_floor=d.documented_floor,
        documented_total=d.documented_total,
        dead_by_province=d.by_province,
        dead_by_city={str(k): v for k, v in d.by_city.items()},
        dead_by_day={k.isoformat(): v for k, v in d.by_day.items()},
        dead_by_age_group=d.by_age,
        dead_by_sex=d.by_sex,
        estimate=EstimateOut(**{k: est.get(k) for k in EstimateOut.model_fields}) if est else None,
        estimate_pending=d.figures_pending,
    )


class ShareOut(BaseModel):
    category: str
    count: int
    known: int
    share: float | None
    lower: float
    upper: float


class FieldSharesOut(BaseModel):
    field: str
    persons: int
    known: int
    unknown: int
    unknown_share: float | None
    disputed: int | None
    exclusive: bool
    multiple: int = 0  # in two or more categories: the shares then sum above 100%
    level: float
    interval: str
    shares: list[ShareOut]


class SharesOut(BaseModel):
    scope: dict[str, Any]
    description: str
    fields: dict[str, FieldSharesOut]


@router.get("/shares", response_model=SharesOut)
def shares(
    s: DB,
    actor: ApiActor,
    by: Annotated[list[str] | None, Query(max_length=40)] = None,
    event: Annotated[str | None, Query(max_length=60)] = None,
) -> SharesOut:
    """Shares of the documented dead by attribute (`vigil stats --by`): among those with the
    field known, with 95% Wilson intervals, the unknown share and the disputed
    (see docs/attribution.md)."""
    from vigil.errors import InvalidValue
    from vigil.services.figures import scope_shares
    from vigil.statement.attributes import FIELDS
    from vigil.statement.settings import Scope

    actor.require(Action.READ_PUBLIC)
    fields = list(dict.fromkeys(by or FIELDS))
    bad = [f for f in fields if f not in FIELDS]
    if bad:
        raise InvalidValue(f"by={bad[0]!r}: use one of {', '.join(FIELDS)}")
    result = scope_shares(s, Scope(event=event or None), fields)
    return SharesOut.model_validate(result.to_json())
