"""The Python facade: `vigil.open(url)` and one method per use case.

    import vigil

    v = vigil.open("sqlite:///toll.db", create=True)
    v.import_file("field.csv", source="Field network", kind="field_network")
    v.link()
    v.grade()
    e = v.estimate(seed=1)
    print(e.observed, e.estimate, e.lower, e.upper)

It is a thin caller of `vigil.services`, like the `vigil` command: every method opens what it
needs, checks the acting user's permission where the command does, and calls the same service
function. Nothing heavy is imported until a method needs it (no SQLAlchemy, numba, Splink or
JVM at `import vigil`). The configuration is built once, in `open`, from its arguments and the
`VIGIL_*` environment variables (`vigil.config.Config`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vigil.config import Config
from vigil.errors import InputError

if TYPE_CHECKING:
    from vigil.domain import SourceKind
    from vigil.estimate.result import Estimate
    from vigil.security.permissions import Action, Actor
    from vigil.services.claims import ClaimVerdict
    from vigil.services.dashboard import StoreCounts
    from vigil.services.events import EventInfo
    from vigil.services.figures import ScopeShares
    from vigil.services.grading import GradeReport
    from vigil.services.importing import BatchResult, ImportResult
    from vigil.services.linking import LinkReport
    from vigil.services.persons import PersonDetail
    from vigil.services.search import VictimPage
    from vigil.services.statement import StatementResult
    from vigil.store import Store


def open(
    url: str | None = None,
    *,
    create: bool = False,
    user: str | None = None,
    password: str | None = None,
    key_file: str | Path | None = None,
    evidence_dir: str | Path | None = None,
    config: Config | None = None,
) -> Vigil:
    """Open the store at `url` (else $VIGIL_DB, else ./vigil.db).

    With `create`, a new store is made (or an old one brought up to date), as `vigil init`
    does. `user` and `password` (else $VIGIL_USER, $VIGIL_PASSWORD) are needed once the store
    has users; `key_file` seals sensitive columns on import. Arguments win over the
    environment; pass `config` to skip the environment altogether.
    """
    given: dict[str, Any] = {
        "db": url,
        "user": user,
        "password": password,
        "key_file": Path(key_file) if key_file is not None else None,
        "evidence_dir": Path(evidence_dir) if evidence_dir is not None else None,
    }
    cfg = config.replace(**given) if config is not None else Config.from_env(**given)
    from vigil.store import open_store

    return Vigil(open_store(create=create, config=cfg))


class Vigil:
    """An open store and the use cases on it (see `vigil.open`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def config(self) -> Config:
        return self.store.config

    # --- life cycle ----------------------------------------------------------------------

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Vigil:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Vigil({self.store.url!r})"

    # --- who is acting -------------------------------------------------------------------

    def _actor(self, action: Action | None = None) -> Actor:
        """The acting user (the local operator while the store has no users), checked
        against `action` when given."""
        from vigil.services import users

        with self.store.session() as s:
            return users.authorize(s, self.config.user, self.config.password, action)

    # --- use cases -----------------------------------------------------------------------

    def import_file(
        self,
        path: str | Path,
        *,
        source: str,
        kind: str | SourceKind | None = None,
        group: str | None = None,
        mapping: str | Path | None = None,
        skip_invalid: bool = False,
        rejects: str | Path | None = None,
    ) -> ImportResult:
        """Import one CSV, XLSX or JSON Lines file for one source (`vigil import`)."""
        from vigil.services.importing import import_file, parse_kind

        return import_file(
            self.store,
            path,
            source=source,
            kind=parse_kind(kind),
            group=group,
            mapping=mapping,
            skip_invalid=skip_invalid,
            rejects=rejects,
            actor=self._actor().name,
        )

    def import_records(
        self,
        records: Sequence[Mapping[str, str | None]],
        *,
        source: str,
        kind: str | SourceKind | None = None,
        group: str | None = None,
    ) -> BatchResult:
        """Import a batch of records (field -> text, `record_id` as the id), as
        ``POST /api/records`` does: per-record outcomes, idempotent by (source, record id)."""
        from vigil.security.permissions import Action
        from vigil.services.importing import import_records, parse_kind

        actor = self._actor(Action.IMPORT).name
        return import_records(
            self.store, records, source=source, kind=parse_kind(kind), group=group, actor=actor
        )

    def intake(self, *, same_as: str | None = None, **fields: str) -> str:
        """Check and save one report, as the web form's intake does (`name`, `date`,
        `province`, `violation`, `witness_name`, ... as typed: `services.intake.Report`);
        returns the person id it was attached to: `same_as`, or a new person. An
        `InputError` lists every problem; witness fields are sealed with the key file."""
        from dataclasses import fields as report_fields

        from vigil.security.permissions import Action
        from vigil.services.intake import Report, intake_report

        known = {f.name for f in report_fields(Report)}
        unknown = sorted(set(fields) - known)
        if unknown:
            raise InputError(f"unknown report field(s) {', '.join(unknown)}; use {sorted(known)}")
        who = self._actor(Action.EDIT_RECORDS).name
        return intake_report(
            self.store,
            Report(**fields),
            actor=who,
            same_as=same_as,
            key_file=self.config.key_file,
        )

    def link(self, *, engine: str = "duckdb", threshold: float | None = None) -> LinkReport:
        """Link every record into persons (`vigil link`); human decisions are obeyed."""
        from vigil.services.linking import run_linkage

        return run_linkage(self.store, engine=engine, threshold=threshold, actor=self._actor().name)

    def grade(self, rules: str | Path | None = None) -> GradeReport:
        """(Re)compute every person's corroboration grade (`vigil grade`)."""
        from vigil.security.permissions import Action
        from vigil.services.grading import grade_all, load_rules

        actor = self._actor(Action.GRADE).name
        return grade_all(self.store, load_rules(rules), actor=actor)

    def estimate(
        self,
        *,
        method: str = "lcmcr",
        lists: str = "group",
        seed: int = 2019,
        chains: int = 4,
        burnin: int = 10_000,
        samples: int = 1_000,
        thin: int = 10,
        level: float = 0.95,
        event: str | None = None,
    ) -> Estimate:
        """Estimate the total from the linked persons (`vigil estimate`): the result has
        `.estimate`, `.lower`, `.upper`, `.observed` and `.diagnostics` (for LCMCR, whether
        the chains agree); a refused estimate carries `.refusal` and `.estimate` None.
        `event` limits it to one event's victims (`vigil estimate --event`)."""
        from vigil.security.permissions import Action
        from vigil.services.capture import capture_tables
        from vigil.services.figures import estimate_table
        from vigil.statement.settings import EstimateSettings, Scope

        settings = EstimateSettings.of(
            method, lists, seed=seed, chains=chains, burnin=burnin, samples=samples, thin=thin,
            level=level,
        )  # fmt: skip
        self._actor(Action.READ_PUBLIC)
        with self.store.session() as s:
            scope = Scope(event=event) if event else None
            table = capture_tables(s, scope=scope, lists=settings.lists)["all"]
        return estimate_table(table, settings)

    def stats(
        self,
        by: str | list[str] | None = None,
        *,
        event: str | None = None,
        where: list[str] | None = None,
        interval: str = "wilson",
        level: float = 0.95,
    ) -> ScopeShares:
        """Shares of the documented dead by attribute (`vigil stats --by FIELD`): counts and
        shares among the persons with the field known, intervals, the unknown share and the
        disputed; `.to_json()` gives plain data. `where` takes ``FIELD=V1,V2`` conditions."""
        from vigil.security.permissions import Action
        from vigil.services.figures import scope_shares
        from vigil.statement.attributes import FIELDS, parse_where
        from vigil.statement.settings import Scope

        fields = [by] if isinstance(by, str) else list(by or FIELDS)
        if interval not in ("wilson", "exact"):
            raise InputError(f"interval {interval!r}: use wilson or exact")
        self._actor(Action.READ_PUBLIC)
        scope = Scope.of(event=event, conditions=parse_where(where or []))
        with self.store.session() as s:
            return scope_shares(s, scope, fields, level=level, method=interval)  # type: ignore[arg-type]

    def add_event(
        self,
        slug: str,
        *,
        name: str,
        date_from: str | dt.date,
        date_to: str | dt.date,
        description: str | None = None,
    ) -> EventInfo:
        """Register an event (`vigil event add SLUG --name --from --to`)."""
        from vigil.security.permissions import Action
        from vigil.services.events import add_event

        who = self._actor(Action.EDIT_RECORDS).name
        return add_event(
            self.store, slug, name, date_from, date_to, description=description, actor=who
        )

    def status(self) -> StoreCounts:
        """How many sources, imports, records, persons, ... the store holds (`vigil status`)."""
        from vigil.security.permissions import Action
        from vigil.services.dashboard import store_counts

        self._actor(Action.READ_PUBLIC)
        with self.store.session() as s:
            return store_counts(s)

    def events(self) -> list[EventInfo]:
        """Every event of the store (`vigil event list`)."""
        from vigil.security.permissions import Action
        from vigil.services.events import list_events

        self._actor(Action.READ_PUBLIC)
        with self.store.session() as s:
            return list_events(s)

    def add_claim(
        self,
        *,
        actor: str,
        date: str | dt.date,
        scope: str,
        citation: str,
        figure: int | None = None,
        percent: float | None = None,
        where: list[str] | None = None,
        event: str | None = None,
        kind: str = "media",
    ) -> int:
        """Register a public claim (`vigil claim add`); returns its id. A figure, or a share
        (`percent` with one `where` condition saying of what, e.g. ``weapon=non_standard``);
        `where` on a figure restricts the count; `event` scopes either."""
        from vigil.claims.register import ClaimInput, share_from_where
        from vigil.security.permissions import Action
        from vigil.services.claims import add_claim
        from vigil.statement.attributes import parse_where
        from vigil.statement.settings import Scope

        who = self._actor(Action.ADD_CLAIMS).name
        when = date if isinstance(date, dt.date) else _date(date)
        conds = parse_where(where or [])
        share = share_from_where(percent, conds) if percent is not None else None
        if share is not None:
            conds = ()
        scope_filter = Scope.of(event=event, conditions=conds) if event or conds else None
        claim = ClaimInput(
            actor=actor,
            figure=figure,
            date=when,
            scope=scope,
            citation=citation,
            kind=kind,
            scope_filter=scope_filter,
            share=share,
        )
        return add_claim(self.store, claim, actor=who)

    def search_persons(
        self,
        text: str = "",
        *,
        province: str | None = None,
        violation: str | None = None,
        grade: str | None = None,
        source: int | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
        after: str | None = None,
    ) -> VictimPage:
        """Persons whose records match every name word of `text` in either script (``Ali``
        finds ``علی``), narrowed by the filters, in id order (`vigil person search`, the
        victims page, ``GET /api/persons``). `after` (a page's last id) gives the next page."""
        from vigil.security.permissions import Action
        from vigil.services.search import VictimFilter, search_victims

        if limit < 1:
            raise InputError(f"limit must be 1 or more, not {limit}")
        found = VictimFilter(
            q=text,
            province=province,
            violation=violation,
            grade=grade,
            source=source,
            date_from=_date(date_from) if date_from else None,
            date_to=_date(date_to) if date_to else None,
            after=after,
        )
        self._actor(Action.READ_RECORDS)
        with self.store.session() as s:
            return search_victims(s, found, page_size=limit)

    def person(self, person_id: str) -> PersonDetail:
        """One person with every record and how it happened, as ``GET /api/persons/{id}``
        (sensitive fields withheld unless the acting user may read them)."""
        from vigil.security.permissions import Action
        from vigil.services.persons import person_detail

        actor = self._actor(Action.READ_RECORDS)
        with self.store.session() as s:
            return person_detail(s, person_id, actor)

    def claims(
        self, *, method: str = "lcmcr", seed: int = 2019, **sampling: Any
    ) -> list[ClaimVerdict]:
        """Every registered claim with its verdict against the evidence (`vigil claims`);
        `sampling` takes the estimator's chains, burnin, samples and thin."""
        from vigil.security.permissions import Action
        from vigil.services import claims
        from vigil.statement.settings import EstimateSettings

        settings = EstimateSettings.of(method, seed=seed, **sampling)
        self._actor(Action.READ_PUBLIC)
        with self.store.session() as s:
            return claims.claim_verdicts(s, settings=settings)

    def statement(
        self,
        folder: str | Path,
        *,
        key: str | Path | None = None,
        synthetic: bool | None = None,
        method: str = "lcmcr",
        seed: int = 2019,
        event: str | None = None,
        **sampling: Any,
    ) -> StatementResult:
        """Write the toll statement bundle to `folder`, signed with the private `key` if given
        (`vigil statement -o FOLDER --key KEY`); `event` scopes it to one event, named in it."""
        from vigil.security.permissions import Action
        from vigil.services.statement import write_statement
        from vigil.statement.settings import EstimateSettings, Scope

        settings = EstimateSettings.of(method, seed=seed, **sampling)
        who = self._actor(Action.PUBLISH_STATEMENT).name
        return write_statement(
            self.store,
            folder,
            scope=Scope(event=event) if event else None,
            settings=settings,
            key=key,
            synthetic=synthetic,
            actor=who,
        )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}") from None


__all__ = ["Vigil", "open"]
