"""The dashboard use case: every figure the web dashboard and the statistics API show, for
one scope (every death, or the deaths of one event).

Counts come from `services.figures` (`person_rows` + `compute_stats`, the statement's own
definition), so for a scope the dashboard shows the floor, total and breakdowns that
`vigil stats`, `vigil estimate` and a statement give. "Dead" is every person in the scope
(a death violation), discounted included; the floor, total and breakdowns count as the
statement does (breakdowns add up to the documented total). "Persons" are the persons of
the scope whatever their violations.

The estimate, its linkage range and the claim verdicts take seconds (MCMC), so
`FiguresCache` computes them in a background thread, once per scope and audit-log head,
and pages show the last finished result (saying when a newer one is on its way). The cache
is keyed by the audit head read from the store, so every web worker follows writes made by
any other.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.errors import VigilError
from vigil.estimate.result import Estimate
from vigil.services import audit
from vigil.services.capture import person_rows
from vigil.services.claims import ClaimVerdict, claim_scope, claim_verdicts
from vigil.services.events import (
    EventInfo,
    check_scope,
    event_names,
    list_events,
    unlinked_in_event,
)
from vigil.services.figures import Figures
from vigil.statement.attributes import describe_where
from vigil.statement.settings import EstimateSettings, Scope
from vigil.statement.stats import UNKNOWN, PersonRow, compute_stats, grade_counts, select_scope
from vigil.store import Store
from vigil.store.models import (
    AuditEntry,
    Claim,
    Event,
    Evidence,
    ImportBatch,
    LinkRun,
    Person,
    Source,
    SourceRecord,
)


@dataclass
class ClaimRow:
    """A claim as the dashboard lists it; verdict and basis once the figures are ready."""

    id: int
    actor: str
    kind: str
    figure: int | None  # None for a claim about a share
    figure_min: int | None
    figure_max: int | None
    date: dt.date
    scope: str
    citation: str
    verdict: str | None = None
    reason: str | None = None
    percent: float | None = None
    share_of: str | None = None
    restricted: bool = False  # a count restricted by attributes (its own sub-count)
    conditions: str | None = None  # those attributes, in words
    basis: dict[str, Any] = field(default_factory=dict)  # what it was judged against


@dataclass
class DashboardFigures:
    """Every figure of the dashboard for one scope (plain data)."""

    scope: Scope
    description: str
    records: int
    persons: int
    unlinked: int
    dead: int
    by_grade: dict[str, int]
    documented_floor: int
    documented_total: int
    by_city: dict[int, int]
    by_province: dict[str, int]
    by_day: dict[dt.date, int]
    by_age: dict[str, int]
    by_sex: dict[str, int]
    claims: list[ClaimRow]
    estimate: dict[str, Any] | None = None
    review_pending: int = 0
    figures_pending: bool = False  # the estimate and verdicts are behind the store
    claims_floor: int | None = None  # floor and total of the scope the claims without a
    claims_total: int | None = None  # scope of their own are judged against
    attribution: list[dict[str, Any]] = field(default_factory=list)  # headline shares
    events: list[EventInfo] = field(default_factory=list)  # every event, to switch to
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def event(self) -> str | None:
        return self.scope.event

    @property
    def event_info(self) -> EventInfo | None:
        return next((e for e in self.events if e.slug == self.scope.event), None)


def event_scope(session: Session, event: str | None) -> Scope:
    """The dashboard's scope: every death, or those of `event` (NotFound if unknown)."""
    scope = Scope(event=event or None)
    check_scope(session, scope)
    return scope


def _about(claim_scope: Scope, scope: Scope) -> bool:
    """Whether a claim belongs on the dashboard of `scope`: every claim on the default one;
    on an event's, the claims judged against that event (with those without a scope of
    their own, which take the dashboard's)."""
    return scope.event is None or claim_scope.event == scope.event


def _claim_rows(session: Session, scope: Scope) -> list[ClaimRow]:
    return [
        ClaimRow(
            c.id, c.actor, c.kind, c.figure, c.figure_min, c.figure_max, c.date, c.scope, c.citation
        )
        for c in session.scalars(select(Claim).order_by(Claim.date, Claim.id))
        if _about(claim_scope(c, scope), scope)
    ]


def _records(session: Session, scope: Scope, persons: list[PersonRow]) -> tuple[int, int]:
    """(records, unlinked) of the scope: the records of its persons and the unlinked
    records of its event (every record without an event)."""
    if scope.event is None:
        records = session.scalar(select(func.count(SourceRecord.id))) or 0
        unlinked = (
            session.scalar(
                select(func.count(SourceRecord.id)).where(SourceRecord.person_id.is_(None))
            )
            or 0
        )
        return records, unlinked
    unlinked = unlinked_in_event(session, scope.event)
    return sum(len(p.records) for p in persons) + unlinked, unlinked


@dataclass(frozen=True)
class StoreCounts:
    """How many rows of each kind the store holds (`vigil status`): plain table counts, every
    person whatever its violation (the dashboard's "persons" are those of a scope)."""

    sources: int
    imports: int
    records: int
    persons: int
    link_runs: int
    claims: int
    events: int
    evidence_files: int
    audit_entries: int
    unlinked: int


def store_counts(session: Session) -> StoreCounts:
    """What the store holds; records and unlinked records as the dashboard counts them."""

    def count(model: type[Any]) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    records, unlinked = _records(session, Scope(), [])
    return StoreCounts(
        sources=count(Source),
        imports=count(ImportBatch),
        records=records,
        persons=count(Person),
        link_runs=count(LinkRun),
        claims=count(Claim),
        events=count(Event),
        evidence_files=count(Evidence),
        audit_entries=count(AuditEntry),
        unlinked=unlinked,
    )


def dashboard_counts(session: Session, scope: Scope) -> DashboardFigures:
    """The counts and headline shares of a scope, read now (claims are listed without
    verdicts)."""
    from vigil.statement.shares import headline_shares

    rows = person_rows(session)
    stats = compute_stats(rows, scope)
    persons = select_scope(rows, scope.without_where(), any_violation=True)
    by_grade = grade_counts(persons)
    records, unlinked = _records(session, scope, persons)
    return DashboardFigures(
        scope=scope,
        description=scope.describe(event_names=event_names(session)),
        records=records,
        persons=len(persons),
        unlinked=unlinked,
        dead=stats.persons,
        by_grade=by_grade,
        documented_floor=stats.floor,
        documented_total=stats.documented,
        by_city={int(k): n for k, n in stats.by_city.items() if k != UNKNOWN},
        by_province={k: n for k, n in stats.by_province.items() if k != UNKNOWN},
        by_day={dt.date.fromisoformat(k): n for k, n in stats.by_day.items()},
        by_age=stats.by_age_group,
        by_sex=stats.by_sex,
        claims=_claim_rows(session, scope),
        events=list_events(session),
        attribution=headline_shares(rows, scope, 0.95),
    )


@dataclass(frozen=True)
class ComputedFigures:
    """Estimate and claim verdicts for one scope at one store version."""

    version: int
    floor: int
    documented: int
    estimate: Estimate | None
    verdicts: list[ClaimVerdict]
    error: str | None = None
    linkage: dict[str, Any] | None = None  # the estimate over other linkages (capture service)

    def estimate_json(self) -> dict[str, Any] | None:
        if self.estimate is None:
            return {"refusal": self.error} if self.error else None
        e = self.estimate
        return {
            "method": e.method,
            "observed": e.observed,
            "estimate": e.estimate,
            "lower": e.lower,
            "upper": e.upper,
            "level": e.level,
            "refusal": e.refusal,
            "linkage": self.linkage,
        }


def compute_figures(
    store: Store, settings: EstimateSettings, scope: Scope | None = None
) -> ComputedFigures:
    """One consistent read of the store: its version, the scope's estimate and the verdict
    of every claim about it (claims without a scope of their own are judged against it)."""
    from vigil.services.linkage_range import linkage_range

    scope = scope or Scope()
    with store.session() as s:
        version = audit.head(s)[0]
        try:
            figures = Figures.load(s, settings)
            estimate = figures.estimate_for(scope)
            verdicts = claim_verdicts(
                s, figures=figures, default_scope=scope, about=lambda c: _about(c, scope)
            )
            stats = figures.stats_for(scope)
            link = linkage_range(
                s,
                scope,
                method=settings.method,
                lists=settings.lists,
                seed=settings.seed,
                level=settings.level,
                main=estimate,
            )
            return ComputedFigures(
                version,
                stats.floor,
                stats.documented,
                estimate,
                verdicts,
                linkage=link.to_json() if link is not None else None,
            )
        except VigilError as e:
            return ComputedFigures(version, 0, 0, None, [], str(e))


@dataclass
class _Slot:
    latest: ComputedFigures | None = None
    wanted: int = -1
    running: bool = False


class FiguresCache:
    """The latest `ComputedFigures` of each scope, recomputed in a background thread
    whenever the audit head has moved past the version they were computed at, and the
    counts of each scope at the current head (reading every person takes a second on a
    large store; pages and the API ask for them far more often than the store changes).

    Keyed by scope, at most `max_scopes` (least recently asked dropped first); each process
    (web worker) holds its own and compares it with the store's head on every read."""

    def __init__(
        self,
        store: Store,
        settings: EstimateSettings,
        wait_s: float = 2.0,
        max_scopes: int = 32,
        counts_ttl_s: float = 60.0,
    ) -> None:
        self.store = store
        self.settings = settings
        self.wait_s = wait_s
        self.max_scopes = max_scopes
        self.counts_ttl_s = counts_ttl_s
        self._slots: OrderedDict[Scope, _Slot] = OrderedDict()
        self._counts: OrderedDict[Scope, tuple[int, float, DashboardFigures]] = OrderedDict()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)

    def counts(self, session: Session, scope: Scope, version: int) -> DashboardFigures:
        """`dashboard_counts` of `scope` (a copy), read again when the audit head has moved
        or after `counts_ttl_s` (changes made outside Vigil do not move the head)."""
        with self._lock:
            hit = self._counts.get(scope)
        now = time.monotonic()
        if hit is None or hit[0] != version or now - hit[1] > self.counts_ttl_s:
            hit = (version, now, dashboard_counts(session, scope))
            with self._lock:
                self._counts[scope] = hit
                self._counts.move_to_end(scope)
                while len(self._counts) > self.max_scopes:
                    self._counts.popitem(last=False)
        return copy.deepcopy(hit[2])

    def _slot(self, scope: Scope) -> _Slot:
        slot = self._slots.get(scope)
        if slot is None:
            slot = self._slots[scope] = _Slot()
            idle = [k for k, v in self._slots.items() if not v.running and k != scope]
            for k in idle[: max(0, len(self._slots) - self.max_scopes)]:
                del self._slots[k]
        self._slots.move_to_end(scope)
        return slot

    def get(self, scope: Scope, version: int) -> tuple[ComputedFigures | None, bool]:
        """The figures of `scope` for `version` if ready within `wait_s`, else the last
        finished ones; the flag says whether they are behind the store."""
        with self._changed:
            slot = self._slot(scope)
            if slot.latest is None or slot.latest.version < version:
                slot.wanted = max(slot.wanted, version)
                if not slot.running:
                    slot.running = True
                    threading.Thread(
                        target=self._work, args=(scope, slot), name="vigil-figures", daemon=True
                    ).start()
                self._changed.wait_for(
                    lambda: slot.latest is not None and slot.latest.version >= version,
                    timeout=self.wait_s,
                )
            latest = slot.latest
            return latest, latest is None or latest.version < version

    def _work(self, scope: Scope, slot: _Slot) -> None:
        while True:
            try:
                done = compute_figures(self.store, self.settings, scope)
            except Exception as e:
                with self._lock:
                    version = slot.wanted
                done = ComputedFigures(version, 0, 0, None, [], f"estimate failed: {e}")
            with self._changed:
                slot.latest = done
                self._changed.notify_all()
                if done.version >= slot.wanted:
                    slot.running = False
                    return


def attach_figures(d: DashboardFigures, figures: ComputedFigures | None, pending: bool) -> None:
    """Fill the estimate and each claim's verdict, reason and basis."""
    d.figures_pending = pending
    if figures is None:
        return
    d.estimate = figures.estimate_json()
    d.claims_floor = figures.floor
    d.claims_total = figures.documented
    by_id = {v.id: v for v in figures.verdicts}
    for c in d.claims:
        v = by_id.get(c.id)
        if v is not None:
            c.verdict, c.reason = v.label, v.reason
            c.percent, c.share_of = v.percent, v.share_of
            where = Scope.from_json(v.scope_filter).where
            c.restricted = bool(where)
            c.conditions = describe_where(where) if where else None
            c.basis = dict(v.baseline)


def dashboard(
    session: Session,
    cache: FiguresCache | None,
    event: str | None = None,
    *,
    review: tuple[float, float] | None = None,
    diagnostics: bool = False,
) -> DashboardFigures:
    """The dashboard of every death or of one event (NotFound for an unknown event): the
    counts and headline shares at the store's current head, the estimate and verdicts from
    `cache` (the last ones computed; without a cache, counts only), optionally the pairs
    waiting for review (`review` = its low and high match probabilities; on an event's
    dashboard, those with a record in the event) and the latest linkage diagnostics."""
    scope = event_scope(session, event)
    if cache is None:
        d = dashboard_counts(session, scope)
    else:
        version = audit.head(session)[0]
        d = cache.counts(session, scope, version)
        attach_figures(d, *cache.get(scope, version))
    if review is not None:
        from vigil.services.review import pending_count

        d.review_pending = pending_count(session, *review, event=scope.event)
    if diagnostics:
        from vigil.services.linking import latest_diagnostics  # pandas: only when shown

        d.extra["linkage"] = latest_diagnostics(session)
    return d
