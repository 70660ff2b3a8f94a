"""The write API: ``POST /api/records`` takes a batch of records from one source.

For integrations (a field network's own database, a partner NGO's list): authenticated with
an API token (``Authorization: Bearer vgl_...``, scope ``records:write``, a user who may
import) or a signed-in session with its CSRF token. The batch goes through the importer's
own path (`vigil.services.importing.import_records`: the same validation, sealing and
storage as a file); the answer says, record by record, whether it was added, was already
stored unchanged, conflicts with a stored record of the same id, or was rejected (field and
reason). Sending the same batch again adds nothing.

Limits: at most `MAX_RECORDS` records per batch; a body over `WebSettings.api_body_max_bytes`
is refused (413) before it is read (`web/bodylimit.BodyLimit`); `WebSettings.api_writes_per_minute`
batches per token (or user) and `api_token_failures_per_minute` bad tokens per address
(429 with Retry-After).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from starlette.concurrency import run_in_threadpool

from vigil.domain import SourceKind
from vigil.errors import VigilError
from vigil.ingest.limits import field_problem
from vigil.security.permissions import Action
from vigil.services.importing import import_records
from vigil.web.csrf import csrf_protect
from vigil.web.deps import Actor, ApiActor, Settings, StoreDep
from vigil.web.ratelimit import RateLimited, limiter

router = APIRouter(prefix="/api", tags=["api"])

PATH = "/api/records"
MAX_RECORDS = 1000


class ConcurrentWrite(VigilError):
    """Another request wrote the same source at the same moment (409: send again)."""


def _unicode_text(value: str, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid Unicode text (a lone surrogate)") from None
    return value


class SourceIn(BaseModel):
    """The source the records come from; created on first use (kind `other` and its own
    independence group unless given). An existing source keeps its kind and group:
    asking for others is an error (400), as with `vigil import`."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, examples=["Field network"])
    kind: SourceKind | None = Field(default=None, description="the kind of source")
    group: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="independence group (sources that copy one another share one)",
    )

    @field_validator("name", "group")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        _unicode_text(value, "the text")
        if not value.strip():
            raise ValueError("must not be blank")
        if problem := field_problem("name", value):  # as a name: no control characters
            raise ValueError(problem)
        return value


class RecordIn(BaseModel):
    """One report, as a row of an import file: `record_id` is the source's own id for it
    (the key that makes sending it again harmless); the other standard fields are read as
    the importer reads them (Persian or Latin script, Jalali or Gregorian dates, ...).
    Any further field (e.g. `witness_name`, `witness_contact`; a printable name of at most
    100 characters that the importer would not read as a standard field, as `Gender` would
    be) is kept verbatim in the record's raw fields; sensitive ones are sealed, as on
    import."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "propertyNames": {"minLength": 1, "maxLength": 100},
            "example": {
                "record_id": "FN-0001",
                "name": "محمد حسینی",
                "father_name": "علی",
                "sex": "male",
                "age": 24,
                "date": "1398/08/26",
                "province": "Tehran",
                "city": "Tehran",
                "violation": "killed",
            },
        },
    )
    __pydantic_extra__: dict[str, str | None] = Field(init=False)

    record_id: str = Field(description="the source's id of this record (at most 200 characters)")
    name: str | None = Field(default=None, description="full name as reported")
    given_name: str | None = None
    family_name: str | None = None
    father_name: str | None = None
    sex: str | None = Field(default=None, description="male/female, in English or Persian")
    age: str | StrictInt | None = Field(default=None, description="an age or a band: 17-19")
    date: str | None = Field(default=None, description="date of the violation; may be partial")
    province: str | None = None
    city: str | None = None
    violation: str | None = Field(default=None, description="killed, injured, arrested, ...")
    notes: str | None = None

    @model_validator(mode="after")
    def _valid_text(self) -> RecordIn:
        for key, value in self.fields().items():
            _unicode_text(key, "a field name")
            if value is not None:
                _unicode_text(value, f"field {key!r}")
        return self

    def fields(self) -> dict[str, str | None]:
        """Every field sent, as text (an age given as a number becomes its digits)."""
        out: dict[str, str | None] = {}
        for key, value in {**dict(self), **(self.model_extra or {})}.items():
            out[key] = str(value) if isinstance(value, int) else value
        return out


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: SourceIn
    records: list[RecordIn] = Field(min_length=1, max_length=MAX_RECORDS)


class RecordErrorOut(BaseModel):
    field: str = Field(description="the field that was refused")
    value: str = Field(description="the value refused ([withheld] for sensitive fields)")
    reason: str


class RecordResultOut(BaseModel):
    index: int = Field(description="position of the record in the batch (from 0)")
    record_id: str
    status: Literal["added", "unchanged", "conflict", "rejected"] = Field(
        description="added: stored now; unchanged: already stored with the same content; "
        "conflict: this id is stored for this source with other content (records are never "
        "overwritten: send the corrected report under a new id); rejected: invalid, see errors"
    )
    errors: list[RecordErrorOut] = Field(default_factory=list)


class BatchOut(BaseModel):
    source: str
    import_id: int | None = Field(description="the import these records were added by (null: none)")
    added: int
    unchanged: int
    conflicts: int
    rejected: int
    records: list[RecordResultOut]


class ErrorOut(BaseModel):
    detail: str = Field(description="what is wrong, and where")


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": what}
    for status, what in (
        (
            400,
            "the batch cannot be imported as sent (e.g. a field read as another, the source "
            "exists with another kind, sensitive fields but no sealing key); nothing stored",
        ),
        (401, "no session and no token, or a bad token (unknown, revoked, expired)"),
        (403, "the user, or the token's scopes, may not import; or the CSRF token is missing"),
        (409, "a concurrent write to the same source; send the batch again"),
        (413, "the body is larger than the server's limit"),
        (422, "the body is not a batch (shape, types, 1 to 1000 records); nothing stored"),
        (429, "too many batches, or too many bad tokens; see Retry-After"),
    )
}


async def importer(request: Request, actor: ApiActor, settings: Settings) -> Actor:
    """The actor, allowed to import, within the rate limit; checked before the body is.

    A browser session needs its CSRF token (``X-CSRF-Token``); a bearer token does not
    (a browser never adds it to a request by itself)."""
    if not actor.by_token:
        await csrf_protect(request)
    actor.require(Action.IMPORT)
    key = f"token:{actor.token_id}" if actor.token_id else f"user:{actor.username}"
    wait = limiter(request, "api_writes", settings.api_writes_per_minute).hit(key)
    if wait > 0:
        raise RateLimited("batches", wait)
    return actor


@router.post("/records", response_model=BatchOut, responses=_ERRORS)
async def add_records(
    batch: BatchIn, actor: Annotated[Actor, Depends(importer)], store: StoreDep
) -> BatchOut:
    """Add a batch of records from one source (idempotent by source and record id).

    Each record is validated as a row of an import file; valid ones are stored, invalid
    ones reported with every field and reason. The answer lists every record in order."""
    rows = [r.fields() for r in batch.records]
    src = batch.source
    label = f"API batch by {actor.username}" + (" (token)" if actor.by_token else "")
    try:
        result = await run_in_threadpool(
            lambda: import_records(
                store,
                rows,
                source=src.name,
                kind=src.kind,
                group=src.group,
                actor=actor.username,
                batch_name=label,
            )
        )
    except DbIntegrityError:
        raise ConcurrentWrite(
            "another request wrote records of this source at the same moment; send the "
            "batch again (records already stored come back as unchanged)"
        ) from None
    out: list[RecordResultOut] = []
    for o in result.outcomes:
        i = o.line - 1
        errors = [RecordErrorOut(field=e.column, value=e.value, reason=e.reason) for e in o.errors]
        sent = batch.records[i].record_id if 0 <= i < len(batch.records) else ""
        out.append(RecordResultOut(index=i, record_id=sent, status=o.status, errors=errors))
    return BatchOut(
        source=result.source,
        import_id=result.import_id,
        added=result.count("added"),
        unchanged=result.count("unchanged"),
        conflicts=result.count("conflict"),
        rejected=result.count("rejected"),
        records=out,
    )
