"""SQLAlchemy tables of the record store.

Raw reports (SourceRecord) are never overwritten by linkage or grading: those write
Person, Violation and link tables that point back at the records, so every figure can be
traced to what a source actually said. Every row carries who created it and when.
Enum-valued columns store the `vigil.domain` string values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Stamped:
    """Who created a row, and when (UTC)."""

    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Stamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ApiToken(Stamped, Base):
    """A per-user API token (`vigil token new`): it acts as its user, never above the user's
    role, and only within its scopes. The token is shown once; the store keeps only the
    SHA-256 of it (`secret_sha256`), found by the public `id` the token carries
    (``vgl_<id>_<secret>``). Revoked rows are kept (the history names them), never reused.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_username", "username"),)

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username"))
    label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    scopes: Mapped[list[Any]] = mapped_column(JSON)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    revoked_why: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Setting(Base):
    """Store-wide settings: crypto salt and key check, sensitive field list, schema facts."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class Source(Stamped, Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30), default="other")
    # Sources that copy one another share a group and count as one list.
    independence_group: Mapped[str] = mapped_column(String(200))
    reliability: Mapped[str | None] = mapped_column(String(30), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)

    records: Mapped[list[SourceRecord]] = relationship(back_populates="source")


class ImportBatch(Stamped, Base):
    """One file imported from one source; the same file twice is recognised by its hash."""

    __tablename__ = "imports"
    __table_args__ = (UniqueConstraint("source_id", "file_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class SourceRecord(Stamped, Base):
    """One report as received: raw fields verbatim beside their normalized forms."""

    __tablename__ = "source_records"
    __table_args__ = (
        UniqueConstraint("source_id", "source_record_id"),
        Index("ix_source_records_person", "person_id"),
        Index("ix_source_records_family_key", "family_key"),
        # Victim search looks a typed name up in every name-key column and needs only the
        # person id back: covering indexes (vigil.services.search).
        Index("ix_source_records_family_person", "family_key", "person_id"),
        Index("ix_source_records_given_person", "given_key", "person_id"),
        Index("ix_source_records_father_person", "father_key", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"), nullable=True)
    source_record_id: Mapped[str] = mapped_column(String(200))
    line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)  # every input field, verbatim
    content_sha256: Mapped[str] = mapped_column(String(64))

    # Names as reported and normalized (vigil.names).
    name_raw: Mapped[str] = mapped_column(String(500))
    given_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    family_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    father_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    titles: Mapped[str | None] = mapped_column(String(200), nullable=True)
    script: Mapped[str | None] = mapped_column(String(20), nullable=True)
    given_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    family_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    father_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    given_latin: Mapped[str | None] = mapped_column(String(200), nullable=True)
    family_latin: Mapped[str | None] = mapped_column(String(200), nullable=True)
    full_key: Mapped[str | None] = mapped_column(String(400), nullable=True)

    sex: Mapped[str | None] = mapped_column(String(10), nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)

    # Date as an interval, with its precision (partial dates kept partial).
    date_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)

    # Place resolved against the bundled gazetteer; unresolved places keep their text.
    province_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    city_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    place_resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    place_note: Mapped[str | None] = mapped_column(String(300), nullable=True)

    violation: Mapped[str | None] = mapped_column(String(30), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)

    # Sensitive fields (witness names, contacts, private notes), AES-256-GCM sealed.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    # Set by linkage.
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), nullable=True
    )
    match_probability: Mapped[float | None] = mapped_column(Float, nullable=True)

    source: Mapped[Source] = relationship(back_populates="records")
    person: Mapped[Person | None] = relationship(back_populates="records")


class Person(Stamped, Base):
    """A unique victim: a cluster of source records produced by linkage.

    The id is a stable public string (e.g. ``P-000123``) that survives re-linking.
    """

    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(500))
    display_name_latin: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sex: Mapped[str | None] = mapped_column(String(10), nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    city_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(20), nullable=True)
    grade_reasons: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    n_groups: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once merged away
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    records: Mapped[list[SourceRecord]] = relationship(back_populates="person")
    violations: Mapped[list[Violation]] = relationship(back_populates="person")


class Incident(Stamped, Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(50), default="protest")
    date_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    city_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    place_text: Mapped[str | None] = mapped_column(String(300), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)


class Violation(Stamped, Base):
    """Person x incident x type, as reported by one source record."""

    __tablename__ = "violations"
    __table_args__ = (Index("ix_violations_person", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("source_records.id"), nullable=True)
    type: Mapped[str] = mapped_column(String(30))
    date_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)

    person: Mapped[Person] = relationship(back_populates="violations")


class Act(Stamped, Base):
    """How a reported violation was done, as ONE source record reports it (HURIDOCS act).

    One row per record that reports any act detail. Codes come from `vigil.domain.acts`;
    the source's own words sit beside them (``*_raw``), and a term no vocabulary knows is
    kept raw and listed in `unknown_terms` ({field, raw}). Sources that disagree keep their
    own rows: nothing here is merged per person (`vigil.services.acts` compares them).
    """

    __tablename__ = "acts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("source_records.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[str | None] = mapped_column(String(30), nullable=True)
    method_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # The codes a text named after the first ("IRGC and Basij": basij), in order; None
    # when it named at most one (`vigil.domain.acts.MULTI_VALUED`, migration 0009).
    method_also: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    weapon: Mapped[str | None] = mapped_column(String(30), nullable=True)
    weapon_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    wound: Mapped[str | None] = mapped_column(String(30), nullable=True)
    wound_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    wound_also: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    perpetrator: Mapped[str | None] = mapped_column(String(30), nullable=True)
    perpetrator_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    perpetrator_also: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    perpetrator_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    place_kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    place_kind_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    facility: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # Custody.
    arrest_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    arrest_place_kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    release_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    died_in_custody: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    care_denied: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # Sentence.
    sentence_kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    sentence_years: Mapped[float | None] = mapped_column(Float, nullable=True)
    sentence_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    charges: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    charges_raw: Mapped[str | None] = mapped_column(String(500), nullable=True)
    court: Mapped[str | None] = mapped_column(String(300), nullable=True)
    court_branch: Mapped[str | None] = mapped_column(String(100), nullable=True)
    sentence_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Execution.
    execution_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    execution_place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    burial: Mapped[str | None] = mapped_column(String(20), nullable=True)
    unknown_terms: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)

    record: Mapped[SourceRecord] = relationship()


class Claim(Stamped, Base):
    """An aggregate figure stated by an actor, with its citation."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="media")
    # None for a claim about a share: its percent is in `scope_filter` ("claimed_share").
    figure: Mapped[int | None] = mapped_column(Integer, nullable=True)
    figure_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    figure_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text)
    scope_filter: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    citation: Mapped[str] = mapped_column(Text)


class Event(Stamped, Base):
    """A named crackdown (e.g. November 2019) with its date range; scopes can name one.

    A person belongs to an event when one of their records names it (import column
    ``event``); a person none of whose records names an event belongs to every event whose
    range their date interval overlaps (see `vigil.statement.stats.in_scope`).
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    date_start: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)


class Evidence(Stamped, Base):
    """A file known by its SHA-256; stored content-addressed, never modified."""

    __tablename__ = "evidence"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(500))
    obtained_how: Mapped[str | None] = mapped_column(Text, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(50), nullable=True)  # e.g. death_certificate


class EvidenceLink(Stamped, Base):
    __tablename__ = "evidence_links"
    __table_args__ = (UniqueConstraint("evidence_sha256", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_sha256: Mapped[str] = mapped_column(ForeignKey("evidence.sha256"))
    record_id: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class LinkRun(Stamped, Base):
    """One linkage run, with the fitted model saved for provenance."""

    __tablename__ = "link_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    engine: Mapped[str] = mapped_column(String(20))
    threshold: Mapped[float] = mapped_column(Float)
    model: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class LinkPair(Base):
    """A candidate pair from the latest run, kept for review and explanation."""

    __tablename__ = "link_pairs"
    __table_args__ = (Index("ix_link_pairs_records", "record_l", "record_r"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id", ondelete="CASCADE"))
    record_l: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    record_r: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    match_weight: Mapped[float] = mapped_column(Float)
    match_probability: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    # "scored": a pair the model scored. "same letters": a pair of two persons whose names
    # hold the same letters that the run kept no scored pair of (`services.linking`), kept so
    # a reviewer can decide it like any other; its probability is a prior, not a score.
    kind: Mapped[str] = mapped_column(String(16), default="scored", server_default="scored")


class LinkDecision(Stamped, Base):
    """A human decision that two records are (confirm) or are not (separate) one person."""

    __tablename__ = "link_decisions"
    __table_args__ = (UniqueConstraint("record_a", "record_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_a: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    record_b: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    decision: Mapped[str] = mapped_column(String(10))  # "confirm" | "separate"
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class PersonOverride(Stamped, Base):
    """A human ruling on a person (e.g. discounted as non-victim / out of scope)."""

    __tablename__ = "person_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    grade: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only, hash-chained history of every change."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    ts: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC, hashed as text
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class WebSession(Base):
    """A browser session of the web app, kept on the server; the cookie holds only a random
    token, and the store only its SHA-256 (a copied database opens no session).

    Times are seconds since the epoch (UTC), so SQLite and PostgreSQL compare them alike.
    Deleting the row ends the session on every server process at once. `mac` binds the
    token hash, user name and creation time to the server's secret
    (`vigil.services.sessions.row_mac`): a row written by SQL without it opens no session.
    """

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_username", "username"),)

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str | None] = mapped_column(String(100), nullable=True)  # None: anonymous
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # CSRF token, language, calendar
    created_at: Mapped[float] = mapped_column(Float)
    last_seen_at: Mapped[float] = mapped_column(Float)
    mac: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 hex, see above


class SignInLimit(Base):
    """Failed sign-ins per account or per client address (keyed by an HMAC of either),
    shared by every server process; see `vigil.services.sessions`."""

    __tablename__ = "signin_limits"

    key_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[float] = mapped_column(Float)
    blocked_until: Mapped[float | None] = mapped_column(Float, nullable=True)


class PendingUpload(Base):
    """An uploaded file awaiting its import confirmation, sealed with AES-256-GCM under
    the server's key (file name, source and content alike); removed on import, cancel or
    expiry."""

    __tablename__ = "pending_uploads"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class Counter(Base):
    """A named counter handed out under a row lock (person id numbers).

    One row per counter; `value` is the last number handed out. Taking numbers is one
    ``UPDATE ... RETURNING`` that locks the row until commit, so two processes never get
    the same number (see `vigil.store.counters`).
    """

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class InboxInvite(Base):
    """An invitation to send field reports to the inbox (`vigil.services.inbox`).

    The reporter holds the token (in the invitation URL); the store keeps only its SHA-256.
    `id` is the public invite id bound into each report's ciphertext. `window_start` and
    `window_count` count reports in the current rate-limit window, updated in one statement
    so several server processes share one limit. Times are seconds since the epoch (UTC).
    """

    __tablename__ = "inbox_invites"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    window_start: Mapped[float] = mapped_column(Float, default=0.0)
    window_count: Mapped[int] = mapped_column(Integer, default=0)


class InboxReport(Base):
    """One encrypted field report as received: the envelope (ciphertext only; the server has
    no key to open it) and the least metadata: the hour it arrived, its size, its invite."""

    __tablename__ = "inbox_reports"
    __table_args__ = (Index("ix_inbox_reports_invite", "invite_id"),)

    report_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    invite_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[float] = mapped_column(Float)  # rounded down to the hour
    size: Mapped[int] = mapped_column(Integer)
    envelope: Mapped[str] = mapped_column(Text)


class RequestWindow(Base):
    """Requests counted per key (an HMAC of an API token id, a user or a client address) in
    a fixed window, shared by every server process (`vigil.services.ratelimits`)."""

    __tablename__ = "request_windows"
    __table_args__ = (Index("ix_request_windows_expires", "expires_at"),)

    key_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer, default=0)
