"""The JSON API: records, persons, claims and statistics (read-only, documented by OpenAPI).

Signed-in sessions, or API tokens with the `read` scope (`vigil.web.deps.api_actor`);
every answer passes through the same redaction as the pages, so a viewer receives no
sensitive field from here either, and neither does any token (no scope reads them).
The write API, ``POST /api/records``, is in `api_records`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from vigil.errors import NotFound
from vigil.security.permissions import Action, redact_record
from vigil.services.dashboard import dashboard
from vigil.services.persons import shown_acts
from vigil.services.sealing import sensitive_fields
from vigil.store.models import Person, Source, SourceRecord
from vigil.web.deps import DB, ApiActor, Settings
from vigil.web.routers.victims import parse_filter

router = APIRouter(prefix="/api", tags=["api"])


class RecordOut(BaseModel):
    id: int
    source: str
    source_record_id: str
    person_id: str | None
    name_raw: str
    given_name: str | None
    family_name: str | None
    father_name: str | None
    sex: str | None
    age: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    province_code: str | None
    city_id: int | None
    violation: str | None
    notes: str | None
    match_probability: float | None
    raw: dict[str, Any] = Field(description="fields as reported; sensitive ones withheld")


class PersonOut(BaseModel):
    id: str
    display_name: str
    display_name_latin: str | None
    sex: str | None
    age: int | None
    province_code: str | None
    city_id: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    grade: str | None
    n_sources: int


class ActValueOut(BaseModel):
    record_id: int
    source: str
    value: Any  # a code, text, ISO date, number, bool or list of codes (charges)
    raw: str | None  # the source's own words
    by: str | None  # who attributed it (perpetrator only)


class ActFieldOut(BaseModel):
    field: str
    agreement: str  # agree | differ | single
    values: list[ActValueOut]


class PersonDetailOut(PersonOut):
    grade_reasons: list[Any]
    n_groups: int
    active: bool
    records: list[RecordOut]
    acts: list[ActFieldOut] = []  # how it happened, every source side by side


class PersonPageOut(BaseModel):
    page: int
    has_next: bool
    persons: list[PersonOut]


class ClaimOut(BaseModel):
    id: int
    actor: str
    kind: str
    figure: int | None
    figure_min: int | None
    figure_max: int | None
    date: dt.date
    scope: str
    citation: str
    verdict: str | None
    reason: str | None
    percent: float | None = None
    share_of: str | None = None
    restricted: bool = False


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


def _record_out(
    r: SourceRecord, source: str, actor: ApiActor, fields: tuple[str, ...]
) -> RecordOut:
    values = {
        "id": r.id,
        "source": source,
        "source_record_id": r.source_record_id,
        "person_id": r.person_id,
        "name_raw": r.name_raw,
        "given_name": r.given_name,
        "family_name": r.family_name,
        "father_name": r.father_name,
        "sex": r.sex,
        "age": r.age,
        "date_start": r.date_start,
        "date_end": r.date_end,
        "date_precision": r.date_precision,
        "province_code": r.province_code,
        "city_id": r.city_id,
        "violation": r.violation,
        "notes": r.notes,
        "match_probability": r.match_probability,
        "raw": dict(r.raw or {}),
        "sealed": r.sealed,
    }
    shown = redact_record(values, actor, sensitive_fields=fields)
    if not actor.sees_sensitive:
        shown["raw"] = {k: v for k, v in shown["raw"].items() if k not in fields}
    return RecordOut(**shown)


def _person_out(p: Any) -> PersonOut:
    return PersonOut(
        id=p.id,
        display_name=p.display_name,
        display_name_latin=p.display_name_latin,
        sex=p.sex,
        age=p.age,
        province_code=p.province_code,
        city_id=p.city_id,
        date_start=p.date_start,
        date_end=p.date_end,
        grade=p.grade,
        n_sources=p.n_sources,
    )


Q = Annotated[str | None, Query(max_length=200)]


@router.get("/records", response_model=list[RecordOut])
def records(
    s: DB,
    actor: ApiActor,
    source: Annotated[int | None, Query(ge=0, le=2**31)] = None,
    person: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[RecordOut]:
    """Source records in id order, optionally of one source or one person."""
    actor.require(Action.READ_RECORDS)
    stmt = select(SourceRecord, Source.name).join(Source, Source.id == SourceRecord.source_id)
    if source is not None:
        stmt = stmt.where(SourceRecord.source_id == source)
    if person is not None:
        stmt = stmt.where(SourceRecord.person_id == person)
    rows = s.execute(stmt.order_by(SourceRecord.id).limit(limit).offset(offset)).all()
    fields = sensitive_fields(s)
    return [_record_out(r, name, actor, fields) for r, name in rows]


@router.get("/records/{record_id}", response_model=RecordOut)
def record(record_id: Annotated[int, Path(ge=0, le=2**62)], s: DB, actor: ApiActor) -> RecordOut:
    actor.require(Action.READ_RECORDS)
    row = s.execute(
        select(SourceRecord, Source.name)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.id == record_id)
    ).first()
    if row is None:
        raise NotFound(f"no source record {record_id}")
    return _record_out(row[0], row[1], actor, sensitive_fields(s))


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
    return PersonPageOut(
        page=result.page, has_next=result.has_next, persons=[_person_out(r) for r in result.rows]
    )


@router.get("/persons/{person_id}", response_model=PersonDetailOut)
def person(
    person_id: Annotated[str, Path(max_length=40)], s: DB, actor: ApiActor
) -> PersonDetailOut:
    actor.require(Action.READ_RECORDS)
    p = s.get(Person, person_id)
    if p is None:
        raise NotFound(f"no person {person_id!r}")
    fields = sensitive_fields(s)
    rows = s.execute(
        select(SourceRecord, Source.name)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.person_id == p.id)
        .order_by(SourceRecord.id)
    ).all()
    base = _person_out(p).model_dump()
    return PersonDetailOut(
        **base,
        grade_reasons=list(p.grade_reasons or []),
        n_groups=p.n_groups,
        active=p.active,
        records=[_record_out(r, name, actor, fields) for r, name in rows],
        acts=[
            ActFieldOut(
                field=a.field,
                agreement=a.agreement.value,
                values=[
                    ActValueOut(
                        record_id=v.record_id,
                        source=v.source,
                        value=v.value.isoformat() if isinstance(v.value, dt.date) else v.value,
                        raw=v.raw,
                        by=v.by,
                    )
                    for v in a.values
                ],
            )
            for a in shown_acts(s, p.id, actor, fields)
        ],
    )


@router.get("/claims", response_model=list[ClaimOut])
def claims(
    request: Request,
    s: DB,
    actor: ApiActor,
    event: Annotated[str | None, Query(max_length=60)] = None,
) -> list[ClaimOut]:
    """Every registered claim (with `event`: those judged against that event), with its
    verdict against the documented floor, total and estimate (verdict null while the
    estimate for the current store is being computed)."""
    actor.require(Action.READ_PUBLIC)
    d = dashboard(s, request.app.state.figures, event)
    return [ClaimOut(**c.__dict__) for c in d.claims]


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
